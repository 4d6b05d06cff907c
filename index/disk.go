package index

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// The index folder (Options.Dir) keeps the bleve index on disk so that a
// start or a reload re-indexes only the documents that changed. Its layout:
//
//	DIR/lock           locked (flock) by the process that opens or updates the folder
//	DIR/manifest.json  the generation served and the documents in it; replaced by rename
//	DIR/gen-000042/    the scorch index of one generation
//	DIR/gen-000043.tmp a generation being built (left over after a crash; removed on the next open)
//	DIR/pdf/           PDFium's compiled code (extract.SetPDFCacheDir)
//
// A generation is never changed once the manifest names it: an update
// copies it aside (the immutable segment files are hard links, only the
// small root.bolt is copied), applies the changes there (a new segment,
// merged into one only by the rule of maxSegments), writes its derived
// data, and then renames the manifest over the old one. A crash at any
// point leaves the old manifest naming the old, complete generation.
//
// What a reopen or an update reads: the manifest (with the stat cache, so
// unchanged files are neither read nor hashed: fileStat), each document's
// cached parse (parseCache), and the generation's derivedFile; it parses,
// indexes and counts only what changed (termDelta).

// indexFormat is the version of the folder's layout, of the clause ids in
// it and of the manifest's encoding; a manifest with another one is
// rebuilt from scratch. (2: the manifest's binary table, diskmanifest.go.)
const indexFormat = 2

// analysisVersion must change whenever what is indexed for a clause
// changes in a way newMapping's JSON does not show (normalisation, the
// heading context, an analyzer's code): a folder built by another version
// is then rebuilt. The mapping itself is part of the stamp (analysisStamp).
const analysisVersion = "2026-12-02.8"

// manifest describes the generation served from an index folder (kept in
// manifest.json as a manifestFile).
type manifest struct {
	Format   int
	Analysis string
	// Gen is the folder, under the index folder, of the scorch index.
	Gen string
	// Docs maps each document's key (docKey: a hash of what was indexed
	// for it) to its number of clauses; clause i of a document has the
	// bleve id key.i.
	Docs map[string]int
	// Files maps each key to the file it was read from (an update finds
	// a removed document's parse by it, see oldTexts).
	Files map[string]string
	// Stats is the stat cache: each document file's path (in the
	// documents folder) → its size, times, inode and parse-cache key (see
	// fileStat). The manifest's own modification time is the "racily
	// clean" threshold.
	Stats map[string]fileStat
	// Churn is the number of clauses added and removed by updates since
	// the generation was last merged into one segment (see maxSegments).
	Churn int
}

// DirError is a problem with the index folder itself (cannot be created,
// written, locked or read), as opposed to a problem with the documents. A
// served index is not affected by it: nothing in the folder it reads is
// changed until an update has been written in full.
type DirError struct {
	Dir string
	Err error
}

func (e *DirError) Error() string { return fmt.Sprintf("index folder %s: %v", e.Dir, e.Err) }

func (e *DirError) Unwrap() error { return e.Err }

// ErrDirBusy is wrapped by the DirError of an index folder that another
// process is opening or updating.
var ErrDirBusy = errors.New("in use by another clausebot process")

// testHook, when set, is called at stages of an update: "build" before
// the new generation is written to (an error there stands for a write
// failing, such as a full disk), and "swap" after it is written and before
// the manifest names it (an error there stops Load as a crash would,
// leaving the generation aside).
var testHook func(stage string) error

// beforeClose, when set, is called with a generation being built just
// before it is closed: a test merges its segments there, as scorch's
// background merger may (TestDiskMergeBeforeClose).
var beforeClose func(bleve.Index)

// analysisStamp identifies how clauses are analysed: analysisVersion and
// a hash of the bleve mapping.
func analysisStamp() string {
	js, err := json.Marshal(newMapping())
	if err != nil {
		panic(err) // a fixed mapping always marshals
	}
	h := sha256.Sum256(append([]byte(analysisVersion+"\x00"), js...))
	return hex.EncodeToString(h[:8])
}

