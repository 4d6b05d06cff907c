package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sort"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

// tableMagic opens a word table; index/wordtable.go checks it. Change both
// together with the layout.
const tableMagic = "CBWORDS2"

// writeTable loads the word list list (gzip, "word freq" lines) into gse
// exactly as package index used to at run time, and writes what gse's
// dictionary then holds as a word table to out.
//
// The words are grouped by their first character, and a question's lookups
// read only the groups of its own characters: the magic, the number of
// words n (uint32), gse's total frequency (float64 bits, uint64), the
// number of groups g (uint32), the groups' first characters in ascending
// order (g uint32), each one's group's offset in the body (g uint32), then
// the body: the groups, those whose words are most frequent in total first,
// so that the groups of common characters share pages. A group is its
// number of words m (uint32), their frequencies (m uint32), m+1 offsets
// (uint16) into its text, then its words' UTF-8 text after the first
// character, back to back, in byte order. All integers are little-endian.
//
// A question's lookups used to binary-search one sorted 0.9 MB table and
// reached every 64 KB of it, and Linux maps an executable's pages 64 KB at
// a time, so every Chinese question added 0.96 MB to the process's RSS;
// grouped, the table is 0.7 MB (the first character is not repeated) and
// a question's lookups touch about half of it.
//
// Taking words and frequencies from gse rather than from the lines keeps
// gse's reading of them: duplicates keep their first frequency, a
// one-character word gets frequency 2, and the total is gse's own sum.
func writeTable(list, out string) error {
	f, err := os.Open(list)
	if err != nil {
		return fmt.Errorf("gendict: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("gendict: %s: %w", list, err)
	}
	data, err := io.ReadAll(bufio.NewReader(zr))
	if err != nil {
		return fmt.Errorf("gendict: %s: %w", list, err)
	}
	var seg gse.Segmenter
	seg.SkipLog = true
	seg.NotLoadHMM = true
	if err := seg.LoadDictStr(string(data)); err != nil {
		return fmt.Errorf("gendict: %s: %w", list, err)
	}
	type word struct {
		text string
		freq uint32
	}
	ws := make([]word, 0, len(seg.Dict.Tokens))
	for i := range seg.Dict.Tokens {
		tok := &seg.Dict.Tokens[i]
		text, freq := tok.Text(), tok.Freq()
		if got, _, ok := seg.Find(text); !ok || got != freq {
			return fmt.Errorf("gendict: %s: word %q: gse finds %v (%v), want %v", list, text, got, ok, freq)
		}
		if freq < 1 || freq > math.MaxUint32 || freq != math.Trunc(freq) {
			return fmt.Errorf("gendict: %s: word %q: frequency %v is not a whole number from 1 to 2^32-1", list, text, freq)
		}
		if r, n := utf8.DecodeRuneInString(text); !utf8.ValidString(text) || r == utf8.RuneError && n < 3 {
			return fmt.Errorf("gendict: %s: word %q is not UTF-8 text", list, text)
		}
		ws = append(ws, word{text, uint32(freq)})
	}
	sort.Slice(ws, func(i, j int) bool { return ws[i].text < ws[j].text })
	for i := 1; i < len(ws); i++ {
		if ws[i].text == ws[i-1].text {
			return fmt.Errorf("gendict: %s: word %q twice", list, ws[i].text)
		}
	}
	// In byte order, the words that start with one character are
	// consecutive (UTF-8 keeps code point order).
	type group struct {
		r     rune
		words []word
		heat  float64 // the words' total frequency
	}
	var gs []group
	for i := 0; i < len(ws); {
		r, _ := utf8.DecodeRuneInString(ws[i].text)
		g := group{r: r}
		for ; i < len(ws); i++ {
			if r2, _ := utf8.DecodeRuneInString(ws[i].text); r2 != r {
				break
			}
			g.words = append(g.words, ws[i])
			g.heat += float64(ws[i].freq)
		}
		gs = append(gs, g)
	}
	// The body: hottest groups first.
	hot := slices.Clone(gs)
	sort.SliceStable(hot, func(i, j int) bool { return hot[i].heat > hot[j].heat })
	var body bytes.Buffer
	offset := make(map[rune]uint32, len(gs))
	for _, g := range hot {
		offset[g.r] = uint32(body.Len())
		skip := utf8.RuneLen(g.r)
		body.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(g.words))))
		for _, w := range g.words {
			body.Write(binary.LittleEndian.AppendUint32(nil, w.freq))
		}
		off := 0
		for _, w := range g.words {
			body.Write(binary.LittleEndian.AppendUint16(nil, uint16(off)))
			off += len(w.text) - skip
		}
		if off > math.MaxUint16 {
			return fmt.Errorf("gendict: %s: the words starting with %q take %d bytes, more than a group's 16-bit offsets reach", list, g.r, off)
		}
		body.Write(binary.LittleEndian.AppendUint16(nil, uint16(off)))
		for _, w := range g.words {
			body.WriteString(w.text[skip:])
		}
	}
	if body.Len() > math.MaxUint32 {
		return fmt.Errorf("gendict: %s: table too large", list)
	}
	var b bytes.Buffer
	b.WriteString(tableMagic)
	b.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(ws))))
	b.Write(binary.LittleEndian.AppendUint64(nil, math.Float64bits(seg.Dict.TotalFreq())))
	b.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(gs))))
	for _, g := range gs {
		b.Write(binary.LittleEndian.AppendUint32(nil, uint32(g.r)))
	}
	for _, g := range gs {
		b.Write(binary.LittleEndian.AppendUint32(nil, offset[g.r]))
	}
	b.Write(body.Bytes())
	if err := os.WriteFile(out, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("gendict: %w", err)
	}
	return nil
}
