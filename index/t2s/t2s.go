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
	"bufio"
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
	phrases   map[string][]rune
	maxPhrase int    // longest phrase key, in runes
	first     []bool // first[r&mask]: some phrase may start with r (a cheap pre-filter)
}

const firstMask = 1<<16 - 1

var (
	once sync.Once
	tab  *tables
)

func load() *tables {
	once.Do(func() {
		t := &tables{
			chars:   make(map[rune]rune, 4200),
			phrases: make(map[string][]rune, 500),
			first:   make([]bool, firstMask+1),
		}
		eachEntry(charactersData, func(key, val string) {
			k, _ := utf8.DecodeRuneInString(key)
			v, _ := utf8.DecodeRuneInString(val)
			if utf8.RuneCountInString(key) == 1 && utf8.RuneCountInString(val) == 1 && k != v {
				t.chars[k] = v
			}
		})
		eachEntry(phrasesData, func(key, val string) {
			kr, vr := []rune(key), []rune(val)
			if len(kr) < 2 || len(kr) != len(vr) {
				return // keeps the conversion rune-for-rune (see package doc)
			}
			t.phrases[key] = vr
			if len(kr) > t.maxPhrase {
				t.maxPhrase = len(kr)
			}
			t.first[kr[0]&firstMask] = true
		})
		tab = t
	})
	return tab
}

// eachEntry calls f with the key and first candidate of every line of an
// OpenCC dictionary ("key<TAB>value value…", "#" comments).
func eachEntry(data string, f func(key, val string)) {
	sc := bufio.NewScanner(strings.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
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
		if t.maxPhrase > 0 && t.first[rs[i]&firstMask] {
			if n := t.longestPhrase(rs[i:]); n > 0 {
				copy(rs[i:i+n], t.phrases[string(rs[i:i+n])])
				i += n
				continue
			}
		}
		if s, ok := t.chars[rs[i]]; ok {
			rs[i] = s
		}
		i++
	}
}

// longestPhrase returns the rune length of the longest phrase that rs starts
// with, or 0.
func (t *tables) longestPhrase(rs []rune) int {
	max := t.maxPhrase
	if len(rs) < max {
		max = len(rs)
	}
	for n := max; n >= 2; n-- {
		if _, ok := t.phrases[string(rs[:n])]; ok {
			return n
		}
	}
	return 0
}

// Convert returns s converted from Traditional to Simplified Chinese. Text
// that is already Simplified, and non-Chinese text, is returned unchanged.
func Convert(s string) string {
	rs := []rune(s)
	Runes(rs)
	return string(rs)
}
