package index

import (
	_ "embed"
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// zhTable is the Chinese word list the segmenter uses, as a word table
// prepared at go generate time from dict/zh_s.txt.gz (see
// internal/gendict): gse's zh_s dictionary pruned to its 60k most frequent
// words, with the frequencies gse reads from it. It is 0.9 MB and is used
// in place, so loading it costs nothing; reading the text list into gse
// cost about 200 ms and 35 MB in 449k allocations.
//
//go:embed dict/zh_s.tab
var zhTable []byte

// wordTableMagic opens a word table; internal/gendict writes it.
const wordTableMagic = "CBWORDS1"

// wordTable is a sorted table of words with their frequencies, read in
// place from its encoded form (laid out by internal/gendict's writeTable).
// It answers the questions gse's dictionary answered for the engine (Find,
// TotalFreq) and cuts text the way gse's Cut(s, false) does.
type wordTable struct {
	data  []byte
	n     int     // words
	total float64 // gse's total frequency of the list
	freqs []byte  // n little-endian uint32
	offs  []byte  // n+1 little-endian uint32 offsets into text
	text  []byte  // the words back to back, in byte order
}

// loadWordTable checks an encoded word table and wraps it without copying.
// name says where data came from, for errors.
func loadWordTable(name string, data []byte) (*wordTable, error) {
	const head = len(wordTableMagic) + 4 + 8
	if len(data) < head || string(data[:len(wordTableMagic)]) != wordTableMagic {
		return nil, fmt.Errorf("index: word table %s: not a word table (want magic %q)", name, wordTableMagic)
	}
	n := int(binary.LittleEndian.Uint32(data[len(wordTableMagic):]))
	t := &wordTable{
		data:  data,
		n:     n,
		total: math.Float64frombits(binary.LittleEndian.Uint64(data[len(wordTableMagic)+4:])),
	}
	rest := data[head:]
	if len(rest) < 8*n+4 {
		return nil, fmt.Errorf("index: word table %s: truncated: %d words need %d bytes of frequencies and offsets, have %d", name, n, 8*n+4, len(rest))
	}
	t.freqs, rest = rest[:4*n], rest[4*n:]
	t.offs, t.text = rest[:4*n+4], rest[4*n+4:]
	if end := int(binary.LittleEndian.Uint32(t.offs[4*n:])); end != len(t.text) {
		return nil, fmt.Errorf("index: word table %s: text is %d bytes, offsets say %d", name, len(t.text), end)
	}
	return t, nil
}

// word returns the i-th word's text.
func (t *wordTable) word(i int) []byte {
	return t.text[binary.LittleEndian.Uint32(t.offs[4*i:]):binary.LittleEndian.Uint32(t.offs[4*i+4:])]
}

// TotalFreq is the sum of the list's frequencies, as gse's Dict.TotalFreq.
func (t *wordTable) TotalFreq() float64 { return t.total }

// lookup finds w among the words at or after lo: i is the first word not
// less than w, word reports whether it is w, and prefix whether it starts
// with w (so that w is a word or the start of one).
func (t *wordTable) lookup(w []byte, lo int) (i int, word, prefix bool) {
	hi := t.n
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if string(t.word(m)) < string(w) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == t.n {
		return lo, false, false
	}
	k := t.word(lo)
	prefix = len(k) >= len(w) && string(k[:len(w)]) == string(w)
	return lo, prefix && len(k) == len(w), prefix
}

// freq is the i-th word's frequency.
func (t *wordTable) freq(i int) float64 {
	return float64(binary.LittleEndian.Uint32(t.freqs[4*i:]))
}

// Find reports word's frequency as gse's Segmenter.Find does: ok is true
// for a word of the list and also, with frequency 0, for the start of one
// (gse walks a trie and answers for any node on a word's path).
func (t *wordTable) Find(word string) (freq float64, ok bool) {
	if word == "" {
		return 0, false
	}
	i, w, p := t.lookup([]byte(word), 0)
	switch {
	case w:
		return t.freq(i), true
	case p:
		return 0, true
	}
	return 0, false
}

// Cut cuts s into words by the list, as gse v0.80.3's Cut(s, false)
// (cutDAGNoHMM) does, step for step so that the result is the same for
// every text: s is lower-cased (gse.ToLower is on by default); every run
// of dictionary words starting at each character makes a DAG; the route
// from each character to the end with the greatest sum of log(freq/total)
// wins (a character that is not a word costs log(1/total), one that only
// starts words log(0); ties go to the longer word); single ASCII letters
// and digits on the route are joined.
func (t *wordTable) Cut(s string) []string {
	result := make([]string, 0, int(float32(len(s))/1.5)+1)
	s = strings.ToLower(s)
	runes := []rune(s)
	n := len(runes)
	if n == 0 {
		return result
	}
	// enc[k:k+1] bounds rune k in the re-encoded text, which differs from s
	// where s is not valid UTF-8 ([]rune turns bad bytes into U+FFFD).
	enc := make([]int, n+1)
	buf := make([]byte, 0, len(s)+3)
	for k, r := range runes {
		enc[k] = len(buf)
		buf = utf8.AppendRune(buf, r)
	}
	enc[n] = len(buf)

	type route struct {
		freq  float64
		index int
	}
	type edge struct {
		end  int // last rune of the word
		freq float64
		ok   bool
	}
	// edges[from[k]:from[k+1]] are the words starting at rune k, shortest
	// first (gse's DAG, in one slice).
	edges := make([]edge, 0, 2*n)
	from := make([]int, n+1)
	for k := 0; k < n; k++ {
		from[k] = len(edges)
		lo := 0
		for i := k; i < n; i++ {
			j, w, p := t.lookup(buf[enc[k]:enc[i+1]], lo)
			if !p {
				break
			}
			lo = j
			if w {
				edges = append(edges, edge{i, t.freq(j), true})
			}
		}
		if len(edges) == from[k] {
			f, ok := t.Find(string(buf[enc[k]:enc[k+1]]))
			edges = append(edges, edge{k, f, ok})
		}
	}
	from[n] = len(edges)
	rs := make([]route, n+1)
	logT := math.Log(t.total)
	for idx := n - 1; idx >= 0; idx-- {
		for e, d := range edges[from[idx]:from[idx+1]] {
			var f float64
			if d.ok {
				f = math.Log(d.freq) - logT + rs[d.end+1].freq
			} else {
				f = math.Log(1.0) - logT + rs[d.end+1].freq
			}
			r := route{freq: f, index: d.end}
			if v := rs[idx]; e == 0 {
				rs[idx] = r
			} else if v.freq < r.freq || (v.freq == r.freq && v.index < r.index) {
				rs[idx] = r
			}
		}
	}

	var pend []rune
	for x := 0; x < n; {
		y := rs[x].index + 1
		frag := runes[x:y]
		if len(frag) == 1 && frag[0] < utf8.RuneSelf && isASCIIAlnum(byte(frag[0])) {
			pend = append(pend, frag...)
			x = y
			continue
		}
		if len(pend) > 0 {
			result = append(result, string(pend))
			pend = pend[:0:0]
		}
		result = append(result, string(frag))
		x = y
	}
	if len(pend) > 0 {
		result = append(result, string(pend))
	}
	return result
}

// isASCIIAlnum reports whether c matches gse's [[:alnum:]].
func isASCIIAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
