package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

const (
	tgToken   = "123456:AAF-secret-telegram-token_xyz"
	slackBot  = "xoxb-secret-slack-bot-token"
	slackApp  = "xapp-secret-slack-app-token"
	slackSign = "secret-signing-9f8e7d"
	hookSec   = "secret-webhook_42"
)

// env is a fake environment.
type env map[string]string

func (e env) get(k string) string { return e[k] }

// mustWrite writes a file in a fresh temporary folder and returns its path.
func mustWrite(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaultIsValid(t *testing.T) {
	c := Default()
	if err := c.Validate(); err != nil {
		t.Fatalf("Default().Validate() = %v, want nil", err)
	}
	if c.TelegramEnabled() || c.SlackEnabled() {
		t.Errorf("Default enables an adapter: telegram=%v slack=%v", c.TelegramEnabled(), c.SlackEnabled())
	}
	if c.Addr != ":8080" {
		t.Errorf("Default().Addr = %q, want :8080", c.Addr)
	}
}

// TestLoadProblems checks that every kind of mistake is reported with the
// key it concerns and a message saying what is wrong.
func TestLoadProblems(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope")
	notDir := mustWrite(t, "file.txt", "x")
	tests := []struct {
		name string
		yaml string // "" means no file
		env  env
		key  string // want a problem with this key …
		msg  string // … whose message contains this
	}{
		{"unknown top key", "resluts: 3\n", nil, "resluts", "unknown key; the keys are addr, bot, db, docs"},
		{"unknown nested key", "bot:\n  resluts: 3\n", nil, "bot.resluts", "unknown key; the keys under bot are admins, lang"},
		{"unknown secret key", "telegram:\n  tokne: x\n", nil, "telegram.tokne", "unknown key"},
		{"section not a mapping", "bot: 3\n", nil, "bot", "want a mapping of keys"},
		{"int wrong type", "bot:\n  results: three\n", nil, "bot.results", `want an integer, got "three"`},
		{"bool wrong type", "reload:\n  watch: maybe\n", nil, "reload.watch", `want true or false, got "maybe"`},
		{"duration wrong type", "shutdown_timeout: 20\n", nil, "shutdown_timeout", `want a duration such as "30s"`},
		{"list wrong type", "telegram:\n  token: \"" + tgToken + "\"\n  allowed_chats: [12, abc]\n", nil, "telegram.allowed_chats", "want a list of integers"},
		{"string given a mapping", "docs:\n  a: b\n", nil, "docs", "want a string, got a mapping"},
		{"duplicate key", "addr: \":1\"\naddr: \":2\"\n", nil, "addr", "set twice"},
		{"not yaml", "bot: [\n", nil, "", "not valid YAML"},
		{"two documents", "addr: \":1\"\n---\naddr: \":2\"\n", nil, "", "more than one YAML document"},
		{"results too big", "bot:\n  results: 50\n", nil, "bot.results", "between 1 and 10, got 50"},
		{"results zero", "bot:\n  results: 0\n", nil, "bot.results", "between 1 and 10, got 0"},
		{"lang", "bot:\n  lang: fr\n", nil, "bot.lang", `want one of en, zh, ru, got "fr"`},
		{"rate", "bot:\n  rate_per_minute: 0\n", nil, "bot.rate_per_minute", "above 0"},
		{"burst", "bot:\n  rate_burst: 0\n", nil, "bot.rate_burst", "between 1 and 1000"},
		{"page ttl", "bot:\n  page_ttl: 1s\n", nil, "bot.page_ttl", "at least 1m"},
		{"question runes", "bot:\n  max_question_runes: 1\n", nil, "bot.max_question_runes", "between 10 and 4000"},
		{"admin form", "bot:\n  admins: [alice]\n", nil, "bot.admins", `want platform:userid`},
		{"admin platform", "bot:\n  admins: [\"irc:alice\"]\n", nil, "bot.admins", `unknown platform "irc"`},
		{"log level", "log:\n  level: loud\n", nil, "log.level", "want one of debug, info, warn, error"},
		{"log format", "log:\n  format: xml\n", nil, "log.format", "want one of json, text"},
		{"addr", "addr: \"8080\"\n", nil, "addr", "want host:port"},
		{"addr port", "addr: \":99999\"\n", nil, "addr", "invalid port"},
		{"shutdown timeout", "shutdown_timeout: 0s\n", nil, "shutdown_timeout", "must be positive"},
		{"on adapter error", "on_adapter_error: ignore\n", nil, "on_adapter_error", "want one of exit, continue"},
		{"debounce", "reload:\n  debounce: 2h\n", nil, "reload.debounce", "between 0 and 1m"},
		{"docs missing", "", env{"CLAUSEBOT_DOCS": missing}, "docs", "no such file or directory"},
		{"docs not a folder", "", env{"CLAUSEBOT_DOCS": notDir}, "docs", "is not a folder"},
		{"synonyms missing", "", env{"CLAUSEBOT_SYNONYMS": missing}, "synonyms", "cannot read the synonyms file"},
		{"negative max file size", "max_file_size: -1\n", nil, "max_file_size", "must not be negative"},
		{"synonyms a folder", "", env{"CLAUSEBOT_SYNONYMS": t.TempDir()}, "synonyms", "is a folder, not a file"},
		{"rate too high", "bot:\n  rate_per_minute: 7000\n", nil, "bot.rate_per_minute", "at most 6000"},
		{"question runes too high", "bot:\n  max_question_runes: 5000\n", nil, "bot.max_question_runes", "between 10 and 4000"},
		{"admin id with space", "bot:\n  admins: [\"slack:U1 U2\"]\n", nil, "bot.admins", "want platform:userid"},
		{"telegram endpoint scheme", "", env{"TELEGRAM_BOT_TOKEN": tgToken, "TELEGRAM_API_ENDPOINT": "ftp://api.example.com/bot%s/%s"}, "telegram.api_endpoint", "not an http(s) URL"},
		{"telegram webhook not a url", "", env{"TELEGRAM_BOT_TOKEN": tgToken, "TELEGRAM_WEBHOOK_SECRET": hookSec, "TELEGRAM_WEBHOOK_URL": "bot.example.com/hook"}, "telegram.webhook_url", "not a URL"},
		{"slack api url scheme", "", env{"SLACK_BOT_TOKEN": slackBot, "SLACK_APP_TOKEN": slackApp, "SLACK_API_URL": "slack.example/api/"}, "slack.api_url", "not an http(s) URL"},
		{"list given a mapping", "slack:\n  allowed_teams: {a: b}\n", nil, "slack.allowed_teams", "want a list of strings, got a mapping"},

		{"env int", "", env{"CLAUSEBOT_RESULTS": "many"}, "bot.results", `want an integer, got "many"`},
		{"env bool", "", env{"CLAUSEBOT_RELOAD_WATCH": "perhaps"}, "reload.watch", "want true or false"},
		{"env duration", "", env{"CLAUSEBOT_SHUTDOWN_TIMEOUT": "soon"}, "shutdown_timeout", "want a duration"},
		{"env float", "", env{"CLAUSEBOT_RATE_PER_MINUTE": "fast"}, "bot.rate_per_minute", "want a number"},
		{"env int list", "", env{"TELEGRAM_BOT_TOKEN": tgToken, "CLAUSEBOT_TELEGRAM_ALLOWED_CHATS": "1,x"}, "telegram.allowed_chats", "list of integers"},

		{"telegram webhook without secret", "", env{"TELEGRAM_BOT_TOKEN": tgToken, "TELEGRAM_WEBHOOK_URL": "https://bot.example.com/telegram/webhook"}, "telegram.webhook_secret", "missing: webhook mode"},
		{"telegram webhook without token", "", env{"TELEGRAM_WEBHOOK_URL": "https://bot.example.com/telegram/webhook"}, "telegram.token", "missing: telegram.webhook_url is set"},
		{"telegram webhook plain http", "", env{"TELEGRAM_BOT_TOKEN": tgToken, "TELEGRAM_WEBHOOK_SECRET": hookSec, "TELEGRAM_WEBHOOK_URL": "http://bot.example.com/telegram/webhook"}, "telegram.webhook_url", "must be an https URL"},
		{"telegram webhook secret charset", "", env{"TELEGRAM_BOT_TOKEN": tgToken, "TELEGRAM_WEBHOOK_SECRET": "no spaces!", "TELEGRAM_WEBHOOK_URL": "https://bot.example.com/telegram/webhook"}, "telegram.webhook_secret", "Telegram's rule"},
		{"telegram token shape", "", env{"TELEGRAM_BOT_TOKEN": "not-a-token"}, "telegram.token", "does not look like a Telegram bot token"},
		{"telegram endpoint", "", env{"TELEGRAM_BOT_TOKEN": tgToken, "TELEGRAM_API_ENDPOINT": "https://api.example.com/"}, "telegram.api_endpoint", "two %s"},
		{"slack mode missing", "", env{"SLACK_BOT_TOKEN": slackBot}, "slack.app_token", "SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)"},
		{"slack bot token missing", "", env{"SLACK_APP_TOKEN": slackApp}, "slack.bot_token", "missing: slack.app_token is set"},
		{"slack signing without bot token", "", env{"SLACK_SIGNING_SECRET": slackSign}, "slack.bot_token", "missing: slack.signing_secret is set"},
		{"slack bot token prefix", "", env{"SLACK_BOT_TOKEN": "xoxp-user", "SLACK_APP_TOKEN": slackApp}, "slack.bot_token", "xoxb-"},
		{"slack app token prefix", "", env{"SLACK_BOT_TOKEN": slackBot, "SLACK_APP_TOKEN": "xoxb-wrong"}, "slack.app_token", "xapp-"},
		{"slack api url", "", env{"SLACK_BOT_TOKEN": slackBot, "SLACK_APP_TOKEN": slackApp, "SLACK_API_URL": "http://127.0.0.1:1/api"}, "slack.api_url", "end with a slash"},
		{"slack command", "", env{"SLACK_BOT_TOKEN": slackBot, "SLACK_APP_TOKEN": slackApp, "CLAUSEBOT_SLACK_COMMAND": "ask"}, "slack.command", "want a slash command"},

		{"secret value and file", "telegram:\n  token: \"" + tgToken + "\"\n  token_file: /run/secrets/tg\n", nil, "telegram.token", "set only one"},
		{"secret file missing", "", env{"TELEGRAM_BOT_TOKEN_FILE": missing}, "telegram.token_file", "cannot read the secret"},
		{"secret file two lines", "", env{"SLACK_BOT_TOKEN_FILE": mustWrite(t, "two", "xoxb-a\nxoxb-b\n"), "SLACK_APP_TOKEN": slackApp}, "slack.bot_token_file", "on one line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := ""
			if tt.yaml != "" {
				path = mustWrite(t, "clausebot.yaml", tt.yaml)
			}
			_, err := Load(path, tt.env.get)
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("Load = %v, want *config.Error", err)
			}
			for _, p := range ce.Problems {
				if p.Key == tt.key && strings.Contains(p.Msg, tt.msg) {
					return
				}
			}
			t.Errorf("Load problems = %q\nwant key %q with a message containing %q", ce.Problems, tt.key, tt.msg)
		})
	}
}

