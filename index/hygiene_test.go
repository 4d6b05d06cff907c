package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
)

// unitTable loads one document and lists its units as "ref | text".
func unitTable(t *testing.T, name, text string) ([]string, *Index) {
	t.Helper()
	x := mustLoad(t, fstest.MapFS{name: {Data: []byte(text)}}, Options{})
	var out []string
	for _, c := range x.clauses {
		out = append(out, c.Ref+" | "+strings.ReplaceAll(c.Text, "\n", "⏎"))
	}
	return out, x
}

// TestTreeShapes feeds small documents of each kind in and compares every
// unit with its reference, as bleve's analysis tests compare token
// streams.
func TestTreeShapes(t *testing.T) {
	tests := []struct {
		name, file, text string
		want             []string
	}{
		{
			name: "law: 章/节 nesting, 款 and 项, U+3000 in headings",
			file: "law.txt",
			text: "某某法\n\n第一章　总　　则\n\n第一条　为了规范管理，制定本法。\n\n第二章　管理\n\n第一节　一般规定\n\n第二条　经营者应当遵守下列规定：\n（一）登记；\n（二）纳税。\n前款规定的经营者，应当公示。\n",
			want: []string{
				"第一条 | 第一条　为了规范管理，制定本法。",
				"第二条 | 第二条　经营者应当遵守下列规定：⏎（一）登记；⏎（二）纳税。⏎前款规定的经营者，应当公示。",
			},
		},
		{
			name: "policy document: 一、（一）1. with run-in titles and a lead-in",
			file: "notice.txt",
			text: "关于推进某项工作的实施意见\n\n一、总体要求\n\n到2025年，基本建成体系。\n\n二、重点任务\n\n（一）加强组织领导。各区要建立工作机制。\n\n（二）完善政策。主要包括：\n\n1.旧区改造。推进旧住房更新。\n\n2.产业更新。盘活低效用地。\n\n（三）强化保障\n\n加大资金投入。\n",
			want: []string{
				"一·1 | 到2025年，基本建成体系。",
				"二（一） | （一）加强组织领导。各区要建立工作机制。",
				"二（二）1 | 1.旧区改造。推进旧住房更新。",
				"二（二）2 | 2.产业更新。盘活低效用地。",
				"二（三）·1 | 加大资金投入。",
			},
		},
		{
			name: "Markdown: front matter, comments, fences, links, emphasis, ATX without a space, setext",
			file: "doc.md",
			text: "---\ntitle: 测试文件\n文号: 国发〔2019〕5号\n---\n\n<!-- INFO END -->\n\n##Scope\n\nSee [the site](https://example.org) for **more**.\n\n```\n# not a heading\n```\n\nPurpose\n-------\n\nThe *parties* agree.\n",
			want: []string{
				"Scope·1 | See the site for more.",
				"Scope·2 | # not a heading",
				"Purpose·1 | The parties agree.",
			},
		},
		{
			name: "a numbered heading may ask a question or hold commas",
			file: "faq.md",
			text: "# Travel policy\n\n## 1. Who may fly business class?\n\nDirectors, and staff on flights over 8 hours.\n\n## 2. Hotels, meals and taxis\n\nReceipts are required.\n",
			want: []string{
				"1·1 | Directors, and staff on flights over 8 hours.",
				"2·1 | Receipts are required.",
			},
		},
		{
			name: "treaty: chapter titles on their own heading line, numbered paragraphs and items",
			file: "treaty.md",
			text: "# Convention on Things\n\n###CHAPTER  I \n\n####SCOPE\n\n###Article 1 \n\n1. This Convention applies to things.\n2. Its objects are:\n\na)to determine the law;\n\nb)to co-operate.\n",
			want: []string{
				"Article 1 | Article 1⏎1. This Convention applies to things.⏎2. Its objects are:⏎a)to determine the law;⏎b)to co-operate.",
			},
		},
		{
			name: "Russian code: Глава/Статья with NBSP, части and пункты",
			file: "code.txt",
			text: "Кодекс\n\nГлава 1. Общие положения\n\nСтатья 7¹.\u00a0Объекты\n\n1.\u00a0Объекты бывают:\n1)\u00a0реки;\n2)\u00a0озера.\n",
			want: []string{
				"Статья 7¹ | Статья 7¹.\u00a0Объекты⏎1.\u00a0Объекты бывают:⏎1)\u00a0реки;⏎2)\u00a0озера.",
			},
		},
		{
			name: "a table of contents is dropped; table rows are clauses with their header",
			file: "toc.md",
			text: "某条例\n\n目录\n\n第一章 总则\n\n第二章 附则\n\n第一章 总则\n\n第一条 本条例适用于全省。\n\n第二章 附则\n\n| 项目 | 标准 |\n|---|---|\n| 住宿 | 500元 |\n",
			want: []string{
				"第一条 | 第一条 本条例适用于全省。",
				"第二章·1 | 项目 | 标准⏎住宿 | 500元",
			},
		},
		{
			name: "hard-wrapped plain text is joined into paragraphs",
			file: "wrapped.txt",
			text: "Memorandum\n\nI. Scope\n\nThe parties agree to exchange researchers in the fields of\nphysics, chemistry and biology, and to host each other's staff\nfor periods of up to twelve months at the institutes named in\nthe annex to this memorandum, subject to the availability of\nfunds in each year of the programme and to the rules of each\ninstitute on the use of its laboratories and other facilities.\n\nThe parties shall meet once a year to review the exchanges and\nto agree on the programme for the following year, taking into\naccount the reports of the institutes and of the researchers.\n",
			want: []string{
				"I·1 | The parties agree to exchange researchers in the fields of physics, chemistry and biology, and to host each other's staff for periods of up to twelve months at the institutes named in the annex to this memorandum, subject to the availability of funds in each year of the programme and to the rules of each institute on the use of its laboratories and other facilities.",
				"I·2 | The parties shall meet once a year to review the exchanges and to agree on the programme for the following year, taking into account the reports of the institutes and of the researchers.",
			},
		},
		{
			name: "a signature block is metadata; numbering restarts in an annex",
			file: "annex.md",
			text: "# Agreement\n\n### Article 1\n\nThe parties cooperate.\n\n### Article 2\n\nThis agreement enters into force on signature.\n\nMinister of Trade\n\n2 March 2021\n\n## Annex I\n\n### Article 1\n\nThe committee meets yearly.\n",
			want: []string{
				"Article 1 | Article 1⏎The parties cooperate.",
				"Article 2 | Article 2⏎This agreement enters into force on signature.",
				"Annex I Article 1 | Article 1⏎The committee meets yearly.",
			},
		},
		{
			name: "a notice's closing formula above its signature is no text of its last clause",
			file: "notice.txt",
			text: "某市人民政府办公厅关于做好公共数据开放工作的通知\n\n各区人民政府：\n\n一、总体要求\n\n分级分类推进公共数据开放。\n\n二、工作措施\n\n（一）编制开放清单。\n\n（二）加强安全管理。开放数据前应当进行安全评估。\n\n特此通知。\n\n某市人民政府办公厅\n2023年5月16日\n\n（此件公开发布）\n",
			want: []string{
				"0·1 | 各区人民政府：",
				"一·1 | 分级分类推进公共数据开放。",
				"二（一） | （一）编制开放清单。",
				"二（二） | （二）加强安全管理。开放数据前应当进行安全评估。",
			},
		},
		{
			name: "a title in capitals over a deeper heading is the title, not a line above it",
			file: "faq.md",
			text: "# IT FAQ\n\n## Passwords\n\nPasswords must be at least 12 characters long.\n\nChange your password every 90 days.\n\n## VPN\n\nUse the VPN when working from home.\n",
			want: []string{
				"Passwords·1 | Passwords must be at least 12 characters long.",
				"Passwords·2 | Change your password every 90 days.",
				"VPN·1 | Use the VPN when working from home.",
			},
		},
		{
			name: "and without a signature",
			file: "reply.txt",
			text: "关于某项目用地的批复\n\n一、同意该项目用地。\n\n二、请按规定办理供地手续。\n\n此复。\n",
			want: []string{
				"一 | 一、同意该项目用地。",
				"二 | 二、请按规定办理供地手续。",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, x := unitTable(t, tt.file, tt.text)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("units (-want +got):\n%s", diff)
			}
			for _, c := range x.clauses {
				if back, err := x.Clause(context.Background(), c.Ref); err != nil || back.Text != c.Text {
					t.Errorf("Clause(%q) = %q, %v", c.Ref, back.Text, err)
				}
			}
		})
	}
}

