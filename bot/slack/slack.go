// Package slack is clausebot's Slack adapter.
//
// It connects through Socket Mode (an outbound websocket; no public URL) when
// an app-level token is configured, and otherwise serves the Events API,
// slash commands and interactivity over signed HTTP requests. Either way it
// turns Slack events into bot.Messages, asks the core, and renders the
// core's Reply as Block Kit: clauses verbatim in rich_text blocks with the
// matched terms in bold style runs, their reference in a context block, the
// bot's own words in mrkdwn sections, and the core's buttons in an actions
// block, split over as many posts as Slack's size limits need. It also
// publishes an App Home tab and answers the message shortcut "Ask
// clausebot about this message".
//
// cmd/clausebot builds it from the environment (SLACK_BOT_TOKEN,
// SLACK_APP_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL); docs/slack.md walks
// an operator through creating the app from slack-app-manifest.yaml.
package slack

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/slack-go/slack"
	"golang.org/x/time/rate"

	"clausebot/bot"
)

// Config configures an Adapter. Only BotToken and one of AppToken or
// SigningSecret are required; every other field has a default.
type Config struct {
	// BotToken is the bot user OAuth token (xoxb-…): SLACK_BOT_TOKEN.
	BotToken string
	// AppToken is the app-level token (xapp-…) with connections:write:
	// SLACK_APP_TOKEN. Setting it selects Socket Mode.
	AppToken string
	// SigningSecret verifies HTTP requests from Slack: SLACK_SIGNING_SECRET.
	// Used (HTTP mode) when AppToken is empty.
	SigningSecret string
	// APIURL is the Web API base URL: SLACK_API_URL. Default
	// "https://slack.com/api/"; tests point it at a loopback fake.
	APIURL string
	// CommandName is the slash command, with its slash. Default "/ask".
	CommandName string
	// PublicAnswers makes slash-command answers visible to the whole
	// channel. By default they are ephemeral, with a "Share in channel"
	// button.
	PublicAnswers bool
	// AllowedTeams and AllowedChannels restrict the bot to these workspace
	// and channel IDs. Empty means all. Outside them the bot neither replies
	// nor calls the API.
	AllowedTeams    []string
	AllowedChannels []string
	// HTTPClient makes Web API and response_url calls. Default: a client
	// with a 30 s timeout.
	HTTPClient *http.Client
	// Logger receives the adapter's logs. Default: discard.
	Logger *slog.Logger
	// Metrics counts sends, send errors and retries. Default: bot.NopMetrics.
	Metrics bot.Metrics

	// ChannelInterval paces posts to one channel: on average one message
	// per interval, in bursts of at most ChannelBurst. Default 1 s and 3,
	// Slack's documented "about one message per second per channel".
	ChannelInterval time.Duration
	ChannelBurst    int
	// MaxRetries bounds the retries of one send after a 429 (honouring
	// Retry-After) or a 5xx. Default 5.
	MaxRetries int
	// MaxRetryAfter caps one wait for Retry-After. Default 2 minutes.
	MaxRetryAfter time.Duration
	// MaxBodyBytes caps an inbound HTTP request body, in bytes; larger ones
	// get 413. Default 1 MiB (a block_actions payload carries the whole
	// message).
	MaxBodyBytes int64
	// MaxPendingBodies caps the HTTP request bodies read at once, before
	// their signature can be checked; more get 503 with Retry-After. With
	// MaxBodyBytes it bounds the memory unauthenticated requests can take
	// (default 16 × 1 MiB). Default 16.
	MaxPendingBodies int
	// DedupTTL and DedupSize bound the cache of seen event and envelope
	// IDs. Slack retries for up to about an hour. Default 1 h and 10,000.
	DedupTTL  time.Duration
	DedupSize int
	// HandleTimeout bounds the work on one event, sends included.
	// Default 2 minutes.
	HandleTimeout time.Duration
	// ShutdownTimeout bounds how long Run waits for replies in flight once
	// its context is done. Default 10 s.
	ShutdownTimeout time.Duration
	// MaxConcurrent bounds the events handled at once; more wait. Default 32.
	MaxConcurrent int
	// ShareTTL is how long an ephemeral answer stays shareable from memory;
	// after that the share button asks the question again. Default 24 h.
	ShareTTL time.Duration

	// Shared, when set, keeps the de-duplication of events, envelopes,
	// commands and presses, the response_url post counts and the channel
	// pacing where every replica sees them (bot/redisstate), so a retry
	// that reaches another replica is not answered twice. nil keeps them
	// in this process.
	Shared SharedState
}

