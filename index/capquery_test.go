package index

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"clausebot/bot"
)

// TestCapQuery checks that a capped piece gives no more than its cap of
// matches, and all of them under the cap.
func TestCapQuery(t *testing.T) {
	x := mustSeed(t)
	tq := bleve.NewTermQuery("合作")
	tq.SetField(fieldBigram)
	all, err := x.bi.Search(bleve.NewSearchRequestOptions(tq, 1000, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	n := len(all.Hits)
	if n < 10 {
		t.Fatalf("合作 is in %d seed clauses; the test needs 10", n)
	}
	for _, limit := range []int{1, 5, n, n + 10} {
		res, err := x.bi.Search(bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(capQuery{tq, limit}), 1000, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(res.Hits), min(limit, n); got != want {
			t.Errorf("capped at %d: %d hits, want %d", limit, got, want)
		}
	}
}

// TestCapQueryOnlyOverLongPostings checks that bleveQuery caps a piece only
// when its postings are over maxPiecePostings, and that a one-word
// question on such a word still gets answers.
func TestCapQueryOnlyOverLongPostings(t *testing.T) {
	x := mustSeed(t)
	capped := func() bool {
		q, _, _ := x.bleveQuery(x.analyzeQuestion("合作"))
		d, ok := q.(*query.DisjunctionQuery)
		if !ok {
			t.Fatalf("bleveQuery gave a %T", q)
		}
		for _, c := range d.Disjuncts {
			if _, ok := c.(capQuery); ok {
				return true
			}
		}
		return false
	}
	if capped() {
		t.Fatal("合作 capped on the seed, where its postings are few")
	}
	df := x.df["合作"]
	x.df["合作"] = maxPiecePostings + 1
	defer func() { x.df["合作"] = df }()
	if !capped() {
		t.Fatal("合作 not capped with postings over maxPiecePostings")
	}
	res, err := x.Search(context.Background(), bot.Query{Text: "合作"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 {
		t.Fatal("no answer to 合作 with its piece capped")
	}
}

// TestTermQueryTrimsCostlyConjunction checks that a synonym term whose
// bigrams' postings are over maxPiecePostings selects with its rarest
// conjunctionTerms bigrams, and with all of them otherwise.
func TestTermQueryTrimsCostlyConjunction(t *testing.T) {
	x := mustSeed(t)
	const term = "政府和社会资本合作"
	conjuncts := func() []string {
		q, _ := x.termQuery(term)
		cq, ok := q.(*query.ConjunctionQuery)
		if !ok {
			t.Fatalf("termQuery(%s) gave a %T", term, q)
		}
		var out []string
		for _, c := range cq.Conjuncts {
			out = append(out, c.(*query.TermQuery).Term)
		}
		return out
	}
	if got := conjuncts(); len(got) != 8 {
		t.Fatalf("on the seed: %v, want all 8 bigrams", got)
	}
	df := x.df["合作"]
	x.df["合作"] = maxPiecePostings + 1
	defer func() { x.df["合作"] = df }()
	got := conjuncts()
	if len(got) != conjunctionTerms || slices.Contains(got, "合作") {
		t.Fatalf("with 合作 over maxPiecePostings: %v, want the %d rarest bigrams", got, conjunctionTerms)
	}
	for _, b := range got {
		for _, o := range []string{"政府", "府和", "和社", "社会", "会资", "资本", "本合"} {
			if !slices.Contains(got, o) && x.df[o] < x.df[b] {
				t.Errorf("%s (df %d) left out for %s (df %d)", o, x.df[o], b, x.df[b])
			}
		}
	}
}

// TestBleveQueryAbsentPiecesTakeNoPlace checks that pieces the corpus
// does not hold do not take the places of the minPieces kept whatever
// their cost: with every piece that occurs over postingBudget (a large
// corpus), the 北斗 question's three absent synonyms (bds, beidou, gnss)
// left it no candidates at 1M clauses.
func TestBleveQueryAbsentPiecesTakeNoPlace(t *testing.T) {
	x := mustSeed(t)
	qa := x.analyzeQuestion("中俄在北斗卫星导航方面有什么合作？")
	saved := maps.Clone(x.df)
	defer func() { x.df = saved }()
	absent := 0
	for k, v := range x.df {
		x.df[k] = v * (postingBudget + 1)
	}
	_, _, bound := x.bleveQuery(qa)
	// The absent synonyms are dropped from the question (synPossible),
	// and termQuery makes no query of one.
	for _, term := range []string{"bds", "beidou", "gnss"} {
		if q, cost := x.termQuery(term); cost == 0 && q == nil {
			absent++
		}
		for _, a := range qa.alts {
			if slices.Contains(a.terms, term) {
				t.Errorf("absent synonym %s kept among the question's alternatives", term)
			}
		}
	}
	if absent < minPieces {
		t.Fatalf("%d synonyms absent from the seed made no query; the test needs %d", absent, minPieces)
	}
	if bound == 0 {
		t.Fatal("no piece that occurs was kept: bound 0")
	}
}