// TestMetadata checks titles, numbers and dates read from front matter,
// headers, signature blocks and treaty closings.
func TestMetadata(t *testing.T) {
	tests := []struct {
		file, text                     string
		title, number, date, effective string
	}{
		{"a.md", "---\ntitle: 测试文件\n文号: 国发〔2019〕5号\n---\n\n正文第一段。\n", "测试文件", "国发〔2019〕5号", "", ""},
		{"b.md", "<meta http-equiv='Content-Type' content='text/html' />\n\n##Verdrag inzake de bescherming van volwassenen\n\n####Convention on the Protection of Adults\n\nThe States signatory to the present Convention, have agreed as follows:\n\n###Article 1\n\nThis Convention applies.\n\nDONE at The Hague, on thirteen January 2000, in the English and French languages.\n",
			"Convention on the Protection of Adults", "", "2000-01-13", ""},
		{"c.md", "# 中华人民共和国某某法\n\n2021年8月20日 第十三届全国人民代表大会常务委员会第三十次会议通过\n\n<!-- INFO END -->\n\n第一条 为了规范，制定本法。\n\n第二条 本法自2021年11月1日起施行。\n", "中华人民共和国某某法", "", "2021-08-20", "2021-11-01"},
		{"d.txt", "\n\nРОССИЙСКАЯ ФЕДЕРАЦИЯ\n\nВодный кодекс Российской Федерации\n\nГлава 1. Общие положения\n\nСтатья 1. Понятия\n\nТекст статьи.\n\nПрезидент Российской Федерации В.Путин\n\nМосква, Кремль\n\n3 июня 2006 года\n\n№ 74-ФЗ\n", "Водный кодекс Российской Федерации", "№ 74-ФЗ", "2006-06-03", ""},
		{"f.txt", "РОССИЙСКАЯ ФЕДЕРАЦИЯ\n\nФЕДЕРАЛЬНЫЙ ЗАКОН\n\nО муниципальных библиотеках\n\nПринят Государственной Думой 12 марта 2024 года\n\nСтатья 1. Предмет регулирования\n\nНастоящий Федеральный закон регулирует отношения.\n\nСтатья 2. Вступление в силу настоящего Федерального закона\n\nНастоящий Федеральный закон вступает в силу с 1 сентября 2024 года.\n\nПрезидент Российской Федерации\n\nМосква, Кремль\n\n20 марта 2024 года\n\n№ 55-ФЗ\n",
			"О муниципальных библиотеках", "№ 55-ФЗ", "2024-03-20", "2024-09-01"},
		{"g.txt", "中华人民共和国主席令\n\n第五十三号\n\n中华人民共和国某某法\n\n第一条 为了规范，制定本法。\n\n第二条 本法自2017年6月1日起施行。\n", "中华人民共和国某某法", "", "", "2017-06-01"},
		{"h.txt", "Remote Working Regulation 2024\n\nArticle 1 — Purpose\n\nThe purpose of this Regulation is to set minimum standards.\n\nArticle 2 — Commencement\n\nThis Regulation shall come into force on 1 January 2025.\n", "Remote Working Regulation 2024", "", "", "2025-01-01"},
		{"i.txt", "The Remote Working Regulations 2024\n\n1. Citation and commencement\n\nThese Regulations may be cited as the Remote Working Regulations 2024 and come into force on 6th April 2024.\n\n2. Interpretation\n\nIn these Regulations the Act of 1996, which came into force on 22 August 1996, applies.\n", "The Remote Working Regulations 2024", "", "", "2024-04-06"},
		{"j.txt", "Закон о пользовании\n\nСтатья 1. Вступление в силу\n\nНастоящий закон вступает в силу со дня его официального опубликования, статья 5 — 1 января 2026 года.\n", "Закон о пользовании", "", "", ""},
		{"k.txt", "STATUTORY INSTRUMENTS\n\n2024 No. 123\n\nEMPLOYMENT\n\nThe Remote Working Regulations 2024\n\nMade 1st March 2024\n\n1. Citation and commencement\n\nThese Regulations may be cited as the Remote Working Regulations 2024 and come into force on 6th April 2024.\n", "The Remote Working Regulations 2024", "", "2024-03-01", "2024-04-06"},
		{"e.md", "# 最高人民法院关于适用《某法》若干问题的解释\n\n最高人民法院\n\n关于适用《某法》\n\n若干问题的解释\n\n法释〔2022〕9号\n\n为正确审理案件，制定本解释。\n\n第一条 本解释适用于全国。\n", "最高人民法院关于适用《某法》若干问题的解释", "法释〔2022〕9号", "", ""},
	}
	for _, tt := range tests {
		_, x := unitTable(t, tt.file, tt.text)
		d := x.Documents()[0]
		got := []string{d.Title, d.Number, d.Date, d.Effective}
		if diff := cmp.Diff([]string{tt.title, tt.number, tt.date, tt.effective}, got); diff != "" {
			t.Errorf("%s: title, number, date, effective (-want +got):\n%s", tt.file, diff)
		}
		for _, c := range x.clauses {
			if strings.Contains(c.Text, "最高人民法院") && tt.file == "e.md" || strings.Contains(c.Text, "Путин") {
				t.Errorf("%s: metadata indexed as a clause: %s %q", tt.file, c.Ref, c.Text)
			}
		}
	}
}