func TestLoadHugeFile(t *testing.T) {
	_, err := Load(mustWrite(t, "huge.yaml", "# "+strings.Repeat("x", maxFileSize)+"\n"), nil)
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("Load(huge) = %v, want a size error", err)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "absent.yaml"), nil)
	if err == nil || !strings.Contains(err.Error(), "cannot read the configuration file") || !strings.Contains(err.Error(), "absent.yaml") {
		t.Fatalf("Load(absent) = %v, want an error naming the file", err)
	}
}

func TestProblemsNameTheirSource(t *testing.T) {
	path := mustWrite(t, "c.yaml", "addr: \":1\"\nbot:\n  results: 0\n")
	_, err := Load(path, env{"CLAUSEBOT_LANG": "fr"}.get)
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("Load = %v, want *config.Error", err)
	}
	got := map[string]string{}
	for _, p := range ce.Problems {
		got[p.Key] = p.From
	}
	want := map[string]string{"bot.results": path + ":3", "bot.lang": "env CLAUSEBOT_LANG"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problem sources (-want +got):\n%s", diff)
	}
	if !strings.Contains(err.Error(), "2 problems") {
		t.Errorf("Error() = %q, want it to count the problems", err)
	}
}

func TestEnvOverridesFile(t *testing.T) {
	docs := t.TempDir()
	path := mustWrite(t, "c.yaml", `
docs: /does/not/matter/env/wins
addr: "127.0.0.1:9000"
bot:
  results: 4
  lang: zh
  admins: ["telegram:1"]
log:
  level: debug
telegram:
  token: "111:file-token"
  allowed_chats: [5, 6]
slack:
  public_answers: true
`)
	e := env{
		"CLAUSEBOT_DOCS":                   docs,
		"CLAUSEBOT_RESULTS":                "5",
		"CLAUSEBOT_ADMINS":                 "telegram:2, slack:U3",
		"TELEGRAM_BOT_TOKEN":               tgToken,
		"CLAUSEBOT_TELEGRAM_ALLOWED_CHATS": "-100123,7",
		"CLAUSEBOT_SHUTDOWN_TIMEOUT":       "45s",
	}
	got, err := Load(path, e.get)
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.Docs = docs
	want.Addr = "127.0.0.1:9000"
	want.ShutdownTimeout = 45 * time.Second
	want.Bot.Results = 5
	want.Bot.Lang = "zh"
	want.Bot.Admins = []string{"telegram:2", "slack:U3"}
	want.Log.Level = "debug"
	want.Telegram.Token = tgToken
	want.Telegram.AllowedChats = []int64{-100123, 7}
	want.Slack.PublicAnswers = true
	if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(Config{})); diff != "" {
		t.Errorf("Load (-want +got):\n%s", diff)
	}
	for key, from := range map[string]string{
		"bot.results":    "env CLAUSEBOT_RESULTS",
		"bot.lang":       path + ":6",
		"addr":           path + ":3",
		"telegram.token": "env TELEGRAM_BOT_TOKEN",
		"log.format":     "",
	} {
		if got := got.Origin(key); got != from {
			t.Errorf("Origin(%q) = %q, want %q", key, got, from)
		}
	}
}

