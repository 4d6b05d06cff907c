package index

import (
	"slices"
	"strings"

	"testing"
	"testing/fstest"

	"github.com/blevesearch/bleve/v2/registry"
	"github.com/google/go-cmp/cmp"
)

func analyze(t *testing.T, analyzer, text string) []string {
	t.Helper()
	a, err := registry.NewCache().AnalyzerNamed(analyzer)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tok := range a.Analyze([]byte(text)) {
		got = append(got, string(tok.Term))
	}
	return got
}

func TestAnalyzers(t *testing.T) {
	tests := []struct {
		analyzer, in string
		want         []string
	}{
		{charAnalyzer, "北斗卫星", []string{"北", "斗", "卫", "星"}},
		{bigramAnalyzer, "北斗卫星", []string{"北斗", "斗卫", "卫星"}},
		{bigramAnalyzer, "中，俄", []string{"中", "俄"}},
		{bigramAnalyzer, "衛星導航", []string{"卫星", "星导", "导航"}},
		{bigramAnalyzer, "５Ｇ移动通信", []string{"5g", "移动", "动通", "通信"}},
		{bigramAnalyzer, "（5G/IMT-2020）", []string{"5g", "imt", "2020"}},
		{charAnalyzer, "ＰＰＰ", []string{"ppp"}},
		{charAnalyzer, "Millimetron（频谱 - M）", []string{"millimetron", "频", "谱", "m"}},
		{charAnalyzer, "Москва и Пекин", []string{"москв", "и", "пекин"}},
		{wordAnalyzer, "Cooperation; they COOPERATE", []string{"cooper", "they", "cooper"}},
		{bigramAnalyzer, "investments in 5G and AI", []string{"invest", "in", "5g", "and", "ai"}},
		{wordAnalyzer, "сотрудничество и сотрудничества", []string{"сотрудничеств", "и", "сотрудничеств"}},
		{wordAnalyzer, "卫星导航系统", []string{"卫星", "导航", "系统"}},
		{wordAnalyzer, "加强服务贸易合作。", []string{"加强", "服务", "贸易", "合作"}},
		{wordAnalyzer, "政府和社会资本合作（PPP）", []string{"政府", "和", "社会", "资本", "合作", "ppp"}},
	}
	for _, tt := range tests {
		t.Run(tt.analyzer+"/"+tt.in, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, analyze(t, tt.analyzer, tt.in)); diff != "" {
				t.Errorf("tokens (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNormalizeOffsets(t *testing.T) {
	in := "５Ｇ衛星ＡＢ"
	n := normalize(in)
	if got, want := string(n.runes), "5g卫星ab"; got != want {
		t.Fatalf("normalize = %q, want %q", got, want)
	}
	s, e := n.span(2, 4)
	if got, want := in[s:e], "衛星"; got != want {
		t.Errorf("span(2,4) = %q, want %q", got, want)
	}
	s, e = n.span(0, 2)
	if got, want := in[s:e], "５Ｇ"; got != want {
		t.Errorf("span(0,2) = %q, want %q", got, want)
	}
}

// TestQuestionContent checks which words of a question are content:
// A-not-A forms are question words, function words come from the kept
// stop list, and a lone character stays (it may be a piece of a split
// word).
func TestQuestionContent(t *testing.T) {
	x := mustSeed(t)
	for _, c := range []struct{ q, want string }{
		{"中俄会不会合作", "中 俄 合作"},
		{"两国参不参加会议", "两 国 参加 会议"},
		{"可不可以合作", "合作"},
		{"北斗行不行", "北斗"},
		{"签没签协议", "协议"},
		{"中俄之间包括哪些合作", "中 俄 包括 合作"},
		{"自己的事情", "事情"},
		{"可以自驾车过境吗", "自 驾车 过境"},
		{"不不不", "不 不 不"},
		// 两|国会 is cut 两国|会 (两国 is the seed's word, 会 filler), not 国会
		{"财政政策两国会互相通气吗", "财政 政策 两 国 通气"},
		// an apostrophe's clitics are no words ("s" matched every possessive)
		{"India's e-commerce law", "india e commerc law"},
		{"Japan’s law, they're asking", "japan law ask"},
		// interrogative quantities (几点, 多少个, 哪一年) are question words,
		// and so is the second verb of V一V (调一调); a noun after 多少 stays
		{"口岸几点开几点关能不能调一调", "口岸 开 关 调"},
		{"中俄有多少个合作项目", "中 俄 合作 项目"},
		{"哪一年签的协议", "签 协议"},
		{"多少企业参加", "企业 参加"},
		{"几乎所有口岸", "所有 口岸"},
		// a demonstrative's classifier counts, it names nothing (那座, 每位);
		// 条, which the tagger files as a noun, stays
		{"黑河那座大桥", "黑河 大桥"},
		{"每位代表", "代表"},
		{"这条规定", "条"},
		// a numeral-classifier word headed by a demonstrative (gse's mq:
		// 那条, 这方面) is a determiner, no content
		{"北冰洋那条航线", "北冰洋 航线"},
		// a synonym term is a word whatever the segmenter cut around it:
		// 汇|回国 is cut at the term 汇回 (~ 汇出)
		{"赚的钱能汇回国吗", "赚 钱 汇 回 国"},
		// a synonym term straddling two words is no term: 商[标注]册
		{"商标注册", "商标 注册"},
		// a term inside one word is a piece of another word: 北极 of 北极熊
		{"北极熊平时吃什么", "北极熊 平时 吃"},
		// a verb's directional complement names nothing (批下来), but
		// 过去 after a preposition is "the past"
		{"多久能批下来", "批"},
		{"在过去五年", "过去 五年"},
		// an auxiliary's character after 的 is the phrase's head noun
		{"什么时候开的会", "开 会"},
		{"这件事", "事"},
		// a division's name says where, not what about
		{"Which article covers habitual residence?", "habitu resid"},
		{"Статья", ""},
	} {
		qa := x.analyzeQuestion(c.q)
		var got []string
		for _, u := range qa.units {
			got = append(got, u.text)
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("units of %q = %q, want %q", c.q, g, c.want)
		}
	}
}

// TestIsPredicate checks the embedded predicate list's in-place search:
// verbs, adjectives and adverbs are found, nouns and function words are
// not, and so are the list's first and last words (the header skipped).
func TestIsPredicate(t *testing.T) {
	for w, want := range map[string]bool{
		"搞": true, "去": true, "方便": true, "提速": true, "太": true, "改进": true,
		"股票": false, "世界杯": false, "营养": false, "合作": false, "的": false, "": false, "#": false,
	} {
		if got := isPredicate(w); got != want {
			t.Errorf("isPredicate(%q) = %v, want %v", w, got, want)
		}
	}
	var lines []string
	for _, l := range strings.Split(predZhFile, "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	if len(lines) < 1000 || !slices.IsSorted(lines) {
		t.Fatalf("dict/pred_zh.txt: %d words, sorted %v", len(lines), slices.IsSorted(lines))
	}
	for _, w := range []string{lines[0], lines[len(lines)/2], lines[len(lines)-1]} {
		if !isPredicate(w) {
			t.Errorf("isPredicate(%q) = false for a word of the list", w)
		}
	}
}

// TestStopWordsHaveLetters checks what isStopWord relies on to answer a
// word without a Latin or Cyrillic letter without building the lists:
// every word of bleve's English and Russian stop lists has one, and
// isStopWord agrees with the lists for their words and for Chinese words.
func TestStopWordsHaveLetters(t *testing.T) {
	lists := stopWords()
	if len(lists) < 300 { // 170-odd English words and 150-odd Russian ones
		t.Fatalf("stop lists have %d words", len(lists))
	}
	for w := range lists {
		if strings.IndexFunc(w, isLatinOrCyrillic) < 0 {
			t.Errorf("stop word %q has no Latin or Cyrillic letter", w)
		}
		if !isStopWord(w) {
			t.Errorf("isStopWord(%q) = false for a listed word", w)
		}
	}
	for _, w := range []string{"the", "should", "этот", "i'm"} {
		if !isStopWord(w) {
			t.Errorf("isStopWord(%q) = false", w)
		}
	}
	for _, w := range []string{"的", "合作", "北斗", "customs", "таможня", ""} {
		if isStopWord(w) {
			t.Errorf("isStopWord(%q) = true", w)
		}
	}
}

// TestIsStopZh checks the in-place search of the Chinese stop list against
// the set its lines make (what package init used to build): every listed
// word is found, the list is sorted and trimmed as the search needs, and
// the predicate list's words (mostly not stop words) get the set's answer.
func TestIsStopZh(t *testing.T) {
	set := map[string]bool{}
	var lines []string
	for _, l := range strings.Split(stopZhFile, "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			if strings.TrimSpace(l) != l {
				t.Errorf("dict/stop_zh.txt: line %q has spaces around it", l)
			}
			set[l] = true
			lines = append(lines, l)
		}
	}
	if len(lines) < 1000 || !slices.IsSorted(lines) {
		t.Fatalf("dict/stop_zh.txt: %d words, sorted %v", len(lines), slices.IsSorted(lines))
	}
	for _, w := range lines {
		if !isStopZh(w) {
			t.Errorf("isStopZh(%q) = false for a word of the list", w)
		}
	}
	others := 0
	for _, w := range strings.Split(predZhFile, "\n") {
		if strings.HasPrefix(w, "#") {
			continue
		}
		if got := isStopZh(w); got != set[w] {
			t.Errorf("isStopZh(%q) = %v, want %v", w, got, set[w])
		}
		if !set[w] {
			others++
		}
	}
	if others < 1000 {
		t.Errorf("only %d words of dict/pred_zh.txt are not stop words", others)
	}
	for w, want := range map[string]bool{"我们": true, "关于": true, "合作": false, "北斗": false, "": false, "#": false} {
		if got := isStopZh(w); got != want {
			t.Errorf("isStopZh(%q) = %v, want %v", w, got, want)
		}
	}
}

// TestYoFolded checks that ё and е are one letter to the search: a
// question typed with ё finds a document printed without it, and the
// other way round, and the quoted text keeps the document's letters.
func TestYoFolded(t *testing.T) {
	x := mustLoad(t, fstest.MapFS{
		"kodeks.txt": {Data: []byte("Статья 1. Наследование\n\n1. Родители, лишенные родительских прав, не наследуют после ребенка.\n\n" +
			"Статья 2. Учёт\n\n1. Орган ведёт учёт договоров водопользования.\n")},
	}, Options{})
	for q, want := range map[string]string{
		"Наследует ли отец, лишённый родительских прав, после ребёнка?": "лишенные родительских прав",
		"Кто ведет учет договоров водопользования?":                     "ведёт учёт",
	} {
		r := mustSearch(t, x, q)
		if len(r.Hits) == 0 || !strings.Contains(r.Hits[0].Text, want) {
			t.Errorf("Search(%q) = %+v, want the clause holding %q", q, r.Hits, want)
		}
	}
}

// TestRussianClosedClass checks that a Russian question's pronouns in any
// case, and its particles, are not content (ruClosedClass), while the
// nouns and verbs it asks with stay: "Кому достанется квартира, если
// наследников вообще нет?" keeps квартира, наследник, достанется.
func TestRussianClosedClass(t *testing.T) {
	x := mustSeed(t)
	qa := x.analyzeQuestion("Кому достанется квартира, если наследников вообще нет? Пруд на моём участке считается моим?")
	var got []string
	for _, u := range qa.units {
		got = append(got, u.text)
	}
	for _, w := range []string{"ком", "вообщ", "мо", "моим", "моём"} {
		if slices.Contains(got, w) {
			t.Errorf("unit %q kept: %v", w, got)
		}
	}
	for _, w := range []string{"квартир", "наследник", "пруд", "участк"} {
		if !slices.Contains(got, w) {
			t.Errorf("unit %q missing: %v", w, got)
		}
	}
}

// TestRussianStemInDocuments checks that a Russian question word whose
// Snowball stem no document holds is matched through the form a
// document does hold: a fleeting vowel (поводке → поводк, the document's
// поводок) and a derived verb (выгуливать → выгулива, the document's
// noun выгул), so "Нужно ли выгуливать собаку на поводке?" finds the
// article on walking dogs; a stem the documents hold stays as it is.
func TestRussianStemInDocuments(t *testing.T) {
	x := mustLoad(t, fstest.MapFS{"zakon.txt": {Data: []byte(`О содержании домашних животных

Статья 1. Предмет регулирования

Настоящий Федеральный закон регулирует отношения в области содержания домашних животных.

Статья 8. Выгул домашних животных

1. Выгул домашних животных осуществляется при условии обеспечения безопасности граждан.

2. При выгуле собаки владелец обязан использовать поводок.
`)}}, Options{})
	for w, want := range map[string]string{"поводке": "поводок", "выгуливать": "выгул", "собаку": "собак", "граждан": "", "кошку": ""} {
		if want == "" {
			want = stem(w) // held by the document, or by none in any form
		}
		if got := x.ruStemIn(stem(w)); got != want {
			t.Errorf("ruStemIn(stem(%q)) = %q, want %q", w, got, want)
		}
	}
	r := mustSearch(t, x, "Нужно ли выгуливать собаку на поводке?")
	if len(r.Hits) == 0 || r.Hits[0].Clause.Ref != "Статья 8" {
		t.Errorf("выгуливать собаку на поводке: %v, want Статья 8", r.Hits)
	}
}
