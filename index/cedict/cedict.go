// Package cedict bridges English words to Simplified Chinese headwords
// through CC-CEDICT, so that an English question can look for the Chinese
// terms of a Chinese document ("satellite navigation" → 卫星导航).
//
// # Use
//
//	d := cedict.Default().RestrictText(clauseTexts...) // headwords the documents hold
//	for _, c := range d.Lookup(questionWords) {
//		// c.Headword "卫星导航", c.Weight 1, c.Words ["satellite" "navigation"];
//		// c.String() "satellite navigation → 卫星导航"
//	}
//
// [Lookup] and [LookupText] use the whole dictionary. Weights are in
// (0, 1]: 1 when the question's words are a whole gloss of the headword.
// They say how specific the match is, not how rare the term is: "set" → 设立
// weighs 1/2 like "border" → 国境, and a caller that scores evidence should
// weigh in how many headwords a word gave.
//
// # Data
//
// The table is derived from CC-CEDICT (MDBG, CC BY-SA 4.0; attribution,
// changes and licence text in data/LICENSE.md) by index/internal/gencedict,
// which documents which parts of a gloss are kept and how weights are
// given. Its keys are single English words in the form [Keys] gives (lower
// case, stop words out, Snowball-stemmed); each maps to the headwords whose
// glosses carry it, with the weight 1/n for a gloss of n words. Phrases are
// not stored: [Dict.Lookup] finds a phrase as the headwords that all the
// words of a run lead to, each with weight at most 1/l for a run of l words
// (as the words of one gloss do), and weighs it by the sum (satellite 1/2 +
// navigation 1/2 → 卫星导航 1). That also finds the parts of longer glosses
// ("satellite navigation" → 卫星导航系统 2/3) at no cost in size.
//
// data/cedict.bin.gz is gzip of:
//
//	"clausebot-cedict 1\n"
//	uvarint longest gloss, in keys
//	uvarint number of headwords, then the headwords, sorted, each ended by '\n'
//	uvarint number of keys, then per key, sorted bytewise:
//	  the key, '\n', uvarint number of weight groups, then per group,
//	  heaviest first: byte weight×255, uvarint n, then n headword indexes,
//	  ascending, each a uvarint delta from the previous one in the group
//
// Loading decompresses it and records where each headword and key starts;
// nothing is parsed into maps, and finding a key is a binary search over
// the key offsets. Headword strings returned point into the loaded data
// (no copy).
//
// # Size and cost
//
// From CC-CEDICT of 2026-01-04 (124,263 entries): 101,696 headwords,
// 32,033 keys, 289,771 postings; 1,193,589 bytes embedded (gzip),
// 1,930,645 bytes once loaded. Measured on the shared 2-core machine
// (BenchmarkLoad, BenchmarkLookup*, BenchmarkMemory, BenchmarkRestrictText):
//
//	first lookup (load)     18-28 ms, 2.5 MB allocated (1.9 MB table, 0.5 MB offsets)
//	later lookup            15-45 µs a question in a view restricted to the seed,
//	                        250-450 µs in the whole dictionary (hundreds of candidates)
//	RestrictText            1.5-2.6 ms for the seed (13.7 kB of text)
//	fresh process           RSS 7.0 MB before, 11.1-11.3 MB after; live heap 0.14 → 2.52 MB
//
// Choices measured on the way (gencedict flags): storing phrase keys (every
// gloss of two to four words, and its parts) took the table to 2.7 MB gzip
// for no gain on the shared English questions (20/20 reachable either
// way); keeping single-character headwords costs 10% more; a vellum FST
// instead of the sorted key list is larger once gzipped (keys 178 kB
// against 98 kB; headwords 668 kB against 426 kB), and slower to query
// (354 ns against 217 ns a key); its zero-copy load only pays if stored
// uncompressed, 1.2 MB more binary to save about 20 ms once per process.
//
// # Laziness
//
// Nothing happens at package initialisation: the embedded bytes are in the
// binary's read-only data, and the first call that needs the table (a
// lookup, [Load], [Dict.Restrict], [Dict.RestrictText], [Dict.Contains],
// [Dict.Headwords]) decompresses it once for the process (sync.Once).
// [Keys], [IsStopWord] and [Default] do not load it. A process that never
// looks up English pays nothing (TestNothingAtInit).
package cedict

