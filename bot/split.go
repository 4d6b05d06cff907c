package bot

import (
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Sizer measures a piece of text the way a platform counts it toward its
// message limit (runes, UTF-16 units, bytes of escaped markup, …). It must
// not decrease when text is appended.
type Sizer func(string) int

// RuneCount counts Unicode code points.
func RuneCount(s string) int { return utf8.RuneCountInString(s) }

// UTF16Len counts UTF-16 code units, as Telegram does for its 4096 limit.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// Split cuts plain text into pieces of at most max, as measured by size.
//
// It cuts at the last good boundary that fits, preferring in order a blank
// line, a line break, the end of a sentence, a comma or other clause
// punctuation, and a space. It never cuts inside a rune, and cuts inside a
// Latin or Cyrillic word only when that word alone is longer than max. The
// whitespace at a cut is dropped; nothing else is lost or changed.
//
// Adapters split the plain text of a block first, then escape and mark up
// each piece, so a cut can never fall inside a tag or an entity.
func Split(s string, max int, size Sizer) []string {
	if max <= 0 {
		return []string{s}
	}
	var out []string
	for s != "" {
		if size(s) <= max {
			out = append(out, s)
			break
		}
		fit := longestFit(s, max, size)
		cut := bestCut(s[:fit])
		if cut == 0 {
			cut = fit
		}
		piece := strings.TrimRightFunc(s[:cut], unicode.IsSpace)
		if piece != "" {
			out = append(out, piece)
		}
		s = strings.TrimLeftFunc(s[cut:], unicode.IsSpace)
	}
	return out
}

// longestFit returns the largest rune-aligned byte offset p > 0 such that
// size(s[:p]) <= max, or the first rune's length if even that does not fit.
func longestFit(s string, max int, size Sizer) int {
	// Rune boundaries, so the binary search never lands inside a rune.
	bounds := make([]int, 0, len(s))
	for i := range s {
		if i > 0 {
			bounds = append(bounds, i)
		}
	}
	bounds = append(bounds, len(s))
	lo, hi := 0, len(bounds)-1 // find last index with size(s[:bounds[i]]) <= max
	if size(s[:bounds[0]]) > max {
		return bounds[0]
	}
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if size(s[:bounds[mid]]) <= max {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return bounds[lo]
}

// cutClass ranks the boundaries Split prefers; higher is better.
const (
	cutNone = iota
	cutMidWord
	cutSpace
	cutComma
	cutSentence
	cutLine
	cutParagraph
)

// bestCut returns the byte offset just after the best boundary in s (which
// is the part of the text that fits), or 0 if s has no boundary at all. A
// boundary of a better class wins over a later one of a worse class, unless
// the better one would leave the piece less than a quarter full.
func bestCut(s string) int {
	best := [cutParagraph + 1]int{}
	var prev rune
	for i, r := range s {
		end := i + utf8.RuneLen(r)
		switch {
		case r == '\n' && prev == '\n':
			best[cutParagraph] = end
		case r == '\n':
			best[cutLine] = end
		case strings.ContainsRune("。！？!?；;…", r):
			best[cutSentence] = end
		case r == '.' && end < len(s) && s[end] == ' ':
			best[cutSentence] = end
		case strings.ContainsRune("，、,：:）)」』”", r):
			best[cutComma] = end
		case unicode.IsSpace(r):
			best[cutSpace] = end
		case !isWordRune(r) || !isWordRune(prev):
			// Between two CJK characters, or next to punctuation: any rune
			// boundary is as good as another.
			if i > 0 {
				best[cutMidWord] = i
			}
		}
		prev = r
	}
	// The text after s begins a new rune; if s ends between two word runes
	// the last mid-word boundary recorded is the word's start, which is what
	// we want.
	if r, _ := utf8.DecodeLastRuneInString(s); !isWordRune(r) {
		best[cutMidWord] = len(s)
	}
	floor := len(s) / 4
	for class := cutParagraph; class > cutNone; class-- {
		if best[class] > floor {
			return best[class]
		}
	}
	for class := cutParagraph; class > cutNone; class-- {
		if best[class] > 0 {
			return best[class]
		}
	}
	return 0
}

// isWordRune reports whether r belongs to a word that must not be cut:
// letters of alphabetic scripts and digits. Han characters are not, since
// Chinese text has no spaces and any boundary between them is acceptable.
func isWordRune(r rune) bool {
	if unicode.Is(unicode.Han, r) {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-'
}

// Pack joins parts with sep into as few messages as possible, each of at
// most max as measured by size. A part is never divided: a part larger than
// max is sent alone, so callers Split oversized text before marking it up.
func Pack(parts []string, sep string, max int, size Sizer) []string {
	var out []string
	var cur strings.Builder
	for _, p := range parts {
		if cur.Len() == 0 {
			cur.WriteString(p)
			continue
		}
		candidate := cur.String() + sep + p
		if size(candidate) <= max {
			cur.Reset()
			cur.WriteString(candidate)
			continue
		}
		out = append(out, cur.String())
		cur.Reset()
		cur.WriteString(p)
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}
