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
// words, with the frequencies gse reads from it, grouped by first
// character. It is 0.7 MB and is used in place, so loading it costs
// nothing (reading the text list into gse cost about 200 ms and 35 MB in
// 449k allocations), and a question reads only the groups of its own
// characters (see internal/gendict's writeTable for the layout and why).
//
//go:embed dict/zh_s.tab
var zhTable []byte

// wordTableMagic opens a word table; internal/gendict writes it.
const wordTableMagic = "CBWORDS2"

// wordTable is a table of words with their frequencies, grouped by first
// character, read in place from its encoded form (laid out by
// internal/gendict's writeTable). It answers the questions gse's
// dictionary answered for the engine (Find, TotalFreq) and cuts text the
// way gse's Cut(s, false) does.
type wordTable struct {
	n      int     // words
	total  float64 // gse's total frequency of the list
	groups int
	runes  []byte // groups little-endian uint32 first characters, ascending
	starts []byte // groups little-endian uint32 offsets of their groups in body
	body   []byte
}

// wordGroup is the words of a table that start with one character, in
// byte order.
type wordGroup struct {
	n     int
	freqs []byte // n little-endian uint32
	offs  []byte // n+1 little-endian uint16 offsets into text
	text  []byte // each word after its first character, back to back
}

// loadWordTable checks an encoded word table's header and directory and
// wraps it without copying. name says where data came from, for errors. A
// group is checked when it is read (group), so that loading touches none.
func loadWordTable(name string, data []byte) (*wordTable, error) {
	const head = len(wordTableMagic) + 4 + 8 + 4
	if len(data) < head || string(data[:len(wordTableMagic)]) != wordTableMagic {
		return nil, fmt.Errorf("index: word table %s: not a word table (want magic %q)", name, wordTableMagic)
	}
	le := binary.LittleEndian
	t := &wordTable{
		n:      int(le.Uint32(data[len(wordTableMagic):])),
		total:  math.Float64frombits(le.Uint64(data[len(wordTableMagic)+4:])),
		groups: int(le.Uint32(data[len(wordTableMagic)+12:])),
	}
	rest := data[head:]
	if len(rest) < 8*t.groups {
		return nil, fmt.Errorf("index: word table %s: truncated: %d groups need %d bytes of directory, have %d", name, t.groups, 8*t.groups, len(rest))
	}
	t.runes, t.starts, t.body = rest[:4*t.groups], rest[4*t.groups:8*t.groups], rest[8*t.groups:]
	return t, nil
}

// group returns the words that start with r; ok is false when none does,
// or when the table is damaged there.
func (t *wordTable) group(r rune) (g wordGroup, ok bool) {
	le := binary.LittleEndian
	lo, hi := 0, t.groups
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if rune(le.Uint32(t.runes[4*m:])) < r {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == t.groups || rune(le.Uint32(t.runes[4*lo:])) != r {
		return wordGroup{}, false
	}
	rec := t.body
	if at := int(le.Uint32(t.starts[4*lo:])); at+4 <= len(rec) {
		rec = rec[at:]
	} else {
		return wordGroup{}, false
	}
	g.n = int(le.Uint32(rec))
	rec = rec[4:]
	if g.n < 1 || len(rec) < 6*g.n+2 {
		return wordGroup{}, false
	}
	g.freqs, g.offs, rec = rec[:4*g.n], rec[4*g.n:6*g.n+2], rec[6*g.n+2:]
	end := int(le.Uint16(g.offs[2*g.n:]))
	if end > len(rec) {
		return wordGroup{}, false
	}
	g.text = rec[:end]
	return g, true
}

// suffix returns the i-th word's text after its first character.
func (g *wordGroup) suffix(i int) []byte {
	lo, hi := binary.LittleEndian.Uint16(g.offs[2*i:]), binary.LittleEndian.Uint16(g.offs[2*i+2:])
	if lo > hi {
		return nil // a damaged table: compare as empty
	}
	return g.text[lo:hi]
}

// TotalFreq is the sum of the list's frequencies, as gse's Dict.TotalFreq.
func (t *wordTable) TotalFreq() float64 { return t.total }

// lookup finds, among the group's words at or after lo, the word whose
// text after the group's character is w: i is the first word not less
// than it, word reports whether it is that word, and prefix whether it
// starts with it (so that it is a word or the start of one).
func (g *wordGroup) lookup(w []byte, lo int) (i int, word, prefix bool) {
	hi := g.n
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if string(g.suffix(m)) < string(w) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == g.n {
		return lo, false, false
	}
	k := g.suffix(lo)
	prefix = len(k) >= len(w) && string(k[:len(w)]) == string(w)
	return lo, prefix && len(k) == len(w), prefix
}

// freq is the i-th word's frequency.
func (g *wordGroup) freq(i int) float64 {
	return float64(binary.LittleEndian.Uint32(g.freqs[4*i:]))
}

// Find reports word's frequency as gse's Segmenter.Find does: ok is true
// for a word of the list and also, with frequency 0, for the start of one
// (gse walks a trie and answers for any node on a word's path). A word
// that does not start with a whole UTF-8 character is not found.
func (t *wordTable) Find(word string) (freq float64, ok bool) {
	r, size := utf8.DecodeRuneInString(word)
	if word == "" || r == utf8.RuneError && size < 3 {
		return 0, false
	}
	g, ok := t.group(r)
	if !ok {
		return 0, false
	}
	i, w, p := g.lookup([]byte(word[size:]), 0)
	switch {
	case w:
		return g.freq(i), true
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
		// The words starting at rune k are in its character's group; each
		// longer candidate is looked up after the previous one.
		if g, ok := t.group(runes[k]); ok {
			lo := 0
			for i := k; i < n; i++ {
				j, w, p := g.lookup(buf[enc[k+1]:enc[i+1]], lo)
				if !p {
					break
				}
				lo = j
				if w {
					edges = append(edges, edge{i, g.freq(j), true})
				}
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
