package bot

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// at returns the span of the first sub in text.
func at(t *testing.T, text, sub string) Span {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q not in %q", sub, text)
	}
	return Span{Start: i, End: i + len(sub)}
}

func TestSplitBlock(t *testing.T) {
	const zh = "双方商定，进一步加强在北斗卫星导航系统领域的合作。推动卫星导航应用。"
	type piece struct {
		Text string
		Bold []string // the bold runs' text
	}
	for _, tc := range []struct {
		name string
		text string
		bold []string // substrings to embolden (first occurrence)
		raw  []Span   // spans given as is (bad ones included)
		max  int
		size Sizer
		want []piece
	}{
		{
			name: "fits",
			text: zh, bold: []string{"北斗"}, max: 100, size: RuneCount,
			want: []piece{{zh, []string{"北斗"}}},
		},
		{
			name: "span cut in two",
			text: "aaaa bbbb cccc", bold: []string{"bbbb cccc"}, max: 10, size: RuneCount,
			want: []piece{{"aaaa bbbb", []string{"bbbb"}}, {"cccc", []string{"cccc"}}},
		},
		{
			name: "chinese sentence end, spans on both sides",
			text: zh, bold: []string{"北斗", "应用"}, max: 26, size: RuneCount,
			want: []piece{
				{"双方商定，进一步加强在北斗卫星导航系统领域的合作。", []string{"北斗"}},
				{"推动卫星导航应用。", []string{"应用"}},
			},
		},
		{
			name: "outer whitespace dropped, offsets follow",
			text: "  \n one two \n", bold: []string{"two"}, max: 100, size: RuneCount,
			want: []piece{{"one two", []string{"two"}}},
		},
		{
			name: "bold only on the dropped whitespace at a cut",
			text: "aaaa bbbb", raw: []Span{{4, 5}}, max: 4, size: RuneCount,
			want: []piece{{"aaaa", nil}, {"bbbb", nil}},
		},
		{
			name: "bad spans clamped, aligned, merged",
			// 北 is bytes 0-3: a span from 1 to 2 widens to the whole rune;
			// one past the end is clamped; overlapping ones merge.
			text: "北斗卫星", raw: []Span{{1, 2}, {-5, 2}, {9, 99}, {6, 12}, {5, 3}}, max: 100, size: RuneCount,
			want: []piece{{"北斗卫星", []string{"北", "卫星"}}},
		},
		{
			name: "adjacent spans are one run",
			text: zh, bold: []string{"北斗", "卫星导航"}, max: 100, size: RuneCount,
			want: []piece{{zh, []string{"北斗卫星导航"}}},
		},
		{
			name: "utf16 size, astral runes never cut",
			text: "😀😀😀😀", bold: []string{"😀😀😀"}, max: 3, size: UTF16Len,
			want: []piece{{"😀", []string{"😀"}}, {"😀", []string{"😀"}}, {"😀", []string{"😀"}}, {"😀", nil}},
		},
		{name: "blank", text: " \n ", max: 10, size: RuneCount, want: nil},
		{name: "empty", text: "", max: 10, size: RuneCount, want: nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spans := append([]Span(nil), tc.raw...)
			for _, b := range tc.bold {
				spans = append(spans, at(t, tc.text, b))
			}
			in := Block{Kind: ClauseBlock, Text: tc.text, Bold: spans, Ref: "二·12", Doc: "doc", Shortened: true}
			before := append([]Span(nil), spans...)
			var got []piece
			for _, b := range SplitBlock(in, tc.max, tc.size) {
				if b.Kind != in.Kind || b.Ref != in.Ref || b.Doc != in.Doc || b.Shortened != in.Shortened {
					t.Errorf("piece %q lost the block's fields: %+v", b.Text, b)
				}
				p := piece{Text: b.Text}
				for _, s := range b.Bold {
					p.Bold = append(p.Bold, b.Text[s.Start:s.End])
				}
				got = append(got, p)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("SplitBlock (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(before, spans); diff != "" {
				t.Errorf("SplitBlock modified the caller's spans (-before +after):\n%s", diff)
			}
		})
	}
}