// docKey hashes what is indexed for the clauses [from, to): their texts
// with their heading context. A document whose key is in the manifest
// need not be indexed again, whatever its file is called now.
func (x *Index) docKey(from, to int) string {
	h := sha256.New()
	var buf []byte // one buffer: a string per clause was a sixth of a reopen's garbage
	for i := from; i < to; i++ {
		c := &x.clauses[i]
		buf = append(append(c.appendNorm(buf[:0]), c.ctx...), 0)
		h.Write(buf)
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// diskIDs gives each document of x its key, and x the map from a bleve
// id back to a clause. base holds the documents' docKeys, in order (see
// indexBuilder.addDoc); two documents with the same one (dropping copies
// keeps near-copies) get distinct keys.
func (x *Index) diskIDs(base []string) (keys []string, files map[string]string) {
	x.docStart = make(map[string]int, len(x.docs))
	files = make(map[string]string, len(x.docs))
	keys = make([]string, 0, len(x.docs))
	first := 0
	for i, d := range x.docs {
		k := base[i]
		for n := 2; files[k] != ""; n++ {
			k = base[i] + "-" + strconv.Itoa(n)
		}
		x.docStart[k] = first
		keys = append(keys, k)
		files[k] = d.File
		first += d.Clauses
	}
	return keys, files
}

// clauseOf returns the clause a bleve hit id stands for, or -1.
func (x *Index) clauseOf(id string) int {
	if x.docStart == nil {
		i, err := strconv.Atoi(id)
		if err != nil || i < 0 || i >= len(x.clauses) {
			return -1
		}
		return i
	}
	k, n, ok := strings.Cut(id, ".")
	if !ok {
		return -1
	}
	first, ok := x.docStart[k]
	u, err := strconv.Atoi(n)
	if !ok || err != nil || u < 0 || first+u >= len(x.clauses) || x.clauses[first+u].doc != x.clauses[first].doc {
		return -1
	}
	return first + u
}

// buildDisk is build for an index folder: it opens the generation the
// manifest names when it holds exactly the documents of x (made by an
// indexBuilder, docKeys their docKeys), and otherwise writes a new one
// with only the added and changed documents indexed (all of them when
// there is no usable generation) and swaps it in.
func buildDisk(ctx context.Context, dir string, x *Index, docKeys []string, log *slog.Logger, pc *parseCache) (*Index, error) {
	keys, files := x.diskIDs(docKeys)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		pc.discard()
		return nil, &DirError{dir, err}
	}
	unlock, err := lockDir(dir)
	if err != nil {
		pc.discard()
		return nil, &DirError{dir, err}
	}
	defer unlock()
	// Saved at the end: an update reads the removed documents' parses from
	// it (see diskdelta.go).
	defer pc.save()

	stamp := analysisStamp()
	want := make(map[string]int, len(keys))
	for i, k := range keys {
		want[k] = x.docs[i].Clauses
	}
	old, _, merr := readManifestAgain(dir, pc.manifestRaw, pc.manifest)
	usable := merr == nil && old.Format == indexFormat && old.Analysis == stamp && old.Gen != ""
	if merr != nil && !errors.Is(merr, os.ErrNotExist) && log != nil {
		log.Warn("index folder: unreadable manifest; rebuilding", "dir", dir, "error", merr)
	}
	if usable && maps.Equal(old.Docs, want) {
		bi, err := openGen(filepath.Join(dir, old.Gen), true)
		if err == nil {
			x.bi = bi
			err = x.finishDisk(filepath.Join(dir, old.Gen), "", keys, nil)
			if err == nil {
				if perr := x.probeGen(bi); perr != nil {
					// Rebuilt below, as a generation that does not open.
					bi.Close()
					x.bi = nil
					if log != nil {
						log.Warn("index folder: damaged generation; rebuilding", "dir", dir, "error", perr)
					}
					err = perr
				}
			}
			if err != nil && x.bi != nil {
				bi.Close()
				x.bi = nil
				if !errors.Is(err, errNotMerged) {
					return nil, err
				}
			}
		}
		if err == nil {
			removeStale(dir, old.Gen)
			if log != nil {
				log.Info("index folder opened", "dir", dir, "gen", old.Gen, "documents", len(keys), "files_not_read", pc.statHits)
			}
			if pc.statsChanged() {
				// Best effort: a stat cache not written costs reading and
				// hashing those files again next time, nothing else.
				old.Stats = pc.newStats
				if err := writeManifest(dir, old); err != nil && log != nil {
					log.Warn("index folder: cannot write the stat cache", "dir", dir, "error", err)
				}
			}
			return x, nil
		}
		if log != nil {
			log.Warn("index folder: cannot open the current generation; rebuilding", "dir", dir, "gen", old.Gen, "error", err)
		}
		usable = false
	}

	next := nextGen(dir)
	tmp := filepath.Join(dir, next+".tmp")
	if err := os.RemoveAll(tmp); err != nil {
		return nil, &DirError{dir, err}
	}
	var bi bleve.Index
	var todo []int // documents to index
	var batches [][]indexJob
	var first *bleve.Batch // the one batch of a small update (see below)
	var delta *termDelta
	var prevDerived derived
	churn := 0
	if usable {
		if err := copyGen(filepath.Join(dir, old.Gen), tmp); err != nil {
			os.RemoveAll(tmp)
			return nil, &DirError{dir, fmt.Errorf("copying generation %s: %w", old.Gen, err)}
		}
		if bi, err = openGen(tmp, false); err != nil {
			os.RemoveAll(tmp)
			usable = false
			if log != nil {
				log.Warn("index folder: cannot open a copy of the current generation; rebuilding", "dir", dir, "gen", old.Gen, "error", err)
			}
		}
	}
	if usable {
		del := bi.NewBatch()
		var gone []string
		for k, n := range old.Docs {
			if want[k] == n {
				continue
			}
			gone = append(gone, k)
			churn += n
			for i := range n {
				del.Delete(k + "." + strconv.Itoa(i))
			}
		}
		for i, k := range keys {
			if old.Docs[k] != want[k] {
				todo = append(todo, i)
				churn += x.docs[i].Clauses
			}
		}
		// An update counts only the terms it touches, from the previous
		// generation's counts (derivedFile), when the removed documents'
		// texts are known; otherwise it merges and recounts everything.
		if d, ok := readDerived(filepath.Join(dir, old.Gen, derivedFile)); ok && d.Terms > 0 && d.DF != nil {
			var ok bool
			if delta, ok, err = x.prepareDelta(bi, pc, old, gone, keys, todo); err != nil {
				return nil, x.abandon(bi, tmp, dir, fmt.Errorf("counting terms: %w", err))
			} else if ok {
				prevDerived = d
			} else {
				delta = nil
			}
		}
		batches = x.planBatches(keys, todo)
		if len(batches) == 1 {
			// A small update is one batch: the deletions, the clauses and
			// the mark naming the generation. Each batch waits for its
			// persistence (the segment's fsync and bolt's), which under
			// other processes' disk writes was most of its wall time.
			first = del
			first.SetInternal(genMark, []byte(next))
		} else if del.Size() > 0 {
			if err := bi.Batch(del); err != nil {
				return nil, x.abandon(bi, tmp, dir, fmt.Errorf("deleting removed documents: %w", err))
			}
		}
	} else {
		os.RemoveAll(tmp)
		if bi, err = newGen(tmp); err != nil {
			os.RemoveAll(tmp)
			return nil, &DirError{dir, fmt.Errorf("creating a generation: %w", err)}
		}
		todo = make([]int, len(keys))
		for i := range todo {
			todo[i] = i
		}
		batches = x.planBatches(keys, todo)
	}
	if testHook != nil {
		if err := testHook("build"); err != nil {
			return nil, x.abandon(bi, tmp, dir, err)
		}
	}
	charDF, err := x.indexDocs(ctx, bi, keys, batches, first)
	if err != nil {
		return nil, x.abandon(bi, tmp, dir, err)
	}
	if usable {
		charDF = nil // counts of the changed documents only: finishDisk counts all
	}
	// One segment after a build, and after an update when the merge rule
	// says so (see maxSegments): a one-word question walks every segment,
	// and the dictionary counts readDF takes include deleted clauses until
	// merged. An update left unmerged counts its terms from the delta and
	// writes them (derivedFile) into the generation before it is swapped
	// in: without them the generation could not be counted again.
	merged, terms := true, 0
	var derr chan error // the derived data's write, when under way
	waitDerived := func() error {
		if derr == nil {
			return nil
		}
		err := <-derr
		derr = nil
		if err != nil {
			return fmt.Errorf("writing %s: %w", derivedFile, err)
		}
		return nil
	}
	if delta != nil {
		n, _, err := segmentCount(bi)
		if err != nil {
			return nil, x.abandon(bi, tmp, dir, err)
		}
		churn += old.Churn
		if n <= maxSegments && float64(churn) <= churnShare*float64(len(x.clauses)) {
			merged = false
		}
	}
	if merged {
		churn = 0
		// scorch retries a merge that fails for want of space for ever,
		// and ForceMerge waits the while, spinning a core (a fresh-user
		// trial saw an update hang 11 minutes after a full disk was freed
		// a little): a merge that cannot fit is not started.
		if err := mergeSpace(tmp); err != nil {
			return nil, x.abandon(bi, tmp, dir, fmt.Errorf("merging: %w", err))
		}
		if err := forceMerge(ctx, bi); err != nil {
			return nil, x.abandon(bi, tmp, dir, fmt.Errorf("merging: %w", err))
		}
	}
	if delta != nil {
		if terms, err = x.applyDelta(bi, prevDerived, delta); err != nil {
			return nil, x.abandon(bi, tmp, dir, fmt.Errorf("counting terms: %w", err))
		}
		if err := x.deriveWords(prevDerived, keys); err != nil {
			return nil, x.abandon(bi, tmp, dir, err)
		}
		// Written and synced while bleve writes its root below: the two
		// waits for the disk overlap.
		d := x.derivedOf(keys, terms)
		derr = make(chan error, 1)
		go func() { derr <- writeDerived(filepath.Join(tmp, derivedFile), d, true) }()
	}
	// ForceMerge returns once the merged segment is in use, not once the
	// root naming it is written, and Close does not wait for that: a
	// batch does (scorch's batches wait for their root to be persisted),
	// so the generation is closed merged, whatever the machine's load.
	// A small update left unmerged wrote its mark with its clauses.
	if merged || first == nil {
		mark := bi.NewBatch()
		mark.SetInternal(genMark, []byte(next))
		if err := bi.Batch(mark); err != nil {
			waitDerived()
			return nil, x.abandon(bi, tmp, dir, fmt.Errorf("writing: %w", err))
		}
	}
	if beforeClose != nil {
		beforeClose(bi)
	}
	if err := bi.Close(); err != nil {
		waitDerived()
		os.RemoveAll(tmp)
		return nil, &DirError{dir, fmt.Errorf("writing generation %s: %w", next, err)}
	}
	if err := waitDerived(); err != nil {
		os.RemoveAll(tmp)
		return nil, &DirError{dir, err}
	}
	if testHook != nil {
		if err := testHook("swap"); err != nil {
			return nil, err
		}
	}
	gen := filepath.Join(dir, next)
	if err := os.Rename(tmp, gen); err != nil {
		os.RemoveAll(tmp)
		return nil, &DirError{dir, err}
	}
	m := manifest{Format: indexFormat, Analysis: stamp, Gen: next, Docs: want, Files: files, Stats: pc.newStats, Churn: churn}
	if err := writeManifest(dir, m); err != nil {
		os.RemoveAll(gen)
		return nil, &DirError{dir, fmt.Errorf("writing the manifest: %w", err)}
	}
	if x.bi, err = openGen(gen, true); err != nil {
		return nil, &DirError{dir, fmt.Errorf("opening generation %s: %w", next, err)}
	}
	// The segment files the generation reads are those of the root it
	// was closed with, which only the generation opened again (read-only:
	// no merger runs) tells: taken from the open index before Close, they
	// missed a merge of scorch's background merger finishing in between,
	// whose segment the persisted root named and which was then removed
	// (an update of a small index, where the default plan merges two
	// segments, under load: 1 in 150 updates, and the generation did not
	// open: "open …/store/000000000005.zap: no such file").
	removeDeadSegments(liveSegments(x.bi))
	if delta == nil {
		prev := ""
		if usable {
			prev = filepath.Join(dir, old.Gen)
		}
		if err := x.finishDisk(gen, prev, keys, charDF); err != nil {
			x.bi.Close()
			return nil, err
		}
	} else if err := x.setBM25(terms); err != nil {
		x.bi.Close()
		return nil, err
	}
	removeStale(dir, next)
	if log != nil {
		log.Info("index folder updated", "dir", dir, "gen", next, "documents_indexed", len(todo), "documents", len(keys),
			"merged", merged, "files_not_read", pc.statHits)
	}
	return x, nil
}

// genMark is the internal key of a generation's bleve index that holds
// its name.
var genMark = []byte("clausebot.gen")

// abandon closes and removes a generation being built after err, and
// returns err as the folder's problem when it is one (a full disk, no
// permission).
func (x *Index) abandon(bi bleve.Index, tmp, dir string, err error) error {
	bi.Close()
	os.RemoveAll(tmp)
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("index: %w", err)
	}
	return &DirError{dir, err}
}