//go:generate go run ../internal/gencedict -out data/cedict.bin.gz

import (
	"bytes"
	"cmp"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"
)

// Magic starts the decompressed table; the generator writes it.
const Magic = "clausebot-cedict 1\n"

//go:embed data/cedict.bin.gz
var embedded []byte

// table is the loaded dictionary.
type table struct {
	blob      []byte
	heads     []uint32 // heads[i]: offset of headword i; heads[len-1]: end sentinel
	keys      []uint32 // offset of each key record
	maxPhrase int      // longest gloss, in keys: the longest run worth matching
}

var (
	loadOnce sync.Once
	loaded   *table
	loadErr  error
	loadDone atomic.Bool
)

// Load decompresses the embedded table if that has not happened yet, and
// reports whether it is usable. Lookups call it themselves; call it to
// pay the cost at a moment of your choosing or to see the error.
func Load() error {
	_, err := get()
	return err
}

// Loaded reports whether the table has been loaded (for tests and
// metrics; it never triggers a load).
func Loaded() bool {
	return loadDone.Load()
}

func get() (*table, error) {
	loadOnce.Do(func() {
		loaded, loadErr = parse(embedded)
		loadDone.Store(true)
	})
	return loaded, loadErr
}

func parse(gz []byte) (*table, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("cedict: %w", err)
	}
	// The decompressed size is in the gzip trailer (mod 2^32): one
	// allocation of the right size.
	size := 0
	if len(gz) >= 4 {
		size = int(binary.LittleEndian.Uint32(gz[len(gz)-4:]))
	}
	buf := bytes.NewBuffer(make([]byte, 0, size+bytes.MinRead))
	if _, err := buf.ReadFrom(zr); err != nil {
		return nil, fmt.Errorf("cedict: %w", err)
	}
	blob := buf.Bytes()
	if !bytes.HasPrefix(blob, []byte(Magic)) {
		return nil, errors.New("cedict: not a clausebot-cedict 1 table")
	}
	r := reader{b: blob, i: len(Magic)}
	t := &table{blob: blob}
	t.maxPhrase = r.uvarint()
	n := r.uvarint()
	if r.err != nil || n > len(blob) {
		return nil, errCorrupt
	}
	t.heads = make([]uint32, n+1)
	for i := range n {
		t.heads[i] = uint32(r.i)
		if !r.line() {
			return nil, errCorrupt
		}
	}
	t.heads[n] = uint32(r.i)
	nk := r.uvarint()
	if r.err != nil || nk > len(blob) {
		return nil, errCorrupt
	}
	t.keys = make([]uint32, nk)
	for i := range nk {
		t.keys[i] = uint32(r.i)
		if !r.line() {
			return nil, errCorrupt
		}
		ng := r.uvarint()
		for range ng {
			r.i++ // weight
			h := 0
			for range r.uvarint() {
				h += r.uvarint()
			}
			if r.err != nil || h >= n {
				return nil, errCorrupt
			}
		}
		if r.err != nil || r.i > len(blob) {
			return nil, errCorrupt
		}
	}
	return t, nil
}

var errCorrupt = errors.New("cedict: corrupt table")

type reader struct {
	b   []byte
	i   int
	err error
}

func (r *reader) uvarint() int {
	if r.err != nil || r.i >= len(r.b) {
		r.err = io.ErrUnexpectedEOF
		return 0
	}
	v, n := binary.Uvarint(r.b[r.i:])
	if n <= 0 {
		r.err = errCorrupt
		return 0
	}
	r.i += n
	return int(v)
}

// line skips past the next '\n'.
func (r *reader) line() bool {
	j := bytes.IndexByte(r.b[r.i:], '\n')
	if j < 0 {
		return false
	}
	r.i += j + 1
	return true
}

// head returns headword i without copying.
func (t *table) head(i int) string {
	s, e := t.heads[i], t.heads[i+1]-1
	return unsafe.String(&t.blob[s], int(e-s))
}

