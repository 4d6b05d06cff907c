package bot

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func stripSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func TestSplit(t *testing.T) {
	long := strings.Repeat("双方愿共同努力，巩固良好务实合作势头。", 30)
	tests := []struct {
		name string
		in   string
		max  int
		size Sizer
		// wantEnds, if set, lists what each piece but the last must end with.
		wantEnd string
	}{
		{"fits", "短文本", 10, RuneCount, ""},
		{"chinese sentences", long, 50, RuneCount, "。"},
		{"paragraphs", strings.Repeat("第一段第一段第一段。\n\n", 10), 25, RuneCount, "。"},
		{"english words", strings.Repeat("cooperation in satellite navigation ", 20), 40, RuneCount, ""},
		{"one huge word", strings.Repeat("a", 100), 30, RuneCount, ""},
		{"utf16 astral", strings.Repeat("𠀀中", 50), 31, UTF16Len, ""},
		{"escaped size", strings.Repeat("a<b & c>d ", 40), 50, func(s string) int {
			return len(strings.NewReplacer("<", "&lt;", ">", "&gt;", "&", "&amp;").Replace(s))
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Split(tt.in, tt.max, tt.size)
			if j := stripSpace(strings.Join(got, "")); j != stripSpace(tt.in) {
				t.Fatalf("pieces lost or changed text:\n got %q\nwant %q", j, stripSpace(tt.in))
			}
			for i, p := range got {
				if !utf8.ValidString(p) {
					t.Errorf("piece %d is not valid UTF-8", i)
				}
				if n := tt.size(p); n > tt.max {
					t.Errorf("piece %d has size %d > %d: %q", i, n, tt.max, p)
				}
				if tt.wantEnd != "" && i < len(got)-1 && !strings.HasSuffix(p, tt.wantEnd) {
					t.Errorf("piece %d = %q, want it to end with %q", i, p, tt.wantEnd)
				}
			}
			if tt.name == "english words" {
				for i, p := range got {
					if strings.HasPrefix(p, "ooperation") || strings.HasSuffix(p, "coo") {
						t.Errorf("piece %d cut a word: %q", i, p)
					}
				}
				for _, p := range got {
					for _, w := range strings.Fields(p) {
						if w != "cooperation" && w != "in" && w != "satellite" && w != "navigation" {
							t.Errorf("word cut: %q", w)
						}
					}
				}
			}
		})
	}
}

func TestPack(t *testing.T) {
	got := Pack([]string{"aaaa", "bbbb", "cccc", "dddddddddddd", "e"}, "\n", 10, RuneCount)
	want := []string{"aaaa\nbbbb", "cccc", "dddddddddddd", "e"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Pack = %q, want %q", got, want)
	}
}
