package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode"

	"clausebot/bot"
)

// TestReasonInUsersLanguage checks that, with several documents loaded, a
// reference that names nothing is explained in the asker's language: the
// Chinese and Russian replies carry the Searcher's reason in their own
// words (no English sentence inside them), and the English reply keeps
// the Searcher's message.
func TestReasonInUsersLanguage(t *testing.T) {
	b := versionsBot(t)
	ctx := context.Background()
	for i, c := range []struct{ text, want string }{
		{"/clause 第九十九条", "没有哪个文件有“第九十九条”"},
		{"/clause nosuchdoc:第一条", "没有名为“nosuchdoc”的文件"},
		{"/section 第九章", "没有哪个文件有“第九章”这一部分"},
		{"/clause Статья 99", "ни в одном документе нет «Статья 99»"},
		{"/section Глава 9", "ни в одном документе нет раздела"},
		{"/clause Article 99", "no document has a clause"},
	} {
		r, _ := b.Handle(ctx, bot.Message{Platform: bot.Terminal, ChatID: fmt.Sprint("c", i), UserID: fmt.Sprint("u", i), Direct: true, Text: c.text})
		got := replyText(r)
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %q", c.text, got, c.want)
		}
		if !strings.Contains(c.want, "no document") && englishWords(got) > 0 {
			t.Errorf("%s: %q has English words in a non-English reply", c.text, got)
		}
	}
}

// englishWords counts the Latin words of three or more letters in s,
// other than the commands and the document IDs a reply may name.
func englishWords(s string) int {
	n := 0
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		latin := len(f) >= 3
		for _, r := range f {
			latin = latin && r < 0x80
		}
		switch {
		case !latin, f == "clause", f == "section", f == "nosuchdoc", strings.HasPrefix(f, "agreement"), f == "Article":
			continue
		}
		n++
	}
	return n
}

// TestNotLoadedIsAnAnswer checks that a question citing a law no document
// is gets told so in the asker's language, as an answer (no "sorry, I
// couldn't" frame).
func TestNotLoadedIsAnAnswer(t *testing.T) {
	b := versionsBot(t)
	ctx := context.Background()
	for i, c := range []struct{ text, want string }{
		{"刑法第十条是什么", "已载入的文件中没有《刑法》"},
		{"What does Article 5 of the GDPR say?", "“GDPR” is not among the loaded documents"},
		{"Статья 10 Трудового кодекса", "«Трудового кодекса» нет среди загруженных документов"},
		{"Что говорит Уголовный кодекс о краже?", "Документа «Уголовный кодекс» нет среди загруженных"},
	} {
		r, _ := b.Handle(ctx, bot.Message{Platform: bot.Terminal, ChatID: fmt.Sprint("n", i), UserID: fmt.Sprint("n", i), Direct: true, Text: c.text})
		got := replyText(r)
		if !strings.Contains(got, c.want) || r.Kind != bot.KindNoMatch {
			t.Errorf("%s: %v %q, want a no-match reply with %q", c.text, r.Kind, got, c.want)
		}
		for _, frame := range []string{"抱歉", "Sorry", "Не получилось"} {
			if strings.Contains(got, frame) {
				t.Errorf("%s: %q is framed as a failure", c.text, got)
			}
		}
	}
}

// TestOtherLanguageReason checks that a question's document in a language
// its words cannot be looked up in is explained in each language, with
// the document, its language (in Russian, in the prepositional: на
// русском языке) and the citation offered instead.
func TestOtherLanguageReason(t *testing.T) {
	e := bot.Errorf(bot.ENOTFOUND, "Гражданский кодекс is in Russian …")
	e.Reason = bot.Reason{Kind: bot.ReasonOtherLanguage, Doc: "Гражданский кодекс", Clause: "Статья 1110", List: []string{"ru"}}
	for lang, want := range map[bot.Lang]string{
		bot.English: "Гражданский кодекс is in Russian …",
		bot.Chinese: "《Гражданский кодекс》是俄文文件",
		bot.Russian: "Документ «Гражданский кодекс» написан на русском языке",
	} {
		if got := bot.ReasonText(lang, e); !strings.Contains(got, want) || lang != bot.English && !strings.Contains(got, "Статья 1110") {
			t.Errorf("%s: %q; want %q and the citation", lang, got, want)
		}
	}
}