// TestHostileFolder loads a folder holding a FIFO named like a document
// and a link to /dev/zero: neither is opened (reading them would block or
// never end), each gets a warning naming it, and the real document loads.
func TestHostileFolder(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ok.txt"), []byte("标题\n\n一\n\n正文。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var x *Index
	var err error
	go func() {
		defer close(done)
		x, err = Load(context.Background(), os.DirFS(dir), Options{})
	}()
	select {
	case <-done:
	case <-time.After(time.Minute): // a hang, not a slow machine
		t.Fatal("Load blocked on a FIFO or an endless file")
	}
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	warned := map[string]string{}
	for _, w := range x.Warnings() {
		warned[w.File] += w.Msg
	}
	for _, f := range []string{"pipe.txt", "zero.txt"} {
		if !strings.Contains(warned[f], "not a regular file") {
			t.Errorf("warnings for %s = %q, want 'not a regular file'", f, warned[f])
		}
	}
	if len(x.Documents()) != 1 {
		t.Errorf("loaded %d documents, want ok.txt alone", len(x.Documents()))
	}
}

// TestUnreadableFolder: a folder that cannot be read gives its cause, not
// "no documents found" (issue 13, item 9).
func TestUnreadableFolder(t *testing.T) {
	_, err := Load(context.Background(), os.DirFS(filepath.Join(t.TempDir(), "missing")), Options{})
	if err == nil || !strings.Contains(err.Error(), "cannot read the documents folder") || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("Load(missing folder) = %v, want the folder's own error", err)
	}
}

