package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"clausebot/bot/bottest"
	"clausebot/config"
)

// A failed reload is resolved only by a reload that succeeds: a later
// event that leaves the files looking as they did when the served index
// was built (same names, sizes and times, as after a chmod) must not
// declare the error gone while the file is still broken.
func TestFailedReloadResolvedOnlyBySuccess(t *testing.T) {
	r, docs := mustReloader(t)
	ctx := context.Background()
	seed := filepath.Join(docs, "000_ad880c8de21a5870.txt")
	fi, err := os.Stat(seed)
	if err != nil {
		t.Fatal(err)
	}
	// Break the document without changing its size or time: what the
	// fingerprint sees stays the same.
	if err := os.WriteFile(seed, bytes.Repeat([]byte{0}, int(fi.Size())), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(seed, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if _, err := r.reload(ctx, "signal", true); err == nil {
		t.Fatal("reload of a broken document succeeded")
	}
	// The next watch event, the document still broken.
	if _, err := r.reload(ctx, "watch", false); err == nil {
		t.Error("a watch reload with the document still broken reported success")
	}
	if st := r.lastStatus(); st == nil || st.Result != reloadFailed {
		t.Errorf("last reload = %+v, want still failed", st)
	}
}

// mustWatch runs the reloader's watch with a short debounce until the
// test ends.
func mustWatch(t *testing.T, r *reloader) {
	t.Helper()
	r.cfg.Reload.Watch = true
	r.cfg.Reload.Debounce = 20 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := r.watch(ctx); err != nil {
			t.Errorf("watch: %v", err)
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
}

// waitStatus polls cond on the reloader for up to 30 s.
func waitStatus(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// The watch survives the documents folder being deleted and created again:
// the folder's return is reloaded, and so is every change after it.
func TestWatchSurvivesFolderRecreated(t *testing.T) {
	logs := &bottest.Buffer{}
	docs := mustServeDocs(t)
	seed, err := os.ReadFile(filepath.Join(docs, "000_ad880c8de21a5870.txt"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Docs = docs
	r := newReloader(&cfg, slog.New(slog.NewJSONHandler(logs, nil)), newMetrics())
	if err := r.initial(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.wait(); r.live.Current().Close() })
	mustWatch(t, r)
	waitStatus(t, "the watch to start", func() bool { return strings.Contains(logs.String(), "watching for changes") })

	if err := os.RemoveAll(docs); err != nil {
		t.Fatal(err)
	}
	waitStatus(t, "a failed reload of the missing folder", func() bool {
		st := r.lastStatus()
		return st != nil && st.Result == reloadFailed
	})
	if err := os.Mkdir(docs, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(docs, "000_ad880c8de21a5870.txt"), seed, 0o644); err != nil {
		t.Fatal(err)
	}
	waitStatus(t, "the re-created folder to be reloaded", func() bool {
		st := r.lastStatus()
		return st != nil && st.Result != reloadFailed
	})
	// And a later change in it is seen too.
	polar := "测试文件\n\n一、海洋\n\n双方同意在极地航道开发方面深化合作。\n"
	if err := os.WriteFile(filepath.Join(docs, "polar.md"), []byte(polar), 0o644); err != nil {
		t.Fatal(err)
	}
	waitStatus(t, "a change in the re-created folder to be reloaded", func() bool { return r.indexStatus().Documents == 2 })
}