func TestSecretFiles(t *testing.T) {
	tokFile := mustWrite(t, "tg", tgToken+"\n")
	appFile := mustWrite(t, "app", slackApp+"\r\n")
	tests := []struct {
		name    string
		yaml    string
		env     env
		wantTG  Secret
		wantApp Secret
	}{
		{"env file", "", env{"TELEGRAM_BOT_TOKEN_FILE": tokFile}, tgToken, ""},
		{"yaml file", "telegram:\n  token_file: " + tokFile + "\n", nil, tgToken, ""},
		{"env value beats yaml file", "telegram:\n  token_file: /nonexistent\n", env{"TELEGRAM_BOT_TOKEN": "42:from-env"}, "42:from-env", ""},
		{"env file beats yaml value", "telegram:\n  token: \"42:from-yaml\"\n", env{"TELEGRAM_BOT_TOKEN_FILE": tokFile}, tgToken, ""},
		{"crlf trimmed", "", env{"SLACK_BOT_TOKEN": slackBot, "SLACK_APP_TOKEN_FILE": appFile}, "", slackApp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := ""
			if tt.yaml != "" {
				path = mustWrite(t, "c.yaml", tt.yaml)
			}
			c, err := Load(path, tt.env.get)
			if err != nil {
				t.Fatal(err)
			}
			if c.Telegram.Token.Value() != tt.wantTG.Value() || c.Slack.AppToken.Value() != tt.wantApp.Value() {
				t.Errorf("tokens = %q, %q; want %q, %q", c.Telegram.Token.Value(), c.Slack.AppToken.Value(), tt.wantTG.Value(), tt.wantApp.Value())
			}
		})
	}
}

