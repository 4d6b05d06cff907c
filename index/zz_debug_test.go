package index

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
)

// scratch: CLAUSEBOT_DBG_Q="q1|q2" CLAUSEBOT_DBG_DOCS=1 go test -run TestZZDebug -v ./index/
func TestZZDebug(t *testing.T) {
	qs := os.Getenv("CLAUSEBOT_DBG_Q")
	if qs == "" {
		t.Skip()
	}
	var x *Index
	if os.Getenv("CLAUSEBOT_DBG_DOCS") != "" {
		var err error
		x, err = Load(context.Background(), os.DirFS("/tmp/combo"), Options{})
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
			fmt.Printf("  unit %q word=%v w=%.2f spec=%.3f gen=%.3f df=%d\n", u.text, u.word, w[i], spec.units[i], generalRarity(u), x.unitDF(u))
		}
		for i, u := range qa.chains {
			fmt.Printf("  chain %q spec=%.3f\n", u.text, spec.chains[i])
		}
		for i, a := range qa.alts {
			fmt.Printf("  alt %v everyday=%v spec=%v\n", a.terms, a.everyday, spec.alts[i])
		}
		if len(qa.units) == 0 {
			continue
		}
		hs, _ := x.rank(context.Background(), qa)
		for k, h := range hs {
			if k >= 3 {
				break
			}
			c := x.clauses[h.idx]
			tx := []rune(c.Text)
			if len(tx) > 40 {
				tx = tx[:40]
			}
			fmt.Printf("  -> %s cov=%.3f ev=%.3f ans=%v %s\n", c.Ref, h.coverage, h.evidence, h.answers(), string(tx))
		}
	}
}

func TestZZTr(t *testing.T) {
	qs := os.Getenv("CLAUSEBOT_DBG_TR")
	if qs == "" {
		t.Skip()
	}
	x := mustSeed(t)
	for _, q := range strings.Split(qs, "|") {
		tr := x.translate(q)
		fmt.Printf("== %s total=%d\n", q, tr.total)
		for _, g := range tr.groups {
			fmt.Printf("  %v -> %v ws=%v keys=%d best=%.2f\n", g.words, g.heads, g.ws, g.keys, g.best)
		}
		hs, _, _, _ := x.searchTranslated(context.Background(), q, 0)
		for k, h := range hs {
			if k >= 2 {
				break
			}
			fmt.Printf("  -> %s cov=%.3f %s\n", x.clauses[h.idx].Ref, h.coverage, tr.via(&x.clauses[h.idx]))
		}
	}
}
