package index

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"clausebot/bot"
	"clausebot/index/cedict"
	"clausebot/internal/lazyre"
)

// A question that cites an article by number ("网络安全法第二十一条说了什么",
// "What does Article 5 of the Hague Convention say?", "Статья 20 Водного
// кодекса") is answered with that article, looked up by reference, before
// anything BM25 finds: word overlap cannot tell 第二十一条 from 第十二条.

var (
	reAskZh = lazyre.New(`第\s*(` + cnNum + `|\d+)\s*条(?:之\s*(` + cnNum + `))?(?:\s*第\s*(` + cnNum + `|\d+)\s*款)?(?:\s*第\s*[（(]?\s*(` + cnNum + `|\d+)\s*[）)]?\s*项)?`)
	reAskEn = lazyre.New(`(?i)\b(?:article|art\.)\s*(\d+[a-z]?)(?:\s*\(\s*(\d+)\s*\))?(?:,?\s*paragraph\s*(\d+))?(?:\s*\(\s*([a-z])\s*\))?`)
	// Russian cites a part (часть, ч.) and a point (пункт, п.) after the
	// article ("Статья 3 ч. 2 п. 9") or, as statutes write it, before
	// ("п. 2 ч. 1 ст. 5", "часть 1 статьи 5").
	reAskRu       = lazyre.New(`(?i)(?:стать[яиюейё]|ст\.)\s*(\d+[¹²³⁴⁵⁶⁷⁸⁹]*)(?:\s*,?\s*(?:ч\.|част[ьиюя])\s*(\d+))?(?:\s*,?\s*(?:п\.|пункт[аеу]?)\s*(\d+))?`)
	reAskRuSub    = lazyre.New(`(?i)(?:подпункт[а-яё]*|пп\.)\s*(\d+)\s*,?\s*(?:пункт[а-яё]*|п\.)\s*(\d+)\s*,?\s*(?:стать[яиюейё]|ст\.)\s*(\d+[¹²³⁴⁵⁶⁷⁸⁹]*)`)
	reAskRuBefore = lazyre.New(`(?i)(?:(?:п\.|пункт[аеу]?)\s*(\d+)\s*,?\s*)?(?:ч\.|част[ьиюя])\s*(\d+)\s*,?\s*(?:стать[яиюейё]|ст\.)\s*(\d+[¹²³⁴⁵⁶⁷⁸⁹]*)|(?:п\.|пункт[аеу]?)\s*(\d+)\s*,?\s*(?:стать[яиюейё]|ст\.)\s*(\d+[¹²³⁴⁵⁶⁷⁸⁹]*)`)
)

// citedRef returns the reference a question cites, typed as a reference
// ("第二十一条第一款", "Article 5(2)", "Статья 20"), and the question with
// the citation removed; ok is false when it cites none.
func citedRef(q string) (ref, rest string, ok bool) {
	if !strings.Contains(q, "条") && !strings.ContainsAny(q, "0123456789０１２３４５６７８９") {
		// Every pattern needs 条 (reAskZh) or a digit (the others): most
		// questions cite nothing, and Search asks four times a question.
		return "", q, false
	}
	q = width.Narrow.String(q) // 第１０条, Article ５
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
		if m[4] != "" {
			ref += "(" + strings.ToLower(m[4]) + ")" // a point: Article 5(2)(b), Article 3(b)
		}
		return ref, strings.Replace(q, m[0], " ", 1), true
	}
	if m := reAskRuSub().FindStringSubmatch(q); m != nil {
		// "в подпункте 1 пункта 1 статьи 1127": the sub-point, not the
		// whole point (a trial got all of п. 1).
		return "Статья " + m[3] + " п. " + m[2] + " пп. " + m[1], strings.Replace(q, m[0], " ", 1), true
	}
	if m := reAskRuBefore().FindStringSubmatch(q); m != nil {
		if m[3] != "" {
			return ruRef(m[3], m[2], m[1]), strings.Replace(q, m[0], " ", 1), true
		}
		return ruRef(m[5], "", m[4]), strings.Replace(q, m[0], " ", 1), true
	}
	if m := reAskRu().FindStringSubmatch(q); m != nil {
		return ruRef(m[1], m[2], m[3]), strings.Replace(q, m[0], " ", 1), true
	}
	return "", q, false
}

