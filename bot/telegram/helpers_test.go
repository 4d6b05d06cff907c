package telegram

import (
	"context"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"clausebot/bot"
	"clausebot/bot/bottest"
	"clausebot/bot/telegram/tgfake"
)

// mustBot returns a real Bot over the seed index, without a per-user rate
// limit so tests can ask quickly.
func mustBot(t testing.TB) *bot.Bot {
	t.Helper()
	return bot.New(bottest.SeedIndex(t), bot.Options{RatePerMinute: -1})
}

// counts is a bot.Metrics counting the adapter's events.
type counts struct {
	bot.NopMetrics
	sent, sendErrors, retries atomic.Int64
}

func (c *counts) Sent(bot.Platform)      { c.sent.Add(1) }
func (c *counts) SendError(bot.Platform) { c.sendErrors.Add(1) }
func (c *counts) SendRetry(bot.Platform) { c.retries.Add(1) }

// running is an adapter started by mustRun.
type running struct {
	*Adapter
	fake    *tgfake.Server
	logs    *bottest.Buffer
	metrics *counts
	cancel  context.CancelFunc
	done    chan error
}

// testConfig is a config against fake with pacing off and short waits;
// tests that need pacing turn it back on.
func testConfig(fake *tgfake.Server) Config {
	return Config{
		Token:           fake.Token(),
		APIEndpoint:     fake.Endpoint(),
		ChatRate:        rate.Inf,
		GroupRate:       rate.Inf,
		GlobalRate:      rate.Inf,
		PollTimeout:     5 * time.Second,
		ShutdownTimeout: 10 * time.Second,
	}
}

// mustRun starts an adapter for h against fake, with cfg adjusted by mod,
// and waits until it is ready. At cleanup it stops the adapter, checks that
// Run returned nil, and that the token never appeared in any log line.
func mustRun(t testing.TB, fake *tgfake.Server, h bot.Handler, mod func(*Config)) *running {
	t.Helper()
	logs := &bottest.Buffer{}
	m := &counts{}
	cfg := testConfig(fake)
	cfg.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg.Metrics = m
	if mod != nil {
		mod(&cfg)
	}
	a, err := New(cfg, h)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	a.retryUnit = 10 * time.Millisecond
	a.backoffBase = 10 * time.Millisecond
	a.backoffMax = 50 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{Adapter: a, fake: fake, logs: logs, metrics: m, cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- a.Run(ctx) }()
	t.Cleanup(func() {
		r.stop(t)
		if strings.Contains(logs.String(), fake.Token()) {
			t.Errorf("the token appears in the logs:\n%s", logs.String())
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for !a.Ready() {
		select {
		case err := <-r.done:
			r.done <- err
			t.Fatalf("Run ended before ready: %v\nlogs:\n%s", err, logs.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("adapter not ready after 60s; logs:\n%s", logs.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	return r
}

// stop cancels Run and checks it returned nil. It is safe to call twice.
func (r *running) stop(t testing.TB) {
	t.Helper()
	r.cancel()
	select {
	case err, ok := <-r.done:
		if ok && err != nil {
			t.Errorf("Run returned %v, want nil", err)
		}
		if ok {
			close(r.done)
		}
	case <-time.After(30 * time.Second):
		t.Errorf("Run did not return within 30s of cancellation")
	}
}

// handled waits until the adapter has confirmed update id, which it does
// only after handling it: the moment a test can look for silence.
func handled(t testing.TB, fake *tgfake.Server, id int) {
	t.Helper()
	if !fake.WaitFor(60*time.Second, func(s *tgfake.Server) bool { return s.Confirmed() > id }) {
		t.Fatalf("update %d not confirmed within 60s", id)
	}
}

var (
	alice = tgfake.User(1001, "zh-hans")
	bob   = tgfake.User(1002, "en")
)
