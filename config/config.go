// Package config is clausebot's server configuration: plain data with
// defaults, loaded from one YAML file and overridden by environment
// variables, then validated.
//
// cmd/clausebot's serve and config check commands are its users. The package
// never reads the process environment itself: Load takes a getenv function,
// so tests (and embedders) pass their own.
//
// Precedence, lowest first: Default(), the YAML file, then the environment.
// Secrets (tokens, the signing secret) may come inline or from a file
// (TELEGRAM_BOT_TOKEN_FILE, telegram.token_file, …) for container secrets;
// they are held in Secret, which never prints its value.
package config

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"reflect"
	"sort"
	"strings"
	"time"

	"clausebot/internal/lazyre"
)

// Config is the effective configuration of clausebot serve.
//
// The yaml tag is the key in the file; the env tag is the environment
// variable that overrides it. Both are the reference: Keys lists them all.
type Config struct {
	// Docs is the documents folder, walked recursively for .txt and .md
	// files. Empty means the embedded seed corpus.
	Docs string `yaml:"docs" env:"CLAUSEBOT_DOCS"`
	// Synonyms is an optional synonyms file for the search engine.
	Synonyms string `yaml:"synonyms" env:"CLAUSEBOT_SYNONYMS"`
	// MaxFileSize is the largest document file indexed, in bytes; default
	// DefaultMaxFileSize, 0 means the engine's default (the same).
	MaxFileSize int64 `yaml:"max_file_size" env:"CLAUSEBOT_MAX_FILE_SIZE"`
	// Index is the index folder, where the search index of Docs is kept
	// on disk so that a start or reload indexes only the changed
	// documents. Empty means a folder under the user's cache directory;
	// "off" means in memory, rebuilt on every start. Unused for the
	// embedded seed, which is always indexed in memory.
	Index string `yaml:"index" env:"CLAUSEBOT_INDEX"`
	// Addr is the HTTP listen address for webhooks, /healthz, /readyz and
	// /metrics.
	Addr string `yaml:"addr" env:"CLAUSEBOT_ADDR"`
	// ShutdownTimeout bounds how long a graceful stop waits for replies in
	// flight.
	ShutdownTimeout time.Duration `yaml:"shutdown_timeout" env:"CLAUSEBOT_SHUTDOWN_TIMEOUT"`
	// OnAdapterError says what happens when an adapter cannot start or
	// fails for good: OnErrorExit stops the process (so a supervisor
	// restarts it and the failure is loud); OnErrorContinue disables just
	// that adapter and keeps serving the others.
	OnAdapterError string `yaml:"on_adapter_error" env:"CLAUSEBOT_ON_ADAPTER_ERROR"`
	// DB is the question log's database: a SQLite file path, or a
	// postgres:// URL (without a password: use PGPASSWORD or ~/.pgpass).
	// Empty means questions.db in the state folder
	// ($XDG_STATE_HOME/clausebot or ~/.local/state/clausebot); DBOff
	// turns the question log and the feedback buttons off.
	DB string `yaml:"db" env:"CLAUSEBOT_DB"`
	// LogQuestions stores each question's text in the log; false keeps
	// everything else (references, votes, timings) but not the text.
	LogQuestions bool `yaml:"log_questions" env:"CLAUSEBOT_LOG_QUESTIONS"`
	// LogRetention is how long the log keeps a row.
	LogRetention time.Duration `yaml:"log_retention" env:"CLAUSEBOT_LOG_RETENTION"`
	// LogKey is the secret chat and user ids are hashed with in the log
	// (HMAC-SHA256), at least 16 bytes. Unset: a random key per process,
	// so hashes cannot be linked across restarts.
	LogKey     Secret `yaml:"log_key" env:"CLAUSEBOT_LOG_KEY"`
	LogKeyFile string `yaml:"log_key_file" env:"CLAUSEBOT_LOG_KEY_FILE"`

	Log      Log      `yaml:"log"`
	Bot      Bot      `yaml:"bot"`
	Reload   Reload   `yaml:"reload"`
	Telegram Telegram `yaml:"telegram"`
	Slack    Slack    `yaml:"slack"`
	Redis    Redis    `yaml:"redis"`

	// origin records where each key's value came from ("file.yaml:3",
	// "env CLAUSEBOT_ADDR"); keys absent from it are defaults.
	origin map[string]string
}

