package slack

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clausebot/bot"
	"clausebot/bot/slack/slackfake"
)

func TestReconnectGate(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	g := newReconnectGate(time.Second, 8*time.Second, time.Minute, func() time.Time { return now })
	var slept []time.Duration
	g.sleep = func(_ context.Context, d time.Duration) error {
		slept = append(slept, d)
		now = now.Add(d)
		return nil
	}
	connect := func(after time.Duration) {
		now = now.Add(after)
		if err := g.wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	connect(0) // the first connect goes at once
	for range 6 {
		connect(10 * time.Millisecond) // dropped at once, again and again
	}
	connect(2 * time.Minute) // a connection that lasted: the backoff resets
	connect(0)
	want := []time.Duration{
		990 * time.Millisecond, // min after the previous connect
		2*time.Second - 10*time.Millisecond,
		4*time.Second - 10*time.Millisecond,
		8*time.Second - 10*time.Millisecond,
		8*time.Second - 10*time.Millisecond, // capped at max
		8*time.Second - 10*time.Millisecond,
		0,
		time.Second,
	}
	if diff := cmp.Diff(want, slept); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}

	// A stop while waiting ends the wait with the context's error.
	g2 := newReconnectGate(time.Hour, time.Hour, 2*time.Hour, time.Now)
	ctx, cancel := context.WithCancel(context.Background())
	g2.wait(ctx)
	cancel()
	if err := g2.wait(ctx); err == nil {
		t.Error("wait returned nil after its context was cancelled")
	}
}

// TestSocketModeFlappingServerIsNotHammered scripts a server that accepts
// each websocket and drops it at once: the adapter must keep reconnecting,
// but spaced out, not in a tight loop; and it connects normally once the
// server recovers.
func TestSocketModeFlappingServerIsNotHammered(t *testing.T) {
	fake := slackfake.New(t)
	h := &stubHandler{reply: bot.Reply{Blocks: []bot.Block{{Text: "answer"}}}}
	r := mustSocket(t, fake, h, nil)
	r.reconnect.mu.Lock()
	r.reconnect.min, r.reconnect.max = 50*time.Millisecond, 200*time.Millisecond
	r.reconnect.mu.Unlock()

	fake.DropAtOnce(true)
	start := fake.Connections()
	fake.Drop()
	const window = 1500 * time.Millisecond
	time.Sleep(window)
	n := fake.Connections() - start
	// Spaced 50, 100, 200, 200, … ms apart, 1.5 s allows about 9; an
	// unspaced loop makes hundreds. A slow machine only makes fewer.
	if n < 2 || n > 20 {
		t.Errorf("%d connections in %v while the server dropped each at once, want 2-20", n, window)
	}
	if got := fake.Calls("apps.connections.open"); got > n+3 {
		t.Errorf("%d apps.connections.open calls for %d connections", got, n)
	}

	fake.DropAtOnce(false)
	for deadline := time.Now().Add(60 * time.Second); !r.Ready(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("not ready again within 60s of the server recovering")
		}
	}
}
