package index

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
)

// The merge rule for an update of an index folder. A full build is merged
// into one segment. An update adds its clauses as new segments and marks
// the removed ones deleted, and the generation is merged into one segment
// again only when it has more than maxSegments segments, or when the
// clauses added and removed since the last such merge (manifest.Churn)
// pass churnShare of the clauses. maxSegments is scorch's own
// MaxSegmentsPerTier (mergeplan.DefaultMergePlanOptions: 10); every
// segment is walked by each question's term searchers, and 40 unmerged
// segments made the slow tail of the 1M-clause run (issue 11). churnShare
// bounds the postings of deleted clauses that questions still walk, and
// the added share whose merge is deferred, at a fifth; merging 50k clauses
// took 0.3–0.5 s of CPU in BenchmarkDiskFolder, so an update rarely pays
// it and a merge is then amortised over updates changing a fifth of the
// library.
const (
	maxSegments = 10
	churnShare  = 0.2
)

var errNotMerged = errors.New("generation has several segments and no derived data")

// termDelta is what an update changes in the term counts: the terms of
// the removed and of the added clauses, with how many live clauses held
// each before the update, and the change in the clauses holding each
// Chinese character (counted in Go, see readDF).
type termDelta struct {
	before map[string]uint64
	han    map[rune]int32
}

// bigramTerms adds to set the terms the bigram view indexes for text (a
// clause's norm()+ctx), analysed as bleve indexes it.
func bigramTerms(bi bleve.Index, text string, set map[string]uint64) error {
	a := bi.Mapping().AnalyzerNamed(bigramAnalyzer + preSuffix)
	if a == nil {
		return fmt.Errorf("analyzer %s not registered", bigramAnalyzer+preSuffix)
	}
	for _, tok := range a.Analyze([]byte(text)) {
		set[string(tok.Term)] = 0
	}
	return nil
}

// termCounts sets each term of set to the number of live clauses of bi
// holding it (a term reader's count leaves deleted clauses out, unlike a
// dictionary's).
func termCounts(bi bleve.Index, set map[string]uint64) error {
	adv, err := bi.Advanced()
	if err != nil {
		return err
	}
	r, err := adv.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	ctx := context.Background()
	for t := range set {
		tfr, err := r.TermFieldReader(ctx, []byte(t), fieldBigram, false, false, false)
		if err != nil {
			return err
		}
		set[t] = tfr.Count()
		tfr.Close()
	}
	return nil
}

// segmentCount returns the number of segments of bi's current snapshot,
// and whether any of them has deleted clauses.
func segmentCount(bi bleve.Index) (n int, deletions bool, err error) {
	adv, err := bi.Advanced()
	if err != nil {
		return 0, false, err
	}
	r, err := adv.Reader()
	if err != nil {
		return 0, false, err
	}
	defer r.Close()
	is, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return 1, false, nil
	}
	for _, s := range is.Segments() {
		if d := s.Deleted(); d != nil && !d.IsEmpty() {
			deletions = true
		}
	}
	return len(is.Segments()), deletions, nil
}

// oldTexts returns the indexed texts (norm()+ctx) of the clauses of the
// document key of the manifest m, rebuilt from its parse in the parse
// cache: an update needs them to take the removed clauses' terms out of
// the counts. ok is false when that parse is not there (the file was read
// without a stat cache entry, or its shard was lost), or no longer gives
// the clauses that were indexed; the update then recounts everything.
func (pc *parseCache) oldTexts(m manifest, key string, syn *synonyms) (texts []string, ok bool) {
	st, found := m.Stats[m.Files[key]]
	if !found || len(st.Key) < 2 {
		return nil, false
	}
	pd := pc.lookup(st.Key, true)
	if pd == nil || pd.tree == nil || len(pd.tree.units) == 0 {
		return nil, false
	}
	mini := newIndex([]*parsedDoc{pd}, nil, syn)
	base, _, _ := strings.Cut(key, "-")
	if len(mini.clauses) != m.Docs[key] || mini.docKey(0, len(mini.clauses)) != base {
		return nil, false
	}
	for i := range mini.clauses {
		c := &mini.clauses[i]
		texts = append(texts, c.norm()+c.ctx)
	}
	return texts, true
}

// prepareDelta collects, before an update deletes the documents gone
// (keys of the old manifest m) and indexes the documents todo, the terms
// both touch and their counts in bi as it is, and the change in the
// Chinese characters' counts. ok is false when a removed document's texts
// are not known (see oldTexts).
func (x *Index) prepareDelta(bi bleve.Index, pc *parseCache, m manifest, gone []string, keys []string, todo []int) (*termDelta, bool, error) {
	d := &termDelta{before: map[string]uint64{}, han: map[rune]int32{}}
	var han []rune
	minus := map[rune]int32{}
	for _, k := range gone {
		texts, ok := pc.oldTexts(m, k, x.syn)
		if !ok {
			return nil, false, nil
		}
		for _, t := range texts {
			if err := bigramTerms(bi, t, d.before); err != nil {
				return nil, false, err
			}
			han = countHan([]rune(t), han, minus)
		}
	}
	for _, di := range todo {
		first := x.docStart[keys[di]]
		for i := first; i < first+x.docs[di].Clauses; i++ {
			c := &x.clauses[i]
			t := c.norm() + c.ctx
			if err := bigramTerms(bi, t, d.before); err != nil {
				return nil, false, err
			}
			han = countHan([]rune(t), han, d.han)
		}
	}
	for r, n := range minus {
		d.han[r] -= n
	}
	if err := termCounts(bi, d.before); err != nil {
		return nil, false, err
	}
	return d, true, nil
}

// applyDelta makes x.df and the number of distinct terms of the updated
// index bi from those of the previous generation (prev) and the delta:
// the touched terms are counted again in bi, the Chinese characters
// changed by the delta. It gives what a fresh build's readDF and merged
// dictionary would.
func (x *Index) applyDelta(bi bleve.Index, prev derived, d *termDelta) (terms int, err error) {
	after := make(map[string]uint64, len(d.before))
	for t := range d.before {
		after[t] = 0
	}
	if err := termCounts(bi, after); err != nil {
		return 0, err
	}
	x.df = prev.DF
	terms = prev.Terms
	for t, n := range after {
		was := d.before[t]
		switch {
		case was == 0 && n > 0:
			terms++
		case was > 0 && n == 0:
			terms--
		}
		if r, sz := utf8.DecodeRuneInString(t); sz == len(t) && classify(r) == classHan {
			continue // counted in Go (below)
		}
		if n > 0 {
			x.df[t] = int32(n)
		} else {
			delete(x.df, t)
		}
	}
	for r, n := range d.han {
		k := string(r)
		if v := x.df[k] + n; v > 0 {
			x.df[k] = v
		} else {
			delete(x.df, k)
		}
	}
	return terms, nil
}

// bm25Stats is what bleve's BM25 reads from the index, given instead as a
// fresh build merged into one segment would have it: scorch takes the
// average length from the distinct terms summed over the segments, deleted
// clauses' terms included, so without it an update left as two segments
// scored differently from a fresh build (see TestDiskSameAnswers).
func bm25Stats(docs uint64, terms int) *search.BM25Stats {
	return &search.BM25Stats{DocCount: float64(docs), FieldCardinality: map[string]int{fieldBigram: terms}}
}
