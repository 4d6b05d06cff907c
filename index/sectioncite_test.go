package index

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"clausebot/bot"
)

func TestCitedSection(t *testing.T) {
	for _, c := range []struct{ q, ref string }{
		{"网络安全法第六章讲什么", "第六章"},
		{"网络安全法第 6 章讲什么", "第6章"},
		{"网络安全法第三章第二节是关于什么的？", "第三章 第二节"},
		{"第二部分讲了什么", "第二部分"},
		{"What does Chapter 2 of the Hague Convention say?", "Chapter 2"},
		{"what is in chapter v?", "Chapter V"},
		{"Summarise Part IV of the treaty", "Part IV"},
		{"Что говорится в главе 5 Водного кодекса?", "Глава 5"},
		{"О чём глава 6?", "Глава 6"},
		{"раздел II", "Раздел II"},
		{"第Ⅱ部分讲什么", "第II部分"},
		{"What does chapter 3 section 2 of the Cybersecurity Law say?", "Chapter 3 Section 2"},
		{"网络安全法第六章第五十九条", ""}, // an article: citedRef's
		{"What does Article 5 of Chapter 2 say?", ""},
		{"what part of the law covers deposits", ""},
		{"главный вопрос 5", ""}, // главный is not глава
	} {
		ref, _, ok := citedSection(c.q)
		if ok != (c.ref != "") || ref != c.ref {
			t.Errorf("citedSection(%q) = %q, %v; want %q", c.q, ref, ok, c.ref)
		}
	}
}

// TestSectionQuestion checks the three ways a question citing a section is
// answered: the whole section in order, a search within it, and the
// reason a named document lacks it. Before sectionQuestion, "网络安全法第六
// 章讲什么" got 第六条 and the Russian one Статья 2 (testdata/sections.jsonl:
// hit@1 0.059).
func TestSectionQuestion(t *testing.T) {
	x := mustDocuments(t)
	ctx := context.Background()
	search := func(q, doc string) (bot.Results, error) {
		return x.Search(ctx, bot.Query{Text: q, Limit: 100, Doc: doc})
	}
	whole := func(q, doc, section string) {
		t.Helper()
		want, err := x.Section(ctx, section)
		if err != nil {
			t.Fatalf("Section(%q): %v", section, err)
		}
		res, err := search(q, doc)
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		if res.Total != len(want) || len(res.Hits) != len(want) {
			t.Fatalf("Search(%q): %d hits (total %d); want the %d clauses of %s", q, len(res.Hits), res.Total, len(want), section)
		}
		for i, h := range res.Hits {
			if h.Ref != want[i].Ref {
				t.Errorf("Search(%q) hit %d = %s; want %s (the section in order)", q, i, h.Ref, want[i].Ref)
			}
		}
	}
	whole("网络安全法第六章讲什么", "", "网络安全法:第六章")
	whole("网络安全法第三章第二节是关于什么的？", "", "网络安全法:第三章 第二节")
	whole("What does Chapter 2 of the Hague Convention say?", "", "hague:Chapter II")
	whole("Что говорится в главе 5 Водного кодекса?", "", "vodny:Глава 5")
	// The chat is reading the Water Code: its chapter, not the Hague
	// Convention's.
	cl, err := x.Clause(ctx, "vodny:Статья 1")
	if err != nil {
		t.Fatal(err)
	}
	whole("О чём глава 6?", cl.DocID, "vodny:Глава 6")

	// A chapter several documents have, no document named or read: which
	// one, with a choice for each (as /section asks).
	_, err = search("第三章讲什么", "")
	if r := bot.ErrorReason(err); r.Kind != bot.ReasonSeveralDocuments || len(bot.ErrorChoices(err)) < 3 {
		t.Errorf("第三章讲什么: %v (%+v); want several documents, with choices", err, r)
	}
	// A chapter the document the chat reads lacks: said so, not another
	// document's (a trial: "а глава 8?" after Глава 6 got Chinese laws').
	if _, err := search("а глава 8?", cl.DocID); bot.ErrorReason(err).Kind != bot.ReasonNoSuchSection {
		t.Errorf("а глава 8? while reading the Водный кодекс: %v; want no such section", err)
	}

	// Something in the chapter: searched within it.
	res, err := search("外商投资法第三章里，国家会不会征收外国投资者的投资", "")
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("within a chapter: %v, %d hits", err, len(res.Hits))
	}
	for _, h := range res.Hits {
		if !strings.HasPrefix(h.Ref, "外商投资法") || h.Section != "第三章" {
			t.Errorf("within 外商投资法 第三章: got %s (section %s)", h.Ref, h.Section)
		}
	}
	if !strings.Contains(res.Hits[0].Text, "国家对外国投资者的投资不实行征收") {
		t.Errorf("within 外商投资法 第三章: first %s; want 第二十条", res.Hits[0].Ref)
	}

	// A chapter the named document lacks: said so, as /section says it.
	for _, q := range []string{"网络安全法第十章讲什么", "What does Chapter 12 of the Hague Convention say?"} {
		_, err := search(q, "")
		if bot.ErrorCode(err) != bot.ENOTFOUND || bot.ErrorReason(err).Kind != bot.ReasonNoSuchSection {
			t.Errorf("Search(%q) = %v; want ENOTFOUND with ReasonNoSuchSection", q, err)
		}
	}
}

// TestSectionQuestionSeed: the seed numbers its parts 一、二 … with no
// kind word, and "第二部分" or "section 2" is its 二.
func TestSectionQuestionSeed(t *testing.T) {
	x := mustSeed(t)
	ctx := context.Background()
	want, err := x.Section(ctx, "二")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"第二部分讲了什么", "What does section 2 say?"} {
		res, err := x.Search(ctx, bot.Query{Text: q, Limit: 5})
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		if res.Total != len(want) || len(res.Hits) == 0 || res.Hits[0].Ref != want[0].Ref {
			t.Errorf("Search(%q): total %d; want section 二's %d clauses from %s", q, res.Total, len(want), want[0].Ref)
		}
	}
}

// TestSectionOfNamedDocument: a chapter two documents have is read from
// the one the question names by a word of its title ("the handbook"),
// and still asked about when it names neither.
func TestSectionOfNamedDocument(t *testing.T) {
	x := mustLoad(t, fstest.MapFS{
		"handbook.md": {Data: []byte("# Team Handbook\n\n## Chapter 1 General\n\n### Article 1\n\nThis handbook applies to all staff.\n\n## Chapter 2 Leave\n\n### Article 2\n\nStaff have 25 days of annual leave.\n")},
		"treaty.md":   {Data: []byte("# Convention on Fisheries\n\n## Chapter 1 Scope\n\n### Article 1\n\nThis Convention applies to the high seas.\n\n## Chapter 2 Quotas\n\n### Article 2\n\nThe Parties shall agree on annual quotas.\n")},
	}, Options{})
	ctx := context.Background()
	for q, want := range map[string]string{
		"What does Chapter 2 of the handbook say?":   "handbook:Article 2",
		"What does Chapter 2 of the convention say?": "treaty:Article 2",
	} {
		r, err := x.Search(ctx, bot.Query{Text: q, Limit: 5})
		if err != nil || len(r.Hits) == 0 || r.Hits[0].Clause.Ref != want {
			t.Errorf("%s: %v, %v; want %s", q, r.Hits, err, want)
		}
	}
	if _, err := x.Search(ctx, bot.Query{Text: "What does Chapter 2 say?", Limit: 5}); bot.ErrorReason(err).Kind != bot.ReasonSeveralDocuments {
		t.Errorf("What does Chapter 2 say?: %v; want to be asked which document", err)
	}
}