func TestModes(t *testing.T) {
	tests := []struct {
		env       env
		tg, slack bool
		mode      string
	}{
		{env{}, false, false, ""},
		{env{"TELEGRAM_BOT_TOKEN": tgToken}, true, false, ""},
		{env{"SLACK_BOT_TOKEN": slackBot, "SLACK_APP_TOKEN": slackApp}, false, true, SlackSocketMode},
		{env{"SLACK_BOT_TOKEN": slackBot, "SLACK_SIGNING_SECRET": slackSign}, false, true, SlackHTTPMode},
		{env{"SLACK_BOT_TOKEN": slackBot, "SLACK_APP_TOKEN": slackApp, "SLACK_SIGNING_SECRET": slackSign, "TELEGRAM_BOT_TOKEN": tgToken}, true, true, SlackSocketMode},
	}
	for i, tt := range tests {
		c, err := Load("", tt.env.get)
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		if c.TelegramEnabled() != tt.tg || c.SlackEnabled() != tt.slack || c.SlackMode() != tt.mode {
			t.Errorf("%d: telegram=%v slack=%v mode=%q; want %v %v %q", i, c.TelegramEnabled(), c.SlackEnabled(), c.SlackMode(), tt.tg, tt.slack, tt.mode)
		}
	}
}

// allSecrets is a configuration with every secret set.
func allSecrets(t *testing.T) Config {
	t.Helper()
	c, err := Load("", env{
		"TELEGRAM_BOT_TOKEN":      tgToken,
		"TELEGRAM_WEBHOOK_URL":    "https://bot.example.com/telegram/webhook",
		"TELEGRAM_WEBHOOK_SECRET": hookSec,
		"SLACK_BOT_TOKEN":         slackBot,
		"SLACK_APP_TOKEN":         slackApp,
		"SLACK_SIGNING_SECRET":    slackSign,
	}.get)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func assertNoSecrets(t *testing.T, what, s string) {
	t.Helper()
	for _, sec := range []string{tgToken, slackBot, slackApp, slackSign, hookSec} {
		if strings.Contains(s, sec) {
			t.Errorf("%s leaks %q:\n%s", what, sec, s)
		}
	}
}

func TestRedaction(t *testing.T) {
	c := allSecrets(t)
	out, err := c.Effective()
	if err != nil {
		t.Fatal(err)
	}
	assertNoSecrets(t, "Effective", string(out))
	if n := strings.Count(string(out), `'***'`); n != 5 {
		t.Errorf("Effective shows %d redacted secrets, want 5:\n%s", n, out)
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		assertNoSecrets(t, "fmt "+verb, fmt.Sprintf(verb, c))
	}
	j, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	assertNoSecrets(t, "json", string(j))
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	log.Info("config", "cfg", c, "token", c.Telegram.Token)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("config", "cfg", c, "token", c.Slack.SigningSecret)
	assertNoSecrets(t, "slog", buf.String())
	if !strings.Contains(buf.String(), Redacted) {
		t.Errorf("slog output does not show the redaction marker:\n%s", buf.String())
	}

	// Errors about a secret must not echo it either.
	_, err = Load("", env{"TELEGRAM_BOT_TOKEN": "secret with spaces", "SLACK_BOT_TOKEN": "secret-xoxp"}.get)
	if err == nil {
		t.Fatal("Load with malformed tokens succeeded")
	}
	assertNoSecrets(t, "error", err.Error())
}

func TestEffectiveRoundTrip(t *testing.T) {
	path := mustWrite(t, "c.yaml", "bot:\n  results: 7\n  admins: [\"slack:U1\", \"telegram:2\"]\n")
	c, err := Load(path, env{"CLAUSEBOT_LOG_FORMAT": "text"}.get)
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.Effective()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"results: 7 # from " + path + ":2",
		"format: text # from env CLAUSEBOT_LOG_FORMAT",
		"admins: ['slack:U1', 'telegram:2'] # from " + path + ":3",
		"shutdown_timeout: 20s\n",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("Effective lacks %q:\n%s", want, out)
		}
	}
	// What config check prints loads back to the same configuration.
	back, err := Load(mustWrite(t, "back.yaml", string(out)), nil)
	if err != nil {
		t.Fatalf("loading Effective output: %v\n%s", err, out)
	}
	if diff := cmp.Diff(c, back, cmpopts.IgnoreUnexported(Config{})); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestKeysCoverEveryEnvName(t *testing.T) {
	keys := Keys()
	envs := map[string]bool{}
	for _, k := range keys {
		if k.Env == "" {
			t.Errorf("key %s has no environment variable", k.Name)
		}
		if envs[k.Env] {
			t.Errorf("environment variable %s used twice", k.Env)
		}
		envs[k.Env] = true
	}
	for _, name := range []string{
		"TELEGRAM_BOT_TOKEN", "TELEGRAM_API_ENDPOINT", "TELEGRAM_WEBHOOK_URL", "TELEGRAM_WEBHOOK_SECRET",
		"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL",
		"CLAUSEBOT_ADDR", "CLAUSEBOT_DOCS", "TELEGRAM_BOT_TOKEN_FILE",
	} {
		if !envs[name] {
			t.Errorf("no key reads %s", name)
		}
	}
}

