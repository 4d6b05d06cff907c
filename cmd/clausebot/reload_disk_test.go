//go:build unix

package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"clausebot/bot"
	"clausebot/config"
)

// mustFolderReloader is mustReloader with the index kept in a folder.
func mustFolderReloader(t *testing.T) (r *reloader, docs, dir string) {
	t.Helper()
	docs, dir = mustServeDocs(t), t.TempDir()
	cfg := config.Default()
	cfg.Docs, cfg.Index = docs, dir
	r = newReloader(&cfg, slog.New(slog.DiscardHandler), newMetrics())
	if err := r.initial(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		r.wait()
		r.live.Current().Close()
	})
	return r, docs, dir
}

// TestReloadFromFolder reloads an index kept in a folder again and again
// while searches run on it: none may fail or come back empty, though each
// reload writes a new generation and removes the one being searched.
func TestReloadFromFolder(t *testing.T) {
	r, docs, dir := mustFolderReloader(t)
	ctx := context.Background()
	var stop atomic.Bool
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				res, err := r.live.Search(ctx, bot.Query{Text: beidouQ})
				if err != nil || len(res.Hits) == 0 {
					t.Errorf("search during reload: %d hits, err %v", len(res.Hits), err)
					return
				}
			}
		}()
	}
	// Stopped before the cleanup closes the index, also when a reload
	// fails the test: a search of the closed index is not the failure.
	defer func() {
		stop.Store(true)
		wg.Wait()
	}()
	extra := filepath.Join(docs, "extra.txt")
	for i := range 4 {
		if i%2 == 0 {
			os.WriteFile(extra, []byte("附加文件\n\n一、附加\n\n双方同意加强深空探测合作。\n"), 0o644)
		} else {
			os.Remove(extra)
		}
		if _, err := r.reload(ctx, "test", false); err != nil {
			t.Fatalf("reload %d: %v", i, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err != nil {
		t.Errorf("no manifest in the index folder: %v", err)
	}
}

// TestReloadFolderBusy makes a reload meet a folder another process
// holds: the reload fails saying so, and the old index keeps serving.
func TestReloadFolderBusy(t *testing.T) {
	r, docs, dir := mustFolderReloader(t)
	ctx := context.Background()
	before := r.live.Current()
	f, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(docs, "extra.txt"), []byte("附加文件\n\n一、附加\n\n双方同意加强深空探测合作。\n"), 0o644)
	_, err = r.reload(ctx, "signal", false)
	if err == nil || !strings.Contains(err.Error(), "another clausebot process") || !strings.Contains(err.Error(), dir) {
		t.Fatalf("reload on a busy folder: %v, want an error naming the folder and the other process", err)
	}
	if r.live.Current() != before {
		t.Error("the index was swapped despite the failed reload")
	}
	if res, err := r.live.Search(ctx, bot.Query{Text: beidouQ}); err != nil || len(res.Hits) == 0 {
		t.Errorf("old index after a failed reload: %d hits, %v", len(res.Hits), err)
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	if _, err := r.reload(ctx, "signal", false); err != nil {
		t.Errorf("reload once the folder is free: %v", err)
	}
}

// TestRepairDamagedSegment damages the segment of the index a server
// reads, under it, until a search meets the damage: that search waits
// for the rebuild it starts (a reload, trigger "repair") and is answered
// by the rebuilt index, as is every search after it. Before, each
// question reading the damage got an internal error until a restart.
func TestRepairDamagedSegment(t *testing.T) {
	r, _, dir := mustFolderReloader(t)
	ctx := context.Background()
	qs := []string{beidouQ, "中俄贸易额是多少？", "北极航道合作", "双方同意加强哪些领域的合作？", "疫情防控", "大豆贸易", "人文交流年", "能源合作"}
	for _, q := range qs {
		if res, err := r.live.Search(ctx, bot.Query{Text: q}); err != nil || len(res.Hits) == 0 {
			t.Fatalf("%q before the damage: %d hits, %v", q, len(res.Hits), err)
		}
	}
	zaps, _ := filepath.Glob(filepath.Join(dir, "gen-*", "store", "*.zap"))
	if len(zaps) != 1 {
		t.Fatalf("segments %q, want 1", zaps)
	}
	f, err := os.OpenFile(zaps[0], os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	junk := make([]byte, 5000)
	for i := range junk {
		junk[i] = byte(i*7919 + 13)
	}
	repaired := false
	for tenth := 1; tenth <= 9 && !repaired; tenth++ {
		if _, err := f.WriteAt(junk, st.Size()*int64(tenth)/10); err != nil {
			t.Fatal(err)
		}
		for _, q := range qs {
			res, err := r.live.Search(ctx, bot.Query{Text: q})
			if err != nil || len(res.Hits) == 0 {
				t.Fatalf("%q with a tenth %d damaged: %d hits, %v; want the repaired index's answer", q, tenth, len(res.Hits), err)
			}
			if last := r.lastStatus(); last != nil && last.Trigger == "repair" {
				if last.Result != reloadOK {
					t.Fatalf("the repair: %+v", last)
				}
				repaired = true
			}
		}
	}
	if !repaired {
		t.Skip("no search read the damaged bytes")
	}
	gens, _ := filepath.Glob(filepath.Join(dir, "gen-*"))
	if len(gens) != 1 || strings.HasSuffix(gens[0], "gen-000001") {
		t.Errorf("generations after the repair: %q, want one new one", gens)
	}
	if _, err := os.Stat(filepath.Join(gens[0], "DAMAGED")); err == nil {
		t.Errorf("the rebuilt generation %s is marked damaged", gens[0])
	}
	for _, q := range qs {
		if res, err := r.live.Search(ctx, bot.Query{Text: q}); err != nil || len(res.Hits) == 0 {
			t.Errorf("%q after the repair: %d hits, %v", q, len(res.Hits), err)
		}
	}
}
