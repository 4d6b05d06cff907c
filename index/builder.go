package index

import (
	"context"
	"fmt"
	"io/fs"
	"runtime"
	"sync"
)

// walkEntry is what Load's walk of the documents folder lists: a document
// to read, or a problem the walk met.
type walkEntry struct {
	p    string
	warn *Warning
}

// readAhead is how many documents per core readDocs parses ahead of the
// one being added: enough to keep the workers busy while a large document
// is added, few enough that the parses waiting are a small part of the
// heap.
const readAhead = 8

// readDocs reads and parses the documents of entries with read, one worker
// per core (parsing was a fifth of a folder build's CPU time and ran on one
// core), and gives them to ib in walk order as they come, at most
// readAhead per core parsed ahead. Before this, every document was parsed
// before the first was added, and the parses (about 5 MB a MB of text,
// BenchmarkScale's heap profile at 200,000 clauses) were the largest part
// of a folder build's peak heap. warn receives, in walk order, the walk's
// problems, the reading's and each document's own warnings; the
// warnings about copies dropped (see indexBuilder.add) are returned, to
// come after all of those as they always have.
func readDocs(ctx context.Context, fsys fs.FS, entries []walkEntry, read func(context.Context, fs.FS, string, int64) (*parsedDoc, []Warning), limit int64, warn func(Warning), ib *indexBuilder) ([]Warning, error) {
	type result struct {
		pd   *parsedDoc
		w    []Warning
		done chan struct{}
	}
	docs := 0
	for _, e := range entries {
		if e.warn == nil {
			docs++
		}
	}
	if docs <= 1 {
		return readDocsInline(ctx, fsys, entries, read, limit, warn, ib)
	}
	workers := min(docs, max(1, runtime.GOMAXPROCS(0)))
	results := make([]result, len(entries))
	for i := range results {
		if entries[i].warn == nil {
			results[i].done = make(chan struct{})
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan int)
	slots := make(chan struct{}, readAhead*max(1, workers))
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				r := &results[i]
				r.pd, r.w = read(ctx, fsys, entries[i].p, limit)
				if r.pd != nil {
					// The rest of a parse-cache entry (see decodeHead), and
					// what indexBuilder.add and addDocument compute from the
					// texts, here on every core, at most readAhead documents
					// per core before each is added.
					r.pd.full()
					r.pd.prepare()
				}
				close(r.done)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(next)
		for i := range entries {
			if entries[i].warn != nil {
				continue
			}
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	defer wg.Wait()
	for i, e := range entries {
		if e.warn != nil {
			warn(*e.warn)
			continue
		}
		r := &results[i]
		select {
		case <-r.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		<-slots
		for _, w := range r.w {
			warn(w)
		}
		if r.pd != nil {
			for _, w := range r.pd.warnings {
				warn(w)
			}
			ib.add(r.pd)
		}
		*r = result{}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return ib.copyWarns, nil
}

// readDocsInline is readDocs for at most one document: it is read and
// parsed on the calling goroutine, with the same warnings in the same
// order. With one document there is nothing to parse ahead, and the
// workers' goroutines only cost memory: their stacks grow again in each,
// and their allocations fill spans of their own processor's cache. On the
// embedded seed (one file) `clausebot ask` peaked 0.1–0.3 MB lower
// (medians of 15–21 alternating runs, three runs; see docs/operations.md,
// "Start-up of a one-shot command").
func readDocsInline(ctx context.Context, fsys fs.FS, entries []walkEntry, read func(context.Context, fs.FS, string, int64) (*parsedDoc, []Warning), limit int64, warn func(Warning), ib *indexBuilder) ([]Warning, error) {
	for _, e := range entries {
		if e.warn != nil {
			warn(*e.warn)
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pd, ws := read(ctx, fsys, e.p, limit)
		if pd != nil {
			pd.full()
			pd.prepare()
		}
		for _, w := range ws {
			warn(w)
		}
		if pd != nil {
			for _, w := range pd.warnings {
				warn(w)
			}
			ib.add(pd)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return ib.copyWarns, nil
}

// indexBuilder makes an Index from parsed documents given one at a time
// (add), and lets each parse go once its document is added: a build then
// holds the clauses, not every document's parse. It drops copies (see
// add), gives each document its id, and for an index folder takes each
// document's docKey (keys) and hands the parse to the parse cache
// (parseCache.release).
type indexBuilder struct {
	x   *Index
	ids map[string]bool
	pc  *parseCache // nil in memory
	// keys are the docKeys of the documents added, in order (pc != nil).
	keys []string
	// multi is whether references name the document (Index.multi), known
	// once a second document is kept; until then the first is held in
	// first.
	multi   bool
	decided bool
	first   *parsedDoc
	// The copies' bookkeeping (see add): owner maps a unit text's copyHash
	// to the first document kept holding it, kept lists those documents'
	// files and unit counts, copyWarns the copies skipped.
	owner     map[uint64]int32
	kept      []keptDoc
	copyWarns []Warning
	// files is the number of documents expected (Load's walk), from which
	// grow estimates the clause table's size.
	files int
	// cached is whether every document given to add so far was read from
	// the parse cache (a reopen, so far), and tuned the clause count at the
	// last tuneGC (see add).
	cached bool
	tuned  int
}

type keptDoc struct {
	file  string
	units int
}

func newIndexBuilder(syn *synonyms, pc *parseCache, files int) *indexBuilder {
	x := &Index{syn: syn, df: map[string]int32{}}
	x.interned = newInterner()
	return &indexBuilder{x: x, ids: map[string]bool{}, pc: pc, owner: map[uint64]int32{}, files: files,
		cached: pc != nil, tuned: -tuneEvery}
}

// docs returns the number of documents kept so far.
func (ib *indexBuilder) docs() int { return len(ib.kept) }

// add adds pd, or skips it as a copy of a document added before: one
// document kept as .docx and .pdf, a file copied twice. A later document
// is a copy when every one of its units, compared with white space and
// quotes folded (copyHash), is a unit of one earlier document, which has
// about as many units (at least 90% of its count). A copy would count
// every word twice, making the documents' words look common (a colloquial
// question that one copy answers got no answer with two), and answer
// every question twice. The copy is skipped with a warning naming the
// first. A document that shares at least 90% of its units with an
// earlier one but not all is kept, with a warning naming both: it is as
// often an amended version (a fine of 2,000 euro made 5,000, a deadline
// of 72 hours made 48; a trial's two versions of one regulation lost the
// later one when 90% was enough to skip) as a copy in another format.
//
// While every document so far was read from the parse cache (a reopen's
// documents all are), the collector's target is set from the live heap
// every tuneEvery clauses (see gcHeadroom): that is where a reopen's heap
// grows. At the first document parsed by this Load (a build or an update,
// which then indexes it with bleve) it is set back to Go's default.
func (ib *indexBuilder) add(pd *parsedDoc) {
	if ib.cached {
		if pd.reread == nil {
			ib.cached = false
			resetGC()
		} else if n := len(ib.x.clauses); n-ib.tuned >= tuneEvery {
			tuneGC()
			ib.tuned = n
		}
	}
	pd.full()
	pd.prepare()
	keys := pd.copyKeys
	counts := map[int32]int{}
	for _, k := range keys {
		if d, ok := ib.owner[k]; ok {
			counts[d]++
		}
	}
	copyOf, nearOf, nearSame := int32(-1), int32(-1), 0
	for d, n := range counts {
		if n*10 < len(keys)*9 || ib.kept[d].units*10 < len(keys)*9 {
			continue
		}
		if n == len(keys) {
			copyOf = d
		} else if n > nearSame {
			nearOf, nearSame = d, n
		}
	}
	if copyOf >= 0 {
		ib.copyWarns = append(ib.copyWarns, Warning{File: pd.file, Msg: fmt.Sprintf("skipped: the same text as %s (a copy or another format of it)", ib.kept[copyOf].file)})
		if ib.pc != nil {
			ib.pc.release(pd, "")
		}
		return
	}
	if nearOf >= 0 {
		// An amended version differs from the old one in a clause or two
		// (a fine, a deadline): both are kept, since which is current is
		// for the reader to say, and the reader is told.
		verb := "differ"
		if len(keys)-nearSame == 1 {
			verb = "differs"
		}
		ib.copyWarns = append(ib.copyWarns, Warning{File: pd.file, Msg: fmt.Sprintf("nearly the same text as %s (%d of its %d clauses %s): both kept; if one is an older version or a copy, remove it", ib.kept[nearOf].file, len(keys)-nearSame, len(keys), verb)})
	}
	for _, k := range keys {
		if _, ok := ib.owner[k]; !ok {
			ib.owner[k] = int32(len(ib.kept))
		}
	}
	ib.kept = append(ib.kept, keptDoc{pd.file, pd.numUnits()})
	if !ib.decided {
		if ib.first == nil {
			ib.first = pd
			return
		}
		ib.multi, ib.decided = true, true
		ib.addDoc(ib.first)
		ib.first = nil
	}
	ib.addDoc(pd)
}

// addDoc adds pd's clauses to the index under the next id, and lets the
// parse go. A document of which only the head of its parse-cache entry is
// decoded is decoded whole first (parsedDoc.full).
func (ib *indexBuilder) addDoc(pd *parsedDoc) {
	pd.full()
	x := ib.x
	x.multi = ib.multi
	ib.decided = true
	id := uniqueID(docID(pd.file), ib.ids)
	from := len(x.clauses)
	if n := pd.numUnits(); len(x.clauses)+n > cap(x.clauses) {
		ib.grow(n)
	}
	x.addDocument(id, pd)
	if ib.pc != nil {
		// The docKey the parse cache holds for it, or made now; hashing
		// every clause of 10,000 files was a tenth of an update's CPU time.
		k := ib.pc.docKey(pd)
		if k == "" {
			k = x.docKey(from, len(x.clauses))
		}
		ib.keys = append(ib.keys, k)
		ib.pc.release(pd, k)
	}
}

// grow makes room for n more clauses. The clause table (a 128-byte
// record and a 16-byte akey a clause) is sized for the clauses expected, from the clauses per document so far
// and the number of documents, with a tenth to spare: grown by append it
// was copied some 20 times on the way to 1M clauses, and the copies were
// most of the garbage of an open (BenchmarkScale's heap profile). Room not
// used is never written, so it is not resident. The estimate is at most
// 8 times the clauses so far, so that a first document much longer than
// the rest does not reserve memory for clauses that will not come.
func (ib *indexBuilder) grow(n int) {
	x := ib.x
	have := len(x.clauses)
	want := have + n
	if docs := len(x.docs) + 1; docs < ib.files {
		est := want + (want*(ib.files-docs)/docs)*11/10
		want = max(want, min(est, 8*want))
	}
	want = max(want, have+have/4)
	x.clauses = append(make([]clause, 0, want), x.clauses...)
	x.akeys = append(make([]string, 0, want), x.akeys...)
}

// finish links the language versions and returns the Index, with warns
// as its warnings (the documents' and the copies', see readDocs).
func (ib *indexBuilder) finish(warns []Warning) *Index {
	if ib.first != nil {
		ib.addDoc(ib.first)
		ib.first = nil
	}
	x := ib.x
	x.warnings = warns
	x.linkVersions()
	x.akeys = nil
	x.comps, x.interned = x.interned.table, nil
	ib.owner, ib.kept = nil, nil
	return x
}