// indexJob is the clauses [from, to) of the document doc, indexed in one
// batch.
type indexJob struct{ doc, from, to int }

// maxBatchClauses is the most clauses planBatches puts in a batch. (A
// variable for tests that need several segments.)
var maxBatchClauses = 10000

// planBatches divides the clauses of the documents todo into the batches
// indexDocs indexes: at most maxBatchClauses each, small documents several
// to a batch, the documents in the order of their bleve ids (see idOrder).
func (x *Index) planBatches(keys []string, todo []int) [][]indexJob {
	maxBatch := maxBatchClauses
	var jobs []indexJob
	for _, di := range idOrder(keys, todo) {
		n := x.docs[di].Clauses
		for j := 0; j < n; j += maxBatch {
			jobs = append(jobs, indexJob{di, j, min(j+maxBatch, n)})
		}
	}
	var batches [][]indexJob
	size := 0
	for _, j := range jobs {
		if len(batches) == 0 || size+j.to-j.from > maxBatch {
			batches = append(batches, nil)
			size = 0
		}
		batches[len(batches)-1] = append(batches[len(batches)-1], j)
		size += j.to - j.from
	}
	return batches
}

// idOrder returns the documents todo (indexes into keys) in the order of
// their clauses' bleve ids (a document's key, ".", the clause's number):
// by key + ".", so that a key that is a prefix of another (k and k-2, see
// diskIDs) sorts as its ids do ("k-2.0" < "k.0").
//
// Batches indexed in that order replace nothing in the segments indexed
// before them, and scorch sees it without looking: every batch looks up
// its ids in every segment already in the index, to mark the clauses they
// replace (Scorch.prepareSegment and the introducer call
// SegmentBase.DocNumbers), and zapx v17's DocNumbers skips an id above
// the segment's largest (its _id dictionary's GetMaxKey) with one string
// comparison. In walk order the documents' keys (hashes) are spread over
// the whole range, each of a build's 100 batches of 10,000 clauses at 1M
// clauses looked up each of its ids in the dictionaries of the batches
// before it (about 50 on average), and that was 6% of the build's CPU time,
// growing as the square of the clauses (BenchmarkScale's CPU profile,
// prepareSegment: 0.19 s of 14 at 200,000 clauses, 5.1 s of 87 at 1M).
// With two batches in flight, one may still be introduced after the next:
// it then looks its ids up in that one segment.
func idOrder(keys []string, todo []int) []int {
	ids := make([]string, len(keys))
	for _, i := range todo {
		ids[i] = keys[i] + "."
	}
	out := slices.Clone(todo)
	slices.SortFunc(out, func(a, b int) int { return strings.Compare(ids[a], ids[b]) })
	return out
}

