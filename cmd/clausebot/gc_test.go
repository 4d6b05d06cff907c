package main

import (
	"bytes"
	"context"
	"runtime/debug"
	"strings"
	"testing"
	"testing/fstest"
)

// TestSmallCorpusGC checks that openIndex lowers the GC target for a
// one-shot command on the embedded seed, and only then, and that run puts
// it back when the command returns.
func TestSmallCorpusGC(t *testing.T) {
	orig := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetGCPercent(orig) })
	// The index's own rule (index/memory.go: the target follows the live
	// heap over 128 MiB) reads this test process's heap, which the tests
	// before it fill (it set 52 in CI): a memory limit turns that rule off,
	// so that only the command's is seen.
	origLimit := debug.SetMemoryLimit(1 << 50)
	t.Cleanup(func() { debug.SetMemoryLimit(origLimit) })
	gcPercent := func() int {
		p := debug.SetGCPercent(100)
		debug.SetGCPercent(p)
		return p
	}
	for _, tc := range []struct {
		name    string
		oneShot bool
		gogc    string
		want    int
	}{
		{"one-shot", true, "", smallCorpusGC},
		{"long-running", false, "", 100},
		{"GOGC set", true, "200", 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			debug.SetGCPercent(100)
			c := &cli{getenv: func(k string) string {
				if k == "GOGC" {
					return tc.gogc
				}
				return ""
			}, stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, oneShot: tc.oneShot}
			x, err := c.openIndex(context.Background(), "", "", "")
			if err != nil {
				t.Fatal(err)
			}
			x.Close()
			if got := gcPercent(); got != tc.want {
				t.Errorf("GC percent after openIndex = %d, want %d", got, tc.want)
			}
			if c.restoreGC != nil {
				c.restoreGC()
			}
			if got := gcPercent(); got != 100 {
				t.Errorf("GC percent after restore = %d, want 100", got)
			}
		})
	}

	// run restores it when the command returns.
	debug.SetGCPercent(100)
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"ask", "北斗卫星导航"}, func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	if code != exitOK {
		t.Fatalf("ask: exit %d: %s", code, errOut.String())
	}
	if got := gcPercent(); got != 100 {
		t.Errorf("GC percent after ask = %d, want 100", got)
	}
}

func TestCorpusAtMost(t *testing.T) {
	fsys := fstest.MapFS{
		"a.txt":     {Data: make([]byte, 100)},
		"sub/b.txt": {Data: make([]byte, 50)},
	}
	for _, tc := range []struct {
		limit int64
		want  bool
	}{{150, true}, {149, false}, {1 << 20, true}, {0, false}} {
		if got := corpusAtMost(fsys, tc.limit); got != tc.want {
			t.Errorf("corpusAtMost(150 bytes, %d) = %v, want %v", tc.limit, got, tc.want)
		}
	}
	if corpusAtMost(fstest.MapFS{}, 0) != true {
		t.Error("an empty folder is at most 0 bytes")
	}
}
