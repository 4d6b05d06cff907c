package index

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	"golang.org/x/text/width"

	"clausebot/bot"
	"clausebot/internal/lazyre"
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
func (x *Index) aboutDocument(q question, ct string) int {
	if len(q.units) == 0 || len(q.units) > 8 {
		return -1
	}
	kind := false
	for _, u := range q.units {
		kind = kind || isKindUnit(u)
	}
	if !kind || asksDefinition(q) {
		return -1 // "Who is an adult under the Hague Convention?" asks for a definition
	}
	var named *document
	titles, words := x.docTitles()
	for k, d := range x.docs {
		all := true
		for _, u := range q.units {
			if !u.word {
				all = strings.Contains(titles[k], u.text)
			} else {
				_, all = slices.BinarySearch(words[k], u.text)
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
		// An English name of a Chinese law ("What is the Cybersecurity Law
		// about?"): every word the name's, and the name one document's.
		named = x.namedByWordsOnly(q, ct)
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

// namedByWordsOnly returns the one document the question names
// (namedDocs) when all its content words are the name's (its keys, or a
// kind of instrument), or nil.
func (x *Index) namedByWordsOnly(q question, ct string) *document {
	names := questionNames(ct)
	keys := map[string]bool{}
	for _, n := range names {
		for _, k := range n.keys {
			keys[k] = true
			for _, part := range strings.Split(k, "-") { // e-commerce: e, commerc
				keys[stem(part)] = true
			}
		}
	}
	for _, u := range q.units {
		ok := u.word && (kindWords[u.text] || keys[u.text])
		for _, n := range names {
			ok = ok || !u.word && strings.Contains(n.name, u.text)
		}
		if !ok {
			return nil
		}
	}
	ds := x.namedDocs(ct)
	if len(ds) != 1 {
		return nil
	}
	for d := range ds {
		return d
	}
	return nil
}

// docTitles returns each document's title and id, normalised, and their
// alphabetic words' stems, sorted, in x.docs' order: made once, as a
// question naming a document is compared with all of them.
func (x *Index) docTitles() (titles []string, words [][]string) {
	x.titlesOnce.Do(func() {
		x.titles = make([]string, len(x.docs))
		x.titleWords = make([][]string, len(x.docs))
		for k, d := range x.docs {
			x.titles[k] = normalizeString(d.Title + " " + strings.ReplaceAll(d.ID, "-", " "))
			x.titleWords[k] = clauseWords([]rune(x.titles[k]))
		}
	})
	return x.titles, x.titleWords
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

// liabilityWeight scales the score of a clause under a law's chapter on
// legal liability (法律责任, 罚则; Liability, Penalties; Ответственность)
// when the question asks nothing about penalties (asksLiability): such an
// article restates a rule to attach its penalty ("违反本法第十三条规定，…
// 实行国营贸易管理的货物的，…处…罚款"), and beat the rule itself (第十三条)
// for "对外贸易法关于国营贸易管理有什么规定" by holding the same words.
const liabilityWeight = 0.5

// inLiability reports whether a clause sits under a chapter on legal
// liability, by the headings above it (c.ctx).
func inLiability(c *clause) bool {
	ctx := c.ctx
	if ctx == "" {
		return false
	}
	if strings.Contains(ctx, "责") || strings.Contains(ctx, "罚") {
		squeezed := strings.Map(func(r rune) rune {
			if r == ' ' || r == '\u3000' {
				return -1
			}
			return r
		}, ctx)
		if strings.Contains(squeezed, "法律责任") || strings.Contains(squeezed, "罚则") {
			return true
		}
	}
	for _, w := range []string{"liabilit", "penalt", "sanction", "ответственност"} {
		if strings.Contains(ctx, w) {
			return true
		}
	}
	return false
}

// liabilityWords are what a question asking about penalties says: stems
// for alphabetic words, whole words (or their start) for Chinese.
var (
	liabilityZh = []string{"罚", "责任", "违反", "违法", "处分", "追究", "赔偿", "吊销", "没收", "后果", "制裁", "处理", "处罚", "惩罚", "判"}
	liabilityEn = toSet("penalti", "penalty", "fine", "sanction", "liabl", "liabil", "punish", "violat", "breach", "consequ", "штраф", "ответствен", "наказан", "наруш", "санкц")
)

// asksLiability reports whether a question asks about penalties or
// liability, so that the chapter on them keeps its full score.
func asksLiability(q question) bool {
	for _, u := range q.units {
		if u.word {
			for w := range liabilityEn {
				if strings.HasPrefix(u.text, w) {
					return true
				}
			}
			continue
		}
		for _, w := range liabilityZh {
			if strings.Contains(u.text, w) {
				return true
			}
		}
	}
	return false
}

// Names of documents in questions that cite no article: an English name
// ends in its kind of instrument ("the E-Commerce Law", "the Hague
// Convention", "the Convention on the Protection of Adults", "the
// e-commerce law"), a Russian one holds it ("Водный кодекс", "Гражданского
// кодекса").
var (
	reDocNameEn      = lazyre.New(`(?:^|[^\w'’-])(?:the\s+)?((?:[A-Z][\w'’-]*\s+){0,5}(?:Law|Act|Code|Convention|Treaty|Protocol|Regulations?|Charter|Agreement|Constitution|Covenant|Statute|Rules|Communiqu[eé])(?:\s+(?:on|of|for|to)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|on|the|and|for|to|in))*)?)`)
	reDocNameEnLower = lazyre.New(`(?i)\bthe\s+((?:[a-z][\w'’-]*\s+){1,5}(?:law|act|code|convention|treaty|protocol|regulations?|charter|agreement|communiqu[eé]))(?:\b|$|[^\w])`)
	reDocKindEn      = lazyre.New(`(?i)\bthe\s+(communiqu[eé]|convention|treaty|protocol|charter|agreement)(?:$|[^\w])`)
	reDocNameRu      = lazyre.New(`(?i)((?:[а-яё-]+\s+){1,3}(?:кодекс|закон|конвенци|договор|соглашени|протокол|постановлени|конституци)[а-яё]*)`)
)

// questionNames returns the laws a question names without citing an
// article (see citedNames for those that do).
func questionNames(q string) []lawName {
	q = width.Narrow.String(q)
	var out []lawName
	for _, b := range reBracketed().FindAllStringSubmatch(q, -1) {
		if n, ok := zhLawName(segmentWords(b[1]), true); ok {
			out = append(out, n)
		}
	}
	for _, n := range zhNamesIn(reBracketed().ReplaceAllString(q, " ")) {
		out = append(out, n)
		// and the laws it ends in: "单独关税区适用对外贸易法" is a run of
		// words ending in 对外贸易法
		for k := 1; k < len(n.words); k++ {
			if m, ok := zhLawName(n.words[k:], false); ok && utf8.RuneCountInString(m.name) >= 2 {
				out = append(out, m)
			}
		}
	}
	for _, re := range []func() *regexp.Regexp{reDocNameEn, reDocNameEnLower} {
		for _, sm := range re().FindAllStringSubmatch(q, -1) {
			if n, ok := enLawName(sm[1]); ok {
				out = append(out, n)
			}
		}
	}
	if len(out) == 0 {
		// "the communiqué", "the convention" in lower case: the one loaded
		// document of that kind, if one is (see docsForNames).
		if sm := reDocKindEn().FindStringSubmatch(q); sm != nil {
			k := strings.ToLower(sm[1])
			out = append(out, lawName{name: sm[1], keys: []string{stem(k)}, english: true, kind: strings.TrimSuffix(k, "s")})
		}
	}
	for _, sm := range reDocNameRu().FindAllStringSubmatch(q, -1) {
		if n, ok := ruLawName(ruAttributes(sm[1])); ok {
			out = append(out, n)
		}
	}
	return out
}

// ruAttributes trims a Russian name found before its kind word
// (reDocNameRu: up to three words, then кодекс, закон …) to the adjectives
// right before the kind word, the words that can name it (Водный кодекс,
// Гражданского кодекса, федеральный закон): Russian attributes agree with
// their noun and come before it, while a verb or a noun there is the
// question's ("Когда вступает в силу закон?" named a law "вступает в силу
// закон", not loaded, and its clause on entry into force was dropped).
// An attribute is told by its adjectival (or participial) ending, as a
// Russian grammar's declension tables give them.
func ruAttributes(name string) string {
	fs := strings.Fields(name)
	if len(fs) < 2 {
		return name
	}
	i := len(fs) - 1
	for i > 0 && reRuAdjective().MatchString(strings.ToLower(fs[i-1])) && !ruPronominal[strings.ToLower(fs[i-1])] {
		i--
	}
	return strings.Join(fs[i:], " ")
}

// ruPronominal are the pronominal adjectives that decline as adjectives
// but name nothing: interrogative, demonstrative, possessive and
// quantifying (какие соглашения, этот закон, все договоры).
var ruPronominal = func() map[string]bool {
	m := map[string]bool{}
	for _, stem := range []string{"как", "котор", "так", "эт", "т", "вс", "кажд", "люб", "сво", "наш", "ваш", "чь", "ин", "друг", "сам"} {
		for _, end := range []string{"ой", "ая", "ое", "ие", "ого", "ому", "им", "им", "ую", "ых", "ыми", "ими", "ий", "ые", "ый", "ую", "ом", "ей", "от", "а", "о", "и", "е", "ех", "ем", "еми", "его", "ему", "ее", "ё", "я", "ю"} {
			m[stem+end] = true
		}
	}
	return m
}()

var reRuAdjective = lazyre.New(`^[а-яё-]+(?:ый|ий|ой|ая|яя|ое|ее|ого|его|ому|ему|ым|им|ую|юю|ые|ие|ых|их|ыми|ими)$`)

// withoutEnglishNames returns q with the English names of documents it
// holds (questionNames: "the Cybersecurity Law", "the e-commerce law")
// blanked out, for translating the rest of a question whose document is
// already chosen (namedDocs).
func withoutEnglishNames(q string) string {
	q = width.Narrow.String(q)
	for _, n := range questionNames(q) {
		if !n.english || n.name == "" {
			continue
		}
		if i := strings.Index(strings.ToLower(q), strings.ToLower(n.name)); i >= 0 {
			q = q[:i] + " " + q[i+len(n.name):]
		}
	}
	return q
}

// namedDocs returns the documents a question that cites no article names
// ("What does the e-commerce law say about deposits?", "网络安全法对个人信息
// 有什么规定", "Что Водный кодекс говорит о …"), when it names some but not
// all of the loaded ones and is sure which (docsForNames): Search then
// answers from them only, and an English question about a Chinese law is
// translated even where English documents share its words. nil otherwise.
func (x *Index) namedDocs(q string) map[*document]bool {
	ds := x.docsForNames(questionNames(q), true)
	if len(ds) == 0 || len(ds) == len(x.docs) {
		return nil
	}
	return ds
}

// Questions about when a document takes effect, and the clauses that say
// it: 本法自2017年6月1日起施行, "This Protocol shall enter into force on
// the thirtieth day …", "Настоящий Кодекс вступает в силу …". A Chinese
// law's last article, a treaty's final clauses; the asker's words (生效,
// 开始执行, take effect) are rarely the document's (施行, enter into force).
var (
	reAsksEffectiveZh = lazyre.New(`(生效|施行|实施|执行|起效|开始用|管用)`)
	reAsksWhenZh      = lazyre.New(`(什么时候|啥时候|何时|哪天|哪一天|几号|哪年|哪一年|几月|日期|时间|多会儿|从哪天|从什么时候)`)
	reAsksEffectiveEn = lazyre.New(`(?i)\b((?:come|comes|came|coming|enter|enters|entered|entering)\s+into\s+force|(?:take|takes|took)\s+effect|effective\s+date|entry\s+into\s+force|become\s+effective|in\s+force)\b`)
	reAsksWhenEn      = lazyre.New(`(?i)\b(when|what\s+date|which\s+date|date|since)\b`)
	reAsksEffectiveRu = lazyre.New(`(?i)(вступ\S*\s+в\s+силу|вступлени\S*\s+в\s+силу|действ\S*\s+с\s+)`)
	reEffectiveZh     = lazyre.New(`自.{0,40}?起(施行|生效|实施)`)
	reEffectiveEn     = lazyre.New(`(?i)shall\s+(?:enter|come)\s+into\s+force|shall\s+take\s+effect`)
	reEffectiveRu     = lazyre.New(`(?i)вступает\s+в\s+силу|вступают\s+в\s+силу`)
	reEffectiveTitle  = lazyre.New(`(?i)entry\s+into\s+force|施行|生效|вступлени\S*\s+в\s+силу`)
)

// asksEffective reports whether a question asks when a document takes
// effect: a Chinese one names taking effect (生效, 施行 …) and asks when,
// an English one says "come into force", "take effect" … and asks when,
// a Russian one says "вступает в силу".
func asksEffective(q string) bool {
	switch {
	case reAsksEffectiveZh().MatchString(q) && reAsksWhenZh().MatchString(q):
		return true
	case reAsksEffectiveEn().MatchString(q) && reAsksWhenEn().MatchString(q):
		return true
	}
	return reAsksEffectiveRu().MatchString(q)
}

// effectiveClause returns the clause of d that says when d takes effect,
// or -1: among the clauses whose text says so (reEffectiveZh, En, Ru), the
// one whose headings or own title are about it (a treaty's "Signature,
// ratification … and entry into force") first, else the first. A treaty's
// "shall enter into force in respect of the territory …" says it too, of
// another matter, in an article of another title.
func (x *Index) effectiveClause(d *document) int {
	best, bestScore := -1, 0
	for i := range x.clauses {
		// (every clause of d: a document's sections need not hold them
		// all, as articles before any heading; asked rarely enough that a
		// walk over the table is no cost)
		c := &x.clauses[i]
		if c.doc != d {
			continue
		}
		if !isEffectiveClause(c) {
			continue
		}
		// Its heading about entry into force first: "This Protocol shall
		// enter into force in respect of the territory …" says it of
		// itself too, in Territorial application.
		score := 1
		if reEffectiveSelf().MatchString(c.Text) {
			score = 2
		}
		if reEffectiveTitle().MatchString(c.ctx) {
			score = 3
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if bestScore < 2 && d.Lang != "zh" {
		// A Russian or English clause that says only that something else
		// takes effect ("решение … вступает в силу" of the Водный кодекс's
		// Статья 23, a trial's answer to when the code took effect).
		// Chinese laws say it of themselves (本法自…起施行), or of nothing.
		return -1
	}
	return best
}

// reEffectiveSelf is a clause saying that its own document takes effect:
// "Настоящий Кодекс вступает в силу", "This Convention shall enter into
// force", "本法自…起施行".
var reEffectiveSelf = lazyre.New(`(?i)настоящ\S*\s+(?:федеральн\S*\s+)?(?:кодекс|закон|постановлен|положен|правил|соглашен|договор|конвенц|протокол)\S*\s+вступа|(?:this|the(?:\s+present)?)\s+(?:convention|protocol|treaty|agreement|charter|code|act|law|regulation)s?\s+shall\s+(?:enter|come)\s+into\s+force|本(?:法|条例|规定|办法|决定|解释|意见|通知|细则|规则)\S{0,4}自`)

// isEffectiveClause reports whether a clause says when its document takes
// effect (reEffectiveZh, En, Ru).
func isEffectiveClause(c *clause) bool {
	return reEffectiveZh().MatchString(c.Text) || reEffectiveEn().MatchString(c.Text) || reEffectiveRu().MatchString(c.Text)
}

// aboutEffective answers "网安法是哪天开始生效的？", "When does the Geneva
// Convention come into force?": the clause of the one document the
// question names (or the only one loaded) that says when it takes effect,
// or -1.
func (x *Index) aboutEffective(qa question, q string) int {
	i, _ := x.effectiveAsked(qa, q)
	return i
}

// effectiveAsked is aboutEffective with the document asked about, also
// when no clause of it says when it takes effect (i is -1, d not nil):
// Search says so rather than answer from the question's other words (a
// trial's "когда вступил в силу Водный кодекс" got Статья 40 ч. 1, on
// ownership).
func (x *Index) effectiveAsked(qa question, q string) (i int, d *document) {
	if !asksEffective(q) {
		return -1, nil
	}
	if ds := x.namedDocs(q); len(ds) == 1 {
		for k := range ds {
			d = k
		}
	} else if len(x.docs) == 1 {
		d = x.docs[0]
	} else {
		d = x.titleNamed(qa)
	}
	if d == nil || !onlyAboutEffect(qa, q, d) {
		return -1, nil
	}
	return x.effectiveClause(d), d
}

// noEffectiveClause is the error for a question asking when d takes
// effect, none of whose clauses says (ReasonNoEffectiveClause).
func noEffectiveClause(d *document) *bot.Error {
	date := d.Effective
	if date == "" {
		date = d.Date
	}
	var e *bot.Error
	if date != "" {
		e = bot.Errorf(bot.ENOTFOUND, "No clause of “%s”, as loaded, says when it takes effect. Its date: %s.", d.Title, date)
	} else {
		e = bot.Errorf(bot.ENOTFOUND, "No clause of “%s”, as loaded, says when it takes effect.", d.Title)
	}
	e.Reason = bot.Reason{Kind: bot.ReasonNoEffectiveClause, Doc: d.Title, Ref: date}
	return e
}

// titleNamed returns the one document whose title shares the longest run
// of Han characters with a question (three or more), when no other title
// shares one as long: "两用物项出口那套新规矩是哪天开始执行的" names
// 两用物项出口管制条例 by its subject (两用物项出口), "反垄断那部法" 反垄断法,
// without a name questionNames would read. nil when none or several do
// (出口, two characters, is in many a title).
func (x *Index) titleNamed(qa question) *document {
	q := []rune(qa.text)
	var best *document
	bestN, tie := 0, false
	for _, d := range x.docs {
		n := longestHanRun(q, []rune(normalizeString(d.Title)))
		switch {
		case n > bestN:
			best, bestN, tie = d, n, false
		case n == bestN && n > 0:
			tie = true
		}
	}
	if tie || bestN < 3 {
		return nil
	}
	return best
}

// longestHanRun is the length, in runes, of the longest run of Han
// characters that a and b share.
func longestHanRun(a, b []rune) int {
	best := 0
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i] == b[j] && unicode.Is(unicode.Han, a[i]) {
				cur[j+1] = prev[j] + 1
				best = max(best, cur[j+1])
			} else {
				cur[j+1] = 0
			}
		}
		prev, cur = cur, prev
	}
	return best
}

// effectWords are the words of a question asking when a document takes
// effect, besides its name and question words: stems and Chinese words.
var effectWords = toSet("生效", "施行", "实施", "执行", "开始", "起效", "正式", "新", "新的", "哪天", "哪一天", "日期", "时间", "日子",
	// what a question calls the document it names by subject (那套新规矩)
	"规矩", "新规", "规定", "政策", "法规", "文件", "那套", "这套", "那个", "这个", "那部", "这部",
	"come", "enter", "take", "effect", "forc", "effect", "date", "start", "begin", "becom",
	"вступ", "вступа", "вступит", "вступил", "сил", "действ", "начина", "дат")

// onlyAboutEffect reports whether a question asks only when document d
// takes effect: every content word is a word of d's name as the question
// writes it, of d's title, or of taking effect (effectWords). "When does
// a measure taken in one State take effect in other States under the
// Hague Convention?" asks about measures, and is searched.
func onlyAboutEffect(qa question, q string, d *document) bool {
	var nameText strings.Builder
	for _, n := range questionNames(q) {
		nameText.WriteString(strings.ToLower(n.name) + " " + strings.Join(n.keys, " ") + " ")
	}
	names := normalizeString(nameText.String())
	title := normalizeString(d.Title + " " + strings.ReplaceAll(d.ID, "-", " "))
	for _, u := range qa.units {
		if effectWords[u.text] || strings.Contains(names, u.text) || strings.Contains(title, u.text) ||
			!u.word && utf8.RuneCountInString(u.text) == 1 { // a lone character (从, 新): no subject
			continue
		}
		return false
	}
	return true
}

// Definition questions and the clauses that define: "什么是电子商务经营者",
// "电子商务是指什么", "Who is an adult?", "Что такое водоохранная зона?" ask
// for the clause that defines the term (本法所称电子商务经营者，是指…;
// "For the purposes of this Convention, an adult is a person who …";
// "Водоохранными зонами являются территории …"), which BM25 ranks no
// higher than any other clause using the term.
var (
	reAsksDefinition = lazyre.New(`(?i)(什么是|什么叫|何谓|是什么意思|是指什么|指的是什么|指什么|的定义|的含义|何为|是啥意思|\bwhat\s+(?:is|are)\s+an?\b|\bwho\s+(?:is|are)\s+(?:an?\b|considered)|\bdefin(?:e|ition)\b|\bwhat\s+does\s+.+\s+mean\b|\b(?:what|who)\s+(?:counts|qualifies|is\s+(?:considered|regarded|deemed|treated))\s+as\b|что\s+такое|кто\s+так(?:ой|ая|ие)|что\s+означает|что\s+понимается|определение)`)
	// reDefinesItem: an item of a list of terms, "4) водный объект -
	// природный …", "(b) adult – a person …": the term, up to 60 bytes.
	reDefinesItem = lazyre.New(`(?m)^[\s\p{Zs}]*(?:\d{1,3}|[a-zа-я])\)[\s\p{Zs}]*([^\n]{2,60}?)[\s\p{Zs}][-–—][\s\p{Zs}]`)
)

// definitionWeight multiplies the score of a clause that defines one of a
// definition question's words (see definesUnit).
const definitionWeight = 2.0

// definesUnit reports whether a clause's normalised text defines one of
// the question's content words: a defining phrase (definePhrases) within 60
// bytes after the word, or before it for a Chinese 所称 (本法所称X，是指).
func definesUnit(q question, norm string) bool {
	// A list of terms, each an item "term - definition" (the Водный
	// кодекс's Статья 1: "4) водный объект - природный или искусственный
	// водоем …"): "Что такое водный объект?" found Статья 64, which uses
	// the term, not the article defining it.
	for _, m := range reDefinesItem().FindAllStringSubmatch(norm, -1) {
		for _, u := range q.units {
			if utf8.RuneCountInString(u.text) >= 2 && strings.Contains(m[1], u.text) {
				return true
			}
		}
	}
	locs := defineLocs(norm)
	if len(locs) == 0 {
		return false
	}
	for _, u := range q.units {
		if utf8.RuneCountInString(u.text) < 2 {
			continue
		}
		for from := 0; ; {
			k := strings.Index(norm[from:], u.text)
			if k < 0 {
				break
			}
			k += from
			for _, l := range locs {
				if l[0] >= k && l[0]-k <= 60+len(u.text) || l[1] <= k && k-l[1] <= 60 && strings.HasPrefix(norm[l[0]:], "所称") {
					return true
				}
			}
			from = k + len(u.text)
		}
	}
	return false
}

// definePhrases are the phrases that define a term in normalised (lower
// case) text: 本法所称X，是指…; "X means", "X shall mean", "for the purposes
// of this Convention, an X is …", "the term X"; "X понимается", "Xами
// являются" (alphabetic ones as whole words).
var definePhrases = []string{"是指", "所称", "means", "shall mean", "for the purposes of this", "for the purpose of this",
	"the term", "понимается", "признается", "признаются", "являются", "является"}

// defineLocs returns the byte spans of the defining phrases in normalised
// text, in order. (A case-insensitive regexp of the same alternatives with
// \b took 0.4 ms a clause: 73 ms over the 178 clauses of testdata/documents
// holding a marker; strings.Index takes about 1/20 of that.)
func defineLocs(norm string) [][2]int {
	var out [][2]int
	for _, p := range definePhrases {
		for from := 0; ; {
			k := strings.Index(norm[from:], p)
			if k < 0 {
				break
			}
			k += from
			if wordBoundedAt(norm, k, k+len(p)) {
				out = append(out, [2]int{k, k + len(p)})
			}
			from = k + len(p)
		}
	}
	slices.SortFunc(out, func(a, b [2]int) int { return a[0] - b[0] })
	return out
}

// defineMarkers are what a clause holding a definePhrases phrase or matching reDefinesItem
// holds (lower case), as a cheap test first.
var defineMarkers = []string{"是指", "所称", "mean", "purpose", "term", "понима", "признает", "являет", "- ", "– ", "— ", "-\u00a0"}

func mayDefine(norm string) bool {
	for _, m := range defineMarkers {
		if strings.Contains(norm, m) {
			return true
		}
	}
	return false
}

// definingClauses answers a definition question ("个人信息是指什么", "What
// is a network operator?" through its translation, "Что такое водный
// объект?") with the clause that defines its term: all of the question's
// content words (the term; the document's name left out) in the defined
// place of a defining phrase (see definesAll). BM25 ranks a long article of
// definitions low for any one term in it: "Что такое водный объект?" got
// Статья 64, which uses the term, and the Водный кодекс's Статья 1, its
// list of terms, was not among the candidates. With a document named or
// read (doc), its definition; otherwise each document's, in load order,
// at most maxDefinitions. nil when the question is not a definition
// question or nothing defines its term.
func (x *Index) definingClauses(qa question, ct, doc string) ([]int, []unit) {
	weak := false // "what is the X": only a clause defining X exactly
	if !asksDefinition(qa) {
		if weak = whatIsTheTerm(qa.text); !weak {
			return nil, nil
		}
	}
	scope := x.namedDocs(ct)
	var names [][2]int // the rune spans of the names the question gives
	if scope != nil {
		for _, n := range questionNames(ct) {
			if k := strings.Index(qa.text, normalizeString(n.name)); k >= 0 {
				start := utf8.RuneCountInString(qa.text[:k])
				names = append(names, [2]int{start, start + utf8.RuneCountInString(normalizeString(n.name))})
			}
		}
	}
	var term []unit
	for _, u := range qa.units {
		inName := false
		for _, sp := range names {
			inName = inName || sp[0] <= u.start && u.end <= sp[1]
		}
		if inName || isKindUnit(u) || !u.word && utf8.RuneCountInString(u.text) < 2 {
			continue // the document's name, not the term ("Under the Convention on the Protection of Adults, who is an adult?")
		}
		term = append(term, u)
	}
	if len(term) == 0 {
		return nil, nil
	}
	cands, err := x.holdingAll(term)
	if err != nil {
		return nil, nil
	}
	var exact, loose []int
	var buf []byte
	for _, i := range cands {
		c := &x.clauses[i]
		if scope != nil && !scope[c.doc] {
			continue
		}
		buf = c.appendNorm(buf[:0])
		if norm := string(buf); mayDefine(norm) {
			if ok, ex := definesTerm(term, norm); ex {
				exact = append(exact, i)
			} else if ok {
				loose = append(loose, i)
			}
		}
	}
	// The term itself defined first, then terms holding it (对外贸易经营者
	// for 经营者); one clause a document.
	if weak {
		loose = nil
	}
	var out []int
	seen := map[*document]bool{}
	for _, i := range append(exact, loose...) {
		if d := x.clauses[i].doc; !seen[d] {
			seen[d] = true
			out = append(out, i)
		}
	}
	if doc != "" {
		for _, i := range out {
			if x.clauses[i].DocID() == doc {
				return []int{i}, term // the document the chat is reading
			}
		}
	}
	if len(out) > maxDefinitions {
		out = out[:maxDefinitions]
	}
	return out, term
}

// definingPart returns the index, in clause i's Parts, of the innermost
// paragraph or item that defines term by itself (definesTerm), for the
// answer to point at it: "什么是个人信息" is 第七十六条第一款第（五）项, "Что
// такое водный объект?" Статья 1 п. 4, not the whole list of definitions
// (a trial's). ok is false when the clause has fewer than two parts (its
// one paragraph is the article) or none defines the term alone.
func (x *Index) definingPart(i int, term []unit) (sub int, ok bool) {
	c := x.clauses[i].public()
	if len(c.Parts) < 2 {
		return -1, false // one paragraph: the article itself
	}
	best := -1
	for k, p := range c.Parts {
		if p.Start < 0 || p.End > len(c.Text) || p.Start >= p.End {
			continue
		}
		if def, _ := definesTerm(term, normalizeString(c.Text[p.Start:p.End])); !def {
			continue
		}
		if best < 0 || p.Start >= c.Parts[best].Start && p.End <= c.Parts[best].End {
			best = k // innermost: an item over its paragraph
		}
	}
	return best, best >= 0
}

// holdingAll returns the clauses that hold every unit (all the bigrams
// of a Chinese one, the stem of an alphabetic one), in clause order, at
// most maxDefinitionCandidates: where a term's definition is looked for.
// (Scanning every clause for a defining phrase on the first definition
// question took 10 µs a clause, seconds on a large library; this costs as
// many clauses as hold the term.)
func (x *Index) holdingAll(units []unit) ([]int, error) {
	var qs []query.Query
	for _, u := range units {
		terms := []string{u.text}
		if !u.word {
			terms = terms[:0]
			rs := []rune(u.text)
			for i := 0; i+1 < len(rs); i++ {
				terms = append(terms, string(rs[i:i+2]))
			}
		}
		for _, t := range terms {
			tq := bleve.NewTermQuery(t)
			tq.SetField(fieldBigram)
			qs = append(qs, tq)
		}
	}
	if len(qs) == 0 {
		return nil, nil
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(qs...), maxDefinitionCandidates, 0, false)
	res, err := searchIndex(context.Background(), x.bi, req)
	if err != nil {
		return nil, fmt.Errorf("index: definition candidates: %w", err)
	}
	out := make([]int, 0, len(res.Hits))
	for _, h := range res.Hits {
		if i := x.clauseOf(h.ID); i >= 0 {
			out = append(out, i)
		}
	}
	slices.Sort(out)
	return out, nil
}

// maxDefinitionCandidates caps the clauses holding a term that are read
// for its definition: a term in more clauses than this (an everyday word)
// is not what a definition question on a real library asks about, and
// the cap bounds the cost (about 10 µs a clause read).
const maxDefinitionCandidates = 2000

// maxDefinitions is how many documents' definitions of one term a
// question naming none is shown.
const maxDefinitions = 3

// definesAll reports whether a clause's normalised text defines the term
// made of units: every unit is in the term of an item of a list of terms
// ("4) водный объект - природный …"), or within the 80 bytes before a
// defining phrase and after the sentence before it ("本法所称电子商务经营者，
// 是指", "（五）个人信息，是指", "Водоохранными зонами являются"), or within
// the 80 bytes after "for the purposes of this …".
func definesAll(units []unit, norm string) bool {
	ok, _ := definesTerm(units, norm)
	return ok
}

// definesTerm is definesAll, and exact reports whether the term defined
// is the units and nothing more (本法所称经营者 for 经营者, not 对外贸易经营
// 者): "什么是经营者" is first answered by the law defining 经营者 itself.
func definesTerm(units []unit, norm string) (ok, exact bool) {
	has := func(s string) bool {
		for _, u := range units {
			if !strings.Contains(s, u.text) {
				return false
			}
		}
		return true
	}
	found := func(term string) {
		ok = true
		exact = exact || isExactly(term, units)
	}
	for _, m := range reDefinesItem().FindAllStringSubmatch(norm, -1) {
		if has(m[1]) {
			found(m[1])
		}
	}
	for _, l := range defineLocs(norm) {
		if strings.HasPrefix(norm[l[0]:], "for") {
			if has(norm[l[1]:min(len(norm), l[1]+80)]) {
				ok = true
			}
			continue
		}
		from := max(0, l[0]-80)
		before := norm[from:l[0]]
		if k := strings.LastIndexAny(before, "。；;.\n"); k >= 0 {
			before = before[k+1:]
		}
		if term, quoted := quotedBefore(before); quoted && has(term) {
			found(term) // “plant genetic resources for food and agriculture” means
			continue
		}
		if has(before) && endsInUnit(before, units) {
			if k := strings.LastIndex(before, "所称"); k >= 0 {
				before = before[k+len("所称"):]
			}
			if k := strings.LastIndexAny(before, "）)"); k >= 0 {
				before = before[k+1:]
			}
			found(before)
		}
	}
	return ok, exact
}

// quotedBefore returns the quoted term that text before a defining phrase
// ends in ("… the term ‘‘law’’ ", "“adult” "), and whether there is one.
func quotedBefore(before string) (string, bool) {
	t := strings.TrimRightFunc(before, func(r rune) bool { return unicode.IsSpace(r) || r == '\u00a0' || r == ',' })
	closing := strings.LastIndexAny(t, "\"”’»")
	if closing < 0 || closing+utf8.RuneLen(lastRune(t)) != len(t) {
		return "", false
	}
	t = strings.TrimRight(t, "\"”’»")
	open := strings.LastIndexAny(t, "\"“‘«")
	if open < 0 {
		return "", false
	}
	return strings.TrimLeft(t[open:], "\"“‘«"), true
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// isExactly reports whether a defined term is the units and nothing else:
// the Chinese units' text, or as many alphabetic words as units.
func isExactly(term string, units []unit) bool {
	term = strings.TrimFunc(term, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) || r == '\u00a0' })
	var zh strings.Builder
	words := 0
	for _, u := range units {
		if u.word {
			words++
		} else {
			zh.WriteString(u.text)
		}
	}
	if words == 0 {
		return term == zh.String()
	}
	n := 0
	for _, w := range strings.Fields(term) {
		if !isFiller(strings.ToLower(w)) {
			n++ // "right to disconnect" is the two words of right, disconnect
		}
	}
	return n == words
}

// endsInUnit reports whether the text before a defining phrase ends in
// one of the term's units, but for spaces, quotes and commas: the term is
// what the phrase defines ("Водоохранными зонами являются", "个人信息，是指"),
// not a word earlier in the sentence ("…водных объектов, водные ресурсы
// которых являются природными лечебными ресурсами" defines no water body).
func endsInUnit(before string, units []unit) bool {
	before = strings.TrimRightFunc(before, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) || r == '\u00a0'
	})
	last := before
	if k := strings.LastIndexFunc(before, func(r rune) bool { return unicode.IsSpace(r) || r == '\u00a0' }); k >= 0 {
		last = before[k:]
	}
	for _, u := range units {
		if u.word && strings.Contains(last, u.text) || !u.word && strings.HasSuffix(before, u.text) {
			return true
		}
	}
	return false
}

// kindMarkers are what a question naming a document must hold, as a
// cheap test before its names are looked for (see questionNames): the
// characters and words of the kinds of instrument (法, 条例 …, law,
// convention …, кодекс …), lower case.
var kindMarkers = []string{"法", "条例", "规定", "办法", "解释", "公约", "决定", "细则", "通知", "意见", "《",
	"law", "act", "code", "convention", "treat", "protocol", "regulation", "charter", "agreement", "constitution", "covenant", "statute", "rules", "communiqu",
	"кодекс", "закон", "конвенц", "договор", "соглашен", "протокол", "постановлен", "конституц"}

// mayNameDocument reports whether a normalised (lower-case) question
// holds a kind marker: Search looks for the documents it names
// (namedDocs) only then, as most questions name none.
func mayNameDocument(text string) bool {
	for _, m := range kindMarkers {
		if strings.Contains(text, m) {
			return true
		}
	}
	return false
}

// definitionMarkers are what a definition question (reAsksDefinition)
// holds, lower case: the regular expression runs only when one is there.
var definitionMarkers = []string{"什么", "指", "意思", "定义", "含义", "何为", "何谓", "what", "who", "defin", "mean", "что", "кто", "определ"}

// asksDefinition reports whether a question asks what a term means (see
// reAsksDefinition).
func asksDefinition(q question) bool {
	for _, m := range definitionMarkers {
		if strings.Contains(q.text, m) {
			return reAsksDefinition().MatchString(q.text) || whatAreTerm(q.text)
		}
	}
	return false
}

// whatAreTerm reports whether a question is "what are X" with X a bare
// noun phrase, no determiner ("What are plant genetic resources for food
// and agriculture?"): asking what a plural term means, where "what are
// the obligations …" asks for content.
func whatAreTerm(text string) bool {
	rest, ok := strings.CutPrefix(strings.TrimSpace(text), "what are ")
	if !ok {
		return false
	}
	first, _, _ := strings.Cut(rest, " ")
	return first != "" && !determiners[first] && !isStopWord(first)
}

// whatIsTheTerm reports whether a question is "what is the X" with X of
// at most maxTermWords words ("What is the right to disconnect?"): a
// definition question when a clause defines X exactly (definingClauses),
// and a question about content otherwise ("What is the penalty for late
// filing?", "What is the minimum wage?": no clause defines those).
func whatIsTheTerm(text string) bool {
	t := strings.TrimRight(strings.TrimSpace(text), "?？!. ")
	for _, p := range []string{"what is the ", "what's the ", "what’s the "} {
		if rest, ok := strings.CutPrefix(t, p); ok {
			n := len(strings.Fields(rest))
			return n > 0 && n <= maxTermWords
		}
	}
	return false
}

const maxTermWords = 5

// determiners begin a noun phrase that names content rather than a term.
var determiners = toSet("the", "these", "those", "your", "my", "our", "their", "its", "his", "her", "some", "any", "all",
	"main", "key", "new", "other", "two", "three", "several", "many", "most", "common", "different", "typical")

// namedNotLoaded returns the "not loaded" error for a question that
// names, without citing an article, a Chinese law no loaded document is
// ("刑法什么时候施行", "民法典什么时候生效": another law's 施行 clause was
// answered), or nil. Only a name ending in 法, 法典, 条例 or 公约 counts,
// and not the common words ending in 法 (合法, 方法: zhNotLaw) nor 办法
// (好办法), and only when every name the question holds is missing.
func (x *Index) namedNotLoaded(q question, ct string) error {
	if !mayNameDocument(q.text) {
		return nil
	}
	names := questionNames(ct)
	var missing *lawName
	for i, n := range names {
		if n.english {
			// As a citation's English name is judged (lawLoaded): loaded
			// unless no title holds it, no Chinese title holds its
			// translation, and no Chinese or Russian document is of its
			// kind ("the European Social Charter" beside a protocol to it).
			if ok, _ := x.lawLoaded(n); ok || x.partOfTitle(n.name, ct) {
				return nil
			}
			if missing == nil {
				missing = &names[i]
			}
			continue
		}
		if len(n.keys) > 0 {
			if len(strings.Fields(n.name)) < 2 {
				continue // a kind alone ("закон", "соглашения") names no document
			}
			// A Russian name, judged as a citation's is (lawLoaded): a
			// Russian title holds its words, or a Chinese or English
			// document is of its kind ("Закон КНР о кибербезопасности"
			// may be 网络安全法; no dictionary tells).
			if ok, _ := x.lawLoaded(n); ok {
				return nil
			}
			if missing == nil {
				missing = &names[i]
			}
			continue
		}
		name := []rune(n.name)
		strong := false
		for _, suf := range []string{"法", "法典", "条例", "公约"} {
			strong = strong || strings.HasSuffix(n.name, suf)
		}
		if !strong || len(name) < 2 || zhNotLaw[n.name] || zhNotLaw[string(name[len(name)-2:])] || strings.HasSuffix(n.name, "办法") {
			continue
		}
		for _, d := range x.docs {
			if n.loaded(d) {
				return nil
			}
		}
		if x.foreignTreaty(n) {
			return nil
		}
		if missing == nil {
			missing = &names[i]
		}
	}
	if missing == nil {
		return nil
	}
	return notLoaded(missing.name)
}

// hasAcronym reports whether a question holds an upper-case Latin word of
// two to six letters (GDPR, WTO): a document named by its initials.
func hasAcronym(q string) bool {
	for _, f := range strings.FieldsFunc(q, func(r rune) bool { return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') }) {
		if len(f) >= 2 && len(f) <= 6 && strings.ToUpper(f) == f {
			return true
		}
	}
	return false
}

// penaltyMarkers are what a question asking for the consequence of breaking
// a rule says, in the normalised (lower-case) question: 会怎么样, 被罚, 处罚,
// "what happens if", "fined", штраф. Such a question raises the articles of
// the chapter on legal liability as much as another lowers them
// (liabilityWeight): "网店押金不退会怎么样" asks for 第七十八条's fine, not
// 第二十一条's rule.
var penaltyMarkers = []string{"会怎么样", "会怎样", "怎么处理", "什么后果", "有什么后果", "被罚", "处罚", "罚款", "罚多少", "怎么罚", "追究", "法律责任",
	"what happens if", "what happens when", "penalt", " fined", " fine ", " fines", "punish", "sanction", "liable", "liability",
	"штраф", "ответственност", "наказан", "что будет"}

// asksPenalty reports whether a question asks for a penalty (see
// penaltyMarkers).
func asksPenalty(q question) bool {
	for _, m := range penaltyMarkers {
		if strings.Contains(q.text, m) {
			return true
		}
	}
	return false
}

// partOfTitle reports whether a loaded document's title holds name and
// the question ct another word of that title besides: "the European
// Social Charter protocol" is the Additional Protocol to the European
// Social Charter (a trial was told the Charter was not loaded), while "the
// European Social Charter" alone is not that protocol.
func (x *Index) partOfTitle(name, ct string) bool {
	name = strings.ToLower(name)
	qs := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(ct), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if !isStopWord(w) && !strings.Contains(name, w) {
			qs[stem(w)] = true
		}
	}
	for _, d := range x.docs {
		title := strings.ToLower(d.Title)
		if !strings.Contains(title, name) {
			continue
		}
		for _, w := range strings.FieldsFunc(strings.ReplaceAll(title, name, " "), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if !isStopWord(w) && qs[stem(w)] {
				return true
			}
		}
	}
	return false
}
