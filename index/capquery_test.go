package index

import (
	"context"
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