// TestCopiesDropped: the same document twice in a folder (a copy, or the
// .md and another format of it) loads once, with a warning naming both,
// and answers as the one copy does.
func TestCopiesDropped(t *testing.T) {
	law := "某某办法\n\n第一条 为了规范共享单车押金管理，制定本办法。\n\n第二条 押金应当在用户申请后七日内退还。\n"
	copyText := strings.ReplaceAll(law, "办法。", "办法。 ") // white space differs, as across formats
	one := mustLoad(t, fstest.MapFS{"a.md": {Data: []byte(law)}}, Options{})
	two := mustLoad(t, fstest.MapFS{"a.md": {Data: []byte(law)}, "b.txt": {Data: []byte(copyText)}}, Options{})
	if n := len(two.Documents()); n != 1 {
		t.Fatalf("loaded %d documents, want 1", n)
	}
	found := false
	for _, w := range two.Warnings() {
		found = found || w.File == "b.txt" && strings.Contains(w.Msg, "same text as a.md")
	}
	if !found {
		t.Errorf("no warning that b.txt copies a.md: %v", two.Warnings())
	}
	for _, q := range []string{"押金多久退还", "押金什么时候退"} {
		a, b := mustSearch(t, one, q), mustSearch(t, two, q)
		if len(a.Hits) != len(b.Hits) || len(a.Hits) > 0 && a.Hits[0].Ref != b.Hits[0].Ref {
			t.Errorf("%s: one copy answers %v, two answer %v", q, a.Hits, b.Hits)
		}
	}
}

