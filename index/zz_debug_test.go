package index

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestZZ: ZZQ="q1|q2" [ZZDOCS=dir] prints analysis and top candidates.
func TestZZ(t *testing.T) {
	qs := os.Getenv("ZZQ")
	if qs == "" {
		t.Skip()
	}
	var x *Index
	if d := os.Getenv("ZZDOCS"); d != "" {
		var err error
		x, err = Load(context.Background(), os.DirFS(d), Options{})
		if err != nil {
			t.Fatal(err)
		}
	} else {
		x = mustSeed(t)
	}
	for _, q := range strings.Split(qs, "|") {
		qa := x.analyzeQuestion(q)
		w, spec := x.unitWeights(qa)
		fmt.Printf("== %s  rarity=%.3f\n", q, questionRarity(qa))
		for i, u := range qa.units {
			fmt.Printf("   unit %q df=%d w=%.2f spec=%.2f gen=%.2f pred=%v\n", u.text, x.unitDF(u), w[i], spec.units[i], generalRarity(u), isPredicate(u.text))
		}
		for i, c := range qa.chains {
			fmt.Printf("   chain %q spec=%.2f\n", c.text, spec.chains[i])
		}
		for _, a := range qa.alts {
			fmt.Printf("   alt %q -> %v\n", string(qa.runes[a.start:a.end]), a.terms)
		}
		hs, err := x.rank(context.Background(), qa)
		if err != nil {
			t.Fatal(err)
		}
		for i, h := range hs {
			if i >= 6 {
				break
			}
			c := &x.clauses[h.idx]
			txt := []rune(c.Text)
			if len(txt) > 50 {
				txt = txt[:50]
			}
			fmt.Printf("   %d %s cov=%.3f ev=%.3f score=%.3f ans=%v %s\n", i, c.public().Ref, h.coverage, h.evidence, h.score, h.answers(), string(txt))
		}
	}
}
