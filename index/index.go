// Package index is clausebot's search engine: it parses policy documents
// into clauses with stable references, indexes them with bleve (BM25 over
// bigrams of Chinese text, re-ranked by word coverage), answers
// questions with the best clauses or abstains, and looks clauses up by
// reference.
//
// It implements bot.Searcher. The command line (cmd/clausebot) and the bot
// core use it; nothing else in it knows about chat platforms.
package index

import (
	"bytes"
	"cmp"
	"context"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"

	"clausebot/bot"
	"clausebot/index/extract"
	"clausebot/internal/lazyre"
)

//go:embed seed
var seed embed.FS

// Seed returns the embedded default corpus: the documents clausebot answers
// from when no folder is given.
func Seed() fs.FS {
	sub, err := fs.Sub(seed, "seed")
	if err != nil {
		panic(err) // the embed directive guarantees the folder
	}
	return sub
}

// DefaultMaxFileSize is the largest document Load reads when
// Options.MaxFileSize is 0.
const DefaultMaxFileSize = 8 << 20

// Options tune Load.
type Options struct {
	// Synonyms is the path of an operator's synonyms file, added to the
	// built-in groups; "" means the built-in groups only.
	Synonyms string
	// MaxFileSize is the largest file read, in bytes; 0 means
	// DefaultMaxFileSize.
	MaxFileSize int64
	// Logger receives a warning per problem found; nil means none.
	Logger *slog.Logger
	// Dir is the index folder: the bleve index is kept there on disk, and
	// only added, changed and removed documents are indexed again (see
	// disk.go). "" means in memory, built from scratch. A problem with the
	// folder itself is a *DirError.
	Dir string
}

// Index is a loaded, searchable set of documents. It is safe for concurrent
// use. Clause, Section and Documents keep working after Close; Search does
// not.
type Index struct {
	mu     sync.RWMutex // held for reading by searches, for writing by Close
	closed bool
	bi     bleve.Index

	docs     []*document
	clauses  []clause
	multi    bool // several documents: references name the document
	syn      *synonyms
	df       map[string]int32 // clauses holding each Chinese character, bigram and alphabetic word stem (see readDF)
	warnings []Warning
	zh       zhView   // the dictionary for English questions, made on the first one
	synIn    sync.Map // synonym term → bool: whether a clause may hold it (see synPossible)
	// akeys is each clause's place in its document, the same in every
	// language version (see alignKey), while an indexBuilder links versions;
	// nil after.
	akeys []string
	// docStart maps a document's key to its first clause, for an index
	// kept in a folder, whose bleve ids are "key.n"; nil in memory, where
	// the id is the clause's position.
	docStart map[string]int
	// genDir is the generation folder an index kept in a folder serves
	// from ("" in memory), for markDamaged.
	genDir string
	// bm25 is given to bleve's BM25 for an index kept in a folder (see
	// bm25Stats); nil in memory.
	bm25 *search.BM25Stats
	// comps are the distinct reference component lists of all documents
	// (see interner), which document.byKey's entries name by number;
	// interned is the table being made, while an indexBuilder runs.
	comps    [][]comp
	interned *interner
	// partyCount caches parties per *document (see regions.go), and
	// docByID maps a document's ID to it, made on first use (docOf).
	partyCount  sync.Map
	docByIDOnce sync.Once
	docByID     map[string]*document
	// titles are the documents' titles and ids, normalised, in x.docs'
	// order, made on first use (see docTitles).
	titlesOnce sync.Once
	titles     []string
	titleWords [][]string
}

type document struct {
	bot.Document
	sections   []section
	heads      headingLabels // folded texts of its unnumbered headings, for typed references
	byKey      []keyed       // units and sub-units, sorted by the key of their last component (see targets)
	secTargets []target
	declared   [2]string // the version name and language its front matter declares (see versionOf)
	// paths are the distinct Paths of its clauses (clause.path), the
	// first nil; edits are its clauses' normEdits, one after another
	// (clause.e0, ne).
	paths [][]string
	edits []normEdit
}

type section struct {
	bot.SectionInfo
	clauses []int // indexes into Index.clauses
}

// clause is a clause as the index keeps it: bot.Clause's fields, with the
// document's ID and title taken from its document, and the fields that
// are empty for most clauses (Lead, Parts, Versions) in more, nil then;
// the bot.Clause is made for the few shown (public); its Section, Path
// and normEdits are in its document's tables. 128 bytes a clause on
// 64-bit platforms, where embedding bot.Clause took 264: 130 MB of a
// reopen's 624 MB live heap at 1M generated clauses (BenchmarkScale).
type clause struct {
	Text   string
	Ref    string
	doc    *document
	more   *clauseMore
	N      int32
	Page   int32
	sec    int32  // its Section: doc.sections[sec].Label, or PreambleLabel when -1
	path   int32  // its Path: doc.paths[path]
	e0, ne uint32 // its normEdits: doc.edits[e0 : e0+ne] (see edits)
	// The edits make the normalised text from Text (see norm, appendNorm),
	// and ctx is the normalised titles of the headings above it (with a
	// leading separator), searched with it so a question about a chapter's
	// subject finds its articles. (The rune-to-byte map that highlights
	// need is rebuilt for the few hits shown: kept for every clause it
	// tripled the memory per clause.)
	ctx   string
	hctx  string   // the numbered headings above, normalised: context for coverage only
	words []string // stems of its alphabetic words, sorted (see clauseWords)
}

