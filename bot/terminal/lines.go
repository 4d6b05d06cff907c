package terminal

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"unicode/utf8"
)

// LineReader reads lines of any length. A line longer than its limit is
// read to its end but kept only up to the limit (cut at a rune boundary),
// so that one pasted megabyte neither fails the reader (bufio.Scanner's
// "token too long" ended a trial's chat and lost the questions after it)
// nor is held whole.
type LineReader struct {
	r   *bufio.Reader
	max int
}

// NewLineReader reads lines from r, keeping at most max bytes of each
// (max ≥ 64).
func NewLineReader(r io.Reader, max int) *LineReader {
	return &LineReader{r: bufio.NewReaderSize(r, 64<<10), max: max}
}

// Next returns the next line without its ending ("\n" or "\r\n"), cut to
// the reader's limit, and the whole line's length in runes. It
// returns io.EOF after the last line, and the reader's other errors.
func (l *LineReader) Next() (line string, runes int, err error) {
	var b strings.Builder
	for {
		chunk, err := l.r.ReadSlice('\n')
		for _, c := range chunk {
			if utf8.RuneStart(c) {
				runes++ // exact for UTF-8 however the chunks cut it
			}
		}
		if room := l.max - b.Len(); room > 0 {
			b.Write(chunk[:min(len(chunk), room)]) // a rune cut in two is dropped below
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF && b.Len() == 0 && runes == 0:
			return "", 0, io.EOF
		case err != nil && err != io.EOF:
			return "", 0, err
		}
		s := strings.TrimRight(b.String(), "\r\n")
		if strings.HasSuffix(string(chunk), "\n") {
			runes--
			if strings.HasSuffix(string(chunk), "\r\n") {
				runes--
			}
		}
		return strings.ToValidUTF8(s, ""), runes, nil
	}
}
