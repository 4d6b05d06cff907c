package index

import (
	"slices"
	"sync"
	"unicode/utf8"
	"unsafe"

	bdoc "github.com/blevesearch/bleve/v2/document"
	bindex "github.com/blevesearch/bleve_index_api"
)

// bigramField is a clause's fieldBigram as bleve's index receives it,
// analysed already: the term frequencies and token count that the
// mapping's TextField would compute with the clausebot_bigram_pre
// analyzer and analysis.TokenFrequency (the same terms, frequencies and
// length, so the same segment and the same scores: TestBigramFieldSame,
// TestDumpAnswers). Made by clauseAnalyzer in one pass over the clause's
// text that also finds its words and Chinese characters; through the
// mapping, the text was walked by reflection, copied, tokenized into a
// stream of token pointers and counted again (a seventh of a 200,000-clause
// build's CPU time, BenchmarkScale's profile; see docs/operations.md).
type bigramField struct {
	freqs  bindex.TokenFrequencies
	length int // tokens
	bytes  int // the text's length in bytes (NumPlainTextBytes)
}

var _ bdoc.Field = (*bigramField)(nil)

func (f *bigramField) Name() string             { return fieldBigram }
func (f *bigramField) ArrayPositions() []uint64 { return nil }

// Options are the mapping's options for fieldBigram (bigramOptions).
func (f *bigramField) Options() bindex.FieldIndexingOptions { return bigramOptions() }

// Analyze does nothing: the field is analysed when made.
func (f *bigramField) Analyze() {}

// Value is nil: the field is not stored, and bleve reads a field's value
// only to store it.
func (f *bigramField) Value() []byte             { return nil }
func (f *bigramField) NumPlainTextBytes() uint64 { return uint64(f.bytes) }

// Size is an estimate for bleve's statistics (bytes): the map's entries at
// 64 bytes each. TextField's exact Size walked every term.
func (f *bigramField) Size() int                                         { return 64 + 64*len(f.freqs) }
func (f *bigramField) EncodedFieldType() byte                            { return 't' }
func (f *bigramField) AnalyzedLength() int                               { return f.length }
func (f *bigramField) AnalyzedTokenFrequencies() bindex.TokenFrequencies { return f.freqs }

var (
	bigramOptsOnce sync.Once
	bigramOpts     bindex.FieldIndexingOptions
)

// bigramOptions returns the indexing options newMapping gives fieldBigram,
// read from a document mapped by it, so that the two cannot differ.
func bigramOptions() bindex.FieldIndexingOptions {
	bigramOptsOnce.Do(func() {
		doc := bdoc.NewDocument("x")
		if err := newMapping().MapDocument(doc, map[string]any{fieldBigram: "x"}); err != nil {
			panic(err) // a fixed mapping maps a fixed document
		}
		for _, f := range doc.Fields {
			if f.Name() == fieldBigram {
				bigramOpts = f.Options()
				return
			}
		}
		panic("index: the mapping has no " + fieldBigram + " field")
	})
	return bigramOpts
}

// clauseAnalyzer makes the bleve documents of clauses (doc), one indexing
// goroutine's: it reuses its buffers from one clause to the next and
// allocates the texts and term records of a batch in chunks, which live as
// long as the batch's documents. Not safe for concurrent use.
type clauseAnalyzer struct {
	buf   []byte             // the clause's normalised text and context
	text  []byte             // the chunk the texts are copied into
	tfs   []bindex.TokenFreq // the chunk the term records are taken from
	words []string
	han   *hanCounter // nil: Chinese characters are not counted
	// maps are the term maps of the fields doc made, the first used of
	// them since the last reuse: doc gives the next field the next one,
	// cleared, before it makes a new one.
	maps []bindex.TokenFrequencies
	used int
}

// reuse lets doc give the next fields the term maps of the fields it has
// made: called once bleve holds none of those, after the Batch that
// indexed them returned. Each map was made for about as many terms as the
// clause has characters, 3 KB a clause, and they were a fifth of what a
// build allocated (BenchmarkScale's allocation profile at 200,000
// clauses: 619 MB of 2.7 GB), collected at every garbage collection
// cycle over a live heap of 500–700 MB at 1M clauses. Reused, a
// worker holds one batch's maps (10,000, about 30 MB) from batch to batch,
// as it held the batch in flight's before.
//
// That bleve lets a document go when Batch returns is what zapx v17's
// segment builder does (ZapPlugin.NewUsing: the interim it returns to
// its pool drops the documents, and the segment is the bytes it wrote),
// and scorch's Batch returns once the segment is introduced and
// persisted, never keeping the batch's documents.
func (a *clauseAnalyzer) reuse() { a.used = 0 }

