// Package telegram connects clausebot to Telegram through the Bot API.
//
// It turns updates (messages, button presses, inline queries) into the
// core's Message, Action and InlineQuery, calls a bot.Handler, and renders
// the Reply as Telegram HTML, split to Telegram's 4096-unit limit with the
// core's splitter and paced under Telegram's flood limits. It receives by
// long polling, confirming an update only once it has been handled, or by
// webhook when a public URL is configured. cmd/clausebot's serve command
// builds it from the environment; docs/telegram.md is the operator's guide.
//
// The token is part of every Bot API URL, so every error the adapter
// returns or logs is scrubbed of it.
package telegram

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/time/rate"

	"clausebot/bot"
	"clausebot/internal/lazyre"
)

// Config configures the adapter. Zero values take the defaults noted.
type Config struct {
	// Token is the bot's token from @BotFather (TELEGRAM_BOT_TOKEN).
	Token string
	// APIEndpoint is the Bot API URL pattern, with %s for the token and
	// then the method (TELEGRAM_API_ENDPOINT). Default: Telegram's own,
	// tgbotapi.APIEndpoint. Set it to use a local Bot API server.
	APIEndpoint string
	// WebhookURL is the public HTTPS URL Telegram posts updates to
	// (TELEGRAM_WEBHOOK_URL). Empty means long polling. The adapter serves
	// the webhook at POST /telegram/webhook on the server's listener.
	WebhookURL string
	// WebhookSecret is the secret Telegram sends back in each webhook
	// request (TELEGRAM_WEBHOOK_SECRET): 1-256 of A-Z a-z 0-9 _ -.
	// Required with WebhookURL.
	WebhookSecret string
	// AllowedChats limits the bot to these chat ids; empty allows all.
	// Other chats get one short refusal. In inline mode, the user's id is
	// checked (a private chat's id is its user's id).
	AllowedChats []int64
	// HTTPClient makes the API requests. Default: a client with dial, TLS
	// and header timeouts; each request also has its own deadline.
	HTTPClient *http.Client
	// Logger receives the adapter's logs. Default: discard.
	Logger *slog.Logger
	// Metrics receives Sent, SendError and SendRetry. Default: none.
	Metrics bot.Metrics

	// ChatRate is the most messages per second to one chat. Default 1.
	ChatRate rate.Limit
	// GroupRate and GroupBurst pace each group chat on top of ChatRate.
	// Telegram allows 20 messages a minute to a group; the defaults, 15 a
	// minute with bursts of 5, keep every minute within that.
	GroupRate  rate.Limit
	GroupBurst int
	// GlobalRate is the most messages per second overall. Default 30.
	GlobalRate rate.Limit
	// MaxSendAttempts bounds the attempts at one request. Default 5.
	MaxSendAttempts int
	// MaxRetryWait is the longest retry_after the adapter will wait out
	// for one message before giving up on it. Default 2 minutes.
	MaxRetryWait time.Duration
	// MaxWebhookBody caps a webhook request's body. Default 1 MiB.
	MaxWebhookBody int64
	// PollTimeout is the long-poll timeout of getUpdates. Default 50s.
	PollTimeout time.Duration
	// ShutdownTimeout bounds how long Run waits for replies in flight
	// after its context ends. Default 10s.
	ShutdownTimeout time.Duration

	// Shared, when set, keeps the update ids handled and the send pacing
	// (per chat, per group and overall) where every replica sees them
	// (bot/redisstate), so replicas together stay under Telegram's limits
	// and a webhook update redelivered to another replica is not answered
	// twice. nil keeps them in this process.
	Shared SharedState
	// Lease, when set, makes long polling take the lease "telegram-poll"
	// first, so that of several replicas only one calls getUpdates (the
	// Bot API allows one consumer); the others stand by and one takes over
	// within LeaseTTL of the holder's death. Webhook mode takes no lease.
	Lease bot.Lease
	// LeaseTTL is how long the polling lease lasts unrenewed. Default 5 s.
	LeaseTTL time.Duration
}

// SharedState is the state replicas of the adapter share; see
// Config.Shared.
type SharedState interface {
	bot.Dedup
	bot.Pacer
}

// DefaultLeaseTTL is the default Config.LeaseTTL.
const DefaultLeaseTTL = 5 * time.Second

// Default values.
const (
	DefaultChatRate        = rate.Limit(1)
	DefaultGroupRate       = rate.Limit(15.0 / 60)
	DefaultGroupBurst      = 5
	DefaultGlobalRate      = rate.Limit(30)
	DefaultMaxSendAttempts = 5
	DefaultMaxRetryWait    = 2 * time.Minute
	DefaultMaxWebhookBody  = 1 << 20
	DefaultPollTimeout     = 50 * time.Second
	DefaultShutdownTimeout = 10 * time.Second
)

