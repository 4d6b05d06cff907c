package index

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/go-ego/gse"
)

// mustGse loads dict/zh_s.txt.gz into gse the way package index did before
// the word table: the reference the table must agree with.
func mustGse(t testing.TB) *gse.Segmenter {
	t.Helper()
	f, err := os.Open(filepath.Join("dict", "zh_s.txt.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("dict/zh_s.txt.gz: %v", err)
	}
	data, err := io.ReadAll(bufio.NewReader(zr))
	if err != nil {
		t.Fatalf("dict/zh_s.txt.gz: %v", err)
	}
	var sg gse.Segmenter
	sg.SkipLog = true
	sg.NotLoadHMM = true
	if err := sg.LoadDictStr(string(data)); err != nil {
		t.Fatalf("gse: LoadDictStr(dict/zh_s.txt.gz): %v", err)
	}
	return &sg
}

func mustTable(t testing.TB) *wordTable {
	t.Helper()
	wt, err := segmenter()
	if err != nil {
		t.Fatal(err)
	}
	return wt
}

// TestWordTableFind checks that the embedded table holds what gse holds
// after reading the word list: the same total, every word with its
// frequency, and every start of a word found with frequency 0. A stale
// dict/zh_s.tab (the list changed without go generate) fails here.
func TestWordTableFind(t *testing.T) {
	sg, wt := mustGse(t), mustTable(t)
	if got, want := wt.TotalFreq(), sg.Dict.TotalFreq(); math.Float64bits(got) != math.Float64bits(want) {
		t.Errorf("TotalFreq = %v, want %v", got, want)
	}
	if got, want := wt.n, sg.Dict.NumTokens(); got != want {
		t.Errorf("%d words, want %d", got, want)
	}
	check := func(w string) {
		gf, _, gok := sg.Find(w)
		f, ok := wt.Find(w)
		if f != gf || ok != gok {
			t.Errorf("Find(%q) = %v, %v; gse says %v, %v", w, f, ok, gf, gok)
		}
	}
	for i := range sg.Dict.Tokens {
		w := sg.Dict.Tokens[i].Text()
		check(w)
		rs := []rune(w)
		for k := 1; k < len(rs); k++ {
			check(string(rs[:k]))
			check(string(rs[k:]))
		}
		check(w + "的")
		check(w + "x")
	}
	for _, w := range []string{"", "x", "5g", "\xff", "\u00e9", "北斗卫星导航系统和格洛纳斯"} {
		check(w)
	}
}

// segmentationTexts is every text the engine may segment in the tests'
// corpora: each clause of the seed and of testdata/documents (text,
// normalised text and heading context) and each question of the question
// sets, whole and as the runs of Han characters the tokenizer passes to
// segmentWords.
func segmentationTexts(t *testing.T) []string {
	t.Helper()
	var texts []string
	add := func(s string) {
		texts = append(texts, s)
		for _, run := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.Is(unicode.Han, r) }) {
			texts = append(texts, run)
		}
		texts = append(texts, normalizeString(s))
	}
	for _, x := range []*Index{mustSeed(t), mustDocuments(t)} {
		for _, c := range x.clauses {
			add(c.Text)
			add(c.norm())
			add(c.ctx)
		}
	}
	sets, _ := filepath.Glob(filepath.Join("..", "testdata", "*.jsonl"))
	more, _ := filepath.Glob(filepath.Join("testdata", "*.jsonl"))
	sets = append(sets, more...)
	if len(sets) < 5 {
		t.Fatalf("found question sets %v, want testdata/*.jsonl and index/testdata/*.jsonl", sets)
	}
	for _, name := range sets {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			var g struct{ Q string }
			if err := json.Unmarshal([]byte(line), &g); err != nil || g.Q == "" {
				t.Fatalf("%s:%d: no question (%v)", name, i+1, err)
			}
			add(g.Q)
		}
	}
	return texts
}

// TestWordTableCutMatchesGse segments every clause and question of the
// tests' corpora (segmentationTexts) with gse's Cut(s, false) over the text
// list and with the word table, and requires the same words.
func TestWordTableCutMatchesGse(t *testing.T) {
	sg, wt := mustGse(t), mustTable(t)
	texts := segmentationTexts(t)
	runes, words := 0, 0
	for _, s := range texts {
		want := sg.Cut(s, false)
		got := wt.Cut(s)
		if !slices.Equal(got, want) {
			t.Errorf("Cut(%q):\n got %q\nwant %q", trunc(s), got, want)
		}
		runes += len([]rune(s))
		words += len(got)
	}
	t.Logf("%d texts, %d characters, %d words: identical", len(texts), runes, words)
	if len(texts) < 10000 {
		t.Errorf("only %d texts; the corpora did not load", len(texts))
	}
}

