package index

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"clausebot/bot"
)

// partsOf lists a clause's parts as "ref | first line".
func partsOf(t *testing.T, x *Index, ref string) []string {
	t.Helper()
	c, err := x.Clause(context.Background(), ref)
	if err != nil {
		t.Fatalf("Clause(%q): %v", ref, err)
	}
	var out []string
	for _, p := range c.Parts {
		line, _, _ := strings.Cut(c.Text[p.Start:p.End], "\n")
		out = append(out, strings.TrimPrefix(p.Ref, c.DocID+":")+" | "+line)
	}
	return out
}

// TestArticleParagraphsAndPoints checks how an article's paragraphs and
// points are referenced in each drafting style: "(1)" paragraphs of an
// English article (UK, Commonwealth, EU) as "1." ones, with their points
// "(a)" under them (Article 4(2)(a)); the points of an article with one
// unnumbered paragraph as the article's own, without a paragraph the
// document does not have (Article 3(b), Статья 2 п. 3); Chinese 款 counted
// as before (第五条第一款第（二）项), and Russian части "1." with пункты
// "1)". Every form people type finds its part: Article 4, paragraph 2, and
// a paragraph 1 typed for an article that has none (Article 3(1)(b)).
func TestArticleParagraphsAndPoints(t *testing.T) {
	x := mustLoad(t, fstest.MapFS{
		"reg.txt": {Data: []byte(`Remote Working Regulation 2024

Article 3 — Definitions

In this Regulation:

(a) "remote work" means work carried out at a place other than the employer's premises;

(b) "remote worker" means an employee who performs remote work.

Article 4 — Right to request remote work

(1) An employee may make a written request to the employer to work remotely.

(2) The employer shall reply in writing within 4 weeks.

(3) The employer may refuse a request only on the following grounds:

(a) the nature of the work cannot be performed remotely;

(b) the additional costs would be disproportionate.

(4) An employee may make no more than two requests in 12 months.

Article 5 — Agreement

1. A remote working arrangement shall be set out in a written agreement.

2. The agreement shall specify:

(a) the place where remote work is performed;

(b) the equipment to be provided.

Article 6 — Notices

A notice shall be in writing.

A notice may be sent by email.
`)},
		"zakon.txt": {Data: []byte(`О библиотеках

Статья 2. Основные понятия

Для целей настоящего Федерального закона используются следующие основные понятия:

1) муниципальная библиотека - библиотека, учредителем которой является орган местного самоуправления;

2) пользователь библиотеки - лицо, пользующееся услугами библиотеки;

3) читательский билет - документ, удостоверяющий право пользователя.

Статья 3. Право на обслуживание

1. Каждый гражданин имеет право на бесплатное обслуживание.

2. Пользователи имеют право:

1) получать документы во временное пользование;

2) пользоваться электронным каталогом.
`)},
		"banfa.txt": {Data: []byte(`数据安全管理办法

第五条 公共数据分为以下级别：

（一）核心数据；

（二）重要数据。

个人信息按照一般数据进行管理。
`)},
	}, Options{})
	for ref, want := range map[string][]string{
		"reg:Article 3": {"Article 3(a) | (a) \"remote work\" means work carried out at a place other than the employer's premises;",
			"Article 3(b) | (b) \"remote worker\" means an employee who performs remote work."},
		"reg:Article 4": {"Article 4(1) | (1) An employee may make a written request to the employer to work remotely.",
			"Article 4(2) | (2) The employer shall reply in writing within 4 weeks.",
			"Article 4(3) | (3) The employer may refuse a request only on the following grounds:",
			"Article 4(3)(a) | (a) the nature of the work cannot be performed remotely;",
			"Article 4(3)(b) | (b) the additional costs would be disproportionate.",
			"Article 4(4) | (4) An employee may make no more than two requests in 12 months."},
		"reg:Article 5": {"Article 5(1) | 1. A remote working arrangement shall be set out in a written agreement.",
			"Article 5(2) | 2. The agreement shall specify:",
			"Article 5(2)(a) | (a) the place where remote work is performed;",
			"Article 5(2)(b) | (b) the equipment to be provided."},
		"reg:Article 6": {"Article 6(1) | A notice shall be in writing.", "Article 6(2) | A notice may be sent by email."},
		"zakon:Статья 2": {"Статья 2 п. 1 | 1) муниципальная библиотека - библиотека, учредителем которой является орган местного самоуправления;",
			"Статья 2 п. 2 | 2) пользователь библиотеки - лицо, пользующееся услугами библиотеки;",
			"Статья 2 п. 3 | 3) читательский билет - документ, удостоверяющий право пользователя."},
		"zakon:Статья 3": {"Статья 3 ч. 1 | 1. Каждый гражданин имеет право на бесплатное обслуживание.",
			"Статья 3 ч. 2 | 2. Пользователи имеют право:",
			"Статья 3 ч. 2 п. 1 | 1) получать документы во временное пользование;",
			"Статья 3 ч. 2 п. 2 | 2) пользоваться электронным каталогом."},
		"banfa:第五条": {"第五条第一款 | 公共数据分为以下级别：",
			"第五条第一款第（一）项 | （一）核心数据；",
			"第五条第一款第（二）项 | （二）重要数据。",
			"第五条第二款 | 个人信息按照一般数据进行管理。"},
	} {
		if got := partsOf(t, x, ref); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s parts:\n%s\nwant:\n%s", ref, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	for typed, want := range map[string]string{
		"reg:Article 4(2)":              "reg:Article 4(2)",
		"reg:Art. 4(3)(b)":              "reg:Article 4(3)(b)",
		"reg:Article 4, paragraph 2":    "reg:Article 4(2)",
		"reg:Article 3(b)":              "reg:Article 3(b)",
		"reg:Article 3(1)(b)":           "reg:Article 3(b)",
		"reg:Article 3(1)":              "reg:Article 3",
		"reg:Article 5(2)(a)":           "reg:Article 5(2)(a)",
		"zakon:Статья 2 п. 3":           "zakon:Статья 2 п. 3",
		"zakon:Статья 2 ч. 1 п. 3":      "zakon:Статья 2 п. 3",
		"zakon:п. 3 ст. 2":              "zakon:Статья 2 п. 3",
		"zakon:ст. 3 ч. 2 п. 1":         "zakon:Статья 3 ч. 2 п. 1",
		"banfa:第五条第（二）项":                "banfa:第五条第一款第（二）项",
		"banfa:第五条第二款":                  "banfa:第五条第二款",
		"reg:Article 6, paragraph 2":    "reg:Article 6(2)",
		"zakon:Статья 3 ч. 1":           "zakon:Статья 3 ч. 1",
		"reg:article 4 (3) (a)":         "reg:Article 4(3)(a)",
		"reg:Article 4 paragraph 3 (a)": "reg:Article 4(3)(a)",
	} {
		c, err := x.Clause(context.Background(), typed)
		if err != nil || c.Ref != want {
			t.Errorf("Clause(%q) = %q, %v; want %q", typed, c.Ref, err, want)
		}
	}
}