// ruRef types a Russian reference as the documents' references are:
// "Статья 3", "Статья 3 ч. 2", "Статья 3 ч. 2 п. 9", "Статья 2 п. 3".
func ruRef(article, part, point string) string {
	ref := "Статья " + article
	if part != "" {
		ref += " ч. " + part
	}
	if point != "" {
		ref += " п. " + point
	}
	return ref
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
		if utf8.RuneCountInString(w) < 4 || seen[w] || isStopWord(w) || w == "convention" || w == "treaty" || w == "protocol" || w == "кодекс" || w == "федерации" || w == "российской" {
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
// nothing the documents have. parts maps a unit to the index of the
// paragraph or item of its public clause's Parts the question cites
// (网络安全法第二十二条第二款, Article 4(2)), for the units where it cites
// one the article has. missing, when it cites nothing the documents
// have, is why, when that is a part (paragraph, item) of an article a
// document has: the lookup's error, as the clause command gives it.
func (x *Index) citedClauses(q string) (units []int, parts map[int]int, missing error) {
	ref, _, ok := citedRef(q)
	if !ok {
		return nil, nil, nil
	}
	type found struct {
		unit     int
		affinity int
		sub      int
	}
	var fs []found
	fits := x.citedDocs(q)
	for _, d := range x.docs {
		if fits != nil && !fits[d] {
			continue // not the law the question names
		}
		prefix := ""
		if x.multi {
			prefix = d.ID + ":"
		}
		ref := ref
		if fits != nil {
			ref = articleIn(ref, d.Lang) // Article 4 of a law by its English name: its 第四条
			if num, style := articleNumberStyle(ref); num != "" && d.Lang != "" && style != d.Lang {
				ref = articleStyled(num, d.Lang) // 海牙公约第五条: its Article 5
			}
		}
		lookup := func(ref string) (target, error) { return x.lookup(ref, false) }
		if d.VersionOf != "" {
			// "What does Article 4 say?" where the English version lacks
			// it: the other versions' 第四条 (lookupAcross).
			lookup = func(ref string) (target, error) { return x.lookupClauseIn(ref, true) }
		}
		t, err := lookup(prefix + ref)
		if err != nil {
			// A paragraph or item the article does not have ("Article
			// 5(9)", 第五条第九款): said so, as the clause command says
			// it, not the whole article shown as if it were the part (nor,
			// with no citation read, Article 9 found by its number).
			if art := articleOf(ref); art != ref {
				if _, err2 := x.lookup(prefix+art, false); err2 == nil && missing == nil {
					missing = err
				}
			}
			continue
		}
		fs = append(fs, found{t.unit, titleAffinity(q, d), t.sub})
	}
	best := 0
	for _, f := range fs {
		best = max(best, f.affinity)
	}
	var out []int
	groups := map[string]int{} // a version group → its index in out
	lang := bot.ScriptLang(q)
	for _, f := range fs {
		if f.affinity != best {
			continue
		}
		// One article of a document's language versions, in the
		// question's language when it has one: the others are shown
		// with it as its versions (a trial saw them again as results 2
		// and 3).
		d := x.clauses[f.unit].doc
		if d.VersionOf != "" {
			if k, ok := groups[d.VersionOf]; ok {
				if d.Lang == lang {
					out[k] = f.unit
				}
				continue
			}
			groups[d.VersionOf] = len(out)
		}
		out = append(out, f.unit)
		if f.sub >= 0 {
			if parts == nil {
				parts = map[int]int{}
			}
			parts[f.unit] = f.sub
		}
	}
	if len(out) > 0 {
		missing = nil
	}
	return out, parts, missing
}

// reContainerArticle is an article cited with the annex, appendix,
// schedule or part holding it: "Annex II Article 1", "Appendix to the
// Protocol Article 1", "Part 2, Article 4".
var reContainerArticle = lazyre.New(`(?i)\b(?:annex|appendix|schedule|part|приложени[еяю])\b[^?？。,;:!]{0,60}?\b(?:article|art\.|статья|ст\.)\s*\d+[a-z]?(?:\s*\(\d+\))?`)

// containerCited returns the clauses a question cites with the
// container holding them (reContainerArticle), when the whole citation
// is a reference the documents have: one clause, or every one it may
// name when it is ambiguous ("Annex II Article 1": its PART 1 and PART 2
// both have one). Without it, "Annex II Article 1" was read as "Article
// 1" of any document (a Russian code's Статья 1 came first), and
// "Appendix to the Protocol Article 1" as a document not loaded.
func (x *Index) containerCited(q string) []int {
	m := reContainerArticle().FindString(width.Narrow.String(q))
	if m == "" {
		return nil
	}
	var units []int
	if t, err := x.lookup(m, false); err == nil {
		units = []int{t.unit}
	} else {
		for _, c := range bot.ErrorChoices(err) {
			if t, err := x.lookup(c, false); err == nil && !slices.Contains(units, t.unit) {
				units = append(units, t.unit)
			}
		}
	}
	if fits := x.docsForNames(citedNames(q), true); len(fits) > 0 {
		// "Part 2 Article 4 of the plant treaty": that treaty's. ("Annex
		// II" itself may read as a name that fits no document.)
		if in := slices.DeleteFunc(slices.Clone(units), func(i int) bool { return !fits[x.clauses[i].doc] }); len(in) > 0 {
			units = in
		}
	}
	return units
}

// reArticleOf is the article a reference with a part begins with: 第五条
// of 第五条第九款, Article 5 of Article 5(9) or "Article 5, paragraph 2",
// Статья 3 of "Статья 3 ч. 2 п. 9".
var reArticleOf = lazyre.New(`^(?:第[〇零一二三四五六七八九十百千两\d]+条|(?i:article|art\.?)\s*\d+[a-z]?|(?i:статья|ст\.?)\s*\d+(?:\.\d+)?)`)

// articleOf returns the article a reference names (reArticleOf), or ref
// itself when it names no part of one.
func articleOf(ref string) string {
	if m := reArticleOf().FindString(ref); m != "" {
		return strings.TrimSpace(m)
	}
	return ref
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
	// Only words name a document here, not a few of its title's
	// characters: "城市建设第二十条" (or a pasted page holding 第二十条) does
	// not name the 海绵城市建设 notice; a Chinese law's name is read by
	// citedDocs below.
	words := strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Han, r) {
			return ' '
		}
		return r
	}, q)
	for _, d := range x.docs {
		switch a := titleAffinity(words, d); {
		case a > best:
			named, best, ties = d, a, 1
		case a == best:
			ties++
		}
	}
	if fits := x.citedDocs(q); len(fits) == 1 {
		// The one document the named law may be ("the Protocol" with one
		// protocol loaded), whatever the words' affinity.
		for d := range fits {
			named, best, ties = d, 2, 1
		}
	}
	if best < 2 || ties != 1 {
		return nil
	}
	prefix := ""
	if x.multi {
		prefix = named.ID + ":"
	}
	lookup := func(ref string) (target, error) { return x.lookup(ref, false) }
	if named.VersionOf != "" {
		lookup = func(ref string) (target, error) { return x.lookupClauseIn(ref, true) } // another version may have it (lookupAcross)
	}
	art := articleIn(firstArticle(ref), named.Lang)
	if num, style := articleNumberStyle(art); num != "" && named.Lang != "" && style != named.Lang {
		art = articleStyled(num, named.Lang) // 俄罗斯民法典第1142条: its Статья 1142
	}
	_, err := lookup(prefix + art)
	if bot.ErrorCode(err) != bot.ENOTFOUND {
		return nil
	}
	return err
}

