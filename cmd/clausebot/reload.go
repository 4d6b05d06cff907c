package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"

	"clausebot/bot"
	"clausebot/config"
	"clausebot/index"
)

// reloader owns the served index: it builds a new one aside on SIGHUP, on a
// change in the documents folder or on an admin's /reload, and swaps it in
// through index.Live only if it loaded cleanly. index.Live guarantees no
// search fails or comes back empty during the swap; a broken document keeps
// the old index serving and is reported in the log and /readyz.
type reloader struct {
	cfg     *config.Config
	log     *slog.Logger
	base    *slog.Logger // for the index's own logger, without our component
	metrics *metrics
	live    *index.Live
	now     func() time.Time
	// getenv finds the user's cache directory for the default index
	// folder; the default returns "" (no default folder: in memory).
	getenv func(string) string

	// mu is held for a whole reload: one load at a time, and a stop that
	// takes it knows no reload is running. It guards fp and closed.
	mu     sync.Mutex
	fp     string // fingerprint of the files behind the served index
	closed bool

	cur  atomic.Pointer[indexStatus]
	last atomic.Pointer[reloadStatus]
	// loading is set while a load runs, including one given up on: a
	// document read that hangs must not pile up another load per trigger.
	loading atomic.Bool

	// repairing is the channel of the repair under way (see repair),
	// closed when it ends.
	repairMu  sync.Mutex
	repairing chan struct{}
}

// loadFunc builds an index: index.Load.
type loadFunc func(ctx context.Context, fsys fs.FS, opts index.Options) (*index.Index, error)

// indexLoad holds the loadFunc the reloader uses; tests replace it to
// stand in for a document read that hangs or is slow. Atomic, because a
// load given up on may still be starting when a test puts it back.
var indexLoad atomic.Pointer[loadFunc]

func init() {
	f := loadFunc(index.Load)
	indexLoad.Store(&f)
}

// indexStatus describes the served index in /readyz.
type indexStatus struct {
	Loaded    bool      `json:"loaded"`
	Source    string    `json:"source"`
	Documents int       `json:"documents"`
	Clauses   int       `json:"clauses"`
	LoadedAt  time.Time `json:"loaded_at"`
	Warnings  []string  `json:"warnings,omitempty"`
}

// reloadStatus describes the last reload attempt in /readyz.
type reloadStatus struct {
	At         time.Time `json:"at"`
	Trigger    string    `json:"trigger"` // signal, watch, command, repair
	Result     string    `json:"result"`  // ok, failed, unchanged
	Error      string    `json:"error,omitempty"`
	DurationMS float64   `json:"duration_ms"`
}

func newReloader(cfg *config.Config, log *slog.Logger, m *metrics) *reloader {
	return &reloader{cfg: cfg, log: log.With("component", "reload"), base: log, metrics: m, now: time.Now,
		getenv: func(string) string { return "" }}
}

func (r *reloader) source() string {
	if r.cfg.Docs == "" {
		return "embedded seed"
	}
	return r.cfg.Docs
}

// load builds a fresh index from the configured documents.
func (r *reloader) load(ctx context.Context) (*index.Index, error) {
	fsys := index.Seed()
	if r.cfg.Docs != "" {
		fsys = os.DirFS(r.cfg.Docs)
	}
	opts := index.Options{
		Synonyms:    r.cfg.Synonyms,
		MaxFileSize: r.cfg.MaxFileSize,
		Logger:      r.base.With("component", "index"), // one line per document problem
		Dir:         indexDir(r.cfg.Index, r.cfg.Docs, r.getenv),
	}
	x, err := (*indexLoad.Load())(ctx, fsys, opts)
	var de *index.DirError
	if errors.As(err, &de) && r.cur.Load() == nil {
		// At start there is no index to keep serving: serve from memory,
		// and try the folder again on the next reload.
		r.log.Warn("index folder unusable; indexing in memory", "error", err)
		opts.Dir = ""
		x, err = (*indexLoad.Load())(ctx, fsys, opts)
	}
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", r.source(), err)
	}
	return x, nil
}

// errLoadBusy refuses a load while an earlier one, given up on, still runs.
var errLoadBusy = errors.New("an earlier load of the documents has not finished (a file that cannot be read?); not starting another")

