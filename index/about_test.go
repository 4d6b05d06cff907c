package index

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"clausebot/bot"
)

// TestDefiningClauses: a definition question gets the clause that defines
// its term, wherever BM25 ranks it, under the reference of its paragraph
// or item that does (definingPart) when the article has several. Before definingClauses, "个人信息是指
// 什么" got 电子商务法 第二条, "Что такое водный объект?" Статья 64 (which
// uses the term; Статья 1, the list of terms, was no candidate), and "Who
// is an adult under the Hague Convention?" Article 48.
func TestDefiningClauses(t *testing.T) {
	x := mustDocuments(t)
	for q, want := range map[string]string{
		"个人信息是指什么":         "网络安全法-2016-11-07:第七十六条第一款第（五）项",
		"网络安全法中网络运营者是什么意思": "网络安全法-2016-11-07:第七十六条",
		"什么是电子商务平台经营者":     "电子商务法-2018-08-31:第九条第二款",
		"什么是垄断协议":          "反垄断法-2022-06-24-gb18030:第十六条",
		// the term itself defined before terms holding it (对外贸易经营者)
		"什么是经营者":     "反垄断法-2022-06-24-gb18030:第十五条第一款",
		"什么叫对外贸易经营者": "中华人民共和国对外贸易法-20251227:第十一条",
		"何谓垄断协议":     "反垄断法-2022-06-24-gb18030:第十六条",
		// "what are" and a bare noun phrase asks what the term means
		"What are plant genetic resources for food and agriculture?": "itpgrfa-plant-genetic-re:Article 2",
		"Что такое водный объект?":                                   "vodny-kodeks-rf-2006-pra:Статья 1 п. 4",
		"Что такое акватория?":                                       "vodny-kodeks-rf-2006-pra:Статья 1 п. 1",
		"Что такое водоохранные зоны?":                               "vodny-kodeks-rf-2006-pra:Статья 65 ч. 1", // "являются" right after the term
		"Who is an adult under the Hague Convention?":                "hague-convention-interna:Article 2(1)",
		// the name holds the term: the term is where the question asks
		"Under the Convention on the International Protection of Adults, who is an adult?": "hague-convention-interna:Article 2(1)",
	} {
		res, err := x.Search(context.Background(), bot.Query{Text: q})
		if err != nil || len(res.Hits) == 0 || res.Hits[0].Ref != want {
			got := "nothing"
			if len(res.Hits) > 0 {
				got = res.Hits[0].Ref
			}
			t.Errorf("%s: got %s (%v); want %s", q, got, err, want)
		}
	}
}

func TestDefinesAll(t *testing.T) {
	u := func(ws ...string) []unit {
		var out []unit
		for _, w := range ws {
			out = append(out, unit{text: w, word: classify([]rune(w)[0]) == classWord})
		}
		return out
	}
	for _, c := range []struct {
		units []unit
		norm  string
		want  bool
	}{
		{u("经营者"), "本法所称电子商务经营者，是指通过互联网", true},
		{u("信息"), "（五）个人信息，是指以电子或者其他方式记录的", true},
		{u("водн", "объект"), "4)\u00a0водный объект\u00a0- природный или искусственный водоем", true},
		{u("зон"), "1. водоохранными зонами являются территории", true},
		// the term is not what is defined
		{u("водн", "объект"), "округа санитарной охраны водных объектов, водные ресурсы которых являются природными лечебными ресурсами", false},
		{u("adult"), "for the purposes of this convention, an adult is a person who has reached the age of 18 years", true},
		{u("operat"), "the operator shall report the incident to the authority", false},
	} {
		if got := definesAll(c.units, c.norm); got != c.want {
			t.Errorf("definesAll(%v, %q) = %v; want %v", c.units, c.norm, got, c.want)
		}
	}
}

// TestStopWordInTerm: a stop word that begins a term the documents use
// with the next word is content (个人 of 个人信息); alone it is filler.
func TestStopWordInTerm(t *testing.T) {
	x := mustDocuments(t)
	has := func(q, w string) bool {
		for _, u := range x.analyzeQuestion(q).units {
			if u.text == w {
				return true
			}
		}
		return false
	}
	if !has("对侵害个人信息的行为怎么处罚", "个人") {
		t.Errorf("个人 of 个人信息 is not a unit: %+v", x.analyzeQuestion("对侵害个人信息的行为怎么处罚").units)
	}
	if has("我个人觉得网络安全很重要", "个人") {
		t.Errorf("个人 (\"personally\") before a word the documents do not join to it is a unit")
	}
}

// TestRussianInterrogatives: every form of какой, каков and чей asks,
// and names nothing.
func TestRussianInterrogatives(t *testing.T) {
	x := mustSeed(t)
	for _, q := range []string{"С какого момента открывается наследство?", "В каких случаях?", "Каковы сроки?", "Чья это обязанность?"} {
		for _, u := range x.analyzeQuestion(q).units {
			if strings.HasPrefix(u.text, "как") || strings.HasPrefix(u.text, "ч") && len([]rune(u.text)) <= 5 {
				t.Errorf("%s: unit %q", q, u.text)
			}
		}
	}
}