// citedNowhere returns why a question that is nothing but a citation
// (filler aside: 第九十条, 第九十条说了什么, "What does Article 90 say?")
// finds no clause, when no loaded document has the article: the clause
// command's error for the reference (ENOTFOUND, Reason
// ReasonNoSuchClause). It returns nil for any other question; with
// withWords, it does the same for a question with words of its own
// (第九十九条关于网店卖假货怎么说), which Search asks only when those words
// found no answer: a question citing a number no document has is then
// told so, rather than offered near clauses picked for the number's
// characters (第九条, 第十九条, 第五十九条, as a trial saw). Where the
// words do find an answer it is given ("第九十条 押金退还").
func (x *Index) citedNowhere(q string, withWords bool) error {
	ref, rest, ok := citedRef(q)
	if !ok || !withWords && len(x.analyzeQuestion(rest).units) > 0 || len(citedNames(q)) > 0 {
		return nil
	}
	_, err := x.lookup(firstArticle(ref), false)
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
	// zhAskVerbs are the verbs a question puts before a law's name to ask
	// for it (看看网络安全法, 查一下刑法).
	zhAskVerbs = toSet("看", "看看", "看一下", "查", "查查", "查一下", "查询", "找", "找找", "找一下", "读", "读读", "翻", "翻翻", "打开", "搜", "搜索", "问", "问问", "请教", "参考", "参照", "根据", "依照", "按照", "依据", "对照")
	// zhNotLaw are common words ending in 法 that name no law.
	zhNotLaw = toSet("部法", "套法", "方法", "做法", "看法", "说法", "想法", "用法", "写法", "合法", "非法", "违法", "依法", "守法", "执法", "司法", "立法", "无法", "设法", "算法")
	reNameEn = lazyre.New(`^\s*(?:of|in|under)\s+(?:the\s+)?((?:[A-Z][\w'’-]*)(?:\s+(?:[A-Z][\w'’-]*|of|on|the|and|for|to|in))*)`)
	// A name in lower case ends in its law-type word: "Article 15 of the
	// dual-use items export control regulations".
	reNameEnLower = lazyre.New(`(?i)^\s*(?:of|in|under)\s+(?:the\s+)?((?:[a-z][\w'’-]*\s+){1,7}(?:act|code|convention|treaty|protocol|regulations?|directive|law|charter|agreement|constitution|covenant|statute|ordinance|rules))\b`)
	enLawWords    = toSet("act", "code", "convention", "treaty", "protocol", "regulation", "directive", "law", "charter", "agreement", "constitution", "covenant", "statute", "ordinance", "rules", "communique", "communiqué")
	reNameRu      = lazyre.New(`(?i)^[\s,]*((?:[а-яё-]+\s+){0,3}(?:кодекса|закона|конвенции|договора|соглашения|протокола|положения|постановления|указа|конституции|устава)(?:\s+[а-яё-]+){0,5})`)
	ruRefWords    = toSet("ч", "п", "пп", "ст", "абз", "подп", "часть", "части", "пункт", "пункта", "статья", "статьи", "абзац", "подпункт")
	ruGenericStem = toSet("кодекс", "закон", "конвенц", "договор", "соглашен", "протокол", "положен", "постановлен", "указ", "конституц", "устав", "российск", "федерац", "федеральн", "рф", "настоя", "настоящ", "данн", "о", "об", "и", "в", "по", "на")
)

// lawName is a law a citing question names: as written, for the reply,
// and how to recognise it among the loaded documents' titles and ids.
type lawName struct {
	name string
	// words are a Chinese name's segmented words; a loaded title must
	// hold them in order (see abbreviates: 网安法 is 网络安全法), after
	// dropping none or some leading verbs
	// (看看网络安全法).
	words []string
	// keys are an English or Russian name's word stems other than
	// law-type words, each of which a loaded title must hold, or an
	// abbreviation ("gdpr", "ткрф") that the initials of its words hold.
	keys []string
	// english marks an English name, acronym one that is an acronym
	// (GDPR): only an English name of words can be translated.
	english, acronym bool
	// kind is an English name's first law-type word, its head noun
	// ("convention" of "Vienna Convention on the Law of Treaties"), ""
	// when it has none (an acronym).
	kind string
}

// enKinds are the words that Chinese and Russian titles use for each kind
// of instrument an English name may say, after the names of Chinese laws
// and regulations (法, 条例, 规定, 办法 …: 立法法 and the State Council's
// 行政法规制定程序条例, art. 5) and of Russian ones (закон, кодекс,
// положение …), and how treaties are called in each (公约, 条约, 协定,
// 议定书; конвенция, договор, соглашение, протокол). An English name of
// one kind is not a document whose title is of another: "the Geneva
// Convention" is neither 反垄断法 nor the Водный кодекс, which no
// dictionary could tell apart by their other words.
var enKinds = map[string][]string{
	"law": {"法", "закон", "кодекс"}, "act": {"法", "закон", "акт"}, "code": {"法典", "кодекс"},
	"statute": {"法", "规约", "закон", "устав"}, "constitution": {"宪法", "конституц"},
	"regulation": {"条例", "规定", "办法", "细则", "规则", "положен", "постановлен", "правил", "регламент"},
	"rule":       {"规则", "规定", "细则", "办法", "条例", "правил", "положен"},
	"ordinance":  {"条例", "规定", "постановлен", "указ"}, "directive": {"指令", "директив"},
	"convention": {"公约", "конвенц"}, "covenant": {"公约", "пакт"}, "treaty": {"条约", "договор"},
	"agreement": {"协定", "协议", "соглашен"}, "protocol": {"议定书", "протокол"}, "charter": {"宪章", "устав", "харти"},
	"communique": {"公报", "коммюнике"}, "communiqué": {"公报", "коммюнике"},
}

// kindFits reports whether a document's title is of the kind an English
// name says (see enKinds): true when the name says none, or the kind is
// not listed, or the title holds one of its words.
func (n lawName) kindFits(d *document) bool {
	ws, ok := enKinds[n.kind]
	if !ok {
		return true
	}
	title := strings.ToLower(d.Title)
	for _, w := range ws {
		if strings.Contains(title, w) {
			return true
		}
	}
	return false
}

// citedNames returns the laws a question that cites an article names,
// anywhere in it: "刑法第十条", "第十条刑法怎么规定", "按照刑法的规定，第十条",
// "《民法典》第一千二百条", "Article 5 of the GDPR", "GDPR Article 5", "the
// Civil Code's Article 10", "Art. 5 GDPR", "Статья 10 Трудового кодекса",
// "Трудовой кодекс, статья 10", "статья 10 ТК РФ". A Chinese name is a run
// of words, none of them filler, ending in a law-type word (法, 条例 …)
// and longer than it; "本法", "该条例" (the document itself) and common
// words ending in 法 (方法, 违法) are not names. It returns nil when the
// question cites no article or names no law.
func citedNames(q string) []lawName {
	q = width.Narrow.String(q)
	var out []lawName
	if m := reAskZh().FindStringIndex(q); m != nil {
		rest := q[:m[0]] + " " + q[m[1]:]
		for _, b := range reBracketed().FindAllStringSubmatch(rest, -1) {
			if n, ok := zhLawName(segmentWords(b[1]), true); ok {
				out = append(out, n)
			}
		}
		// The words right before the article when they end in a law-type
		// word, first: whole, but for the question words and verbs of
		// asking that begin them (请问, 我想看看). The runs below are cut at
		// every function word, and would name 正当竞争法 for
		// 反不正当竞争法 (不) and 信息保护法 for 个人信息保护法 (个人), and
		// cut 反不正当竞争法若干问题的解释, the interpretation, at 的.
		if runs := reHanRun().FindAllStringIndex(q[:m[0]], -1); len(runs) > 0 {
			if r := runs[len(runs)-1]; strings.TrimSpace(q[r[1]:m[0]]) == "" {
				ws := segmentWords(q[r[0]:r[1]])
				for len(ws) > 1 && (fillers[ws[0]] || zhAskVerbs[ws[0]]) {
					ws = ws[1:]
				}
				if n, ok := zhLawName(ws, false); ok {
					out = append(out, n)
				}
			}
		}
		return append(out, zhNamesIn(reBracketed().ReplaceAllString(rest, " "))...)
	}
	if m := reAskEn().FindStringIndex(q); m != nil {
		var cands []string
		if sm := reNameEn().FindStringSubmatch(q[m[1]:]); sm != nil {
			cands = append(cands, sm[1])
		} else if sm := reNameEnLower().FindStringSubmatch(q[m[1]:]); sm != nil {
			cands = append(cands, sm[1]) // "of the cybersecurity law", as people type it
		}
		if sm := reNameEnBefore().FindStringSubmatch(q[:m[0]]); sm != nil {
			cands = append(cands, sm[1])
		}
		if sm := reAcronymAfter().FindStringSubmatch(q[m[1]:]); sm != nil {
			cands = append(cands, sm[1])
		}
		for _, c := range cands {
			if n, ok := enLawName(c); ok {
				out = append(out, n)
			}
		}
		// A Chinese law's own name in an English or Russian question
		// ("What does 外商投资法 Article 22 say?"): a trial's "Что говорит
		// 外商投资法 статья 22?" got the Водный кодекс's Статья 22.
		return append(out, zhNamesIn(q)...)
	}
	if m := reAskRu().FindStringIndex(q); m != nil {
		var cands []string
		if sm := reNameRu().FindStringSubmatch(q[m[1]:]); sm != nil {
			cands = append(cands, sm[1])
		}
		if sm := reNameRuBefore().FindStringSubmatch(q[:m[0]]); sm != nil {
			cands = append(cands, sm[1])
		}
		for _, c := range cands {
			// A reference's own words end the name: "ст. 65 Водного
			// кодекса ч. 4" names the Водный кодекс, not "Водного кодекса ч".
			if n, ok := ruLawName(c); ok {
				out = append(out, n)
			}
		}
		for _, sm := range reRuAbbrev().FindAllStringSubmatch(q, -1) {
			out = append(out, lawName{name: sm[1] + " РФ", keys: []string{strings.ToLower(sm[1]) + "рф"}})
		}
		return append(out, zhNamesIn(q)...)
	}
	return nil
}