// clauseMore holds a clause's fields that are empty for most clauses.
type clauseMore struct {
	Lead     string
	Parts    []bot.Part
	Versions []bot.Version
}

// DocID is the clause's document's ID (bot.Clause.DocID).
func (c *clause) DocID() string { return c.doc.ID }

// edits are the clause's normEdits (nil when none).
func (c *clause) edits() []normEdit {
	if c.ne == 0 {
		return nil
	}
	return c.doc.edits[c.e0 : c.e0+c.ne : c.e0+c.ne]
}

// public returns the clause as bot.Clause; its slices are shared with
// the index (never written to).
func (c *clause) public() bot.Clause {
	b := bot.Clause{DocID: c.doc.ID, DocTitle: c.doc.Title, Section: bot.PreambleLabel, N: int(c.N), Ref: c.Ref,
		Path: c.doc.paths[c.path], Text: c.Text, Page: int(c.Page)}
	if c.sec >= 0 {
		b.Section = c.doc.sections[c.sec].Label
	}
	if c.more != nil {
		b.Lead, b.Parts, b.Versions = c.more.Lead, c.more.Parts, c.more.Versions
	}
	return b
}

var _ bot.Searcher = (*Index)(nil)

// Load walks fsys for .txt, .md, .html/.htm, .docx and .pdf files (recursively, in lexical order,
// skipping dot-files), parses them and indexes their clauses with BM25 in an
// in-memory scorch index.
//
// A file that cannot be used (empty, binary, undecodable, too large, no
// text) becomes a Warning naming it, and the rest still loads. Load fails
// only when no document at all can be loaded, or the synonyms file is bad.
func Load(ctx context.Context, fsys fs.FS, opts Options) (*Index, error) {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	syn, err := loadSynonyms(opts.Synonyms)
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	resetGC() // see gcHeadroom
	var warns []Warning
	seen := 0
	read := readDocument
	var pc *parseCache
	if opts.Dir != "" {
		pc = newParseCache(opts.Dir)
		read = pc.read
		// PDFium's compiled code, kept for the next process: set before
		// the walk converts the first PDF. Private to this user, as
		// SetPDFCacheDir requires.
		if pdf := filepath.Join(opts.Dir, "pdf"); os.MkdirAll(pdf, 0o700) == nil {
			extract.SetPDFCacheDir(pdf)
		}
	}
	// The walk lists the documents; readDocs reads and parses them.
	var entries []walkEntry
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil && p == "." {
			// The folder itself: its cause, not "no documents found".
			return fmt.Errorf("cannot read the documents folder: %w", err)
		}
		if err != nil {
			entries = append(entries, walkEntry{warn: &Warning{File: p, Msg: fmt.Sprintf("cannot read: %v", err)}})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if p != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 && !IsDocument(p) {
			// A link to a folder is not walked (fs.WalkDir does not
			// follow links, and a link may lead out of the folder or
			// back into it), but it is not passed over in silence
			// either: a trial's linked folder of laws was missing from
			// the answers without a word.
			if fi, err := fs.Stat(fsys, p); err == nil && fi.IsDir() {
				entries = append(entries, walkEntry{warn: &Warning{File: p, Msg: "skipped: a link to a folder, which is not followed; move or copy its documents into the documents folder, or link each file"}})
			}
			return nil
		}
		if !IsDocument(p) {
			if folderNote(p) {
				entries = append(entries, walkEntry{warn: &Warning{File: p, Msg: "skipped: a note about the folder (README, LICENSE …), not a document; rename the file to have it indexed"}})
			}
			return nil
		}
		seen++
		entries = append(entries, walkEntry{p: p})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	// Shallower files first, in walk order within a depth: of two copies
	// of one text, the first read is kept (indexBuilder.add), and a
	// trial's top-level 网络安全法(2016-11-07).md was skipped as a copy of
	// sub/copy.md, its references becoming copy:第十条.
	slices.SortStableFunc(entries, func(a, b walkEntry) int {
		return strings.Count(a.p, "/") - strings.Count(b.p, "/")
	})
	// Each document is added to the index as it comes, in walk order, and
	// its parse let go (see indexBuilder).
	ib := newIndexBuilder(syn, pc, seen)
	copyWarns, err := readDocs(ctx, fsys, entries, read, opts.MaxFileSize, func(w Warning) { warns = append(warns, w) }, ib)
	entries = nil
	if err != nil {
		pc.discard()
		return nil, fmt.Errorf("index: %w", err)
	}
	warns = append(warns, copyWarns...)
	for _, w := range warns {
		if opts.Logger != nil {
			opts.Logger.Warn("document problem", "file", w.File, "line", w.Line, "problem", w.Msg)
		}
	}
	if ib.docs() == 0 {
		pc.discard()
		if seen == 0 {
			msg := "index: no documents (.txt, .md, .html, .docx, .pdf) found in the folder"
			for _, w := range warns {
				msg += "; " + w.String() // a README alone is skipped: say so
			}
			return nil, errors.New(msg)
		}
		msgs := make([]string, 0, len(warns))
		for _, w := range warns {
			msgs = append(msgs, w.String())
		}
		return nil, fmt.Errorf("index: none of the %d documents could be loaded: %s", seen, strings.Join(msgs, "; "))
	}
	x := ib.finish(warns)
	if opts.Dir != "" {
		x, err = buildDisk(ctx, opts.Dir, x, ib.keys, opts.Logger, pc)
	} else {
		x, err = build(ctx, x)
	}
	if err == nil && x.Len() >= collectAfterLoad {
		// The load's garbage is collected now, before the first question:
		// under a memory limit (GOMEMLIMIT) a load ends with the heap near
		// the limit, and the collection that followed ran during the first
		// questions, marking the whole index (BenchmarkScale at 1M
		// clauses with GOMEMLIMIT=800MiB: p99 20 ms, against 9 ms
		// without the limit).
		runtime.GC()
	}
	if err == nil {
		tuneGC() // from the live heap of the library loaded (see gcHeadroom)
	}
	return x, err
}

// tuneEvery is how many clauses an indexBuilder adds to a reopen's table
// between two settings of the collector's target (tuneGC).
const tuneEvery = 20_000

// collectAfterLoad is the number of clauses from which Load ends with a
// garbage collection (see there): from 100,000 clauses (a live heap of
// about 60 MB) marking the index takes longer than a question.
// (A variable for its test.)
var collectAfterLoad = 100_000

// copyHash is the 64-bit FNV-1a hash of copyKey(s): indexBuilder.add compares
// these, which the parse cache keeps, instead of the folded texts. Two
// different unit texts share one with probability about 2⁻⁶⁴ per pair,
// and a document is only dropped when 90% of its units match.
func copyHash(s string) uint64 {
	h := fnv.New64a()
	io.WriteString(h, copyKey(s))
	return h.Sum64()
}

// copyKey folds a unit's text for comparing copies: white space and
// quotation marks out, width and case folded.
func copyKey(s string) string {
	return strings.Map(func(r rune) rune {
		if copyDrop(r) {
			return -1
		}
		return r
	}, normalizeString(s))
}

// copyDrop reports whether copyKey leaves r out: white space and
// quotation marks.
func copyDrop(r rune) bool {
	if isHanBlock(r) {
		return false
	}
	return unicode.IsSpace(r) || strings.ContainsRune("\"'“”‘’«»「」『』", r)
}

// IsDocument reports whether a file name is one Load reads, by its
// extension: .txt, .md, .markdown, and .html/.htm, .docx and .pdf through
// package extract; a folder's notes about itself (README.md, LICENSE.txt;
// see folderNote) are not. The server's reload watch uses it too.
func IsDocument(name string) bool {
	if folderNote(name) {
		return false
	}
	return hasDocumentExt(name)
}

// folderNotes are the names (without extension, lower case) of the notes a
// folder of documents often carries about itself, as software
// repositories do (GitHub's community files) and as a collection's
// maintainers do: "README.md" describes the documents, and indexed it
// answered "What does the Hague Convention cover?" with its own table row.
var folderNotes = map[string]bool{
	"readme": true, "license": true, "licence": true, "copying": true,
	"changelog": true, "contributing": true, "authors": true,
	// not NOTICE or CHANGES: a government notice is a document
}

// folderNote reports whether a file name, with a document's extension, is
// one of the folder's notes about itself (see folderNotes): Load skips
// it with a warning naming it.
func folderNote(name string) bool {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	stem := strings.ToLower(strings.TrimSuffix(base, path.Ext(base)))
	return folderNotes[stem] && hasDocumentExt(name)
}

// hasDocumentExt reports whether a file name has an extension Load reads.
func hasDocumentExt(name string) bool {
	switch ext := strings.ToLower(path.Ext(name)); ext {
	case ".txt", ".md", ".markdown":
		return true
	default:
		return extract.Supported(ext)
	}
}

// readDocument reads, decodes and parses one file.
func readDocument(ctx context.Context, fsys fs.FS, p string, max int64) (*parsedDoc, []Warning) {
	data, err := readBounded(fsys, p, max)
	if err != nil {
		return nil, []Warning{{File: p, Msg: "skipped: " + err.Error()}}
	}
	return parseData(ctx, p, data, max)
}

// parseData decodes and parses data, the bytes of the file p (readDocument
// without the reading: the parse cache has read a file it has no entry
// for, to hash it, before parsing it).
func parseData(ctx context.Context, p string, data []byte, max int64) (*parsedDoc, []Warning) {
	if len(data) == 0 {
		// Whatever its format: an empty .docx is no "corrupt zip archive".
		return nil, []Warning{{File: p, Msg: "skipped: empty file (0 bytes)"}}
	}
	if extract.Supported(path.Ext(p)) {
		return readConverted(ctx, p, data, max)
	}
	text, warns, err := decode(p, data)
	if err != nil {
		return nil, append(warns, Warning{File: p, Msg: "skipped: " + err.Error()})
	}
	pd, err := parseDocument(p, text)
	if err != nil {
		return nil, append(warns, Warning{File: p, Msg: "skipped: " + err.Error()})
	}
	pd.warnings = append(warns, pd.warnings...)
	return pd, nil
}

// readConverted reads an HTML page, a Word file or a PDF through package
// extract, which turns it into Markdown with a page per line for PDFs; the
// tree is then read as from any Markdown file, so a reference means the
// same whatever the format.
func readConverted(ctx context.Context, p string, data []byte, max int64) (*parsedDoc, []Warning) {
	res, err := extract.Convert(ctx, p, data, extract.Options{MaxInput: max})
	if err != nil {
		var e *extract.Error
		if errors.As(err, &e) {
			err = e.Err
		}
		return nil, []Warning{{File: p, Msg: "skipped: " + err.Error()}}
	}
	var warns []Warning
	for _, w := range res.Warnings {
		warns = append(warns, Warning{File: p, Msg: w})
	}
	pd, err := parseText(p, res.Markdown, true, res.Pages, res.Title)
	if err != nil {
		return nil, append(warns, Warning{File: p, Msg: "skipped: " + err.Error()})
	}
	pd.warnings = append(warns, pd.warnings...)
	return pd, nil
}

// readBounded reads a document file, at most max bytes of it. What is not
// a regular file once links are followed (a FIFO, a device such as
// /dev/zero, a socket) is refused before it is opened, since reading it
// could block forever or never end; a file that grows past max while it
// is read is refused too.
func readBounded(fsys fs.FS, p string, max int64) ([]byte, error) {
	info, err := fs.Stat(fsys, p)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file (%s): a FIFO, device or socket is never read", info.Mode().Type())
	}
	if info.Size() > max {
		return nil, fmt.Errorf("%d bytes is over the %d-byte limit", info.Size(), max)
	}
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Room for the file as it was stat'ed and for the read that finds its
	// end: io.ReadAll grew its buffer from 512 bytes, allocating about
	// 2.5 times the file (BenchmarkScale's allocation profile of a
	// 200,000-clause build, which read its 36.8 MB of text twice then:
	// 184 MB).
	var b bytes.Buffer
	b.Grow(int(info.Size()) + bytes.MinRead)
	if _, err := b.ReadFrom(io.LimitReader(f, max+1)); err != nil {
		return nil, err
	}
	data := b.Bytes()
	if int64(len(data)) > max {
		return nil, fmt.Errorf("over the %d-byte limit (it grew while being read)", max)
	}
	return data, nil
}