// loadBounded is load, but returns when ctx ends even if the load does not
// (a document read can block for ever: a FIFO, a stalled network mount).
// A load given up on goes on in the background; its index, if it ever
// comes, is closed, and until then no other load starts (errLoadBusy).
func (r *reloader) loadBounded(ctx context.Context) (*index.Index, error) {
	if !r.loading.CompareAndSwap(false, true) {
		return nil, errLoadBusy
	}
	type result struct {
		x   *index.Index
		err error
	}
	done := make(chan result, 1)
	go func() {
		x, err := r.load(ctx)
		done <- result{x, err}
	}()
	select {
	case res := <-done:
		r.loading.Store(false)
		return res.x, res.err
	case <-ctx.Done():
		go func() {
			res := <-done
			if res.x != nil {
				res.x.Close()
			}
			r.loading.Store(false)
			r.log.Info("a load of the documents given up on has ended", "source", r.source())
		}()
		return nil, fmt.Errorf("loading %s: gave up waiting: %w", r.source(), ctx.Err())
	}
}

// initial loads the first index. A broken document is only a warning here:
// there is no older index to keep, and the others are worth serving.
func (r *reloader) initial(ctx context.Context) error {
	start := r.now()
	fp, _ := r.fingerprint()
	x, err := r.loadBounded(ctx)
	if err != nil {
		return err
	}
	r.live = index.NewLive(x)
	r.live.OnDamaged(r.repair)
	r.fp = fp
	st := r.describe(x, start)
	r.cur.Store(st)
	r.metrics.indexLoaded(st.Documents, st.Clauses)
	r.metrics.reloaded(start, reloadOK)
	r.log.Info("index loaded", "source", st.Source, "documents", st.Documents, "clauses", st.Clauses,
		"warnings", len(st.Warnings), "duration_ms", millis(r.now().Sub(start)))
	return nil
}

func (r *reloader) describe(x *index.Index, at time.Time) *indexStatus {
	st := &indexStatus{Loaded: true, Source: r.source(), Documents: len(x.Documents()), Clauses: x.Len(), LoadedAt: at}
	for _, w := range x.Warnings() {
		st.Warnings = append(st.Warnings, w.String())
	}
	return st
}

func (r *reloader) indexStatus() indexStatus {
	if st := r.cur.Load(); st != nil {
		return *st
	}
	return indexStatus{Source: r.source()}
}

func (r *reloader) lastStatus() *reloadStatus { return r.last.Load() }

// reload builds a new index aside and swaps it in. Unless force is set, it
// does nothing when the files have not changed since the served index was
// built (editors and copies fire many events for one change). It returns a
// one-line summary for the admin who asked, or an error saying why the old
// index is still served.
func (r *reloader) reload(ctx context.Context, trigger string, force bool) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return "", errors.New("the server is stopping")
	}
	start := r.now()
	fp, fpErr := r.fingerprint()
	// After a failed reload every trigger rebuilds: the fingerprint sees
	// names, sizes, times and modes, not whether a file can be read, so
	// files that look as they did are no proof the error is gone. Only a
	// reload that succeeds resolves it.
	lastFailed := false
	if last := r.last.Load(); last != nil && last.Result == reloadFailed {
		lastFailed = true
	}
	if !force && !lastFailed && fpErr == nil && fp == r.fp {
		r.metrics.reloaded(start, reloadUnchanged)
		r.log.Debug("documents unchanged; not reloading", "trigger", trigger)
		return "unchanged", nil
	}
	old := r.indexStatus()
	next, err := r.loadBounded(ctx)
	if err == nil {
		if broken := notLoaded(next); len(broken) > 0 {
			next.Close()
			err = filesNotLoaded(broken, skippedFiles(next))
		}
	}
	took := r.now().Sub(start)
	if err != nil {
		r.metrics.reloaded(start, reloadFailed)
		r.last.Store(&reloadStatus{At: start, Trigger: trigger, Result: reloadFailed, Error: err.Error(), DurationMS: millis(took)})
		r.log.Error("reload failed; still serving the previous index", "trigger", trigger, "err", err, "duration_ms", millis(took))
		return "", err
	}
	r.live.Swap(next)
	r.fp = fp
	st := r.describe(next, start)
	r.cur.Store(st)
	r.metrics.indexLoaded(st.Documents, st.Clauses)
	r.metrics.reloaded(start, reloadOK)
	r.last.Store(&reloadStatus{At: start, Trigger: trigger, Result: reloadOK, DurationMS: millis(took)})
	summary := fmt.Sprintf("%s, %s (was %d, %d)", countNoun(st.Documents, "document"), countNoun(st.Clauses, "clause"), old.Documents, old.Clauses)
	if n := len(st.Warnings); n > 0 {
		summary += fmt.Sprintf("; %s: %s", countNoun(n, "warning"), strings.Join(st.Warnings, "; "))
	}
	if lastFailed {
		r.log.Info("the last reload error is resolved", "trigger", trigger)
	}
	r.log.Info("reloaded", "trigger", trigger, "source", st.Source, "documents", st.Documents, "clauses", st.Clauses,
		"warnings", len(st.Warnings), "duration_ms", millis(took))
	return summary, nil
}

