package index

import (
	"context"
	"math"
	"slices"
	"testing"
)

// TestTranslationMargin measures what MinTranslatedCoverage rests on, on
// the project's English questions about the seed (testdata/english.jsonl,
// written before its first run): for an on-topic question, the coverage of
// the best-ranked translated candidate that holds a gold answer; for an
// off-topic one, the best coverage of any translated candidate. The cut-off
// must be the midpoint of the widest interval with the lowest cost, where
// an answer to an off-topic question costs twice a wrong abstention: a
// guessed sense shown as the document's word is worse than "no match",
// and the bot exists to be quoted. Run with -v to print the table. (The
// shared english.jsonl is a check, not used here.)
func TestTranslationMargin(t *testing.T) {
	x := mustSeed(t)
	on, off := margins(t, x, readGold(t, "../testdata/english.jsonl"), func(q string) ([]scored, string) {
		hs, _, tr, err := x.searchTranslated(context.Background(), q, 0) // every candidate, to measure
		if err != nil {
			t.Fatal(err)
		}
		return hs, tr.zh
	})
	lo, hi, cost := bestCut(on, append(append([]float64(nil), off...), off...)) // off-topic errors count twice
	t.Logf("on-topic: %d, min %.3f; off-topic: %d, max %.3f", len(on), slices.Min(on), len(off), slices.Max(off))
	t.Logf("lowest cost %d (false answers twice) for a cut-off in (%.3f, %.3f]: %d false abstentions, %d false answers; MinTranslatedCoverage %.3f",
		cost, lo, hi, cutErrors(on, nil, hi), cutErrors(nil, off, hi), MinTranslatedCoverage)
	if mid := (lo + hi) / 2; math.Abs(MinTranslatedCoverage-mid) > 0.0005 {
		t.Errorf("MinTranslatedCoverage is %.3f; the midpoint of the best interval is %.3f", MinTranslatedCoverage, mid)
	}
}