// SharedState is the state replicas of the adapter share; see
// Config.Shared.
type SharedState interface {
	bot.Dedup
	bot.Counters
	bot.Pacer
}

// withDefaults returns cfg with its zero fields set to their defaults.
func (cfg Config) withDefaults() Config {
	if cfg.APIURL == "" {
		cfg.APIURL = slack.APIURL
	}
	if !strings.HasSuffix(cfg.APIURL, "/") {
		cfg.APIURL += "/"
	}
	if cfg.CommandName == "" {
		cfg.CommandName = "/ask"
	}
	if !strings.HasPrefix(cfg.CommandName, "/") {
		cfg.CommandName = "/" + cfg.CommandName
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{
			Timeout: 30 * time.Second,
			Transport: &http.Transport{
				Proxy:                 http.ProxyFromEnvironment,
				DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
				TLSHandshakeTimeout:   10 * time.Second,
				ResponseHeaderTimeout: 20 * time.Second,
				IdleConnTimeout:       90 * time.Second,
				MaxIdleConnsPerHost:   16,
			},
		}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Metrics == nil {
		cfg.Metrics = bot.NopMetrics{}
	}
	if cfg.ChannelInterval == 0 {
		cfg.ChannelInterval = time.Second
	}
	if cfg.ChannelBurst <= 0 {
		cfg.ChannelBurst = 3
	}
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = 5
	}
	if cfg.MaxRetryAfter <= 0 {
		cfg.MaxRetryAfter = 2 * time.Minute
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	if cfg.MaxPendingBodies <= 0 {
		cfg.MaxPendingBodies = 16
	}
	if cfg.DedupTTL <= 0 {
		cfg.DedupTTL = time.Hour
	}
	if cfg.DedupSize <= 0 {
		cfg.DedupSize = 10000
	}
	if cfg.HandleTimeout <= 0 {
		cfg.HandleTimeout = 2 * time.Minute
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = 10 * time.Second
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = 32
	}
	if cfg.ShareTTL <= 0 {
		cfg.ShareTTL = 24 * time.Hour
	}
	return cfg
}

// validate checks the settings a person types, without printing secrets.
func (cfg Config) validate() error {
	switch {
	case cfg.BotToken == "":
		return errors.New("slack: SLACK_BOT_TOKEN is required")
	case !strings.HasPrefix(cfg.BotToken, "xoxb-"):
		return errors.New("slack: SLACK_BOT_TOKEN must be a bot token (xoxb-…)")
	case cfg.AppToken != "" && !strings.HasPrefix(cfg.AppToken, "xapp-"):
		return errors.New("slack: SLACK_APP_TOKEN must be an app-level token (xapp-…)")
	case cfg.AppToken == "" && cfg.SigningSecret == "":
		return errors.New("slack: set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)")
	case strings.ContainsAny(cfg.CommandName, " \t\n"):
		return fmt.Errorf("slack: command name %q must be one word", cfg.CommandName)
	}
	if !strings.HasPrefix(cfg.APIURL, "http://") && !strings.HasPrefix(cfg.APIURL, "https://") {
		return fmt.Errorf("slack: SLACK_API_URL %q must be an http(s) URL", cfg.APIURL)
	}
	return nil
}

// slackAPI is the part of slack-go's client the adapter uses, so tests can
// see every call.
type slackAPI interface {
	AuthTestContext(ctx context.Context) (*slack.AuthTestResponse, error)
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
	PostEphemeralContext(ctx context.Context, channelID, userID string, options ...slack.MsgOption) (string, error)
	PublishViewContext(ctx context.Context, req slack.PublishViewContextRequest) (*slack.ViewResponse, error)
}

// Adapter is the Slack connection. Create it with New and start it with Run.
type Adapter struct {
	cfg    Config
	h      bot.Handler
	api    slackAPI
	client *slack.Client // for Socket Mode; nil in HTTP mode
	// reconnect spaces out Socket Mode connects (client's
	// apps.connections.open calls).
	reconnect *reconnectGate
	log       *slog.Logger
	metrics   bot.Metrics
	now       func() time.Time

	// botUserID and botID identify the bot's own messages; set by auth.test.
	botUserID atomic.Pointer[string]
	botID     atomic.Pointer[string]

	ready   atomic.Bool
	running atomic.Bool
	closing atomic.Bool

	teams    map[string]bool
	channels map[string]bool

	seenMu sync.Mutex
	seen   *ttlCache[string, struct{}]
	shares *ttlCache[string, shareEntry]
	// responseUses counts the posts made to each response_url, which
	// Slack accepts at most maxResponseURLUses times in its lifetime.
	respMu       sync.Mutex // makes a read and update of responseUses one step
	responseUses *ttlCache[string, int]

	limMu    sync.Mutex
	limiters *lru.Cache[string, *rate.Limiter]

	// work is the context of replies in flight; it outlives Run's context
	// by at most ShutdownTimeout, so an answer being sent is not cut off.
	work     context.Context
	stopWork context.CancelFunc
	inflight sync.WaitGroup
	sem      chan struct{}
	// bodySlots holds one token per request body being read before its
	// signature is checked (MaxPendingBodies).
	bodySlots chan struct{}
	// boot and reqSeq make request ids: unique across restarts and bots
	// logging to the same place, and short enough to grep.
	boot   string
	reqSeq atomic.Uint64
	// fatal carries an auth error met while sending, which ends Run.
	fatal chan error
	// startBackoff and startBackoffMax space auth.test retries at start
	// (0.5 s doubling to 1 min, as Telegram's getMe; tests shorten them).
	startBackoff, startBackoffMax time.Duration
}

var _ bot.Adapter = (*Adapter)(nil)

// New validates cfg and builds an Adapter that answers with h. It does not
// touch the network; Run does.
func New(cfg Config, h bot.Handler) (*Adapter, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if h == nil {
		return nil, errors.New("slack: nil handler")
	}
	opts := []slack.Option{
		slack.OptionAPIURL(cfg.APIURL),
		slack.OptionHTTPClient(cfg.HTTPClient),
	}
	if cfg.AppToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(cfg.AppToken))
	}
	client := slack.New(cfg.BotToken, opts...)
	a := newAdapter(cfg, h, client)
	if cfg.AppToken != "" {
		// Socket Mode gets its own client whose reconnects are spaced out
		// by the gate (see reconnectGate); Web API calls are not delayed.
		sockOpts := append(opts[:len(opts):len(opts)], slack.OptionHTTPClient(a.reconnect.gatedClient(cfg.HTTPClient)))
		a.client = slack.New(cfg.BotToken, sockOpts...)
	}
	return a, nil
}

