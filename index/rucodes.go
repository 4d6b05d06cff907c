package index

import (
	"strings"
)

// The codes of the Russian Federation by their usual English names. No
// dictionary can check a Russian title for an English name (CC-CEDICT is
// English–Chinese only), so "the Civil Code" could not be told to be the
// loaded Гражданский кодекс: a trial's "What does the Civil Code say about
// inheritance?" was answered from a Chinese judicial interpretation
// mentioning 民法典 (CC-CEDICT's Civil Code) while Part Three of the
// Гражданский кодекс, on inheritance, was loaded. The codes are a closed
// list (those in force, as the Consultant and Garant legal databases list
// them), so they are listed here, with the English names used by the
// official and WIPO Lex translations. Each maps to the start of the
// code's title in Russian (its adjective's stem: Гражданск matches
// Гражданский кодекс and Гражданского кодекса; the procedure codes, whose
// titles begin with the same word, are listed before the substantive
// ones and matched first).
var ruCodeNames = []struct {
	en []string // lower-case English names, without "code"
	ru string   // lower-case stem the Russian title starts with
}{
	{[]string{"civil procedure", "civil procedural"}, "гражданский процессуальный"},
	{[]string{"criminal procedure", "criminal procedural"}, "уголовно-процессуальный"},
	{[]string{"arbitration procedure", "arbitrazh procedure", "arbitration procedural", "commercial procedure"}, "арбитражный процессуальный"},
	{[]string{"criminal executive", "penal enforcement", "penal", "penitentiary"}, "уголовно-исполнительный"},
	{[]string{"administrative procedure", "administrative judicial procedure"}, "кодекс административного судопроизводства"},
	{[]string{"administrative offences", "administrative offenses", "administrative violations"}, "кодекс российской федерации об административных"},
	{[]string{"merchant shipping"}, "кодекс торгового мореплавания"},
	{[]string{"inland water transport", "inland waterway transport"}, "кодекс внутреннего водного"},
	{[]string{"civil"}, "гражданск"},
	{[]string{"criminal"}, "уголовн"},
	{[]string{"labour", "labor"}, "трудов"},
	{[]string{"tax"}, "налогов"},
	{[]string{"water"}, "водн"},
	{[]string{"forest", "forestry"}, "лесн"},
	{[]string{"land"}, "земельн"},
	{[]string{"housing"}, "жилищн"},
	{[]string{"family"}, "семейн"},
	{[]string{"budget", "budgetary"}, "бюджетн"},
	{[]string{"urban planning", "town planning", "urban development"}, "градостроительн"},
	{[]string{"air"}, "воздушн"},
	{[]string{"customs"}, "таможенн"},
}

// ruCodeStem returns the stem the title of the Russian code an English
// name means starts with ("Civil Code", "the civil code", "Code of Civil
// Procedure", "Labor Code of the Russian Federation"), or "" when the name
// is no code's or not in ruCodeNames.
func ruCodeStem(name string) string {
	n := strings.ToLower(name)
	if !strings.Contains(n, "code") {
		return ""
	}
	n = strings.NewReplacer("of the russian federation", " ", "russian federation", " ", "russian", " ", "of the rf", " ", "rf", " ").Replace(n)
	words := strings.Fields(strings.NewReplacer("the ", " ", "code of", " ", "code", " ", "'s", " ").Replace(" " + n + " "))
	n = strings.Join(words, " ")
	for _, c := range ruCodeNames {
		for _, e := range c.en {
			if n == e {
				return c.ru
			}
		}
	}
	return ""
}

// ruCodeDocs returns the loaded Russian documents whose title is the code
// an English name means (ruCodeStem), or nil.
func (x *Index) ruCodeDocs(name string) []*document {
	stem := ruCodeStem(name)
	if stem == "" {
		return nil
	}
	var out []*document
	for _, d := range x.docs {
		if d.Lang != "ru" {
			continue
		}
		title := strings.ToLower(strings.TrimSpace(d.Title))
		if strings.Contains(stem, " ") {
			if strings.HasPrefix(title, stem) {
				out = append(out, d)
			}
			continue
		}
		// One adjective: the code itself, not the procedure code whose
		// title starts with the same word (Гражданский процессуальный).
		if fs := strings.Fields(title); len(fs) >= 2 && strings.HasPrefix(fs[0], stem) && strings.HasPrefix(fs[1], "кодекс") {
			out = append(out, d)
		}
	}
	return out
}