// newMapping returns the bleve mapping: the bigram view of the clause
// text, no stored fields (clauses live in memory), BM25 scoring.
func newMapping() *mapping.IndexMappingImpl {
	m := bleve.NewIndexMapping()
	m.ScoringModel = bindex.BM25Scoring
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	dm := bleve.NewDocumentStaticMapping()
	fm := bleve.NewTextFieldMapping()
	fm.Analyzer = bigramAnalyzer + preSuffix
	fm.Store = false
	fm.IncludeInAll = false
	fm.DocValues = false
	// No positions: phrase queries (a run of the question's bigrams) changed
	// no answer, hit@3 or MRR on either question set, since coverage
	// already rewards whole words, and positions were a third of the
	// indexing work.
	fm.IncludeTermVectors = false
	dm.AddFieldMappingsAt(fieldBigram, fm)
	// No "_all" field: every query names its field, and bleve visited
	// the empty composite field for every clause.
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	m.DefaultMapping = dm
	m.DefaultAnalyzer = charAnalyzer + preSuffix
	return m
}

// openBleve creates an empty in-memory scorch index. (bleve.NewMemOnly
// would ignore the BM25 scoring model.)
func openBleve() (bleve.Index, error) {
	return bleve.NewUsing("", newMapping(), scorch.Name, scorch.Name, nil)
}