// newAdapter builds an Adapter over api; cfg must have its defaults.
func newAdapter(cfg Config, h bot.Handler, api slackAPI) *Adapter {
	limiters, _ := lru.New[string, *rate.Limiter](4096)
	work, stop := context.WithCancel(context.Background())
	a := &Adapter{
		cfg:       cfg,
		h:         h,
		api:       api,
		log:       slog.New(requestIDHandler{cfg.Logger.Handler()}).With("platform", string(bot.Slack)),
		boot:      randomHex(3),
		metrics:   cfg.Metrics,
		now:       time.Now,
		teams:     set(cfg.AllowedTeams),
		channels:  set(cfg.AllowedChannels),
		limiters:  limiters,
		work:      work,
		stopWork:  stop,
		sem:       make(chan struct{}, cfg.MaxConcurrent),
		bodySlots: make(chan struct{}, cfg.MaxPendingBodies),
		fatal:     make(chan error, 1),

		startBackoff:    500 * time.Millisecond,
		startBackoffMax: time.Minute,
	}
	// The caches read a.now at each use, so a test's fake clock moves them.
	clock := func() time.Time { return a.now() }
	a.seen = newTTLCache[string, struct{}](cfg.DedupSize, cfg.DedupTTL, clock)
	a.shares = newTTLCache[string, shareEntry](1000, cfg.ShareTTL, clock)
	a.responseUses = newTTLCache[string, int](4096, responseURLLifetime, clock)
	a.reconnect = newReconnectGate(reconnectMin, reconnectMax, reconnectStable, clock)
	a.reconnect.onWait = func(d time.Duration) {
		a.log.Info("slack: socket mode reconnect spaced out", "wait", d)
	}
	empty := ""
	a.botUserID.Store(&empty)
	a.botID.Store(&empty)
	return a
}

