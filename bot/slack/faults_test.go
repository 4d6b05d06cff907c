package slack

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"clausebot/bot"
	"clausebot/bot/bottest"
	"clausebot/bot/slack/slackfake"
)

// countMetrics counts sends, errors and retries.
type countMetrics struct {
	bot.NopMetrics
	sent, errors, retries atomic.Int64
}

func (m *countMetrics) Sent(bot.Platform)      { m.sent.Add(1) }
func (m *countMetrics) SendError(bot.Platform) { m.errors.Add(1) }
func (m *countMetrics) SendRetry(bot.Platform) { m.retries.Add(1) }

// An error no retry can cure (a URL that cannot be parsed, has no host, or
// or is otherwise malformed) fails at once, without the 31 s of
// backoff that would hold a handler slot.
func TestPermanentErrorsAreNotRetried(t *testing.T) {
	fake := slackfake.New(t)
	m := &countMetrics{}
	cfg := testConfig(fake)
	cfg.SigningSecret = slackfake.SigningSecret
	cfg.Metrics = m
	a, err := New(cfg, &stubHandler{})
	if err != nil {
		t.Fatal(err)
	}
	for _, url := range []string{
		"https://%zz/commands/1", // does not parse
		"https://",               // no host
		"https://[::1/commands",  // does not parse
	} {
		before := m.retries.Load()
		err := a.respond(context.Background(), url, "", &slack.WebhookMessage{Text: "hi"})
		if err == nil {
			t.Errorf("respond(%q) succeeded", url)
		}
		if n := m.retries.Load() - before; n != 0 {
			t.Errorf("respond(%q): %d retries of an error that cannot succeed (%v)", url, n, err)
		}
	}
}

// A slash command replayed inside the 5-minute signature window (the same
// signed request again, or Slack redelivering it) is answered once, as
// events are.
func TestReplayedSlashCommandAnsweredOnce(t *testing.T) {
	fake := slackfake.New(t)
	h := &stubHandler{reply: bot.Reply{Kind: bot.KindHelp, Blocks: []bot.Block{{Kind: bot.TextBlock, Text: "help"}}}}
	r := mustHTTP(t, fake, h, nil)
	cmd := slackfake.Command{TeamID: slackfake.TeamID, ChannelID: slackfake.Channel, UserID: "UASKER",
		Command: "/ask", Text: "help", ResponseURL: fake.ResponseURL("replayed")}
	now := time.Now()
	for i := range 3 {
		req := slackfake.SignedRequest(slackfake.SigningSecret, now, "/slack/commands", "application/x-www-form-urlencoded", cmd.Form())
		if w := r.serve(req); w.Code != http.StatusOK {
			t.Fatalf("delivery %d: status %d, want 200", i, w.Code)
		}
	}
	r.idle(t)
	if got := len(h.messages()); got != 1 {
		t.Errorf("a command delivered 3 times was handled %d times, want 1", got)
	}
}

// blockingBody is a request body that never yields a byte until closed:
// a client that sent its headers and stalled.
type blockingBody struct{ done chan struct{} }

func (b blockingBody) Read([]byte) (int, error) { <-b.done; return 0, io.EOF }
func (b blockingBody) Close() error             { return nil }

// A request that cannot be Slack's (no signature, a stale or malformed
// timestamp, a malformed signature, a declared size over the cap) is
// refused from its headers alone: its body is never read, so it cannot
// hold memory or a goroutine for as long as the client likes.
func TestUnsignedRequestRefusedBeforeBody(t *testing.T) {
	fake := slackfake.New(t)
	r := mustHTTP(t, fake, &stubHandler{}, func(c *Config) { c.MaxBodyBytes = 4096 })
	now := time.Now()
	ts, sig := slackfake.Sign(slackfake.SigningSecret, now, []byte("{}"))
	for _, tc := range []struct {
		name     string
		ts, sig  string
		length   int64
		wantCode int
	}{
		{"no headers", "", "", -1, http.StatusUnauthorized},
		{"stale", strconv.FormatInt(now.Add(-time.Hour).Unix(), 10), sig, -1, http.StatusUnauthorized},
		{"malformed timestamp", "12x", sig, -1, http.StatusUnauthorized},
		{"malformed signature", ts, "v0=zz", -1, http.StatusUnauthorized},
		{"declared too large", ts, sig, 1 << 30, http.StatusRequestEntityTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := blockingBody{done: make(chan struct{})}
			defer close(body.done)
			req := httptest.NewRequest(http.MethodPost, "/slack/events", body)
			req.ContentLength = tc.length
			if tc.ts != "" {
				req.Header.Set("X-Slack-Request-Timestamp", tc.ts)
				req.Header.Set("X-Slack-Signature", tc.sig)
			}
			got := make(chan int, 1)
			go func() { got <- r.serve(req).Code }()
			select {
			case code := <-got:
				if code != tc.wantCode {
					t.Errorf("status %d, want %d", code, tc.wantCode)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("the handler is reading the body of a request it could refuse from its headers")
			}
		})
	}
}

