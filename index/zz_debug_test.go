package index

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
)

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
		fmt.Printf("== %s\n", q)
		for i, u := range qa.units {
			fmt.Printf("  unit %q df=%d w=%.3f spec=%.3f word=%v\n", u.text, x.unitDF(u), w[i], spec.units[i], u.word)
		}
		fmt.Printf("  chains=%v alts=%v rarity=%.3f\n", qa.chains, qa.alts, questionRarity(qa))
		hs, err := x.rank(context.Background(), qa)
		if err != nil {
			t.Fatal(err)
		}
		for k, h := range hs {
			if k >= 5 {
				break
			}
			c := &x.clauses[h.idx]
			fmt.Printf("  %d %s cov=%.3f ev=%.3f score=%.3f answers=%v %q\n", k, c.public().Ref, h.coverage, h.evidence, h.score, h.answers(), trunc(c.Text))
		}
	}
}

func TestZZT(t *testing.T) {
	qs := os.Getenv("ZZT")
	if qs == "" {
		t.Skip()
	}
	x := mustSeed(t)
	if d := os.Getenv("ZZDOCS"); d != "" {
		var err error
		x, err = Load(context.Background(), os.DirFS(d), Options{})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range strings.Split(qs, "|") {
		tr := x.translate(q)
		fmt.Printf("== %s → %q total=%d\n", q, tr.zh, tr.total)
		for _, g := range tr.groups {
			fmt.Printf("  %v → %v ws=%v keys=%d\n", g.words, g.heads, g.ws, g.keys)
		}
		for _, c := range x.zhDict().LookupText(dropAskWords(q)) {
			fmt.Printf("    cand %v %s %.3f\n", c.Words, c.Headword, c.Weight)
		}
		hs, _, _, _ := x.searchTranslated(context.Background(), q, 0, false)
		for k, h := range hs {
			if k >= 4 {
				break
			}
			fmt.Printf("  %d %s cov=%.3f ev=%.3f %q\n", k, x.clauses[h.idx].public().Ref, h.coverage, h.evidence, trunc(x.clauses[h.idx].Text))
		}
	}
}
