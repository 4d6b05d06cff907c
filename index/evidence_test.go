package index

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// cand is a candidate's coverage and evidence (see scored).
type cand struct{ cov, ev float64 }

// TestEvidenceMargin measures the second abstention rule (Search answers a
// clause whose coverage is under MinCoverage when it is at least
// MinSpecificCoverage and its evidence at least MinEvidence) on the own,
// shared and unseen sets together: for an on-topic question, the coverage
// and evidence of the best-ranked clause holding a gold answer; for an
// off-topic one, those of every candidate (one passing is a false answer).
// It searches every pair of cut-offs for the fewest errors and fails if
// the constants make more than one error above that, or no fewer than
// coverage alone. Run with -v to print the pairs within one error.
func TestEvidenceMargin(t *testing.T) {
	x := mustSeed(t)
	var on []cand
	var off [][]cand
	for _, file := range []string{"../testdata/questions.jsonl", "../../shared/eval/questions.jsonl", "testdata/unseen.jsonl"} {
		for _, g := range readGold(t, file) {
			qa := x.analyzeQuestion(g.Q)
			qa.allEvidence = true // the distribution under every pair of cut-offs
			var hs []scored
			if len(qa.units) > 0 {
				var err error
				if hs, err = x.rank(context.Background(), qa); err != nil {
					t.Fatal(err)
				}
			}
			if len(g.Gold) == 0 {
				var cs []cand
				for _, h := range hs {
					cs = append(cs, cand{h.coverage, h.evidence})
				}
				off = append(off, cs)
				continue
			}
			c := cand{-1, -1}
		hits:
			for _, h := range hs {
				for _, s := range g.Gold {
					if strings.Contains(x.clauses[h.idx].Text, s) {
						c = cand{h.coverage, h.evidence}
						break hits
					}
				}
			}
			on = append(on, c)
		}
	}
	var evs, covs []float64
	for _, c := range on {
		evs, covs = append(evs, c.ev), append(covs, c.cov)
	}
	for _, cs := range off {
		for _, c := range cs {
			evs, covs = append(evs, c.ev), append(covs, c.cov)
		}
	}
	evs = append(evs, 0, 1)
	covs = append(covs, 0, 1)
	slices.Sort(evs)
	evs = slices.Compact(evs)
	slices.Sort(covs)
	covs = slices.Compact(covs)
	pass := func(c cand, e, k float64) bool { return c.cov >= MinCoverage || c.cov >= k && c.ev >= e }
	errs := func(e, k float64) int {
		n := 0
		for _, c := range on {
			if !pass(c, e, k) {
				n++
			}
		}
		for _, cs := range off {
			for _, c := range cs {
				if pass(c, e, k) {
					n++
					break
				}
			}
		}
		return n
	}
	best := math.MaxInt
	for i := 0; i+1 < len(evs); i++ {
		for j := 0; j+1 < len(covs); j++ {
			best = min(best, errs(evs[i+1], covs[j+1]))
		}
	}
	for i := 0; i+1 < len(evs); i++ {
		for j := 0; j+1 < len(covs); j++ {
			if n := errs(evs[i+1], covs[j+1]); n <= best+1 {
				t.Logf("errs %d ev (%.3f,%.3f] %.3f cov (%.3f,%.3f] %.3f", n, evs[i], evs[i+1], evs[i+1]-evs[i], covs[j], covs[j+1], covs[j+1]-covs[j])
			}
		}
	}
	base, got := errs(2, 2), errs(MinEvidence, MinSpecificCoverage)
	t.Logf("errors: coverage alone %d, fewest %d, MinEvidence %.3f with MinSpecificCoverage %.3f: %d", base, best, MinEvidence, MinSpecificCoverage, got)
	if got > best+1 || got >= base {
		t.Errorf("MinEvidence %.3f, MinSpecificCoverage %.3f: %d errors; coverage alone %d, fewest %d", MinEvidence, MinSpecificCoverage, got, base, best)
	}
}

// TestPhraseEvidence checks that two adjacent question words a clause
// writes together count as one, more specific, term: 行业 and 协会 are
// each under MinEvidence, 行业协会 is not, and the anti-monopoly law's
// article on trade associations answers rather than a clause holding the
// rarer 会员 alone.
func TestPhraseEvidence(t *testing.T) {
	x := mustDocuments(t)
	const q, want = "行业协会能不能带着会员一起定价、搞垄断？", "行业协会不得组织本行业的经营者从事本章禁止的垄断行为"
	qa := x.analyzeQuestion(q)
	_, spec := x.unitWeights(qa)
	for i, u := range qa.units {
		if (u.text == "行业" || u.text == "协会") && spec.units[i] >= MinEvidence {
			t.Fatalf("%s alone has evidence %.3f ≥ MinEvidence: the test shows nothing", u.text, spec.units[i])
		}
	}
	hs, err := x.rank(context.Background(), qa)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, h := range hs {
		if strings.Contains(x.clauses[h.idx].Text, want) {
			found = true
			if h.evidence < MinEvidence || !h.answers() {
				t.Errorf("evidence %.3f, coverage %.3f: the clause writing 行业协会 does not answer", h.evidence, h.coverage)
			}
		}
	}
	if !found {
		t.Fatalf("no candidate holds %q", want)
	}
	r := mustSearch(t, x, q)
	if len(r.Hits) == 0 || !strings.Contains(r.Hits[0].Text, want) {
		t.Errorf("Search(%q) first hit %+v, want the clause holding %q", q, r.Hits, want)
	}
}

