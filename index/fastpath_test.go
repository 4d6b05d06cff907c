package index

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// TestRuneFastPaths checks the fast paths of foldRune, classify, copyDrop,
// isWide, isSpace and refFold against the table lookups they skip, for
// every rune.
func TestRuneFastPaths(t *testing.T) {
	foldSlow := func(r rune) rune {
		if r >= utf8.RuneSelf {
			switch p := width.LookupRune(r); p.Kind() {
			case width.EastAsianFullwidth:
				if n := p.Narrow(); n != 0 {
					r = n
				}
			case width.EastAsianWide:
				if r == '\u3000' {
					r = ' '
				}
			}
		}
		if r = unicode.ToLower(r); r == 'ё' {
			r = 'е'
		}
		return r
	}
	classifySlow := func(r rune) runeClass {
		switch {
		case r < utf8.RuneSelf:
			if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' {
				return classWord
			}
			return classSep
		case unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
			unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r):
			return classHan
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			return classWord
		}
		return classSep
	}
	copyDropSlow := func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("\"'“”‘’«»「」『』", r)
	}
	isWideSlow := func(r rune) bool {
		return unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
			(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
	}
	han := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if isHanBlock(r) {
			han++
		}
		if got, want := foldRune(r), foldSlow(r); got != want {
			t.Fatalf("foldRune(%U) = %U, want %U", r, got, want)
		}
		if got, want := classify(r), classifySlow(r); got != want {
			t.Fatalf("classify(%U) = %d, want %d", r, got, want)
		}
		if got, want := copyDrop(r), copyDropSlow(r); got != want {
			t.Fatalf("copyDrop(%U) = %v, want %v", r, got, want)
		}
		if got, want := isWide(r), isWideSlow(r); got != want {
			t.Fatalf("isWide(%U) = %v, want %v", r, got, want)
		}
		if isHanBlock(r) && (unicode.ToLower(r) != r || unicode.IsSpace(r)) {
			t.Fatalf("refFold's fast path: %U changes", r)
		}
		if got, want := isSpace(r), unicode.IsSpace(r); got != want {
			t.Fatalf("isSpace(%U) = %v, want %v", r, got, want)
		}
	}
	if han != 0x9FFF-0x4E00+1 {
		t.Fatalf("%d runes in the block", han)
	}
}