// TestWordTableCutRandom compares the two on random texts built from
// pieces of dictionary words, lone characters, ASCII letters and digits,
// upper case, punctuation and invalid UTF-8, the cases the corpora rarely
// reach (ties, unknown characters, prefixes that are not words).
func TestWordTableCutRandom(t *testing.T) {
	sg, wt := mustGse(t), mustTable(t)
	r := rand.New(rand.NewPCG(11, 2))
	var vocab []string
	for i := range sg.Dict.Tokens {
		vocab = append(vocab, sg.Dict.Tokens[i].Text())
	}
	extra := []string{"a", "B", "5", "Z9", "g20", " ", "，", "。", "\xff", "\xe4\xb8", "é", "Ä", "鸿", "蒙", "㐀", "𠀀", "İ", "ǅ"}
	// Characters that only start words (gse: frequency 0, log 0) and ones
	// found only inside words (not in the list: log 1), the two costs gse
	// gives a character that is not a word.
	seen := map[rune]bool{}
	nonWords := 0
	for _, w := range vocab {
		for _, c := range w {
			if seen[c] {
				continue
			}
			seen[c] = true
			if f, _, _ := sg.Find(string(c)); f == 0 {
				extra = append(extra, string(c))
				nonWords++
			}
		}
	}
	t.Logf("%d characters of the list that are not words", nonWords)
	// Words holding such characters, cut whole, overlapped and in pieces,
	// where a route over the character competes with one through it.
	isNonWord := map[string]bool{}
	for _, c := range extra {
		isNonWord[c] = true
	}
	for _, w := range vocab {
		rs := []rune(w)
		has := false
		for _, c := range rs {
			has = has || isNonWord[string(c)]
		}
		if !has || len(rs) < 2 {
			continue
		}
		for _, s := range []string{w, string(rs[1:]) + w, w + string(rs[1:]), string(rs[:len(rs)-1]) + w, "的" + string(rs[1:]), string(rs[:len(rs)-1]) + "了"} {
			if got, want := wt.Cut(s), sg.Cut(s, false); !slices.Equal(got, want) {
				t.Errorf("Cut(%q):\n got %q\nwant %q", s, got, want)
			}
		}
	}
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for range n {
		var b strings.Builder
		for range 1 + r.IntN(12) {
			switch p := r.IntN(10); {
			case p < 6:
				w := []rune(vocab[r.IntN(len(vocab))])
				i := r.IntN(len(w))
				j := i + 1 + r.IntN(len(w)-i)
				if r.IntN(2) == 0 {
					i, j = 0, len(w)
				}
				b.WriteString(string(w[i:j]))
			case p < 8:
				b.WriteString(extra[r.IntN(len(extra))])
			default:
				b.WriteRune(rune(0x4e00 + r.IntN(0x9fff-0x4e00)))
			}
		}
		s := b.String()
		if got, want := wt.Cut(s), sg.Cut(s, false); !slices.Equal(got, want) {
			t.Errorf("Cut(%q):\n got %q\nwant %q", s, got, want)
		}
	}
}

// BenchmarkSegmenterLoad measures what the first question that needs
// Chinese segmentation pays: loading the word table now, reading the text
// list into gse before (gse sub-benchmark, kept for comparison).
func BenchmarkSegmenterLoad(b *testing.B) {
	report := func(b *testing.B, before *runtime.MemStats) {
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/load")
		b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/1e6/float64(b.N), "MB-alloc/load")
	}
	b.Run("table", func(b *testing.B) {
		b.ReportAllocs()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		for b.Loop() {
			segOnce = sync.Once{}
			seg = nil
			if _, err := segmenter(); err != nil {
				b.Fatal(err)
			}
		}
		report(b, &ms)
	})
	b.Run("gse", func(b *testing.B) {
		b.ReportAllocs()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		for b.Loop() {
			mustGse(b)
		}
		report(b, &ms)
	})
}

// BenchmarkSegment compares cutting the seed's clauses, as index builds
// do, with the word table and with gse.
func BenchmarkSegment(b *testing.B) {
	x := mustSeed(b)
	var texts []string
	for _, c := range x.clauses {
		for _, run := range strings.FieldsFunc(c.norm(), func(r rune) bool { return !unicode.Is(unicode.Han, r) }) {
			texts = append(texts, run)
		}
	}
	sg, wt := mustGse(b), mustTable(b)
	b.Run("table", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, s := range texts {
				wt.Cut(s)
			}
		}
	})
	b.Run("gse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, s := range texts {
				sg.Cut(s, false)
			}
		}
	})
}
