package extract

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		n      int
		format string
		want   string
	}{
		{1, "chineseCounting", "一"},
		{10, "chineseCounting", "十"},
		{11, "chineseCounting", "十一"},
		{20, "chineseCounting", "二十"},
		{42, "chineseCounting", "四十二"},
		{100, "chineseCounting", "一百"},
		{101, "chineseCounting", "一百零一"},
		{110, "chineseCounting", "一百一十"},
		{1020, "chineseCounting", "一千零二十"},
		{1140, "chineseCountingThousand", "一千一百四十"},
		{10, "chineseLegalSimplified", "壹拾"},
		{23, "chineseLegalSimplified", "贰拾叁"},
		{10, "ideographDigital", "一〇"},
		{3, "ideographTraditional", "丙"},
		{2, "ideographZodiac", "丑"},
		{1, "ideographEnclosedCircle", "㈠"},
		{3, "decimalEnclosedCircle", "③"},
		{3, "decimalEnclosedParen", "⑶"},
		{3, "decimalEnclosedFullstop", "⒊"},
		{12, "decimalFullWidth", "１２"},
		{7, "decimal", "7"},
		{7, "decimalZero", "07"},
		{14, "upperRoman", "XIV"},
		{9, "lowerRoman", "ix"},
		{1, "lowerLetter", "a"},
		{27, "upperLetter", "AA"},
		{3, "russianLower", "в"},
		{10, "russianUpper", "К"},
		{5, "cardinalText", "5"}, // not rendered in words: decimal
	}
	for _, tt := range tests {
		if got := formatNumber(tt.n, tt.format); got != tt.want {
			t.Errorf("formatNumber(%d, %s) = %q, want %q", tt.n, tt.format, got, tt.want)
		}
	}
}

func TestNumberingLabels(t *testing.T) {
	lvl := func(start int, format, text, suff string) *level {
		return &level{start: start, format: format, text: text, restart: -1, suff: suff}
	}
	abs := &abstractNum{}
	abs.levels[0] = lvl(1, "chineseCounting", "第%1条", "space")
	abs.levels[1] = lvl(1, "chineseCounting", "（%2）", "tab")
	abs.levels[2] = lvl(1, "decimal", "%3.", "tab")
	dec := &abstractNum{}
	dec.levels[0] = lvl(1, "decimal", "%1.", "tab")
	dec.levels[1] = lvl(1, "decimal", "%1.%2", "tab")
	dec.levels[2] = &level{start: 1, format: "lowerLetter", text: "(%3)", restart: 0, suff: "nothing"}
	nb := &numbering{nums: map[string]*numDef{
		"1": {abs: abs},
		"2": {abs: dec},
		"3": {abs: dec, overrides: map[int]int{0: 5}},
		"4": {abs: abs}, // continues numId 1: same abstractNum, no override
	}}
	steps := []struct {
		num  string
		ilvl int
		want string
	}{
		{"1", 0, "第一条 "},
		{"1", 1, "（一）"},
		{"1", 1, "（二）"},
		{"1", 2, "1. "},
		{"1", 0, "第二条 "},
		{"1", 1, "（一）"}, // restarted by the article
		{"4", 0, "第三条 "},
		{"2", 1, "1.1 "}, // level 1 before level 0 was used: %1 shows its start
		{"2", 2, "(a)"},
		{"2", 0, "2. "},
		{"2", 2, "(b)"}, // lvlRestart 0: never restarts
		{"3", 0, "5. "}, // startOverride restarts the sequence at 5
		{"3", 1, "5.1 "},
		{"9", 0, ""}, // unknown list
	}
	for i, s := range steps {
		label, suff := nb.next(s.num, s.ilvl)
		if got := label + suff; got != s.want {
			t.Errorf("step %d: next(%s, %d) = %q, want %q", i, s.num, s.ilvl, got, s.want)
		}
	}
}