func TestEmptyAndNullFile(t *testing.T) {
	for _, content := range []string{"", "# only a comment\n", "~\n", "bot:\n"} {
		c, err := Load(mustWrite(t, "c.yaml", content), nil)
		if err != nil {
			t.Errorf("Load(%q) = %v, want defaults", content, err)
			continue
		}
		if diff := cmp.Diff(Default(), c, cmpopts.IgnoreUnexported(Config{})); diff != "" {
			t.Errorf("Load(%q) (-want +got):\n%s", content, diff)
		}
	}
}

// TestAllProblemsAtOnce: decoding and validation problems are reported
// together, so an operator fixes everything in one round, and a key is
// never reported twice.
func TestAllProblemsAtOnce(t *testing.T) {
	path := mustWrite(t, "c.yaml", "bot:\n  resluts: 3\n  results: 0\n  rate_burst: many\nlog: text\n")
	_, err := Load(path, env{"CLAUSEBOT_LANG": "fr", "TELEGRAM_BOT_TOKEN_FILE": "/nonexistent/token", "TELEGRAM_WEBHOOK_URL": "https://x.example/telegram/webhook", "TELEGRAM_WEBHOOK_SECRET": hookSec}.get)
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("Load = %v, want *config.Error", err)
	}
	var got []string
	for _, p := range ce.Problems {
		got = append(got, p.Key)
	}
	want := []string{"bot.resluts", "bot.rate_burst", "log", "telegram.token_file", "bot.lang", "bot.results"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problem keys (-want +got):\n%s\n%v", diff, err)
	}
}

