package slack

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"clausebot/bot"
	"clausebot/bot/bottest"
	"clausebot/bot/qlog"
	"clausebot/bot/slack/slackfake"
)

// TestVoteAcknowledgedToTheVoterOnly checks 👍/👎 under a Slack answer: a
// press is acknowledged by an ephemeral message to the voter in the
// answer's thread, never a post the channel sees, and a 👎's follow-up
// carries the choices as buttons.
func TestVoteAcknowledgedToTheVoterOnly(t *testing.T) {
	fake := slackfake.New(t)
	l, err := qlog.Open(context.Background(), filepath.Join(t.TempDir(), "q.db"), qlog.Options{Key: []byte("slack-test-key-0123456789")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	r := mustHTTP(t, fake, bot.New(bottest.SeedIndex(t), bot.Options{RatePerMinute: -1, QuestionLog: l}), nil)

	const ts = "1700000001.000100"
	body := slackfake.EventBody("EvVote", slackfake.TeamID,
		slackfake.AppMention(slackfake.Channel, "UASKER", "<@"+slackfake.BotUserID+"> "+question, ts, ""))
	if w := r.serve(slackfake.EventRequest(body)); w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	r.idle(t)
	posts := fake.Posts()
	if len(posts) != 1 {
		t.Fatalf("%d posts, want the answer", len(posts))
	}
	buttons := map[string]slackfake.Button{}
	for _, b := range posts[0].Decode().Buttons {
		buttons[b.Label] = b
	}
	press := func(label, user string) []slackfake.Post {
		t.Helper()
		b, ok := buttons[label]
		if !ok {
			t.Fatalf("no %s button on %+v", label, buttons)
		}
		before := len(fake.Posts())
		p := slackfake.Press{TeamID: slackfake.TeamID, ChannelID: slackfake.Channel, UserID: user,
			ActionID: b.ActionID, Value: b.Value, MessageTS: ts, ThreadTS: ts, ResponseURL: fake.ResponseURL("vote-" + label)}
		if w := r.serve(slackfake.SignedRequest(slackfake.SigningSecret, time.Now(), "/slack/interactive",
			"application/x-www-form-urlencoded", p.Form())); w.Code != http.StatusOK {
			t.Fatalf("press status %d", w.Code)
		}
		r.idle(t)
		return fake.Posts()[before:]
	}
	for _, p := range press("👍", "UVOTER") {
		if p.Method != "chat.postEphemeral" || p.User != "UVOTER" || p.ThreadTS != ts || !strings.Contains(p.Decode().Text, "👍") {
			t.Errorf("after 👍: %s to %q thread %q %q; want an ephemeral thanks to UVOTER in the thread", p.Method, p.User, p.ThreadTS, p.Decode().Text)
		}
	}
	after := press("👎", "UVOTER")
	if len(after) != 1 || after[0].Method != "chat.postEphemeral" {
		t.Fatalf("after 👎: %+v, want one ephemeral message", after)
	}
	var labels []string
	for _, b := range after[0].Decode().Buttons {
		labels = append(labels, b.Label)
	}
	if len(labels) < 2 || labels[len(labels)-1] != "都不对" {
		t.Errorf("👎 follow-up buttons %q: want the answer's references and 都不对", labels)
	}
}