// zhNamesIn returns the Chinese law names in text's runs of Chinese
// characters: runs of words, none of them filler, ending in a law-type
// word (刑法|怎么规定 names 刑法; see zhLawName).
func zhNamesIn(text string) []lawName {
	var out []lawName
	for _, run := range reHanRun().FindAllString(text, -1) {
		ws := segmentWords(run)
		for i := 0; i < len(ws); {
			if isFiller(ws[i]) || isStopZh(ws[i]) {
				i++
				continue
			}
			j := i
			for j < len(ws) && !isFiller(ws[j]) && !isStopZh(ws[j]) {
				j++
			}
			// The law-type word ends the name: 刑法|怎么规定 names 刑法.
			for k := j; k > i; k-- {
				if n, ok := zhLawName(ws[i:k], false); ok {
					out = append(out, n)
					break
				}
			}
			i = j
		}
	}
	return out
}

// ruLawName makes a lawName of a Russian name ("Водного кодекса"): its
// words up to a reference's own (ч., п., статья), and as keys the stems of
// those that are not generic (кодекс, российской); false when none is.
func ruLawName(c string) (lawName, bool) {
	fs := strings.Fields(c)
	for i, w := range fs {
		if ruRefWords[strings.ToLower(w)] {
			fs = fs[:i]
			break
		}
	}
	var keys []string
	for _, w := range fs {
		lw := strings.ToLower(w)
		if s := stem(lw); !ruGenericStem[s] && !ruGenericStem[lw] && !isStopWord(lw) && !askWords[lw] {
			keys = append(keys, s)
		}
	}
	return lawName{name: strings.TrimSpace(strings.Join(fs, " ")), keys: keys}, len(keys) > 0
}

var (
	reBracketed = lazyre.New(`《([^》]+)》`)
	reHanRun    = lazyre.New(`\p{Han}+`)
	// (lower-case joining words inside: "Additional Protocol to the
	// European Social Charter, Article 4" names the protocol, not the
	// charter)
	reNameEnBefore = lazyre.New(`((?:[A-Z][\w-]*\s+(?:(?:of|on|to|the|for|and|in)\s+)*)*[A-Z][\w-]*)(?:'s|’s)?\s*[,:]?\s*$`)
	reAcronymAfter = lazyre.New(`^\s*(?:\(\s*\d+\s*\)\s*)?[,(]?\s*([A-Z][A-Z0-9]+)\b`)
	reNameRuBefore = lazyre.New(`(?i)((?:[а-яё-]+\s+){0,3}(?:кодекс|закон|конвенция|договор|соглашение|протокол|положение|постановление|указ|конституция|устав)[а-яё]*(?:\s+(?:о|об|в|на|по|против)\s+[а-яё-]+(?:\s+[а-яё-]+){0,3})?)\s*[,:–-]?\s*$`)
	reRuAbbrev     = lazyre.New(`(?:^|[^\p{L}])(\p{Lu}{1,4})\s*РФ(?:[^\p{L}]|$)`)
)

// zhLawName makes a lawName of segmented words when they name a law: the
// last ends in a law-type word and they are longer than it (or they were
// written in 《》, which names a document whatever its kind).
func zhLawName(ws []string, bracketed bool) (lawName, bool) {
	name := strings.Join(ws, "")
	if name == "" {
		return lawName{}, false
	}
	if !bracketed {
		law := false
		for _, suf := range zhLawSuffixes {
			if strings.HasSuffix(name, suf) && utf8.RuneCountInString(name) > utf8.RuneCountInString(suf) {
				law = true
				break
			}
		}
		if !law || zhNotLaw[name] {
			return lawName{}, false
		}
	}
	if r, _ := utf8.DecodeRuneInString(name); strings.ContainsRune("本该此其上", r) {
		return lawName{}, false // 本法, 该条例: the document itself
	}
	// Shown without the verbs of asking before it: 看看网络安全法 names
	// 网络安全法. (Only those: a name may begin with a verb or an
	// adjective of its own, 反|不正当|竞争法, 保护|消费者|权益法.)
	k := 0
	for k < len(ws)-1 && zhAskVerbs[ws[k]] {
		k++
	}
	return lawName{name: strings.Join(ws[k:], ""), words: ws}, true
}

// hasLawSuffix reports whether a word ends in a law-type word and is
// longer than it (安全法, 刑法; not 法 alone).
func hasLawSuffix(w string) bool {
	for _, suf := range zhLawSuffixes {
		if strings.HasSuffix(w, suf) && utf8.RuneCountInString(w) > utf8.RuneCountInString(suf) {
			return true
		}
	}
	return false
}

