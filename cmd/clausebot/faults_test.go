package main

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"clausebot/bot/bottest"
	"clausebot/bot/slack/slackfake"
	"clausebot/bot/telegram/tgfake"
	"clausebot/config"
	"clausebot/index"
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

// hangLoads makes every index load block, ignoring its context, as a read
// of a FIFO or a stalled network mount does, until the test ends. The
// channel it returns receives when a load has begun.
func hangLoads(t *testing.T) <-chan struct{} {
	t.Helper()
	release := make(chan struct{})
	entered := make(chan struct{}, 1)
	real := indexLoad.Load()
	hang := loadFunc(func(ctx context.Context, fsys fs.FS, opts index.Options) (*index.Index, error) {
		select {
		case entered <- struct{}{}:
		default:
		}
		<-release
		return (*real)(ctx, fsys, opts)
	})
	indexLoad.Store(&hang)
	t.Cleanup(func() {
		close(release)
		indexLoad.Store(real)
	})
	return entered
}

// runServe starts serve with env and returns its logs, a stop (what
// SIGTERM does) and its exit code channel.
func runServe(t *testing.T, env map[string]string) (*logBuffer, context.CancelFunc, chan int) {
	t.Helper()
	base := map[string]string{"CLAUSEBOT_ADDR": "127.0.0.1:0", "CLAUSEBOT_LOG_FORMAT": "json"}
	for k, v := range env {
		base[k] = v
	}
	logs := &logBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, func(k string) string { return base[k] }, strings.NewReader(""), io.Discard, logs)
	}()
	t.Cleanup(cancel)
	return logs, cancel, done
}

// A document load that hangs at start neither keeps the listener closed
// (/healthz answers, /readyz says the index is not loaded) nor stops
// SIGTERM from completing within shutdown_timeout.
func TestServeHungLoadAtStart(t *testing.T) {
	hangLoads(t)
	tg := tgfake.New(t, tgfake.Options{})
	logs, stop, done := runServe(t, map[string]string{
		"TELEGRAM_BOT_TOKEN": tg.Token(), "TELEGRAM_API_ENDPOINT": tg.Endpoint(),
		"CLAUSEBOT_DOCS": mustServeDocs(t), "CLAUSEBOT_SHUTDOWN_TIMEOUT": "2s",
	})
	serveWaitFor(t, "the listener to open while the documents load", func() bool { return logs.find(t, "listening") != nil })
	r := &running{addr: "http://" + logs.find(t, "listening")["addr"].(string), logs: logs}
	if code, _ := r.get(t, "/healthz"); code != 200 {
		t.Errorf("/healthz = %d during the load, want 200", code)
	}
	if code, rd := r.readyz(t); code != 503 || rd.Index.Loaded {
		t.Errorf("/readyz = %d, index loaded %v during the load; want 503, not loaded", code, rd.Index.Loaded)
	}
	stop()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("exit %d after a stop during the load, want %d", code, exitOK)
		}
	case <-time.After(30 * time.Second): // shutdown_timeout is 2 s
		t.Fatalf("serve did not stop while a document load hung:\n%s", logs)
	}
}

// A reload that hangs on a document does not hold SIGTERM past
// shutdown_timeout, and the index keeps serving meanwhile.
func TestServeHungReloadDoesNotHoldStop(t *testing.T) {
	sl := slackfake.New(t)
	docs := mustServeDocs(t)
	env := slackEnv(sl, docs)
	env["CLAUSEBOT_RELOAD_DEBOUNCE"] = "20ms"
	env["CLAUSEBOT_SHUTDOWN_TIMEOUT"] = "2s"
	logs, stop, done := runServe(t, env)
	// The watcher and the listener start apart: "watching for changes"
	// may be logged before "serving" on a loaded machine.
	serveWaitFor(t, "the watcher and the listener", func() bool {
		return logs.find(t, "watching for changes") != nil && logs.find(t, "serving") != nil
	})
	r := &running{addr: "http://" + logs.find(t, "serving")["addr"].(string), logs: logs}

	entered := hangLoads(t)
	if err := os.WriteFile(filepath.Join(docs, "new.txt"), []byte("标题\n\n一\n\n新的条款。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	select {
	case <-entered:
	case <-time.After(30 * time.Second):
		t.Fatalf("the change was not reloaded:\n%s", logs)
	}
	if code, _ := r.readyz(t); code != 200 {
		t.Errorf("/readyz = %d while a reload hangs, want 200 (the old index serves)", code)
	}
	stop()
	select {
	case <-done:
	case <-time.After(30 * time.Second): // shutdown_timeout is 2 s
		t.Fatalf("serve did not stop while a reload hung:\n%s", logs)
	}
}