// repair is the index.Live's OnDamaged: a search found a segment of the
// served index damaged (index.ErrDamagedSegment; its generation is marked
// so), and a forced reload rebuilds it, Load refusing a marked
// generation. Without it every question reading the damage failed until
// the next restart or change of the documents. One repair at a time: the
// searches that meet the damage meanwhile wait for the same one.
func (r *reloader) repair() <-chan struct{} {
	r.repairMu.Lock()
	defer r.repairMu.Unlock()
	if r.repairing != nil {
		return r.repairing
	}
	done := make(chan struct{})
	r.repairing = done
	r.log.Warn("a search found the index damaged; rebuilding it", "source", r.source())
	go func() {
		// reload logs its own failure, and the old index keeps serving.
		r.reload(context.Background(), "repair", true)
		r.repairMu.Lock()
		r.repairing = nil
		r.repairMu.Unlock()
		close(done)
	}()
	return done
}

// command is the admin /reload command (bot.Options.Reload): a forced
// reload. A file that cannot be loaded fails it, with an error naming the
// files (see filesNotLoaded), so it never reports skipped files.
func (r *reloader) command(ctx context.Context) (bot.Reloaded, error) {
	summary, err := r.reload(ctx, "command", true)
	return bot.Reloaded{Summary: summary}, err
}

// wait waits for a reload in progress and refuses new ones: the index is
// about to be closed.
func (r *reloader) wait() { r.stop(time.Time{}) }

// stop is wait, giving up at deadline (none if zero). It reports whether
// it did not have to give up. A reload still running then has been given
// up on by its own context (see loadBounded) and ends soon; one that does
// not is no reason to hold the stop beyond its deadline.
func (r *reloader) stop(deadline time.Time) bool {
	locked := make(chan struct{})
	go func() {
		r.mu.Lock()
		r.closed = true
		r.mu.Unlock()
		close(locked)
	}()
	if deadline.IsZero() {
		<-locked
		return true
	}
	t := time.NewTimer(time.Until(deadline))
	defer t.Stop()
	select {
	case <-locked:
		return true
	case <-t.C:
		return false
	}
}

// notLoaded lists the warnings about files that produced no document at
// all (empty, binary, undecodable, too large). Warnings about a part of a
// loaded document, such as a gap in the numbering, are not in it.
func notLoaded(x *index.Index) []string {
	loaded := make(map[string]bool)
	for _, d := range x.Documents() {
		loaded[d.File] = true
	}
	var out []string
	for _, w := range x.Warnings() {
		if w.File != "" && !loaded[w.File] {
			out = append(out, w.String())
		}
	}
	return out
}

// skippedFiles are the files of x's documents folder that x did not load
// (see notLoaded), as paths within the folder, each once.
func skippedFiles(x *index.Index) []string {
	loaded := make(map[string]bool)
	for _, d := range x.Documents() {
		loaded[d.File] = true
	}
	var out []string
	for _, w := range x.Warnings() {
		if w.File != "" && !loaded[w.File] && !slices.Contains(out, w.File) {
			out = append(out, w.File)
		}
	}
	return out
}

// notLoadedError is a reload that failed because files could not be
// loaded: its text is the English message of the log and the status page;
// it wraps a *bot.Error whose Reason (ReasonFilesNotLoaded) lets /reload
// name the files in the admin's language.
type notLoadedError struct{ e *bot.Error }

func (n notLoadedError) Error() string { return n.e.Message }
func (n notLoadedError) Unwrap() error { return n.e }

// filesNotLoaded is the error for a reload that could not load files:
// broken are their warnings ("zh/bad.pdf: skipped: …"), files their paths.
func filesNotLoaded(broken, files []string) error {
	e := bot.Errorf(bot.EINVALID, "%s could not be loaded (%s); still serving the previous index", countNoun(len(broken), "document"), strings.Join(broken, "; "))
	e.Reason = bot.Reason{Kind: bot.ReasonFilesNotLoaded, List: files}
	return notLoadedError{e}
}

