package index

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"clausebot/bot"
)

// TestRussianCodeByEnglishName checks questions naming a code of the
// Russian Federation by its English name: "the Civil Code" is the loaded
// Гражданский кодекс (not the Гражданский процессуальный кодекс, nor a
// Chinese document mentioning 民法典, CC-CEDICT's "Civil Code", which a
// trial's question was answered from); asked about in English words, it
// is said to be in Russian, with a citation that works; cited, its
// article; a code not loaded is said so.
func TestRussianCodeByEnglishName(t *testing.T) {
	x := mustLoad(t, fstest.MapFS{
		"gk.txt": {Data: []byte(`Гражданский кодекс Российской Федерации

Статья 1110. Наследование

При наследовании имущество умершего переходит к другим лицам в порядке универсального правопреемства.

Статья 1111. Основания наследования

Наследование осуществляется по завещанию и по закону.
`)},
		"gpk.txt": {Data: []byte(`Гражданский процессуальный кодекс Российской Федерации

Статья 1. Законодательство о гражданском судопроизводстве

Порядок гражданского судопроизводства определяется Конституцией Российской Федерации.
`)},
		"解释.txt": {Data: []byte(`最高人民法院关于适用反不正当竞争法若干问题的解释

第十五条 故意为他人实施混淆行为提供仓储便利条件，当事人请求依据民法典第一千一百六十九条予以认定的，人民法院应予支持。
`)},
	}, Options{})
	for name, want := range map[string]string{
		"Civil Code": "гражданск", "the Code of Civil Procedure": "гражданский процессуальный",
		"Labor Code of the Russian Federation": "трудов", "Criminal Procedure Code": "уголовно-процессуальный",
		"Civil Law": "", "Code": "", "Commercial Code": "",
	} {
		if got := ruCodeStem(name); got != want {
			t.Errorf("ruCodeStem(%q) = %q; want %q", name, got, want)
		}
	}
	if ds := x.ruCodeDocs("Civil Code"); len(ds) != 1 || ds[0].ID != "gk" {
		t.Errorf("ruCodeDocs(Civil Code) = %d docs; want gk alone", len(ds))
	}

	_, err := x.Search(context.Background(), bot.Query{Text: "What does the Civil Code say about inheritance?"})
	if r := bot.ErrorReason(err); r.Kind != bot.ReasonOtherLanguage || !strings.Contains(r.Doc, "Гражданский кодекс") || r.Clause != "Civil Code Article 1110" {
		t.Errorf("Civil Code about inheritance: %v (reason %+v); want ReasonOtherLanguage naming the Гражданский кодекс", err, r)
	}
	for q, want := range map[string]string{
		"Civil Code Article 1111":       "gk:Статья 1111",
		"What is the Civil Code about?": "gk:Статья 1110",
		"Что говорит Гражданский кодекс о наследовании по завещанию?": "gk:Статья 1111",
	} {
		r := mustSearch(t, x, q)
		if len(r.Hits) == 0 || r.Hits[0].Clause.Ref != want {
			t.Errorf("%s: %v; want %s", q, r.Hits, want)
		}
	}
	_, err = x.Search(context.Background(), bot.Query{Text: "What does the Labour Code say about holidays?"})
	if r := bot.ErrorReason(err); r.Kind != bot.ReasonNotLoaded {
		t.Errorf("Labour Code: %v; want ReasonNotLoaded", err)
	}
}
