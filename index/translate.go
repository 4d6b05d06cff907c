package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"clausebot/index/cedict"
)

// English questions about Chinese documents are answered through
// CC-CEDICT (package cedict): each English word of the question is mapped
// to the Chinese headword the documents contain whose gloss carries it
// best, all good ones kept as alternatives (a phrase's headword first:
// "satellite navigation" → 卫星导航), and
// the Chinese words found this way are searched as a question of their
// own. This runs only when the question has no Chinese of its own, the
// documents have Chinese, and the English words found nothing directly, so
// English questions about English documents are unaffected; its answers
// have their own, stricter cut-off (MinTranslatedCoverage), since a gloss
// is a guess about a word's sense.
//
// Chinese ↔ Chinese through shared glosses (a colloquial word and the
// documents' term sharing a one-word gloss: 林子/森林 "forest", 月亮/月球
// "moon", 银行/金融 "bank") was built and measured as a fallback for
// Chinese questions that got no answer, with alternatives restricted to
// the documents' headwords and whole one-word glosses (weight 1; at 0.5
// the links were mostly noise: 垃圾 → 质量 through "poor quality"). It
// gained 4 answers (unseen 0.70 → 0.75, held-out 0.633 → 0.667) and made
// 9 new false answers (own off-topic 32/32 → 28/32, documents 21/22 →
// 18/22, everyday 14/16 → 13/16; documents hit@1 0.781 → 0.766), so it is
// not used.

// MinTranslatedCoverage is the coverage a clause needs to answer a
// question that reached it through translation; the evidence rule does
// not apply (a translated word's rarity says little about the sense).
// How it was chosen: see TestTranslationMargin. With one headword per
// English word it was 0.528; with all good alternatives (structured
// translation) the widest lowest-cost interval on testdata/english.jsonl
// is (0.500, 0.584]: 8 false abstentions, 0 false answers (0.600 before
// compounds were translated whole, see phrasesFirst).
var MinTranslatedCoverage = 0.542

// MinTranslatedEvidence is how specific (see unitWeights: rare in the
// documents and in general language) the most specific Chinese term a
// translated answer holds whole must be. Coverage alone says nothing for a
// question of one English word, which any clause holding its translation
// covers whole: "news" → 信息 (0.428) and "what time is it" → 时代 (0.462)
// are everyday words in Chinese too, while "soybeans" → 大豆 (0.646) and
// "customs" → 海关 (0.612) name a subject.
//
// How it was chosen: see TestTranslationEvidenceMargin. On the top
// translated answers of testdata/english.jsonl, short.jsonl and
// paraphrase.jsonl (seed) and offtopic.jsonl (seed and documents) that
// pass MinTranslatedCoverage, the least evidence of a right answer is
// 0.516 and the two off-topic answers below it hold 0.428 and 0.462 (a
// third, "parking" → 园区 0.653, is a wrong sense no rarity can tell);
// this is the midpoint of (0.462, 0.516].
var MinTranslatedEvidence = 0.489

// zhView is the dictionary restricted to the headwords the documents
// contain, made on the first English question (a Chinese-only process
// never loads the dictionary).
type zhView struct {
	once sync.Once
	dict *cedict.Dict
}

func (x *Index) zhDict() *cedict.Dict {
	x.zh.once.Do(func() {
		texts := make([]string, 0, len(x.clauses))
		for i := range x.clauses {
			texts = append(texts, x.clauses[i].norm())
		}
		x.zh.dict = cedict.Default().RestrictText(texts...)
	})
	return x.zh.dict
}

// hasChineseDocs reports whether any document is in Chinese.
func (x *Index) hasChineseDocs() bool {
	for _, d := range x.docs {
		if d.Lang == "zh" {
			return true
		}
	}
	return false
}

// translatable reports whether a question is for translation: Latin
// letters and no Han.
func translatable(q string) bool {
	latin := false
	for _, r := range q {
		switch {
		case unicode.Is(unicode.Han, r):
			return false
		case r < unicode.MaxLatin1 && unicode.IsLetter(r):
			latin = true
		}
	}
	return latin
}