// enLawName makes a lawName of an English name when it names a law: it
// holds a law-type word or is an acronym.
func enLawName(c string) (lawName, bool) {
	ws := strings.Fields(c)
	lower := len(ws) > 0 && !unicode.IsUpper([]rune(ws[0])[0])
	for len(ws) > 0 && !lower && !unicode.IsUpper([]rune(ws[len(ws)-1])[0]) {
		ws = ws[:len(ws)-1]
	}
	if lower && len(ws) > 0 && !unicode.IsUpper([]rune(ws[len(ws)-1])[0]) {
		// A name in lower case ends in its kind word; what comes before a
		// preposition or a deictic is the question's: "the purpose of this
		// regulation" names no regulation (this one: the kind alone), and
		// its "purpose" chose a Chinese 办法 over an English Regulation.
		for i := len(ws) - 2; i >= 0; i-- {
			switch strings.ToLower(ws[i]) {
			case "of", "in", "under", "to", "for", "from", "by", "this", "these", "that", "present", "said":
				ws = ws[i+1:]
				i = 0
			}
		}
	}
	for len(ws) > 0 && strings.EqualFold(ws[0], "the") {
		ws = ws[1:]
	}
	law := false
	for _, w := range ws {
		lw := strings.ToLower(w)
		if enLawWords[lw] || enLawWords[strings.TrimSuffix(lw, "s")] || len(w) >= 2 && strings.ToUpper(w) == w && strings.IndexFunc(w, unicode.IsLetter) >= 0 {
			law = true
		}
	}
	if !law {
		return lawName{}, false
	}
	var keys, kinds []string
	kind := ""
	acronym := len(ws) == 1
	prep := false // a preposition since the kind word
	for _, w := range ws {
		lw := strings.ToLower(w)
		if (enLawWords[lw] || enLawWords[strings.TrimSuffix(lw, "s")]) && (kind == "" || !prep) {
			// The head: Convention of "Convention on the Law of Treaties",
			// and the last of a compound, Protocol of "social charter
			// protocol" (a trial's, told it was not loaded).
			kind, prep = strings.TrimSuffix(lw, "s"), false
		}
		switch lw {
		case "of", "on", "to", "for", "in", "against", "concerning", "relating", "between", "with":
			prep = true
		}
		if !enLawWords[lw] && !isStopWord(lw) {
			keys = append(keys, stem(lw))
		} else if enLawWords[lw] || enLawWords[strings.TrimSuffix(lw, "s")] {
			kinds = append(kinds, stem(lw))
		}
		acronym = acronym && strings.ToUpper(w) == w
	}
	if len(keys) == 0 && lower {
		return lawName{}, false // "of the law": no name
	}
	if len(keys) == 0 {
		// "the Protocol", "the Convention": the law-type word is the name
		// (a title without it is not that law).
		keys = kinds
	}
	return lawName{name: strings.Join(ws, " "), keys: keys, english: true, acronym: acronym, kind: kind}, len(keys) > 0
}

// loaded reports whether a loaded document is the law n names (see
// lawName). 中华人民共和国, which begins most Chinese laws' titles and ids,
// is left out of the comparison: 民法 is not 中华人民共和国对外贸易法.
func (n lawName) loaded(d *document) bool {
	title := strings.ReplaceAll(d.Title+" "+d.ID, "中华人民共和国", "")
	if len(n.words) > 0 {
		// The whole name, or a law it is made from (反不正当竞争法|司法解释,
		// 网络安全法|实施条例) when the title is of that kind too: the
		// judicial interpretation of 反不正当竞争法 is loaded when its
		// title ends in 解释, but 对外贸易法实施细则 is not the law
		// 对外贸易法, whose 第三条 is another provision than the rules'.
		// A name the title only quotes is not the document either:
		// 最高人民法院关于适用《反不正当竞争法》若干问题的解释 is not the law
		// (a notice that issues a document, 印发《…》的通知, holds it).
		own := title
		if t := ownTitle(d.Title); t != d.Title {
			// (and without the id, made of the same words: 最高人民法院关于适用-反不正当竞争法-…)
			own = strings.ReplaceAll(t, "中华人民共和国", "")
		}
		for j := len(n.words); j > 0; j-- {
			in := own
			if j < len(n.words) {
				if !hasLawSuffix(strings.Join(n.words[:j], "")) {
					continue
				}
				kind := []rune(strings.Join(n.words[j:], ""))
				if len(kind) < 2 || !strings.Contains(own, string(kind[len(kind)-2:])) {
					continue
				}
				in = title
			}
			for k := 0; k < j; k++ {
				if name := strings.ReplaceAll(strings.Join(n.words[k:j], ""), "中华人民共和国", ""); utf8.RuneCountInString(name) >= 2 && abbreviates(in, name) {
					return true
				}
				if !isPredicate(n.words[k]) && !isFiller(n.words[k]) {
					break
				}
			}
		}
		return false
	}
	if n.english && n.kind != "" {
		// The kind the title begins with is the document's: "the European
		// Social Charter" is not the Additional Protocol to it, whose
		// title holds every word of the name.
		for _, w := range strings.FieldsFunc(strings.ToLower(d.Title), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if k := strings.TrimSuffix(w, "s"); enLawWords[w] || enLawWords[k] {
				if k != n.kind && w != n.kind {
					return false
				}
				break
			}
		}
	}
	var stems []string
	var initials []rune
	for _, w := range strings.FieldsFunc(strings.ToLower(title), func(r rune) bool { return !unicode.IsLetter(r) }) {
		stems = append(stems, stem(w))
		if !isStopWord(w) {
			initials = append(initials, []rune(w)[0])
		}
	}
	for _, k := range n.keys {
		if !slices.Contains(stems, k) && !(utf8.RuneCountInString(k) >= 2 && strings.Contains(string(initials), k)) {
			return false
		}
	}
	return true
}

// ownTitle is a title without the names it only quotes: a 《…》 that
// follows 适用, 关于 or another word and is followed by more of the title
// names another document (关于适用《反不正当竞争法》若干问题的解释), except
// one the document issues (印发, 发布, 公布《…》的通知), which it holds.
func ownTitle(title string) string {
	var b strings.Builder
	rest := title
	for {
		i := strings.Index(rest, "《")
		if i < 0 {
			b.WriteString(rest)
			return b.String()
		}
		j := strings.Index(rest[i:], "》")
		if j < 0 {
			b.WriteString(rest)
			return b.String()
		}
		j += i + len("》")
		before := rest[:i]
		issued := strings.HasSuffix(before, "印发") || strings.HasSuffix(before, "发布") || strings.HasSuffix(before, "公布")
		b.WriteString(before)
		if issued || strings.TrimSpace(before) == "" && strings.TrimSpace(rest[j:]) == "" {
			b.WriteString(rest[i:j])
		} else {
			b.WriteString(" ")
		}
		rest = rest[j:]
	}
}

