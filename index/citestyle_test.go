package index

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"clausebot/bot"
)

// mustStyles loads testdata/styles: a Chinese 办法 (第X章, 第X条), a
// Chinese 通知 (一、二 …), an English regulation (Part N, Article N) and a
// Russian закон (Глава N, Статья N), as a trial's folder held them.
func mustStyles(t *testing.T) *Index {
	t.Helper()
	x, err := Load(context.Background(), os.DirFS("testdata/styles"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

func TestRefStyle(t *testing.T) {
	for ref, want := range map[string]string{
		"第二章": "zh", "二（一）3": "zh", "Глава 2": "ru", "Статья 5 ч. 2": "ru",
		"Part 3": "en", "Article 4(2)(b)": "en", "2": "", "II": "", "3(a)": "",
	} {
		if got := refStyle(ref); got != want {
			t.Errorf("refStyle(%q) = %q; want %q", ref, got, want)
		}
	}
}

// TestSectionCitedInStyle: a chapter or part cited in one numbering style
// is the section of the documents numbered in that style (a trial was
// asked to choose between the Russian law's Глава 2 and the 办法's 第二章
// for "第二章讲什么", and offered four documents for "Part 3"), in the
// chat's current document only among those; a document named by its kind
// ("通知第二部分") is the one.
func TestSectionCitedInStyle(t *testing.T) {
	x := mustStyles(t)
	ctx := context.Background()
	for _, c := range []struct{ q, doc, want string }{
		{"第二章讲什么", "", "数据安全管理办法:"},
		{"О чём глава 2?", "", "zakon-o-bibliotekah:"},
		{"What does Part 3 say?", "", "remote-work-regulation:"},
		{"通知第二部分讲什么", "", "关于做好高温天气劳动保护工作的通知:二"},
		// Reading the 办法, a Russian chapter is still the Russian law's.
		{"О чём глава 2?", "数据安全管理办法", "zakon-o-bibliotekah:"},
		{"What does Part 3 say?", "zakon-o-bibliotekah", "remote-work-regulation:"},
		// Reading the notice, 第二部分 is its own 二.
		{"第二部分讲什么", "关于做好高温天气劳动保护工作的通知", "关于做好高温天气劳动保护工作的通知:二"},
	} {
		res, err := x.Search(ctx, bot.Query{Text: c.q, Limit: 20, Doc: c.doc})
		if err != nil {
			t.Errorf("Search(%q, doc %q): %v; want %s…", c.q, c.doc, err, c.want)
			continue
		}
		if len(res.Hits) == 0 {
			t.Errorf("Search(%q, doc %q): no hits; want %s…", c.q, c.doc, c.want)
			continue
		}
		for _, h := range res.Hits {
			if !strings.HasPrefix(h.Ref, c.want) {
				t.Errorf("Search(%q, doc %q): %s among the hits; want only %s…", c.q, c.doc, h.Ref, c.want)
				break
			}
		}
	}
	// /section with no document named: the one numbered so.
	for ref, want := range map[string]string{"Глава 2": "Глава 2", "第二章": "第二章", "Part 3": "Part 3"} {
		cl, err := x.Section(ctx, ref)
		if err != nil || len(cl) == 0 || cl[0].Section != want {
			t.Errorf("Section(%q): %v; want the one %s", ref, err, want)
		}
	}
	// Still a choice where two documents are numbered so.
	if _, err := x.Section(ctx, "二"); len(bot.ErrorChoices(err)) != 2 {
		t.Errorf("Section(二): %v; want a choice of the notice's 二 and the 办法's 第二章", err)
	}
}

// TestArticleCitedInStyle: a follow-up citing an article in another
// document's numbering style is that document's article, not the one the
// chat is reading read in its own numbering (a trial reading the English
// regulation got its Article 5 for "Что говорится в статье 5?", and the
// 办法's 第五条 after Chinese questions).
func TestArticleCitedInStyle(t *testing.T) {
	x := mustStyles(t)
	ctx := context.Background()
	for _, c := range []struct{ q, doc, want string }{
		{"Что говорится в статье 5?", "remote-work-regulation", "zakon-o-bibliotekah:Статья 5"},
		{"а статья 7?", "数据安全管理办法", "zakon-o-bibliotekah:Статья 7"},
		{"What does Article 4 say?", "zakon-o-bibliotekah", "remote-work-regulation:Article 4"},
		{"那第十条呢", "remote-work-regulation", "数据安全管理办法:第十条"},
		{"а статья 7?", "zakon-o-bibliotekah", "zakon-o-bibliotekah:Статья 7"},
	} {
		res, err := x.Search(ctx, bot.Query{Text: c.q, Limit: 5, Doc: c.doc})
		if err != nil || len(res.Hits) == 0 || res.Hits[0].Ref != c.want {
			t.Errorf("Search(%q, doc %q) = %+v, %v; want %s first", c.q, c.doc, res.Hits, err, c.want)
		}
	}
}

// TestKindNamed: a question names a document by its kind word only when
// the word is not also an everyday one (规定 is a verb in "第二章规定了什么").
func TestKindNamed(t *testing.T) {
	x := mustStyles(t)
	for q, want := range map[string]string{
		"通知 讲什么":                               "关于做好高温天气劳动保护工作的通知",
		"这个办法 讲了什么":                            "数据安全管理办法",
		"What does  of the regulation say?":    "remote-work-regulation",
		"规定了什么":                                "",
		"What does  say about notice periods?": "",
	} {
		got := x.kindNamed(q)
		switch {
		case want == "" && got != nil:
			t.Errorf("kindNamed(%q) = %v; want none", q, got)
		case want != "" && (len(got) != 1 || !got[x.docs[slices.IndexFunc(x.docs, func(d *document) bool { return d.ID == want })]]):
			t.Errorf("kindNamed(%q) = %v; want %s", q, got, want)
		}
	}
}