func countNoun(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// fingerprint summarises the files the index is built from (name, size,
// modification time and mode of every document, and of the synonyms file). Stat
// follows symlinks, so a Kubernetes ConfigMap update, which swaps a
// symlinked folder, changes it too.
func (r *reloader) fingerprint() (string, error) {
	var lines []string
	if r.cfg.Docs != "" {
		err := filepath.WalkDir(r.cfg.Docs, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if path != r.cfg.Docs && strings.HasPrefix(name, ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() || !index.IsDocument(name) {
				return nil
			}
			fi, err := os.Stat(path)
			if err != nil {
				return err
			}
			lines = append(lines, fmt.Sprintf("%s\x00%d\x00%d\x00%v", path, fi.Size(), fi.ModTime().UnixNano(), fi.Mode()))
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	if r.cfg.Synonyms != "" {
		fi, err := os.Stat(r.cfg.Synonyms)
		if err != nil {
			return "", err
		}
		lines = append(lines, fmt.Sprintf("synonyms\x00%d\x00%d", fi.Size(), fi.ModTime().UnixNano()))
	}
	sort.Strings(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:]), nil
}

// watch reloads, debounced, when anything changes in the documents folder
// (subfolders included) or beside the synonyms file, until ctx is done.
//
// It also watches the folder that holds the documents folder, for the
// documents folder itself only: a watch on a folder ends when the folder is
// deleted, so without it a folder deleted and created again (a redeploy, a
// restore, a volume remounted) would never be watched again. Its deletion
// is logged and reloaded (the reload fails, the old index keeps serving);
// its return is watched again, subfolders included, and reloaded.
func (r *reloader) watch(ctx context.Context) error {
	if !r.cfg.Reload.Watch || (r.cfg.Docs == "" && r.cfg.Synonyms == "") {
		return nil
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("fsnotify: %w", err)
	}
	defer w.Close()
	var docs, parent, synDir string
	if r.cfg.Docs != "" {
		if docs, err = filepath.Abs(r.cfg.Docs); err != nil {
			return fmt.Errorf("watching %s: %w", r.cfg.Docs, err)
		}
		parent = filepath.Dir(docs)
		if err := addTree(w, docs); err != nil {
			return err
		}
		if parent != docs {
			if err := w.Add(parent); err != nil {
				return fmt.Errorf("watching %s: %w", parent, err)
			}
		}
	}
	if r.cfg.Synonyms != "" {
		// The folder, not the file: editors and ConfigMaps replace files
		// by renaming, which ends a watch on the file itself.
		if synDir, err = filepath.Abs(filepath.Dir(r.cfg.Synonyms)); err != nil {
			return fmt.Errorf("watching %s: %w", filepath.Dir(r.cfg.Synonyms), err)
		}
		if err := w.Add(synDir); err != nil {
			return fmt.Errorf("watching %s: %w", synDir, err)
		}
	}
	r.log.Info("watching for changes", "docs", r.cfg.Docs, "synonyms", r.cfg.Synonyms, "debounce", r.cfg.Reload.Debounce.String())

	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			name, _ := filepath.Abs(ev.Name)
			if docs != "" && name != docs && filepath.Dir(name) == parent && parent != synDir {
				continue // a sibling of the documents folder
			}
			if name == docs && (ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)) {
				r.log.Warn("the documents folder was removed; still serving the previous index, and watching for it to come back", "docs", r.cfg.Docs)
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() && (name == docs || !strings.HasPrefix(filepath.Base(ev.Name), ".")) {
					if name == docs {
						r.log.Info("the documents folder is back; watching it again", "docs", r.cfg.Docs)
					}
					if err := addTree(w, ev.Name); err != nil {
						r.log.Warn("cannot watch a new folder", "err", err)
					}
				}
			}
			r.log.Debug("file change", "path", ev.Name, "op", ev.Op.String())
			timer.Reset(r.cfg.Reload.Debounce)
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			// An overflow loses events: reload to be sure.
			r.log.Warn("watching the documents folder", "err", err)
			timer.Reset(r.cfg.Reload.Debounce)
		case <-timer.C:
			r.reload(ctx, "watch", false)
		}
	}
}

// addTree watches dir and its subfolders, skipping hidden ones.
func addTree(w *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("watching %s: %w", path, err)
		}
		if !d.IsDir() {
			return nil
		}
		if path != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if err := w.Add(path); err != nil {
			return fmt.Errorf("watching %s: %w", path, err)
		}
		return nil
	})
}
