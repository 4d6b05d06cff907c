package bottest

import (
	"testing"

	"clausebot/bot"
)

// The cases about what people type after an answer, added here rather
// than in cases.go's table (see words.go).
func init() {
	cases = append(cases, tc{"NegativeReply", testNegativeReply})
}

// testNegativeReply checks that a negative reply to an answer ("👎",
// "wrong", "не то") is taken as such, in the language it was typed in, and
// never thanked: a trial's "👎" after an answer got "不客气". Real thanks
// still are. Without a question log nothing is recorded (bot's own tests
// check the votes), so the reply is an apology.
func testNegativeReply(t *testing.T, e *env) {
	h := e.newHarness(t, e.seed, bot.Options{})
	thanks := []string{"不客气", "Glad to help", "Рад помочь"}
	for _, tt := range []struct {
		text string
		want string
	}{
		{"👎", "抱歉，这个回答没帮上忙"}, // no words: the chat's language, that of the answer
		{"wrong", "Sorry that was not what you needed"},
		{"не то", "Жаль, что ответ не подошёл"},
		{"不对", "抱歉，这个回答没帮上忙"},
		{"That's wrong!", "Sorry that was not what you needed"},
	} {
		mustContain(t, h.send("alice", "中俄在北斗卫星导航方面有什么合作？"), "北斗")
		seen := h.send("alice", tt.text)
		mustContain(t, seen, tt.want)
		mustNotContain(t, seen, thanks...)
	}
	for _, tt := range []struct{ text, want string }{
		{"👍", "不客气"}, {"谢谢", "不客气"}, {"thanks", "Glad to help"}, {"спасибо", "Рад помочь"},
	} {
		mustContain(t, h.send("bob", "中俄在北斗卫星导航方面有什么合作？"), "北斗")
		mustContain(t, h.send("bob", tt.text), tt.want)
	}
	// With no answer to judge, "wrong" is words like any others.
	seen := h.send("carol", "wrong")
	mustNotContain(t, seen, "Sorry that was not what you needed")
	mustNotContain(t, seen, thanks...)
}
