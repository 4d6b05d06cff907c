package index

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// aboutDocument answers a question that names one loaded document and
// asks nothing else about it ("What is the Hague Convention about?",
// "网络安全法讲了什么", "О чём Водный кодекс?"): it returns the clause that
// says what the document is for, its first article (第一条, Article 1,
// Статья 1: a law's purpose and a treaty's scope), else the first clause of
// its body; -1 when the question is not of that kind. Before this, such a
// question was answered by whichever clause repeated the title's words
// most (the Hague Convention's Article 48, on an older convention it
// replaces).
//
// The question qualifies when every content unit of it is a word of one
// document's title or id (a Chinese unit: a substring of the title; an
// alphabetic one: a word stem of it), one of them names a kind of
// instrument (法, 条例, 公约 …, Convention, Code, кодекс …: see
// isKindUnit), and no other document's title holds them all.
func (x *Index) aboutDocument(q question) int {
	if len(q.units) == 0 || len(q.units) > 8 {
		return -1
	}
	kind := false
	for _, u := range q.units {
		kind = kind || isKindUnit(u)
	}
	if !kind {
		return -1
	}
	var named *document
	for _, d := range x.docs {
		hay := normalizeString(d.Title + " " + strings.ReplaceAll(d.ID, "-", " "))
		var words []string // the title's word stems, made when needed
		all := true
		for _, u := range q.units {
			if !u.word {
				all = strings.Contains(hay, u.text)
			} else {
				if words == nil {
					words = clauseWords([]rune(hay))
				}
				_, all = slices.BinarySearch(words, u.text)
			}
			if !all {
				break
			}
		}
		if !all {
			continue
		}
		if named != nil {
			return -1 // two documents' titles hold the words: not one named
		}
		named = d
	}
	if named == nil {
		return -1
	}
	prefix := ""
	if x.multi {
		prefix = named.ID + ":"
	}
	for _, first := range []string{"第一条", "Article 1", "Статья 1"} {
		if t, err := x.lookup(prefix+first, false); err == nil && t.sub < 0 {
			return t.unit
		}
	}
	for _, s := range named.sections {
		if s.Label != "0" && len(s.clauses) > 0 {
			return s.clauses[0]
		}
	}
	if len(named.sections) > 0 && len(named.sections[0].clauses) > 0 {
		return named.sections[0].clauses[0]
	}
	return -1
}

// kindWords are the stems of the words that name a kind of instrument in
// English and Russian titles (see enLawWords, ruGenericStem), and
// zhKinds the Chinese ones a title ends in (zhLawSuffixes, and the kinds
// of policy documents: 通知, 意见, 公报).
var (
	kindWords = toSet("act", "code", "convent", "treati", "treaty", "protocol", "regul", "direct", "law", "charter",
		"agreement", "constitut", "coven", "statut", "ordin", "rule",
		"кодекс", "закон", "конвенц", "договор", "соглашен", "протокол", "положен", "постановлен", "указ", "конституц", "устав")
	zhKinds = []string{"通知", "意见", "公报", "决定", "解释", "办法", "规定", "细则"}
)

// isKindUnit reports whether a question unit names a kind of instrument:
// a Chinese word ending in one (网络安全法, 条例, 通知; not 办法 alone, which
// is also "a way"), or an alphabetic word whose stem is one.
func isKindUnit(u unit) bool {
	if u.word {
		return kindWords[u.text]
	}
	if hasLawSuffix(u.text) || u.text == "法" || u.text == "条例" || u.text == "公约" {
		return true
	}
	for _, k := range zhKinds {
		if strings.HasSuffix(u.text, k) && utf8.RuneCountInString(u.text) > utf8.RuneCountInString(k) {
			return true
		}
	}
	return false
}
