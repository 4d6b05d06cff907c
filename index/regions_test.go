package index

import (
	"strings"
	"testing"
)

// TestAboutOtherCountries checks that a question naming a country no
// document mentions gets no answer from a document about two other
// countries (the seed: 中国 and 俄罗斯), in Chinese and English, while the
// same question about the seed's own parties is answered, and a law about
// one country (外商投资法) still answers a question naming another.
func TestAboutOtherCountries(t *testing.T) {
	x := mustSeed(t)
	for _, q := range []string{"中国和日本在卫星导航上有合作吗", "美国和中国的贸易战", "Do China and Japan cooperate on satellite navigation?"} {
		if r := mustSearch(t, x, q); len(r.Hits) > 0 {
			t.Errorf("%s: answered %s, want no answer (Japan, USA are in no document)", q, r.Hits[0].Ref)
		}
	}
	for _, q := range []string{"中国和俄罗斯在卫星导航上有合作吗", "Do China and Russia cooperate on satellite navigation?"} {
		if r := mustSearch(t, x, q); len(r.Hits) == 0 || !strings.Contains(r.Hits[0].Text, "卫星导航") {
			t.Errorf("%s: %v, want the satellite navigation clause", q, r.Hits)
		}
	}
	if n := len(x.parties(x.docs[0])); n != 2 {
		t.Errorf("the seed is about %d countries, want 2 (中国, 俄罗斯)", n)
	}
	d := mustDocuments(t)
	r := mustSearch(t, d, "日本企业在中国投资要遵守什么规定")
	if len(r.Hits) == 0 || !strings.HasPrefix(r.Hits[0].Ref, "外商投资法") {
		t.Errorf("日本企业在中国投资要遵守什么规定: %v, want an article of 外商投资法", r.Hits)
	}
	for _, doc := range d.docs {
		if n := len(d.parties(doc)); n >= 2 {
			t.Errorf("%s is about %d countries; none of the 15 documents is bilateral", doc.ID, n)
		}
	}
}

// TestPartiesNeutral checks that naming a bilateral document's parties
// does not pull a question to the clauses that spell out their names: a
// party the clause does not name is neither held nor missing, in Chinese
// and through translation, while a one-word translated question still
// needs its party held (capital → 资本 alone is no answer).
func TestPartiesNeutral(t *testing.T) {
	x := mustSeed(t)
	for q, want := range map[string]string{
		"中国和俄罗斯在海关方面有什么合作":                                   "海关",
		"中国和俄罗斯在环保方面有什么合作":                                   "环保",
		"What customs cooperation do China and Russia have?": "海关",
	} {
		if r := mustSearch(t, x, q); len(r.Hits) == 0 || !strings.Contains(r.Hits[0].Text, want) {
			t.Errorf("%s: %v, want a clause with %s first", q, r.Hits, want)
		}
	}
	if r := mustSearch(t, x, "What's the capital of Russia?"); len(r.Hits) > 0 {
		t.Errorf("What's the capital of Russia?: answered %s, want no answer", r.Hits[0].Ref)
	}
}

// TestAbsentCountryIsCircumstance checks that a country a document never
// names, in a question about a document that is not about two countries,
// is a circumstance beside two or more other words (inheritance of a German
// citizen under the Russian Civil Code), not a missing word, while a
// question that is only a country and one word still gets no answer.
func TestAbsentCountryIsCircumstance(t *testing.T) {
	x := mustDocuments(t)
	for q, doc := range map[string]string{
		"Наследство гражданина Германии":                        "grazhdansky",
		"Does the Hague Convention apply to adults from China?": "hague",
	} {
		if r := mustSearch(t, x, q); len(r.Hits) == 0 || !strings.HasPrefix(r.Hits[0].Ref, doc) {
			t.Errorf("%s: %v, want an answer from %s", q, r.Hits, doc)
		}
	}
	if r := mustSearch(t, x, "What is the capital of Australia?"); len(r.Hits) > 0 {
		t.Errorf("What is the capital of Australia?: answered %s, want no answer", r.Hits[0].Ref)
	}
}