// TestSplitBlockProperties checks on random text and spans that the pieces
// fit, lose nothing but whitespace, and carry exactly the bold text.
func TestSplitBlockProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"双", "方", "，", "。", " ", "\n", "a", "bc", "Ж", "😀", "&", "<", "*"}
	for i := range 500 {
		var sb strings.Builder
		for range r.IntN(300) {
			sb.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		text := sb.String()
		var spans []Span
		for range r.IntN(6) {
			a := r.IntN(len(text) + 1)
			spans = append(spans, Span{Start: a - 2, End: a + r.IntN(40)})
		}
		max := 1 + r.IntN(60)
		size := []Sizer{RuneCount, UTF16Len, func(s string) int { return len(s) }}[i%3]
		pieces := SplitBlock(Block{Text: text, Bold: spans}, max, size)

		var plain, bold, wantBold strings.Builder
		for j, p := range pieces {
			if !utf8.ValidString(p.Text) {
				t.Fatalf("case %d piece %d: invalid UTF-8 %q", i, j, p.Text)
			}
			// A piece may exceed max only when it is a single rune.
			if n := size(p.Text); n > max && utf8.RuneCountInString(p.Text) > 1 {
				t.Fatalf("case %d piece %d: size %d > %d: %q", i, j, n, max, p.Text)
			}
			if p.Text == "" || strings.TrimSpace(p.Text) != p.Text {
				t.Fatalf("case %d piece %d: empty or padded %q", i, j, p.Text)
			}
			prev := 0
			for _, s := range p.Bold {
				if s.Start < prev || s.Start >= s.End || s.End > len(p.Text) ||
					!utf8.RuneStart(p.Text[s.Start]) || (s.End < len(p.Text) && !utf8.RuneStart(p.Text[s.End])) {
					t.Fatalf("case %d piece %d: bad span %+v in %q", i, j, s, p.Text)
				}
				prev = s.End
				bold.WriteString(p.Text[s.Start:s.End])
			}
			plain.WriteString(p.Text)
		}
		if got, want := squash(plain.String()), squash(text); got != want {
			t.Fatalf("case %d: text changed:\n got %q\nwant %q", i, got, want)
		}
		for _, s := range NormalizeSpans(text, spans) {
			wantBold.WriteString(text[s.Start:s.End])
		}
		if got, want := squash(bold.String()), squash(wantBold.String()); got != want {
			t.Fatalf("case %d: bold text:\n got %q\nwant %q", i, got, want)
		}
	}
}

func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func BenchmarkSplitBlock(b *testing.B) {
	text := strings.Repeat("双方商定，进一步加强在北斗卫星导航系统领域的合作。", 400)
	var spans []Span
	for i := 0; i < len(text); i += 900 {
		spans = append(spans, Span{Start: i, End: i + 6})
	}
	blk := Block{Kind: ClauseBlock, Text: text, Bold: spans}
	b.ReportAllocs()
	for b.Loop() {
		SplitBlock(blk, 4000, UTF16Len)
	}
}

// NormalizeSpans is documented as safe for any span: no span, however
// far outside the text or inverted, may panic or survive unclamped.
func TestNormalizeSpansAnySpan(t *testing.T) {
	const text = "中俄 BDS" // multi-byte runes, so widening has work to do
	cases := [][]Span{
		{{Start: -5, End: -1}},
		{{Start: 0, End: -1}},
		{{Start: -10, End: 2}},
		{{Start: 100, End: 200}},
		{{Start: 5, End: 2}},
		{{Start: len(text), End: len(text) + 1}},
		{{Start: -1 << 62, End: 1 << 62}},
	}
	for _, spans := range cases {
		t.Run(fmt.Sprint(spans), func(t *testing.T) {
			checkSpans(t, text, NormalizeSpans(text, spans))
		})
	}
}

// FuzzNormalizeSpans feeds NormalizeSpans arbitrary text and spans.
func FuzzNormalizeSpans(f *testing.F) {
	f.Add("中俄 BDS", 1, 4, -3, -1)
	f.Add("", 0, 0, 0, 0)
	f.Add("abc", 2, 1, 5, 9)
	f.Fuzz(func(t *testing.T, text string, s1, e1, s2, e2 int) {
		spans := NormalizeSpans(text, []Span{{Start: s1, End: e1}, {Start: s2, End: e2}})
		if !utf8.ValidString(text) {
			// Rune boundaries are only defined in valid UTF-8 (documents
			// are decoded to it); here only the bounds must hold.
			for _, s := range spans {
				if s.Start < 0 || s.Start >= s.End || s.End > len(text) {
					t.Fatalf("bad span %+v in %q", s, text)
				}
			}
			return
		}
		checkSpans(t, text, spans)
	})
}

// checkSpans fails unless spans are sorted, disjoint, non-empty, inside
// text and on rune boundaries.
func checkSpans(t *testing.T, text string, spans []Span) {
	t.Helper()
	prev := -1
	for _, s := range spans {
		if s.Start <= prev || s.Start < 0 || s.Start >= s.End || s.End > len(text) ||
			!utf8.RuneStart(text[s.Start]) || (s.End < len(text) && !utf8.RuneStart(text[s.End])) {
			t.Fatalf("bad span %+v in %q (all: %+v)", s, text, spans)
		}
		prev = s.End
	}
}