// However many clients send well-signed-looking headers and stall, at most
// MaxPendingBodies bodies are read at once; the others are refused 503
// (Slack retries) instead of each taking up to MaxBodyBytes of memory.
func TestPendingBodiesCapped(t *testing.T) {
	fake := slackfake.New(t)
	r := mustHTTP(t, fake, &stubHandler{}, func(c *Config) { c.MaxPendingBodies = 2 })
	stalled := make([]blockingBody, 2)
	for i := range stalled {
		stalled[i] = blockingBody{done: make(chan struct{})}
		ts, sig := slackfake.Sign(slackfake.SigningSecret, time.Now(), []byte("{}"))
		req := httptest.NewRequest(http.MethodPost, "/slack/events", stalled[i])
		req.Header.Set("X-Slack-Request-Timestamp", ts)
		req.Header.Set("X-Slack-Signature", sig)
		go r.serve(req)
	}
	defer func() {
		for _, b := range stalled {
			close(b.done)
		}
	}()
	// Once both slots are taken, the next request is refused; poll for it
	// rather than guess how long the two take to start reading.
	deadline := time.Now().Add(20 * time.Second)
	for {
		ts, sig := slackfake.Sign(slackfake.SigningSecret, time.Now(), []byte("{}"))
		req := httptest.NewRequest(http.MethodPost, "/slack/events", strings.NewReader("{}"))
		req.Header.Set("X-Slack-Request-Timestamp", ts)
		req.Header.Set("X-Slack-Signature", sig)
		w := r.serve(req)
		if w.Code == http.StatusServiceUnavailable {
			if w.Header().Get("Retry-After") == "" {
				t.Error("503 without Retry-After")
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("a third body was read while two stalled (last status %d); want 503", w.Code)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// The reconnect spacing must never run inside a request's timeout: a
// spacing longer than the client's timeout would make every reconnect time
// out and push the next one further, for ever. The gate here waits until
// the request's deadline, if it sees one, has passed: a request whose
// timeout runs during the wait fails; one whose timeout starts after it
// goes through.
func TestReconnectSpacingOutsideRequestTimeout(t *testing.T) {
	fake := slackfake.New(t)
	g := newReconnectGate(time.Second, time.Minute, time.Minute, time.Now)
	g.last = time.Now() // a connect just happened: the next one is spaced
	g.sleep = func(ctx context.Context, d time.Duration) error {
		if _, ok := ctx.Deadline(); ok {
			<-ctx.Done()
			return ctx.Err()
		}
		return nil
	}
	client := g.gatedClient(&http.Client{Timeout: 30 * time.Second})
	api := slack.New(slackfake.BotToken, slack.OptionAPIURL(fake.APIURL()), slack.OptionAppLevelToken(slackfake.AppToken),
		slack.OptionHTTPClient(client))
	if _, _, err := api.StartSocketModeContext(context.Background()); err != nil {
		t.Fatalf("apps.connections.open after a spaced reconnect: %v", err)
	}
}

// While Socket Mode is down (every connection dropped before hello), the
// adapter is not ready; it is ready again once a connection says hello.
func TestSocketModeReadinessFollowsConnection(t *testing.T) {
	fake := slackfake.New(t)
	r := mustSocket(t, fake, &stubHandler{}, nil)
	r.reconnect.mu.Lock()
	r.reconnect.min, r.reconnect.max = 20*time.Millisecond, 100*time.Millisecond
	r.reconnect.mu.Unlock()

	fake.DropAtOnce(true)
	fake.Drop()
	waitUntil(t, "not ready while every connection drops before hello", func() bool { return !r.Ready() })
	fake.DropAtOnce(false)
	waitUntil(t, "ready again once the server recovers", r.Ready)
}

// waitUntil polls cond for up to 20 s.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out: %s", what)
		}
	}
}

// dropFirst is a loopback proxy in front of the fake that drops the
// connection of the first n auth.test calls: Slack unreachable at start.
func dropFirst(t *testing.T, fake *slackfake.Server, n int) string {
	t.Helper()
	target, err := url.Parse(fake.APIURL())
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	var dropped atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/auth.test") && dropped.Add(1) <= int64(n) {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + target.Path
}

// A network error at start is retried with a backoff, each failure logged,
// until Slack answers, as the Telegram adapter does; and only until the
// context ends.
func TestStartRetriesNetworkErrors(t *testing.T) {
	for _, mode := range []string{"http", "socket"} {
		t.Run(mode, func(t *testing.T) {
			fake := slackfake.New(t)
			logs := &bottest.Buffer{}
			cfg := testConfig(fake)
			cfg.APIURL = dropFirst(t, fake, 3)
			cfg.Logger = slog.New(slog.NewJSONHandler(logs, nil))
			if mode == "http" {
				cfg.SigningSecret = slackfake.SigningSecret
			} else {
				cfg.AppToken = slackfake.AppToken
			}
			a, err := New(cfg, &stubHandler{})
			if err != nil {
				t.Fatal(err)
			}
			a.startBackoff, a.startBackoffMax = 10*time.Millisecond, 40*time.Millisecond
			r := mustRun(t, a, fake)
			if got := strings.Count(logs.String(), "cannot reach Slack; retrying"); got != 3 {
				t.Errorf("%d failures logged, want 3:\n%s", got, logs)
			}
			if !r.Ready() {
				t.Error("not ready")
			}
		})
	}

	// Unreachable for good: Run keeps trying until its context ends, then
	// returns nil like any stop.
	fake := slackfake.New(t)
	logs := &bottest.Buffer{}
	cfg := testConfig(fake)
	cfg.APIURL = dropFirst(t, fake, 1<<30)
	cfg.SigningSecret = slackfake.SigningSecret
	cfg.Logger = slog.New(slog.NewJSONHandler(logs, nil))
	a, err := New(cfg, &stubHandler{})
	if err != nil {
		t.Fatal(err)
	}
	a.startBackoff, a.startBackoffMax = 10*time.Millisecond, 40*time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	waitUntil(t, "two failures logged", func() bool { return strings.Count(logs.String(), "cannot reach Slack") >= 2 })
	select {
	case err := <-done:
		t.Fatalf("Run returned %v while Slack was unreachable; want it to keep retrying", err)
	default:
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run after cancel = %v, want nil", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
}
