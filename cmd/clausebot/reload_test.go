package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"clausebot/bot"
	"clausebot/config"
)

// mustReloader returns a reloader serving a copy of the seed, and its folder.
func mustReloader(t *testing.T) (*reloader, string) {
	t.Helper()
	docs := mustServeDocs(t)
	cfg := config.Default()
	cfg.Docs = docs
	r := newReloader(&cfg, slog.New(slog.DiscardHandler), newMetrics())
	if err := r.initial(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		r.wait()
		r.live.Current().Close()
	})
	return r, docs
}

// TestReloadUnderLoad swaps the index again and again while searches run:
// none may fail or come back empty.
func TestReloadUnderLoad(t *testing.T) {
	r, docs := mustReloader(t)
	ctx := context.Background()
	var stop atomic.Bool
	var searches, bad atomic.Int64
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				res, err := r.live.Search(ctx, bot.Query{Text: beidouQ})
				searches.Add(1)
				if err != nil || len(res.Hits) == 0 {
					bad.Add(1)
					t.Errorf("search during reload: %d hits, err %v", len(res.Hits), err)
					return
				}
			}
		}()
	}
	extra := filepath.Join(docs, "extra.txt")
	const reloads = 8
	for i := 0; i < reloads; i++ {
		if i%2 == 0 {
			os.WriteFile(extra, []byte("附加文件\n\n一、附加\n\n双方同意加强深空探测合作。\n"), 0o644)
		} else {
			os.Remove(extra)
		}
		summary, err := r.reload(ctx, "test", false)
		if err != nil {
			t.Fatalf("reload %d: %v", i, err)
		}
		wantDocs := "2 documents"
		if i%2 == 1 {
			wantDocs = "1 document,"
		}
		if !strings.HasPrefix(summary, wantDocs) {
			t.Errorf("reload %d summary = %q, want it to start with %q", i, summary, wantDocs)
		}
	}
	stop.Store(true)
	wg.Wait()
	t.Logf("%d searches during %d reloads, %d failed or empty", searches.Load(), reloads, bad.Load())
	if got := testutil.ToFloat64(r.metrics.reloads.WithLabelValues(reloadOK)); got != reloads+1 {
		t.Errorf("reloads ok = %v, want %d (initial load included)", got, reloads+1)
	}
}

func TestReloadUnchangedAndForced(t *testing.T) {
	r, _ := mustReloader(t)
	ctx := context.Background()
	if summary, err := r.reload(ctx, "watch", false); err != nil || summary != "unchanged" {
		t.Errorf("reload of unchanged files = %q, %v; want unchanged", summary, err)
	}
	before := r.live.Current()
	if _, err := r.reload(ctx, "signal", true); err != nil {
		t.Fatal(err)
	}
	if r.live.Current() == before {
		t.Error("a forced reload did not build a new index")
	}
}

func TestReloadKeepsOldIndexOnBrokenDocument(t *testing.T) {
	r, docs := mustReloader(t)
	ctx := context.Background()
	before := r.live.Current()
	for name, content := range map[string][]byte{
		"empty.txt":     {},
		"sub/binary.md": {0, 1, 2, 3, 0, 0, 0xff},
	} {
		p := filepath.Join(docs, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := r.reload(ctx, "signal", false)
	if err == nil {
		t.Fatal("reload with broken documents succeeded")
	}
	for _, want := range []string{"empty.txt", "sub/binary.md", "still serving the previous index"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if r.live.Current() != before {
		t.Error("the index was swapped despite broken documents")
	}
	if res, err := r.live.Search(ctx, bot.Query{Text: beidouQ}); err != nil || len(res.Hits) == 0 {
		t.Errorf("old index after a failed reload: %d hits, %v", len(res.Hits), err)
	}
	if st := r.lastStatus(); st == nil || st.Result != reloadFailed || st.Trigger != "signal" {
		t.Errorf("last reload status = %+v, want failed by signal", st)
	}
	if got := testutil.ToFloat64(r.metrics.reloadSuccess); got != 0 {
		t.Errorf("clausebot_last_reload_success = %v, want 0", got)
	}

	// Fixing the files makes the next reload succeed.
	os.Remove(filepath.Join(docs, "empty.txt"))
	os.Remove(filepath.Join(docs, "sub", "binary.md"))
	if _, err := r.reload(ctx, "watch", false); err != nil {
		t.Errorf("reload after the fix: %v", err)
	}
	if st := r.lastStatus(); st == nil || st.Error != "" {
		t.Errorf("last reload status after the fix = %+v, want no error", st)
	}
	if got := testutil.ToFloat64(r.metrics.reloadSuccess); got != 1 {
		t.Errorf("clausebot_last_reload_success = %v, want 1", got)
	}
}

func TestReloadRefusedAfterStop(t *testing.T) {
	r, _ := mustReloader(t)
	r.wait()
	if _, err := r.reload(context.Background(), "signal", true); err == nil {
		t.Error("reload after stop succeeded")
	}
}

// TestReloadCommandFailureInChatLanguage checks an admin's /reload that
// fails on a file that cannot be loaded: the reply names the file in the
// chat's language (Chinese, Russian, English), with no English sentence
// inside a Chinese or Russian one ("抱歉，无法完成：1 document could not be
// loaded (zh/bad.pdf …)"); the log and status keep the English reason.
func TestReloadCommandFailureInChatLanguage(t *testing.T) {
	ctx := context.Background()
	r, docs := mustReloader(t)
	if err := os.MkdirAll(filepath.Join(docs, "zh"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(docs, "zh", "bad.pdf"), []byte("%PDF-1.4\nnot really a PDF\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b := bot.New(r.live, bot.Options{RatePerMinute: -1, Admins: []string{"telegram:root"}, Reload: r.command})
	for _, tc := range []struct {
		hello string
		want  []string
	}{
		{"你好", []string{"抱歉，无法完成：1个文件无法载入（zh/bad.pdf），仍在使用之前载入的文件"}},
		{"привет", []string{"Не получилось: не удалось загрузить 1 файл (zh/bad.pdf); по-прежнему используются прежние документы"}},
		{"hello", []string{"Sorry, I couldn't do that: 1 document could not be loaded (zh/bad.pdf: ", "still serving the previous index"}},
	} {
		m := bot.Message{Platform: bot.Telegram, ChatID: "1", UserID: "root", Direct: true, Text: tc.hello}
		b.Handle(ctx, m)
		m.Text = "/reload"
		reply, _ := b.Handle(ctx, m)
		var text []string
		for _, blk := range reply.Blocks {
			text = append(text, blk.Text)
		}
		got := strings.Join(text, "\n")
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("/reload after %s: %q, want %q", tc.hello, got, w)
			}
		}
	}
	if st := r.last.Load(); st == nil || st.Result != reloadFailed || !strings.Contains(st.Error, "1 document could not be loaded (zh/bad.pdf: skipped") {
		t.Errorf("status of the failed reload: %+v, want the English reason naming zh/bad.pdf", st)
	}
}
