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
	// zh are the Chinese names, after 俄罗斯 (俄罗斯民法典): a trial's
	// "俄罗斯民法典第1142条" was told no such document was loaded.
	zh []string
}{
	{[]string{"civil procedure", "civil procedural"}, "гражданский процессуальный", []string{"民事诉讼法典", "民事诉讼法"}},
	{[]string{"criminal procedure", "criminal procedural"}, "уголовно-процессуальный", []string{"刑事诉讼法典", "刑事诉讼法"}},
	{[]string{"arbitration procedure", "arbitrazh procedure", "arbitration procedural", "commercial procedure"}, "арбитражный процессуальный", []string{"仲裁诉讼法典", "仲裁程序法典"}},
	{[]string{"criminal executive", "penal enforcement", "penal", "penitentiary"}, "уголовно-исполнительный", []string{"刑事执行法典"}},
	{[]string{"administrative procedure", "administrative judicial procedure"}, "кодекс административного судопроизводства", []string{"行政诉讼法典"}},
	{[]string{"administrative offences", "administrative offenses", "administrative violations"}, "кодекс российской федерации об административных", []string{"行政违法法典", "行政违法行为法典"}},
	{[]string{"merchant shipping"}, "кодекс торгового мореплавания", []string{"商船航运法典", "商船法典"}},
	{[]string{"inland water transport", "inland waterway transport"}, "кодекс внутреннего водного", []string{"内河运输法典"}},
	{[]string{"civil"}, "гражданск", []string{"民法典", "民法"}},
	{[]string{"criminal"}, "уголовн", []string{"刑法典", "刑法"}},
	{[]string{"labour", "labor"}, "трудов", []string{"劳动法典", "劳动法"}},
	{[]string{"tax"}, "налогов", []string{"税法典", "税法"}},
	{[]string{"water"}, "водн", []string{"水法典", "水法"}},
	{[]string{"forest", "forestry"}, "лесн", []string{"森林法典", "森林法"}},
	{[]string{"land"}, "земельн", []string{"土地法典", "土地法"}},
	{[]string{"housing"}, "жилищн", []string{"住房法典", "住宅法典"}},
	{[]string{"family"}, "семейн", []string{"家庭法典", "家庭法"}},
	{[]string{"budget", "budgetary"}, "бюджетн", []string{"预算法典", "预算法"}},
	{[]string{"urban planning", "town planning", "urban development"}, "градостроительн", []string{"城市规划法典", "城市建设法典"}},
	{[]string{"air"}, "воздушн", []string{"航空法典", "航空法"}},
	{[]string{"customs"}, "таможенн", []string{"海关法典"}},
}

// ruCodeStem returns the stem the title of the Russian code an English
// name means starts with ("Civil Code", "the civil code", "Code of Civil
// Procedure", "Labor Code of the Russian Federation"), or "" when the name
// is no code's or not in ruCodeNames.
func ruCodeStem(name string) string {
	for _, p := range []string{"俄罗斯联邦", "俄联邦", "俄罗斯", "俄国"} {
		if rest, ok := strings.CutPrefix(name, p); ok {
			// A Russian code by its Chinese name: 俄罗斯民法典.
			rest = strings.TrimPrefix(rest, "的")
			for _, c := range ruCodeNames {
				for _, z := range c.zh {
					if rest == z {
						return c.ru
					}
				}
			}
			return ""
		}
	}
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
