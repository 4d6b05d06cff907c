package index

import (
	"context"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"clausebot/bot"
)

func TestVersionName(t *testing.T) {
	for _, c := range []struct{ file, shared, lang string }{
		{"communique.zh.txt", "communique", "zh"},
		{"laws/treaty.RU.md", "laws/treaty", "ru"},
		{"a.en.docx", "a", "en"},
		{"report.txt", "", ""},
		{"v1.2.md", "", ""},
		{"zh.md", "", ""},
		{"laws/zh/fish.zh.md", "laws/fish", "zh"},
		{"RU/fish.ru.txt", "fish", "ru"},
		// found by a trial: each was loaded as a document of its own
		{"pact.zh-CN.md", "pact", "zh"},
		{"pact.EN.md", "pact", "en"},
		{"pact_en.md", "pact", "en"},
		{"pact-ru.md", "pact", "ru"},
		{"zh/pact.md", "pact", "zh"},
		{"laws/ru/pact.md", "laws/pact", "ru"},
		{"pact.zh_Hans.md", "pact", "zh"},
		{"pact.zh-abc.md", "", ""}, // not a region
		{"en-route.md", "", ""},
		{"report-2019.md", "", ""},
	} {
		shared, lang, _ := versionName(c.file)
		if shared != c.shared || lang != c.lang {
			t.Errorf("versionName(%q) = %q, %q; want %q, %q", c.file, shared, lang, c.shared, c.lang)
		}
	}
}