// abbreviates reports whether sub is a name in s or a short form of it:
// sub's last rune ends a run of Han characters in s (a name ends there:
// 网络安全法-2016…, …竞争法》; not 民法 in 人民法院), and its other runes
// occur before it in order within a span of at most twice sub's length
// plus two runes (网安法 in 网络安全法, 外贸法 in 对外贸易法), so that
// characters scattered over a long title do not count.
func abbreviates(s, sub string) bool {
	rs, want := []rune(s), []rune(sub)
	if len(want) == 0 {
		return false
	}
	last := len(want) - 1
	limit := 2*len(want) + 2
	for e, r := range rs {
		if r != want[last] || e+1 < len(rs) && unicode.Is(unicode.Han, rs[e+1]) {
			continue
		}
		// Match the rest backwards from e, as late as possible: the
		// narrowest span ending at e.
		k, i := last-1, e-1
		for ; k >= 0 && i >= 0 && e-i < limit; i-- {
			if rs[i] == want[k] {
				k--
			}
		}
		if k < 0 {
			return true
		}
	}
	return false
}

// citedNotLoaded returns an ENOTFOUND error with a ReasonNotLoaded when a
// question cites an article and names a law, and no loaded document is
// any law it names ("刑法第十条是什么" with no 刑法 loaded); nil otherwise.
func (x *Index) citedNotLoaded(q string) error {
	names := citedNames(q)
	if len(names) == 0 {
		return nil
	}
	for _, n := range names {
		if ok, _ := x.lawLoaded(n); ok {
			return nil
		}
	}
	e := notLoaded(names[0].name)
	if like := x.titleLike(names[0].name); like != "" {
		// A typo in the name (电子商物法): say which loaded law it may be.
		e.Message = fmt.Sprintf("“%s” is not among the loaded documents; did you mean “%s”? /sources lists them.", names[0].name, like)
		e.Reason.List = []string{like}
	}
	return e
}

// titleLike returns the part of a loaded document's title that a Chinese
// law's name of three or more characters, as typed, misspells by one
// character other than its last (电子商物法 for 电子商务法, in 中华人民共和国
// 电子商务法), or "" when no title has one or several titles do.
func (x *Index) titleLike(name string) string {
	rs := []rune(name)
	if len(rs) < 3 || !isHan(name) {
		return ""
	}
	found := ""
	for _, d := range x.docs {
		ts := []rune(d.Title)
		for i := 0; i+len(rs) <= len(ts); i++ {
			diff := 0
			for k := range rs {
				if ts[i+k] != rs[k] {
					diff++
				}
			}
			if diff == 1 && ts[i+len(rs)-1] == rs[len(rs)-1] {
				if like := string(ts[i : i+len(rs)]); found != "" && found != like {
					return ""
				} else {
					found = like
				}
			}
		}
	}
	return found
}

// lawLoaded reports whether a loaded document may be the law n names: its
// title holds the name (see loaded), or, for an English name of words
// (not an acronym), a Chinese title holds a CC-CEDICT translation of each
// of its words other than law-type words ("the Anti-Monopoly Law" is
// 反垄断法), which is returned for the article to be looked up in it. An
// English name of words is also taken as possibly loaded when Chinese or
// Russian documents are loaded and no translation shows which: CC-CEDICT
// lacks "cybersecurity", gives 外资 for "foreign investment" (外商投资法),
// and has no Russian, so "not loaded" could be said of a law that is.
func (x *Index) lawLoaded(n lawName) (ok bool, byName *document) {
	for _, d := range x.docs {
		if n.loaded(d) {
			return true, nil
		}
	}
	if !n.english && len(x.ruCodeDocs(n.name)) > 0 {
		return true, nil // 俄罗斯民法典: the Гражданский кодекс
	}
	if x.foreignTreaty(n) {
		return true, nil
	}
	if n.russian() {
		// No dictionary checks a Russian name against a Chinese or
		// English title: "статья 37 Закона КНР о кибербезопасности" was
		// told 网络安全法 was not loaded.
		for _, d := range x.docs {
			if (d.Lang == "zh" || d.Lang == "en") && n.ruKindFits(d) {
				return true, nil
			}
		}
		return false, nil
	}
	if !n.english || n.acronym {
		return false, nil
	}
	// "the Civil Code", "the Labour Code": a code of the Russian
	// Federation by its English name (ruCodeNames) is checked against the
	// Russian titles; when none is it, no other Russian code may be.
	knownCode := ruCodeStem(n.name) != ""
	if knownCode && len(x.ruCodeDocs(n.name)) > 0 {
		return true, nil
	}
	other := false // documents in a language an English name cannot be checked against
	for _, d := range x.docs {
		other = other || (d.Lang == "zh" || d.Lang == "ru" && !knownCode) && n.kindFits(d)
	}
	if !x.hasChineseDocs() {
		return other, nil
	}
	if heads := lawHeadwords(n.name); len(heads) > 0 {
		// "the Criminal Law" is 刑法 in CC-CEDICT, a law's name whole: a
		// Chinese title holds it or that law is not loaded (it was
		// answered from 对外贸易法's 刑事责任 article); an English name the
		// dictionary cannot give whole stays possibly loaded, as below.
		for _, d := range x.docs {
			for _, h := range heads {
				if d.Lang == "zh" && strings.Contains(d.Title, h) {
					return true, d
				}
			}
		}
		// A Russian law goes by "… Code" in English (the Civil Code, the
		// Water Code), and no dictionary checks its title: only a name
		// saying Code may still be one of the loaded Russian codes.
		ru := false
		for _, d := range x.docs {
			ru = ru || n.kind == "code" && !knownCode && d.Lang == "ru" && n.kindFits(d)
		}
		return ru, nil
	}
	tr := x.translate(n.name)
	for _, d := range x.docs {
		if d.Lang != "zh" {
			continue
		}
		matched, all := 0, true
		for _, g := range tr.groups {
			if lawWords(g.words) {
				continue
			}
			held := false
			for _, h := range g.heads {
				held = held || strings.Contains(d.Title, h)
			}
			all = all && held
			matched++
		}
		if all && matched > 0 {
			return true, d
		}
	}
	return other, nil
}

// lawHeadwords are the CC-CEDICT headwords (the whole dictionary, not only
// the documents' words) that translate an English law's name whole: a
// headword ending in 法, 法典 or 条例 whose gloss is the name's words
// (weight 1: "criminal procedure law" is no translation of "Criminal
// Law"), and all of them but the law-type words (law, code) ("Criminal Law" → 刑法,
// "Civil Code" → 民法典, "Criminal Procedure Law" → 刑事诉讼法), or nil.
// "Cybersecurity Law" gives 治安, no law's name, and "Foreign Investment
// Law" only 外资: neither counts.
func lawHeadwords(name string) []string {
	words := strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
	var out []string
	for _, c := range cedict.LookupText(name) {
		if c.Weight < 0.99 || !strings.HasSuffix(c.Headword, "法") && !strings.HasSuffix(c.Headword, "法典") && !strings.HasSuffix(c.Headword, "条例") {
			continue
		}
		all := true
		for _, w := range words {
			lw := strings.ToLower(w)
			if enLawWords[lw] || isStopWord(lw) {
				continue
			}
			all = all && slices.ContainsFunc(c.Words, func(cw string) bool { return strings.EqualFold(cw, w) })
		}
		if all {
			out = append(out, c.Headword)
		}
	}
	return out
}