func TestJoinLines(t *testing.T) {
	tests := []struct{ a, b, want string }{
		{"为了规范外商投资管理，推动", "形成全面开放新格局", "为了规范外商投资管理，推动形成全面开放新格局"},
		{"本法自", "2020年1月1日起施行", "本法自2020年1月1日起施行"},
		{"the award has been", "annulled", "the award has been annulled"},
		{"the arbi-", "tration proceedings", "the arbitration proceedings"},
		{"№ 160-", "ФЗ", "№ 160-ФЗ"},
		{"физико-", "географических", "физико-географических"},
		{"Article 1 -", "scope", "Article 1 - scope"},
		{"", "x", "x"},
	}
	for _, tt := range tests {
		if got := joinLines(tt.a, tt.b); got != tt.want {
			t.Errorf("joinLines(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestPageNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"3": true, "- 3 -": true, "— 12 —": true, "－3－": true, "第 3 页": true, "第3页 共10页": true,
		"Page 3 of 10": true, "page 7": true, "Стр. 4": true, "3/10": true, "iv": true,
		"第三条": false, "Article 3": false, "2019年": false, "1. 总则": false,
	} {
		if got := pageNumber().MatchString(s); got != want {
			t.Errorf("pageNumber.MatchString(%q) = %v, want %v", s, got, want)
		}
	}
}

// line is a body line of the synthetic pages below: 12 pt type, 14 pt
// apart, from x 72 to a right margin at 523.
func line(page int, y float64, left, right float64, text string) pdfLine {
	return pdfLine{text: text, left: left, right: right, top: y + 12, bottom: y, size: 12, page: page,
		cjk: strings.ContainsFunc(text, isCJK)}
}

func TestDropPageFurniture(t *testing.T) {
	var pages [][]pdfLine
	for p := 1; p <= 4; p++ {
		n := string(rune('0' + p))
		pages = append(pages, []pdfLine{
			line(p, 800, 250, 340, "外商投资法"),
			line(p, 700, 72, 523, "第"+n+"页正文第一行"),
			line(p, 686, 72, 523, "第"+n+"页正文第二行"),
			line(p, 672, 72, 523, "第"+n+"页正文第三行"),
			line(p, 658, 72, 300, "第"+n+"页正文第四行"),
			line(p, 40, 280, 300, "- "+n+" -"),
		})
	}
	got, dropped := dropPageFurniture(pages)
	if dropped != 8 {
		t.Errorf("dropped %d lines, want 8 (4 headers, 4 page numbers)", dropped)
	}
	for p, lines := range got {
		if len(lines) != 4 {
			t.Errorf("page %d keeps %d lines, want 4", p+1, len(lines))
		}
	}
}

func TestPDFParagraphs(t *testing.T) {
	pages := [][]pdfLine{{
		{text: "第一章 总 则", left: 240, right: 330, top: 760, bottom: 744, size: 16, page: 1, cjk: true},
		line(1, 700, 72, 522, "第一条 为了进一步扩大对外开放，积极促进外商投资，保护外商投资合法权益，规范外"),
		line(1, 686, 72, 300, "商投资管理，制定本法。"),
		line(1, 672, 72, 523, "第二条 在中华人民共和国境内的外商投资，适用本法。本法所称外商投资，是指外国"),
		line(1, 658, 72, 523, "的自然人、企业或者其他组织直接或者间接在中国境内进行的投资活动，包括下列情形"),
		line(1, 644, 72, 90, "："),
		line(1, 630, 96, 400, "（一）外国投资者单独在中国境内设立外商投资企业；"),
		line(1, 40, 72, 523, "In the territories of any High Contracting Party to which the present Convention"),
	}, {
		line(2, 780, 72, 450, "applies, an arbitral award made in pursuance of an agreement shall be recog-"),
		line(2, 766, 72, 523, "nised as binding and shall be enforced in accordance with the rules of the"),
		line(2, 752, 72, 200, "procedure of the territory."),
		line(2, 738, 72, 180, "Article 2"),
	}}
	got := pdfParagraphs(pages)
	want := []block{
		{text: "第一章 总 则", page: 1},
		{text: "第一条 为了进一步扩大对外开放，积极促进外商投资，保护外商投资合法权益，规范外商投资管理，制定本法。", page: 1},
		{text: "第二条 在中华人民共和国境内的外商投资，适用本法。本法所称外商投资，是指外国的自然人、企业或者其他组织直接或者间接在中国境内进行的投资活动，包括下列情形：", page: 1},
		{text: "（一）外国投资者单独在中国境内设立外商投资企业；", page: 1},
		{text: "In the territories of any High Contracting Party to which the present Convention applies, an arbitral award made in pursuance of an agreement shall be recognised as binding and shall be enforced in accordance with the rules of the procedure of the territory.", page: 1},
		{text: "Article 2", page: 2},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(block{})); diff != "" {
		t.Errorf("pdfParagraphs (-want +got):\n%s", diff)
	}
}

func TestDropFurniture(t *testing.T) {
	in := []block{
		{text: "发布时间：2024-02-05 来源：本站 浏览次数：1024"},
		{text: "【字体：大 中 小】 打印本页 关闭窗口"},
		{text: "大中小"},
		{text: "第一条 为了规范数据资源管理，制定本办法。"},
		{text: "分享到：微信 微博 QQ空间"},
		{text: "上一篇：关于印发《2024年政务公开工作要点》的通知"},
		{text: "第二条 本办法自发布之日起施行。"},
		{text: "预览已结束，完整报告链接和二维码如下："},
		{text: "第三条 这一条在预览之后。"},
	}
	got, warns := dropFurniture(in)
	want := []block{{text: "第一条 为了规范数据资源管理，制定本办法。"}, {text: "第二条 本办法自发布之日起施行。"}}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(block{})); diff != "" {
		t.Errorf("dropFurniture (-want +got):\n%s", diff)
	}
	if len(warns) != 6 {
		t.Errorf("got %d warnings, want 6: %q", len(warns), warns)
	}
}

func TestRender(t *testing.T) {
	md, pages := render([]block{
		{kind: headingBlock, level: 2, text: "第一章 总则", page: 1},
		{kind: paraBlock, text: "", page: 1},
		{kind: paraBlock, text: "第一条 正文。", page: 1},
		{kind: tableBlock, rows: [][]string{{"事项", "单位"}, {"a|b", "c\nd", "extra"}}, page: 2},
	}, true)
	want := "## 第一章 总则\n\n第一条 正文。\n\n| 事项 | 单位 |  |\n| --- | --- | --- |\n| a\\|b | c d | extra |"
	if md != want {
		t.Errorf("render =\n%s\nwant\n%s", md, want)
	}
	if diff := cmp.Diff([]int{1, 1, 1, 1, 2, 2, 2}, pages); diff != "" {
		t.Errorf("pages (-want +got):\n%s", diff)
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  第一条\t为了\n规范  ", "第一条 为了 规范"},
		{"\u00a0\u00a0\u00a0\u00a0第二条 内容\u00a0", "第二条 内容"},
		{"\u3000\u3000第三条\u3000内容", "第三条\u3000内容"},
		{"Статья 1.\u00a0Основные понятия", "Статья 1.\u00a0Основные понятия"},
		{"soft\u00adhyphen zero\u200bwidth", "softhyphen zerowidth"},
	}
	for _, tt := range tests {
		if got := cleanText(tt.in); got != tt.want {
			t.Errorf("cleanText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPDFLinesSuperscript(t *testing.T) {
	items := []pdfItem{
		{text: "Статья 7", left: 72, right: 125, top: 714, bottom: 697, size: 12},
		{text: "1", left: 125, right: 129, top: 719, bottom: 706, size: 7},
		{text: ". Водохозяйственные мероприятия", left: 129, right: 330, top: 714, bottom: 697, size: 12},
		{text: "1. Мероприятия", left: 72, right: 170, top: 700, bottom: 683, size: 12},
	}
	var got []string
	for _, l := range pdfLines(items, 1) {
		got = append(got, l.text)
	}
	want := []string{"Статья 7¹. Водохозяйственные мероприятия", "1. Мероприятия"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pdfLines (-want +got):\n%s", diff)
	}
}

func TestSuperscript(t *testing.T) {
	if got := superscript("12a"); got != "¹²a" {
		t.Errorf("superscript(12a) = %q", got)
	}
	r, err := Convert(context.Background(), "s.html", []byte(`<html><body><article><p>Статья 7<sup>1</sup>. Водохозяйственные мероприятия по изучению, использованию и охране водных объектов.</p></article></body></html>`), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := "Статья 7¹. Водохозяйственные"; !strings.HasPrefix(r.Markdown, want) {
		t.Errorf("HTML <sup>: %q, want it to start %q", r.Markdown, want)
	}
	d := mustDOCX(t, `<w:p><w:r><w:t>Статья 7</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>1</w:t></w:r><w:r><w:t>. Водохозяйственные мероприятия</w:t></w:r></w:p>`, "", "")
	r, err = Convert(context.Background(), "s.docx", d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := "Статья 7¹. Водохозяйственные мероприятия"; r.Markdown != want {
		t.Errorf("DOCX superscript: %q, want %q", r.Markdown, want)
	}
}

func TestDropFootnotes(t *testing.T) {
	small := func(y float64, text string) pdfLine {
		l := line(1, y, 72, 300, text)
		l.size = 9
		return l
	}
	pages := [][]pdfLine{{
		line(1, 700, 72, 523, "第一条 为了规范数据资源管理，制定本办法。"),
		line(1, 686, 72, 523, "第二条 本办法适用于下列数据："),
		line(1, 672, 72, 523, "第三条 本办法所称公共数据，是指国家机关在履行职责中收集的数据。"),
		small(100, "¹ 参见《中华人民共和国数据安全法》第三条。"),
		small(88, "见第二条。"),
	}, {
		line(2, 700, 72, 523, "第四条 本办法自发布之日起施行。"),
		small(686, "（小字说明，不是脚注）"),
	}}
	got, n := dropFootnotes(pages)
	if n != 2 || len(got[0]) != 3 || len(got[1]) != 2 {
		t.Errorf("dropFootnotes dropped %d lines, pages keep %d and %d lines; want 2, 3 and 2", n, len(got[0]), len(got[1]))
	}
}

func TestUnmapped(t *testing.T) {
	chars := func(s string) []pdfChar {
		var out []pdfChar
		for _, r := range s {
			out = append(out, pdfChar{text: string(r)})
		}
		return out
	}
	for s, want := range map[string]bool{
		"第一条 为了规范管理":                   false,
		"\ue001\ue002\ue003\ue004 第一条": true,
		"\ufffd\ufffd\ufffd\ufffd 条":   true,
		"":                             false,
	} {
		if got := unmapped(chars(s)); got != want {
			t.Errorf("unmapped(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestPageLinesColumns(t *testing.T) {
	item := func(x, y float64, text string) pdfItem {
		return pdfItem{text: text, left: x, right: x + 200, top: y + 12, bottom: y, size: 12}
	}
	var two []pdfItem
	two = append(two, pdfItem{text: "Title over both columns", left: 150, right: 450, top: 760, bottom: 745, size: 14})
	const words = " of the column, long enough to be text"
	var want []string
	want = append(want, "Title over both columns")
	for i := 0; i < 12; i++ {
		y := 700 - float64(i)*14
		two = append(two, item(72, y, "left "+string(rune('a'+i))+words), item(320, y, "right "+string(rune('a'+i))+words))
	}
	for _, side := range []string{"left ", "right "} {
		for i := 0; i < 12; i++ {
			want = append(want, side+string(rune('a'+i))+words)
		}
	}
	var got []string
	for _, l := range pageLines(two, 1) {
		got = append(got, l.text)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("two columns (-want +got):\n%s", diff)
	}
	// One column of full lines has no gutter, whatever its word gaps.
	var one []pdfItem
	for i := 0; i < 12; i++ {
		y := 700 - float64(i)*14
		one = append(one, pdfItem{text: "a full line of text across the page", left: 72, right: 523, top: y + 12, bottom: y, size: 12})
	}
	if _, _, ok := gutter(one); ok {
		t.Errorf("gutter found in one column")
	}
}