// TestVersions loads a Chinese, Russian and English text of one agreement
// (testdata/versions, written for this test; the English one lacks
// Article 6) and checks that each answer carries the same clause of the
// other versions, that every version's reference finds that clause, and
// that the missing article is reported.
func TestVersions(t *testing.T) {
	x, err := Load(context.Background(), os.DirFS("testdata/versions"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for _, c := range []struct {
		q, ref  string
		want    map[string]string // language → reference of the version
		wantLen int
	}{
		{"知识产权怎么分配", "agreement-zh:第五条", map[string]string{"ru": "agreement-ru:Статья 5", "en": "agreement-en:Article 5"}, 2},
		{"Как распределяется интеллектуальная собственность?", "agreement-ru:Статья 5", map[string]string{"zh": "agreement-zh:第五条", "en": "agreement-en:Article 5"}, 2},
		{"How often does the Commission meet?", "agreement-en:Article 4", map[string]string{"zh": "agreement-zh:第四条", "ru": "agreement-ru:Статья 4"}, 2},
		{"协定有效期多久", "agreement-zh:第六条", map[string]string{"ru": "agreement-ru:Статья 6"}, 1},
	} {
		r := mustSearch(t, x, c.q)
		if len(r.Hits) == 0 || r.Hits[0].Ref != c.ref {
			t.Errorf("%s: got %v, want %s first", c.q, r.Hits, c.ref)
			continue
		}
		h := r.Hits[0]
		if len(h.Versions) != c.wantLen {
			t.Errorf("%s: %d versions %v, want %d", c.q, len(h.Versions), h.Versions, c.wantLen)
		}
		for _, v := range h.Versions {
			// The English text lacks Статья 6: its pairings with the
			// others are by numbering over differing structures, and say
			// so; the Chinese and Russian texts align.
			if en := v.Lang == "en" || strings.HasPrefix(h.Ref, "agreement-en:"); v.Unaligned != en {
				t.Errorf("%s: %s version Unaligned %v, want %v", c.q, v.Lang, v.Unaligned, en)
			}
			if want := c.want[v.Lang]; v.Ref != want {
				t.Errorf("%s: %s version %s, want %q", c.q, v.Lang, v.Ref, want)
			}
			got, err := x.Clause(context.Background(), v.Ref)
			if err != nil || got.Text != v.Text {
				t.Errorf("%s: Clause(%s) = %q, %v; want the version's text %q", c.q, v.Ref, got.Text, err, v.Text)
			}
		}
	}
	found := false
	for _, w := range x.Warnings() {
		found = found || strings.Contains(w.Msg, "do not align") && strings.Contains(w.Msg, "Статья 6") && strings.Contains(w.Msg, "agreement.en.md")
	}
	if !found {
		t.Errorf("no warning that agreement.en.md lacks Статья 6: %v", x.Warnings())
	}
	for _, d := range x.Documents() {
		if d.VersionOf != "agreement" {
			t.Errorf("%s: VersionOf %q, want agreement", d.File, d.VersionOf)
		}
	}
}

// TestVersionsNeedTags checks that documents are linked only by a declared
// language tag: two unrelated laws with the same numbering are not
// versions, and two files tagged with the same language are not either.
func TestVersionsNeedTags(t *testing.T) {
	a := "甲办法\n\n第一条 为了规范共享单车押金管理，制定本办法。\n"
	b := "乙办法\n\n第一条 为了规范快递包装管理，制定本办法。\n"
	for name, fs := range map[string]fstest.MapFS{
		"untagged":  {"a.md": {Data: []byte(a)}, "b.md": {Data: []byte(b)}},
		"same lang": {"x.zh.md": {Data: []byte(a)}, "sub/x.zh.md": {Data: []byte(b)}, "x.zh.txt": {Data: []byte(b + "\n第二条 另一条。\n")}},
	} {
		x := mustLoad(t, fs, Options{})
		for _, q := range []string{"共享单车押金", "快递包装"} {
			r := mustSearch(t, x, q)
			if len(r.Hits) == 0 {
				t.Fatalf("%s: %s: no answer", name, q)
			}
			if v := r.Hits[0].Versions; len(v) != 0 {
				t.Errorf("%s: %s: linked to %v, want no versions", name, q, v)
			}
		}
	}
}

// TestVersionsFrontMatter checks that front matter can declare versions
// when the file names say nothing.
func TestVersionsFrontMatter(t *testing.T) {
	zh := "---\ntitle: 甲协定\nversion_of: pact\nlang: zh\n---\n\n第一条 双方在海关领域开展合作。\n\n第二条 本协定自签字之日起生效。\n"
	ru := "---\ntitle: Соглашение А\nversion_of: pact\n---\n\nСтатья 1. Стороны сотрудничают в таможенной сфере.\n\nСтатья 2. Настоящее Соглашение вступает в силу с даты подписания.\n"
	x := mustLoad(t, fstest.MapFS{"one.md": {Data: []byte(zh)}, "two.md": {Data: []byte(ru)}}, Options{})
	r := mustSearch(t, x, "协定什么时候生效")
	if len(r.Hits) == 0 || len(r.Hits[0].Versions) != 1 || r.Hits[0].Versions[0].Lang != "ru" || !strings.Contains(r.Hits[0].Versions[0].Text, "вступает в силу") {
		t.Fatalf("got %+v, want 第二条 with its Russian version", r.Hits)
	}
}

// TestVersionsFolders checks versions kept one language per folder, and a
// version whose label contradicts its text: it is taken in the language
// it is written in, with a warning.
func TestVersionsFolders(t *testing.T) {
	zh := "甲协定\n\n第一条 双方在海关领域开展合作。\n\n第二条 本协定自签字之日起生效。\n"
	ru := "Соглашение А\n\nСтатья 1. Стороны сотрудничают в таможенной сфере.\n\nСтатья 2. Настоящее Соглашение вступает в силу с даты подписания.\n"
	x := mustLoad(t, fstest.MapFS{"zh/pact.zh.md": {Data: []byte(zh)}, "ru/pact.en.md": {Data: []byte(ru)}}, Options{})
	r := mustSearch(t, x, "协定什么时候生效")
	if len(r.Hits) == 0 || len(r.Hits[0].Versions) != 1 || r.Hits[0].Versions[0].Lang != "ru" {
		t.Fatalf("got %+v, want 第二条 with its version, labelled ru", r.Hits)
	}
	found := false
	for _, w := range x.Warnings() {
		found = found || w.File == "ru/pact.en.md" && strings.Contains(w.Msg, "reads as ru")
	}
	if !found {
		t.Errorf("no warning that ru/pact.en.md is Russian: %v", x.Warnings())
	}
}

// TestVersionsLoose: the names a trial gave versions (a region, an
// underscore, a folder per language, "lang: english") link them; a
// version declared with no other (a typo in version_of) is warned about.
func TestVersionsLoose(t *testing.T) {
	zh := "甲协定\n\n第一条 双方在海关领域开展合作。\n\n第二条 本协定自签字之日起生效。\n"
	en := "Agreement A\n\nArticle 1\n\nThe Parties shall cooperate in customs matters.\n\nArticle 2\n\nThis Agreement shall enter into force on signature.\n"
	for name, fsys := range map[string]fstest.MapFS{
		"region":     {"pact.zh-CN.md": {Data: []byte(zh)}, "pact.EN.md": {Data: []byte(en)}},
		"underscore": {"pact_zh.md": {Data: []byte(zh)}, "pact_en.md": {Data: []byte(en)}},
		"folders":    {"zh/pact.md": {Data: []byte(zh)}, "en/pact.md": {Data: []byte(en)}},
		"front matter": {"a.md": {Data: []byte("---\nversion_of: pact\nlang: Chinese\n---\n" + zh)},
			"b.md": {Data: []byte("---\nversion_of: pact\nlang: english\n---\n" + en)}},
	} {
		x := mustLoad(t, fsys, Options{})
		r := mustSearch(t, x, "协定什么时候生效")
		if len(r.Hits) == 0 || len(r.Hits[0].Versions) != 1 || r.Hits[0].Versions[0].Lang != "en" {
			t.Errorf("%s: got %+v, want 第二条 with its English version", name, r.Hits)
		}
		// "the agreement" is the one loaded, not another one named (a
		// trial's question got no answer: see otherDoc in Search).
		if r := mustSearch(t, x, "When does the agreement enter into force?"); len(r.Hits) == 0 || !strings.HasSuffix(r.Hits[0].Ref, ":Article 2") {
			t.Errorf("%s: when does the agreement enter into force: got %+v, want Article 2", name, r.Hits)
		}
		for _, w := range x.Warnings() {
			if strings.Contains(w.Msg, "labelled") || strings.Contains(w.Msg, "no other version") {
				t.Errorf("%s: warning %s: %s", name, w.File, w.Msg)
			}
		}
	}
	x := mustLoad(t, fstest.MapFS{"a.md": {Data: []byte("---\nversion_of: pact\nlang: zh\n---\n" + zh)},
		"b.md": {Data: []byte("---\nversion_of: pcat\nlang: en\n---\n" + en)}}, Options{})
	n := 0
	for _, w := range x.Warnings() {
		if strings.Contains(w.Msg, "no other version of it is loaded") {
			n++
		}
	}
	if n != 2 {
		t.Errorf("version_of pact and pcat: %d warnings of a lone version, want 2: %v", n, x.Warnings())
	}
}

// TestVersionRefsAcross: a reference in one language's style names the
// article of the version or document it is typed for (a trial's finds:
// "pact:Article 5" said several documents, "pact-ru:Article 5" found
// nothing, "What does Article 6 say?" with the English version lacking it
// said no document has it).
func TestVersionRefsAcross(t *testing.T) {
	x, err := Load(context.Background(), os.DirFS("testdata/versions"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	ctx := context.Background()
	for ref, want := range map[string]string{
		"agreement:Article 5":    "agreement-en:Article 5",
		"agreement:第五条":          "agreement-zh:第五条",
		"agreement:Статья 5":     "agreement-ru:Статья 5",
		"agreement-ru:Article 5": "agreement-ru:Статья 5",
		"agreement-zh:Статья 5":  "agreement-zh:第五条",
		"agreement-en:第五条":       "agreement-en:Article 5",
		// By its file's name, as /sources shows it.
		"agreement.en:Article 5":   "agreement-en:Article 5",
		"agreement.ru.md:Статья 5": "agreement-ru:Статья 5",
	} {
		c, err := x.Clause(ctx, ref)
		if err != nil || c.Ref != want {
			t.Errorf("Clause(%q) = %q, %v; want %s", ref, c.Ref, err, want)
		}
	}
	// The English version has no Article 6; the others' is the answer.
	r := mustSearch(t, x, "What does Article 6 say?")
	if len(r.Hits) == 0 || r.Hits[0].Ref != "agreement-zh:第六条" && r.Hits[0].Ref != "agreement-ru:Статья 6" {
		t.Errorf("What does Article 6 say?: got %+v; want 第六条 or Статья 6", r.Hits)
	}
	if _, err := x.Clause(ctx, "agreement-en:Article 6"); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("agreement-en:Article 6: %v; want not found (the English version lacks it)", err)
	}

	// A document named, another style: its own article. A question citing
	// Article 22 with no document named still means the English ones.
	d := mustDocuments(t)
	if c, err := d.Clause(ctx, "电子商务法:Article 22"); err != nil || c.Ref != "电子商务法-2018-08-31:第二十二条" {
		t.Errorf("电子商务法:Article 22 = %q, %v; want its 第二十二条", c.Ref, err)
	}
	// A Chinese law by its English name, typed before the reference (a
	// trial: "not a clause reference").
	if c, err := d.Clause(ctx, "Anti-Monopoly Law Article 10"); err != nil || c.Ref != "反垄断法-2022-06-24-gb18030:第十条" {
		t.Errorf("Anti-Monopoly Law Article 10 = %q, %v; want 反垄断法's 第十条", c.Ref, err)
	}
	if cl, err := d.Section(ctx, "Cybersecurity Law Chapter 5"); err != nil || len(cl) == 0 || cl[0].Section != "第五章" || !strings.HasPrefix(cl[0].Ref, "网络安全法") {
		t.Errorf("Cybersecurity Law Chapter 5: %v; want 网络安全法's 第五章", err)
	}
	r = mustSearch(t, d, "What does Article 22 say?")
	for _, h := range r.Hits[:2] {
		if !strings.HasSuffix(h.Ref, ":Article 22") {
			t.Errorf("What does Article 22 say?: %s among the first; want the English documents' Article 22", h.Ref)
		}
	}
}

// TestCitationOnlyAnswer: a question that only cites an article gets that
// article, once per document in the asker's language version: a trial saw
// the other versions again as results 2 and 3, an unrelated Статья 2
// (holding "3)") and, over the real documents, 41 clauses naming the law.
func TestCitationOnlyAnswer(t *testing.T) {
	x, err := Load(context.Background(), os.DirFS("testdata/versions"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for q, want := range map[string]string{
		"What does Article 3 say?": "agreement-en:Article 3",
		"第三条讲什么":                   "agreement-zh:第三条",
		"Что говорит статья 3?":    "agreement-ru:Статья 3",
	} {
		r := mustSearch(t, x, q)
		if r.Total != 1 || r.Hits[0].Ref != want {
			t.Errorf("%s: %d hits %+v; want %s alone", q, r.Total, r.Hits, want)
		}
	}
	d := mustDocuments(t)
	if r := mustSearch(t, d, "网络安全法第二十一条说了什么"); r.Total != 1 {
		t.Errorf("网络安全法第二十一条说了什么: %d hits; want the article alone", r.Total)
	}
	if r := mustSearch(t, d, "网络安全法第二十一条对网络日志有什么要求"); r.Total < 2 {
		t.Errorf("a citation with a question of its own: %d hits; want the article and others on it", r.Total)
	}
}

// TestVersionGroupNames: a group's shared name, and that name with a
// language, name its versions whatever their ids (one folder per
// language gives pact and pact-2; front matter gives a and b), and an
// article one version lacks is the others' under the group's name (a
// trial: "no document pact", "several documents", "no clause Article 6").
func TestVersionGroupNames(t *testing.T) {
	zh := "甲协定\n\n第一条 双方在海关领域开展合作。\n\n第二条 双方设立联合委员会。\n\n第三条 本协定自签字之日起生效。\n"
	en := "Agreement A\n\nArticle 1\n\nThe Parties shall cooperate in customs matters.\n\nArticle 2\n\nThis Agreement shall enter into force on signature.\n"
	x := mustLoad(t, fstest.MapFS{"zh/pact.md": {Data: []byte(zh)}, "en/pact.md": {Data: []byte(en)}}, Options{})
	ctx := context.Background()
	ids := map[string]string{}
	for _, d := range x.Documents() {
		ids[d.Lang] = d.ID
	}
	for ref, want := range map[string]string{
		"pact:第二条":          ids["zh"] + ":第二条",
		"pact:Article 1":    ids["en"] + ":Article 1",
		"pact-zh:Article 1": ids["zh"] + ":第一条",
		"pact:Article 3":    ids["zh"] + ":第三条", // the English text lacks it
	} {
		if c, err := x.Clause(ctx, ref); err != nil || c.Ref != want {
			t.Errorf("Clause(%q) = %q, %v; want %s", ref, c.Ref, err, want)
		}
	}
	fm := mustLoad(t, fstest.MapFS{"a.md": {Data: []byte("---\nversion_of: deal\nlang: zh\n---\n" + zh)},
		"b.md": {Data: []byte("---\nversion_of: deal\nlang: en\n---\n" + en)}}, Options{})
	if c, err := fm.Clause(ctx, "deal:Article 1"); err != nil || c.Ref != "b:Article 1" {
		t.Errorf("deal:Article 1 = %q, %v; want b:Article 1", c.Ref, err)
	}
}

// TestVersionsSectionCitation checks that a chapter cited in a folder of
// language versions is the asker's language version's chapter, not a
// question of which document: the versions are one document. And the
// same folder saved as .txt (Markdown headings in text files) reads its
// title and chapters the same way.
func TestVersionsSectionCitation(t *testing.T) {
	md := os.DirFS("testdata/versions")
	txt := fstest.MapFS{}
	for _, l := range []string{"zh", "ru", "en"} {
		b, err := fs.ReadFile(md, "agreement."+l+".md")
		if err != nil {
			t.Fatal(err)
		}
		txt["agreement."+l+".txt"] = &fstest.MapFile{Data: b}
	}
	for name, fsys := range map[string]fs.FS{"md": md, "txt": txt} {
		x, err := Load(context.Background(), fsys, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string]string{
			"第一章讲什么":                   "agreement-zh:第一条",
			"Что говорится в главе 1?": "agreement-ru:Статья 1",
			"What does Chapter 1 say?": "agreement-en:Article 1",
		} {
			r, err := x.Search(context.Background(), bot.Query{Text: q, Limit: 5})
			if err != nil || len(r.Hits) == 0 || r.Hits[0].Ref != want {
				t.Errorf("%s: Search(%q) = %v, %v; want %s first", name, q, r.Hits, err, want)
			}
		}
		for _, d := range x.Documents() {
			if strings.HasPrefix(d.Title, "#") {
				t.Errorf("%s: %s title %q keeps its Markdown marker", name, d.File, d.Title)
			}
		}
		x.Close()
	}
}
