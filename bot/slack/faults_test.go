package slack

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"clausebot/bot"
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
