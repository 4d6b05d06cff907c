package tgfake

import (
	"strings"
	"testing"
)

func TestParseHTML(t *testing.T) {
	tests := []struct {
		in, plain, bold, err string
	}{
		{in: "a <b>b</b> &lt;c&gt; &amp; &quot;&#39;&#x41;", plain: `a b <c> & "'A`, bold: "b"},
		{in: "<b>x<i>y</i></b>", plain: "xy", bold: "xy"},
		{in: "<b>x", err: "Can't find end tag"},
		{in: "<b>x<i>y</b></i>", err: "Unmatched end tag"},
		{in: "<script>x</script>", err: "Unsupported start tag"},
		{in: "a & b", err: "entity"},
		{in: "a &nbsp; b", err: "Unsupported HTML entity"},
		{in: "a < b", err: "can't parse entities"},
		{in: "a > b", err: "unescaped"},
	}
	for _, tc := range tests {
		plain, bold, err := ParseHTML(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseHTML(%q) error = %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseHTML(%q): %v", tc.in, err)
			continue
		}
		var bs []string
		for _, b := range bold {
			bs = append(bs, b.Text)
		}
		if plain != tc.plain || strings.Join(bs, "|") != tc.bold {
			t.Errorf("ParseHTML(%q) = %q, bold %q; want %q, bold %q", tc.in, plain, bs, tc.plain, tc.bold)
		}
	}
}

func TestEntitiesUseUTF16Offsets(t *testing.T) {
	got := Entities("/ask@clause_bot 😀 hi @clause_bot, mail a@clause_bot.com")
	want := []struct {
		typ         string
		off, length int
	}{{"bot_command", 0, 15}, {"mention", 22, 11}}
	if len(got) != len(want) {
		t.Fatalf("entities = %+v, want %d", got, len(want))
	}
	for i, w := range want {
		if got[i].Type != w.typ || got[i].Offset != w.off || got[i].Length != w.length {
			t.Errorf("entity %d = %+v, want %+v", i, got[i], w)
		}
	}
}