// indexDocs indexes the batches of clauses into bi, two batches in flight
// as indexClauses does, sets their alphabetic words, and returns the
// number of them each Chinese character occurs in (as indexBatch does:
// finishDisk then need not read every clause again). first, when not nil,
// is the batch the clauses of a single batch are added to (an update's
// deletions and mark, see buildDisk).
func (x *Index) indexDocs(ctx context.Context, bi bleve.Index, keys []string, batches [][]indexJob, first *bleve.Batch) (map[rune]int32, error) {
	ch := make(chan []indexJob)
	errc := make(chan error, 1)
	var wg sync.WaitGroup
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := min(len(batches), max(1, runtime.GOMAXPROCS(0)))
	dfs := make([]map[rune]int32, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			df := map[rune]int32{}
			dfs[w] = df
			hc := new(hanCounter)
			defer hc.addTo(df)
			a := clauseAnalyzer{han: hc}
			for js := range ch {
				b := first
				if b == nil || len(batches) != 1 {
					b = bi.NewBatch()
				}
				for _, j := range js {
					first := x.docStart[keys[j.doc]]
					for u := j.from; u < j.to; u++ {
						c := &x.clauses[first+u]
						if err := b.IndexAdvanced(a.doc(keys[j.doc]+"."+strconv.Itoa(u), c)); err != nil {
							select {
							case errc <- fmt.Errorf("clause %s: %w", c.Ref, err):
							default:
							}
							cancel()
							return
						}
					}
				}
				if err := bi.Batch(b); err != nil {
					select {
					case errc <- fmt.Errorf("batch: %w", err):
					default:
					}
					cancel()
					return
				}
				a.reuse()
			}
		}()
	}