// WebhookPath is where Register mounts the webhook.
const WebhookPath = "/telegram/webhook"

// inlineLimit is how many results one inline page shows; Telegram allows 50.
const (
	inlineLimit    = 10
	maxInlinePage  = 50
	inlineCacheSec = 60
)

// allowedUpdates are the update kinds the bot asks for. Edited messages are
// left out: an answer to the first version has already gone.
var allowedUpdates = []string{"message", "callback_query", "inline_query"}

var (
	tokenRe  = lazyre.New(`^[0-9]+:[A-Za-z0-9_-]+$`)
	secretRe = lazyre.New(`^[A-Za-z0-9_-]{1,256}$`)
)

// Adapter is a running Telegram connection. It implements bot.Adapter.
type Adapter struct {
	cfg     Config
	h       bot.Handler
	api     api
	log     *slog.Logger
	metrics bot.Metrics
	allowed map[int64]bool
	pacer   *pacer
	runner  *runner
	// boot starts every request id, so ids stay unique across restarts
	// and across bots logging to the same place.
	boot string

	seen    *lru.Cache[int, struct{}]       // update ids taken, both modes
	refused *lru.Cache[int64, struct{}]     // chats already refused once
	kinds   *lru.Cache[sent, bot.ReplyKind] // what each message with buttons shows
	lastRef *lru.Cache[target, string]      // the first clause of each chat's (and topic's) last answer, for /share
	msgRef  *lru.Cache[sent, string]        // the first clause each answer message shows, for /share in reply to it

	self    atomic.Pointer[tgbotapi.User]
	started atomic.Bool
	ready   atomic.Bool

	// intake guards taking new updates from the webhook against shutdown.
	intake    sync.RWMutex
	accepting bool
	work      context.Context

	// Test knobs: the unit of retry_after (Telegram's is seconds), and the
	// backoff after network errors.
	retryUnit   time.Duration
	backoffBase time.Duration
	backoffMax  time.Duration
}

var _ bot.Adapter = (*Adapter)(nil)

// New checks cfg and returns an adapter that will serve h. It does not touch
// the network; Run does.
func New(cfg Config, h bot.Handler) (*Adapter, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	secrets := []string{cfg.Token, cfg.WebhookSecret}
	return newAdapter(cfg, h, newLibAPI(cfg.Token, cfg.APIEndpoint, cfg.HTTPClient, secrets)), nil
}

// setDefaults validates cfg and fills in defaults. Error messages never
// repeat a secret.
func (cfg *Config) setDefaults() error {
	if cfg.Token == "" {
		return errors.New("telegram: no bot token (set TELEGRAM_BOT_TOKEN to the token from @BotFather)")
	}
	if !tokenRe().MatchString(cfg.Token) {
		return errors.New("telegram: TELEGRAM_BOT_TOKEN is malformed: want <bot id>:<secret> as @BotFather gives it")
	}
	if cfg.APIEndpoint == "" {
		cfg.APIEndpoint = tgbotapi.APIEndpoint
	}
	if strings.Count(cfg.APIEndpoint, "%s") != 2 || strings.Count(cfg.APIEndpoint, "%") != 2 {
		return fmt.Errorf("telegram: TELEGRAM_API_ENDPOINT %q must contain exactly two %%s: the token, then the method", cfg.APIEndpoint)
	}
	if u, err := url.Parse(fmt.Sprintf(cfg.APIEndpoint, "TOKEN", "getMe")); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("telegram: TELEGRAM_API_ENDPOINT %q is not an http(s) URL pattern", cfg.APIEndpoint)
	}
	if cfg.WebhookURL != "" {
		u, err := url.Parse(cfg.WebhookURL)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			return fmt.Errorf("telegram: TELEGRAM_WEBHOOK_URL %q must be an absolute https URL (Telegram only posts to HTTPS)", cfg.WebhookURL)
		}
		if p := u.Port(); p != "" && p != "443" && p != "80" && p != "88" && p != "8443" {
			return fmt.Errorf("telegram: TELEGRAM_WEBHOOK_URL port %s: Telegram only posts to ports 443, 80, 88 and 8443", p)
		}
		if cfg.WebhookSecret == "" {
			return errors.New("telegram: TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL, so forged updates can be refused")
		}
	}
	if cfg.WebhookSecret != "" && !secretRe().MatchString(cfg.WebhookSecret) {
		return errors.New("telegram: TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Metrics == nil {
		cfg.Metrics = bot.NopMetrics{}
	}
	setDefault(&cfg.ChatRate, DefaultChatRate)
	setDefault(&cfg.GroupRate, DefaultGroupRate)
	setDefault(&cfg.GroupBurst, DefaultGroupBurst)
	setDefault(&cfg.GlobalRate, DefaultGlobalRate)
	setDefault(&cfg.MaxSendAttempts, DefaultMaxSendAttempts)
	setDefault(&cfg.MaxRetryWait, DefaultMaxRetryWait)
	setDefault(&cfg.MaxWebhookBody, DefaultMaxWebhookBody)
	setDefault(&cfg.PollTimeout, DefaultPollTimeout)
	setDefault(&cfg.ShutdownTimeout, DefaultShutdownTimeout)
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = defaultClient(cfg.PollTimeout)
	}
	if t := cfg.HTTPClient.Timeout; t > 0 && cfg.PollTimeout > t-5*time.Second {
		// A long poll must end before the client gives up on it, or every
		// quiet poll would look like a network failure.
		cfg.PollTimeout = max(0, t-5*time.Second)
	}
	return nil
}

func setDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

// defaultClient has timeouts for every stage but the body: a long poll's
// answer legitimately takes PollTimeout, and each request has its own
// context deadline.
func defaultClient(poll time.Duration) *http.Client {
	return &http.Client{Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: poll + 15*time.Second,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConnsPerHost:   16,
		ForceAttemptHTTP2:     true,
	}}
}

// newAdapter builds an adapter over any api; tests use it to inject one.
func newAdapter(cfg Config, h bot.Handler, a api) *Adapter {
	secrets := []string{cfg.Token, cfg.WebhookSecret}
	allowed := make(map[int64]bool, len(cfg.AllowedChats))
	for _, id := range cfg.AllowedChats {
		allowed[id] = true
	}
	seen, _ := lru.New[int, struct{}](8192)
	refused, _ := lru.New[int64, struct{}](4096)
	kinds, _ := lru.New[sent, bot.ReplyKind](8192)
	lastRef, _ := lru.New[target, string](shareMemory)
	msgRef, _ := lru.New[sent, string](shareMemory)
	pc := newPacer(cfg.ChatRate, cfg.GroupRate, cfg.GroupBurst, cfg.GlobalRate)
	if cfg.Shared != nil {
		pc.shared = cfg.Shared
	}
	return &Adapter{
		cfg:         cfg,
		h:           h,
		api:         a,
		log:         slog.New(redactHandler{h: cfg.Logger.Handler(), secrets: secrets}),
		metrics:     cfg.Metrics,
		allowed:     allowed,
		pacer:       pc,
		runner:      newRunner(),
		boot:        randomHex(3),
		seen:        seen,
		refused:     refused,
		kinds:       kinds,
		lastRef:     lastRef,
		msgRef:      msgRef,
		retryUnit:   time.Second,
		backoffBase: 500 * time.Millisecond,
		backoffMax:  time.Minute,
	}
}

// Platform implements bot.Adapter.
func (a *Adapter) Platform() bot.Platform { return bot.Telegram }

// Ready implements bot.Adapter: true while the bot is taking updates now.
// In long polling that means the last getUpdates succeeded (it turns false
// while they fail, and true again with the next that succeeds); in webhook
// mode, once the webhook is registered. False from the start of shutdown.
func (a *Adapter) Ready() bool { return a.ready.Load() }

// Register implements bot.Adapter. In webhook mode it mounts POST
// /telegram/webhook; in polling mode it does nothing.
func (a *Adapter) Register(mux *http.ServeMux) {
	if a.cfg.WebhookURL == "" {
		return
	}
	mux.Handle("POST "+WebhookPath, bot.RecoverHTTP(a.log, http.HandlerFunc(a.serveWebhook)))
}

// Run implements bot.Adapter. It checks the token (getMe), registers the
// command menu, then polls or registers the webhook, and serves until ctx
// ends. It then stops taking updates, waits up to ShutdownTimeout for
// replies in flight and returns nil, or an error wrapping
// bot.ErrRepliesAbandoned if the timeout cancelled some. It returns an
// error if the token is refused, at start or later.
func (a *Adapter) Run(ctx context.Context) error {
	if !a.started.CompareAndSwap(false, true) {
		return errors.New("telegram: Run called twice")
	}
	me, err := a.getMe(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	a.self.Store(me)
	a.logIdentity(me)
	a.setCommands(ctx)

	// Replies in flight outlive ctx, up to the shutdown timeout.
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	if a.cfg.WebhookURL != "" {
		err = a.serveWebhookMode(ctx, work, cancelWork)
	} else {
		err = a.pollLeased(ctx, work, cancelWork)
	}
	a.ready.Store(false)
	if ctx.Err() != nil && !fatal(err) && !errors.Is(err, bot.ErrRepliesAbandoned) {
		return nil
	}
	return err
}

// getMe checks the token, retrying while the network or Telegram is down.
func (a *Adapter) getMe(ctx context.Context) (*tgbotapi.User, error) {
	backoff := a.backoffBase
	for {
		res, err := a.do(ctx, "getMe", nil, callTimeout)
		if err == nil {
			var me tgbotapi.User
			if err := json.Unmarshal(res, &me); err != nil {
				return nil, fmt.Errorf("telegram: getMe: decoding result: %w", err)
			}
			if me.UserName == "" {
				return nil, errors.New("telegram: getMe: the bot has no username")
			}
			return &me, nil
		}
		if fatal(err) {
			return nil, fmt.Errorf("telegram: getMe: Telegram refused the bot token (%s); check TELEGRAM_BOT_TOKEN and TELEGRAM_API_ENDPOINT", describe(err))
		}
		if !transient(err) {
			return nil, fmt.Errorf("telegram: getMe: %w", err)
		}
		wait := backoff
		if d, ok := retryAfter(err, a.retryUnit); ok {
			wait = d
		}
		backoff = min(2*backoff, a.backoffMax)
		a.log.Warn("telegram: cannot reach the Bot API; retrying", "wait", wait, "err", err)
		if err := sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("telegram: getMe: %w", err)
		}
	}
}

