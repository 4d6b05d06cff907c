package telegram

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"clausebot/bot"
	"clausebot/bot/bottest"
	"clausebot/bot/qlog"
	"clausebot/bot/telegram/tgfake"
)

// TestVoteAcknowledgedInPlace checks 👍/👎 under a Telegram answer: a 👍
// is acknowledged with the callback's notice on the pressed message and
// nothing posted; a 👎 also gets its follow-up (the choices) as a message,
// and a choice is acknowledged in place again.
func TestVoteAcknowledgedInPlace(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{})
	l, err := qlog.Open(context.Background(), filepath.Join(t.TempDir(), "q.db"), qlog.Options{Key: []byte("telegram-test-key-0123456789")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	mustRun(t, fake, bot.New(bottest.SeedIndex(t), bot.Options{RatePerMinute: -1, QuestionLog: l}), nil)
	user := tgfake.User(5151, "zh-hans")
	fake.Private(user, "中俄在北斗卫星导航方面有什么合作？")
	if !fake.WaitSent(1, 30*time.Second) {
		t.Fatal("no answer")
	}
	data := func(m tgfake.Message, label string) string {
		t.Helper()
		for _, row := range m.Keyboard.InlineKeyboard {
			for _, b := range row {
				if b.Text == label && b.CallbackData != nil {
					return *b.CallbackData
				}
			}
		}
		t.Fatalf("no %s button on %q", label, m.Text)
		return ""
	}
	answered := func(n int, want string) {
		t.Helper()
		if !fake.WaitFor(30*time.Second, func(s *tgfake.Server) bool { return len(s.CallbackAnswers()) >= n }) {
			t.Fatalf("callback %d not answered", n)
		}
		if got := fake.CallbackAnswers()[n-1].Text; !strings.Contains(got, want) {
			t.Errorf("callback notice %q, want it to contain %q", got, want)
		}
	}
	ans := fake.Sent()[0]
	fake.Press(user, 5151, ans.MessageID, data(ans, "👍"))
	answered(1, "👍")
	fake.Press(user, 5151, ans.MessageID, data(ans, "👎"))
	answered(2, "👎")
	if !fake.WaitSent(2, 30*time.Second) {
		t.Fatal("no follow-up after 👎")
	}
	follow := fake.Sent()[1]
	if follow.ReplyTo != ans.MessageID {
		t.Errorf("the follow-up replies to message %d, want the answer %d", follow.ReplyTo, ans.MessageID)
	}
	if !strings.Contains(follow.Text, "哪一条才对") {
		t.Errorf("follow-up %q, want it to ask which clause was right", follow.Text)
	}
	fake.Press(user, 5151, follow.MessageID, data(follow, "都不对"))
	answered(3, "都不对")
	if n := len(fake.Sent()); n != 2 {
		t.Errorf("%d messages sent, want the answer and the 👎 follow-up only", n)
	}
}