// Log configures the structured logs.
type Log struct {
	// Level is debug, info, warn or error. Only debug logs the users' text.
	Level string `yaml:"level" env:"CLAUSEBOT_LOG_LEVEL"`
	// Format is json or text.
	Format string `yaml:"format" env:"CLAUSEBOT_LOG_FORMAT"`
}

// Bot configures the platform-neutral core.
type Bot struct {
	// Lang is the language of the bot's own words when the question does
	// not decide it: en, zh or ru.
	Lang string `yaml:"lang" env:"CLAUSEBOT_LANG"`
	// Results is how many clauses an answer shows.
	Results int `yaml:"results" env:"CLAUSEBOT_RESULTS"`
	// MaxQuestionRunes is the longest question accepted.
	MaxQuestionRunes int `yaml:"max_question_runes" env:"CLAUSEBOT_MAX_QUESTION_RUNES"`
	// RatePerMinute and RateBurst are the per-user token bucket.
	RatePerMinute float64 `yaml:"rate_per_minute" env:"CLAUSEBOT_RATE_PER_MINUTE"`
	RateBurst     int     `yaml:"rate_burst" env:"CLAUSEBOT_RATE_BURST"`
	// PageTTL is how long "More results" buttons keep working.
	PageTTL time.Duration `yaml:"page_ttl" env:"CLAUSEBOT_PAGE_TTL"`
	// Admins may use /reload: "telegram:12345", "slack:U0123".
	Admins []string `yaml:"admins" env:"CLAUSEBOT_ADMINS"`
}

// Reload configures hot reloading of the documents.
type Reload struct {
	// Watch reloads when the documents folder (or the synonyms file)
	// changes. SIGHUP and the admin /reload command work regardless.
	Watch bool `yaml:"watch" env:"CLAUSEBOT_RELOAD_WATCH"`
	// Debounce waits for a burst of file changes to settle before
	// reloading, so a copy of many files triggers one reload.
	Debounce time.Duration `yaml:"debounce" env:"CLAUSEBOT_RELOAD_DEBOUNCE"`
}

// Telegram configures the Telegram adapter. It is enabled by a token.
type Telegram struct {
	Token     Secret `yaml:"token" env:"TELEGRAM_BOT_TOKEN"`
	TokenFile string `yaml:"token_file" env:"TELEGRAM_BOT_TOKEN_FILE"`
	// APIEndpoint is the Bot API URL pattern; empty means Telegram's own.
	APIEndpoint string `yaml:"api_endpoint" env:"TELEGRAM_API_ENDPOINT"`
	// WebhookURL switches from long polling to a webhook at this public
	// URL, which must reach /telegram/webhook on Addr.
	WebhookURL        string `yaml:"webhook_url" env:"TELEGRAM_WEBHOOK_URL"`
	WebhookSecret     Secret `yaml:"webhook_secret" env:"TELEGRAM_WEBHOOK_SECRET"`
	WebhookSecretFile string `yaml:"webhook_secret_file" env:"TELEGRAM_WEBHOOK_SECRET_FILE"`
	// AllowedChats limits the bot to these chat ids; empty means all.
	AllowedChats []int64 `yaml:"allowed_chats" env:"CLAUSEBOT_TELEGRAM_ALLOWED_CHATS"`
}