// TestRedactedSecretIsUnset: "***", which Effective prints for a set
// secret, means "not given here" in a file, so Effective's output loads
// back: alone it leaves the secret unset; with the environment or a
// _file key it takes their value, without a "set both" error.
func TestRedactedSecretIsUnset(t *testing.T) {
	tokenFile := mustWrite(t, "token", tgToken+"\n")
	path := mustWrite(t, "c.yaml", "telegram:\n  token: '***'\n  token_file: "+tokenFile+"\n")
	c, err := Load(path, nil)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if c.Telegram.Token.Value() != tgToken {
		t.Errorf("token %q, want the file's", c.Telegram.Token.Value())
	}
	path = mustWrite(t, "d.yaml", "telegram:\n  token: '***'\n")
	c, err = Load(path, env{"TELEGRAM_BOT_TOKEN": tgToken}.get)
	if err != nil || c.Telegram.Token.Value() != tgToken {
		t.Errorf("with the env: token %q, err %v", c.Telegram.Token.Value(), err)
	}
	c, err = Load(path, nil)
	if err != nil || c.Telegram.Token != "" {
		t.Errorf("alone: token set %v, err %v; want unset", c.Telegram.Token != "", err)
	}
	if c.MaxFileSize != DefaultMaxFileSize || DefaultMaxFileSize != 8<<20 {
		t.Errorf("max_file_size %d, want 8 MiB", c.MaxFileSize)
	}
}

// TestQuestionLogKeys checks the question log's keys: defaults, the
// environment, and the problems Validate names.
func TestQuestionLogKeys(t *testing.T) {
	d := Default()
	if !d.LogQuestions || d.LogRetention != 90*24*time.Hour || d.DB != "" {
		t.Errorf("defaults: log_questions %v, log_retention %v, db %q; want true, 2160h, empty", d.LogQuestions, d.LogRetention, d.DB)
	}
	env := map[string]string{"CLAUSEBOT_DB": "off", "CLAUSEBOT_LOG_QUESTIONS": "false", "CLAUSEBOT_LOG_RETENTION": "720h", "CLAUSEBOT_LOG_KEY": "0123456789abcdef"}
	c, err := Load("", func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if c.DB != DBOff || c.LogQuestions || c.LogRetention != 720*time.Hour || c.LogKey.Value() != "0123456789abcdef" {
		t.Errorf("from the environment: %+v", c)
	}
	for _, tc := range []struct {
		env  map[string]string
		key  string
		want string
	}{
		{map[string]string{"CLAUSEBOT_DB": "postgres://u:hunter2@db/clausebot"}, "db", "must not carry a password"},
		{map[string]string{"CLAUSEBOT_DB": "postgres://db/clausebot?password=hunter2"}, "db", "must not carry a password"},
		{map[string]string{"CLAUSEBOT_DB": "mysql://db/x"}, "db", "got a mysql URL"},
		{map[string]string{"CLAUSEBOT_DB": "host=127.0.0.1 password=hunter2 dbname=test"}, "db", "keyword string"},
		{map[string]string{"CLAUSEBOT_LOG_RETENTION": "10m"}, "log_retention", "at least 1h"},
		{map[string]string{"CLAUSEBOT_LOG_KEY": "short"}, "log_key", "at least 16 bytes"},
	} {
		_, err := Load("", func(k string) string { return tc.env[k] })
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%v: err = %v, want problems", tc.env, err)
			continue
		}
		found := false
		for _, p := range e.Problems {
			if p.Key == tc.key && strings.Contains(p.Msg, tc.want) {
				found = true
			}
			if strings.Contains(p.Msg, "hunter2") {
				t.Errorf("a password appears in %q", p.Msg)
			}
		}
		if !found {
			t.Errorf("%v: problems %v, want %s: %q", tc.env, e.Problems, tc.key, tc.want)
		}
	}
}