// translation is an English question put into Chinese: the headwords
// searched and, for the asker, what each came from.
//
// Each English word (or phrase) keeps all its good translations as
// alternatives, and a clause covers the word when it holds any of them:
// Pirkola's structured query translation (SIGIR 1998), which treats a
// word's translations as synonyms instead of betting on one. Picking the
// single heaviest headword chose 客户 (customers) for "customs" over 海关,
// 协作 for "cooperation" over 合作, and 主管 for "management" over 管理.
type translation struct {
	zh     string   // every alternative of every group, space-separated: what is searched
	groups []tgroup // one per English word or phrase translated
	total  int      // the question's English keys (stemmed, stop words out)
}

// tgroup is one English word or phrase and its alternative headwords.
type tgroup struct {
	words []string  // the English words, as the asker wrote them
	heads []string  // the headwords as CC-CEDICT writes them
	norm  []string  // the same, normalised, for matching clauses
	ws    []float64 // each alternative's gloss weight
	keys  int       // how many of the question's English keys it covers
	// compound: its words stand side by side in the question, a
	// compound translated whole (see phrasesFirst)
	compound bool
	weight   float64 // its heaviest alternative's gloss weight
	// best is the heaviest weight the whole dictionary gives any of the
	// words, in or out of the documents: "weather" → 天气 1, though the
	// seed only has 夏令 (summer weather, 1/2).
	best float64
}

// maxAlternatives bounds the headwords kept for one English word, and
// altShare is the least weight, as a share of the heaviest's, an
// alternative needs: "cooperation" keeps 合作 and 协作 (1.0 each), not
// 上海合作组织 (0.33, a word of a long gloss). A word with many whole-gloss
// senses needs more than five: "operator" has ten headwords of weight 1
// (工作, 操作, 经营 … 运营, 运营商), in headword order, and five left out the
// 运营 of 网络运营者. Measured over every question set at 5, 8 and 12: 8
// and 12 gain one English question over the seed and the Chinese laws
// (testdata/english_mixed.jsonl 0.680 → 0.700) and change nothing else,
// off-topic abstention included.
const (
	maxAlternatives = 8
	altShare        = 0.5
)

// translate maps the question's English words to the documents' Chinese
// headwords: for each word, the heaviest candidates that cover it (a
// phrase's candidates cover all its words).
func (x *Index) translate(q string) translation {
	q = baseForms(dropAskWords(q))
	cands, isCompound := phrasesFirst(q, x.zhDict().LookupText(q))
	covered := map[string]bool{}
	var tr translation
	var heads []string
	for _, c := range cands {
		if c.Weight < minGlossWeight || numberedHeadword(c.Headword) {
			continue
		}
		fresh := false
		for _, w := range c.Words {
			if !covered[w] {
				fresh = true
			}
		}
		if !fresh {
			// Another translation of a word already translated.
			for i := range tr.groups {
				g := &tr.groups[i]
				if slices.Equal(g.words, c.Words) && c.Weight >= altShare*g.weight && len(g.heads) < maxAlternatives && !slices.Contains(g.heads, c.Headword) {
					g.heads = append(g.heads, c.Headword)
					g.norm = append(g.norm, normalizeString(c.Headword))
					g.ws = append(g.ws, c.Weight)
					heads = append(heads, c.Headword)
				}
			}
			continue
		}
		for _, w := range c.Words {
			covered[w] = true
		}
		heads = append(heads, c.Headword)
		tr.groups = append(tr.groups, tgroup{
			words: c.Words, heads: []string{c.Headword}, norm: []string{normalizeString(c.Headword)},
			ws: []float64{c.Weight}, keys: max(1, countKeys(strings.Join(c.Words, " "))), weight: c.Weight,
			compound: isCompound(c),
		})
	}
	if len(tr.groups) > 0 {
		best := map[string]float64{}
		for _, c := range cedict.LookupText(q) {
			for _, w := range c.Words {
				best[w] = max(best[w], c.Weight)
			}
		}
		for i := range tr.groups {
			g := &tr.groups[i]
			for _, w := range g.words {
				g.best = max(g.best, best[w])
			}
			g.best = max(g.best, g.weight)
		}
	}
	tr.zh = strings.Join(heads, " ")
	tr.total = countKeys(q)
	return tr
}

