package index

import (
	"context"
	"os"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	bindex "github.com/blevesearch/bleve_index_api"
)

// TestBigramFieldSame checks that clauseAnalyzer gives every clause of the
// seed and of testdata/documents, and some texts made to be awkward, the
// field the mapping's analyzer would: the same terms with the same
// frequencies and the same length (so the same segment and scores), the
// words clauseWords finds, and the Chinese characters countHan counts.
func TestBigramFieldSame(t *testing.T) {
	a, err := registry.NewCache().AnalyzerNamed(bigramAnalyzer + preSuffix)
	if err != nil {
		t.Fatal(err)
	}
	opts := bigramOptions()
	if !opts.IsIndexed() || opts.IsStored() || opts.IncludeTermVectors() || opts.IncludeDocValues() {
		t.Fatalf("bigramOptions() = %v: want indexed only, as newMapping says", opts)
	}
	var clauses []clause
	for _, text := range []string{
		"北斗卫星导航北斗卫星导航", "中，俄", "", "，。", "５Ｇ移动通信 5G 5g", "investments in investing 5G and AI",
		"сотрудничество и сотрудничества", "a b c ab", "Cooperation; they COOPERATE 合作合作合作", "𠀀𠀁 かな 한국어",
	} {
		clauses = append(clauses, clause{Text: text})
	}
	seed := mustSeed(t)
	docs, err := Load(context.Background(), os.DirFS("../testdata/documents"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer docs.Close()
	for _, x := range []*Index{seed, docs} {
		clauses = append(clauses, x.clauses...)
	}
	if len(clauses) < 1000 {
		t.Fatalf("only %d clauses to compare", len(clauses))
	}
	var ca clauseAnalyzer
	ca.han = new(hanCounter)
	wantHan := map[rune]int32{}
	var han []rune
	for i := range clauses {
		c := clauses[i] // a copy: doc sets its words
		doc := ca.doc("id", &c)
		text := c.norm() + c.ctx
		toks := a.Analyze([]byte(text))
		want := analysis.TokenFrequency(toks, nil, opts)
		if len(doc.Fields) != 1 {
			t.Fatalf("clause %d: %d fields", i, len(doc.Fields))
		}
		f := doc.Fields[0]
		if f.Name() != fieldBigram || f.Options() != opts {
			t.Fatalf("clause %d: field %q options %v", i, f.Name(), f.Options())
		}
		if f.AnalyzedLength() != len(toks) {
			t.Errorf("clause %d %q: length %d, want %d", i, text, f.AnalyzedLength(), len(toks))
		}
		got := f.AnalyzedTokenFrequencies()
		if len(got) != len(want) {
			t.Errorf("clause %d %q: %d terms, want %d", i, text, len(got), len(want))
		}
		for term, w := range want {
			g, ok := got[term]
			if !ok || g.Frequency() != w.Frequency() || (g != onceFreq && string(g.Term) != string(w.Term)) || len(g.Locations) != 0 {
				t.Errorf("clause %d %q: term %q: got %+v, want %+v", i, text, term, g, w)
			}
		}
		if ws := clauseWords([]rune(text)); !slices.Equal(c.words, ws) {
			t.Errorf("clause %d %q: words %q, want %q", i, text, c.words, ws)
		}
		han = countHan([]rune(text), han, wantHan)
	}
	if onceFreq.Frequency() != 1 || len(onceFreq.Term) != 0 {
		t.Errorf("onceFreq changed: %+v", onceFreq)
	}
	gotHan := map[rune]int32{}
	ca.han.addTo(gotHan)
	if len(gotHan) != len(wantHan) {
		t.Errorf("%d characters counted, want %d", len(gotHan), len(wantHan))
	}
	for r, n := range wantHan {
		if gotHan[r] != n {
			t.Errorf("character %q: %d clauses, want %d", r, gotHan[r], n)
		}
	}
	// The terms stay valid while later clauses are analysed (they are
	// slices of chunks never written again).
	var keep []bindex.TokenFrequencies
	var texts []string
	for i := range clauses[:200] {
		c := clauses[i]
		keep = append(keep, ca.doc("id", &c).Fields[0].AnalyzedTokenFrequencies())
		texts = append(texts, c.norm()+c.ctx)
	}
	for i, tfs := range keep {
		want := analysis.TokenFrequency(a.Analyze([]byte(texts[i])), nil, opts)
		for term := range want {
			if tf, ok := tfs[term]; !ok || tf != onceFreq && string(tf.Term) != term {
				t.Fatalf("clause %d: term %q lost or changed after later clauses", i, term)
			}
		}
	}
}