// TestArticleHeadingQuoted checks that an article's text starts with its
// heading as printed, in every language, so a quote of it can be found in
// the document: "第三条 …", "Article 10 — Complaints", "Статья 5.
// Обязанности пользователей", a title on a Markdown heading line of its
// own under the number, and an English article's first paragraph run in
// after its number (it was dropped when more paragraphs followed). The
// title still raises its article (titleCoverage).
func TestArticleHeadingQuoted(t *testing.T) {
	x := mustLoad(t, fstest.MapFS{
		"reg.txt":   {Data: []byte("Remote Working Regulation\n\nArticle 10 — Complaints\n\n(1) An employee may present a complaint to the Labour Inspectorate.\n\n(2) The Inspectorate may order compensation.\n\nArticle 11 The employer shall keep records; and shall produce them on request.\n\nRecords shall be kept for three years.\n\nArticle 12 — Commencement\n\nThis Regulation shall come into force on 1 January 2025.\n")},
		"zakon.txt": {Data: []byte("О библиотеках\n\nСтатья 5. Обязанности пользователей\n\n1. Пользователи библиотек обязаны соблюдать правила.\n\n2. Пользователь, утративший билет, сообщает об этом.\n\nСтатья 6. Водоохранные зоны\n\nЗдесь сказано про другое.\n")},
		"treaty.md": {Data: []byte("# Test Treaty\n\n### Article  1\n\n#### Objectives\n\n1. The objectives are cooperation.\n\n2. And exchange.\n\n### Article 2\n\n#### Notifications\n\nThe Secretary General shall notify the Parties\n\n### Article 3\n\nThe Parties shall cooperate in good faith\n")},
		"banfa.txt": {Data: []byte("数据安全管理办法\n\n第三条 本办法所称公共数据，是指各类数据。\n\n本办法所称数据安全事件，是指泄露事件。\n")},
	}, Options{})
	ctx := context.Background()
	for ref, want := range map[string]string{
		"reg:Article 10":    "Article 10 — Complaints\n(1) An employee may present a complaint to the Labour Inspectorate.\n(2) The Inspectorate may order compensation.",
		"reg:Article 11":    "Article 11 The employer shall keep records; and shall produce them on request.\nRecords shall be kept for three years.",
		"reg:Article 11(1)": "The employer shall keep records; and shall produce them on request.",
		"reg:Article 11(2)": "Records shall be kept for three years.",
		"reg:Article 12":    "Article 12 — Commencement\nThis Regulation shall come into force on 1 January 2025.",
		"zakon:Статья 5":    "Статья 5. Обязанности пользователей\n1. Пользователи библиотек обязаны соблюдать правила.\n2. Пользователь, утративший билет, сообщает об этом.",
		"treaty:Article 1":  "Article  1\nObjectives\n1. The objectives are cooperation.\n2. And exchange.",
		"banfa:第三条":         "第三条 本办法所称公共数据，是指各类数据。\n本办法所称数据安全事件，是指泄露事件。",
	} {
		c, err := x.Clause(ctx, ref)
		if err != nil || c.Text != want {
			t.Errorf("Clause(%q) = %q, %v; want %q", ref, c.Text, err, want)
		}
	}
	for q, want := range map[string]string{
		"водоохранные зоны":         "zakon:Статья 6",
		"What are the objectives?":  "treaty:Article 1",
		"When is the commencement?": "reg:Article 12",
	} {
		res, err := x.Search(ctx, bot.Query{Text: q})
		if err != nil || len(res.Hits) == 0 || res.Hits[0].Ref != want {
			t.Errorf("Search(%q) = %v, %v; want %s first", q, res.Hits, err, want)
		}
	}
	for ref, lines := range map[string]int{"reg:Article 10": 1, "reg:Article 12": 1, "zakon:Статья 5": 1, "treaty:Article 1": 2, "banfa:第三条": 1, "reg:Article 11": 1, "treaty:Article 2": 2, "treaty:Article 3": 0} {
		c, err := x.lookup(ref, false)
		if err != nil {
			t.Fatal(err)
		}
		cl := &x.clauses[c.unit]
		if got := headingLines(cl, string(cl.appendNorm(nil))); got != lines {
			t.Errorf("headingLines(%s) = %d, want %d", ref, got, lines)
		}
	}
}