feed:
	for _, b := range batches {
		select {
		case ch <- b:
		case <-ctx.Done():
			break feed
		}
	}
	close(ch)
	wg.Wait()
	select {
	case err := <-errc:
		return nil, err
	default:
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	charDF := map[rune]int32{}
	for _, df := range dfs {
		for r, n := range df {
			charDF[r] += n
		}
	}
	return charDF, nil
}

// derived is what finishDisk computes for a generation, kept in it
// (derivedFile) so that reopening it computes nothing: the document
// frequencies, and each clause's alphabetic words by document key.
type derived struct {
	DF    map[string]int32
	Words map[string][][]string
	// Terms is the number of distinct terms of the bigram view in live
	// clauses: what bleve's BM25 reads as the field's cardinality from a
	// merged index (see bm25Stats).
	Terms int
}

// finishDisk fills in what indexBatch computes while indexing (the
// alphabetic words of every clause, the document frequencies) and the
// BM25 statistics from the generation gen's derivedFile, or computes them
// and writes that file. The words of documents the previous generation
// prev also holds ("" for none) are taken from its derivedFile: an update
// computes only the changed documents' words (the frequencies are read
// from the index). Counting from the index needs it merged into one
// segment: a generation of several without a derivedFile gives
// errNotMerged (it is then rebuilt). charDF, when not nil, holds the
// counts of Chinese characters over all clauses, made while indexing
// every one of them (a new folder): their words are then in place too,
// and no clause is read again.
func (x *Index) finishDisk(gen, prev string, keys []string, charDF map[rune]int32) error {
	x.genDir = gen
	file := filepath.Join(gen, derivedFile)
	if d, ok := readDerived(file); ok && len(d.Words) == len(keys) && d.DF != nil && d.Terms > 0 {
		ok := true
		for i, k := range keys {
			ws, found := d.Words[k]
			if !found || len(ws) != x.docs[i].Clauses {
				ok = false
				break
			}
			first := x.docStart[k]
			for j := range ws {
				x.clauses[first+j].words = ws[j]
			}
		}
		if ok {
			x.df = d.DF
			return x.setBM25(d.Terms)
		}
	}
	n, deletions, err := segmentCount(x.bi)
	if err != nil {
		return fmt.Errorf("index: %w", err)
	} else if n > 1 {
		return errNotMerged
	}
	if charDF != nil {
		if err := x.readDF(charDF); err != nil {
			return err
		}
		if err := x.recountOnes(); err != nil {
			return err
		}
	} else {
		var pd derived
		if prev != "" {
			pd, _ = readDerived(filepath.Join(prev, derivedFile))
		}
		if err := x.computeDerived(x.knownWords(pd, keys)); err != nil {
			return err
		}
	}
	if deletions {
		// One segment still holding deleted clauses (scorch does not
		// merge a lone segment): its dictionary counts include them.
		counts := make(map[string]uint64, len(x.df))
		for t := range x.df {
			if r, sz := utf8.DecodeRuneInString(t); sz != len(t) || classify(r) != classHan {
				counts[t] = 0
			}
		}
		if err := termCounts(x.bi, counts); err != nil {
			return fmt.Errorf("index: term counts: %w", err)
		}
		for t, c := range counts {
			x.df[t] = int32(c)
		}
	}
	terms, err := x.liveTerms()
	if err != nil {
		return err
	}
	if terms == 0 {
		terms = 1 // an empty field: never read as "not computed"
	}
	// Best effort: without it the next open computes it again.
	writeDerived(file, x.derivedOf(keys, terms), false)
	return x.setBM25(terms)
}

// liveTerms drops from x.df the terms no live clause holds, and returns
// the number of distinct terms of the bigram view in live clauses. A
// segment merged from one with deleted clauses keeps their terms in its
// dictionary with no postings (so bleve's own field cardinality counts
// them): those read as 0 or, through the dictionary iterator's stale
// 1-hit fields (see recountOnes), 1, and recountOnes made them 0. Lone
// Chinese characters, counted in Go, are checked with a term reader.
func (x *Index) liveTerms() (int, error) {
	terms := 0
	for t, n := range x.df {
		if n <= 0 {
			delete(x.df, t)
			continue
		}
		if r, sz := utf8.DecodeRuneInString(t); sz != len(t) || classify(r) != classHan {
			terms++
		}
	}
	d, err := x.bi.FieldDict(fieldBigram)
	if err != nil {
		return 0, fmt.Errorf("index: term dictionary: %w", err)
	}
	var han map[string]uint64
	for {
		e, err := d.Next()
		if err != nil {
			d.Close()
			return 0, fmt.Errorf("index: term dictionary: %w", err)
		}
		if e == nil {
			break
		}
		if r, sz := utf8.DecodeRuneInString(e.Term); sz == len(e.Term) && classify(r) == classHan {
			if han == nil {
				han = map[string]uint64{}
			}
			han[e.Term] = 0
		}
	}
	d.Close()
	if err := termCounts(x.bi, han); err != nil {
		return 0, fmt.Errorf("index: term counts: %w", err)
	}
	for _, n := range han {
		if n > 0 {
			terms++
		}
	}
	return terms, nil
}

