package cedict

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// benchQuestions are English questions of the shape the bot gets.
var benchQuestions = []string{
	"Will industrial parks be set up in both countries?",
	"memorandum on investment in the digital economy",
	"Is there cooperation on geographical indications?",
	"international road transport of dangerous goods",
	"the road bridge over the border river at Blagoveshchensk",
	"What time is it in Vladivostok?",
	"satellite navigation system cooperation",
	"radio frequency spectrum management",
}

// BenchmarkLoad is the first English question's extra cost: decompressing
// and indexing the embedded table (what the first lookup does once).
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	for b.Loop() {
		if _, err := parse(embedded); err != nil {
			b.Fatal(err)
		}
	}
	runtime.ReadMemStats(&ms1)
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/load")
	b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/(1<<20)/float64(b.N), "MB-alloc/load")
}

// BenchmarkLookup is any later question's cost, the table loaded.
func BenchmarkLookup(b *testing.B) {
	if err := Load(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		LookupText(benchQuestions[i%len(benchQuestions)])
		i++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1000/float64(b.N), "µs/question")
}

// BenchmarkLookupRestricted is the same through a view restricted to a
// document's headwords, as the bot would use it.
func BenchmarkLookupRestricted(b *testing.B) {
	doc, err := os.ReadFile(seedPath(b))
	if err != nil {
		b.Skip(err)
	}
	d := Default().Restrict(func(hw string) bool { return strings.Contains(string(doc), hw) })
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		d.LookupText(benchQuestions[i%len(benchQuestions)])
		i++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1000/float64(b.N), "µs/question")
}

// BenchmarkRestrict is the cost of restricting the whole dictionary once
// (the caller's present func here: strings.Contains over the seed).
func BenchmarkRestrict(b *testing.B) {
	doc, err := os.ReadFile(seedPath(b))
	if err != nil {
		b.Skip(err)
	}
	if err := Load(); err != nil {
		b.Fatal(err)
	}
	s := string(doc)
	for b.Loop() {
		Default().Restrict(func(hw string) bool { return strings.Contains(s, hw) })
	}
}

func seedPath(b *testing.B) string {
	b.Helper()
	if ms, _ := filepath.Glob("../seed/*.txt"); len(ms) > 0 {
		return ms[0]
	}
	return "../seed/missing"
}

// BenchmarkMemory reports a fresh process's RSS and live heap before and
// after the table is loaded (the child is this test binary, see
// TestMemoryChild): what a Chinese-only process does not pay.
func BenchmarkMemory(b *testing.B) {
	for b.Loop() {
		cmd := exec.Command(os.Args[0], "-test.run=^TestMemoryChild$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), "CEDICT_MEM_CHILD=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("child: %v\n%s", err, out)
		}
		sc := bufio.NewScanner(strings.NewReader(string(out)))
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) == 3 && f[0] == "MEM" {
				v, _ := strconv.ParseFloat(f[2], 64)
				b.ReportMetric(v, f[1])
			}
		}
	}
}

// TestMemoryChild runs only as BenchmarkMemory's child.
func TestMemoryChild(t *testing.T) {
	if os.Getenv("CEDICT_MEM_CHILD") != "1" {
		t.Skip("BenchmarkMemory's child process")
	}
	report := func(when string) {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		fmt.Printf("MEM heap-MB-%s %.2f\n", when, float64(ms.HeapAlloc)/(1<<20))
		fmt.Printf("MEM rss-MB-%s %.2f\n", when, rssMB())
	}
	report("before")
	start := time.Now()
	LookupText("satellite navigation")
	fmt.Printf("MEM ms-first-lookup %.2f\n", float64(time.Since(start).Microseconds())/1000)
	report("after")
}

// rssMB reads the process's resident set size from /proc (Linux), or 0.
func rssMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				kb, _ := strconv.ParseFloat(f[0], 64)
				return kb / 1024
			}
		}
	}
	return 0
}

// BenchmarkRestrictText is the same restriction by RestrictText's walk.
func BenchmarkRestrictText(b *testing.B) {
	doc, err := os.ReadFile(seedPath(b))
	if err != nil {
		b.Skip(err)
	}
	if err := Load(); err != nil {
		b.Fatal(err)
	}
	s := string(doc)
	for b.Loop() {
		Default().RestrictText(s)
	}
}