func (t *table) numHeads() int { return len(t.heads) - 1 }

// find returns the offset of key's postings (just past its '\n'), or -1.
func (t *table) find(key string) int {
	i := sort.Search(len(t.keys), func(i int) bool {
		return t.keyAt(i) >= key
	})
	if i < len(t.keys) && t.keyAt(i) == key {
		return int(t.keys[i]) + len(key) + 1
	}
	return -1
}

// keyAt returns key i (no copy; compare only).
func (t *table) keyAt(i int) string {
	s := int(t.keys[i])
	e := bytes.IndexByte(t.blob[s:], '\n')
	return unsafe.String(&t.blob[s], e)
}

type posting struct {
	head int
	w    float64
}

// postings calls f with each headword index and weight at off, heaviest
// weight first.
func (t *table) postings(off int, f func(head int, w float64)) {
	r := reader{b: t.blob, i: off}
	for range r.uvarint() {
		w := float64(t.blob[r.i]) / 255
		r.i++
		h := 0
		for range r.uvarint() {
			h += r.uvarint()
			f(h, w)
		}
	}
}

// Candidate is a Chinese headword an English question may mean.
type Candidate struct {
	// Headword is Simplified Chinese, as CC-CEDICT writes it: 卫星导航.
	Headword string
	// Weight in (0, 1] is how specific the gloss match is: the share of
	// one gloss's words that the question's words cover (1: the words are
	// the whole gloss; 1/2: "satellite" for "satellite navigation").
	// Quantised to 1/255.
	Weight float64
	// Words are the question's words (as given to Lookup, in order) that
	// produced the best match: ["satellite", "navigation"].
	Words []string
}

// String shows the candidate as a bot may: "satellite navigation → 卫星导航".
func (c Candidate) String() string {
	return strings.Join(c.Words, " ") + " → " + c.Headword
}

// Dict is a view of the table, all headwords or those a Restrict kept.
// The zero value is not useful; use [Default] or [Dict.Restrict]. A Dict
// is safe for concurrent use.
type Dict struct {
	keep []uint64 // bit per headword index; nil: all
}

var std = &Dict{}

// Default returns the whole dictionary. It does not load anything.
func Default() *Dict { return std }

// Lookup is Default().Lookup(words).
func Lookup(words []string) []Candidate { return std.Lookup(words) }

// LookupText is Default().LookupText(text).
func LookupText(text string) []Candidate { return std.LookupText(text) }

// LookupText cuts text into words (at anything but letters, digits and
// apostrophes) and looks them up.
func (d *Dict) LookupText(text string) []Candidate {
	words := strings.FieldsFunc(text, func(r rune) bool {
		return !isWordRune(r)
	})
	return d.Lookup(words)
}

