package index

import (
	"unicode/utf8"

	"clausebot/index/t2s"
)

// normEdit is one rune of a clause's text that normalisation changes (see
// normalize): at is its byte offset in the text and r the rune it becomes.
//
// A clause keeps these edits instead of a normalised copy of its text. The
// two almost always differ (full-width punctuation folds to ASCII: 1.4% of
// the clauses of testdata/documents come out equal), but in few runes, so
// the edits take about a fifth of the copy's bytes.
type normEdit struct {
	at uint32
	r  rune
}

// normEdits returns the edits that turn text into normalizeString(text),
// or nil if there are none.
func normEdits(text string) []normEdit {
	es, _ := normEditsCopy(text)
	return es
}

// normEditsCopy returns normEdits(text) and copyHash(text), normalising
// text once: each normalised text afresh was a seventh of a build's
// parsing (BenchmarkScale's CPU profile at 200,000 clauses).
func normEditsCopy(text string) ([]normEdit, uint64) {
	return new(normScratch).editsCopy(text)
}

// normScratch is the memory normEditsCopy works in, kept from one text to
// the next by a caller that normalises many (parsedDoc.prepare): a new
// rune slice for each clause was a tenth of normEditsCopy's time
// (BenchmarkScale's CPU profile at 1M clauses).
type normScratch struct {
	rs []rune
	es []normEdit
}

// editsCopy is normEditsCopy in the scratch memory of n. What it returns
// is the caller's: the edits are a copy.
func (n *normScratch) editsCopy(text string) ([]normEdit, uint64) {
	rs := n.rs[:0]
	for _, r := range text {
		rs = append(rs, foldRune(r))
	}
	n.rs = rs
	t2s.Runes(rs)
	// FNV-1a over the UTF-8 of the runes copyKey keeps (string(rs) holds
	// no invalid rune: a bad byte decoded as utf8.RuneError).
	h := uint64(fnvOffset64)
	var buf [utf8.UTFMax]byte
	for _, r := range rs {
		if r < utf8.RuneSelf {
			if !copyDrop(r) {
				h ^= uint64(r)
				h *= fnvPrime64
			}
			continue
		}
		if copyDrop(r) {
			continue
		}
		if 0x800 <= r && r <= 0xFFFF && !(0xD800 <= r && r <= 0xDFFF) {
			// Three bytes, as utf8.AppendRune writes them (most of a
			// Chinese text; TestParseFastPaths checks every rune).
			for _, b := range [3]byte{0xE0 | byte(r>>12), 0x80 | byte(r>>6)&0x3F, 0x80 | byte(r)&0x3F} {
				h ^= uint64(b)
				h *= fnvPrime64
			}
			continue
		}
		for _, b := range utf8.AppendRune(buf[:0], r) {
			h ^= uint64(b)
			h *= fnvPrime64
		}
	}
	es := n.es[:0]
	k := 0
	for i, r := range text {
		// An invalid byte decodes to utf8.RuneError, which string([]rune)
		// writes as 3 bytes: an edit even where the rune is unchanged.
		if rs[k] != r || r == utf8.RuneError && invalidAt(text, i) {
			es = append(es, normEdit{uint32(i), rs[k]})
		}
		k++
	}
	n.es = es
	return clipEdits(es), h
}

// invalidAt reports whether text holds an invalid UTF-8 byte at i (which
// ranging over it decodes as utf8.RuneError, as it does a real U+FFFD).
func invalidAt(text string, i int) bool {
	_, n := utf8.DecodeRuneInString(text[i:])
	return n == 1
}

// The 64-bit FNV-1a parameters (hash/fnv).
const (
	fnvOffset64 = 14695981039346656037
	fnvPrime64  = 1099511628211
)

// clipEdits drops unused capacity: edits live as long as the index.
func clipEdits(es []normEdit) []normEdit {
	if len(es) == 0 {
		return nil
	}
	return append([]normEdit(nil), es...)
}

// appendNorm appends the clause's normalised text, normalizeString(c.Text),
// to buf.
func (c *clause) appendNorm(buf []byte) []byte { return appendNormEdits(buf, c.Text, c.edits()) }

// appendNormEdits appends normalizeString(text) to buf, made from text and
// its edits (normEdits(text)).
func appendNormEdits(buf []byte, text string, edits []normEdit) []byte {
	from := 0
	for _, e := range edits {
		buf = append(buf, text[from:e.at]...)
		_, n := utf8.DecodeRuneInString(text[e.at:])
		buf = utf8.AppendRune(buf, e.r)
		from = int(e.at) + n
	}
	return append(buf, text[from:]...)
}

// norm returns the clause's normalised text, normalizeString(c.Text), in
// a new string: for paths that run once per clause, not per query.
func (c *clause) norm() string {
	if c.ne == 0 {
		return c.Text
	}
	return string(c.appendNorm(make([]byte, 0, len(c.Text))))
}

// normalized returns normalize(c.Text) from the clause's edits, without
// folding or converting any rune again (t2s's phrase lookups were most of
// a highlight's cost).
func (c *clause) normalized() normText {
	k := utf8.RuneCountInString(c.Text) // exact: Chinese text has 3 bytes a rune
	n := normText{runes: make([]rune, 0, k), off: make([]int, 0, k+1)}
	es := c.edits()
	for i, r := range c.Text {
		if len(es) > 0 && int(es[0].at) == i {
			r = es[0].r
			es = es[1:]
		}
		n.runes = append(n.runes, r)
		n.off = append(n.off, i)
	}
	n.off = append(n.off, len(c.Text))
	return n
}
