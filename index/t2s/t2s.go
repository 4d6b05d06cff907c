// Package t2s converts Traditional Chinese to Simplified Chinese with
// OpenCC's own dictionaries (TSPhrases.txt and TSCharacters.txt, embedded
// under data/ with OpenCC's Apache licence), and Taiwan usage to mainland
// usage with OpenCC's TWPhrases.txt and TWVariants.txt (FromTaiwan).
//
// It does what OpenCC's t2s.json configuration does: at each position the
// longest phrase in TSPhrases wins, and otherwise the character is looked up
// in TSCharacters; the first listed candidate is taken. No Go port of OpenCC
// is available to this project, so this is a small longest-match converter
// over OpenCC's data rather than a hand-made table.
//
// The conversion is rune-for-rune: a phrase is only applied when its
// Simplified form has as many runes as its Traditional form (true of every
// entry OpenCC ships today). Callers that map normalised text back to the
// original, such as the highlighter in package index, rely on that.
package t2s

import (
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:embed data/TSPhrases.txt
var phrasesData string

//go:embed data/TSCharacters.txt
var charactersData string

type tables struct {
	chars     map[rune]rune
	phrases   map[string]string // Traditional phrase → Simplified, both slices of the embedded data
	maxPhrase int               // longest phrase key, in runes
	// first has bit r&firstMask set when some phrase may start with r (a
	// cheap pre-filter): 8 KB, where a []bool was 64 KB.
	first [(firstMask + 1) / 64]uint64
	// changes is the same kind of pre-filter for chars: bit r&firstMask is
	// set when some character that changes may be r. Most runes of a
	// Simplified text change not, and their map lookups were most of
	// Runes's time (BenchmarkScale's profile of a 200,000-clause build).
	changes [(firstMask + 1) / 64]uint64
	// pairs is the pre-filter of the first two runes of phrases (every
	// phrase has two or more): bit pairBit(r0, r1) is set when some
	// phrase may start with r0 r1. The phrases' first runes are common
	// Simplified characters too, and longestPhrase's lookups at each of
	// them were most of Runes's time (BenchmarkScale's profile of a
	// 1M-clause build: 0.66 s of 0.79 s).
	pairs [(firstMask + 1) / 64]uint64
}

// pairBit is the bit of pairs for a phrase that starts with r0 r1.
func pairBit(r0, r1 rune) uint32 {
	return (uint32(r0)<<16 ^ uint32(r1)) * 0x9E3779B1 >> 16
}

// mayStartPair reports whether some phrase may start with r0 r1.
func (t *tables) mayStartPair(r0, r1 rune) bool {
	i := pairBit(r0, r1)
	return t.pairs[i/64]&(1<<(i%64)) != 0
}

// mayChange reports whether r may be a key of chars.
func (t *tables) mayChange(r rune) bool {
	i := r & firstMask
	return t.changes[i/64]&(1<<(i%64)) != 0
}

const firstMask = 1<<16 - 1

// mayStartPhrase reports whether some phrase may start with r.
func (t *tables) mayStartPhrase(r rune) bool {
	i := r & firstMask
	return t.first[i/64]&(1<<(i%64)) != 0
}

var (
	once sync.Once
	tab  *tables
)

// load builds the tables on first use. The keys and values are slices of
// the embedded data, not copies: the build costs two maps and nothing else
// (89 KB in 15 allocations for OpenCC's 3.2k characters and 0.2k phrases,
// measured with runtime.MemStats; reading the lines with bufio.Scanner cost
// 335 KB in 6k allocations).
func load() *tables {
	once.Do(func() {
		t := &tables{
			chars:   make(map[rune]rune, 3300), // OpenCC ships 3.2k single characters that change
			phrases: make(map[string]string, 500),
		}
		eachEntry(charactersData, func(key, val string) {
			k, _ := utf8.DecodeRuneInString(key)
			v, _ := utf8.DecodeRuneInString(val)
			if utf8.RuneCountInString(key) == 1 && utf8.RuneCountInString(val) == 1 && k != v {
				t.chars[k] = v
				i := k & firstMask
				t.changes[i/64] |= 1 << (i % 64)
			}
		})
		eachEntry(phrasesData, func(key, val string) {
			n := utf8.RuneCountInString(key)
			if n < 2 || n != utf8.RuneCountInString(val) {
				return // keeps the conversion rune-for-rune (see package doc)
			}
			t.phrases[key] = val
			t.maxPhrase = max(t.maxPhrase, n)
			r, n := utf8.DecodeRuneInString(key)
			i := r & firstMask
			t.first[i/64] |= 1 << (i % 64)
			r1, _ := utf8.DecodeRuneInString(key[n:])
			p := pairBit(r, r1)
			t.pairs[p/64] |= 1 << (p % 64)
		})
		tab = t
	})
	return tab
}

// eachEntry calls f with the key and first candidate of every line of an
// OpenCC dictionary ("key<TAB>value value…", "#" comments), as slices of
// data.
func eachEntry(data string, f func(key, val string)) {
	for data != "" {
		var line string
		line, data, _ = strings.Cut(data, "\n")
		line = strings.TrimSuffix(line, "\r")
		if line == "" || line[0] == '#' {
			continue
		}
		key, vals, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		val, _, _ := strings.Cut(vals, " ")
		if key != "" && val != "" {
			f(key, val)
		}
	}
}

// Runes converts rs in place from Traditional to Simplified Chinese. The
// result has exactly as many runes as the input.
func Runes(rs []rune) {
	t := load()
	for i := 0; i < len(rs); {
		if t.maxPhrase > 0 && i+1 < len(rs) && t.mayStartPhrase(rs[i]) && t.mayStartPair(rs[i], rs[i+1]) {
			if n, val := t.longestPhrase(rs[i:]); n > 0 {
				j := i
				for _, r := range val {
					rs[j] = r
					j++
				}
				i += n
				continue
			}
		}
		if t.mayChange(rs[i]) {
			if s, ok := t.chars[rs[i]]; ok {
				rs[i] = s
			}
		}
		i++
	}
}

// longestPhrase returns the rune length of the longest phrase that rs starts
// with, and its Simplified form; 0 and "" when there is none.
//
// The candidates are looked up as prefixes of one buffer of rs's UTF-8
// (m[string(b)] with b a []byte makes no string): string(rs[:n]) encoded
// the runes again for each length tried, and longestPhrase was 2.0 s of
// Runes's 2.1 s in a 1M-clause build (BenchmarkScale's CPU profile, four
// builds); Runes over a 70-rune clause took 3.0–3.5 µs, now 0.6–0.8 µs.
func (t *tables) longestPhrase(rs []rune) (int, string) {
	max := t.maxPhrase
	if len(rs) < max {
		max = len(rs)
	}
	// end[n-1] is the length of the UTF-8 of rs[:n] in buf (on the stack
	// up to 16 runes).
	var arr [16 * utf8.UTFMax]byte
	var ends [16]int
	buf, end := arr[:0], ends[:0]
	for _, r := range rs[:max] {
		buf = utf8.AppendRune(buf, r)
		end = append(end, len(buf))
	}
	for n := max; n >= 2; n-- {
		if val, ok := t.phrases[string(buf[:end[n-1]])]; ok {
			return n, val
		}
	}
	return 0, ""
}

// Convert returns s converted from Traditional to Simplified Chinese. Text
// that is already Simplified, and non-Chinese text, is returned unchanged.
func Convert(s string) string {
	rs := []rune(s)
	Runes(rs)
	return string(rs)
}
