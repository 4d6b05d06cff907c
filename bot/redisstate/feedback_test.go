package redisstate_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"clausebot/bot"
	"clausebot/bot/bottest"
	"clausebot/bot/qlog"
)

// TestVotesAcrossReplicas checks that a 👍/👎 pressed on one replica's
// answer is recorded by the other, and that a 👎 given on one replica can
// be corrected with /right on the other: the answers' memory is shared.
func TestVotesAcrossReplicas(t *testing.T) {
	ss := mustStates(t, 2)
	idx := bottest.SeedIndex(t)
	ctx := context.Background()
	l, err := qlog.Open(ctx, filepath.Join(t.TempDir(), "q.db"), qlog.Options{Key: []byte("0123456789abcdef0123"), LogQuestions: true})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	a := bot.New(idx, bot.Options{Limiter: ss[0], Store: ss[0], QuestionLog: l})
	b := bot.New(idx, bot.Options{Limiter: ss[1], Store: ss[1], QuestionLog: l})

	ans, ok := a.Handle(ctx, bot.Message{Platform: bot.Telegram, ChatID: "1", UserID: "7", Direct: true, Text: "能源合作"})
	if !ok || ans.Kind != bot.KindAnswer {
		t.Fatalf("replica A: kind %v; want an answer", ans.Kind)
	}
	var down string
	for _, btn := range ans.Buttons {
		if btn.Label == "👎" {
			down = btn.Data
		}
	}
	if down == "" {
		t.Fatalf("no 👎 on A's answer: %+v", ans.Buttons)
	}
	r, ok := b.Press(ctx, bot.Action{Platform: bot.Telegram, ChatID: "1", UserID: "7", Data: down})
	if !ok || r.Kind != bot.KindFeedback || strings.Contains(r.Blocks[0].Text, "已过期") {
		t.Fatalf("replica B pressing A's 👎: kind %v %+v; want it recorded, not expired", r.Kind, r.Blocks)
	}
	r, _ = a.Handle(ctx, bot.Message{Platform: bot.Telegram, ChatID: "1", UserID: "7", Direct: true, Text: "/right 二.3"})
	if r.Kind != bot.KindFeedback || !strings.Contains(r.Blocks[0].Text, "二·3") {
		t.Errorf("/right on replica A after the 👎 on B: kind %v %+v", r.Kind, r.Blocks)
	}
}