// setBM25 keeps the statistics bleve's BM25 is given (see bm25Stats).
func (x *Index) setBM25(terms int) error {
	n, err := x.bi.DocCount()
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	x.bm25 = bm25Stats(n, terms)
	return nil
}

// knownWords puts in place the words the derived data d holds for the
// documents keys, and says which clauses have theirs.
func (x *Index) knownWords(d derived, keys []string) []bool {
	known := make([]bool, len(x.clauses))
	for i, k := range keys {
		ws, found := d.Words[k]
		if !found || len(ws) != x.docs[i].Clauses {
			continue
		}
		first := x.docStart[k]
		for j := range ws {
			x.clauses[first+j].words = ws[j]
			known[first+j] = true
		}
	}
	return known
}

// deriveWords gives every clause its words: from d where it holds the
// document, computed otherwise.
func (x *Index) deriveWords(d derived, keys []string) error {
	known := x.knownWords(d, keys)
	for i := range x.clauses {
		if !known[i] {
			c := &x.clauses[i]
			c.words = clauseWords([]rune(c.norm() + c.ctx))
		}
	}
	return nil
}

// derivedOf is x's derived data for the documents keys.
func (x *Index) derivedOf(keys []string, terms int) derived {
	d := derived{DF: x.df, Words: make(map[string][][]string, len(keys)), Terms: terms}
	for i, k := range keys {
		first := x.docStart[k]
		ws := make([][]string, x.docs[i].Clauses)
		for j := range ws {
			ws[j] = x.clauses[first+j].words
		}
		d.Words[k] = ws
	}
	return d
}

// writeDerived writes d to file through a temporary file renamed over it,
// synced first when sync is set (a generation about to be swapped in).
func writeDerived(file string, d derived, sync bool) error {
	tmp := file + ".tmp" + strconv.Itoa(os.Getpid())
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(encodeDerived(d))
	if err == nil && sync {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, file)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// readDerived reads a generation's derivedFile.
func readDerived(file string) (derived, bool) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return derived{}, false
	}
	return decodeDerived(raw)
}

// computeDerived computes, for every clause (most were indexed by an
// earlier process), the alphabetic words (unless known says they are
// already in place) and the clauses each Chinese character occurs in,
// then the document frequencies.
func (x *Index) computeDerived(known []bool) error {
	workers := max(1, runtime.GOMAXPROCS(0))
	n := len(x.clauses)
	step := (n + workers - 1) / workers
	dfs := make([]map[rune]int32, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			df := map[rune]int32{}
			var han []rune
			for i := w * step; i < min(n, (w+1)*step); i++ {
				c := &x.clauses[i]
				rs := []rune(c.norm() + c.ctx)
				if !known[i] {
					c.words = clauseWords(rs)
				}
				han = countHan(rs, han, df)
			}
			dfs[w] = df
		}()
	}
	wg.Wait()
	charDF := dfs[0]
	for _, df := range dfs[1:] {
		for r, n := range df {
			charDF[r] += n
		}
	}
	if err := x.readDF(charDF); err != nil {
		return err
	}
	return x.recountOnes()
}

// recountOnes counts again the clauses of every term whose dictionary
// entry says 1. zap's dictionary iterator (zapx v16.3.4, DictionaryIterator.Next)
// reuses one postings list and never clears its "1-hit" fields, so in a
// merged segment every term after the first one stored in the 1-hit
// encoding reads as occurring once. A term reader decodes its postings
// afresh. (The in-memory index never merges, so it is not affected.)
func (x *Index) recountOnes() error {
	adv, err := x.bi.Advanced()
	if err != nil {
		return fmt.Errorf("index: term counts: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return fmt.Errorf("index: term counts: %w", err)
	}
	defer r.Close()
	ctx := context.Background()
	for t, n := range x.df {
		if n != 1 {
			continue
		}
		if rn, sz := utf8.DecodeRuneInString(t); sz == len(t) && classify(rn) == classHan {
			continue // counted in Go (charDF)
		}
		tfr, err := r.TermFieldReader(ctx, []byte(t), fieldBigram, false, false, false)
		if err != nil {
			return fmt.Errorf("index: term counts: %w", err)
		}
		x.df[t] = int32(tfr.Count())
		tfr.Close()
	}
	return nil
}

// openGen opens a generation's scorch index, read-only for serving (no
// merger or persister runs, so its files never change under a copy).
func openGen(path string, readOnly bool) (bi bleve.Index, err error) {
	if _, err := os.Stat(filepath.Join(path, "index_meta.json")); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(path, damagedFile)); err == nil {
		return nil, fmt.Errorf("%s: a search found a damaged segment (%s)", path, damagedFile)
	}
	if err := verifySegments(path); err != nil {
		return nil, err
	}
	var cfg map[string]any
	if readOnly {
		cfg = map[string]any{"read_only": true}
	}
	// zapx panics on some damaged segment footers (slice bounds out of
	// range in loadFields, found by a fresh-user trial changing one byte
	// near a .zap file's end): that is a damaged generation, which is
	// rebuilt like any other that does not open, not a crash at every
	// start.
	defer func() {
		if r := recover(); r != nil {
			bi, err = nil, fmt.Errorf("opening %s: damaged segment: %v", path, r)
		}
	}()
	return bleve.OpenUsing(path, cfg)
}

