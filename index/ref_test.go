package index

import (
	"context"
	"os"
	"strings"
	"testing"

	"clausebot/bot"
)

// TestDocPrefixNotQuotedLaw: a law's name as a "doc:" prefix names the
// law, not a document whose title only quotes it (the Supreme People's
// Court's interpretation of 《反不正当竞争法》): the law is not loaded,
// and the interpretation is still named by its own words.
func TestDocPrefixNotQuotedLaw(t *testing.T) {
	x := mustDocuments(t)
	ctx := context.Background()
	if c, err := x.Clause(ctx, "反不正当竞争法:第一条"); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("反不正当竞争法:第一条 = %s, %v; want no such document", c.Ref, err)
	}
	for _, ref := range []string{"最高人民法院:第一条", "若干问题的解释:第一条", "反垄断法:第一条"} {
		c, err := x.Clause(ctx, ref)
		if err != nil || !strings.HasSuffix(c.Ref, ":第一条") {
			t.Errorf("%s = %q, %v; want its 第一条", ref, c.Ref, err)
		}
	}
}

// TestAnnexReferencesReadAlike: once some clause of an annex must name
// the annex (its Articles 1 to 3 clash with the treaty's), every clause
// of the annex does, so that its references read alike; a reference
// typed without the annex still finds a clause it alone names, and one
// the treaty has is the treaty's. A trial saw "Annex II PART 1 Article 3"
// followed by "PART 1 Article 4", and bare "additional-protocol-euro:1"
// for the appendix's notes.
func TestAnnexReferencesReadAlike(t *testing.T) {
	x, err := Load(context.Background(), os.DirFS("../testdata/documents/en"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	ctx := context.Background()
	annex, err := x.Section(ctx, "itpgrfa:Annex II")
	if err != nil || len(annex) < 20 {
		t.Fatalf("Section(Annex II): %d clauses, %v", len(annex), err)
	}
	for _, c := range annex {
		if !strings.HasPrefix(strings.TrimPrefix(c.Ref, c.DocID+":"), "Annex II PART ") {
			t.Errorf("%s: an Annex II clause whose reference does not name it", c.Ref)
		}
	}
	for typed, want := range map[string]string{
		"itpgrfa:PART 1 Article 4":          "Annex II PART 1 Article 4",
		"itpgrfa:Annex II PART 2 Article 4": "Annex II PART 2 Article 4",
		"itpgrfa:PART 2 Article 4":          "Article 4",
		"itpgrfa:Article 4":                 "Article 4",
	} {
		c, err := x.Clause(ctx, typed)
		if err != nil {
			t.Errorf("Clause(%q): %v", typed, err)
		} else if got := strings.TrimPrefix(c.Ref, c.DocID+":"); got != want {
			t.Errorf("Clause(%q) = %s, want %s", typed, got, want)
		}
	}
	notes, err := x.Section(ctx, "additional-protocol:Appendix to the Protocol")
	if err != nil || len(notes) == 0 {
		t.Fatalf("the appendix: %v", err)
	}
	for _, c := range notes {
		if r := strings.TrimPrefix(c.Ref, c.DocID+":"); r != "" && r[0] >= '0' && r[0] <= '9' {
			t.Errorf("%s: a bare number for a note of the appendix", c.Ref)
		}
	}
}

// TestContainerCitedInQuestion: a question citing an article with the
// annex, appendix or part holding it gets that article, or every one it
// may name, not "Article 1" of any document (a trial's "Annex II Article
// 1" got a Russian code's Статья 1) nor "not loaded" for the appendix's
// name; a document the question names narrows it.
func TestContainerCitedInQuestion(t *testing.T) {
	x, err := Load(context.Background(), os.DirFS("../testdata/documents"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for q, want := range map[string][]string{
		"Annex II Article 1":                                  {"Annex II PART 1 Article 1", "Annex II PART 2 Article 1"},
		"Appendix to the Protocol Article 1":                  {"Appendix to the Protocol Article 1"},
		"What does Annex II Part 2 Article 4 say?":            {"Annex II PART 2 Article 4"},
		"What does Part 2 Article 4 of the plant treaty say?": {"Article 4"},
	} {
		res, err := x.Search(context.Background(), bot.Query{Text: q, Limit: 5})
		if err != nil || len(res.Hits) < len(want) {
			t.Errorf("%q: %d hits, %v", q, len(res.Hits), err)
			continue
		}
		for i, w := range want {
			h := res.Hits[i]
			if got := strings.TrimPrefix(h.Ref, h.DocID+":"); got != w || h.Score < 1000 {
				t.Errorf("%q: hit %d is %s (score %.3f), want the cited %s", q, i+1, h.Ref, h.Score, w)
			}
		}
		if strings.Contains(q, "plant") && !strings.HasPrefix(res.Hits[0].DocID, "itpgrfa") {
			t.Errorf("%q: %s, want the plant treaty's", q, res.Hits[0].Ref)
		}
	}
}

// TestClauseUnderAmbiguousSection checks that a dotted clause reference
// whose section is in several documents, none of which has the clause
// ("2.12" with the 15 documents), is not found: its section's candidates
// are no clauses to choose from (a trial pressed one and got "expired").
func TestClauseUnderAmbiguousSection(t *testing.T) {
	x := mustDocuments(t)
	_, err := x.Clause(context.Background(), "2.12")
	if err == nil {
		t.Fatal("Clause(2.12) found a clause")
	}
	if ch := bot.ErrorChoices(err); len(ch) > 0 {
		t.Errorf("Clause(2.12) offers %v: sections, not clauses", ch)
	}
	if bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("Clause(2.12): %v, want not found", err)
	}
	// A section several documents have, asked for as a clause: named a
	// section, not "no document has a clause".
	for _, ref := range []string{"Testimonium", "第二章"} {
		_, err := x.Clause(context.Background(), ref)
		if r := bot.ErrorReason(err); r.Kind != bot.ReasonNamesSection {
			t.Errorf("Clause(%s): %v, want it named a section", ref, err)
		}
	}
	// Where the section has the clause, it is found: the seed's 二·12.
	if c, err := mustSeed(t).Clause(context.Background(), "2.12"); err != nil || c.Ref != "二·12" {
		t.Errorf("seed Clause(2.12) = %q, %v; want 二·12", c.Ref, err)
	}
}