// analyzerChunk is the largest size of the text chunks, in bytes, and of
// the term record chunks, in records (56 bytes each on 64-bit platforms:
// 3.5 MB). The first chunks of an analyzer are firstChunk, and each next
// one twice its predecessor up to analyzerChunk, so that a small corpus
// does not pay for a large one's chunks: the seed's 70 clauses took two
// record chunks of 3.5 MB, 7 of the 11 MB a one-shot ask allocated, and
// its heap peaked at 10 MB instead of 5 (GODEBUG=gctrace=1).
const (
	analyzerChunk = 64 << 10
	firstChunk    = 1 << 10
)

// nextChunk is the size of the chunk after one of size prev (0: none
// yet), at least need.
func nextChunk(prev, need int) int {
	return max(need, min(analyzerChunk, max(firstChunk, 2*prev)))
}

// doc returns the bleve document of clause c under id, sets c.words (see
// clauseWords) and, when a.han is set, counts its Chinese characters. The
// field's terms are slices of a chunk of a.text, never written again.
func (a *clauseAnalyzer) doc(id string, c *clause) *bdoc.Document {
	a.buf = append(c.appendNorm(a.buf[:0]), c.ctx...)
	if len(a.buf) > cap(a.text)-len(a.text) {
		a.text = make([]byte, 0, nextChunk(cap(a.text), len(a.buf)))
	}
	start := len(a.text)
	a.text = append(a.text, a.buf...)
	text := a.text[start:len(a.text):len(a.text)]
	var freqs bindex.TokenFrequencies
	if a.used < len(a.maps) {
		freqs = a.maps[a.used]
		clear(freqs)
	} else {
		// Room for a term at each rune: at most one token starts there.
		freqs = make(bindex.TokenFrequencies, utf8.RuneCount(text))
		a.maps = append(a.maps, freqs)
	}
	a.used++
	f := &bigramField{freqs: freqs, bytes: len(text)}
	a.words = a.words[:0]
	a.scan(text, f)
	c.words = nil
	if len(a.words) > 0 {
		slices.Sort(a.words)
		c.words = slices.Clone(slices.Compact(a.words))
	}
	doc := bdoc.NewDocument(id)
	doc.AddField(f)
	return doc
}

// scan puts the tokens of text's bigram view in f (the tokens
// scanTokens(text, modeBigram) makes, in one pass that also counts the
// Chinese characters, when a.han is set, and collects the words' stems in
// a.words). TestBigramFieldSame checks it against the analyzer.
func (a *clauseAnalyzer) scan(text []byte, f *bigramField) {
	h := a.han
	if h != nil {
		h.clause++
		h.other = h.other[:0]
	}
	for i := 0; i < len(text); {
		r, n := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRune(text[i:])
		}
		c := classify(r)
		if c == classSep {
			i += n
			continue
		}
		j := i + n
		if c == classWord {
			for j < len(text) {
				r, n := utf8.DecodeRune(text[j:])
				if classify(r) != classWord {
					break
				}
				j += n
			}
			st := stem(string(text[i:j]))
			a.words = append(a.words, st)
			a.add(f, st)
			i = j
			continue
		}
		// A Han run: its overlapping pairs, or the lone character.
		if h != nil {
			h.count(r)
		}
		prev := i
		for j < len(text) {
			r, n := utf8.DecodeRune(text[j:])
			if classify(r) != classHan {
				break
			}
			if h != nil {
				h.count(r)
			}
			a.add(f, unsafe.String(&text[prev], j+n-prev))
			prev = j
			j += n
		}
		if prev == i {
			a.add(f, unsafe.String(&text[i], j-i))
		}
		i = j
	}
	if h != nil {
		h.end()
	}
}

// add counts one token of term key in f. A term's first token points
// it at onceFreq; a second gives it a record of its own.
func (a *clauseAnalyzer) add(f *bigramField, key string) {
	f.length++
	tf, ok := f.freqs[key]
	switch {
	case !ok:
		f.freqs[key] = onceFreq
	case tf == onceFreq:
		if len(a.tfs) == cap(a.tfs) {
			a.tfs = make([]bindex.TokenFreq, 0, nextChunk(cap(a.tfs), 1))
		}
		a.tfs = append(a.tfs, bindex.TokenFreq{Term: unsafe.Slice(unsafe.StringData(key), len(key))})
		tf = &a.tfs[len(a.tfs)-1]
		tf.SetFrequency(2)
		f.freqs[key] = tf
	default:
		tf.SetFrequency(tf.Frequency() + 1)
	}
}

// onceFreq is the record of every term that occurs once in its clause
// (most of a clause's bigrams): read-only, shared by all fields. Its Term
// is empty, which is safe because bleve's segment builder (zapx v17)
// reads a field's terms from the map's keys and only the frequency and
// locations from the records (TestBigramFieldSame checks the frequencies,
// TestDumpAnswers the answers). A record a term was 56 bytes, about 40%
// of what a build allocated to analyse a clause (BenchmarkScale's
// allocation profile at 200,000 clauses).
var onceFreq = func() *bindex.TokenFreq {
	tf := &bindex.TokenFreq{}
	tf.SetFrequency(1)
	return tf
}()
