package index

import (
	"context"
	"testing"

	"clausebot/bot"
)

// mustSeed loads the embedded seed, the index every other package tests on.
func mustSeed(t testing.TB) *Index {
	t.Helper()
	x, err := Load(context.Background(), Seed(), Options{})
	if err != nil {
		t.Fatalf("Load(Seed()): %v", err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

func mustSearch(t testing.TB, s bot.Searcher, q string) bot.Results {
	t.Helper()
	r, err := s.Search(context.Background(), bot.Query{Text: q, Limit: 5})
	if err != nil {
		t.Fatalf("Search(%q): %v", q, err)
	}
	return r
}

func TestSmoke(t *testing.T) {
	x := mustSeed(t)
	for _, q := range []string{"中俄在北斗卫星导航方面有什么合作？", "世界杯冠军是谁", "衛星導航", "PPP", "５Ｇ"} {
		r := mustSearch(t, x, q)
		t.Logf("%s: total %d", q, r.Total)
		for _, h := range r.Hits {
			t.Logf("  %s %.3f %v %.60s", h.Ref, h.Score, h.Highlights, h.Text)
		}
	}
	for _, w := range x.Warnings() {
		t.Log(w)
	}
	t.Logf("%+v", x.Documents())
}