// zhTreatyKinds are the words English and Russian titles use for a
// treaty a Chinese name ends in (公约 … конвенция).
var zhTreatyKinds = map[string][]string{
	"公约": {"convention", "конвенц"}, "条约": {"treaty", "договор"}, "议定书": {"protocol", "протокол"},
	"协定": {"agreement", "соглашен"}, "宪章": {"charter", "харти", "устав"},
}

// foreignTreaty reports whether a Chinese name of a treaty (海牙公约) may be
// a loaded English or Russian document of its kind, which no dictionary
// here checks: "海牙公约第三章讲什么" was told 《海牙公约》 was not loaded
// beside the Hague Convention. A Chinese name of a law (刑法) is a Chinese
// law's, and is still checked against Chinese titles only.
func (x *Index) foreignTreaty(n lawName) bool { return len(x.foreignTreaties(n)) > 0 }

// foreignTreaties are the loaded English and Russian documents a Chinese
// treaty name may be (see foreignTreaty).
func (x *Index) foreignTreaties(n lawName) []*document {
	if n.english || n.russian() {
		return nil
	}
	var out []*document
	for suf, kinds := range zhTreatyKinds {
		if !strings.HasSuffix(n.name, suf) {
			continue
		}
		for _, d := range x.docs {
			if d.Lang != "en" && d.Lang != "ru" {
				continue
			}
			title := strings.ToLower(d.Title)
			for _, k := range kinds {
				if strings.Contains(title, k) && !slices.Contains(out, d) {
					out = append(out, d)
				}
			}
		}
	}
	if len(out) > 1 {
		out = x.byTranslatedTitle(n.name, out)
	}
	return out
}

// byTranslatedTitle keeps, of several English documents a Chinese treaty
// name may be, those whose title and id have the most words with a
// CC-CEDICT translation the name holds (成年人国际保护公约: adults → 成年人,
// international → 国际, protection → 保护, the Convention on the
// International Protection of Adults), when one has any; all of them
// otherwise. A trial's "成年人国际保护公约讲了什么" was answered from
// 对外贸易法, the name fitting every loaded convention.
func (x *Index) byTranslatedTitle(name string, docs []*document) []*document {
	best := 0
	score := make([]int, len(docs))
	for i, d := range docs {
		if d.Lang != "en" {
			continue
		}
		seen := map[string]bool{}
		for _, w := range strings.FieldsFunc(strings.ToLower(d.Title+" "+d.ID), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if seen[w] || isStopWord(w) || enLawWords[w] || enLawWords[strings.TrimSuffix(w, "s")] {
				continue
			}
			seen[w] = true
			for _, c := range cedict.LookupText(w) {
				if utf8.RuneCountInString(c.Headword) >= 2 && c.Weight >= 0.5 && strings.Contains(name, c.Headword) {
					score[i]++
					break
				}
			}
		}
		best = max(best, score[i])
	}
	if best == 0 {
		return docs
	}
	var out []*document
	for i, d := range docs {
		if score[i] == best {
			out = append(out, d)
		}
	}
	return out
}

// russian reports whether the name is written in Cyrillic.
func (n lawName) russian() bool {
	for _, r := range n.name {
		if unicode.Is(unicode.Cyrillic, r) {
			return true
		}
	}
	return false
}

// ruKinds are the words Chinese and English titles use for the kinds of
// instrument a Russian name says (by stem), as enKinds for English names.
var ruKinds = map[string][]string{
	"закон": {"法", "law", "act"}, "кодекс": {"法典", "code"}, "конвенц": {"公约", "convention"},
	"договор": {"条约", "treaty"}, "соглашен": {"协定", "协议", "agreement"}, "протокол": {"议定书", "protocol"},
	"положен": {"条例", "规定", "regulation"}, "постановлен": {"条例", "规定", "regulation"},
	"устав": {"章程", "宪章", "charter", "statute"}, "конституц": {"宪法", "constitution"},
}

// ruKindFits reports whether a Chinese or English document's title is of
// the kind a Russian name says (see ruKinds): true when it says none.
func (n lawName) ruKindFits(d *document) bool {
	title := strings.ToLower(d.Title)
	said := false
	for _, w := range strings.Fields(strings.ToLower(n.name)) {
		for stemWord, ws := range ruKinds {
			if !strings.HasPrefix(w, stemWord) {
				continue
			}
			said = true
			for _, k := range ws {
				if strings.Contains(title, k) {
					return true
				}
			}
		}
	}
	return !said
}

// lawWords reports whether every word is a law-type word (Law, Code).
func lawWords(ws []string) bool {
	for _, w := range ws {
		if !enLawWords[strings.ToLower(w)] {
			return false
		}
	}
	return true
}

// crossCited returns the article an English citation names in a Chinese
// document it names in English ("Article 10 of the Cybersecurity Law" is
// 网络安全法's 第10条), or -1.
func (x *Index) crossCited(q string) int {
	m := reAskEn().FindStringSubmatch(width.Narrow.String(q))
	if m == nil {
		return -1
	}
	for _, n := range citedNames(q) {
		if _, d := x.lawLoaded(n); d != nil {
			prefix := ""
			if x.multi {
				prefix = d.ID + ":"
			}
			if t, err := x.lookup(prefix+"第"+strings.TrimRight(m[1], "abcdefghijklmnopqrstuvwxyz")+"条", false); err == nil {
				return t.unit
			}
		}
	}
	return -1
}

// articleIn writes an English article reference ("Article 4", "Article
// 4(2)") as a document in lang numbers its articles: 第4条 in Chinese,
// Статья 4 in Russian (the article only); other references as they are.
func articleIn(ref, lang string) string {
	num, ok := strings.CutPrefix(ref, "Article ")
	if !ok {
		// Статья 4 of a Chinese or English document named in Russian
		// (docsForNames): its 第四条, its Article 4.
		if num, ok = strings.CutPrefix(ref, "Статья "); ok && lang == "en" {
			if i := strings.IndexFunc(num, func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
				num = num[:i]
			}
			if num != "" {
				return "Article " + num
			}
		}
	}
	if !ok || lang != "zh" && lang != "ru" {
		return ref
	}
	if i := strings.IndexFunc(num, func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
		num = num[:i]
	}
	if num == "" {
		return ref
	}
	if lang == "zh" {
		return "第" + num + "条"
	}
	return "Статья " + num
}

