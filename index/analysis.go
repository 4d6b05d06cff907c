package index

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/go-ego/gse"
)

// The three views of a clause's text that the index keeps, one bleve field
// each. Retrieval work on Chinese (e.g. Kwok 1997; Luo & Song's comparisons
// of n-gram and word indexing) finds that combining word, bigram and
// single-character evidence beats any one of them: words are precise,
// bigrams survive segmentation errors and unknown names, and characters
// catch abbreviations ("中俄" for "中国和俄罗斯") and loose paraphrases.
const (
	fieldWord   = "w"
	fieldBigram = "b"
	fieldChar   = "c"
)

// Names under which the analysis components are registered with bleve.
const (
	normCharFilter  = "clausebot_normalize"
	wordTokenizer   = "clausebot_word"
	bigramTokenizer = "clausebot_bigram"
	charTokenizer   = "clausebot_char"
	wordAnalyzer    = "clausebot_word"
	bigramAnalyzer  = "clausebot_bigram"
	charAnalyzer    = "clausebot_char"
)

func init() {
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	must(registry.RegisterCharFilter(normCharFilter, func(map[string]any, *registry.Cache) (analysis.CharFilter, error) {
		return normalizeFilter{}, nil
	}))
	for _, c := range []struct {
		name string
		mode tokenMode
	}{{wordTokenizer, modeWord}, {bigramTokenizer, modeBigram}, {charTokenizer, modeChar}} {
		mode := c.mode
		must(registry.RegisterTokenizer(c.name, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
			return tokenizer{mode}, nil
		}))
	}
	for an, tn := range map[string]string{wordAnalyzer: wordTokenizer, bigramAnalyzer: bigramTokenizer, charAnalyzer: charTokenizer} {
		tn := tn
		must(registry.RegisterAnalyzer(an, func(_ map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
			cf, err := cache.CharFilterNamed(normCharFilter)
			if err != nil {
				return nil, err
			}
			tok, err := cache.TokenizerNamed(tn)
			if err != nil {
				return nil, err
			}
			return &analysis.DefaultAnalyzer{CharFilters: []analysis.CharFilter{cf}, Tokenizer: tok}, nil
		}))
	}
}

// normalizeFilter is the bleve char filter form of normalize.
type normalizeFilter struct{}

func (normalizeFilter) Filter(in []byte) []byte { return []byte(normalizeString(string(in))) }

type tokenMode int

const (
	modeWord   tokenMode = iota // gse words
	modeBigram                  // overlapping character pairs; a lone character stands alone
	modeChar                    // single characters
)

// tokenizer splits normalised text: Han runs by mode, alphabetic and
// numeric runs (Latin, Cyrillic, digits) always as whole words.
type tokenizer struct{ mode tokenMode }

func (t tokenizer) Tokenize(in []byte) analysis.TokenStream {
	s := string(in)
	rs := []rune(s)
	// byte offset of each rune, for the tokens' Start/End.
	off := make([]int, 0, len(rs)+1)
	for i := range s {
		off = append(off, i)
	}
	off = append(off, len(s))
	var out analysis.TokenStream
	pos := 0
	emit := func(i, j int, typ analysis.TokenType) {
		pos++
		out = append(out, &analysis.Token{Term: in[off[i]:off[j]], Start: off[i], End: off[j], Position: pos, Type: typ})
	}
	for _, r := range runs(rs) {
		if r.class == classWord {
			emit(r.start, r.end, analysis.AlphaNumeric)
			continue
		}
		switch t.mode {
		case modeChar:
			for i := r.start; i < r.end; i++ {
				emit(i, i+1, analysis.Ideographic)
			}
		case modeBigram:
			if r.end-r.start == 1 {
				emit(r.start, r.end, analysis.Ideographic)
			}
			for i := r.start; i+1 < r.end; i++ {
				emit(i, i+2, analysis.Double)
			}
		case modeWord:
			i := r.start
			for _, w := range segmentWords(string(rs[r.start:r.end])) {
				n := utf8.RuneCountInString(w)
				emit(i, i+n, analysis.Ideographic)
				i += n
			}
		}
	}
	return out
}

//go:embed dict/zh_s.txt.gz
var zhDict []byte

var (
	segOnce sync.Once
	seg     gse.Segmenter
	segErr  error
)

// segmenter returns the shared gse segmenter, loading the embedded word
// list on first use. The list is gse's own zh_s dictionary pruned to its
// most frequent words (see internal/gendict): the full one costs ~2 s and
// 200+ MB, which a one-shot ask cannot pay.
func segmenter() (*gse.Segmenter, error) {
	segOnce.Do(func() {
		zr, err := gzip.NewReader(bytes.NewReader(zhDict))
		if err != nil {
			segErr = fmt.Errorf("index: word list: %w", err)
			return
		}
		data, err := io.ReadAll(bufio.NewReader(zr))
		if err != nil {
			segErr = fmt.Errorf("index: word list: %w", err)
			return
		}
		seg.SkipLog = true
		seg.NotLoadHMM = true
		if err := seg.LoadDictStr(string(data)); err != nil {
			segErr = fmt.Errorf("index: word list: %w", err)
		}
	})
	return &seg, segErr
}

// segmentWords cuts a run of Chinese characters into words. The pieces
// always concatenate back to s.
func segmentWords(s string) []string {
	sg, err := segmenter()
	if err != nil {
		return []string{s}
	}
	ws := sg.Cut(s, false)
	// Guard the invariant the tokenizer relies on.
	n := 0
	for _, w := range ws {
		n += len(w)
	}
	if n != len(s) {
		return []string{s}
	}
	return ws
}