// probeGen searches an opened generation for one uncommon term of the
// documents (in 3 to 100 clauses: a term in one or two is kept in the
// dictionary itself, and reads no postings): a segment whose footer is damaged where opening does not
// look (its chunk mode) fails every search ("unknown chunk mode", found by
// a fresh-user trial), and is rebuilt like one that does not open.
func (x *Index) probeGen(bi bleve.Index) error {
	term := ""
	for t, n := range x.df {
		if n >= 3 && n <= 100 && !strings.ContainsRune(t, ' ') {
			term = t
			break
		}
	}
	if term == "" {
		return nil
	}
	q := bleve.NewTermQuery(term)
	q.SetField(fieldBigram)
	if _, err := searchIndex(context.Background(), bi, bleve.NewSearchRequestOptions(q, 1, 0, false)); err != nil {
		return fmt.Errorf("damaged generation: %w", err)
	}
	return nil
}

// verifySegments checks each segment file of the generation at path
// against the CRC-32 (IEEE) its footer stores of all its bytes before it
// (zapx's writer computes it as it writes). Bytes damaged on disk where
// no search happened to read (a trial's 3,000 bytes overwritten inside a
// segment changed 7 of 71 answers' scores, silently, at every start)
// then make the generation rebuilt. The files are read, not mapped, so
// the check adds nothing to the process's RSS; it reads each byte once
// (200 MB of segment in about 0.1 s on the shared 2-core machine; 1M
// clauses make a 466 MB folder, opened in 3–4 s).
func verifySegments(path string) error {
	zaps, err := filepath.Glob(filepath.Join(path, "store", "*.zap"))
	if err != nil {
		return err
	}
	buf := make([]byte, 256<<10)
	for _, z := range zaps {
		if err := verifySegment(z, buf); err != nil {
			return fmt.Errorf("segment %s: %w", filepath.Base(z), err)
		}
	}
	return nil
}

// verifySegment checks one segment file's footer CRC (see
// verifySegments); buf is scratch space for reading.
func verifySegment(file string, buf []byte) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.Size() < 4 {
		return errors.New("too short for a footer")
	}
	h := crc32.NewIEEE()
	if _, err := io.CopyBuffer(h, io.LimitReader(f, st.Size()-4), buf); err != nil {
		return err
	}
	var want [4]byte
	if _, err := io.ReadFull(f, want[:]); err != nil {
		return err
	}
	if got := h.Sum32(); got != binary.BigEndian.Uint32(want[:]) {
		return fmt.Errorf("checksum %08x, its footer says %08x: damaged", got, binary.BigEndian.Uint32(want[:]))
	}
	return nil
}

// damagedFile, in a generation's folder, marks it damaged: a search of
// it panicked (see searchIndex, markDamaged), and the next Load rebuilds
// it as one that does not open.
const damagedFile = "DAMAGED"

// markDamaged marks the generation x serves from as damaged when err is
// a search's ErrDamagedSegment, so that the next Load rebuilds it
// instead of serving the same damage again (probeGen reads one term's
// postings, not every term's). Best effort: an index in memory, or a
// folder that cannot be written, is left as it is.
func (x *Index) markDamaged(err error) {
	if x.genDir == "" || !errors.Is(err, ErrDamagedSegment) {
		return
	}
	_ = os.WriteFile(filepath.Join(x.genDir, damagedFile), []byte(err.Error()+"\n"), 0o600)
}

// ErrDamagedSegment is the error of a search that panicked or failed in
// bleve (see searchIndex). The generation is marked (markDamaged) and the
// next Load rebuilds it; a Live with a repair set (OnDamaged) starts that
// Load itself.
var ErrDamagedSegment = errors.New("damaged index segment (the next start or reload rebuilds it)")

// searchIndex runs req on bi and turns a panic inside bleve into an
// error wrapping ErrDamagedSegment: zapx slices a segment's mmapped bytes
// by lengths it reads from them, so bytes damaged on disk where neither
// opening nor probeGen looked panic in the search that first reads them
// (a fresh-user trial's overwritten 5 KB in a .zap: "slice bounds out of
// range" in invertedIndexCache.createAndCacheLOCKED, a stack trace and
// exit 2 at every start). One question then fails, not the process, and
// probeGen's rebuilds the generation. zapx takes its locks with defer,
// so a recovered panic leaves none held.
//
// Any other error of a search that was not canceled is damage too (the
// queries are built here, so none is malformed): bytes that fail a
// check, "error loading roaring bitmap: … did not find expected
// serialCookie", failed every question after a trial's overwrite.
func searchIndex(ctx context.Context, bi bleve.Index, req *bleve.SearchRequest) (res *bleve.SearchResult, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("%w: %v", ErrDamagedSegment, r)
		}
	}()
	res, err = bi.SearchInContext(ctx, req)
	if err != nil && ctx.Err() == nil {
		err = fmt.Errorf("%w: %w", ErrDamagedSegment, err)
	}
	return res, err
}