// numberedHeadword reports whether a headword is only a Chinese number,
// with or without 第 and a unit of a law's numbering (二十一条, the
// "Twenty-One Demands" that "Japanese" maps to; 第一, 三章): it matches
// every clause whose article number it spells, not its subject.
func numberedHeadword(h string) bool {
	t := strings.TrimPrefix(h, "第")
	t = strings.TrimRight(t, "条款项章节编")
	return t != "" && strings.Trim(t, "一二三四五六七八九十百千零〇两") == ""
}

// coverage is the share of the question's English keys of which the
// clause holds a translation. A key with no headword in the documents
// counts as missing: "What is the capital of Australia?" finds 资本 for
// capital and nothing for Australia, so no clause covers more than half
// of it.
//
// given marks groups that name a party of the clause's document (see
// partyUnits), or is nil. One the clause does not name is left out of
// the share, neither held nor missing, when at least two other keys
// remain: "What customs
// cooperation do China and Russia have?" is about customs and cooperation
// in the communiqué. With fewer, one dictionary sense would carry the
// answer alone ("What's the capital of Russia?": capital → 资本 of
// 社会资本), so they count as usual.
func (tr translation) coverage(c *clause, given []bool) float64 {
	if tr.total == 0 {
		return 0
	}
	got, total := 0.0, float64(tr.total)
	norm := c.norm()
	credits := make([]float64, len(tr.groups))
	rest := total
	for gi, g := range tr.groups {
		for i, h := range g.norm {
			if strings.Contains(norm, h) {
				credits[gi] = max(credits[gi], g.ws[i]/g.best)
			}
		}
		if given != nil && given[gi] {
			rest -= float64(g.keys)
		}
	}
	for gi, g := range tr.groups {
		if given != nil && given[gi] && credits[gi] == 0 && rest >= 2 {
			total -= float64(g.keys) // a party the clause does not name
			continue
		}
		got += credits[gi] * float64(g.keys)
	}
	return min(1, got/total)
}

// groupRegions returns, for each group, the regions its English words
// name (see unitRegions); nil when none names one.
func (tr translation) groupRegions() [][]int {
	var out [][]int
	for ri, r := range regions() {
		for gi, g := range tr.groups {
			for _, w := range g.words {
				if r.hasStem(stem(strings.ToLower(w))) {
					if out == nil {
						out = make([][]int, len(tr.groups))
					}
					out[gi] = append(out[gi], ri)
					break
				}
			}
		}
	}
	return out
}

// via says, for the asker, which English words became which Chinese terms
// of this clause: "customs → 海关; cooperation → 合作".
func (tr translation) via(c *clause) string {
	var pairs []string
	norm := c.norm()
	for _, g := range tr.groups {
		for i, h := range g.norm {
			if strings.Contains(norm, h) {
				pairs = append(pairs, strings.Join(g.words, " ")+" → "+g.heads[i])
				break
			}
		}
	}
	return strings.Join(pairs, "; ")
}

// countKeys is the number of text's English keys a clause could cover:
// cedict.Keys without CC-CEDICT's shorthand keys, which no headword has
// ("e-commerce" is one key, commerce, as its gloss is in the table).
func countKeys(text string) int {
	n := 0
	for _, k := range cedict.Keys(text) {
		if !cedict.IsShorthand(k) {
			n++
		}
	}
	return n
}

// minGlossWeight drops mappings through a long gloss (a word that is one
// of five or more words of a sense), which are mostly noise.
const minGlossWeight = 0.25

