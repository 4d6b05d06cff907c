package telegram

import (
	"context"
	"testing"
	"time"

	"clausebot/bot/redisstate"
	"clausebot/bot/redisstate/redistest"
	"clausebot/bot/telegram/tgfake"
)

func mustShared(t *testing.T) *redisstate.State {
	t.Helper()
	url, prefix := redistest.Must(t)
	s, err := redisstate.New(redisstate.Options{URL: url, Prefix: prefix, Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestPollSkipsUpdatesAnsweredElsewhere: a polled update that another
// replica answered (and died before confirming) is confirmed without being
// answered again; the next one is answered.
func TestPollSkipsUpdatesAnsweredElsewhere(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{})
	shared := mustShared(t)
	done, _ := fake.Private(tgfake.User(31, "en"), "/help")
	shared.FirstSeen(context.Background(), time.Hour, updateKeyShared(done)) // as the other replica did
	r := mustRun(t, fake, mustBot(t), func(c *Config) { c.Shared, c.Lease = shared, shared })
	next, _ := fake.Private(tgfake.User(32, "en"), "/help")
	if !fake.WaitFor(30*time.Second, func(s *tgfake.Server) bool { return len(s.SentTo(32)) == 1 && s.Confirmed() > next }) {
		t.Fatalf("the new update was not answered and confirmed:\n%s", r.logs)
	}
	if got := len(fake.SentTo(31)); got != 0 {
		t.Errorf("the update answered elsewhere got %d replies here, want 0", got)
	}
	if !shared.Seen(context.Background(), updateKeyShared(next)) {
		t.Error("the answered update is not recorded as handled for the other replicas")
	}
}

// TestWebhookSharedDedup: an update redelivered to another replica is
// answered once.
func TestWebhookSharedDedup(t *testing.T) {
	shared := mustShared(t)
	fake := tgfake.New(t, tgfake.Options{})
	var replicas []*Adapter
	for range 2 {
		cfg := testConfig(fake)
		cfg.Shared = shared
		r, err := New(cfg, mustBot(t))
		if err != nil {
			t.Fatal(err)
		}
		replicas = append(replicas, r)
	}
	a, b := replicas[0], replicas[1]
	ctx := context.Background()
	if !a.firstUpdate(ctx, 77) {
		t.Fatal("replica A: update 77 not new")
	}
	if b.firstUpdate(ctx, 77) {
		t.Error("replica B: the redelivered update 77 is new again")
	}
	if !b.firstUpdate(ctx, 78) || a.firstUpdate(ctx, 78) {
		t.Error("update 78: want new on B, then seen on A")
	}
}
