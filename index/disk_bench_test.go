package index

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkDiskReopen measures, on testdata/documents (15 documents,
// 1.1 MB of text), building the index in memory, building it into an
// index folder, and reopening the unchanged folder; the figures are ms per
// operation, and reopen/build is the share of a build that a start with
// nothing changed costs.
func BenchmarkDiskReopen(b *testing.B) {
	docs := os.DirFS(filepath.Join("..", "testdata", "documents"))
	ctx := context.Background()
	timeIt := func(f func()) time.Duration {
		t0 := time.Now()
		f()
		return time.Since(t0)
	}
	var mem, build, reopen time.Duration
	for b.Loop() {
		dir := b.TempDir()
		mem += timeIt(func() {
			x, err := Load(ctx, docs, Options{})
			if err != nil {
				b.Fatal(err)
			}
			x.Close()
		})
		build += timeIt(func() {
			x, err := Load(ctx, docs, Options{Dir: dir})
			if err != nil {
				b.Fatal(err)
			}
			x.Close()
		})
		reopen += timeIt(func() {
			x, err := Load(ctx, docs, Options{Dir: dir})
			if err != nil {
				b.Fatal(err)
			}
			x.Close()
		})
	}
	n := float64(b.N)
	b.ReportMetric(float64(mem.Milliseconds())/n, "memory-build-ms")
	b.ReportMetric(float64(build.Milliseconds())/n, "folder-build-ms")
	b.ReportMetric(float64(reopen.Milliseconds())/n, "reopen-ms")
	b.ReportMetric(float64(reopen)/float64(build), "reopen/build")
	b.ReportMetric(0, "ns/op")
}
