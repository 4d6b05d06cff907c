package index

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestSpaceFoldedFast checks spaceFolded's fast path over every rune
// against what spaceFold does, alone and between other text, and over
// invalid UTF-8.
func TestSpaceFoldedFast(t *testing.T) {
	check := func(s string) {
		t.Helper()
		want := strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ") == s
		if got := spaceFolded(s); got != want {
			t.Fatalf("spaceFolded(%q) = %v, want %v", s, got, want)
		}
	}
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		c := string(r)
		check(c)
		check("a" + c + "b")
		check("中" + c + "文")
		check(c + " " + c)
	}
	for _, s := range []string{"\xe4", "\xe4a b", "a \xe4\xb8", "\xe3\x80", "\xe3\x80\x80", "中\xff文", " \xc2", "\xc2\xa0x"} {
		check(s)
	}
}