// TestMarkdownSavedAsText checks that a Markdown law saved as .txt reads
// as the .md does: its title without the "# ", its chapters ("## 第二章 …")
// as sections a reference names, the same units with the same references
// and texts.
func TestMarkdownSavedAsText(t *testing.T) {
	src := []byte("# 某市公共数据安全管理办法\n\n## 第一章 总则\n\n第一条 为了规范公共数据处理活动，制定本办法。\n\n第二条 本办法适用于本市。\n\n## 第二章 数据分类分级\n\n第三条 公共数据分为以下级别：\n\n（一）核心数据；\n\n（二）一般数据。\n")
	load := func(name string) ([]string, *Index) {
		x := mustLoad(t, fstest.MapFS{name: {Data: src}}, Options{})
		d := x.Documents()[0]
		out := []string{"title " + d.Title}
		for _, s := range d.Sections {
			out = append(out, "section "+s.Label)
		}
		for _, c := range publicClauses(x) {
			out = append(out, c.Ref+" | "+c.Text)
		}
		return out, x
	}
	md, _ := load("banfa.md")
	txt, x := load("banfa.txt")
	if strings.Join(md, "\n") != strings.Join(txt, "\n") {
		t.Errorf(".txt reads\n%s\nwant as .md\n%s", strings.Join(txt, "\n"), strings.Join(md, "\n"))
	}
	if want := "title 某市公共数据安全管理办法"; txt[0] != want {
		t.Errorf(".txt: %s, want %s", txt[0], want)
	}
	cls, err := x.Section(context.Background(), "第二章")
	if err != nil || len(cls) != 1 || cls[0].Ref != "第三条" {
		t.Errorf(`Section("第二章") = %v, %v; want 第三条`, cls, err)
	}
}

