package lazyre

import (
	"testing"
	"unicode/utf8"
)

// TestAnchoredCanStart checks CanStart against the expression itself: for
// every rune, alone and followed by text, a false CanStart must be a
// failed match, and the test must rule runes out where it can.
func TestAnchoredCanStart(t *testing.T) {
	for _, c := range []struct {
		expr string
		open bool
	}{
		{`^第\s*(\d+)\s*条`, false},
		{`^(?i:book|part|schedule)(?:\s+(\d+))?(.*)$`, false}, // ſ and K fold to s and k
		{`^(?i:k)`, false},
		{`^(——|—|-\s|\*\s|•)\s*`, false},
		{`^\s*x`, false},
		{`^(?:a|)`, true}, // may match empty
		{`^.`, false},
		{`^\d?$`, true},
		{`a`, true}, // not anchored
		{`^a|b`, true},
		{`(?m)^a`, true}, // ^ of a line, not of the text
		{`\bword`, true},
		{`^\bword`, false},
	} {
		a := MustAnchored(c.expr)
		if a.open != c.open {
			t.Errorf("%q: open = %v, want %v", c.expr, a.open, c.open)
		}
		ruled := 0
		for r := rune(0); r <= utf8.MaxRune; r++ {
			if r >= 0xD800 && r <= 0xDFFF {
				continue
			}
			for _, s := range []string{string(r), string(r) + "1 x", string(r) + "ook 12 x", string(r) + "\n"} {
				if !a.CanStart(s) {
					ruled++
					if a.Regexp.MatchString(s) {
						t.Fatalf("%q: CanStart(%q) = false, but it matches", c.expr, s)
					}
				}
			}
		}
		for _, s := range []string{"", "\xff", "\xe7\xac", "\xe7\xac\xac"} {
			if !a.CanStart(s) && a.Regexp.MatchString(s) {
				t.Fatalf("%q: CanStart(%q) = false, but it matches", c.expr, s)
			}
		}
		if !c.open && ruled == 0 {
			t.Errorf("%q: CanStart ruled nothing out", c.expr)
		}
		if a.MatchString("第12条") != a.Regexp.MatchString("第12条") {
			t.Errorf("%q: MatchString differs", c.expr)
		}
	}
	if !MustAnchored(`^(?i:schedule)`).MatchString("ſchedule") || !MustAnchored(`^(?i:k)`).MatchString("\u212a") {
		t.Fatal("a case fold was ruled out")
	}
}
