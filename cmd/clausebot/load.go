package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"clausebot/index"
)

// openIndex loads the documents in the folder docs, or the embedded seed
// when docs is "", with the operator's synonyms file if any. Each problem
// in the operator's documents is printed to stderr as a warning naming its
// file; the rest of the documents still load. The embedded seed's problems
// are known and fixed (it was saved truncated, without a section 三), so
// they are not repeated on every command: `clausebot sources` lists them.
//
// The index of a documents folder is kept in the index folder dir (see
// indexDir). When that folder cannot be used (not writable, full, or being
// updated by another process) the documents are indexed in memory this
// time, with a warning saying why.
func (c *cli) openIndex(ctx context.Context, docs, synonyms, dir string) (*index.Index, error) {
	fsys := index.Seed()
	if docs != "" {
		info, err := os.Stat(docs)
		switch {
		case errors.Is(err, os.ErrNotExist):
			return nil, fmt.Errorf("documents folder %s does not exist", docs)
		case err != nil:
			return nil, fmt.Errorf("documents folder: %w", err)
		case !info.IsDir():
			return nil, fmt.Errorf("documents folder %s is not a folder", docs)
		}
		fsys = os.DirFS(docs)
	}
	if c.oneShot && c.restoreGC == nil && c.getenv("GOGC") == "" && corpusAtMost(fsys, smallCorpusBytes) {
		prev := debug.SetGCPercent(smallCorpusGC)
		c.restoreGC = func() { debug.SetGCPercent(prev) }
	}
	opts := index.Options{Synonyms: synonyms, Dir: indexDir(dir, docs, c.getenv), Logger: folderWarnings(c.stderr)}
	x, err := index.Load(ctx, fsys, opts)
	var de *index.DirError
	if errors.As(err, &de) {
		fmt.Fprintf(c.stderr, "clausebot: warning: %v; indexing in memory this time\n", err)
		opts.Dir = ""
		x, err = index.Load(ctx, fsys, opts)
	}
	if err != nil {
		if docs != "" {
			return nil, fmt.Errorf("%s: %w", docs, err)
		}
		return nil, err
	}
	if docs == "" {
		return x, nil
	}
	for _, w := range x.Warnings() {
		w.File = filepath.Join(docs, w.File)
		fmt.Fprintf(c.stderr, "clausebot: warning: %s\n", w)
	}
	return x, nil
}

// A one-shot command (ask, clause, section, sources, eval) on a corpus of at
// most smallCorpusBytes of document files runs with the garbage collector's
// target at smallCorpusGC percent instead of Go's 100, unless $GOGC is set.
// Such a process lives for a build of a few MB of heap and one answer, and
// Go's smallest heap target (4 MB at 100; 2 MB at 50) is most of its heap.
// On the embedded seed (14 KB) `clausebot ask` peaked 1.0–1.1 MB lower for
// 5–9 ms more CPU (7–9 collections instead of 2–3; BenchmarkAskSideBySide
// and user+system time over 20–30 alternating runs, 2-core build machine).
// Tried and not taken: a lower target (35 or 25 peaked within 0.1 MB of
// 50); GOMAXPROCS=1 as well (9 ms less CPU, but 0.4–0.5 MB more: the
// second processor's idle mark workers keep the heap nearer its target); a
// memory limit instead (no less CPU for the same peak). A large library is
// left at 100: building it in memory at 50 collects twice as often over a
// heap of tens of MB, which slows the build (why GOGC=50 was not taken for
// every command).
const (
	smallCorpusBytes = 256 << 10
	smallCorpusGC    = 50
)

// corpusAtMost reports whether the regular files in fsys total at most
// limit bytes, stopping the walk as soon as they exceed it. An unreadable
// folder reports false (Load then says what is wrong).
func corpusAtMost(fsys fs.FS, limit int64) bool {
	var total int64
	err := fs.WalkDir(fsys, ".", func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if total += info.Size(); total > limit {
			return fs.SkipAll
		}
		return nil
	})
	return err == nil && total <= limit
}

// docsFlags declares the flags every engine command shares.
func docsFlags(fs *flag.FlagSet, getenv func(string) string) (docs, synonyms, index *string) {
	docs = fs.String("docs", getenv("CLAUSEBOT_DOCS"), "folder of documents: .txt, .md, .html, .docx, .pdf (default: the embedded seed; $CLAUSEBOT_DOCS)")
	synonyms = fs.String("synonyms", getenv("CLAUSEBOT_SYNONYMS"), "synonyms file, one group per line: BDS / 北斗 ($CLAUSEBOT_SYNONYMS)")
	index = fs.String("index", getenv("CLAUSEBOT_INDEX"), "folder keeping the index of --docs on disk; off: in memory (default: under the user's cache directory; $CLAUSEBOT_INDEX)")
	return docs, synonyms, index
}

// parseFlags parses a subcommand's flags. A bad flag is one line on
// stderr; -h prints the usage to stdout. ok is false when the command must
// stop, with code as its exit code.
func (c *cli) parseFlags(fs *flag.FlagSet, usage string, args []string) (code int, ok bool) {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprintf(c.stdout, "usage: clausebot %s\n\n", usage)
		fs.SetOutput(c.stdout)
		fs.PrintDefaults()
		return exitOK, false
	case err != nil:
		fmt.Fprintf(c.stderr, "clausebot %s: %v (usage: clausebot %s)\n", fs.Name(), err, usage)
		return exitUsage, false
	}
	// Go's flags end at the first argument: "ask 押金怎么退 --docs DIR"
	// would search the seed for "押金怎么退 --docs DIR". Say so instead.
	for _, a := range fs.Args() {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && name != "" && fs.Lookup(name) != nil {
			fmt.Fprintf(c.stderr, "clausebot %s: %s must come before the other arguments (usage: clausebot %s)\n", fs.Name(), a, usage)
			return exitUsage, false
		}
	}
	return 0, true
}

// fail prints a one-line error for a command and returns code.
func (c *cli) fail(cmd string, code int, err error) int {
	fmt.Fprintf(c.stderr, "clausebot %s: %v\n", cmd, err)
	return code
}

// folderWarnings is the logger a command gives index.Load: it prints the
// index folder's warnings (a damaged manifest or generation rebuilt, a
// stat cache not written: messages starting "index folder:") to w as
// "clausebot: warning: …" lines, and nothing else (document problems are
// printed from Warnings, with the folder's path).
func folderWarnings(w io.Writer) *slog.Logger {
	return slog.New(folderHandler{slog.NewTextHandler(prefixWriter{w, "clausebot: warning: "}, &slog.HandlerOptions{
		Level: slog.LevelWarn,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && (a.Key == slog.TimeKey || a.Key == slog.LevelKey) {
				return slog.Attr{}
			}
			return a
		},
	})})
}

// folderHandler passes on only the index folder's records (see
// folderWarnings).
type folderHandler struct{ slog.Handler }

func (h folderHandler) Handle(ctx context.Context, r slog.Record) error {
	if !strings.HasPrefix(r.Message, "index folder:") {
		return nil
	}
	return h.Handler.Handle(ctx, r)
}

func (h folderHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return folderHandler{h.Handler.WithAttrs(as)}
}

func (h folderHandler) WithGroup(name string) slog.Handler {
	return folderHandler{h.Handler.WithGroup(name)}
}

// prefixWriter writes each record (one Write a line) after a prefix.
type prefixWriter struct {
	w      io.Writer
	prefix string
}

func (p prefixWriter) Write(b []byte) (int, error) {
	if _, err := io.WriteString(p.w, p.prefix); err != nil {
		return 0, err
	}
	return p.w.Write(b)
}