// callTimeout bounds every request but a long poll.
const callTimeout = 30 * time.Second

// do makes one request with its own deadline.
func (a *Adapter) do(ctx context.Context, method string, params tgbotapi.Params, timeout time.Duration) (json.RawMessage, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return a.api.Call(ctx, method, params)
}

// logIdentity logs who the bot is and what its BotFather settings mean.
func (a *Adapter) logIdentity(me *tgbotapi.User) {
	mode := "long polling"
	if a.cfg.WebhookURL != "" {
		mode = "webhook"
	}
	a.log.Info("telegram: connected", "bot", "@"+me.UserName, "id", me.ID, "mode", mode)
	if !me.CanReadAllGroupMessages {
		a.log.Info("telegram: privacy mode is on (the default): in groups the bot receives only /commands " +
			"and replies to its own messages, so ask there with /ask@" + me.UserName + " QUESTION or by replying to the bot; " +
			"a plain @" + me.UserName + " mention reaches it only if privacy mode is turned off " +
			"(@BotFather: /setprivacy, Disable) or the bot is a group admin; inline mode (@" + me.UserName + " QUESTION) works everywhere")
	}
	if !me.SupportsInlineQueries {
		a.log.Info("telegram: inline mode is off; enable it with @BotFather /setinline to let users search from any chat")
	}
}

// setCommands registers the command menu, in English by default and in
// Chinese for Chinese clients. A failure is logged, not fatal: the bot
// works without a menu.
func (a *Adapter) setCommands(ctx context.Context) {
	for _, lc := range []struct {
		lang bot.Lang
		code string
	}{{bot.English, ""}, {bot.Chinese, "zh"}} {
		var cmds []tgbotapi.BotCommand
		for _, c := range bot.Commands(lc.lang) {
			cmds = append(cmds, tgbotapi.BotCommand{Command: c.Name, Description: c.Description})
		}
		cmds = append(cmds, shareCommand(lc.lang))
		p := tgbotapi.Params{}
		if err := p.AddInterface("commands", cmds); err != nil {
			a.log.Error("telegram: setMyCommands", "err", err)
			return
		}
		p.AddNonEmpty("language_code", lc.code)
		if _, err := a.call(ctx, "setMyCommands", p, nil); err != nil {
			a.log.Warn("telegram: setMyCommands failed; the command menu may be stale", "lang", lc.lang, "err", err)
		}
	}
}

// drain stops intake, waits for replies in flight (bounded) and reports
// whether all finished. Handlers still running after the timeout are
// cancelled.
func (a *Adapter) drain(cancelWork context.CancelFunc) bool {
	a.ready.Store(false)
	a.intake.Lock()
	a.accepting = false
	a.intake.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownTimeout)
	defer cancel()
	if a.runner.Wait(ctx) {
		return true
	}
	a.log.Warn("telegram: replies still in flight at the shutdown timeout; cancelling them", "timeout", a.cfg.ShutdownTimeout)
	cancelWork()
	ctx2, cancel2 := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel2()
	a.runner.Wait(ctx2)
	return false
}

// errAbandoned is Run's error when the stop timeout cut replies short, so
// the server can tell a clean stop from one that lost answers.
func errAbandoned(timeout time.Duration) error {
	return fmt.Errorf("telegram: stop timeout %v ran out: %w", timeout, bot.ErrRepliesAbandoned)
}

// newRequestID names one update's handling in the logs: "tg-", this
// adapter's boot id, and the update id, which Telegram's own logs and
// getUpdates show.
func (a *Adapter) newRequestID(updateID int) string {
	return "tg-" + a.boot + "-" + strconv.Itoa(updateID)
}

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}
