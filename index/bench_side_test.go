package index

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"

	"clausebot/bot"
)

// BenchmarkQuerySeedSideBySide measures a query on the seed through Search
// and through a bare bleve index of the same clauses (stock cjk analyzer,
// scorch, BM25, a MatchQuery of size 5) in the same run, over the same
// questions (benchQuestions). Each reports p50 and p99 in µs, the
// process's CPU µs per query, and B/op and allocs/op.
func BenchmarkQuerySeedSideBySide(b *testing.B) {
	x := mustSeed(b)
	bi := mustBareBleve(b, x)
	ctx := context.Background()
	b.Run("clausebot", func(b *testing.B) {
		latency(b, func(q string) {
			if _, err := x.Search(ctx, bot.Query{Text: q}); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("bleve-cjk", func(b *testing.B) {
		latency(b, func(q string) {
			mq := bleve.NewMatchQuery(q)
			mq.SetField("text")
			if _, err := bi.SearchInContext(ctx, bleve.NewSearchRequestOptions(mq, 5, 0, false)); err != nil {
				b.Fatal(err)
			}
		})
	})
}

// BenchmarkQuerySeedAlternating is BenchmarkQuerySeedSideBySide with the
// two searches taking turns, question by question, so that a shared
// machine's load falls on both alike: it reports each one's p50 and p99
// in µs and the ratio of the p50s (clausebot over bleve; the target of
// issue 11 is at most 1).
func BenchmarkQuerySeedAlternating(b *testing.B) {
	x := mustSeed(b)
	bi := mustBareBleve(b, x)
	ctx := context.Background()
	ours := func(q string) {
		if _, err := x.Search(ctx, bot.Query{Text: q}); err != nil {
			b.Fatal(err)
		}
	}
	bare := func(q string) {
		mq := bleve.NewMatchQuery(q)
		mq.SetField("text")
		if _, err := bi.SearchInContext(ctx, bleve.NewSearchRequestOptions(mq, 5, 0, false)); err != nil {
			b.Fatal(err)
		}
	}
	for _, q := range benchQuestions {
		ours(q)
		bare(q)
	}
	var a, c []time.Duration
	for i := 0; b.Loop(); i++ {
		q := benchQuestions[i%len(benchQuestions)]
		first, second, fa, fb := ours, bare, &a, &c
		if i%2 == 1 { // neither always runs first, with the other's garbage to collect
			first, second, fa, fb = bare, ours, &c, &a
		}
		t0 := time.Now()
		first(q)
		t1 := time.Now()
		second(q)
		*fa = append(*fa, t1.Sub(t0))
		*fb = append(*fb, time.Since(t1))
	}
	slices.Sort(a)
	slices.Sort(c)
	p50 := func(d []time.Duration) float64 { return float64(d[len(d)/2].Nanoseconds()) / 1000 }
	p99 := func(d []time.Duration) float64 { return float64(d[len(d)*99/100].Nanoseconds()) / 1000 }
	b.ReportMetric(p50(a), "clausebot-p50-µs")
	b.ReportMetric(p99(a), "clausebot-p99-µs")
	b.ReportMetric(p50(c), "bleve-p50-µs")
	b.ReportMetric(p99(c), "bleve-p99-µs")
	b.ReportMetric(p50(a)/p50(c), "p50-ratio")
}

// latency runs search over benchQuestions in turn and reports the p50 and
// p99 of one call in µs, with B/op and allocs/op.
func latency(b *testing.B, search func(q string)) {
	b.ReportAllocs()
	for _, q := range benchQuestions {
		search(q) // one-time loads (the segmenter's dictionary) are not a query's cost
	}
	var lat []time.Duration
	cpu0 := cpuTime()
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		search(benchQuestions[i%len(benchQuestions)])
		lat = append(lat, time.Since(t0))
	}
	// The process's CPU time per call (GC included) is steadier than wall
	// time on a shared machine, where other work stretches the latencies.
	b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/1000/float64(b.N), "cpu-µs/op")
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1000, "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds())/1000, "p99-µs")
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// mustBareBleve indexes x's clauses in a bare bleve index: stock cjk
// analyzer, scorch in memory, BM25, one field "text".
func mustBareBleve(t testing.TB, x *Index) bleve.Index {
	t.Helper()
	m := bleve.NewIndexMapping()
	m.ScoringModel = "bm25"
	m.DefaultAnalyzer = cjk.AnalyzerName
	bi, err := bleve.NewUsing("", m, "scorch", "scorch", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bi.Close() })
	for i, c := range x.clauses {
		if err := bi.Index(fmt.Sprint(i), map[string]string{"text": c.Text}); err != nil {
			t.Fatal(err)
		}
	}
	return bi
}

// BenchmarkClauseMemory builds testdata/documents and reports the live heap
// the index holds per clause (runtime.MemStats after a GC, before and after
// building, over the clause count; bleve's own included), the share of
// clauses whose normalised text equals their text, and the bytes per
// clause of its text and of the edits that make its normalised text.
func BenchmarkClauseMemory(b *testing.B) {
	fsys := os.DirFS("../testdata/documents")
	mustSeed(b) // the segmenter and other one-time tables, not the index's
	var perClause, equal, textB, normB float64
	for b.Loop() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		x, err := Load(context.Background(), fsys, Options{})
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		n := float64(len(x.clauses))
		perClause = float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / n
		equal, textB, normB = 0, 0, 0
		for i := range x.clauses {
			c := &x.clauses[i]
			textB += float64(len(c.Text))
			if c.norm() == c.Text {
				equal++
			}
			normB += float64(len(c.edits())) * float64(unsafe.Sizeof(normEdit{}))
		}
		equal, textB, normB = 100*equal/n, textB/n, normB/n
		x.Close()
	}
	b.ReportMetric(perClause, "heap-B/clause")
	b.ReportMetric(equal, "norm-equal-%")
	b.ReportMetric(textB, "text-B/clause")
	b.ReportMetric(normB, "norm-edits-B/clause")
}
