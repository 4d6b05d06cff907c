package index

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"clausebot/bot"
	"clausebot/internal/lazyre"
)

// A question that cites an article by number ("网络安全法第二十一条说了什么",
// "What does Article 5 of the Hague Convention say?", "Статья 20 Водного
// кодекса") is answered with that article, looked up by reference, before
// anything BM25 finds: word overlap cannot tell 第二十一条 from 第十二条.

var (
	reAskZh = lazyre.New(`第\s*(` + cnNum + `|\d+)\s*条(?:之\s*(` + cnNum + `))?(?:\s*第\s*(` + cnNum + `|\d+)\s*款)?(?:\s*第\s*[（(]?\s*(` + cnNum + `|\d+)\s*[）)]?\s*项)?`)
	reAskEn = lazyre.New(`(?i)\b(?:article|art\.)\s*(\d+[a-z]?)(?:\s*\(\s*(\d+)\s*\))?(?:,?\s*paragraph\s*(\d+))?`)
	reAskRu = lazyre.New(`(?i)(?:стать[яиюейё]|ст\.)\s*(\d+[¹²³⁴⁵⁶⁷⁸⁹]*)`)
)

// citedRef returns the reference a question cites, typed as a reference
// ("第二十一条第一款", "Article 5(2)", "Статья 20"), and the question with
// the citation removed; ok is false when it cites none.
func citedRef(q string) (ref, rest string, ok bool) {
	if m := reAskZh().FindStringSubmatchIndex(q); m != nil {
		sm := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return q[m[2*i]:m[2*i+1]]
		}
		ref = "第" + sm(1) + "条"
		if sm(2) != "" {
			ref += "之" + sm(2)
		}
		if sm(3) != "" {
			ref += "第" + sm(3) + "款"
		}
		if sm(4) != "" {
			ref += "第" + sm(4) + "项"
		}
		return ref, q[:m[0]] + " " + q[m[1]:], true
	}
	if m := reAskEn().FindStringSubmatch(q); m != nil {
		ref = "Article " + m[1]
		if p := m[2] + m[3]; p != "" {
			ref += "(" + p + ")"
		}
		return ref, strings.Replace(q, m[0], " ", 1), true
	}
	if m := reAskRu().FindStringSubmatch(q); m != nil {
		return "Статья " + m[1], strings.Replace(q, m[0], " ", 1), true
	}
	return "", q, false
}

// titleAffinity scores how much of a document's title and id a question
// names: its distinct Han characters (a law's short name, 网安法, shares
// them with 网络安全法) and its words by their Snowball stems (Водного
// кодекса, Водный кодекс), leaving out what every title has.
func titleAffinity(q string, d *document) int {
	q = strings.ToLower(q)
	score := 0
	seen := map[string]bool{}
	for _, r := range d.Title {
		if unicode.Is(unicode.Han, r) && !strings.ContainsRune("中华人民共和国法条例关于的第条款项规定", r) && !seen[string(r)] {
			seen[string(r)] = true
			if strings.ContainsRune(q, r) {
				score++
			}
		}
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(d.Title+" "+d.ID), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if utf8.RuneCountInString(w) < 4 || seen[w] || stopWords[w] || w == "convention" || w == "treaty" || w == "protocol" || w == "кодекс" || w == "федерации" || w == "российской" {
			continue
		}
		seen[w] = true
		sw := stem(w)
		for _, qw := range strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) }) {
			if stem(qw) == sw {
				score += 2
				break
			}
		}
	}
	return score
}

// citedClauses finds the clauses a question cites: the article (or its
// paragraph's article) in the one document the question names best, or in
// each document that has it when the question names none of them, so the
// asker sees the candidates. It returns nil when the question cites
// nothing the documents have.
func (x *Index) citedClauses(q string) []int {
	ref, _, ok := citedRef(q)
	if !ok {
		return nil
	}
	type found struct {
		unit     int
		affinity int
	}
	var fs []found
	for _, d := range x.docs {
		prefix := ""
		if x.multi {
			prefix = d.ID + ":"
		}
		t, err := x.lookup(prefix+ref, false)
		if err != nil {
			// A paragraph the article does not have: the article still.
			if i := strings.IndexAny(ref, "(款"); i > 0 {
				if t2, err2 := x.lookup(prefix+strings.SplitN(ref, "第", 3)[0]+firstArticle(ref), false); err2 == nil {
					t, err = t2, nil
				}
			}
			if err != nil {
				continue
			}
		}
		fs = append(fs, found{t.unit, titleAffinity(q, d)})
	}
	best := 0
	for _, f := range fs {
		best = max(best, f.affinity)
	}
	var out []int
	for _, f := range fs {
		if f.affinity == best {
			out = append(out, f.unit)
		}
	}
	return out
}

// citedMissing returns why a question's cited article is not there, when
// the question names one loaded document clearly (the only one with the
// highest titleAffinity, at least 2: two characters of its short name,
// or one word of its title) and that document has no such article:
// "网络安全法第九百条说了什么" is told 《中华人民共和国网络安全法》 has no
// 第九百条, rather than shown 第九条 because its words overlap. It returns
// nil otherwise: no citation, no document named, or the article exists.
// The error is the one the clause command gives for the same reference
// (ENOTFOUND, with a bot.Reason).
func (x *Index) citedMissing(q string) error {
	ref, _, ok := citedRef(q)
	if !ok {
		return nil
	}
	var named *document
	best, ties := 0, 0
	for _, d := range x.docs {
		switch a := titleAffinity(q, d); {
		case a > best:
			named, best, ties = d, a, 1
		case a == best:
			ties++
		}
	}
	if best < 2 || ties != 1 {
		return nil
	}
	prefix := ""
	if x.multi {
		prefix = named.ID + ":"
	}
	_, err := x.lookup(prefix+firstArticle(ref), false)
	if bot.ErrorCode(err) != bot.ENOTFOUND {
		return nil
	}
	return err
}

// firstArticle is the article part of a cited reference.
func firstArticle(ref string) string {
	if i := strings.Index(ref, "条"); i > 0 {
		return ref[:i+len("条")]
	}
	if i := strings.Index(ref, "("); i > 0 {
		return ref[:i]
	}
	return ref
}
