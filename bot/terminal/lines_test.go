package terminal

import (
	"io"
	"strings"
	"testing"
)

// TestLineReader: lines of any length are read, one longer than the limit
// kept only up to it (whole runes) with its full length in runes, and the
// lines after it are still read; CRLF and a last line without an ending
// are lines too.
func TestLineReader(t *testing.T) {
	long := strings.Repeat("网络安全", 300_000) // 1.2M runes, 3.6 MB: over bufio's and the limit
	in := "第一行\r\n" + long + "\n\n5G\nlast"
	lr := NewLineReader(strings.NewReader(in), 1<<10)
	type line struct {
		text  string
		runes int
	}
	var got []line
	for {
		l, n, err := lr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, line{l, n})
	}
	if len(got) != 5 {
		t.Fatalf("%d lines, want 5", len(got))
	}
	if got[0] != (line{"第一行", 3}) || got[2] != (line{"", 0}) || got[3] != (line{"5G", 2}) || got[4] != (line{"last", 4}) {
		t.Errorf("lines %+v", []line{got[0], got[2], got[3], got[4]})
	}
	if g := got[1]; g.runes != 1_200_000 || len(g.text) > 1<<10 || !strings.HasPrefix(long, g.text) || len(g.text) < 1000 {
		t.Errorf("long line: %d runes, kept %d bytes (prefix of it: %v); want 1,200,000 runes and at most 1 KiB kept, whole runes",
			g.runes, len(g.text), strings.HasPrefix(long, g.text))
	}
}