// build indexes the clauses of x, made by an indexBuilder, in memory.
func build(ctx context.Context, x *Index) (*Index, error) {
	bi, err := openBleve()
	if err != nil {
		return nil, fmt.Errorf("index: open: %w", err)
	}
	x.bi = bi
	if err := x.indexClauses(ctx, 0, len(x.clauses)); err != nil {
		bi.Close()
		return nil, err
	}
	// BM25 is given the statistics of one merged segment, as from a
	// folder: scorch sums a field's term count over its segments, and how
	// many segments an in-memory build ends with depends on the number of
	// CPUs and on timing, so the scores (not the top answer) differed
	// with GOMAXPROCS and from the folder's (a fresh-user trial).
	terms, err := x.liveTerms()
	if err == nil {
		err = x.setBM25(max(terms, 1))
	}
	if err != nil {
		bi.Close()
		return nil, err
	}
	return x, nil
}

// newIndex assigns ids and references: an Index with no search index yet.
// It sets each element of parsed to nil once that document is added. (No
// copies are dropped: Load's documents come through an indexBuilder.)
func newIndex(parsed []*parsedDoc, warns []Warning, syn *synonyms) *Index {
	n := 0
	for _, pd := range parsed {
		n += pd.numUnits()
	}
	ib := newIndexBuilder(syn, nil, len(parsed))
	ib.multi = len(parsed) > 1
	ib.grow(n)
	for i, pd := range parsed {
		ib.addDoc(pd)
		parsed[i] = nil
	}
	return ib.finish(warns)
}