// forceMerge merges bi's segments into one. One ForceMerge merges at
// most SegmentsPerMergeTask (mergeTask) segments per task, so a build
// left with more (with scorch's 10, 40 batches of a 1M-clause build, when
// the background merger had not caught up) comes out of one call with
// several, and finishDisk then refused the new generation
// (errNotMerged): it is called until one is left, at most maxMergeRounds
// times.
func forceMerge(ctx context.Context, bi bleve.Index) error {
	adv, err := bi.Advanced()
	if err != nil {
		return err
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	for range maxMergeRounds {
		if err := s.ForceMerge(ctx, &mergeOptions); err != nil {
			return err
		}
		if n, _, err := segmentCount(bi); err != nil || n <= 1 {
			return err
		}
	}
	return nil
}

// liveSegments returns the paths of the segment files bi's current
// snapshot reads, or nil when one of its segments is not on disk yet or
// the snapshot cannot be read (then nothing is removed).
func liveSegments(bi bleve.Index) map[string]bool {
	adv, err := bi.Advanced()
	if err != nil {
		return nil
	}
	r, err := adv.Reader()
	if err != nil {
		return nil
	}
	defer r.Close()
	is, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil
	}
	live := map[string]bool{}
	for _, s := range is.Segments() {
		ps, ok := s.Segment().(segment.PersistedSegment)
		if !ok {
			return nil
		}
		live[filepath.Clean(ps.Path())] = true
	}
	return live
}

// removeDeadSegments removes, from the folder of the segment files live
// (those a generation opened read-only reads, see liveSegments), every
// other segment file: those its merges replaced. Scorch removes them in
// its persister's loop after the next root is written, so whether they
// were still there when the generation was closed was a race, which a
// large build often lost (at 1M generated clauses, three builds in four
// left a folder of 691 MB instead of 466 MB: the two segments of the
// final merge). The folder's lock is held and the one reader of the
// generation is the read-only index live came from, which maps only
// those. Best effort: a file left costs disk space, not correctness.
func removeDeadSegments(live map[string]bool) {
	if len(live) == 0 {
		return
	}
	var store string
	for p := range live {
		store = filepath.Dir(p)
		break
	}
	ents, err := os.ReadDir(store)
	if err != nil {
		return
	}
	for _, e := range ents {
		p := filepath.Join(store, e.Name())
		if strings.HasSuffix(e.Name(), ".zap") && !live[p] {
			os.Remove(p)
		}
	}
}

// mergeTask is how many segments one merge task of forceMerge merges,
// and how many of one size a generation being built keeps before its
// background merger merges them (see newGen): scorch's defaults are 10
// (SegmentsPerMergeTask, MaxSegmentsPerTier), under which a build of
// 200,000 clauses (20 batches) merged half its clauses twice, once in the
// background and again in the final merge. With 100, a build of up to
// 1M clauses (100 batches) is merged once, in one task.
const mergeTask = 100

// mergeOptions is forceMerge's plan: one segment, at most mergeTask
// merged by a task.
var mergeOptions = func() mergeplan.MergePlanOptions {
	o := mergeplan.SingleSegmentMergePlanOptions
	o.SegmentsPerMergeTask = mergeTask
	return o
}()

// newGen creates the scorch index of a new generation at path, and opens
// it with a background merge plan that lets mergeTask segments of a size
// be before merging them (scorch's default, 10, otherwise). The plan is
// given when the index is opened, not when it is created, so that it is
// not written into the generation's index_meta.json: an update opens a
// copy of the generation with scorch's defaults.
func newGen(path string) (bleve.Index, error) {
	bi, err := bleve.NewUsing(path, newMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, err
	}
	if err := bi.Close(); err != nil {
		return nil, err
	}
	// Read by scorch as JSON over its defaults (parseMergePlannerOptions).
	plan := map[string]any{"MaxSegmentsPerTier": mergeTask, "SegmentsPerMergeTask": mergeTask}
	cfg := map[string]any{"scorchMergePlanOptions": plan}
	if genEvents != "" {
		cfg["eventCallbackName"] = genEvents
	}
	return bleve.OpenUsing(path, cfg)
}

// genEvents, when not "", names the scorch event callback
// (scorch.RegistryEventCallbacks) of the generations newGen opens: a test
// uses one to stop scorch's persister from removing the segments merges
// replace (TestDiskBuildLeavesLiveSegments).
var genEvents string

// maxMergeRounds bounds forceMerge's calls: each divides the segments by
// up to mergeTask, so 4 rounds merge 100,000,000.
const maxMergeRounds = 4

// copyGen copies the generation src to dst: the segment files (*.zap,
// written once and never changed) as hard links where the file system
// allows, the rest as copies.
func copyGen(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		if rel == derivedFile {
			return nil // what the old generation holds, not the new one
		}
		if d.IsDir() {
			return os.MkdirAll(to, 0o700)
		}
		if strings.HasSuffix(p, ".zap") && os.Link(p, to) == nil {
			return nil
		}
		return copyFile(p, to)
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// nextGen names a new generation: one after the highest in dir, so that
// it is never one left behind (gen-000001 when there is none).
func nextGen(dir string) string {
	n := 0
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		name := strings.TrimSuffix(e.Name(), ".tmp")
		if v, err := strconv.Atoi(strings.TrimPrefix(name, "gen-")); err == nil && strings.HasPrefix(name, "gen-") {
			n = max(n, v)
		}
	}
	return fmt.Sprintf("gen-%06d", n+1)
}

// removeStale removes the generations other than keep, and ones left
// half-built. An Index of this process still serving an old generation
// keeps its open files (the segments are memory-mapped) until it closes.
func removeStale(dir, keep string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if e.IsDir() && strings.HasPrefix(e.Name(), "gen-") && e.Name() != keep {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}