// TestHowLongAsks: 多久 and 多长时间 ask how long, and name nothing.
func TestHowLongAsks(t *testing.T) {
	x := mustSeed(t)
	for _, q := range []string{"网店不想开了，得提前多久告诉大家？", "审查要多长时间"} {
		for _, u := range x.analyzeQuestion(q).units {
			if strings.Contains(u.text, "多久") || strings.Contains(u.text, "多长") {
				t.Errorf("%s: unit %q", q, u.text)
			}
		}
	}
}

// TestColloquialQuestionWords: 咋, 干嘛 and sentence-final 嘛 ask and name
// nothing.
func TestColloquialQuestionWords(t *testing.T) {
	x := mustSeed(t)
	for q, bad := range map[string]string{"钾肥贸易咋办": "咋", "北斗合作干嘛用的": "嘛"} {
		for _, u := range x.analyzeQuestion(q).units {
			if strings.Contains(u.text, bad) {
				t.Errorf("%s: unit %q", q, u.text)
			}
		}
	}
}

// TestRussianNameAttributes checks that a Russian document name found
// before its kind word keeps only the attributes (adjectives) before it:
// the verb and noun of "вступает в силу закон" name no law, and the law's
// clause on entering into force answers in either word order.
func TestRussianNameAttributes(t *testing.T) {
	for q, want := range map[string]string{
		"Когда вступает в силу закон?":                       "",
		"Когда вступает в силу настоящий федеральный закон?": "",
		"Что говорит Водный кодекс о реках?":                 "Водный кодекс",
		"Какие статьи Гражданского кодекса о наследстве?":    "Гражданского кодекса",
	} {
		got := ""
		if ns := questionNames(citationText(q)); len(ns) > 0 {
			got = ns[0].name
		}
		if got != want {
			t.Errorf("questionNames(%q) = %q, want %q", q, got, want)
		}
	}
	x := mustLoad(t, fstest.MapFS{
		"zakon.txt": {Data: []byte("О библиотеках\n\nСтатья 1. Предмет\n\nНастоящий Федеральный закон регулирует работу библиотек.\n\n" +
			"Статья 2. Вступление в силу настоящего Федерального закона\n\nНастоящий Федеральный закон вступает в силу с 1 сентября 2024 года.\n")},
		"other.md": {Data: []byte("# 办法\n\n第一条 为了规范图书馆管理，制定本办法。\n")},
	}, Options{})
	for _, q := range []string{"Когда вступает в силу закон?", "Когда закон вступает в силу?", "Когда вступает в силу настоящий федеральный закон?"} {
		r := mustSearch(t, x, q)
		if len(r.Hits) == 0 || !strings.HasSuffix(r.Hits[0].Ref, "Статья 2") {
			t.Errorf("Search(%q) = %+v, want Статья 2 first", q, r.Hits)
		}
	}
}

// TestWhatIsTheTerm checks "what is the X": the clause defining X exactly
// comes first when there is one ("What is the right to disconnect?"), and
// a question about content is searched as before (no clause defines "the
// minimum wage").
func TestWhatIsTheTerm(t *testing.T) {
	x := mustLoad(t, fstest.MapFS{
		"reg.md": {Data: []byte("# Remote Working Regulation 2024\n\n## Article 3 Definitions\n\nIn this Regulation:\n\n" +
			"(a) \"remote work\" means work performed outside the employer's premises;\n\n" +
			"(b) \"right to disconnect\" means the right of an employee not to engage in work-related electronic communications outside working hours.\n\n" +
			"## Article 8 Right to disconnect\n\n(1) Every employer shall respect the right to disconnect of its remote workers.\n\n" +
			"(2) A remote worker shall not suffer any detriment for exercising the right to disconnect.\n\n" +
			"## Article 9 Pay\n\nThe minimum wage of a remote worker is the wage of an office worker.\n")},
	}, Options{})
	r := mustSearch(t, x, "What is the right to disconnect?")
	if len(r.Hits) == 0 || !strings.Contains(r.Hits[0].Text, "\"right to disconnect\" means") {
		t.Errorf("What is the right to disconnect? = %+v, want the definition first", r.Hits)
	}
	r = mustSearch(t, x, "What is the minimum wage?")
	if len(r.Hits) == 0 || !strings.Contains(r.Hits[0].Text, "minimum wage of a remote worker") {
		t.Errorf("What is the minimum wage? = %+v, want Article 9", r.Hits)
	}
	for text, want := range map[string]bool{
		"what is the right to disconnect?": true, "what's the minimum wage": true,
		"what is the penalty for late filing of the annual tax return": false, "what is remote work?": false,
	} {
		if got := whatIsTheTerm(text); got != want {
			t.Errorf("whatIsTheTerm(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestLowerCaseNameCut checks that a lower-case document name is what
// follows the question's own preposition or deictic: "the purpose of this
// regulation" names no document, "the text of the e-commerce law" names
// the e-commerce law.
func TestLowerCaseNameCut(t *testing.T) {
	for q, want := range map[string]string{
		"What is the purpose of this regulation?":          "",
		"Show me the text of the e-commerce law":           "e-commerce law",
		"What does the e-commerce law say about deposits?": "e-commerce law",
	} {
		got := ""
		if ns := questionNames(citationText(q)); len(ns) > 0 {
			got = ns[0].name
		}
		if got != want {
			t.Errorf("questionNames(%q) = %q, want %q", q, got, want)
		}
	}
}