// Lookup returns the Chinese headwords that the English words may mean,
// heaviest first (ties: more words, then headword order). words are the
// question's words as the asker wrote them, in order; Lookup lower-cases,
// drops stop words and stems them itself (see [Keys]), and a word that
// [Keys] splits ("sat-nav") stands for all its keys.
//
// Every word is looked up alone: its headwords weigh what the table says
// (1 when the word is a whole gloss); a noun in -y also gives its -ize
// verb's headwords (monopoly → 垄断 "to monopolize"; see verbOfNoun). Runs of consecutive words are also
// matched as phrases, greedily, longest first: from the first word, the
// longest run of l ≥ 2 words (up to the table's longest gloss) whose
// words all lead to one headword, each with a weight of at most 1/l (as
// the words of one gloss do), is taken, and matching resumes after it.
// Such a headword weighs the sum of the words' weights: satellite (1/2)
// + navigation (1/2) → 卫星导航 1, and satellite + navigation → 卫星导航系统
// 2/3. Stop words between the words do not break a run ("investment in
// the digital economy" is the run investment, digital, economy). Only the
// headwords d gives count, so in a restricted view "satellite navigation
// system" falls back to "satellite navigation" (卫星导航) when the
// documents lack 卫星导航系统. Each headword appears once, with its best
// weight and the words that gave it.
//
// Unknown words give nothing; no words, or only stop words, give nil. The
// first call loads the table (see the package doc); if the embedded data
// cannot be read, Lookup returns nil ([Load] reports the error).
func (d *Dict) Lookup(words []string) []Candidate {
	var keys []string
	var from []int // word index of each key
	var t *table
	for i, w := range words {
		eachKey(w, func(k string) {
			if t == nil {
				var err error
				if t, err = get(); err != nil {
					return
				}
			}
			if t.find(k) < 0 {
				if l, r, ok := t.splitCompound(w); ok {
					keys = append(keys, l, r)
					from = append(from, i, i)
					return
				}
			}
			keys = append(keys, k)
			from = append(from, i)
		})
	}
	if len(keys) == 0 || t == nil {
		return nil
	}
	// Each key's headwords (those d gives), sorted by headword index.
	posts := make([][]posting, len(keys))
	for i, k := range keys {
		add := func(k string) {
			if off := t.find(k); off >= 0 {
				t.postings(off, func(h int, w float64) {
					if d.keep == nil || d.keep[h/64]&(1<<(h%64)) != 0 {
						posts[i] = append(posts[i], posting{h, w})
					}
				})
			}
		}
		add(k)
		if v := verbOfNoun(k); v != "" {
			// The verb's headwords too (see verbOfNoun), each headword
			// once at its best weight.
			add(v)
			slices.SortFunc(posts[i], func(a, b posting) int { return cmp.Or(a.head-b.head, cmp.Compare(b.w, a.w)) })
			posts[i] = slices.CompactFunc(posts[i], func(a, b posting) bool { return a.head == b.head })
		}
		slices.SortFunc(posts[i], func(a, b posting) int { return a.head - b.head })
	}
	type best struct {
		w          float64
		first, end int // keys[first:end] produced it
	}
	found := map[int]best{}
	note := func(h int, w float64, first, end int) {
		b, ok := found[h]
		if !ok || w > b.w || w == b.w && end-first > b.end-b.first {
			found[h] = best{w, first, end}
		}
	}
	for i, ps := range posts {
		for _, p := range ps {
			note(p.head, p.w, i, i+1)
		}
	}
	for i := 0; i < len(keys); {
		n := 1
		for l := min(t.maxPhrase, len(keys)-i); l >= 2 && n == 1; l-- {
			limit := 1/float64(l) + 0.5/255 // weights are quantised to 1/255
			for _, p := range posts[i] {
				if p.w > limit {
					continue
				}
				sum := p.w
				for j := i + 1; j < i+l && sum > 0; j++ {
					k, ok := slices.BinarySearchFunc(posts[j], p.head, func(q posting, h int) int { return q.head - h })
					if !ok || posts[j][k].w > limit {
						sum = 0
						break
					}
					sum += posts[j][k].w
				}
				if sum > 0 {
					note(p.head, min(1, sum), i, i+l)
					n = l
				}
			}
		}
		i += n
	}
	out := make([]Candidate, 0, len(found))
	for h, b := range found {
		var ws []string
		for j := b.first; j < b.end; j++ {
			if j == b.first || from[j] != from[j-1] {
				ws = append(ws, words[from[j]])
			}
		}
		out = append(out, Candidate{Headword: t.head(h), Weight: b.w, Words: ws})
	}
	slices.SortFunc(out, func(a, b Candidate) int {
		switch {
		case a.Weight != b.Weight:
			if a.Weight > b.Weight {
				return -1
			}
			return 1
		case len(a.Words) != len(b.Words):
			return len(b.Words) - len(a.Words)
		}
		return strings.Compare(a.Headword, b.Headword)
	})
	return out
}

// verbOfNoun is the key of the -ize verb made from a noun in -y, whose
// key Snowball ends in i (monopoly → monopoli → monopolize → monopol;
// economy → econom), or "" for any other key: Snowball's English stemmer
// strips inflections, not derivations, so "monopoly" and 垄断's gloss "to
// monopolize" never met, and "What is a monopoly agreement?" found only
// 反垄断 ("anti-monopoly"). Only keys of six or more letters.
func verbOfNoun(k string) string {
	if len(k) < 6 || !strings.HasSuffix(k, "i") {
		return ""
	}
	if v := stem(k[:len(k)-1] + "ize"); v != k {
		return v
	}
	return ""
}