// TestSearchCitesParagraph: a question citing a paragraph (Article 4(2),
// "Article 4, paragraph 2", 第二十二条第二款) is answered with that
// paragraph under its own reference, as the clause command gives it, not
// with the whole article; citing the article still gives all of it.
func TestSearchCitesParagraph(t *testing.T) {
	x := mustLoad(t, fstest.MapFS{"reg.txt": {Data: []byte(`Remote Working Regulation 2024

Article 4 — Right to request remote work

(1) An employee may make a written request to the employer to work remotely.

(2) The employer shall reply in writing within 4 weeks.
`)}, "法.txt": {Data: []byte(`中华人民共和国远程办公法

第一条 为了规范远程办公，制定本法。

第二条 用人单位应当保障劳动者的休息权利。

用人单位不得要求劳动者在休息时间回复工作消息。
`)}, "zakon.txt": {Data: []byte(`О библиотеках

Статья 3. Право на обслуживание

1. Каждый гражданин имеет право на бесплатное обслуживание.

2. Пользователи имеют право:

1) получать документы во временное пользование;

2) пользоваться электронным каталогом.
`)}}, Options{})
	for q, want := range map[string]string{
		"What does Article 4(2) say?":     "reg:Article 4(2)|The employer shall reply in writing",
		"Article 4, paragraph 2":          "reg:Article 4(2)|The employer shall reply in writing",
		"远程办公法第二条第二款说了什么":                 "法:第二条第二款|不得要求劳动者在休息时间回复",
		"What does Article 4 say?":        "reg:Article 4|An employee may make a written request",
		"Что говорит статья 3 ч. 2 п. 2?": "zakon:Статья 3 ч. 2 п. 2|пользоваться электронным каталогом",
		"ч. 1 ст. 3":                      "zakon:Статья 3 ч. 1|бесплатное обслуживание",
		"пункт 1 части 2 статьи 3":        "zakon:Статья 3 ч. 2 п. 1|во временное пользование",
	} {
		wantRef, wantText, _ := strings.Cut(want, "|")
		r := mustSearch(t, x, q)
		if len(r.Hits) == 0 {
			t.Errorf("%s: no hits; want %s", q, wantRef)
			continue
		}
		c := r.Hits[0].Clause
		if c.Ref != wantRef || !strings.Contains(c.Text, wantText) {
			t.Errorf("%s: %s %q; want %s with %q", q, c.Ref, c.Text, wantRef, wantText)
		}
		if strings.HasSuffix(wantRef, "(2)") && strings.Contains(c.Text, "(1)") {
			t.Errorf("%s: the answer holds paragraph (1) too: %q", q, c.Text)
		}
	}
}

// TestSearchCitesMissingPart checks that a question citing a paragraph or
// item an article does not have ("Article 4(9)", 第二条第九款, "статья 3
// ч. 7") is told the part is not there (ENOTFOUND, naming the article's
// parts as the clause command does), not shown the whole article as if it
// were the part, nor Article 9 found by the number alone.
func TestSearchCitesMissingPart(t *testing.T) {
	x := mustLoad(t, fstest.MapFS{"reg.txt": {Data: []byte(`Remote Working Regulation 2024

Article 4 — Right to request remote work

(1) An employee may make a written request to the employer to work remotely.

(2) The employer shall reply in writing within 4 weeks.

Article 9 — Review

This Regulation shall be reviewed every 9 years.
`)}, "法.txt": {Data: []byte(`中华人民共和国远程办公法

第二条 用人单位应当保障劳动者的休息权利。

用人单位不得要求劳动者在休息时间回复工作消息。

第九条 本法自公布之日起施行。
`)}, "zakon.txt": {Data: []byte(`О библиотеках

Статья 3. Право на обслуживание

1. Каждый гражданин имеет право на бесплатное обслуживание.

2. Пользователи имеют право получать документы.
`)}}, Options{})
	for _, q := range []string{"What does Article 4(9) say?", "Article 4, paragraph 9", "远程办公法第二条第九款", "Что говорит статья 3 ч. 7?"} {
		r, err := x.Search(context.Background(), bot.Query{Text: q})
		if err == nil {
			ref := ""
			if len(r.Hits) > 0 {
				ref = r.Hits[0].Clause.Ref
			}
			t.Errorf("%s: no error, answer %q; want the part reported missing", q, ref)
			continue
		}
		if bot.ErrorCode(err) != bot.ENOTFOUND {
			t.Errorf("%s: error %v (code %q); want ENOTFOUND", q, err, bot.ErrorCode(err))
		}
	}
}

