package index

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// BenchmarkAskSideBySide (issue 11: one-shot `clausebot ask` on the seed
// within 1.5× a bare bleve program's wall time and peak RSS) runs, in
// each iteration, one `clausebot ask` of a Chinese question on the
// embedded seed and one run of a bare bleve program (internal/barebleve:
// the seed's text split into paragraphs at blank lines, indexed as one
// batch in memory with the stock cjk analyzer, scorch and BM25, one
// MatchQuery, the top 3 printed), each through internal/rssprobe. It
// reports both programs' median wall time (ms) and median peak RSS (MB,
// ru_maxrss of the child) over the iterations, and the ratios
// clausebot/bare of those medians (the target: ≤ 1.5 each).
//
// Both programs are built here with the module's own dependencies and
// the release build's settings (.ci/build: CGO_ENABLED=0, -trimpath,
// -s -w), then copied, as an install or an image layer would copy them,
// and the copies are run. A binary's pages in the page cache count in
// RSS when the program touches them, and Linux (6.x, with large folios)
// maps a whole folio at a time: the folios of a file the linker has just
// written are larger than those of a copy or of a file read back from
// disk, and for clausebot's binary that adds 3 MB to every run (36 MB
// against 33 MB for the release build; 43 against 35 for a plain go
// build; the 2-core build machine, Linux 6.18). The copies give the
// figure an installed binary gives.
//
// With CLAUSEBOT_BENCH_BEFORE set to another clausebot binary (an
// earlier build, made with the same settings and copied), that binary's
// ask runs in each iteration too and is reported as before-ms and
// before-RSS-MB, so a change is measured before and after in one run.
//
// It takes a minute or two (two release builds): run it by name,
// go test -run '^$' -bench AskSideBySide -benchtime 15x ./index. Use
// enough iterations for the medians to mean something on a loaded
// machine.
func BenchmarkAskSideBySide(b *testing.B) {
	dir := b.TempDir()
	probe := buildInstalled(b, dir, "clausebot/index/internal/rssprobe")
	clausebot := buildInstalled(b, dir, "clausebot/cmd/clausebot")
	bare := buildInstalled(b, dir, "clausebot/index/internal/barebleve")
	seedText := filepath.Join(dir, "seed.txt")
	if err := os.WriteFile(seedText, seedBytes(b), 0o644); err != nil {
		b.Fatal(err)
	}
	const q = "中俄在北斗卫星导航方面有什么合作？"
	runs := []*probeRuns{
		{name: "clausebot", args: []string{clausebot, "ask", q}},
		{name: "bare", args: []string{bare, seedText, q}},
	}
	if before := os.Getenv("CLAUSEBOT_BENCH_BEFORE"); before != "" {
		runs = append(runs, &probeRuns{name: "before", args: []string{before, "ask", q}})
	}
	// One run each first, so each starts with its binary in the page
	// cache.
	for _, r := range runs {
		runProbe(b, probe, r.args)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		// Rotate which goes first, so none always runs right after
		// another on a shared machine.
		for j := range runs {
			r := runs[(i+j)%len(runs)]
			wall, kb := runProbe(b, probe, r.args)
			r.wall, r.kb = append(r.wall, wall), append(r.kb, kb)
		}
	}
	for _, r := range runs {
		b.ReportMetric(float64(median(r.wall).Microseconds())/1000, r.name+"-ms")
		b.ReportMetric(float64(median(r.kb))/1024, r.name+"-RSS-MB")
		b.Logf("%-9s %d runs: wall %v–%v, peak RSS %.1f–%.1f MB", r.name, len(r.wall),
			slices.Min(r.wall).Round(time.Millisecond), slices.Max(r.wall).Round(time.Millisecond),
			float64(slices.Min(r.kb))/1024, float64(slices.Max(r.kb))/1024)
	}
	ours, theirs := runs[0], runs[1]
	b.ReportMetric(float64(median(ours.wall))/float64(median(theirs.wall)), "wall-ratio")
	b.ReportMetric(float64(median(ours.kb))/float64(median(theirs.kb)), "RSS-ratio")
}

// probeRuns are one program's runs in BenchmarkAskSideBySide.
type probeRuns struct {
	name string
	args []string
	wall []time.Duration
	kb   []int64 // peak RSS, KiB
}

// buildInstalled builds the main package pkg as the release build does
// (.ci/build's settings) into dir and returns the path of a copy of it
// (see BenchmarkAskSideBySide for why a copy). It skips the benchmark
// when the build fails (no toolchain).
func buildInstalled(b *testing.B, dir, pkg string) string {
	b.Helper()
	built := filepath.Join(dir, filepath.Base(pkg)+".built")
	build := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w", "-o", built, pkg)
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		b.Skipf("cannot build %s: %v", pkg, err)
	}
	installed := filepath.Join(dir, filepath.Base(pkg))
	if err := copyFile(built, installed); err != nil { // disk.go's
		b.Fatal(err)
	}
	if err := os.Chmod(installed, 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.Remove(built); err != nil {
		b.Fatal(err)
	}
	return installed
}

// seedBytes is the embedded seed's text, its files one after another
// with a blank line between them.
func seedBytes(t testing.TB) []byte {
	t.Helper()
	var all []byte
	err := fs.WalkDir(Seed(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(Seed(), p)
		all = append(append(all, data...), "\n\n"...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// runProbe runs args once through the rssprobe binary probe and returns
// the command's wall time and peak RSS in KiB.
func runProbe(b *testing.B, probe string, args []string) (time.Duration, int64) {
	b.Helper()
	out, err := exec.Command(probe, args...).Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		b.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	var ns, kb int64
	if _, err := fmt.Sscan(lastLine(string(out)), &ns, &kb); err != nil {
		b.Fatalf("rssprobe printed %q: %v", out, err)
	}
	return time.Duration(ns), kb
}

// median is the middle of xs (the upper one of the two for an even
// count); xs is sorted in place.
func median[T int64 | time.Duration](xs []T) T {
	slices.Sort(xs)
	return xs[len(xs)/2]
}
