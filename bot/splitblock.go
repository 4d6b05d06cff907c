package bot

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SplitBlock cuts a block whose plain text is too long for one message into
// blocks of at most max, as measured by size, with Split's boundaries.
//
// Every piece keeps the block's Kind, Ref, Doc and Shortened (the caller
// decides where the reference goes, usually after the last piece), and
// carries the part of each Bold span that falls inside it, as byte offsets
// into the piece: a span cut by a split becomes one span at the end of a
// piece and one at the start of the next. Bold spans are normalised first
// (see NormalizeSpans), so a bad span can never make an adapter emit broken
// markup. Leading and trailing whitespace is dropped, as at every cut;
// nothing else is lost or changed. A block with no visible text yields no
// pieces.
//
// Adapters split the plain text first and escape and mark up each piece
// afterwards, so max must leave room for the markup bold adds (size should
// measure the escaped text).
func SplitBlock(b Block, max int, size Sizer) []Block {
	bold := NormalizeSpans(b.Text, b.Bold)
	text := strings.TrimLeftFunc(b.Text, unicode.IsSpace)
	pos := len(b.Text) - len(text) // offset in b.Text of text[0]
	text = strings.TrimRightFunc(text, unicode.IsSpace)
	var out []Block
	for _, piece := range Split(text, max, size) {
		// Split only drops whitespace between pieces, so each piece is found
		// at or after the end of the previous one.
		at := strings.Index(b.Text[pos:], piece)
		if at < 0 { // cannot happen; never lose text over it
			at = 0
		}
		start := pos + at
		end := start + len(piece)
		nb := b
		nb.Text = b.Text[start:end]
		nb.Bold = clipSpans(bold, start, end)
		out = append(out, nb)
		pos = end
	}
	return out
}

// clipSpans returns the parts of spans inside [start, end), shifted so that
// start is 0. Empty parts are dropped; nil when nothing is left.
func clipSpans(spans []Span, start, end int) []Span {
	var out []Span
	for _, s := range spans {
		a, b := max(s.Start, start), min(s.End, end)
		if a < b {
			out = append(out, Span{Start: a - start, End: b - start})
		}
	}
	return out
}

// NormalizeSpans makes spans safe to apply to text: each is clamped to the
// text and widened to rune boundaries, empty ones are dropped, and the rest
// are sorted with overlapping and adjacent spans merged. The Searcher
// promises all of this already; a bad span must still never produce broken
// markup, which Telegram refuses outright. It returns nil when no span is
// left and never modifies spans.
func NormalizeSpans(text string, spans []Span) []Span {
	var out []Span
	for _, s := range spans {
		// Clamp both ends into [0, len(text)] before indexing: a span may be
		// inverted or lie wholly outside the text, on either side.
		a := min(max(0, s.Start), len(text))
		b := min(max(0, s.End), len(text))
		for a > 0 && a < len(text) && !utf8.RuneStart(text[a]) {
			a--
		}
		for b < len(text) && !utf8.RuneStart(text[b]) {
			b++
		}
		if a < b {
			out = append(out, Span{Start: a, End: b})
		}
	}
	return MergeSpans(out)
}

// MergeSpans sorts spans by start and merges overlapping and adjacent ones,
// in place. It returns nil for no spans.
func MergeSpans(spans []Span) []Span {
	if len(spans) == 0 {
		return nil
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
	merged := spans[:0]
	for _, s := range spans {
		if n := len(merged); n > 0 && s.Start <= merged[n-1].End {
			merged[n-1].End = max(merged[n-1].End, s.End)
			continue
		}
		merged = append(merged, s)
	}
	return merged
}
