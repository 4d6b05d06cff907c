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
	"sort"

	"github.com/go-ego/gse"
)

// tableMagic opens a word table; index/wordtable.go checks it. Change both
// together with the layout.
const tableMagic = "CBWORDS1"

// writeTable loads the word list list (gzip, "word freq" lines) into gse
// exactly as package index used to at run time, and writes what gse's
// dictionary then holds as a word table to out: the magic, the number of
// words n (uint32), gse's total frequency (float64 bits, uint64), n
// frequencies (uint32), n+1 offsets into the text (uint32), then the words'
// UTF-8 text back to back, in byte order. All integers are little-endian.
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
		ws = append(ws, word{text, uint32(freq)})
	}
	sort.Slice(ws, func(i, j int) bool { return ws[i].text < ws[j].text })
	for i := 1; i < len(ws); i++ {
		if ws[i].text == ws[i-1].text {
			return fmt.Errorf("gendict: %s: word %q twice", list, ws[i].text)
		}
	}
	var b bytes.Buffer
	b.WriteString(tableMagic)
	b.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(ws))))
	b.Write(binary.LittleEndian.AppendUint64(nil, math.Float64bits(seg.Dict.TotalFreq())))
	for _, w := range ws {
		b.Write(binary.LittleEndian.AppendUint32(nil, w.freq))
	}
	off := 0
	for _, w := range ws {
		b.Write(binary.LittleEndian.AppendUint32(nil, uint32(off)))
		off += len(w.text)
	}
	b.Write(binary.LittleEndian.AppendUint32(nil, uint32(off)))
	for _, w := range ws {
		b.WriteString(w.text)
	}
	if err := os.WriteFile(out, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("gendict: %w", err)
	}
	return nil
}
