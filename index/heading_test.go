package index

import (
	"context"
	"strings"
	"testing"

	"clausebot/bot"
)

// TestHeading pins which lines are headings and the numbers read from
// them, including the cases where bot's shared numeral parser differs from
// a naive one: digit runs without a zero are ambiguous, and lower-case
// Roman numerals are not headings.
func TestHeading(t *testing.T) {
	tests := []struct {
		line  string
		ok    bool
		label string
		title string
		value int
		kind  headingKind
	}{
		{"一", true, "一", "", 1, kindChinese},
		{"一、总则", true, "一", "总则", 1, kindChinese},
		{"十二", true, "十二", "", 12, kindChinese},
		{"一百零五", true, "一百零五", "", 105, kindChinese},
		{"二〇", true, "二〇", "", 20, kindChinese},
		{"一二", false, "", "", 0, 0},           // twelve, or "one, two"?
		{"一百五", false, "", "", 0, 0},          // 105, or 150?
		{"〇", false, "", "", 0, 0},            // zero numbers nothing
		{"一、双方同意，加强合作。", false, "", "", 0, 0}, // a numbered paragraph
		{"I. General Provisions", true, "I", "General Provisions", 1, kindRoman},
		{"XIV.", true, "XIV", "", 14, kindRoman},
		{"IIII. Energy", false, "", "", 0, 0}, // not canonical
		{"ii. Trade", false, "", "", 0, 0},    // lower case: a list item, not a heading
		{"v. Smith", false, "", "", 0, 0},
		{"I. think we agreed, broadly.", false, "", "", 0, 0},
		{"I agree.", false, "", "", 0, 0},
		{"3. Data", true, "3", "Data", 3, kindArabic},
		{"第十二条", true, "第十二条", "", 12, kindOrdinal},
		{"第12条 适用范围", true, "第12条", "适用范围", 12, kindOrdinal},
		{"第一二条", true, "第一二条", "", 0, kindOrdinal}, // found by its label only
	}
	for _, tt := range tests {
		got, ok := heading(tt.line, false)
		if ok != tt.ok {
			t.Errorf("heading(%q): got ok %v, want %v (%+v)", tt.line, ok, tt.ok, got)
			continue
		}
		if !ok {
			continue
		}
		if got.label != tt.label || got.title != tt.title || got.value != tt.value || got.kind != tt.kind {
			t.Errorf("heading(%q) = label %q title %q value %d kind %d; want %q %q %d %d",
				tt.line, got.label, got.title, got.value, got.kind, tt.label, tt.title, tt.value, tt.kind)
		}
	}
}

// TestRefNumerals checks the typed references whose reading depends on the
// numeral parser: Roman numerals in either case or as Unicode signs, Chinese
// clause numbers, and ambiguous digit runs.
func TestRefNumerals(t *testing.T) {
	seed, en := mustSeed(t), mustEnglish(t)
	ctx := context.Background()
	want := func(x *Index, ref string) string {
		t.Helper()
		c, err := x.Clause(ctx, ref)
		if err != nil {
			t.Fatalf("Clause(%q): %v", ref, err)
		}
		return c.Ref
	}
	tests := []struct {
		x       *Index
		ref, is string
	}{
		{seed, "二·十二", "二·12"},
		{seed, "2.十二", "二·12"},
		{en, "joint-statement:ii.1", "joint-statement:II·1"},
		{en, "joint-statement:Ⅱ.1", "joint-statement:II·1"},
		{en, "joint-statement:iv 1", "joint-statement:IV·1"},
		{en, "joint-statement:2.1", "joint-statement:II·1"},
	}
	for _, tt := range tests {
		c, err := tt.x.Clause(ctx, tt.ref)
		if err != nil {
			t.Errorf("Clause(%q): %v", tt.ref, err)
			continue
		}
		if w := want(tt.x, tt.is); c.Ref != w {
			t.Errorf("Clause(%q) = %s, want %s", tt.ref, c.Ref, w)
		}
	}
	for _, ref := range []string{"二·一二", "二·一百五"} {
		_, err := seed.Clause(ctx, ref)
		if bot.ErrorCode(err) != bot.EINVALID || !strings.Contains(bot.ErrorMessage(err), "not a clause reference") {
			t.Errorf("Clause(%q) = %v, want EINVALID: an ambiguous number", ref, err)
		}
	}
	for _, sec := range []string{"joint-statement:iii", "joint-statement:Ⅲ", "joint-statement:III"} {
		cs, err := en.Section(ctx, sec)
		if err != nil || len(cs) == 0 || cs[0].Section != "III" {
			t.Errorf("Section(%q) = %d clauses, %v; want section III", sec, len(cs), err)
		}
	}
}