// searchTranslated ranks the clauses for a translated question and keeps
// those whose coverage reaches cut (MinTranslatedCoverage) and whose
// evidence reaches MinTranslatedEvidence; with cut 0 it keeps every
// candidate, to measure. wide asks for more candidates (question.wide).
func (x *Index) searchTranslated(ctx context.Context, q string, cut float64, wide bool) ([]scored, question, translation, error) {
	tr := x.translate(q)
	if tr.zh == "" {
		return nil, question{}, tr, nil
	}
	qa := x.analyzeQuestion(tr.zh)
	qa.translated = true
	if len(qa.units) == 0 {
		return nil, qa, tr, nil
	}
	qa.wide = wide
	all, err := x.rank(ctx, qa)
	if err != nil {
		return nil, qa, tr, err
	}
	// Re-rank by the share of the English question covered: BM25 (the
	// score without its Chinese coverage) × that share².
	named := tr.groupRegions()
	for i := range all {
		h := &all[i]
		bm25 := 0.0
		if h.coverage > 0 {
			bm25 = h.score / (h.coverage * h.coverage)
		}
		h.coverage = tr.coverage(&x.clauses[h.idx], x.partyUnits(named, h.idx))
		h.score = bm25 * h.coverage * h.coverage
	}
	sortHits(all)
	// A question asking a date ("When was the meeting held?") answered by
	// a clause holding every one of its words and a date: the date is the
	// evidence its everyday words (会晤, 举行: 0.433) are not.
	var date quantityAsk
	if asksQuantity(q) {
		date = askedQuantity(q)
	}
	hs := slices.DeleteFunc(all, func(h scored) bool {
		if h.coverage < cut {
			return true
		}
		if cut == 0 || h.evidence >= MinTranslatedEvidence {
			return false
		}
		c := &x.clauses[h.idx]
		heldAll, compound := tr.holds(c)
		return !(heldAll && compound || heldAll && date.year && hasQuantity(c.Text) && date.answers(c.Text))
	})
	return hs, qa, tr, nil
}

// holds reports whether the clause holds every group of the
// translation in one of its senses (all), and the headword of a
// compound the question's words translate as a whole ("intellectual
// property" → 知识产权, see phrasesFirst). The evidence rule keeps an
// everyday word's sense from answering alone ("news" → 信息); a
// compound's headword is no everyday guess, however common in the
// documents: 知识产权 in the Chinese laws is less rare (0.474) than the
// rule's 0.489, and "What about intellectual property protection?" got
// no answer over them.
//
// Every other English word must be held too, in one of its senses: "How
// many member states does the Council of Europe have?" reached a clause
// holding 成员国 (member states) and nothing for the Council of Europe.
func (tr translation) holds(c *clause) (all, compound bool) {
	norm := c.norm()
	for _, g := range tr.groups {
		held := false
		for i, h := range g.norm {
			if strings.Contains(norm, h) {
				held = true
				if g.compound && g.ws[i] >= altShare && utf8.RuneCountInString(h) >= 3 {
					compound = true
				}
			}
		}
		if !held {
			return false, false
		}
	}
	return len(tr.groups) > 0, compound
}

// dropAskWords blanks out the words of an English question that ask rather
// than name (see askWords), so that they are neither translated nor
// counted among the keys a clause must cover.
//
// A verb of "what counts as", "qualifies as", "is considered (as)" asks
// for a definition (reAsksDefinition) and is dropped before "as".
func dropAskWords(q string) string {
	fs := strings.FieldsFunc(q, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’' && r != '-'
	})
	out := fs[:0]
	for i, f := range fs {
		lf := strings.ToLower(f)
		if askWords[lf] || asVerbs[lf] && i+1 < len(fs) && strings.EqualFold(fs[i+1], "as") {
			continue
		}
		out = append(out, f)
	}
	return strings.Join(out, " ")
}

// baseForms writes the irregular past forms of English verbs in q as
// their base form, which the dictionary's glosses use ("to hold (a
// meeting)", 举行): Snowball stems only suffixes, so "When was the
// meeting held?" looked "held" up among glosses such as "to be held up"
// (卡壳) and found nothing in the documents. The forms are the standard
// irregular verbs' (past tense and past participle) that questions about
// laws and treaties use; "wound", "found" (also verbs of their own) and
// forms equal to the base (set, put) are not among them.
func baseForms(q string) string {
	fs := strings.Fields(q)
	changed := false
	for i, f := range fs {
		if b, ok := irregularPast[strings.ToLower(f)]; ok {
			fs[i], changed = b, true
		}
	}
	if !changed {
		return q
	}
	return strings.Join(fs, " ")
}

