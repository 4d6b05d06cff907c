package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"clausebot/bot"
	"clausebot/bot/bottest"
	"clausebot/bot/slack/slackfake"
)

// mustBot returns a real Bot over the seed index, without the per-user
// rate limit (tests ask many questions quickly).
func mustBot(t testing.TB) *bot.Bot {
	t.Helper()
	return bot.New(bottest.SeedIndex(t), bot.Options{RatePerMinute: -1})
}

// testConfig is a Config for fake, unpaced so tests are quick.
func testConfig(fake *slackfake.Server) Config {
	return Config{
		BotToken:        slackfake.BotToken,
		APIURL:          fake.APIURL(),
		ChannelInterval: -1,
		ShutdownTimeout: 5 * time.Second,
	}
}

// running is an adapter started with Run, stopped at cleanup.
type running struct {
	*Adapter
	mux  *http.ServeMux
	fake *slackfake.Server
}

// mustRun starts a with Run, waits until it is ready, and at cleanup
// cancels it and checks Run returned nil.
func mustRun(t testing.TB, a *Adapter, fake *slackfake.Server) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	deadline := time.Now().Add(60 * time.Second)
	for !a.Ready() {
		select {
		case err := <-done:
			cancel()
			t.Fatalf("Run returned before ready: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatal("adapter not ready after 60s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v, want nil after cancel", err)
			}
		case <-time.After(15 * time.Second):
			t.Error("Run did not return within 15s of cancel")
		}
	})
	mux := http.NewServeMux()
	a.Register(mux)
	return &running{Adapter: a, mux: mux, fake: fake}
}

// mustHTTP starts an HTTP-mode adapter over fake answering with h.
func mustHTTP(t testing.TB, fake *slackfake.Server, h bot.Handler, edit func(*Config)) *running {
	t.Helper()
	cfg := testConfig(fake)
	cfg.SigningSecret = slackfake.SigningSecret
	if edit != nil {
		edit(&cfg)
	}
	a, err := New(cfg, h)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return mustRun(t, a, fake)
}

// mustSocket starts a Socket Mode adapter over fake answering with h.
func mustSocket(t testing.TB, fake *slackfake.Server, h bot.Handler, edit func(*Config)) *running {
	t.Helper()
	cfg := testConfig(fake)
	cfg.AppToken = slackfake.AppToken
	if edit != nil {
		edit(&cfg)
	}
	a, err := New(cfg, h)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return mustRun(t, a, fake)
}

// serve sends r through the adapter's endpoints and returns the response.
func (r *running) serve(req *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	r.mux.ServeHTTP(w, req)
	return w
}

// idle waits until every event handed to the adapter has been answered.
func (r *running) idle(t testing.TB) {
	t.Helper()
	done := make(chan struct{})
	go func() { r.inflight.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("replies still in flight after 30s")
	}
}

// mrkdwnTexts returns every text string of a post's blocks that Slack
// parses for control sequences (<!here>, <@U…>, links), plus the fallback
// text. A rich_text block's text elements are literal and are left out; any
// other rich_text element (a mention, a link, a broadcast) is reported as
// its <…> form, since the adapter must never send one.
func mrkdwnTexts(p slackfake.Post) []string {
	out := []string{p.Text}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			switch v["type"] {
			case "text":
			case "user", "usergroup", "broadcast", "link", "channel":
				// Reported with a control sequence in it, so the callers'
				// checks for one catch it.
				out = append(out, fmt.Sprintf("<!channel> (a rich_text %v element)", v["type"]))
			default:
				if s, ok := v["text"].(string); ok {
					out = append(out, s)
				}
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	var blocks any
	_ = json.Unmarshal(p.Blocks, &blocks)
	walk(blocks)
	return out
}

// stubHandler is a transport-level Handler: it records what it receives
// and answers with a fixed reply. Behaviour is tested with a real Bot.
type stubHandler struct {
	mu      sync.Mutex
	got     []bot.Message
	presses []bot.Action
	ids     []string // bot.RequestID of each Handle and Press context
	reply   bot.Reply
	gate    chan struct{} // when set, Handle waits for it
}

func (s *stubHandler) Handle(ctx context.Context, m bot.Message) (bot.Reply, bool) {
	if s.gate != nil {
		select {
		case <-s.gate:
		case <-ctx.Done():
			return bot.Reply{}, false
		}
	}
	s.mu.Lock()
	s.got = append(s.got, m)
	s.ids = append(s.ids, bot.RequestID(ctx))
	s.mu.Unlock()
	return s.reply, true
}

func (s *stubHandler) Press(ctx context.Context, a bot.Action) (bot.Reply, bool) {
	s.mu.Lock()
	s.presses = append(s.presses, a)
	s.ids = append(s.ids, bot.RequestID(ctx))
	s.mu.Unlock()
	return s.reply, true
}

func (s *stubHandler) Inline(context.Context, bot.InlineQuery) (bot.InlineResults, error) {
	return bot.InlineResults{}, nil
}

func (s *stubHandler) messages() []bot.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]bot.Message(nil), s.got...)
}

func (s *stubHandler) requestIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.ids...)
}
