package index

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"clausebot/index/t2s"
)

// normText is a normalised copy of a text that remembers where each of its
// runes came from, so matches found in the normalised form can be reported
// as byte spans of the original (normalisation changes byte lengths:
// "５Ｇ" is 6 bytes, "5g" is 2).
type normText struct {
	runes []rune
	// off[i] is the byte offset in the original of runes[i]; off[len(runes)]
	// is the original's length.
	off []int
}

// normalize folds full-width forms to half-width, lower-cases, writes
// Russian ё as е, and converts Traditional to Simplified Chinese, one rune
// for one rune. Documents and
// questions go through the same function, so "５Ｇ" finds "5G" and
// "衛星導航" finds "卫星导航".
func normalize(s string) normText {
	n := normText{runes: make([]rune, 0, len(s)/2), off: make([]int, 0, len(s)/2+1)}
	for i, r := range s {
		n.runes = append(n.runes, foldRune(r))
		n.off = append(n.off, i)
	}
	n.off = append(n.off, len(s))
	t2s.Runes(n.runes)
	return n
}

// normalizeString is normalize without the offset map.
func normalizeString(s string) string {
	rs := make([]rune, 0, len(s)/2)
	for _, r := range s {
		rs = append(rs, foldRune(r))
	}
	t2s.Runes(rs)
	return string(rs)
}

// foldRune applies the per-rune folds: width, then case, then ё → е.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	if isHanBlock(r) {
		// Wide, not full-width, and caseless: most of a Chinese text,
		// whose width and case lookups were a fifth of normalising it
		// (TestRuneFastPaths checks every rune against the lookups).
		return r
	}
	switch p := width.LookupRune(r); p.Kind() {
	case width.EastAsianFullwidth:
		if n := p.Narrow(); n != 0 {
			r = n
		}
	case width.EastAsianWide:
		// The ideographic space is "wide", not "fullwidth".
		if r == '\u3000' {
			r = ' '
		}
	}
	if r == 'ё' || r == 'Ё' {
		// Russian print writes ё as е as often as not (the codes of
		// testdata/documents never use ё), and askers type either:
		// "лишённый", "ребёнка" found no "ребенка".
		return 'е'
	}
	return unicode.ToLower(r)
}

// span returns the original byte span of normalised runes [i, j).
func (n normText) span(i, j int) (start, end int) { return n.off[i], n.off[j] }

// runeClass says how the tokenizers treat a rune.
type runeClass int

const (
	classSep  runeClass = iota // punctuation, spaces, symbols: a boundary
	classHan                   // Chinese characters (and kana, hangul): one token per character
	classWord                  // letters and digits of alphabetic scripts: words
)

func classify(r rune) runeClass {
	switch {
	case r < utf8.RuneSelf:
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' {
			return classWord
		}
		return classSep
	case isHanBlock(r):
		return classHan // without the script tables' searches (TestRuneFastPaths)
	case unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r):
		return classHan
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
		return classWord
	}
	return classSep
}

// isHanBlock reports whether r is in the CJK Unified Ideographs block,
// U+4E00–U+9FFF: nearly every rune of a Chinese text, and all of them Han,
// wide and caseless, which the fast paths of foldRune, classify, copyDrop
// and isSpace rely on (TestRuneFastPaths).
func isHanBlock(r rune) bool { return hanFirst <= r && r < hanFirst+hanBlock }

// isSpace is unicode.IsSpace with a fast answer for the runes above U+3000,
// the last white space character.
func isSpace(r rune) bool { return r <= 0x3000 && unicode.IsSpace(r) }

// run is a maximal stretch of runes of one class: [start, end) rune indexes.
type run struct {
	class      runeClass
	start, end int
}

// runs splits rs into Han runs and word runs, dropping separators.
func runs(rs []rune) []run {
	var out []run
	for i := 0; i < len(rs); {
		c := classify(rs[i])
		j := i + 1
		if c == classSep {
			i = j
			continue
		}
		for j < len(rs) && classify(rs[j]) == c {
			j++
		}
		out = append(out, run{c, i, j})
		i = j
	}
	return out
}
