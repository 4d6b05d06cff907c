package slack

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"clausebot/bot"
	"clausebot/bot/slack/slackfake"
)

// TestSocketModeReconnect scripts hello → events_api → disconnect →
// reconnect → a lost ack and a dropped socket, and checks that every
// envelope is acknowledged and every question answered exactly once.
func TestSocketModeReconnect(t *testing.T) {
	fake := slackfake.New(t)
	h := &stubHandler{reply: bot.Reply{Blocks: []bot.Block{{Text: "answer"}}}}
	mustSocket(t, fake, h, nil)
	event := func(n int) {
		fake.SendEvent(fmt.Sprintf("env-%d", n), slackfake.EventBody(fmt.Sprintf("Ev%d", n), slackfake.TeamID,
			slackfake.DirectMessage(slackfake.DM, "UASKER", fmt.Sprintf("question %d", n), fmt.Sprintf("30.%d", n))))
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}

	event(1)
	must(fake.WaitAcked("env-1", 60*time.Second))

	// Slack asks for a reconnect; an event queued meanwhile is not lost.
	fake.Disconnect()
	event(2)
	must(fake.WaitConnections(2, 20*time.Second))
	must(fake.WaitAcked("env-2", 60*time.Second))

	// The ack of env-3 is lost and the socket drops: Slack redelivers
	// env-3 on the new connection, and it must not be answered twice.
	fake.DropAcks(true)
	event(3)
	_, err := fake.WaitPosts(3, 20*time.Second)
	must(err)
	fake.Drop()
	fake.DropAcks(false)
	must(fake.WaitConnections(3, 20*time.Second))
	must(fake.WaitAcked("env-3", 60*time.Second))
	event(4)
	must(fake.WaitAcked("env-4", 60*time.Second))
	posts, err := fake.WaitPosts(4, 60*time.Second)
	must(err)
	// Give a doubled answer time to show up before counting.
	time.Sleep(200 * time.Millisecond)

	// Each event is handled in its own goroutine, so two events close
	// together may start in either order; what matters is once each.
	var got []string
	for _, m := range h.messages() {
		got = append(got, m.Text)
	}
	slices.Sort(got)
	if want := "question 1,question 2,question 3,question 4"; strings.Join(got, ",") != want {
		t.Errorf("handled %q, want %q", strings.Join(got, ","), want)
	}
	if posts = fake.Posts(); len(posts) != 4 {
		t.Errorf("%d posts, want 4", len(posts))
	}
}