// Slack configures the Slack adapter. It is enabled by a bot token.
type Slack struct {
	BotToken     Secret `yaml:"bot_token" env:"SLACK_BOT_TOKEN"`
	BotTokenFile string `yaml:"bot_token_file" env:"SLACK_BOT_TOKEN_FILE"`
	// AppToken selects Socket Mode (no public URL needed).
	AppToken     Secret `yaml:"app_token" env:"SLACK_APP_TOKEN"`
	AppTokenFile string `yaml:"app_token_file" env:"SLACK_APP_TOKEN_FILE"`
	// SigningSecret selects HTTP mode: Slack calls /slack/events,
	// /slack/commands and /slack/interactive on Addr.
	SigningSecret     Secret `yaml:"signing_secret" env:"SLACK_SIGNING_SECRET"`
	SigningSecretFile string `yaml:"signing_secret_file" env:"SLACK_SIGNING_SECRET_FILE"`
	// APIURL is the Web API base URL; empty means Slack's own.
	APIURL string `yaml:"api_url" env:"SLACK_API_URL"`
	// Command is the slash command's name.
	Command string `yaml:"command" env:"CLAUSEBOT_SLACK_COMMAND"`
	// PublicAnswers posts slash-command answers for the whole channel
	// instead of ephemerally.
	PublicAnswers   bool     `yaml:"public_answers" env:"CLAUSEBOT_SLACK_PUBLIC_ANSWERS"`
	AllowedTeams    []string `yaml:"allowed_teams" env:"CLAUSEBOT_SLACK_ALLOWED_TEAMS"`
	AllowedChannels []string `yaml:"allowed_channels" env:"CLAUSEBOT_SLACK_ALLOWED_CHANNELS"`
}

// The values of OnAdapterError.
const (
	OnErrorExit     = "exit"
	OnErrorContinue = "continue"
)

// DBOff is the value of DB that turns the question log off.
const DBOff = "off"

// Slack connection modes, as SlackMode reports them.
const (
	SlackSocketMode = "socket"
	SlackHTTPMode   = "http"
)

// Default returns the configuration used when nothing is set.
func Default() Config {
	return Config{
		MaxFileSize:     DefaultMaxFileSize,
		Addr:            ":8080",
		ShutdownTimeout: 20 * time.Second,
		OnAdapterError:  OnErrorExit,
		LogQuestions:    true,
		LogRetention:    90 * 24 * time.Hour,
		Log:             Log{Level: "info", Format: "json"},
		Bot: Bot{
			Lang:             "en",
			Results:          3,
			MaxQuestionRunes: 500,
			RatePerMinute:    20,
			RateBurst:        5,
			PageTTL:          30 * time.Minute,
		},
		Reload:   Reload{Watch: true, Debounce: time.Second},
		Telegram: Telegram{},
		Slack:    Slack{Command: "/ask"},
		Redis:    Redis{Prefix: "clausebot:", Timeout: 250 * time.Millisecond, LeaseTTL: 5 * time.Second},
	}
}

// TelegramEnabled reports whether the Telegram adapter is configured.
func (c *Config) TelegramEnabled() bool { return c.Telegram.Token != "" }

// SlackEnabled reports whether the Slack adapter is configured.
func (c *Config) SlackEnabled() bool { return c.Slack.BotToken != "" }

// SlackMode is SlackSocketMode when an app token is set, SlackHTTPMode when
// only a signing secret is, and "" otherwise.
func (c *Config) SlackMode() string {
	switch {
	case c.Slack.AppToken != "":
		return SlackSocketMode
	case c.Slack.SigningSecret != "":
		return SlackHTTPMode
	}
	return ""
}

// Origin says where key's value came from: a file position such as
// "clausebot.yaml:3", an environment variable such as "env CLAUSEBOT_ADDR",
// or "" for a default.
func (c *Config) Origin(key string) string { return c.origin[key] }

func (c *Config) setOrigin(key, from string) {
	if c.origin == nil {
		c.origin = make(map[string]string)
	}
	c.origin[key] = from
}

// Secret is a sensitive string: a token or signing secret. It prints,
// marshals and logs as "***" so it cannot leak by accident; Value returns
// the real thing for the one place that needs it.
type Secret string

