package bot_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clausebot/bot"
	"clausebot/bot/qlog"
)

// mustQlog opens a real question log in a SQLite file of the test's own.
func mustQlog(t *testing.T) (*qlog.Log, string) {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "questions.db")
	l, err := qlog.Open(context.Background(), dsn, qlog.Options{Key: []byte("feedback-test-key-0123"), LogQuestions: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	return l, dsn
}

// button returns the reply's button labelled label.
func button(t *testing.T, r bot.Reply, label string) bot.Button {
	t.Helper()
	for _, b := range r.Buttons {
		if b.Label == label {
			return b
		}
	}
	t.Fatalf("no button %q in %+v", label, r.Buttons)
	return bot.Button{}
}

func labels(r bot.Reply) []string {
	var out []string
	for _, b := range r.Buttons {
		out = append(out, b.Label)
	}
	return out
}

// TestFeedback walks votes through the core into a real question log: 👍
// and 👎 under answers, a 👎's choices and a typed /right, a change of
// mind, a forged press from another chat, and what the log then reports.
func TestFeedback(t *testing.T) {
	ctx := context.Background()
	l, dsn := mustQlog(t)
	b := bot.New(mustSeed(t), bot.Options{RatePerMinute: -1, QuestionLog: l})
	press := func(chat, user string, btn bot.Button) bot.Reply {
		t.Helper()
		r, ok := b.Press(ctx, bot.Action{Platform: bot.Telegram, ChatID: chat, UserID: user, Data: btn.Data})
		if !ok {
			t.Fatalf("press %q: not ours", btn.Label)
		}
		return r
	}
	msg := func(user, text string) bot.Reply {
		t.Helper()
		r, ok := b.Handle(ctx, bot.Message{Platform: bot.Telegram, ChatID: "c1", UserID: user, Text: text, Direct: true})
		if !ok {
			t.Fatalf("no reply to %q", text)
		}
		return r
	}

	ans := msg("u1", "中俄在北斗卫星导航方面有什么合作？")
	if ans.Kind != bot.KindAnswer {
		t.Fatalf("kind %v, want an answer", ans.Kind)
	}
	if got := labels(ans); len(got) < 2 || got[len(got)-2] != "👍" || got[len(got)-1] != "👎" {
		t.Fatalf("buttons %q: want 👍 and 👎 last", got)
	}
	best := ans.Blocks[1].Ref
	for _, blk := range ans.Blocks {
		if blk.Kind == bot.ClauseBlock {
			best = blk.Ref
			break
		}
	}

	down := press("c1", "u1", button(t, ans, "👎"))
	if down.Kind != bot.KindFeedback || !strings.Contains(replyText(down), "哪一条才对") {
		t.Errorf("👎 reply %v %q: want feedback asking for the right clause", down.Kind, replyText(down))
	}
	choices := labels(down)
	if len(choices) < 2 || choices[0] != best || choices[len(choices)-1] != "都不对" {
		t.Fatalf("👎 choices %q: want the answer's references, best (%s) first, then 都不对", choices, best)
	}
	right := choices[1]
	ack := press("c1", "u1", button(t, down, right))
	if !strings.Contains(replyText(ack), right) {
		t.Errorf("choice acknowledgement %q does not name %s", replyText(ack), right)
	}
	// Another user in the chat confirms; u1's vote stays theirs.
	if r := press("c1", "u2", button(t, ans, "👍")); r.Kind != bot.KindFeedback || !strings.Contains(replyText(r), "👍") {
		t.Errorf("👍 reply %v %q", r.Kind, replyText(r))
	}
	// The same button pressed from another chat is refused.
	if r := press("elsewhere", "u3", button(t, ans, "👍")); !strings.Contains(replyText(r), "已过期") {
		t.Errorf("a press from another chat: %q, want it refused as expired", replyText(r))
	}

	// A second question: 👍 first, then changed to 👎 and corrected by
	// typing a reference.
	ans2 := msg("u1", "能源合作")
	press("c1", "u1", button(t, ans2, "👍"))
	press("c1", "u1", button(t, ans2, "👎"))
	if r := msg("u1", "/right 九十九.99"); !strings.Contains(replyText(r), "没有出处为") {
		t.Errorf("/right to a missing clause: %q", replyText(r))
	}
	// While the 👎 waits, a question that starts with "right" but names
	// no clause is still a question.
	if r := msg("u1", "right to develop the digital economy"); r.Kind == bot.KindFeedback {
		t.Errorf("a question starting with right, with a 👎 waiting, was taken as a correction: %q", replyText(r))
	}
	if r := msg("u1", "/right 二.3"); !strings.Contains(replyText(r), "二·3") {
		t.Errorf("/right reply %q: want the canonical reference 二·3", replyText(r))
	}
	// The correction given, the 👎 no longer waits.
	if r := msg("u1", "/right 二.4"); !strings.Contains(replyText(r), "还没有对回答按 👎") {
		t.Errorf("a second /right after the correction: %q, want no 👎 waiting", replyText(r))
	}
	if r := msg("u9", "/right 二.3"); !strings.Contains(replyText(r), "还没有对回答按 👎") {
		t.Errorf("/right without a 👎: %q", replyText(r))
	}

	// An off-topic question is logged as unanswered; "no match" can be
	// voted on too: 👍 says abstaining was right.
	off := msg("u4", "明天天气怎么样")
	if off.Kind != bot.KindNoMatch || cmp.Diff([]string{"👍", "👎"}, labels(off)) != "" {
		t.Errorf("off-topic: kind %v buttons %q, want no match with 👍 and 👎", off.Kind, labels(off))
	}
	if r := press("c1", "u5", button(t, off, "👎")); len(r.Buttons) != 0 || !strings.Contains(replyText(r), "/right") {
		t.Errorf("👎 on no match: %q buttons %q; want a request for /right REF, no choices", replyText(r), labels(r))
	}
	press("c1", "u4", button(t, off, "👍"))

	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := qlog.OpenReader(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rep, err := r.Report(ctx, time.Now().Add(-time.Hour), 0)
	if err != nil {
		t.Fatal(err)
	}
	got := []int{rep.Questions, rep.Abstained, rep.VotesUp, rep.VotesDown}
	if d := cmp.Diff([]int{4, 1, 2, 3}, got); d != "" { // "right to develop …" is a question too
		t.Errorf("questions, abstained, 👍, 👎 (-want +got):\n%s", d)
	}
	if len(rep.Unanswered) != 1 || rep.Unanswered[0].Question != "明天天气怎么样" {
		t.Errorf("unanswered %+v", rep.Unanswered)
	}
	gold, conflicts, err := r.Gold(ctx, time.Now().Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	// The first question: u1 says right, u2 says best: they disagree.
	// Gold is in the order asked, and questions asked in the same
	// millisecond (likely here) come in text order: compare as a set.
	wantGold := []qlog.Gold{{Question: "明天天气怎么样"}, {Question: "能源合作", Ref: "二·3"}}
	slices.SortFunc(gold, func(a, b qlog.Gold) int { return strings.Compare(a.Question, b.Question) })
	if d := cmp.Diff(wantGold, gold); d != "" || conflicts != 1 {
		t.Errorf("gold (-want +got):\n%s\nconflicts %d, want 1", d, conflicts)
	}
}

// TestNoFeedbackWithoutLog checks that answers carry no vote buttons and
// /right is unknown when no question log is configured.
func TestNoFeedbackWithoutLog(t *testing.T) {
	b := bot.New(mustSeed(t), bot.Options{RatePerMinute: -1})
	r, _ := b.Handle(context.Background(), dm("u1", "北斗"))
	for _, l := range labels(r) {
		if l == "👍" || l == "👎" {
			t.Errorf("button %q without a question log", l)
		}
	}
	r, _ = b.Handle(context.Background(), dm("u1", "/right 二.3"))
	if r.Kind != bot.KindError {
		t.Errorf("/right without a log: kind %v %q, want an unknown command", r.Kind, replyText(r))
	}
}

// TestRightAsWords checks the Slack form of /right: "right REF" in a
// message is a correction only for a user whose 👎 awaits one; from anyone
// else it is a question like any other.
func TestRightAsWords(t *testing.T) {
	ctx := context.Background()
	l, _ := mustQlog(t)
	b := bot.New(mustSeed(t), bot.Options{RatePerMinute: -1, QuestionLog: l})
	msg := func(user, text string) bot.Reply {
		r, _ := b.Handle(ctx, bot.Message{Platform: bot.Slack, ChatID: "D1", UserID: user, Text: text, Direct: true})
		return r
	}
	if r := msg("U2", "right 二.3"); r.Kind == bot.KindFeedback {
		t.Errorf("'right 二.3' without a 👎 was taken as a correction: %q", replyText(r))
	}
	ans := msg("U1", "北斗")
	down, _ := b.Press(ctx, bot.Action{Platform: bot.Slack, ChatID: "D1", UserID: "U1", Data: button(t, ans, "👎").Data})
	if !strings.Contains(replyText(down), "发送 right 出处") || strings.Contains(replyText(down), "/right") {
		t.Errorf("Slack 👎 follow-up %q: want it to say 'right REF', not /right", replyText(down))
	}
	if r := msg("U1", "right 二.3"); r.Kind != bot.KindFeedback || !strings.Contains(replyText(r), "二·3") {
		t.Errorf("'right 二.3' after a 👎: %v %q, want the correction recorded", r.Kind, replyText(r))
	}
}

// TestTypedNegativeIsADownVote checks that a negative reply typed after
// an answer ("👎", "wrong", "не то") is recorded in the question log as
// that answer's 👎 and acknowledged as one, in the language it was typed
// in, with the answer's references to choose the right one from; a trial's
// "👎" got "不客气" and recorded nothing. "wrong" before any answer is a
// question, and thanks record no vote.
func TestTypedNegativeIsADownVote(t *testing.T) {
	ctx := context.Background()
	l, dsn := mustQlog(t)
	b := bot.New(mustSeed(t), bot.Options{RatePerMinute: -1, QuestionLog: l})
	msg := func(chat, text string) bot.Reply {
		t.Helper()
		r, ok := b.Handle(ctx, bot.Message{Platform: bot.Telegram, ChatID: chat, UserID: "u-" + chat, Text: text, Direct: true})
		if !ok {
			t.Fatalf("no reply to %q", text)
		}
		return r
	}
	for _, tc := range []struct{ chat, text, want, none string }{
		{"c1", "👎", "已记下您的 👎", "都不对"},
		{"c2", "wrong", "your 👎 is recorded", "None of them"},
		{"c3", "не то", "ваш 👎 учтён", "Ни один из них"},
	} {
		ans := msg(tc.chat, "中俄在北斗卫星导航方面有什么合作？")
		if ans.Kind != bot.KindAnswer {
			t.Fatalf("kind %v, want an answer", ans.Kind)
		}
		r := msg(tc.chat, tc.text)
		if r.Kind != bot.KindFeedback || !strings.Contains(replyText(r), tc.want) {
			t.Errorf("%q after an answer: %v %q, want feedback saying %q", tc.text, r.Kind, replyText(r), tc.want)
		}
		if got := labels(r); len(got) < 2 || got[len(got)-1] != tc.none {
			t.Errorf("%q after an answer: buttons %q, want the answer's references and %q", tc.text, got, tc.none)
		}
	}
	if r := msg("c4", "wrong"); r.Kind == bot.KindFeedback {
		t.Errorf("'wrong' opening a chat: %v %q, want it searched", r.Kind, replyText(r))
	}
	msg("c5", "中俄在北斗卫星导航方面有什么合作？")
	if r := msg("c5", "谢谢"); strings.Contains(replyText(r), "👎") {
		t.Errorf("谢谢 after an answer: %q", replyText(r))
	}

	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	rd, err := qlog.OpenReader(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	rep, err := rd.Report(ctx, time.Now().Add(-time.Hour), 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := []int{rep.VotesUp, rep.VotesDown}; cmp.Diff([]int{0, 3}, got) != "" {
		t.Errorf("👍, 👎 recorded: %v, want [0 3]", got)
	}
}