func set(ids []string) map[string]bool {
	if len(ids) == 0 {
		return nil
	}
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		if id = strings.TrimSpace(id); id != "" {
			m[id] = true
		}
	}
	return m
}

// Platform returns bot.Slack.
func (a *Adapter) Platform() bot.Platform { return bot.Slack }

// Ready reports whether the adapter is connected now: in Socket Mode, a
// connection has said hello and not been lost since (it turns false at
// every reconnect); in HTTP mode, the token has been checked and the
// adapter is serving. False from the start of shutdown.
func (a *Adapter) Ready() bool { return a.ready.Load() }

// SocketMode reports whether the adapter connects through Socket Mode
// rather than serving HTTP endpoints.
func (a *Adapter) SocketMode() bool { return a.cfg.AppToken != "" }

// Run checks the bot token with auth.test, then serves: it runs Socket Mode
// or, in HTTP mode, waits for the endpoints mounted by Register to be
// called. When ctx is done it stops taking events, finishes the replies in
// flight (for at most ShutdownTimeout) and returns nil, or an error wrapping
// bot.ErrRepliesAbandoned if the timeout cancelled some. It returns an error
// when a token is rejected, at start or later.
func (a *Adapter) Run(ctx context.Context) (err error) {
	if !a.running.CompareAndSwap(false, true) {
		return errors.New("slack: Run called twice")
	}
	defer func() {
		if !a.shutdown() && err == nil {
			err = fmt.Errorf("slack: stop timeout %v ran out: %w", a.cfg.ShutdownTimeout, bot.ErrRepliesAbandoned)
		}
	}()

	resp, err := a.authTest(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	a.botUserID.Store(&resp.UserID)
	a.botID.Store(&resp.BotID)
	a.log.Info("slack: authenticated", "team", resp.Team, "team_id", resp.TeamID, "bot_user", resp.UserID)

	if a.client != nil {
		return a.runSocketMode(ctx)
	}
	a.ready.Store(true)
	a.log.Info("slack: serving HTTP endpoints", "events", pathEvents, "commands", pathCommands, "interactive", pathInteractive)
	select {
	case <-ctx.Done():
		return nil
	case err := <-a.fatal:
		return err
	}
}

// authTest checks the bot token with auth.test. While Slack cannot be
// reached (a network error, a timeout, a 5xx, a rate limit) it retries,
// logging each failure, with a backoff from startBackoff doubling to
// startBackoffMax, until ctx ends; as the Telegram adapter does with
// getMe. A rejected token or any other answer that cannot change on retry
// is returned at once.
func (a *Adapter) authTest(ctx context.Context) (*slack.AuthTestResponse, error) {
	backoff := a.startBackoff
	for attempt := 1; ; attempt++ {
		actx, cancel := context.WithTimeout(ctx, 30*time.Second)
		resp, err := a.api.AuthTestContext(actx)
		cancel()
		if err == nil {
			return resp, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if isAuthCode(slackErrorCode(err)) || slackErrorCode(err) == "missing_scope" {
			return nil, a.authError("auth.test", "SLACK_BOT_TOKEN", err)
		}
		wait, retryable := a.retryWait(err, backoff)
		if !retryable && !errors.Is(err, context.DeadlineExceeded) {
			return nil, a.authError("auth.test", "SLACK_BOT_TOKEN", err)
		}
		a.log.Warn("slack: cannot reach Slack; retrying", "op", "auth.test", "attempt", attempt, "wait", wait, "error", err)
		if err := sleepCtx(ctx, wait); err != nil {
			return nil, err
		}
		backoff = min(2*backoff, a.startBackoffMax)
	}
}

// authError turns a rejected-credentials error into a clear one that names
// the variable to fix; it never includes the token.
func (a *Adapter) authError(op, env string, err error) error {
	code := slackErrorCode(err)
	switch code {
	case "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive", "missing_scope":
		a.log.Error("slack: credentials rejected; stopping", "op", op, "error", code, "check", env)
		return fmt.Errorf("slack: %s: %s rejected (%s)", op, env, code)
	}
	return fmt.Errorf("slack: %s: %w", op, err)
}

// slackErrorCode returns Slack's error string for a Web API error, or "".
func slackErrorCode(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	// socketmode's apps.connections.open returns the bare code.
	if err != nil && !strings.ContainsAny(err.Error(), " :") {
		return err.Error()
	}
	return ""
}

// shutdown stops taking events and waits, bounded, for replies in flight.
// It reports whether they all finished; those that did not are cancelled.
func (a *Adapter) shutdown() bool {
	a.closing.Store(true)
	a.ready.Store(false)
	done := make(chan struct{})
	go func() { a.inflight.Wait(); close(done) }()
	finished := true
	select {
	case <-done:
	case <-time.After(a.cfg.ShutdownTimeout):
		finished = false
		a.log.Warn("slack: replies still in flight at shutdown; cancelling them", "timeout", a.cfg.ShutdownTimeout)
	}
	a.stopWork()
	return finished
}

// dispatch runs fn in the background under the work context, unless the
// adapter is shutting down. It reports whether fn was started.
func (a *Adapter) dispatch(what string, fn func(ctx context.Context)) bool {
	if a.closing.Load() {
		a.log.Warn("slack: shutting down; event dropped", "event", what)
		return false
	}
	a.inflight.Add(1)
	go func() {
		defer a.inflight.Done()
		select {
		case a.sem <- struct{}{}:
		case <-a.work.Done():
			return
		}
		defer func() { <-a.sem }()
		ctx, cancel := context.WithTimeout(a.work, a.cfg.HandleTimeout)
		defer cancel()
		// One id for everything this event causes: the core's log lines,
		// the sends and retries, and serve's per-message line.
		ctx = bot.WithRequestID(ctx, a.newRequestID())
		defer func() {
			if p := recover(); p != nil {
				a.log.ErrorContext(ctx, "slack: panic while handling event", "event", what, "panic", fmt.Sprint(p))
			}
		}()
		fn(ctx)
	}()
	return true
}

// firstSeen records key and reports whether it was new. Keys are event
// IDs, envelope IDs and message timestamps: one question, one answer.
func (a *Adapter) firstSeen(keys ...string) bool {
	if a.cfg.Shared != nil {
		shared := make([]string, 0, len(keys))
		for _, k := range keys {
			if k != "" {
				shared = append(shared, "slack:"+k)
			}
		}
		return a.cfg.Shared.FirstSeen(a.work, a.cfg.DedupTTL, shared...)
	}
	a.seenMu.Lock()
	defer a.seenMu.Unlock()
	for _, k := range keys {
		if k != "" && a.seen.Contains(k) {
			return false
		}
	}
	for _, k := range keys {
		if k != "" {
			a.seen.Add(k, struct{}{})
		}
	}
	return true
}

// allowed applies the team and channel allowlists.
func (a *Adapter) allowed(team, channel string) bool {
	if a.teams != nil && !a.teams[team] {
		return false
	}
	if a.channels != nil && !a.channels[channel] {
		return false
	}
	return true
}

// debugLog adapts socketmode's logger to slog at debug level.
type debugLog struct{ l *slog.Logger }

func (d debugLog) Output(_ int, s string) error {
	d.l.Debug(strings.TrimSpace(s))
	return nil
}

// newRequestID names one event's handling in the logs.
func (a *Adapter) newRequestID() string {
	return "sl-" + a.boot + "-" + strconv.FormatUint(a.reqSeq.Add(1), 10)
}

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// requestIDAttr is the log attribute of an event's request id.
const requestIDAttr = "request_id"

// requestIDHandler adds the request id of the context to every record
// logged with one (the adapter logs with the Context methods while it
// handles an event), so the lines about one event can be followed through
// the core, the sends and the retries.
type requestIDHandler struct{ next slog.Handler }

func (h requestIDHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.next.Enabled(ctx, l)
}

func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := bot.RequestID(ctx); id != "" {
		r = r.Clone()
		r.AddAttrs(slog.String(requestIDAttr, id))
	}
	return h.next.Handle(ctx, r)
}

func (h requestIDHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return requestIDHandler{h.next.WithAttrs(as)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.next.WithGroup(name)}
}