// Redacted is how a set Secret is shown. In a configuration file a
// secret whose value is Redacted counts as not given there, so the output
// of Effective loads back: the secret itself comes again from the
// environment or from its _file key.
const Redacted = "***"

// DefaultMaxFileSize is max_file_size's default, 8 MiB: index's own
// default (index.DefaultMaxFileSize; cmd/clausebot's tests hold the two
// equal), spelled out so config check shows the limit in force.
const DefaultMaxFileSize = 8 << 20

// Value returns the secret itself.
func (s Secret) Value() string { return string(s) }

// String returns "***" for a set secret and "" for an empty one, so
// printing a Config shows whether a secret is set but never its value.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return Redacted
}

// GoString keeps %#v from printing the value.
func (s Secret) GoString() string { return fmt.Sprintf("config.Secret(%q)", s.String()) }

// MarshalYAML shows a set secret as "***".
func (s Secret) MarshalYAML() (any, error) { return s.String(), nil }

// MarshalText shows a set secret as "***" (encoding/json, slog's JSON).
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Key describes one configuration key for documentation and tooling.
type Key struct {
	Name    string // dotted YAML key, e.g. "bot.results"
	Env     string // the overriding environment variable
	Type    string // "string", "secret", "integer", "number", "boolean", "duration", "list"
	Default string // the default, as it would be written in YAML; "" if none
}

// Keys lists every configuration key, in file order.
func Keys() []Key {
	d := Default()
	var out []Key
	for _, f := range fieldsOf(&d) {
		out = append(out, Key{Name: f.key, Env: f.env, Type: typeName(f.v.Type()), Default: showValue(f.v)})
	}
	return out
}

// field is one settable leaf of a Config, found by reflection so the YAML
// keys, the environment variables and the documentation cannot drift apart.
type field struct {
	key string        // dotted YAML key
	env string        // environment variable
	v   reflect.Value // addressable
}

func fieldsOf(c *Config) []field {
	var out []field
	var walk func(v reflect.Value, prefix string)
	walk = func(v reflect.Value, prefix string) {
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			name := yamlName(sf)
			if name == "" {
				continue
			}
			key := prefix + name
			fv := v.Field(i)
			if isSection(sf.Type) {
				walk(fv, key+".")
				continue
			}
			out = append(out, field{key: key, env: sf.Tag.Get("env"), v: fv})
		}
	}
	walk(reflect.ValueOf(c).Elem(), "")
	return out
}

func yamlName(sf reflect.StructField) string {
	if !sf.IsExported() {
		return ""
	}
	name, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
	if name == "-" {
		return ""
	}
	return name
}

func isSection(t reflect.Type) bool { return t.Kind() == reflect.Struct }

var (
	secretType   = reflect.TypeOf(Secret(""))
	durationType = reflect.TypeOf(time.Duration(0))
)

func typeName(t reflect.Type) string {
	switch {
	case t == secretType:
		return "secret"
	case t == durationType:
		return "duration"
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int64:
		return "integer"
	case reflect.Float64:
		return "number"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Int64 {
			return "list of integers"
		}
		return "list of strings"
	}
	return t.String()
}

// wantName is typeName phrased for an error message.
func wantName(t reflect.Type) string {
	switch typeName(t) {
	case "secret", "string":
		return "a string"
	case "duration":
		return `a duration such as "30s" or "5m"`
	case "boolean":
		return "true or false"
	case "integer":
		return "an integer"
	case "number":
		return "a number"
	case "list of integers":
		return "a list of integers"
	case "list of strings":
		return "a list of strings"
	}
	return typeName(t)
}

