package bot

import (
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/width"

	"clausebot/internal/lazyre"
)

// The forms a question cites an article in, as package index reads them
// (index/citation.go): 第二十一条 / 第21条, Article 5 / Art. 5, Статья 65 /
// статье 65 / ст. 65.
var (
	citeZhRE = lazyre.New(`第\s*([一二三四五六七八九十百千零〇两]+|\d+)\s*条`)
	citeEnRE = lazyre.New(`(?i)\b(?:article|art\.)\s*(\d+)`)
	citeRuRE = lazyre.New(`(?i)(?:стать[яиюейё]|ст\.)\s*(\d+)`)
	// articleRefRE is a whole article's reference, with no paragraph or
	// item: 第二十一条, Article 9, Статья 65 (after any "doc:" prefix).
	articleRefRE = lazyre.New(`^(?:第([一二三四五六七八九十百千零〇两]+|\d+)条|Article (\d+)|Статья (\d+))$`)
)

// citedNumbers returns the article numbers q cites, in any of the three
// forms, in the order written; nil when it cites none.
func citedNumbers(q string) []int {
	q = width.Narrow.String(q) // 第１０条, Article ５
	var out []int
	for _, re := range []func() *regexp.Regexp{citeZhRE, citeEnRE, citeRuRE} {
		for _, m := range re().FindAllStringSubmatch(q, -1) {
			if n, ok := number(m[1]); ok {
				out = append(out, n)
			}
		}
	}
	return out
}

// number reads an article number in Arabic digits or Chinese numerals.
func number(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, n > 0
	}
	return ParseChineseNumeral(strings.ReplaceAll(s, "两", "二"))
}

// articleNumber returns the number of the whole article a clause
// reference names ("网络安全法-2016-11-07:第二十一条" → 21, "Article 9" → 9,
// "Статья 65" → 65); ok is false for a paragraph, an item (Article 9(2),
// Статья 65 ч. 16), an inserted article (第十条之一, Статья 7¹) or any
// other reference.
// articleOfPartRE is the article a paragraph's or an item's reference
// begins with: 第二十一条 of 第二十一条第一款, Article 5 of Article 5(2),
// Статья 1142 of Статья 1142 п. 2.
var articleOfPartRE = lazyre.New(`^(?:第[一二三四五六七八九十百千零〇两\d]+条(?:之[一二三四五六七八九十]+)?|Article \d+[a-z]?|Статья \d+[¹²³⁴⁵⁶⁷⁸⁹⁰]*)`)

// articleOfPart returns the reference of the article a paragraph's or an
// item's reference ref belongs to, with its document prefix; ok is false
// when ref is no part of an article.
func articleOfPart(ref string) (string, bool) {
	prefix, r := "", ref
	if i := strings.LastIndex(ref, ":"); i >= 0 {
		prefix, r = ref[:i+1], ref[i+1:]
	}
	a := articleOfPartRE().FindString(r)
	if a == "" || a == r {
		return "", false
	}
	return prefix + a, true
}

func articleNumber(ref string) (int, bool) {
	if i := strings.LastIndex(ref, ":"); i >= 0 {
		ref = ref[i+1:]
	}
	m := articleRefRE().FindStringSubmatch(ref)
	if m == nil {
		return 0, false
	}
	return number(m[1] + m[2] + m[3])
}

// citesArticle reports whether the question q names by number the article
// ref is: "Статья 65 Водного кодекса" names Статья 65, "and Article 22?"
// names 第二十二条 of a Chinese law as well (the engine reads a follow-up's
// citation in the current document's own style).
func citesArticle(q, ref string) bool {
	n, ok := articleNumber(ref)
	if !ok {
		return false
	}
	for _, c := range citedNumbers(q) {
		if c == n {
			return true
		}
	}
	return false
}