// TestAmendedVersionKept: a document that differs from an earlier one in
// one clause (an amended deadline) is not a copy: both are kept, each
// answers with its own text, and a warning names both.
func TestAmendedVersionKept(t *testing.T) {
	var b strings.Builder
	b.WriteString("某某办法\n\n")
	for i, n := range []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"} {
		fmt.Fprintf(&b, "第%s条 第%d项规定的内容由主管部门负责解释。\n\n", n, i+1)
	}
	old := b.String() + "第十三条 押金应当在用户申请后七日内退还。\n"
	amended := b.String() + "第十三条 押金应当在用户申请后三日内退还。\n"
	x := mustLoad(t, fstest.MapFS{"a-2025.md": {Data: []byte(old)}, "b-2026.md": {Data: []byte(amended)}}, Options{})
	if n := len(x.Documents()); n != 2 {
		t.Fatalf("loaded %d documents, want both versions", n)
	}
	found := false
	for _, w := range x.Warnings() {
		found = found || w.File == "b-2026.md" && strings.Contains(w.Msg, "nearly the same text as a-2025.md (1 of its 13 clauses differs)")
	}
	if !found {
		t.Errorf("no warning naming both versions: %v", x.Warnings())
	}
	r := mustSearch(t, x, "押金几日内退还")
	var texts []string
	for _, h := range r.Hits {
		texts = append(texts, h.Text)
	}
	if all := strings.Join(texts, "|"); !strings.Contains(all, "三日内退还") || !strings.Contains(all, "七日内退还") {
		t.Errorf("hits %q; want both versions' clause", texts)
	}
}

// TestLinkedFolderIsNamed: a link to a folder inside the documents folder
// is not followed, and the load says so, naming the link; a linked file
// is read like any other.
func TestLinkedFolderIsNamed(t *testing.T) {
	root := t.TempDir()
	elsewhere := filepath.Join(root, "elsewhere")
	docs := filepath.Join(root, "docs")
	for _, d := range []string{elsewhere, docs} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	law := "第一条 为了规范图书馆管理，制定本办法。\n第二条 本办法自公布之日起施行。\n"
	if err := os.WriteFile(filepath.Join(elsewhere, "law.txt"), []byte(law), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(docs, "own.txt"), []byte("第一条 档案应当妥善保管。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, filepath.Join(docs, "linked")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if err := os.Symlink(filepath.Join(elsewhere, "law.txt"), filepath.Join(docs, "law-link.txt")); err != nil {
		t.Fatal(err)
	}
	x, err := Load(context.Background(), os.DirFS(docs), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	var named bool
	for _, w := range x.Warnings() {
		named = named || w.File == "linked" && strings.Contains(w.Msg, "link to a folder")
	}
	if !named {
		t.Errorf("warnings %v; want one naming the linked folder", x.Warnings())
	}
	if n := len(x.Documents()); n != 2 {
		t.Errorf("%d documents; want own.txt and the linked file law-link.txt", n)
	}
}

// TestCopyKeepsShallowerFile: of two files with the same text, the one
// nearer the top of the folder is kept and the copy in a subfolder is
// the one skipped, whatever their names sort as.
func TestCopyKeepsShallowerFile(t *testing.T) {
	law := []byte("# 某市图书馆管理办法\n\n第一条 为了规范图书馆管理，制定本办法。\n\n第二条 本办法自公布之日起施行。\n")
	x := mustLoad(t, fstest.MapFS{
		"图书馆管理办法.md": {Data: law},
		"a/copy.md":  {Data: law},
	}, Options{})
	docs := x.Documents()
	if len(docs) != 1 || docs[0].File != "图书馆管理办法.md" {
		t.Errorf("kept %+v; want 图书馆管理办法.md", docs)
	}
	var named bool
	for _, w := range x.Warnings() {
		named = named || w.File == "a/copy.md" && strings.Contains(w.Msg, "the same text as 图书馆管理办法.md")
	}
	if !named {
		t.Errorf("warnings %v; want a/copy.md skipped as a copy", x.Warnings())
	}
}