// TestRussianPointsStyle: a Russian code whose own cross-references cite
// its articles' "1." paragraphs as пункты (the Civil Code: "пунктом 1
// настоящей статьи") prints them "п." and their "1)" lists "пп.", and
// finds them by every form a lawyer types (п. 2 ст. 1142, пункт 2 статьи
// 1142, подпункт 1 пункта 1 статьи 1127, ч. 2 too); a code that cites
// части (the Water Code: "частью 2 настоящей статьи") keeps "ч." and
// "п.". A trial's "ГК п. 2 ст. 1142" got "there is no clause".
func TestRussianPointsStyle(t *testing.T) {
	x := mustLoad(t, fstest.MapFS{
		"gk.txt": {Data: []byte(`Гражданский кодекс Российской Федерации

Статья 1127. Завещания, приравниваемые к нотариально удостоверенным

1. Приравниваются к нотариально удостоверенным завещаниям:
1) завещания граждан, находящихся на излечении в больницах;
2) завещания граждан, находящихся во время плавания на судах.
2. Завещание, указанное в пункте 1 настоящей статьи, должно быть подписано.

Статья 1142. Наследники первой очереди

1. Наследниками первой очереди по закону являются дети, супруг и родители наследодателя.
2. Внуки наследодателя наследуют по праву представления, как сказано в пункте 1 статьи 1146.
`)},
		"vk.txt": {Data: []byte(`Водный кодекс Российской Федерации

Статья 65. Водоохранные зоны

1. Водоохранными зонами являются территории, которые примыкают к береговой линии.
2. В границах водоохранных зон запрещаются:
1) использование сточных вод;
2) размещение кладбищ.
3. Ширина водоохранной зоны, указанной в части 2 настоящей статьи, устанавливается от береговой линии, а в случае, предусмотренном частью 1 настоящей статьи, иначе.
`)},
	}, Options{})
	for _, c := range []struct{ typed, want string }{
		{"gk:п. 2 ст. 1142", "gk:Статья 1142 п. 2"},
		{"gk:Статья 1142 п. 2", "gk:Статья 1142 п. 2"},
		{"gk:пункт 2 статьи 1142", "gk:Статья 1142 п. 2"},
		{"gk:ч. 2 ст. 1142", "gk:Статья 1142 п. 2"},
		{"gk:подпункт 1 пункта 1 статьи 1127", "gk:Статья 1127 п. 1 пп. 1"},
		{"gk:ст. 1127 п. 1 пп. 2", "gk:Статья 1127 п. 1 пп. 2"},
		{"vk:ч. 2 ст. 65", "vk:Статья 65 ч. 2"},
		{"vk:части 3 статьи 65", "vk:Статья 65 ч. 3"},
		{"vk:Статья 65 ч. 2 п. 1", "vk:Статья 65 ч. 2 п. 1"},
		{"vk:п. 3 ст. 65", "vk:Статья 65 ч. 3"}, // a пункт typed for the part: as people write
	} {
		got, err := x.Clause(context.Background(), c.typed)
		if err != nil {
			t.Errorf("Clause(%q): %v", c.typed, err)
			continue
		}
		if got.Ref != c.want {
			t.Errorf("Clause(%q) = %s, want %s", c.typed, got.Ref, c.want)
		}
	}
	res, err := x.Search(context.Background(), bot.Query{Text: "Что сказано в подпункте 2 пункта 1 статьи 1127?", Limit: 3})
	if err != nil || len(res.Hits) == 0 || res.Hits[0].Ref != "gk:Статья 1127 п. 1 пп. 2" {
		t.Errorf("a question citing подпункт 2 пункта 1 статьи 1127: %v, %v; want gk:Статья 1127 п. 1 пп. 2", res.Hits, err)
	}
	if _, err := x.Clause(context.Background(), "gk:Статья 1127 п. 1 п. 1"); err == nil {
		t.Error(`"Статья 1127 п. 1 п. 1" found a clause: a подпункт is typed пп. in the Civil Code`)
	}
}
