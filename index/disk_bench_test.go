package index

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
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

// BenchmarkDiskFolder measures an index folder over a generated library
// written to disk: files × clauses per file from the environment
// (CLAUSEBOT_BENCH_FILES, default 10000; CLAUSEBOT_BENCH_CLAUSES, default
// 5). It reports the build, the reopen of the unchanged folder, and the
// update after one file changed, in ms, with the folder's size on disk,
// the text's size, and the live heap with the reopened index open (MiB);
// the reopen and the update also in CPU ms (user+system, all goroutines),
// steadier than wall time on a shared machine. At the defaults it takes about a minute; it is
// skipped unless selected by name (-bench DiskFolder).
// CLAUSEBOT_BENCH_PROFILE=PREFIX writes the CPU profiles of the reopen and
// the update alone to PREFIX-reopen.cpu and PREFIX-update.cpu.
func BenchmarkDiskFolder(b *testing.B) {
	if !strings.Contains(strings.Join(os.Args, " "), "DiskFolder") {
		b.Skip("minute-long: select it by name with -bench DiskFolder")
	}
	files, clauses := envInt("CLAUSEBOT_BENCH_FILES", 10000), envInt("CLAUSEBOT_BENCH_CLAUSES", 5)
	docs := b.TempDir()
	text := 0
	for name, f := range genCorpus(b, files, clauses) {
		text += len(f.Data)
		if err := os.WriteFile(filepath.Join(docs, name), f.Data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	prof := os.Getenv("CLAUSEBOT_BENCH_PROFILE")
	var cpu time.Duration // CPU time (user+system) of the last load
	load := func(dir, stage string) (*Index, time.Duration) {
		if prof != "" && stage != "build" {
			f, err := os.Create(prof + "-" + stage + ".cpu")
			if err != nil {
				b.Fatal(err)
			}
			pprof.StartCPUProfile(f)
			defer func() { pprof.StopCPUProfile(); f.Close() }()
		}
		c0, t0 := cpuTime(), time.Now()
		x, err := Load(ctx, os.DirFS(docs), Options{Dir: dir})
		if err != nil {
			b.Fatal(err)
		}
		cpu = cpuTime() - c0
		return x, time.Since(t0)
	}
	for b.Loop() {
		dir := b.TempDir()
		x, build := load(dir, "build")
		n := x.Len()
		x.Close()
		x, reopen := load(dir, "reopen")
		reopenCPU := cpu
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		x.Close()
		changed := filepath.Join(docs, "d00000.txt")
		data, _ := os.ReadFile(changed)
		os.WriteFile(changed, append(data, []byte("\n\n新增一款：押金应当在七日内退还。\n")...), 0o644)
		x, update := load(dir, "update")
		updateCPU := cpu
		x.Close()
		os.WriteFile(changed, data, 0o644)
		b.ReportMetric(float64(build.Milliseconds()), "build-ms")
		b.ReportMetric(float64(n)/build.Seconds(), "build-clauses/s")
		b.ReportMetric(float64(reopen.Milliseconds()), "reopen-ms")
		b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "reopened-heap-MiB")
		b.ReportMetric(float64(update.Milliseconds()), "one-changed-ms")
		b.ReportMetric(float64(reopenCPU.Milliseconds()), "reopen-cpu-ms")
		b.ReportMetric(float64(updateCPU.Milliseconds()), "one-changed-cpu-ms")
		b.ReportMetric(float64(dirSize(dir))/(1<<20), "folder-MB")
		b.ReportMetric(float64(text)/(1<<20), "text-MB")
		b.ReportMetric(float64(n), "clauses")
	}
	b.ReportMetric(0, "ns/op")
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}