// TestAcronymEvidence checks that an alphabetic word of a Chinese question
// which the synonyms make a name of a term the clause also writes (PPP,
// 政府和社会资本合作) is as specific as that term: a bare alphabetic word is
// no evidence (generalRarity), and the question's other words, absent
// from the seed, sank its coverage.
func TestAcronymEvidence(t *testing.T) {
	x := mustSeed(t)
	const q, want = "公私合营那种PPP模式，两国有啥打算？", "政府和社会资本合作（PPP）领域的政策交流"
	r := mustSearch(t, x, q)
	if len(r.Hits) == 0 || !strings.Contains(r.Hits[0].Text, want) {
		t.Errorf("Search(%q): top hit %s, want the clause holding %q", q, topRef(r), want)
	}
	// The question's own words are the control: without PPP it must not
	// answer, or the test shows nothing.
	if r := mustSearch(t, x, "公私合营那种模式，两国有啥打算？"); len(r.Hits) > 0 {
		t.Fatalf("answered without PPP: %s", topRef(r))
	}
}

// TestSubChainEvidence checks that a shorter run of a chain of lone
// characters is evidence when the clause writes it as a word: "像鸿蒙这种"
// chains 像|鸿|蒙, no clause writes 像鸿蒙, and 鸿蒙 is the subject.
func TestSubChainEvidence(t *testing.T) {
	x := mustSeed(t)
	const q, want = "像鸿蒙这种手机电脑系统，会不会跟俄罗斯一起搞？", "鸿蒙"
	qa := x.analyzeQuestion(q)
	chained := false
	for _, c := range qa.chains {
		chained = chained || strings.Contains(c.text, "像鸿蒙")
	}
	if !chained {
		t.Fatalf("chains %v hold no 像鸿蒙: the test shows nothing", qa.chains)
	}
	r := mustSearch(t, x, q)
	if len(r.Hits) == 0 || !strings.Contains(r.Hits[0].Text, want) {
		t.Errorf("Search(%q): top hit %s, want the clause naming %s", q, topRef(r), want)
	}
}

// TestCompoundTermEvidence checks that the words of a synonym term of
// several words (海洋牧场 as 海洋|牧场) are no evidence in a clause that
// holds neither the term nor an alternative: 牧场 of a clause on
// grassland ranches is not what "海洋牧场" asks about, while a clause
// writing the alternative 人工鱼礁区 is.
func TestCompoundTermEvidence(t *testing.T) {
	doc := "第一条 为了规范渔业和畜牧业活动，制定本条例。\n\n" +
		"第二条 草原牧场的经营者应当合理放牧，防止草原退化。\n\n" +
		"第三条 沿海地方人民政府应当规划建设人工鱼礁区，养护海洋渔业资源。\n\n" +
		"第四条 国家鼓励企业加强内部管理。\n\n" +
		"第五条 本条例自发布之日起施行。\n"
	syn := filepath.Join(t.TempDir(), "synonyms.txt")
	if err := os.WriteFile(syn, []byte("~ 海洋牧场 / 人工鱼礁区\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	evidence := func(x *Index, ref string) float64 {
		t.Helper()
		qa := x.analyzeQuestion("海洋牧场有什么规定？")
		qa.allEvidence = true
		hs, err := x.rank(context.Background(), qa)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hs {
			if x.clauses[h.idx].Ref == ref {
				return h.evidence
			}
		}
		t.Fatalf("%s is not a candidate", ref)
		return 0
	}
	fsys := fstest.MapFS{"条例.txt": {Data: []byte(doc)}}
	// Control: without the group, 牧场 of 第二条 is evidence, or the test
	// shows nothing.
	if e := evidence(mustLoad(t, fsys, Options{}), "第二条"); e == 0 {
		t.Fatalf("without the synonym group, 第二条's evidence is 0: the test shows nothing")
	}
	x := mustLoad(t, fsys, Options{Synonyms: syn})
	if e := evidence(x, "第二条"); e != 0 {
		t.Errorf("第二条 (草原牧场) has evidence %.3f for 海洋牧场, want 0", e)
	}
	if e := evidence(x, "第三条"); e == 0 {
		t.Errorf("第三条 (人工鱼礁区) has evidence 0 for 海洋牧场")
	}
}
