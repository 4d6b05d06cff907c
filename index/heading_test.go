package index

import (
	"context"
	"strings"
	"testing"

	"clausebot/bot"
)

// TestMarkLine pins what a block's opening is read as: containers,
// articles in three citation styles, numbered schemes, bullets and plain
// text, including the cases where bot's shared numeral parser differs from
// a naive one (digit runs without a zero are ambiguous; lower-case Roman
// numerals are items, not headings).
func TestMarkLine(t *testing.T) {
	tests := []struct {
		line   string
		kind   nodeKind
		label  string
		key    string
		title  string
		scheme string
	}{
		{"一", nodeNumbered, "一", "1", "", "cn"},
		{"一、总则", nodeNumbered, "一", "1", "", "cn"},
		{"一百零五", nodeNumbered, "一百零五", "105", "", "cn"},
		{"一二", nodePara, "", "", "", ""}, // twelve, or "one, two"?
		{"一是加强合作。", nodePara, "", "", "", ""},
		{"I. General Provisions", nodeNumbered, "I", "1", "", "roman"},
		{"ii. Trade", nodePara, "", "", "", ""},
		{"3. Data", nodeNumbered, "3", "3", "", "ar."},
		{"1.5亿元用于", nodePara, "", "", "", ""},
		{"5.1. The Parties", nodeNumbered, "5.1", "5.1", "", "dec2"},
		{"（三）加强组织领导。", nodeNumbered, "（三）", "3", "", "(cn)"},
		{"a)to determine", nodeNumbered, "a", "a", "", "al)"},
		{"(a)That the award", nodeNumbered, "(a)", "a", "", "(al)"},
		{"12¹) водный объект", nodeNumbered, "12¹", "12^1", "", "ar)"},
		{"——加强服务贸易合作。", nodeBullet, "", "", "", "bul:——"},
		{"第十二条 国家实行", nodeArticle, "第十二条", "12", "", ""},
		{"第十条之一 新增", nodeArticle, "第十条之一", "10^1", "", ""},
		{"第12条", nodeArticle, "第12条", "12", "", ""},
		{"第三条规定的情形", nodePara, "", "", "", ""},
		{"第一章 总 则", nodeContainer, "第一章", "1", "总则", ""},
		{"第二节 数据安全", nodeContainer, "第二节", "2", "数据安全", ""},
		{"Article 5", nodeArticle, "Article 5", "5", "", ""},
		{"Article 1, paragraph 4", nodePara, "", "", "", ""},
		{"Статья 7¹. Водные объекты", nodeArticle, "Статья 7¹", "7^1", "Водные объекты", ""},
		{"Глава 61. ОБЩИЕ ПОЛОЖЕНИЯ", nodeContainer, "Глава 61", "61", "ОБЩИЕ ПОЛОЖЕНИЯ", ""},
		{"РАЗДЕЛ V. НАСЛЕДСТВЕННОЕ ПРАВО", nodeContainer, "РАЗДЕЛ V", "5", "НАСЛЕДСТВЕННОЕ ПРАВО", ""},
		{"PART 1 ARBITRATION", nodeContainer, "PART 1", "1", "ARBITRATION", ""},
		{"Part of the Treaty is", nodePara, "", "", "", ""},
		{"Section 2 of this Act applies", nodePara, "", "", "", ""},
		{"附件1", nodeContainer, "附件1", "1", "", ""},
	}
	for _, tt := range tests {
		got := markLine(spaceFold(tt.line))
		if got.kind != tt.kind || got.label != tt.label || got.key != tt.key || got.title != tt.title || got.scheme != tt.scheme {
			t.Errorf("markLine(%q) = kind %d label %q key %q title %q scheme %q; want %d %q %q %q %q",
				tt.line, got.kind, got.label, got.key, got.title, got.scheme, tt.kind, tt.label, tt.key, tt.title, tt.scheme)
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
