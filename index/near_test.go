package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"clausebot/bot"
)

// TestNear checks the near clauses of a question Search abstains on
// (bot.Results.Near): a colloquial question whose words the seed writes
// otherwise (豆子 for 大豆, 买卖 for 贸易) gets no answer but has the
// soybean clause near; an answered question, small talk and a question
// of everyday words only have none; and every near clause covers at
// least MinNearCoverage.
func TestNear(t *testing.T) {
	x := mustSeed(t)
	ctx := context.Background()
	search := func(q string, offset int) bot.Results {
		t.Helper()
		r, err := x.Search(ctx, bot.Query{Text: q, Offset: offset})
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		return r
	}
	const q, want = "豆子的买卖两国以后怎么弄？", "二·19"
	r := search(q, 0)
	if len(r.Hits) != 0 {
		t.Fatalf("Search(%q) answered %s: the test needs a question it abstains on", q, r.Hits[0].Ref)
	}
	if len(r.Near) == 0 || r.Near[0].Ref != want {
		t.Errorf("Search(%q).Near = %v, want %s first", q, refs(r.Near), want)
	}
	if len(r.Near) > maxNear {
		t.Errorf("Search(%q): %d near clauses, want at most %d", q, len(r.Near), maxNear)
	}
	for _, h := range r.Near {
		if len(h.Highlights) == 0 {
			t.Errorf("near clause %s has no highlights", h.Ref)
		}
	}
	if r := search(q, 5); r.Near != nil {
		t.Errorf("Search(%q, offset 5).Near = %v, want none on a later page", q, refs(r.Near))
	}
	// 今天天气怎么样 and 今天吃什么 share only 今天 with the opening
	// paragraph (under MinNearEvidence), as a trial found.
	for _, q := range []string{"中俄在北斗卫星导航方面有什么合作？", "谢谢", "你好呀", "今天好", "今天天气怎么样", "今天吃什么"} {
		if r := search(q, 0); r.Near != nil {
			t.Errorf("Search(%q).Near = %v, want none", q, refs(r.Near))
		}
	}
	// Every near clause covers at least MinNearCoverage: the clause the
	// bar keeps out must not come back.
	qa := x.analyzeQuestion(q)
	hs, err := x.rank(ctx, qa)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hs {
		if h.coverage < MinNearCoverage {
			for _, n := range r.Near {
				if n.Ref == x.clauses[h.idx].Ref {
					t.Errorf("near clause %s covers %.3f, under MinNearCoverage %.3f", n.Ref, h.coverage, MinNearCoverage)
				}
			}
		}
	}
}

func refs(hs []bot.Hit) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Ref)
	}
	return out
}

// TestPolitenessIsNoContent checks that a greeting, thanks or "may I ask"
// around a question (你好，…；麻烦问一下，…；…，谢谢) changes neither its
// answer nor its near clauses.
func TestPolitenessIsNoContent(t *testing.T) {
	x := mustSeed(t)
	ctx := context.Background()
	top := func(q string) string {
		t.Helper()
		r, err := x.Search(ctx, bot.Query{Text: q})
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		if len(r.Hits) > 0 {
			return "answer " + r.Hits[0].Ref
		}
		return fmt.Sprint("near ", refs(r.Near))
	}
	for _, q := range []string{"豆子的买卖两国以后怎么弄？", "中俄在北斗卫星导航方面有什么合作？"} {
		want := top(q)
		for _, wrapped := range []string{"你好，" + q, "麻烦问一下，" + q, q + "谢谢", "您好，请教一下，" + q} {
			if got := top(wrapped); got != want {
				t.Errorf("%s: %s, want %s as for %s", wrapped, got, want, q)
			}
		}
	}
}

// TestOnlyNumerals checks that a message of numbers alone ("1", typed in
// a chat as if to press a button) gets no answer and no near clauses,
// while a citation of numbers (二·12, 2.12) and a number beside a word
// (5G) are read as before.
func TestOnlyNumerals(t *testing.T) {
	x := mustSeed(t)
	ctx := context.Background()
	for _, q := range []string{"1", "42", "2021", "十二"} {
		r, err := x.Search(ctx, bot.Query{Text: q})
		if err != nil || len(r.Hits) > 0 || len(r.Near) > 0 {
			t.Errorf("Search(%q): %v, hits %v, near %v; want neither", q, err, refs(r.Hits), refs(r.Near))
		}
	}
	for q, want := range map[string]string{"二·12": "二·12", "2.12": "二·12", "5G": "二·49"} {
		r, err := x.Search(ctx, bot.Query{Text: q})
		if err != nil || len(r.Hits) == 0 || r.Hits[0].Ref != want {
			t.Errorf("Search(%q): %v, hits %v; want %s first", q, err, refs(r.Hits), want)
		}
	}
}

// TestTermWithFillerInside checks that a Chinese synonym term of four or
// more characters with a filler inside (管钱的部长: 的) is found in a
// question, while a shorter one is not matched across a filler.
func TestTermWithFillerInside(t *testing.T) {
	syn := filepath.Join(t.TempDir(), "synonyms.txt")
	if err := os.WriteFile(syn, []byte("~ 管钱的部长 / 财政部长\n~ 钱的部 / 财政部\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	x := mustLoad(t, fstest.MapFS{"a.txt": {Data: []byte("第一条 财政部长每年会晤一次。\n\n第二条 财政部负责预算。\n")}}, Options{Synonyms: syn})
	found := map[string]bool{}
	qa := x.analyzeQuestion("两国管钱的部长多久见一次？")
	for _, a := range qa.alts {
		found[string(qa.runes[a.start:a.end])] = true
	}
	if !found["管钱的部长"] {
		t.Errorf("alternatives %v: want 管钱的部长 found across its 的", found)
	}
	if found["钱的部"] {
		t.Errorf("alternatives %v: 钱的部 (three characters) found across its 的", found)
	}
}