// citedDocs returns the documents that may be the law a citation names,
// or nil when it names none (any document may have the article). A
// document whose title holds the name is (see loaded); when none does, an
// English name may still be a Chinese law, found by the CC-CEDICT
// translations of its words in titles (the Chinese titles holding the most
// of them, when some do; all Chinese titles when none does: "Cybersecurity"
// is not in CC-CEDICT), or a Russian one, which no dictionary can check. An
// English document whose title does not hold the name is not it: "Article
// 4 of the Foreign Investment Law" is not the Geneva Convention's Article 4
// (on the Execution of Foreign Arbitral Awards).
func (x *Index) citedDocs(q string) map[*document]bool {
	return x.docsForNames(citedNames(q), false)
}

// docsForNames is citedDocs for the names found: nil for none. sure keeps
// only the documents a name is known to be, by its title or by its
// words' translations in a Chinese title; without it, an English name that
// no title shows also gives every Chinese and Russian document of its
// kind, which no dictionary can rule out.
func (x *Index) docsForNames(names []lawName, sure bool) map[*document]bool {
	if len(names) == 0 {
		return nil
	}
	out := map[*document]bool{}
	for _, d := range x.docs {
		for _, n := range names {
			if n.loaded(d) {
				out[d] = true
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, n := range names {
		// "the Civil Code", 俄罗斯民法典: the Гражданский кодекс, when
		// loaded (ruCodeNames).
		for _, d := range x.ruCodeDocs(n.name) {
			out[d] = true
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, n := range names {
		if fs := x.foreignTreaties(n); len(fs) > 0 && (!sure || len(fs) == 1) {
			// 海牙公约 with no Chinese title holding it: the English and
			// Russian treaties of its kind (all, when not sure which).
			for _, d := range fs {
				out[d] = true
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, n := range names {
		if !n.english || n.acronym {
			continue
		}
		// Each word on its own as well as in phrases: "foreign investment"
		// is 外资 as a phrase, and 外商投资法 holds 投资.
		var trs []translation
		if x.hasChineseDocs() {
			trs = append(trs, x.translate(n.name))
			for _, w := range strings.Fields(n.name) {
				trs = append(trs, x.translate(w))
			}
		}
		best := 0
		held := map[*document]int{}
		for _, d := range x.docs {
			if d.Lang != "zh" {
				continue
			}
			seen := map[string]bool{}
			for _, tr := range trs {
				for _, g := range tr.groups {
					key := strings.Join(g.words, " ")
					if lawWords(g.words) || seen[key] {
						continue
					}
					for _, h := range g.heads {
						if strings.Contains(d.Title, h) {
							seen[key] = true
							break
						}
					}
				}
			}
			held[d] = len(seen)
			best = max(best, len(seen))
		}
		for d, k := range held {
			if k == best && (k > 0 && (!sure || n.kindFits(d)) || k == 0 && !sure && n.kindFits(d)) {
				out[d] = true
			}
		}
		if best == 0 && !sure {
			for _, d := range x.docs {
				if d.Lang == "ru" && n.kindFits(d) {
					out[d] = true // no dictionary to check a Russian title with
				}
			}
		}
		if _, listed := enKinds[n.kind]; best == 0 && sure && listed {
			// No word of the name translated into a title, and one
			// document only is of its kind: "the joint communiqué" with
			// one communiqué (公报) loaded beside treaties.
			var fits []*document
			for _, d := range x.docs {
				if d.Lang == "zh" && n.kindFits(d) {
					fits = append(fits, d)
				}
			}
			if len(fits) == 1 {
				out[fits[0]] = true
			}
		}
	}
	if len(out) == 0 && !sure {
		// A Russian name no Russian title holds ("статья 4 закона об
		// иностранных инвестициях"): no dictionary checks it against a
		// Chinese or English title, so every such document of its kind
		// may be it, and each one's article of that number is shown, as
		// for "Article 4" alone. A trial got the Гражданский кодекс's
		// Статья 1195 п. 4 on its words, and for "Закон о
		// кибербезопасности статья 21" the Водный кодекс's Статья 21.
		for _, n := range names {
			if !n.russian() {
				continue
			}
			for _, d := range x.docs {
				if (d.Lang == "zh" || d.Lang == "en") && n.ruKindFits(d) {
					out[d] = true
				}
			}
		}
	}
	return out
}

// notLoaded is the error for a cited law no loaded document is.
func notLoaded(name string) *bot.Error {
	e := bot.Errorf(bot.ENOTFOUND, "“%s” is not among the loaded documents; /sources lists them.", name)
	e.Reason = bot.Reason{Kind: bot.ReasonNotLoaded, Ref: name}
	return e
}

// aboutQuotedLaw reads a question that cites an article of a law no
// loaded document is, but that a loaded document's title quotes (its
// judicial interpretation or implementing rules: 最高人民法院关于适用
// 《反不正当竞争法》若干问题的解释), and that asks about something besides
// the citation: "人民法院可以将什么认定为反不正当竞争法第二条规定的“商业道德”？"
// asks what the interpretation says of the law's article, and was told
// the law is not loaded. It returns the question without the citation
// (the law's name and its article), to be searched in those documents
// only, or "" and nil when the question is not of this kind.
func (x *Index) aboutQuotedLaw(q string) (string, map[*document]bool) {
	m := reAskZh().FindStringIndex(q)
	if m == nil {
		return "", nil
	}
	var names []string
	for _, n := range citedNames(q) {
		// The name and the laws it ends in: "人民法院可以将什么认定为反不正当竞争法"
		// is a run of words ending in 反不正当竞争法. (Only here: taken as
		// the cited law, a tail such as 诉讼法 of 刑事诉讼法 would be
		// found in 民事诉讼法.)
		for k := range n.words {
			if m, ok := zhLawName(n.words[k:], false); ok {
				names = append(names, m.name)
			}
		}
	}
	for _, name := range names {
		name = strings.ReplaceAll(name, "中华人民共和国", "")
		if utf8.RuneCountInString(name) < 3 {
			continue
		}
		var docs map[*document]bool
		for _, d := range x.docs {
			if d.Lang == "zh" && strings.Contains(strings.ReplaceAll(d.Title, "中华人民共和国", ""), name) {
				if docs == nil {
					docs = map[*document]bool{}
				}
				docs[d] = true
			}
		}
		if docs == nil {
			continue
		}
		rest := q[:m[0]] + " " + q[m[1]:]
		if k := strings.LastIndex(rest, name); k >= 0 {
			rest = rest[:k] + " " + rest[k+len(name):]
		}
		if len(x.analyzeQuestion(rest).units) < 2 {
			return "", nil // the citation alone: the law is not loaded
		}
		return rest, docs
	}
	return "", nil
}
