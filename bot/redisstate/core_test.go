package redisstate_test

import (
	"context"
	"strings"
	"testing"

	"clausebot/bot"
	"clausebot/bot/bottest"
)

// TestCoreAcrossReplicas runs two cores, as two replicas would, over one
// State: a "More results" button from one's answer pages on the other, and
// a chat's language carries over.
func TestCoreAcrossReplicas(t *testing.T) {
	ss := mustStates(t, 2)
	idx := bottest.SeedIndex(t)
	a := bot.New(idx, bot.Options{Limiter: ss[0], Store: ss[0], Results: 1})
	b := bot.New(idx, bot.Options{Limiter: ss[1], Store: ss[1], Results: 1})
	ctx := context.Background()

	msg := bot.Message{Platform: bot.Slack, ChatID: "D1", UserID: "U1", Direct: true, Text: "双方合作"}
	first, ok := a.Handle(ctx, msg)
	if !ok || first.Kind != bot.KindAnswer {
		t.Fatalf("replica A: kind %v, ok %v; want an answer", first.Kind, ok)
	}
	var more string
	for _, btn := range first.Buttons {
		if strings.HasPrefix(btn.Data, "m") || strings.HasPrefix(btn.Data, "x:") {
			more = btn.Data
		}
	}
	if more == "" {
		t.Fatalf("replica A's answer has no More results button: %+v", first.Buttons)
	}
	second, ok := b.Press(ctx, bot.Action{Platform: bot.Slack, ChatID: "D1", UserID: "U1", Data: more})
	if !ok || second.Kind != bot.KindAnswer {
		t.Fatalf("replica B pressing A's More results: kind %v, ok %v; want the next answer, not expired:\n%+v", second.Kind, ok, second.Blocks)
	}
	if second.Lang != bot.Chinese {
		t.Errorf("replica B's page is in %q, want zh", second.Lang)
	}
	if strings.Contains(second.Blocks[0].Text, first.Blocks[0].Text) {
		t.Error("replica B showed the first page again")
	}
	third, ok := b.Handle(ctx, bot.Message{Platform: bot.Slack, ChatID: "D1", UserID: "U1", Direct: true, Text: "/more"})
	if !ok || third.Kind != bot.KindAnswer {
		t.Fatalf("/more on replica B: kind %v; want the third result", third.Kind)
	}
	// A forged press from another chat is refused on either replica.
	if r, _ := a.Press(ctx, bot.Action{Platform: bot.Slack, ChatID: "D2", UserID: "U2", Data: more}); r.Kind == bot.KindAnswer {
		t.Error("a press from another chat paged through D1's question")
	}
	// The chat's language (Chinese, from the question) holds on replica B
	// for a message whose words do not decide it.
	help, ok := b.Handle(ctx, bot.Message{Platform: bot.Slack, ChatID: "D1", UserID: "U1", Direct: true, Text: "/help", LangHint: "en"})
	if !ok || help.Lang != bot.Chinese {
		t.Errorf("/help on replica B in a Chinese chat: lang %q, want zh", help.Lang)
	}
}
