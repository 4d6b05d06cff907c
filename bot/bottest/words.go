package bottest

import (
	"strings"
	"testing"
	"testing/fstest"

	"clausebot/bot"
)

// The cases about the bot's own words (issue 14 and issue 12, part 5). They
// are added here rather than in cases.go's table so the table's other
// authors and these can change without touching the same lines.
func init() {
	cases = append(cases,
		tc{"RussianWords", testRussianWords},
		tc{"PreambleAndPlurals", testPreambleAndPlurals},
	)
}

// testRussianWords checks that a Russian question gets the bot's words in
// Russian, and that one that finds nothing says plainly why: Russian
// questions are answered only from Russian documents or parallel Russian
// versions, there being no Russian–Chinese dictionary.
func testRussianWords(t *testing.T, e *env) {
	h := e.newHarness(t, mustIndex(t, zhFS), bot.Options{})
	seen := h.send("alice", "Какие соглашения регулируют квоты на рыбу в Арктике?")
	mustContain(t, seen, "не нашлось пункта", "только по русским документам", "русско-китайского словаря у меня нет")
	mustNotContain(t, seen, "found no clause", "没有找到")
	// The conversation stays Russian for commands with no words of their own.
	seen = h.send("alice", "/help")
	mustContain(t, seen, "Команды:", "/section", "/clause")
	mustNotContain(t, seen, "Commands:", "命令")

	// bot.lang: ru makes Russian the default for a new chat.
	h = e.newHarness(t, mustIndex(t, zhFS), bot.Options{DefaultLang: bot.Russian})
	seen = h.send("bob", "/sources")
	mustContain(t, seen, "Загруженные документы:", "Разделы:")
}

// preambleFS is a document with a preamble (section 0) and a section of
// one clause.
var preambleFS = fstest.MapFS{
	"pre.txt": {Data: []byte("渔业合作通知\n\n为加强渔业合作，特制定本通知。\n\n" +
		"一、配额\n\n双方商定北极渔业配额每年协商一次。\n\n" +
		"二、执法\n\n——加强渔业执法合作。\n\n——共同打击非法捕捞。\n")},
}

// testPreambleAndPlurals checks /sources lists section 0 as the CLI does,
// and that counts agree with their noun ("1 clause", not "1 clauses").
func testPreambleAndPlurals(t *testing.T, e *env) {
	x := mustIndex(t, preambleFS)
	hasPreamble := false
	for _, s := range x.Documents()[0].Sections {
		hasPreamble = hasPreamble || s.Label == bot.PreambleLabel
	}
	if !hasPreamble {
		t.Fatalf("the index gives %+v no preamble section", x.Documents()[0].Sections)
	}
	h := e.newHarness(t, x, bot.Options{})
	seen := h.send("alice", "/sources")
	mustContain(t, seen, "0 (preamble)", "clauses")
	seen = h.send("alice", "/clause 1.5")
	mustContain(t, seen, "has 1 clause.")
	mustNotContain(t, seen, "1 clauses")
	seen = h.send("alice", "/clause 2.9")
	mustContain(t, seen, "has 2 clauses.")
	for _, sec := range []string{"/section 0", "/section 1"} {
		seen = h.send("alice", sec)
		mustContain(t, seen, "”: 1 clause")
		mustNotContain(t, seen, "clauses 1–1 of 1")
	}

	h = e.newHarness(t, x, bot.Options{DefaultLang: bot.Chinese})
	seen = h.send("carol", "/sources")
	mustContain(t, seen, "0（序言）", "共4条")
}

// exampleFrames are the question frames the core puts around a phrase of a
// document to make an example question (bot's askAbout).
var exampleFrames = [][2]string{
	{"关于", "有什么规定？"},
	{"Where does it say that ", "?"},
	{"What does it say about ", "?"},
	{"Где сказано, что ", "?"},
	{"Что сказано о теме «", "»?"},
}

// exampleTopic returns the document's words in an example question, and
// fails the test when q is not a question in one of the frames: help must
// show questions a person would ask, not bare fragments of clauses.
func exampleTopic(t *testing.T, q string) string {
	t.Helper()
	for _, f := range exampleFrames {
		if rest, ok := strings.CutPrefix(q, f[0]); ok {
			if topic, ok := strings.CutSuffix(rest, f[1]); ok && topic != "" {
				return topic
			}
		}
	}
	t.Errorf("example %q is not a question", q)
	return q
}
