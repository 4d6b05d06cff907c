package slack

import (
	"context"
	"net/http"
	"runtime"
	"testing"
	"time"

	"clausebot/bot"
	"clausebot/bot/slack/slackfake"
)

func TestTTLCache(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	c := newTTLCache[string, int](2, time.Minute, func() time.Time { return now })
	c.Add("a", 1)
	if v, ok := c.Get("a"); !ok || v != 1 {
		t.Fatalf("Get(a) = %d, %v; want 1, true", v, ok)
	}
	now = now.Add(59 * time.Second)
	if !c.Contains("a") {
		t.Error("entry gone before its ttl")
	}
	now = now.Add(time.Second)
	if c.Contains("a") {
		t.Error("Contains(a) true at its ttl")
	}
	if _, ok := c.Get("a"); ok {
		t.Error("Get(a) found an expired entry")
	}
	// Re-adding renews; the size bound evicts the least recently used.
	c.Add("a", 2)
	c.Add("b", 3)
	c.Get("a")
	c.Add("c", 4)
	if c.Contains("b") || !c.Contains("a") || !c.Contains("c") {
		t.Errorf("after overflow: a=%v b=%v c=%v, want a and c kept", c.Contains("a"), c.Contains("b"), c.Contains("c"))
	}
}

// TestRunLeavesNoGoroutines starts and stops adapters in both modes and
// checks that the goroutine count comes back to where it was: the caches,
// the workers and the Socket Mode connection all end with Run.
func TestRunLeavesNoGoroutines(t *testing.T) {
	for _, mode := range []string{"http", "socket"} {
		t.Run(mode, func(t *testing.T) {
			fake := slackfake.New(t)
			tr := &http.Transport{}
			before := runtime.NumGoroutine()
			cfg := testConfig(fake)
			cfg.HTTPClient = &http.Client{Transport: tr}
			if mode == "http" {
				cfg.SigningSecret = slackfake.SigningSecret
			} else {
				cfg.AppToken = slackfake.AppToken
			}
			a, err := New(cfg, &stubHandler{reply: bot.Reply{Blocks: []bot.Block{{Text: "answer"}}}})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- a.Run(ctx) }()
			for deadline := time.Now().Add(60 * time.Second); !a.Ready(); time.Sleep(5 * time.Millisecond) {
				if time.Now().After(deadline) {
					cancel()
					t.Fatal("adapter not ready after 60s")
				}
			}
			cancel()
			if err := <-done; err != nil {
				t.Fatalf("Run = %v, want nil", err)
			}
			tr.CloseIdleConnections()
			var n int
			for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
				if n = runtime.NumGoroutine(); n <= before {
					return
				}
			}
			buf := make([]byte, 1<<20)
			t.Errorf("%d goroutines after Run returned, %d before:\n%s", n, before, buf[:runtime.Stack(buf, true)])
		})
	}
}
