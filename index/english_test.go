package index

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"clausebot/bot"
)

func mustEnglish(t testing.TB) *Index {
	t.Helper()
	x, err := Load(context.Background(), os.DirFS("testdata/en"), Options{})
	if err != nil {
		t.Fatalf("Load(testdata/en): %v", err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

// TestEnglishSections checks that Roman (I., II.) and Arabic (1., 2.)
// headings of English documents become sections with references.
func TestEnglishSections(t *testing.T) {
	x := mustEnglish(t)
	var got [][]string
	for _, d := range x.Documents() {
		labels := []string{d.ID}
		for _, s := range d.Sections {
			labels = append(labels, s.Label+":"+s.Title)
		}
		got = append(got, labels)
	}
	want := [][]string{
		{"joint-statement", "0:", "I:General Provisions", "II:Trade and Investment", "III:Energy", "IV:Science and Space"},
		{"science-memorandum", "1:Scope", "2:Researchers", "3:Data"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sections (-want +got):\n%s", diff)
	}
	c, err := x.Clause(context.Background(), "science-memorandum:2.1")
	if err != nil || !strings.HasPrefix(c.Text, "Each side will host") {
		t.Errorf("Clause(science-memorandum:2.1) = %q, %v", c.Text, err)
	}
	cs, err := x.Section(context.Background(), "joint-statement:II")
	if err != nil || len(cs) != 3 {
		t.Errorf("Section(joint-statement:II) = %d clauses, %v; want 3", len(cs), err)
	}
}

// TestEnglishSearch checks that English questions find English clauses,
// with inflected forms matched by stem and function words ignored.
func TestEnglishSearch(t *testing.T) {
	x := mustEnglish(t)
	for _, tc := range []struct {
		q, want string // want: the top hit's reference, "" for no answer
	}{
		{"How do the countries cooperate on energy?", "joint-statement:III·2"},
		{"cooperating in satellite navigation", "joint-statement:IV·1"},
		{"Which investment projects will be promoted?", "joint-statement:II·3"},
		{"cross-border e-commerce", "joint-statement:II·2"},
		{"International Lunar Research Station", "joint-statement:IV·1"},
		{"How many visiting researchers are hosted each year?", "science-memorandum:2·1"},
		{"Within how many months must laboratory data be shared?", "science-memorandum:3·1"},
		{"NATURAL GAS PIPELINES", "joint-statement:III·1"},
		{"how to cook rice", ""},
		{"Russian grammar", ""},
	} {
		r := mustSearch(t, x, tc.q)
		got := ""
		if len(r.Hits) > 0 {
			got = r.Hits[0].Ref
		}
		if got != tc.want {
			t.Errorf("Search(%q): top hit %q, want %q", tc.q, got, tc.want)
		}
	}
}

// TestEnglishHighlights checks that a word is highlighted where the clause
// has another form of it.
func TestEnglishHighlights(t *testing.T) {
	x := mustEnglish(t)
	r := mustSearch(t, x, "cooperating in satellite navigation")
	if len(r.Hits) == 0 {
		t.Fatal("no hits")
	}
	h := r.Hits[0]
	var got []string
	for _, s := range h.Highlights {
		got = append(got, h.Text[s.Start:s.End])
	}
	want := []string{"cooperation", "satellite navigation"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("highlights (-want +got):\n%s", diff)
	}
}

// TestTestimonium checks that a treaty's closing formula ("IN WITNESS
// WHEREOF … DONE at …") is kept as a section of its own, out of its last
// article, so that what only it says (where and when the treaty was
// signed, which language versions are authentic) can be asked.
func TestTestimonium(t *testing.T) {
	x, err := Load(context.Background(), os.DirFS("../testdata/documents/en"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for _, tc := range []struct{ q, ref, holds string }{
		{"In which languages is the Convention on the International Protection of Adults authentic?", "hague-convention-interna:Testimonium·1", "both texts being equally authentic"},
		{"Where was the Additional Protocol to the European Social Charter signed?", "additional-protocol-euro:Testimonium·1", "DONE at Strasbourg"},
		// Article 48 names the signing of the 1905 convention it replaces,
		// in the same words: a question about signing gets the closing.
		{"Where and when was the Hague Convention signed?", "hague-convention-interna:Testimonium·1", "thirteen January 2000"},
	} {
		r := mustSearch(t, x, tc.q)
		if len(r.Hits) == 0 || r.Hits[0].Ref != tc.ref || !strings.Contains(r.Hits[0].Text, tc.holds) {
			t.Errorf("Search(%q): top hit %v, want %s holding %q", tc.q, topRef(r), tc.ref, tc.holds)
		}
	}
	// The closing is no longer text of the Convention's last article.
	r := mustSearch(t, x, "Hague Convention Article 59")
	for _, h := range r.Hits {
		if h.Ref == "hague-convention-interna:Article 59" && strings.Contains(h.Text, "IN WITNESS") {
			t.Errorf("Article 59 still holds the closing: %q", h.Text)
		}
	}
}

// topRef is the reference of r's top hit, "no answer" when it has none.
func topRef(r bot.Results) string {
	if len(r.Hits) == 0 {
		return "no answer"
	}
	return r.Hits[0].Ref
}
