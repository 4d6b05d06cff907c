package index

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// finder holds the strings coverage looks for in every candidate clause of
// one question (its Chinese units, their bigrams and characters for
// partial credit, the synonym alternatives, the compounds and pairs of
// unitWeights), and finds all of them in one pass over a candidate's text
// (scan) instead of a strings.Contains each.
//
// On Chinese text strings.Contains is slow for short needles: it scans for
// the needle's first byte, and the first byte of a UTF-8 Han character is
// one of a handful (0xE4–0xE9), so the scan stops at nearly every
// character. With 20 to 40 needles a candidate and up to 50 candidates a
// question, those calls were a third of a seed query's CPU (CPU profile of
// BenchmarkQuerySeed: coverage 24%, partialMatch 11%, strings.Index 22%
// of the whole).
//
// A needle is found where it occurs anywhere in the text (found.has), and
// within its first nn bytes, the clause's own words before its headings
// (found.hasNorm), exactly as strings.Contains(text, s) and
// strings.Contains(text[:nn], s) would report.
type finder struct {
	needles []string
	index   map[string]int32 // needle → its number, while adding
	// firsts are the needles' distinct first runes, sorted, and
	// byFirst[k] the needles starting with firsts[k].
	firsts  []rune
	byFirst [][]int32
	// filter has bit r%4096 set for each first rune r: most runes of a
	// text start no needle, and this rules them out in one load.
	filter [64]uint64
}

// add registers s (non-empty) and returns its number.
func (f *finder) add(s string) int32 {
	if k, ok := f.index[s]; ok {
		return k
	}
	if f.index == nil {
		f.index = map[string]int32{}
	}
	k := int32(len(f.needles))
	f.needles = append(f.needles, s)
	f.index[s] = k
	return k
}

// seal makes the first-rune tables once every needle is added.
func (f *finder) seal() {
	for k, s := range f.needles {
		r, _ := utf8.DecodeRuneInString(s)
		j, ok := slices.BinarySearch(f.firsts, r)
		if !ok {
			f.firsts = slices.Insert(f.firsts, j, r)
			f.byFirst = slices.Insert(f.byFirst, j, nil)
		}
		f.byFirst[j] = append(f.byFirst[j], int32(k))
		f.filter[(r>>6)&63] |= 1 << (r & 63)
	}
	f.index = nil
}

// found is which needles of a finder one text holds (finder.scan).
type found struct {
	text, norm []uint64 // bit k: needle k occurs in the text; in its first nn bytes
}

// has reports whether needle k occurs in the text; k < 0 (no needle)
// never does.
func (fd *found) has(k int32) bool {
	return k >= 0 && fd.text[k>>6]&(1<<(k&63)) != 0
}

// hasNorm reports whether needle k occurs within the text's first nn
// bytes.
func (fd *found) hasNorm(k int32) bool {
	return k >= 0 && fd.norm[k>>6]&(1<<(k&63)) != 0
}

// scan records in fd which needles text holds, anywhere and within
// text[:nn]. fd's sets are reused: they are cleared, and grown to the
// number of needles when needed.
func (f *finder) scan(text string, nn int, fd *found) {
	words := (len(f.needles) + 63) / 64
	if cap(fd.text) < words {
		fd.text, fd.norm = make([]uint64, words), make([]uint64, words)
	}
	fd.text, fd.norm = fd.text[:words], fd.norm[:words]
	clear(fd.text)
	clear(fd.norm)
	if len(f.needles) == 0 {
		return
	}
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if f.filter[(r>>6)&63]&(1<<(r&63)) != 0 {
			if j, ok := slices.BinarySearch(f.firsts, r); ok {
				for _, k := range f.byFirst[j] {
					s := f.needles[k]
					if strings.HasPrefix(text[i:], s) {
						fd.text[k>>6] |= 1 << (k & 63)
						if i+len(s) <= nn {
							fd.norm[k>>6] |= 1 << (k & 63)
						}
					}
				}
			}
		}
		i += size
	}
}