func showValue(v reflect.Value) string {
	switch x := v.Interface().(type) {
	case Secret:
		return x.String()
	case time.Duration:
		if x == 0 {
			return ""
		}
		return x.String()
	case string:
		return x
	case bool:
		return fmt.Sprint(x)
	case int, int64:
		if v.Int() == 0 {
			return ""
		}
		return fmt.Sprint(x)
	case float64:
		return fmt.Sprint(x)
	case []string:
		return strings.Join(x, ",")
	case []int64:
		s := make([]string, len(x))
		for i, n := range x {
			s[i] = fmt.Sprint(n)
		}
		return strings.Join(s, ",")
	}
	return fmt.Sprint(v.Interface())
}

// secretRef pairs a Secret with its _file alternative.
type secretRef struct {
	key, fileKey string
	val          *Secret
	file         *string
}

func (c *Config) secrets() []secretRef {
	return []secretRef{
		{"telegram.token", "telegram.token_file", &c.Telegram.Token, &c.Telegram.TokenFile},
		{"telegram.webhook_secret", "telegram.webhook_secret_file", &c.Telegram.WebhookSecret, &c.Telegram.WebhookSecretFile},
		{"slack.bot_token", "slack.bot_token_file", &c.Slack.BotToken, &c.Slack.BotTokenFile},
		{"slack.app_token", "slack.app_token_file", &c.Slack.AppToken, &c.Slack.AppTokenFile},
		{"slack.signing_secret", "slack.signing_secret_file", &c.Slack.SigningSecret, &c.Slack.SigningSecretFile},
		{"redis.url", "redis.url_file", &c.Redis.URL, &c.Redis.URLFile},
		{"log_key", "log_key_file", &c.LogKey, &c.LogKeyFile},
	}
}

// Validate checks every value and returns an *Error naming each bad key and
// its problem, or nil.
func (c *Config) Validate() error {
	var e Error
	bad := func(key, format string, args ...any) {
		e.add(key, c.Origin(key), fmt.Sprintf(format, args...))
	}

	if c.Docs != "" {
		if fi, err := os.Stat(c.Docs); err != nil {
			bad("docs", "cannot read the documents folder: %v", pathErr(err))
		} else if !fi.IsDir() {
			bad("docs", "%s is not a folder", c.Docs)
		}
	}
	if c.Index != "" && c.Index != "off" {
		if fi, err := os.Stat(c.Index); err == nil && !fi.IsDir() {
			bad("index", "%s is not a folder", c.Index)
		}
	}
	if c.Synonyms != "" {
		if fi, err := os.Stat(c.Synonyms); err != nil {
			bad("synonyms", "cannot read the synonyms file: %v", pathErr(err))
		} else if fi.IsDir() {
			bad("synonyms", "%s is a folder, not a file", c.Synonyms)
		}
	}
	if c.MaxFileSize < 0 {
		bad("max_file_size", "must not be negative, got %d", c.MaxFileSize)
	}
	if _, port, err := net.SplitHostPort(c.Addr); err != nil {
		bad("addr", "want host:port such as \":8080\" or \"127.0.0.1:8080\", got %q", c.Addr)
	} else if !validPort(port) {
		bad("addr", "invalid port %q", port)
	}
	if c.ShutdownTimeout <= 0 {
		bad("shutdown_timeout", "must be positive, got %v", c.ShutdownTimeout)
	}
	oneOf(bad, "on_adapter_error", c.OnAdapterError, OnErrorExit, OnErrorContinue)
	c.validateQuestionLog(bad)
	oneOf(bad, "log.level", c.Log.Level, "debug", "info", "warn", "error")
	oneOf(bad, "log.format", c.Log.Format, "json", "text")

	oneOf(bad, "bot.lang", c.Bot.Lang, "en", "zh", "ru")
	if c.Bot.Results < 1 || c.Bot.Results > 10 {
		bad("bot.results", "must be between 1 and 10, got %d", c.Bot.Results)
	}
	if c.Bot.MaxQuestionRunes < 10 || c.Bot.MaxQuestionRunes > 4000 {
		bad("bot.max_question_runes", "must be between 10 and 4000, got %d", c.Bot.MaxQuestionRunes)
	}
	if !(c.Bot.RatePerMinute > 0) || c.Bot.RatePerMinute > 6000 {
		bad("bot.rate_per_minute", "must be above 0 and at most 6000, got %v", c.Bot.RatePerMinute)
	}
	if c.Bot.RateBurst < 1 || c.Bot.RateBurst > 1000 {
		bad("bot.rate_burst", "must be between 1 and 1000, got %d", c.Bot.RateBurst)
	}
	if c.Bot.PageTTL < time.Minute {
		bad("bot.page_ttl", "must be at least 1m, got %v", c.Bot.PageTTL)
	}
	for _, a := range c.Bot.Admins {
		p, id, ok := strings.Cut(a, ":")
		if !ok || id == "" || strings.ContainsAny(id, " \t") {
			bad("bot.admins", "want platform:userid such as \"telegram:12345\" or \"slack:U0123ABC\", got %q", a)
			continue
		}
		if p != "telegram" && p != "slack" && p != "terminal" {
			bad("bot.admins", "unknown platform %q in %q: want telegram, slack or terminal", p, a)
		}
	}
	if c.Reload.Debounce < 0 || c.Reload.Debounce > time.Minute {
		bad("reload.debounce", "must be between 0 and 1m, got %v", c.Reload.Debounce)
	}

	c.validateTelegram(bad)
	c.validateSlack(bad)
	c.validateRedis(bad)

	if len(e.Problems) == 0 {
		return nil
	}
	return &e
}