// indexClauses indexes clauses [from, to) and then reads the document
// frequency of every character, bigram and alphabetic word back from the
// index's term dictionaries.
//
// Batches are indexed concurrently: bleve analyses a batch's documents in
// parallel but builds its segment on one goroutine, so two batches in flight
// keep both cores busy. The in-memory index never merges segments and every
// query visits each one, so batches are large (few segments) but at least
// one per core.
//
// Fewer than seqClauses clauses are indexed in the same batches (the
// segments, and so BM25's statistics and every score, are the same) one
// after the other on the calling goroutine: for the embedded seed (70
// clauses) the worker goroutines cost more than they saved, 0.6 MB of peak
// RSS and 20 ms of a one-shot `clausebot ask` (BenchmarkAskSideBySide).
func (x *Index) indexClauses(ctx context.Context, from, to int) error {
	const maxBatch = 25000
	workers := max(1, runtime.GOMAXPROCS(0))
	n := to - from
	size := min(maxBatch, max(1, (n+workers-1)/workers))
	if n < seqClauses {
		charDF := map[rune]int32{}
		for i := from; i < to; i += size {
			df, err := x.indexBatch(ctx, i, min(i+size, to))
			if err != nil {
				return err
			}
			for r, n := range df {
				charDF[r] += n
			}
		}
		return x.readDF(charDF)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan [2]int)
	errs := make(chan error, workers)
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		charDF = map[rune]int32{}
	)
	for range min(workers, max(1, (n+size-1)/size)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				df, err := x.indexBatch(ctx, j[0], j[1])
				if err != nil {
					errs <- err
					cancel()
					return
				}
				mu.Lock()
				for r, n := range df {
					charDF[r] += n
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for i := from; i < to; i += size {
		select {
		case jobs <- [2]int{i, min(i+size, to)}:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	return x.readDF(charDF)
}

// indexBatch indexes clauses [from, to) as one bleve batch and counts the
// clauses each Chinese character occurs in.
func (x *Index) indexBatch(ctx context.Context, from, to int) (map[rune]int32, error) {
	b := x.bi.NewBatch()
	df := map[rune]int32{}
	var han []rune
	var a clauseAnalyzer
	for i := from; i < to; i++ {
		c := &x.clauses[i]
		if err := b.IndexAdvanced(a.doc(strconv.Itoa(i), c)); err != nil {
			return nil, fmt.Errorf("index: clause %s: %w", c.Ref, err)
		}
		han = countHanText(a.buf, han, df)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	if err := x.bi.Batch(b); err != nil {
		return nil, fmt.Errorf("index: batch: %w", err)
	}
	return df, nil
}

// seqClauses is the size below which indexClauses indexes its batches one
// after the other on the calling goroutine (see there). Measured with Load
// on generated corpora on the 2-core build machine: at 100 clauses both
// ways take the same time (16–20 ms), at 300 the concurrent batches are
// 10–20% faster (49–55 ms against 51–62).
const seqClauses = 200

// hanCounter counts, as countHan does, the clauses each Chinese character
// occurs in: those of the CJK Unified Ideographs block (nearly all of a
// Chinese text) in an array, with the number of the last clause that
// counted each, the others with countHan. Sorting every clause's
// characters was 3% of a folder build's CPU time (BenchmarkScale's profile
// at 200,000 clauses). 168 KB: one per indexing goroutine.
type hanCounter struct {
	clause int32
	last   [hanBlock]int32
	n      [hanBlock]int32
	other  []rune         // a clause's characters outside the block
	han    []rune         // countHan's scratch space
	df     map[rune]int32 // the characters outside the block
}

// The CJK Unified Ideographs block, U+4E00–U+9FFF: all classHan.
const (
	hanFirst = 0x4E00
	hanBlock = 0x9FFF - hanFirst + 1
)

// count counts r, a Chinese character (classHan), for the current clause.
func (h *hanCounter) count(r rune) {
	if i := r - hanFirst; i >= 0 && i < hanBlock {
		if h.last[i] != h.clause {
			h.last[i] = h.clause
			h.n[i]++
		}
		return
	}
	h.other = append(h.other, r)
}

// end counts the current clause's characters outside the block.
func (h *hanCounter) end() {
	if len(h.other) > 0 {
		if h.df == nil {
			h.df = map[rune]int32{}
		}
		h.han = countHan(h.other, h.han, h.df)
	}
}

// addTo adds the counts to df.
func (h *hanCounter) addTo(df map[rune]int32) {
	for i, n := range h.n {
		if n > 0 {
			df[rune(hanFirst+i)] += n
		}
	}
	for r, n := range h.df {
		df[r] += n
	}
}

// countHanText is countHan over the runes of text.
func countHanText(text []byte, han []rune, df map[rune]int32) []rune {
	han = han[:0]
	for _, r := range string(text) {
		if classify(r) == classHan {
			han = append(han, r)
		}
	}
	return countDistinct(han, df)
}

// countHan adds 1 to df for each distinct Chinese character of rs, using
// han as scratch space, and returns it for reuse.
func countHan(rs, han []rune, df map[rune]int32) []rune {
	han = han[:0]
	for _, r := range rs {
		if classify(r) == classHan {
			han = append(han, r)
		}
	}
	return countDistinct(han, df)
}

// countDistinct adds 1 to df for each distinct rune of han, which it
// sorts, and returns han for reuse.
func countDistinct(han []rune, df map[rune]int32) []rune {
	slices.Sort(han)
	for _, r := range slices.Compact(han) {
		df[r]++
	}
	return han
}

// readDF fills x.df: Chinese characters from charDF, bigrams and
// alphabetic words from the bigram view's term dictionary. (That view
// also holds lone characters, but only where they stand alone, so those
// entries are skipped.) Counting every unit in Go while indexing cost a
// map per clause.
func (x *Index) readDF(charDF map[rune]int32) error {
	x.df = make(map[string]int32, len(charDF))
	for r, n := range charDF {
		x.df[string(r)] = n
	}
	d, err := x.bi.FieldDict(fieldBigram)
	if err != nil {
		return fmt.Errorf("index: term dictionary: %w", err)
	}
	defer d.Close()
	for {
		e, err := d.Next()
		if err != nil {
			return fmt.Errorf("index: term dictionary: %w", err)
		}
		if e == nil {
			return nil
		}
		if r, n := utf8.DecodeRuneInString(e.Term); n == len(e.Term) && classify(r) == classHan {
			continue
		}
		x.df[e.Term] = int32(e.Count)
	}
}

var reHexRun = lazyre.New(`[0-9a-f]{10,}`)

// docID derives a short, stable id from a file name: the base name, lower
// case, with runs of other characters turned into "-" and long hex hashes
// cut to 6 digits ("000_ad880c8de21a5870.txt" → "000-ad880c").
func docID(file string) string {
	base := strings.ToLower(strings.TrimSuffix(path.Base(file), path.Ext(file)))
	base = reHexRun().ReplaceAllStringFunc(base, func(h string) string { return h[:6] })
	var b strings.Builder
	dash := false
	for _, r := range base {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	id := b.String()
	if r := []rune(id); len(r) > 24 {
		id = strings.TrimRight(string(r[:24]), "-")
	}
	if id == "" {
		id = "doc"
	}
	return id
}

func uniqueID(id string, seen map[string]bool) string {
	out := id
	for n := 2; seen[out]; n++ {
		out = id + "-" + strconv.Itoa(n)
	}
	seen[out] = true
	return out
}

// Warnings returns the problems found while loading, file by file.
func (x *Index) Warnings() []Warning { return slices.Clone(x.warnings) }

// Skipped lists the files of the documents folder that were not loaded,
// each once with its first reason, in the order of the warnings
// (bot.SkipLister).
func (x *Index) Skipped() []bot.SkippedFile {
	loaded := make(map[string]bool, len(x.docs))
	for _, d := range x.docs {
		loaded[d.File] = true
	}
	var out []bot.SkippedFile
	seen := map[string]bool{}
	for _, w := range x.warnings {
		if w.File == "" || loaded[w.File] || seen[w.File] {
			continue
		}
		seen[w.File] = true
		out = append(out, bot.SkippedFile{File: w.File, Reason: w.Msg})
	}
	return out
}

// Documents lists the loaded documents in load order.
func (x *Index) Documents() []bot.Document {
	out := make([]bot.Document, len(x.docs))
	for i, d := range x.docs {
		out[i] = d.Document
		out[i].Sections = slices.Clone(d.Sections)
		out[i].Warnings = slices.Clone(d.Warnings)
	}
	return out
}

// Len returns the number of clauses.
func (x *Index) Len() int { return len(x.clauses) }

// Contains reports whether any clause's text contains s, byte for byte:
// what a gold file's substrings are checked against (clausebot eval).
func (x *Index) Contains(s string) bool {
	x.mu.RLock()
	defer x.mu.RUnlock()
	for i := range x.clauses {
		if strings.Contains(x.clauses[i].Text, s) {
			return true
		}
	}
	return false
}

// errClosed is returned by Search on a closed Index.
var errClosed = errors.New("index: closed")

// Close releases the search index. It waits for searches in progress.
func (x *Index) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.closed {
		return nil
	}
	x.closed = true
	return x.bi.Close()
}

// sortHits orders hits best first, then in document order, so ties are
// stable.
func sortHits(hs []scored) {
	slices.SortStableFunc(hs, func(a, b scored) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.idx, b.idx)
	})
}

// addDocument turns a parsed document's units and sections into clauses,
// sections and reference targets.
func (x *Index) addDocument(id string, pd *parsedDoc) {
	t := pd.tree
	d := &document{Document: bot.Document{ID: id, Title: pd.meta.title, Date: pd.meta.date, Effective: pd.meta.effective,
		Number: pd.meta.number, File: pd.file, Truncated: pd.meta.truncated},
		declared: [2]string{pd.meta.versionOf, pd.meta.lang}, paths: [][]string{nil}}
	pd.prepare()
	ne := 0
	for _, es := range pd.edits {
		ne += len(es)
	}
	if ne > 0 {
		d.edits = make([]normEdit, 0, ne)
	}
	// Sized once: growing them was a third of addDocument's time in an
	// index folder's update (BenchmarkDiskFolder).
	if len(t.sections) > 0 {
		d.sections = make([]section, 0, len(t.sections))
		d.Sections = make([]bot.SectionInfo, 0, len(t.sections))
		d.secTargets = make([]target, 0, len(t.sections))
	}
	for _, w := range pd.warnings {
		if w.Line > 0 {
			d.Warnings = append(d.Warnings, fmt.Sprintf("line %d: %s", w.Line, w.Msg))
		} else {
			d.Warnings = append(d.Warnings, w.Msg)
		}
	}
	prefix := ""
	if x.multi {
		prefix = id + ":"
	}
	first := len(x.clauses)
	// The innermost section of each unit names it in Clause.Section.
	secOf := make([]int, len(t.units))
	for i := range secOf {
		secOf[i] = -1
	}
	for si, s := range t.sections {
		for _, ui := range s.units {
			if secOf[ui] < 0 || t.sections[secOf[ui]].depth <= s.depth {
				secOf[ui] = si
			}
		}
	}
	secRefs := make([]string, len(t.sections))
	for si, s := range t.sections {
		secRefs[si] = target{anc: ancComps(s.anc), needs: s.needs, base: s.base}.ref()
		if s.node.kind == nodeContainer && s.node.ck == 'h' {
			d.heads = append(d.heads, refFold(s.node.label))
		} else if s.node.kind == nodeContainer && s.node.title != "" {
			d.heads = append(d.heads, refFold(s.node.title))
		}
	}
	nkeys := len(t.units)
	for _, u := range t.units {
		nkeys += len(u.subs)
	}
	d.byKey = make([]keyed, 0, nkeys)
	ctxs := map[string]string{}
	rawCtx, rawHctx := map[string]string{}, map[string]string{} // heading texts → ctx, hctx
	n := map[int]int{}                                          // clauses seen per section
	var prev *docUnit                                           // the unit before, whose clause's Path this one may share
	var anc []comp                                              // the components of prev's ancestors
	var ancID int32                                             // anc's number in x.interned
	in := x.interned
	for ui, u := range t.units {
		// The units of a chapter share their ancestors' components (and
		// their Path, below); nothing writes to either.
		sameAnc := prev != nil && slices.Equal(prev.anc, u.anc)
		if !sameAnc {
			ancID = in.id(ancComps(u.anc))
			anc = in.table[ancID]
		}
		baseID := in.id(u.base)
		tg := target{doc: d, unit: len(x.clauses), sub: -1, anc: anc, needs: u.needs, base: in.table[baseID]}
		c := clause{doc: d, Ref: prefix + tg.ref(), Text: u.text, Page: int32(u.page)}
		if u.lead != "" {
			c.more = &clauseMore{Lead: u.lead}
		}
		if si := secOf[ui]; si >= 0 {
			n[si]++
			c.sec, c.N = int32(si), int32(n[si])
		} else {
			c.sec, c.N = -1, int32(ui+1)
		}
		if sameAnc && slices.Equal(prev.heads, u.heads) {
			c.path = x.clauses[len(x.clauses)-1].path
		} else {
			var path []string
			for _, a := range u.anc {
				path = append(path, strings.TrimSpace(a.label+" "+strings.TrimPrefix(a.title, a.label)))
			}
			if path = slices.Clip(append(path, u.heads...)); path != nil {
				c.path = int32(len(d.paths))
				d.paths = append(d.paths, path)
			}
		}
		prev = u
		if len(u.subs) > 0 && c.more == nil {
			c.more = &clauseMore{}
		}
		for si, s := range u.subs {
			subID := in.id(s.comps)
			st := target{doc: d, unit: tg.unit, sub: si, anc: anc, needs: u.needs, base: in.table[subID]}
			c.more.Parts = append(c.more.Parts, bot.Part{Ref: prefix + st.ref(), Start: s.start, End: s.end})
			d.byKey = append(d.byKey, newKeyed(st, ancID, subID))
		}
		d.byKey = append(d.byKey, newKeyed(tg, ancID, baseID))
		// The document's title and the headings above are the clause's
		// context: "Geneva Convention" in a question is covered by every
		// clause of that convention, and weighs little where every clause
		// shares it (its idf counts the context too).
		// Normalised once per distinct heading text: one copy for the
		// clauses of a chapter.
		raw := strings.TrimSpace(d.Title + " " + u.ctx)
		ctx, ok := rawCtx[raw]
		if !ok {
			ctx = " " + normalizeString(raw)
			if prev, ok := ctxs[ctx]; ok {
				ctx = prev
			} else {
				ctxs[ctx] = ctx
			}
			rawCtx[raw] = ctx
		}
		// The titles of numbered headings above (二、重点任务) count in
		// coverage but are not indexed: in the index they changed how rare
		// words are for every unit under them, and answers with them.
		hctx := ""
		if len(u.heads) > 0 {
			raw := strings.Join(u.heads, " ")
			var ok bool
			if hctx, ok = rawHctx[raw]; !ok {
				hctx = " " + normalizeString(raw)
				if prev, ok := ctxs[hctx]; ok {
					hctx = prev
				} else {
					ctxs[hctx] = hctx
				}
				rawHctx[raw] = hctx
			}
		}
		pd.prepare()
		es := pd.edits[ui]
		c.e0, c.ne = uint32(len(d.edits)), uint32(len(es))
		d.edits = append(d.edits, es...)
		c.ctx, c.hctx = ctx, hctx
		x.clauses = append(x.clauses, c)
		x.akeys = append(x.akeys, alignKey(anc, u.base))
	}
	for si, s := range t.sections {
		sec := section{SectionInfo: bot.SectionInfo{Label: secRefs[si], Title: s.node.title, Depth: s.depth}}
		if s.node.kind == nodeRoot {
			sec.Depth = 0
		} else {
			sec.Depth = max(0, s.depth-1)
		}
		if s.node.kind == nodeNumbered {
			sec.Title = strings.TrimSpace(s.node.own())
		}
		if s.node.ck == 'h' {
			sec.Title = ""
		}
		if len(s.units) > 0 {
			sec.clauses = make([]int, len(s.units))
		}
		for i, ui := range s.units {
			sec.clauses[i] = first + ui
		}
		sec.Clauses = len(sec.clauses)
		d.sections = append(d.sections, sec)
		d.Sections = append(d.Sections, sec.SectionInfo)
		d.secTargets = append(d.secTargets, target{doc: d, anc: in.comps(ancComps(s.anc)), needs: s.needs, base: in.comps(s.base)})
	}
	// Sorted with their keys beside them: looked up through the table in
	// each comparison, they made the sort 2.5 times as long.
	type withKey struct {
		key string
		e   keyed
	}
	sorted := make([]withKey, len(d.byKey))
	for i, e := range d.byKey {
		sorted[i] = withKey{keyOf(in.table, e), e}
	}
	slices.SortStableFunc(sorted, func(a, b withKey) int { return strings.Compare(a.key, b.key) })
	for i := range sorted {
		d.byKey[i] = sorted[i].e
	}
	// secTargets point into d.sections: take the addresses once it is built.
	for i := range d.secTargets {
		d.secTargets[i].sec = &d.sections[i]
	}
	d.Clauses = len(t.units)
	pd.prepare()
	d.Lang = pd.lang
	x.docs = append(x.docs, d)
}