var irregularPast = func() map[string]string {
	m := map[string]string{}
	for _, l := range strings.Split(`arise arose arisen|bear bore borne|beat beat beaten|become became|begin began begun|bend bent|bind bound|bite bit bitten|blow blew blown|break broke broken|breed bred|bring brought|build built|burn burnt|buy bought|catch caught|choose chose chosen|come came|deal dealt|dig dug|do did done|draw drew drawn|drink drank drunk|drive drove driven|eat ate eaten|fall fell fallen|feed fed|feel felt|fight fought|find found|flee fled|fly flew flown|forbid forbade forbidden|forget forgot forgotten|forgive forgave forgiven|freeze froze frozen|get got gotten|give gave given|go went gone|grow grew grown|hang hung|have had|hear heard|hide hid hidden|hold held|keep kept|know knew known|lay laid|lead led|leave left|lend lent|lose lost|make made|mean meant|meet met|mistake mistook mistaken|overcome overcame|oversee oversaw overseen|pay paid|prove proven|ride rode ridden|ring rang rung|rise rose risen|run ran|see saw seen|seek sought|sell sold|send sent|shake shook shaken|shine shone|shoot shot|show shown|shrink shrank shrunk|sing sang sung|sink sank sunk|sit sat|sleep slept|speak spoke spoken|spend spent|stand stood|steal stole stolen|stick stuck|strike struck stricken|strive strove striven|swear swore sworn|sweep swept|swim swam swum|take took taken|teach taught|tear tore torn|tell told|think thought|throw threw thrown|undergo underwent undergone|understand understood|undertake undertook undertaken|uphold upheld|wake woke woken|wear wore worn|weave wove woven|win won|withdraw withdrew withdrawn|withhold withheld|write wrote written`, "|") {
		fs := strings.Fields(l)
		for _, f := range fs[1:] {
			if f != "found" {
				m[f] = fs[0]
			}
		}
	}
	return m
}()

// phrasesFirst moves the headwords of phrases ahead of single words'
// when they weigh at least altShare and their words stand side by side
// in q, a compound ("intellectual property"): translate keeps the first
// candidate that covers a word, and "intellectual property" was
// translated word by word (知识, 产业) because 产业 "property" (1)
// outweighs 知识产权 "intellectual property rights" (2/3). A phrase
// translated as a whole is the better guess: phrasal translation is what
// most improved dictionary-based cross-language retrieval in Ballesteros
// and Croft, "Phrasal translation and query expansion techniques for
// cross-language information retrieval", SIGIR 1997. Words apart are
// left in weight order: "capital of Russia" is in the gloss of 莫斯科
// ("Moscow, capital of Russia"), a description and no translation, and
// first it answered "What's the capital of Russia?" with a clause naming
// 莫斯科市.
func phrasesFirst(q string, cands []cedict.Candidate) ([]cedict.Candidate, func(cedict.Candidate) bool) {
	lq := " " + strings.Join(strings.Fields(strings.ToLower(q)), " ") + " "
	compound := func(c cedict.Candidate) bool {
		return len(c.Words) > 1 && c.Weight >= altShare && strings.Contains(lq, " "+strings.ToLower(strings.Join(c.Words, " "))+" ")
	}
	slices.SortStableFunc(cands, func(a, b cedict.Candidate) int {
		pa, pb := compound(a), compound(b)
		switch {
		case pa && !pb:
			return -1
		case pb && !pa:
			return 1
		}
		return 0
	})
	return cands, compound
}

// asVerbs ask for a definition before "as": "What counts as a monopoly
// agreement?", "Who qualifies as an adult?", "What is regarded as …".
var asVerbs = toSet("count", "counts", "counted", "qualify", "qualifies", "qualified", "considered", "regarded", "deemed", "treated", "classified")

// definesTranslated reports whether a clause's normalised text defines a
// term made of the translation's words: before a defining phrase
// (本法所称网络运营者，是指; （一）网络，是指), in the clause's sentence, a
// term holding one alternative of every group and little else (at most
// four characters besides them: 者, 的). "What is a network operator?"
// through network → 网络 and operator → 运营 is 网络安全法's definition of
// 网络运营者, not a clause merely using 网络 and 运营.
func definesTranslated(tr translation, norm string) bool {
	if len(tr.groups) == 0 || !mayDefine(norm) {
		return false
	}
	for _, l := range defineLocs(norm) {
		before := norm[max(0, l[0]-80):l[0]]
		if k := strings.LastIndexAny(before, "。；;.\n"); k >= 0 {
			before = before[k+1:]
		}
		if k := strings.LastIndex(before, "所称"); k >= 0 {
			before = before[k+len("所称"):]
		}
		if k := strings.LastIndexAny(before, "）)"); k >= 0 {
			before = before[k+1:]
		}
		term := strings.TrimRight(strings.TrimSpace(before), "，,：: ")
		held := 0
		for _, g := range tr.groups {
			best := 0
			for _, h := range g.norm {
				if strings.Contains(term, h) {
					best = max(best, utf8.RuneCountInString(h))
				}
			}
			if best == 0 {
				held = -1
				break
			}
			held += best
		}
		if held > 0 && utf8.RuneCountInString(term)-held <= 4 {
			return true
		}
	}
	return false
}

