package slack

import (
	"context"
	"testing"
	"time"

	"clausebot/bot/bottest"
	"clausebot/bot/redisstate"
	"clausebot/bot/redisstate/redistest"
	"clausebot/bot/slack/slackfake"
)

// TestSharedState: two adapters sharing one State, as two replicas do,
// see each other's events and count each other's posts to a response_url.
func TestSharedState(t *testing.T) {
	url, prefix := redistest.Must(t)
	shared, err := redisstate.New(redisstate.Options{URL: url, Prefix: prefix, Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { shared.Close() })
	fake := slackfake.New(t)
	var replicas []*Adapter
	for range 2 {
		cfg := testConfig(fake)
		cfg.Shared = shared
		cfg.SigningSecret = slackfake.SigningSecret
		a, err := New(cfg, bottest.SilentHandler{})
		if err != nil {
			t.Fatal(err)
		}
		replicas = append(replicas, a)
	}
	a, b := replicas[0], replicas[1]
	if !a.firstSeen("Ev1", "env1", "ts:D1:1.1") {
		t.Fatal("replica A: event not new")
	}
	if b.firstSeen("Ev1", "env2", "") || b.firstSeen("", "", "ts:D1:1.1") {
		t.Error("replica B: a retry of A's event is new again")
	}
	ctx := context.Background()
	const hook = "https://hooks.slack.com/commands/T1/123/abc"
	a.responseURLUses(ctx, hook, 1)
	b.responseURLUses(ctx, hook, 1)
	if got := a.responseURLUses(ctx, hook, 0); got != 2 {
		t.Errorf("posts counted for the response_url = %d, want 2 (one from each replica)", got)
	}
	b.responseURLUses(ctx, hook, maxResponseURLUses) // Slack said used_url
	if err := a.respond(ctx, hook, "", nil); err != errResponseURLUsed {
		t.Errorf("replica A posting to a URL used up on B: %v, want errResponseURLUsed", err)
	}
}