// splitCompound reads a closed English compound the table does not have
// as the two words it is written from ("cybersecurity" → cyber, security;
// "antimonopoly" → anti, monopoly), as the glosses write them apart
// (反垄断 "anti-monopoly"): w, a word of seven or more Latin letters, is
// cut after its shortest first part of three or more letters for which
// both parts are keys of the table. It returns their keys.
func (t *table) splitCompound(w string) (left, right string, ok bool) {
	w = strings.ToLower(w)
	if len(w) < 7 || strings.IndexFunc(w, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
		return "", "", false
	}
	stops := stopWords()
	for cut := 3; cut <= len(w)-3; cut++ {
		l, lok := key(w[:cut], stops)
		r, rok := key(w[cut:], stops)
		if lok && rok && t.find(l) >= 0 && t.find(r) >= 0 {
			return l, r, true
		}
	}
	return "", "", false
}

// Restrict returns a view of d that only gives the headwords for which
// present returns true, typically those that occur in the documents
// being searched. present is called once per headword of d (about 100k
// for the whole dictionary), here, and not kept; for documents,
// [Dict.RestrictText] is much faster. Restrict loads the table.
func (d *Dict) Restrict(present func(headword string) bool) *Dict {
	t, err := get()
	if err != nil {
		return &Dict{keep: []uint64{}}
	}
	n := t.numHeads()
	keep := make([]uint64, (n+63)/64)
	for h := range n {
		if d.keep != nil && d.keep[h/64]&(1<<(h%64)) == 0 {
			continue
		}
		if present(t.head(h)) {
			keep[h/64] |= 1 << (h % 64)
		}
	}
	return &Dict{keep: keep}
}

// Contains reports whether headword is one d can give. It loads the table.
func (d *Dict) Contains(headword string) bool {
	t, err := get()
	if err != nil {
		return false
	}
	n := t.numHeads()
	h := sort.Search(n, func(i int) bool { return t.head(i) >= headword })
	if h == n || t.head(h) != headword {
		return false
	}
	return d.keep == nil || d.keep[h/64]&(1<<(h%64)) != 0
}

// Headwords calls f with every headword d can give, in sorted order, until
// f returns false. It loads the table. The strings point into the table.
func (d *Dict) Headwords(f func(headword string) bool) {
	t, err := get()
	if err != nil {
		return
	}
	for h := range t.numHeads() {
		if d.keep != nil && d.keep[h/64]&(1<<(h%64)) == 0 {
			continue
		}
		if !f(t.head(h)) {
			return
		}
	}
}

// RestrictText returns a view of d that only gives the headwords occurring
// in one of texts, for example a document collection's normalised
// (Simplified) clause texts. It is [Dict.Restrict] with the occurrence
// test done here, by a walk over each text that stops extending a
// substring as soon as no headword starts with it: about a millisecond
// per 10k characters, where a strings.Contains per headword costs seconds.
// It loads the table.
func (d *Dict) RestrictText(texts ...string) *Dict {
	t, err := get()
	if err != nil {
		return &Dict{keep: []uint64{}}
	}
	n := t.numHeads()
	keep := make([]uint64, (n+63)/64)
	for _, s := range texts {
		for i := range s {
			if s[i] < utf8.RuneSelf && !strings.ContainsRune("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", rune(s[i])) {
				continue // no headword starts with punctuation or space
			}
			if !utf8.RuneStart(s[i]) {
				continue
			}
			lo := 0 // headwords before lo are < any prefix of s[i:]
			for j := i; j < len(s); {
				_, size := utf8.DecodeRuneInString(s[j:])
				j += size
				p := s[i:j]
				h := lo + sort.Search(n-lo, func(k int) bool { return t.head(lo+k) >= p })
				if h == n || !strings.HasPrefix(t.head(h), p) {
					break
				}
				if t.head(h) == p && (d.keep == nil || d.keep[h/64]&(1<<(h%64)) != 0) {
					keep[h/64] |= 1 << (h % 64)
				}
				lo = h
			}
		}
	}
	return &Dict{keep: keep}
}