// translatedDefinitions answers an English definition question about
// Chinese documents ("What is a network operator?") with the clauses that
// define the term its words translate into (definesTranslated): the
// clauses holding one alternative of each group are read, as
// definingClauses reads those holding the question's own words, since a
// long article of definitions (网络安全法 第七十六条) is not among the
// BM25 candidates for any one term in it. Every key of the question must
// be translated. With a document named (namedDocs) or read (doc), its
// definition; else one a document, at most maxDefinitions. It returns the
// clauses and the translation, or nil.
func (x *Index) translatedDefinitions(qa question, text, doc string) ([]int, translation) {
	if !(asksDefinition(qa) || whatIsBare(qa.text)) || !translatable(text) || !x.hasChineseDocs() {
		return nil, translation{}
	}
	scope := x.namedDocs(text)
	if scope != nil {
		text = withoutEnglishNames(text)
	}
	tr := x.translate(text)
	keys := 0
	for _, g := range tr.groups {
		keys += g.keys
	}
	if len(tr.groups) == 0 || keys < tr.total {
		return nil, translation{}
	}
	cands, err := x.holdingGroups(tr)
	if err != nil || len(cands) == 0 {
		return nil, translation{}
	}
	var out []int
	docs := map[*document]bool{}
	for _, i := range cands {
		c := &x.clauses[i]
		if scope != nil && !scope[c.doc] || c.doc.Lang != "zh" || docs[c.doc] {
			continue
		}
		if definesTranslated(tr, c.norm()) {
			docs[c.doc] = true
			out = append(out, i)
		}
	}
	slices.Sort(out) // in load order, as definingClauses gives them
	if doc != "" {
		for _, i := range out {
			if x.clauses[i].DocID() == doc {
				return []int{i}, tr
			}
		}
	}
	if len(out) > maxDefinitions {
		out = out[:maxDefinitions]
	}
	if len(out) == 0 {
		return nil, translation{}
	}
	return out, tr
}

// whatIsBare reports whether a question is "what is X" with X a bare noun
// phrase of one to three words, no article ("What is personal
// information?", "What is monopoly agreement?"): the term asked for, when
// some clause defines it (translatedDefinitions; only a definition of
// exactly those words' translations answers it, so "What is China
// doing?" finds none).
func whatIsBare(text string) bool {
	t := strings.TrimRight(strings.TrimSpace(text), "?？!. ")
	for _, p := range []string{"what is ", "what's ", "what’s ", "what are "} {
		if rest, ok := strings.CutPrefix(t, p); ok {
			ws := strings.Fields(rest)
			return len(ws) > 0 && len(ws) <= 3 && !determiners[ws[0]] && !isStopWord(ws[0])
		}
	}
	return false
}

// holdingGroups returns the clauses that hold, for every group of a
// translation, one of its alternatives of two or more characters (all
// its bigrams), in clause order, at most maxDefinitionCandidates: one
// bleve query, a conjunction of the groups' disjunctions (see
// holdingAll). nil when a group has no such alternative.
func (x *Index) holdingGroups(tr translation) ([]int, error) {
	var groups []query.Query
	for _, g := range tr.groups {
		var alts []query.Query
		for _, h := range g.norm {
			rs := []rune(h)
			if len(rs) < 2 {
				continue
			}
			var bigrams []query.Query
			for i := 0; i+1 < len(rs); i++ {
				tq := bleve.NewTermQuery(string(rs[i : i+2]))
				tq.SetField(fieldBigram)
				bigrams = append(bigrams, tq)
			}
			alts = append(alts, bleve.NewConjunctionQuery(bigrams...))
		}
		if len(alts) == 0 {
			return nil, nil
		}
		groups = append(groups, bleve.NewDisjunctionQuery(alts...))
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(groups...), maxDefinitionCandidates, 0, false)
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