var (
	telegramToken  = lazyre.New(`^[0-9]+:[A-Za-z0-9_-]+$`)
	telegramSecret = lazyre.New(`^[A-Za-z0-9_-]{1,256}$`)
	slackCommand   = lazyre.New(`^/[a-z0-9_-]{1,31}$`)
)

func (c *Config) validateTelegram(bad func(key, format string, args ...any)) {
	t := &c.Telegram
	if t.Token == "" {
		for _, k := range []struct {
			key string
			set bool
		}{
			{"telegram.webhook_url", t.WebhookURL != ""},
			{"telegram.webhook_secret", t.WebhookSecret != ""},
			{"telegram.api_endpoint", t.APIEndpoint != ""},
			{"telegram.allowed_chats", len(t.AllowedChats) > 0},
		} {
			if k.set {
				bad("telegram.token", "missing: %s is set, so Telegram needs a bot token (TELEGRAM_BOT_TOKEN or TELEGRAM_BOT_TOKEN_FILE)", k.key)
				break
			}
		}
		// Go on: the other Telegram keys may have problems of their own.
	} else if !telegramToken().MatchString(t.Token.Value()) {
		bad("telegram.token", "does not look like a Telegram bot token (digits, a colon, then letters, digits, _ or -)")
	}
	if t.APIEndpoint != "" {
		if strings.Count(t.APIEndpoint, "%s") != 2 {
			bad("telegram.api_endpoint", "want a URL pattern with two %%s (token, then method) such as \"https://api.telegram.org/bot%%s/%%s\", got %q", t.APIEndpoint)
		} else if u, err := url.Parse(strings.ReplaceAll(t.APIEndpoint, "%s", "x")); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			bad("telegram.api_endpoint", "not an http(s) URL: %q", t.APIEndpoint)
		}
	}
	if t.WebhookURL != "" {
		if msg := checkPublicURL(t.WebhookURL); msg != "" {
			bad("telegram.webhook_url", "%s", msg)
		}
		if t.WebhookSecret == "" {
			bad("telegram.webhook_secret", "missing: webhook mode (telegram.webhook_url is set) needs a secret (TELEGRAM_WEBHOOK_SECRET or TELEGRAM_WEBHOOK_SECRET_FILE) so forged updates are refused")
		}
	}
	if t.WebhookSecret != "" && !telegramSecret().MatchString(t.WebhookSecret.Value()) {
		bad("telegram.webhook_secret", "must be 1 to 256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule)")
	}
}

