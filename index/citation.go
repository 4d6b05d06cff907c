package index

import (
	"slices"
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

// A citation often names its law: "刑法第十条", "《民法典》第一千二百条",
// "Article 5 of the GDPR", "Статья 10 Трудового кодекса". When no loaded
// document is that law, showing another document's article of the same
// number would be a confident wrong answer (the question named a law the
// bot does not hold), so the asker is told the law is not loaded.

// Law-type words a cited name ends with (Chinese) or holds (English,
// Russian): the kinds of legal instrument our users keep, from the names
// of Chinese laws and regulations (法, 条例, 规定 …, per 立法法 and the
// State Council's naming rules), and the titles of English and Russian
// instruments.
var (
	zhLawSuffixes = []string{"法典", "法", "条例", "规定", "办法", "细则", "决定", "公约", "协定", "条约", "议定书", "章程", "准则", "规则", "解释", "意见", "通知", "纲要", "规划"}
	// zhNotLaw are common words ending in 法 that name no law.
	zhNotLaw      = toSet("方法", "做法", "看法", "说法", "想法", "用法", "写法", "合法", "非法", "违法", "依法", "守法", "执法", "司法", "立法", "无法", "设法", "算法")
	reNameEn      = lazyre.New(`^\s*(?:of|in|under)\s+(?:the\s+)?((?:[A-Z][\w'’-]*)(?:\s+(?:[A-Z][\w'’-]*|of|on|the|and|for|to|in))*)`)
	enLawWords    = toSet("act", "code", "convention", "treaty", "protocol", "regulation", "directive", "law", "charter", "agreement", "constitution", "covenant", "statute", "ordinance", "rules")
	reNameRu      = lazyre.New(`(?i)^[\s,]*((?:[а-яё-]+\s+){0,3}(?:кодекса|закона|конвенции|договора|соглашения|протокола|положения|постановления|указа|конституции|устава)(?:\s+[а-яё-]+){0,5})`)
	ruGenericStem = toSet("кодекс", "закон", "конвенц", "договор", "соглашен", "протокол", "положен", "постановлен", "указ", "конституц", "устав", "российск", "федерац", "федеральн", "рф", "о", "об", "и", "в", "по", "на")
)

// citedName returns the name of the law a question's citation belongs
// to, as the question writes it ("刑法", "GDPR", "Трудового кодекса"),
// and the forms to look for in the documents' titles: for Chinese the
// shortest form that still names it (its law-type word and the character
// before, 刑法), matched as a subsequence of a title so that short names
// (网安法 for 网络安全法) count; for English and Russian the name's
// words' stems other than law-type words. ok is false when the
// citation names no law or names the document it is in ("本法第十条").
func citedName(q string) (name string, keys []string, ok bool) {
	if m := reAskZh().FindStringIndex(q); m != nil {
		before := []rune(strings.TrimRightFunc(q[:m[0]], unicode.IsSpace))
		if n := len(before); n > 0 && before[n-1] == '》' {
			i := n - 1
			for i > 0 && before[i-1] != '《' {
				i--
			}
			if i == 0 {
				return "", nil, false
			}
			before = before[i : n-1]
		}
		i := len(before)
		for i > 0 && unicode.Is(unicode.Han, before[i-1]) {
			i--
		}
		run := string(before[i:])
		for _, suf := range zhLawSuffixes {
			if !strings.HasSuffix(run, suf) || utf8.RuneCountInString(run) <= utf8.RuneCountInString(suf) {
				continue
			}
			rs := []rune(run)
			short := string(rs[len(rs)-utf8.RuneCountInString(suf)-1:])
			if strings.ContainsAny(short[:len(string([]rune(short)[0]))], "本该此其上") || zhNotLaw[short] {
				return "", nil, false // 本法, 该条例: the document itself; 方法, 违法: no law
			}
			// Drop the question's lead-in: 请问刑法 names 刑法.
			ws := segmentWords(run)
			k := 0
			for k < len(ws)-1 && (isFiller(ws[k]) || stopZh[ws[k]]) {
				k++
			}
			return strings.Join(ws[k:], ""), []string{short}, true
		}
		return "", nil, false
	}
	if m := reAskEn().FindStringIndex(q); m != nil {
		sm := reNameEn().FindStringSubmatch(q[m[1]:])
		if sm == nil {
			return "", nil, false
		}
		ws := strings.Fields(sm[1])
		for len(ws) > 0 && !unicode.IsUpper([]rune(ws[len(ws)-1])[0]) {
			ws = ws[:len(ws)-1]
		}
		law := false
		for _, w := range ws {
			lw := strings.ToLower(w)
			if enLawWords[lw] || enLawWords[strings.TrimSuffix(lw, "s")] || len(w) >= 2 && strings.ToUpper(w) == w && strings.IndexFunc(w, unicode.IsLetter) >= 0 {
				law = true
			}
		}
		if !law {
			return "", nil, false
		}
		for _, w := range ws {
			lw := strings.ToLower(w)
			if !enLawWords[lw] && !stopWords[lw] {
				keys = append(keys, stem(lw))
			}
		}
		return strings.Join(ws, " "), keys, len(keys) > 0
	}
	if m := reAskRu().FindStringIndex(q); m != nil {
		sm := reNameRu().FindStringSubmatch(q[m[1]:])
		if sm == nil {
			return "", nil, false
		}
		name = strings.TrimSpace(sm[1])
		for _, w := range strings.Fields(name) {
			if s := stem(strings.ToLower(w)); !ruGenericStem[s] && !ruGenericStem[strings.ToLower(w)] {
				keys = append(keys, s)
			}
		}
		return name, keys, len(keys) > 0
	}
	return "", nil, false
}

// namesLoaded reports whether a document's title or id holds the cited
// name's keys (see citedName): for Chinese, the key's characters in order;
// otherwise every key as a word stem, or an English acronym key as the
// initials of consecutive title words.
func namesLoaded(d *document, keys []string) bool {
	title := d.Title + " " + d.ID
	var stems []string
	var initials []rune
	for _, w := range strings.FieldsFunc(strings.ToLower(title), func(r rune) bool { return !unicode.IsLetter(r) }) {
		stems = append(stems, stem(w))
		if !stopWords[w] {
			initials = append(initials, []rune(w)[0])
		}
	}
	for _, k := range keys {
		if r, _ := utf8.DecodeRuneInString(k); unicode.Is(unicode.Han, r) {
			if !subsequence(title, k) {
				return false
			}
			continue
		}
		if !slices.Contains(stems, k) && !(len(k) >= 2 && strings.Contains(string(initials), k)) {
			return false
		}
	}
	return true
}

// subsequence reports whether the runes of sub occur in s in order.
func subsequence(s, sub string) bool {
	for _, r := range sub {
		i := strings.IndexRune(s, r)
		if i < 0 {
			return false
		}
		s = s[i+utf8.RuneLen(r):]
	}
	return true
}

// citedNotLoaded returns an ENOTFOUND error with a ReasonNoDocument when a
// question cites an article of a law it names and no loaded document is
// that law ("刑法第十条是什么" with no 刑法 loaded), nil otherwise.
func (x *Index) citedNotLoaded(q string) error {
	name, keys, ok := citedName(q)
	if !ok {
		return nil
	}
	for _, d := range x.docs {
		if namesLoaded(d, keys) {
			return nil
		}
	}
	return x.noDocument(name)
}