func (c *Config) validateSlack(bad func(key, format string, args ...any)) {
	s := &c.Slack
	if s.BotToken == "" {
		for _, k := range []struct {
			key string
			set bool
		}{
			{"slack.app_token", s.AppToken != ""},
			{"slack.signing_secret", s.SigningSecret != ""},
			{"slack.api_url", s.APIURL != ""},
			{"slack.allowed_teams", len(s.AllowedTeams) > 0},
			{"slack.allowed_channels", len(s.AllowedChannels) > 0},
		} {
			if k.set {
				bad("slack.bot_token", "missing: %s is set, so Slack needs a bot token (SLACK_BOT_TOKEN or SLACK_BOT_TOKEN_FILE)", k.key)
				break
			}
		}
	} else if !strings.HasPrefix(s.BotToken.Value(), "xoxb-") {
		bad("slack.bot_token", "must be a bot token starting with xoxb-")
	}
	if s.BotToken != "" && s.AppToken == "" && s.SigningSecret == "" {
		bad("slack.app_token", "missing: Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)")
	}
	if s.AppToken != "" && !strings.HasPrefix(s.AppToken.Value(), "xapp-") {
		bad("slack.app_token", "must be an app-level token starting with xapp-")
	}
	if s.APIURL != "" {
		if u, err := url.Parse(s.APIURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			bad("slack.api_url", "not an http(s) URL: %q", s.APIURL)
		} else if !strings.HasSuffix(s.APIURL, "/") {
			bad("slack.api_url", "must end with a slash, e.g. \"https://slack.com/api/\", got %q", s.APIURL)
		}
	}
	if !slackCommand().MatchString(s.Command) {
		bad("slack.command", "want a slash command such as \"/ask\" (lower case letters, digits, _ and -), got %q", s.Command)
	}
}

// checkPublicURL returns a problem with a webhook URL, or "". Telegram
// only posts to https URLs (a proxy in front terminates TLS).
func checkPublicURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Sprintf("not a URL: %q", raw)
	}
	if u.Scheme != "https" {
		return fmt.Sprintf("must be an https URL (Telegram only posts to https), got %q", raw)
	}
	return ""
}

func validPort(p string) bool {
	if p == "" {
		return false
	}
	n := 0
	for _, r := range p {
		if r < '0' || r > '9' {
			return false
		}
		n = n*10 + int(r-'0')
		if n > 65535 {
			return false
		}
	}
	return true
}

func oneOf(bad func(key, format string, args ...any), key, got string, allowed ...string) {
	for _, a := range allowed {
		if got == a {
			return
		}
	}
	bad(key, "want one of %s, got %q", strings.Join(allowed, ", "), got)
}

// pathErr drops the "stat " prefix from an *os.PathError for shorter messages.
func pathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}

// Problem is one configuration mistake.
type Problem struct {
	// Key is the dotted YAML key, e.g. "bot.results". It is "" for a
	// problem with the file as a whole (unreadable, not YAML).
	Key string
	// From says where the bad value came from: "clausebot.yaml:12",
	// "env CLAUSEBOT_RESULTS", or "" for a default or a missing value.
	From string
	// Msg says what is wrong and what is expected.
	Msg string
}

func (p Problem) String() string {
	var b strings.Builder
	if p.Key != "" {
		b.WriteString(p.Key)
	}
	if p.From != "" {
		if b.Len() > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "(%s)", p.From)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Error lists every problem found, so an operator can fix them in one go.
type Error struct {
	Problems []Problem
}

func (e *Error) add(key, from, msg string) {
	e.Problems = append(e.Problems, Problem{Key: key, From: from, Msg: msg})
}

func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	if len(lines) == 1 {
		return "config: " + lines[0]
	}
	return fmt.Sprintf("config: %d problems:\n  %s", len(lines), strings.Join(lines, "\n  "))
}

// knownKeys lists the keys allowed in a mapping at prefix, for "unknown
// key" messages.
func knownKeys(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		if n := yamlName(t.Field(i)); n != "" {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}
