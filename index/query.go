package index

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"clausebot/bot"
	"clausebot/internal/lazyre"
)

// Ranking parameters: the boosts of the question's own bigrams and of its
// synonyms' bigrams. MinCoverage is the abstention cut-off (see coverage).
const (
	boostBigram = 1.0
	boostSyn    = 0.8

	// candidates is how many BM25 hits are re-ranked with coverage. bleve
	// allocates a match per candidate on every search, and that garbage
	// was the main cause of the latency tail (GC assists); 50 changed no
	// answer on either question set compared with 100.
	candidates = 50
	// moreCandidates replaces candidates when bleveQuery left pieces out.
	moreCandidates = 200
	// postingBudget caps the postings a query's pieces may add up to, and
	// minPieces is how many of the rarest are kept regardless (see
	// bleveQuery).
	postingBudget = 30_000
	minPieces     = 2
	// maxPiecePostings caps the matches one selected piece may give (see
	// capQuery): a piece kept among the minPieces rarest although its
	// posting list is longer. It is postingBudget, so no piece of a
	// question whose pieces fit the budget is ever capped, and no corpus
	// of the eval sets (the largest, testdata/documents, has a few
	// thousand clauses) has a piece that long: their answers are the same
	// with and without it.
	maxPiecePostings = postingBudget
	// conjunctionTerms is how many of a synonym term's bigrams select
	// candidates when all of them would cost more than maxPiecePostings
	// (see termQuery); under that, all of them do.
	conjunctionTerms = 2
	// defaultLimit is the page size when Query.Limit is 0.
	defaultLimit = 5
)

// MinCoverage is the abstention cut-off: a clause is an answer only when it
// contains at least this share of the question's content, weighted by how
// rare each piece is in the corpus (see coverage).
//
// How it was chosen (TestAbstentionMargin prints the table with -v): for
// every question of testdata/questions.jsonl and the shared eval set, the
// coverage of the best-ranked clause holding a gold answer (on-topic, 128
// questions) and the best coverage of any candidate (off-topic, 35, many
// sharing words with the communiqué: "中俄足球比赛", "俄罗斯天气怎么样").
// The two overlapped (min on-topic 0.452 "飞机方面有什么合作项目", max
// off-topic 0.601 "两国总理的年龄"), so no cut-off was error-free. The
// fewest errors, 2, was reached in (0.451, 0.452], (0.505, 0.546] and
// (0.601, 0.625]; this is the midpoint of the widest of them. Since the
// function-word list and A-not-A forms (see isFiller, aNotA) the max
// off-topic is 0.505 and (0.505, 0.546] alone makes the fewest errors, 1.
// The test fails if a change to scoring makes another cut-off strictly
// better.
var MinCoverage = 0.525

// MinEvidence and MinSpecificCoverage make the second way to answer: a
// clause whose coverage is under MinCoverage is still an answer when it
// contains whole a question word specific enough (its evidence, see
// unitWeights: rare both in the corpus and in general language) and
// covers at least MinSpecificCoverage. Colloquial questions are full of
// words no policy document uses ("华为鸿蒙系统跟俄罗斯有合作没",
// "钾肥生意会做大吗"); absent, they weigh the most and sink coverage,
// although one rare word of the document (鸿蒙, 钾肥) pins the clause.
// Off-topic questions match nothing or only words that are common in the
// corpus (中俄, 两国, 合作) or in general language (今天, 风险, 莫斯科).
//
// How they were chosen (TestEvidenceMargin prints the pairs with -v): on
// the own, shared and unseen sets together (148 on-topic, 35 off-topic
// questions), coverage alone makes 16 errors. The fewest, 7, needs a
// coverage bar in (0.280, 0.281], a knife edge; 8 errors are reached with
// evidence in (0.565, 0.576] and any coverage bar up to 0.155. These are
// the midpoints: the evidence bar does the work (the highest off-topic
// evidence is 0.565, 莫斯科 in "莫斯科地铁怎么坐"), and the coverage bar only
// keeps a clause that matches a lone specific word of a long question.
// On testdata/heldout.jsonl, written before this rule and not used to
// choose it, hit@1 went from 0.467 to 0.567: 7 fewer false abstentions,
// 3 more false answers (see TestQuality).
//
// MinSpecificCoverage was raised from 0.085 when the off-topic sets over
// the seed and the 15 real documents together (testdata/offtopic.jsonl,
// testdata/fresh) were measured against it: a long chat message answered
// by the one specific word it shared with a clause ("部门下周五团建，大家想去
// 郊区爬山…" by 郊区, coverage 0.156) and a question the seed cannot answer
// ("中俄东线天然气管道今年输了多少气？" by 天然气, 0.198), while the lowest
// on-topic answer found this way covers 0.216 ("黑河那座过江大桥修得咋样了",
// testdata/unseen.jsonl, with its classifier 座 out: see classifiers).
// 0.207 is the middle of (0.198, 0.216]; on every other set hit@1 is the
// same at 0.085, 0.17 and 0.20, and the own, shared and unseen sets make
// the fewest errors (TestEvidenceMargin) with any bar up to 0.25.
var (
	MinEvidence         = 0.57
	MinSpecificCoverage = 0.207
)

// MinNearCoverage is the coverage a candidate under the cut-offs needs to
// be offered as a near clause when Search abstains (bot.Results.Near,
// at most maxNear of them).
//
// How it was chosen: over the paraphrase and colloquial sets (seed:
// testdata/paraphrase.jsonl, fresh, fresh2, fresh3, index/testdata's
// unseen, held-out and everyday, testdata/questions.jsonl; documents:
// fresh, fresh2, fresh3, colloquial, documents.jsonl), 116 on-topic
// questions got no answer and 275 off-topic ones (offtopic.jsonl and
// the three fresh off-topic sets, seed and documents together) were
// rightly refused. With the best candidate's coverage at least
//
//	cut   on-topic refused, offered near   its gold among them   off-topic offered near
//	0.30  84/116                           62                     81/275
//	0.35  72/116                           51                     42/275
//	0.40  55/116                           40                     24/275
//
// 0.35 shows the clause asked about in 51 of 116 wrong abstentions (44%)
// and offers a near clause to 15% of off-topic messages, before small
// talk and everyday-only questions, which get none, are taken out.
//
// MinNearEvidence is the evidence (see unitWeights) a near clause needs
// unless it holds a synonym of a question word (豆子 → 大豆): a trial
// found small talk on the seed offered the opening paragraph for 今天
// ("今天天气怎么样", "今天吃什么"). Over the same sets, with coverage at
// least 0.35 and evidence at least
//
//	bar   false abstentions whose clause is near   off-topic offered near
//	none  43/162                                   49/468
//	0.40  31/162                                   33/468
//	0.45  31/162                                   27/468
//	0.50  29/162                                   19/468
//
// 0.50 keeps two thirds of the help for two fifths of the noise; the
// off-topic messages still offered near clauses are near-topic ones
// (发票, 商标注册, 中欧班列, 双十一).
const (
	MinNearCoverage = 0.35
	MinNearEvidence = 0.50
	maxNear         = 3
)

// absentPredicateWeight scales the weight of a question word the documents
// never use when it is a verb, adjective or adverb (isPredicate): such a
// word says how the asker phrases the question (搞, 方便, 太慢, 提速, 通气)
// more often than what it is about, while a missing noun (世界杯, 股票,
// 营养) names a subject the documents lack and keeps its full weight, so
// off-topic questions still fail coverage. It applies only beside two or
// more other words: "你喜欢俄罗斯吗" and "俄罗斯好玩吗" (found by a
// fresh-user trial) are a country and a verb, and answered the seed's
// clauses on Russia with the verb at half weight.
//
// How it was chosen (hit@1 of every question set of the project at 1,
// 0.6, 0.5, 0.3, 0.2, 0.1 and 0.01): 0.5 is the lowest that costs nothing
// on any set; on testdata/paraphrase.jsonl (first run before this rule:
// 0.289) it makes 0.333. 0.3 gains two colloquial and one held-out answer
// (领导会被叫去谈话吗, 说话不算话) but answers an off-topic question
// (高考加分政策有哪些: 加分 missing) and puts one documents question at rank
// 2 (网店平台能不能把买家的差评删掉: 删掉 missing); 0.1 and lower also
// answer an everyday off-topic one. The abstention cut-offs' margin tests
// still choose the same constants with it.
//
// A lone character the documents never contain weighs the same: in a
// segmented question it is a colloquial one-character word (钱, 赚, the 掉
// of 删掉) or a piece of a word the segmenter split, never a term of the
// documents. Measured: colloquial 0.600 → 0.633 (外国人在中国投资的钱受保护吗,
// where 钱 weighed more than any other word), no set lower, off-topic
// answers unchanged.
//
// A lone character inside a synonym term of the question that has
// alternatives (店 of 网店, held as 电子商务经营者) is a piece of that term,
// not a stray word, and keeps its weight: halved, it lowered the coverage
// of the clauses holding the term, and only when two other nouns stood
// beside it ("网店卖假货怎么办" said twice lost its near clauses). Measured:
// colloquial 0.733 → 0.767, fresh seed paraphrases 0.526 → 0.553,
// fresh4 seed paraphrases 0.474 → 0.500 (held out), no set lower.
const absentPredicateWeight = 0.5

// MinQuestionRarity is how rare in general language (generalRarity) one
// of a question's Chinese words must be for any clause to answer it: a
// question made only of everyday words ("中国的问题是什么" is 中国 once
// its question words are out; "最近工作忙不忙" is 工作) matches many
// clauses equally and says nothing that picks one, whatever the coverage.
//
// How it was chosen (TestQuestionRarityMargin prints the questions near
// it with -v): on the own, shared, unseen, held-out, everyday and short
// sets, the lowest rarity of an on-topic question is 0.447 ("农业投资环境")
// and the two off-topic questions answered with only everyday words are
// 0.318 and 0.357 (the others below 0.447 already abstain by coverage);
// 0.40 is the middle of (0.357, 0.447].
var MinQuestionRarity = 0.40

// questionRarity is the highest generalRarity of the question's Chinese
// words of two or more characters and chains of lone characters: 1 (it
// cannot tell) when the question has an alphabetic word, a lone character
// outside any chain, or no such word. Synonyms do not count: 中方 for 中国
// names the same everyday thing (see unitWeights on a synonym's
// specificity). A question is answered only when this reaches
// MinQuestionRarity.
func questionRarity(q question) float64 {
	judged, r := false, 0.0
	inChain := func(u unit) bool {
		for _, c := range q.chains {
			if c.start <= u.start && u.end <= c.end {
				return true
			}
		}
		return false
	}
	for _, u := range q.units {
		switch {
		case u.word:
			return 1
		case utf8.RuneCountInString(u.text) == 1:
			if !inChain(u) {
				return 1
			}
		default:
			judged, r = true, max(r, generalRarity(u))
		}
	}
	for _, c := range q.chains {
		judged, r = true, max(r, generalRarity(c))
	}
	if !judged {
		return 1
	}
	return r
}

// fillers are question words and filler that carry no content. They are
// removed as whole words after segmentation, so "有效" keeps its 有.
var fillers = toSet(
	// Chinese question words and filler
	"什么", "哪些", "哪个", "哪里", "哪儿", "如何", "怎么", "怎样", "怎么样", "是否", "有没有", "是不是",
	"请问", "方面", "吗", "呢", "吧", "啊", "呀", "么", "什么样", "多少", "几", "谁", "啥", "为什么",
	"何时", "什么时候", "时候", "哪", "哪方面", "哪一些", "一下", "告诉", "我", "我们", "你", "你们", "想", "知道",
	"了解", "关于", "有关", "的", "了", "是", "在", "有", "都", "也", "还", "又", "就", "和", "与", "及", "或",
	"他", "她", "它", "您", "咱", // the one-character personal pronouns, as 我 and 你
	"对", "把", "被", "给", "说", "讲", "提到", "提及", "涉及", "内容", "问题", "情况", "一些", "这个", "那个",
	"这", "那", "其", "之", "能", "会", "要", "可以", "应该", "如何看待", "看待", "怎么办", "打算", "办", "一起", "做", "做了", "采取", "进行",
	"具体", "主要", "哪些方面", "怎么说", "规定", "文件", "公报", "里", "中的", "上", "下",
	"意思", "什么意思", "啥意思", "何谓", "何为", // 是什么意思, 何谓X ask for a definition (see reAsksDefinition)
	// 多久 and 多长时间 ask how long (Li & Thompson 1981, §18.4, as 几
	// and 多少), a time limit the documents state: as content it weighed
	// an absent word, and "重要的网络设施多久要查一次安全", "网店不想开了，得
	// 提前多久告诉大家？" found nothing. (多长, 多远, 多大, 多高 as question words
	// were measured too: "长江有多长" then matched a clause naming 长江;
	// colloquial +1, docs paraphrase +1, off-topic −1 with them.)
	"多久", "多长时间", // (多长|时间 as the segmenter cuts it: quantityForms)
	// colloquial question words and sentence-final particles the stop
	// list lacks: 咋 (how), 干嘛 (what for), 嘛, 呗, 哈
	"咋", "咋办", "咋整", "干嘛", "干吗", "嘛", "呗", "哈",
	// the colloquial pro-verbs that stand for another verb (搞垄断,
	// 弄材料, 干这行: 搞 "used in place of many verbs", Lü Shuxiang,
	// 现代汉语八百词, 1980), as 做 and 进行 above: "搞垄断罚多少钱" weighed
	// 搞, in no clause, as the question's heaviest word
	"搞", "弄", "干",
	// 个, the general classifier (Li & Thompson 1981, §4.2.1), names
	// nothing: a segmented question leaves it alone only to count (两个,
	// 这个) or after a verb with its 一 elided (出个新版本, 投个票), never
	// as a word (个人 and 个体 stay whole). As content it weighed as a term
	// no clause of the seed holds. (All one-character words tagged as
	// classifiers were measured too: 批 of 批下来 is a verb, and two
	// documents questions lost their answer.)
	"个",
	// English
	"what", "which", "how", "who", "when", "where", "why", "is", "are", "was", "were", "the", "a", "an",
	"of", "in", "on", "for", "to", "and", "or", "do", "does", "did", "about", "with", "between", "there",
	"any", "tell", "me", "please", "say", "says",
	// the clitics an apostrophe leaves as words of their own ("Japan's",
	// "don't", "we'll", "they're", "I've"): "s" matched every possessive
	// of the English documents ("the adult’s family")
	"s", "t", "ll", "re", "ve",
	// Russian
	"что", "как", "какие", "какой", "ли", "и", "в", "во", "на", "о", "об", "по", "с", "со", "для", "есть",
	// the other forms of the interrogative pronouns какой, каков and чей,
	// declined as adjectives (a Russian grammar's paradigm): "С какого
	// момента открывается наследство?" kept "какого", stemmed как, which
	// Статья 1110 holds ("как единое целое") and Статья 1113 does not
	"какая", "какое", "какого", "какому", "каким", "каком", "какую", "каких", "какими",
	"каков", "какова", "каково", "каковы", "чей", "чья", "чьё", "чье", "чьи", "чьего", "чьей", "чьих",
)

func toSet(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// question is an analysed question.
type question struct {
	runes []rune
	// text is runes as a string: normalised, so lower case (for the
	// question-form tests: asksDefinition, mayNameDocument).
	text string
	// content marks the runes that carry content (not filler, not
	// punctuation), as maximal runs.
	content []run
	units   []unit // the pieces coverage is measured on
	alts    []alt  // synonym alternatives found in the question
	// chains are the runs of two or more adjacent one-character Chinese
	// units: a word the pruned word list does not know comes out of
	// segmentation as lone characters (鸿蒙 as 鸿, 蒙), and a lone
	// character is no specific evidence, but the run is (see evidence).
	chains []unit
	// wide asks rank for moreCandidates: the question is answered within
	// a part of the documents (a chapter it cites), which the best
	// candidates of all may miss.
	wide bool
	// translated marks a question made by translate: its words are
	// dictionary headwords, each an alternative, and two of them side by
	// side are no compound of the asker's (see coverage).
	translated bool
	// allEvidence has coverage work out every candidate's evidence, not
	// only where it decides (see needEvidence): for the tests that
	// measure the evidence distribution under other cut-offs.
	allEvidence bool
}

// unit is a piece of question content: a bigram, a lone character or a
// word of an alphabetic script, with the rune span it covers.
type unit struct {
	text       string
	start, end int
	word       bool // alphabetic word: matched as a whole word
}

// alt is a synonym group hit: question runes [start, end) spell one of the
// group's terms, and terms are the others.
type alt struct {
	start, end int
	terms      []string
	everyday   bool // every group it came from is a "~" line (see parseSynonyms)
}

// analyzeQuestion normalises a question, strips filler and splits its
// content into units.
func (x *Index) analyzeQuestion(text string) question {
	q := question{runes: normalize(questionText(text)).runes}
	q.text = string(q.runes)
	keep := make([]bool, len(q.runes))
	// A run with no filler is segmented twice, to find filler and to make
	// units, and the segmenter is a fifth of a query's cost: once is enough.
	segs := map[string][]string{}
	seg := func(s string) []string {
		ws, ok := segs[s]
		if !ok {
			ws = x.towardCorpus(segmentWords(s))
			segs[s] = ws
		}
		return ws
	}
	prevWord := ""
	rs := runs(q.runes)
	for k, r := range rs {
		s := string(q.runes[r.start:r.end])
		if r.class == classWord {
			after := prevWord
			prevWord = s
			if after == "how" && howAdverbs[s] {
				continue // "how long", "how often": the question word, as 多长时间
			}
			if after == "what" && s == "time" && auxiliaryNext(q.runes, rs[k+1:]) {
				continue // "what time is it", "what time does it open": when, as 几点
			}
			if !isFiller(s) {
				for i := r.start; i < r.end; i++ {
					keep[i] = true
				}
			}
			continue
		}
		// Cut the run around its A-not-A forms and keep what is left.
		from := r.start
		for _, a := range append(aNotA(q.runes, r.start, r.end), r.end) {
			if a > from {
				keepContent(q.runes, from, a, keep, seg, x.joinedTerm)
			}
			if a == r.end {
				break
			}
			from = a + 3
			if from <= r.end && startsWord(q.runes[a], q.runes[from:r.end]) {
				from = a + 2 // 参不参加: the repeated character begins 参加
			}
		}
	}
	for i := 0; i < len(q.runes); {
		if !keep[i] {
			i++
			continue
		}
		j := i
		for j < len(q.runes) && keep[j] && classify(q.runes[j]) == classify(q.runes[i]) {
			j++
		}
		q.content = append(q.content, run{classify(q.runes[i]), i, j})
		i = j
	}
	for _, r := range q.content {
		s := string(q.runes[r.start:r.end])
		if r.class == classWord {
			q.units = append(q.units, unit{x.ruStemIn(stem(s)), r.start, r.end, true})
			continue
		}
		i := r.start
		for _, w := range seg(s) {
			n := utf8.RuneCountInString(w)
			q.units = append(q.units, unit{w, i, i + n, false})
			i += n
		}
	}
	for i := 0; i < len(q.units); {
		j := i
		for j < len(q.units) && !q.units[j].word && q.units[j].end-q.units[j].start == 1 &&
			(j == i || q.units[j].start == q.units[j-1].end) {
			j++
		}
		if j-i >= 2 {
			q.chains = append(q.chains, unit{string(q.runes[q.units[i].start:q.units[j-1].end]), q.units[i].start, q.units[j-1].end, false})
		}
		i = max(j, i+1)
	}
	q.alts = dropStraddling(q, x.findAlts(q))
	q.units = splitAtAlts(q)
	return q
}

// dropStraddling drops the synonym terms found across the segmenter's
// words on both sides, starting inside one word and ending inside
// another: 商[标注]册 is 商标 and 注册, and no 标注. A term with one edge on
// a word's edge is kept (汇[回]国, see splitAtAlts).
func dropStraddling(q question, alts []alt) []alt {
	inside := func(at int) bool {
		for _, u := range q.units {
			if !u.word && u.start < at && at < u.end {
				return true
			}
		}
		return false
	}
	return slices.DeleteFunc(alts, func(a alt) bool { return inside(a.start) && inside(a.end) })
}

// splitAtAlts cuts the question's Chinese units at the edges of its
// synonym terms: a term of the synonyms is a word whatever the segmenter
// made of the text around it. 外国人在中国投资赚的钱能汇回国吗 was cut 汇|回国,
// so the term 汇回 (~ 汇出) covered no whole unit and 回国, which no
// clause holds, weighed the most of the question; cut 汇|回|国, the term
// covers 汇 and 回, and 国 is left.
func splitAtAlts(q question) []unit {
	if len(q.alts) == 0 {
		return q.units
	}
	// Only a term that crosses a boundary of the segmenter's words cuts:
	// one inside a word (北极 of 北极熊) is a piece of another word.
	crossing := func(a alt) bool {
		for _, u := range q.units {
			if a.start < u.start && u.start < a.end {
				return true
			}
		}
		return false
	}
	var out []unit
	for _, u := range q.units {
		if u.word {
			out = append(out, u)
			continue
		}
		cuts := []int{u.start}
		for _, a := range q.alts {
			if !crossing(a) {
				continue
			}
			for _, c := range [2]int{a.start, a.end} {
				if u.start < c && c < u.end && !slices.Contains(cuts, c) {
					cuts = append(cuts, c)
				}
			}
		}
		if len(cuts) == 1 {
			out = append(out, u)
			continue
		}
		slices.Sort(cuts)
		cuts = append(cuts, u.end)
		for k := 0; k+1 < len(cuts); k++ {
			out = append(out, unit{string(q.runes[cuts[k]:cuts[k+1]]), cuts[k], cuts[k+1], false})
		}
	}
	return out
}

// onlyNumerals reports whether the question is one number and nothing
// else (1, 2021, 十二): it asks nothing, and a trial's "1", typed in the
// chat as if to press a button, got every article in force from "…1月1日
// 起施行". A citation (第十二条, 二·12) is read before this; numbers in an
// outline label Search reads by its words ("二、（一）2", three units)
// and a number beside a word (5G, 2021年) are not one number alone.
func onlyNumerals(q question) bool {
	if len(q.units) != 1 {
		return false
	}
	return strings.IndexFunc(q.units[0].text, func(r rune) bool {
		return !('0' <= r && r <= '9') && !strings.ContainsRune("〇零一二三四五六七八九十百千万两", r)
	}) < 0
}

// howAdverbs are the adverbs and adjectives that make one question word
// with "how" before them (how long, how often, how old, how far, how
// soon): they ask for a quantity or a time, like 多长时间 and 几年, and name
// no subject (Quirk et al., A Comprehensive Grammar of the English
// Language, 1985, §11.14: how + adjective or adverb as the wh-element). On
// their own they stay content ("long-term", "old-age pension").
var howAdverbs = toSet("long", "often", "old", "far", "soon", "early", "late", "frequently")

// auxiliaryNext reports whether the next alphabetic word of the runs rest
// is an auxiliary verb (is, does, will, can …): "what time" before one is
// the question word ("what time is it?"), while "what time limit applies"
// asks about a time limit.
func auxiliaryNext(rs []rune, rest []run) bool {
	for _, r := range rest {
		if r.class == classWord {
			switch string(rs[r.start:r.end]) {
			case "is", "are", "was", "were", "do", "does", "did", "will", "would", "shall", "should", "can", "could", "must", "may", "might":
				return true
			}
			return false
		}
	}
	return false
}

// smallTalk reports whether every content unit of a question is a chat
// word (see chatWords): an acknowledgement or greeting, not a question.
func smallTalk(q question) bool {
	for _, u := range q.units {
		if !chatWords[u.text] && !(u.word && chatWords[strings.ToLower(string(q.runes[u.start:u.end]))]) {
			return false
		}
	}
	return len(q.units) > 0
}

// towardCorpus moves a word boundary of a segmented question by one
// character where the general-language segmenter made a word the
// documents never use beside a lone character that, moved across, makes
// one they do: "两国会一起" is cut 两|国会|一起 (国会, parliament), and
// 两国|会|一起 is what the question says, as the documents' 两国 shows.
// Only a lone character and an absent word of two or more characters are
// rearranged, and only when the new word occurs in the documents and what
// is left of the absent word is filler (会): moving boundaries freely made
// off-topic questions match (testdata/offtopic.jsonl 52/60 → 48/60). The
// pieces always concatenate back to the same text.
func (x *Index) towardCorpus(ws []string) []string {
	if len(ws) < 2 {
		return ws
	}
	absent := func(w string) bool { _, ok := x.df[w]; return !ok && utf8.RuneCountInString(w) >= 2 }
	present := func(w string) bool { return x.df[w] > 0 }
	for i := 1; i < len(ws); i++ {
		a, b := ws[i-1], ws[i]
		switch {
		case utf8.RuneCountInString(a) == 1 && absent(b):
			_, n := utf8.DecodeRuneInString(b)
			if present(a+b[:n]) && isFiller(b[n:]) {
				ws = slices.Clone(ws)
				ws[i-1], ws[i] = a+b[:n], b[n:]
			}
		case absent(a) && utf8.RuneCountInString(b) == 1:
			_, n := utf8.DecodeLastRuneInString(a)
			if present(a[len(a)-n:]+b) && isFiller(a[:len(a)-n]) {
				ws = slices.Clone(ws)
				ws[i-1], ws[i] = a[:len(a)-n], a[len(a)-n:]+b
			}
		}
	}
	return ws
}

// keepContent marks the runes of rs[start:end], a run of Chinese
// characters, that are not filler once segmented by seg (segmentWords).
func keepContent(rs []rune, start, end int, keep []bool, seg func(string) []string, joined func(a, b string) bool) {
	i := start
	ws := seg(string(rs[start:end]))
	quantity := quantityForms(ws)
	for k, w := range ws {
		n := utf8.RuneCountInString(w)
		// A stop word that begins a term of the documents with the word
		// after it is content: 个人 (a pronoun in gse's tags) of 个人信息.
		partOfTerm := k+1 < len(ws) && n > 1 && !fillers[w] && !askWords[w] && isStopZh(w) &&
			!isFiller(ws[k+1]) && !quantity[k+1] && joined != nil && joined(w, ws[k+1])
		// An auxiliary verb's character after 的 is a noun, the head of
		// the phrase (开的会, "the meeting held"; 要 of 主要的要): no verb
		// follows 的 (Li & Thompson 1981, §5.1).
		headAfterDe := n == 1 && k > 0 && ws[k-1] == "的" && auxiliaryVerbs[[]rune(w)[0]]
		if partOfTerm || headAfterDe || !isFiller(w) && !quantity[k] {
			for j := i; j < i+n; j++ {
				keep[j] = true
			}
		}
		i += n
	}
}

// joinedTerm reports whether the documents write a and b together, as a
// term: the string a+b in at least minJoined clauses (unitDF's estimate, the
// fewest clauses holding any bigram of it). "网络安全法第六章对侵害个人信息的
// 行为怎么处罚" lost 个人 (a stop word: a pronoun in gse's tags) and found
// 第六十七条 instead of 第六十四条 (testdata/sections.jsonl 0.941 → 1.000; no
// other set changes). Two clauses, so that one clause's chance
// juxtaposition makes no term.
func (x *Index) joinedTerm(a, b string) bool {
	return x.unitDF(unit{text: a + b}) >= minJoined
}

const minJoined = 2

// quantityForms marks the words of a segmented run that, with the
// interrogative number before them, ask for a quantity, a time or an
// ordinal rather than name a subject: the measure word or time unit after
// 几, 多少 or 哪 (几点, 几年, 多少个, 多少钱, 哪一年, 哪一块), optionally after 一,
// and the words the segmenter made of the two (几点, 几年, 哪年). Like the
// A-not-A forms, they are question words (Li & Thompson, Mandarin Chinese,
// 1981, §18.4: question words 几 "how many" and 哪 "which" take a
// classifier, 多少 may). Only a one-character word after them is taken: in
// 多少企业 the noun stays.
func quantityForms(ws []string) []bool {
	var out []bool
	mark := func(k int) {
		if out == nil {
			out = make([]bool, len(ws))
		}
		out[k] = true
	}
	for k, w := range ws {
		rs := []rune(w)
		switch {
		case len(rs) == 2 && (rs[0] == '几' || rs[0] == '哪') && rs[1] != '乎':
			mark(k) // 几点, 几年, 哪年: the segmenter's words
		case w == "几" || w == "多少" || w == "哪" || w == "哪一" || w == "几个":
			j := k + 1
			if j < len(ws) && ws[j] == "一" {
				mark(j)
				j++
			}
			if j < len(ws) && (utf8.RuneCountInString(ws[j]) == 1 || j == k+1 && strings.HasPrefix(ws[j], "一") && utf8.RuneCountInString(ws[j]) == 2) {
				mark(j) // 多少个, 哪一年 (哪 + 一年)
			}
		case len(rs) == 1 && demonstrativesZh[w] && k+1 < len(ws) && classifiers[ws[k+1]]:
			mark(k + 1) // 那座, 每位: a demonstrative's classifier (see classifiers)
		case directionalComplements[w] && k > 0 && utf8.RuneCountInString(ws[k-1]) == 1 && isHan(ws[k-1]) && !isFiller(ws[k-1]):
			// 批下来, 拿回来, 说出来: a verb's directional complement
			// (趋向补语, Li & Thompson 1981, §3.2.2) says the action's
			// direction or completion and names nothing; absent from
			// statutes, it weighed the most of "商标注册申请一般要多久才能
			// 批下来" (下来 7.8 of 27).
			mark(k)
		case w == "多长" && k+1 < len(ws) && ws[k+1] == "时间":
			mark(k) // 多长时间, cut 多长|时间: how long (see fillers)
			mark(k + 1)
		case w == "一" && k > 0 && k+1 < len(ws) && ws[k-1] == ws[k+1] && utf8.RuneCountInString(ws[k+1]) == 1:
			// V一V (调一调, 看一看): a verb said twice to soften it
			// (Li & Thompson §3.1.1, reduplication); one V is content.
			mark(k)
			mark(k + 1)
		}
	}
	if out == nil {
		return make([]bool, len(ws))
	}
	return out
}

// directionalComplements are the two-character directional complements
// of Mandarin verbs (Li & Thompson 1981, §3.2.2: 来/去 after 上 下 进 出
// 回 过 起 开), which quantityForms drops after a one-character verb.
var directionalComplements = toSet("上来", "下来", "进来", "出来", "回来", "过来", "起来", "开来", "上去", "下去", "进去", "出去", "回去", "过去")

// isHan reports whether s is all Han characters.
func isHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

// startsWord reports whether c followed by the first word of rest is a
// word of the segmenter's dictionary (参 + 加 → 参加; 会 + 合作 is not).
func startsWord(c rune, rest []rune) bool {
	if len(rest) == 0 {
		return false
	}
	ws := segmentWords(string(rest))
	sg, err := segmenter()
	if err != nil || len(ws) == 0 {
		return false
	}
	w := string(c) + ws[0]
	if auxiliaryVerbs[c] && !isFiller(w) {
		return false // 能不能带着: not 能带; 可不可以: 可以
	}
	_, ok := sg.Find(w)
	return ok
}

// findAlts finds the synonym terms spelled by the question's content,
// every occurrence: "政府部门找网店要数据，网店必须给吗" spells 网店 twice, and
// the second one's characters counted as absent words when only the first
// was found.
func (x *Index) findAlts(q question) []alt {
	var out []alt
	norm := string(q.runes)
	// after[term] is where the term's last occurrence ended, in runes: a
	// term's occurrences do not overlap.
	var after map[string]int
	for start, bi := 0, 0; bi < len(norm); start++ {
		r, size := utf8.DecodeRuneInString(norm[bi:])
		for _, st := range x.syn.byFirst[r] {
			if !strings.HasPrefix(norm[bi:], st.term) {
				continue
			}
			if e, ok := after[st.term]; ok && start < e {
				continue
			}
			end := start + utf8.RuneCountInString(st.term)
			if after == nil {
				after = map[string]int{}
			}
			after[st.term] = end
			if !termIsContent(q, start, end) || !wordBounded(q.runes, start, end) {
				continue
			}
			// Keep only the terms some clause may hold: each is searched
			// in every candidate (coverage) and made a searcher
			// (termQuery). An alt whose terms no clause holds still marks a
			// term of the question (see splitAtAlts).
			others, everyday := x.syn.alternatives(st)
			if everyday && x.heldWord(st.term) {
				continue
			}
			others = slices.DeleteFunc(others, func(t string) bool { return !x.synPossible(t) })
			out = append(out, alt{start, end, others, everyday})
		}
		bi += size
	}
	return x.findStemAlts(q, out)
}

// findStemAlts adds to out the alphabetic synonym terms that the question
// writes in another form of their words (byStems): runs of its alphabetic
// units, one space or hyphen apart, whose stems are a term's. A term
// found already as written (findAlts) is not added again.
func (x *Index) findStemAlts(q question, out []alt) []alt {
	if !slices.ContainsFunc(q.units, func(u unit) bool { return u.word }) {
		return out // no alphabetic word: the stem index is not made
	}
	byStems, stemWords := x.syn.stemIndex()
	if byStems == nil {
		return out
	}
	var key []byte
	for i, u := range q.units {
		if !u.word {
			continue
		}
		key = key[:0]
		for j := i; j < len(q.units) && j < i+stemWords; j++ {
			v := q.units[j]
			if j > i {
				if !v.word || v.start > q.units[j-1].end+1 {
					break
				}
				key = append(key, ' ')
			}
			key = append(key, fleeting(stem(string(q.runes[v.start:v.end])))...)
			for _, st := range byStems[string(key)] {
				if slices.ContainsFunc(out, func(a alt) bool { return a.start == u.start && a.end == v.end }) {
					continue
				}
				others, everyday := x.syn.alternatives(st)
				if everyday && x.heldWord(st.term) {
					continue
				}
				others = slices.DeleteFunc(others, func(t string) bool { return !x.synPossible(t) })
				out = append(out, alt{u.start, v.end, others, everyday})
			}
		}
	}
	return out
}

// heldWord reports whether term is one alphabetic word that some clause
// holds in some form (its stem has a document frequency): the documents'
// own word, whose everyday synonyms ("~" lines) would only blur it. The
// Russian "договор" is a statute's word, and "договорились" (agreed),
// of the same stem, found every clause on a соглашение; "наследство"
// found "наследственное имущество". Chinese terms keep their
// alternatives: their groups were measured one by one.
func (x *Index) heldWord(term string) bool {
	st := termStems(term)
	return len(st) == 1 && slices.ContainsFunc(stemForms(st[0]), func(f string) bool { return x.df[f] > 0 })
}

// synPossible reports whether some clause may hold synonym term t: every
// piece of it on the bigram view (see termQuery) occurs in the corpus.
// The answer is kept for the index's life.
func (x *Index) synPossible(t string) bool {
	if v, ok := x.synIn.Load(t); ok {
		return v.(bool)
	}
	ok := true
	for _, tok := range (tokenizer{modeBigram}).Tokenize([]byte(t)) {
		if x.df[string(tok.Term)] == 0 {
			ok = false
			break
		}
	}
	x.synIn.Store(t, ok)
	return ok
}

// isContent reports whether runes [start, end) are all kept content.
func isContent(q question, start, end int) bool {
	for _, r := range q.content {
		if r.start <= start && end <= r.end {
			return true
		}
	}
	return false
}

// wordBounded reports whether [start, end) does not cut an alphabetic word.
func wordBounded(rs []rune, start, end int) bool {
	if classify(rs[start]) == classWord && start > 0 && classify(rs[start-1]) == classWord {
		return false
	}
	if classify(rs[end-1]) == classWord && end < len(rs) && classify(rs[end]) == classWord {
		return false
	}
	return true
}

// bleveQuery builds the retrieval query: a disjunction of the question's
// bigrams (lone characters, stemmed alphabetic words) and of its synonym
// alternatives (see termQuery).
//
// On a large corpus only the rarest pieces, while their posting lists add
// up to postingBudget, select candidates, and dropped reports that others
// were left out. A bigram such as 合作 is in a large share of all clauses,
// and walking its postings dominated query time (p99 0.7 s at 1M clauses)
// while adding little to BM25 (low idf). Coverage, which reads every piece
// of the question in each candidate's text, still ranks by all of them.
// (Keeping the common pieces as optional clauses of a boolean query cost
// as much: bleve's Advance walks their postings.) On a corpus whose pieces
// all fit the budget, the seed, nothing is left out. A piece kept among
// the minPieces rarest whose postings alone are over maxPiecePostings
// gives only its first maxPiecePostings matches (capQuery): one-word
// questions on very common words (合作, 投资) were the slow tail at 1M
// clauses, walking a third of the index.
//
// bound is an upper bound on the clauses the query can match: the sum of
// the selected pieces' document frequencies (a synonym's conjunction
// counts all its bigrams'), which rank uses to ask bleve for no more hits
// than can exist.
func (x *Index) bleveQuery(q question) (_ query.Query, dropped bool, bound int64) {
	type piece struct {
		q  query.Query
		df int32
	}
	var ps []piece
	term := func(field, t string, boost float64, df int32) {
		tq := bleve.NewTermQuery(t)
		tq.SetField(field)
		tq.SetBoost(boost)
		ps = append(ps, piece{tq, df})
	}
	seen := map[string]bool{}
	once := func(k string) bool {
		if seen[k] {
			return false
		}
		seen[k] = true
		return true
	}
	for _, r := range q.content {
		if r.class == classWord {
			s := stem(string(q.runes[r.start:r.end]))
			if once("bc" + s) {
				term(fieldBigram, s, boostBigram, x.df[s])
			}
			continue
		}
		if r.end-r.start == 1 {
			if c := string(q.runes[r.start]); once("b" + c) {
				term(fieldBigram, c, boostBigram, x.df[c])
			}
			continue
		}
		for i := r.start; i+1 < r.end; i++ {
			if b := string(q.runes[i : i+2]); once("b" + b) {
				term(fieldBigram, b, boostBigram, x.df[b])
			}
		}
	}
	for _, a := range q.alts {
		for _, t := range a.terms {
			if once("s" + t) {
				if sq, df := x.termQuery(t); sq != nil {
					ps = append(ps, piece{sq, df})
				}
			}
		}
	}
	slices.SortStableFunc(ps, func(a, b piece) int { return cmp.Compare(a.df, b.df) })
	var rare, common []query.Query
	var sum int64
	found := 0 // pieces in rare that occur in the corpus
	for _, p := range ps {
		if p.df == 0 {
			// It matches nothing and costs nothing, and does not count
			// among the minPieces: three of them (bds, beidou, gnss,
			// synonyms of 北斗) took every place at 1M clauses, and the
			// question got no candidates.
			rare = append(rare, p.q)
			continue
		}
		if found >= minPieces && (common != nil || sum+int64(p.df) > postingBudget) {
			common = append(common, p.q)
			continue
		}
		if p.df > maxPiecePostings {
			// Kept as one of the minPieces rarest, and yet very common.
			p.q, p.df = capQuery{p.q, maxPiecePostings}, maxPiecePostings
		}
		sum += int64(p.df)
		rare = append(rare, p.q)
		found++
	}
	return bleve.NewDisjunctionQuery(rare...), len(common) > 0, sum
}

// termQuery matches a synonym term on the bigram view, all its bigrams
// required, and returns its cost: the postings of all of them (bleve
// advances each through its posting list). Coverage then checks the term
// itself in each candidate's text.
func (x *Index) termQuery(t string) (query.Query, int32) {
	a := tokenizer{modeBigram}.Tokenize([]byte(t))
	if len(a) == 0 {
		return nil, 0
	}
	terms := make([]string, len(a))
	var cost int32
	for i, tok := range a {
		terms[i] = string(tok.Term)
		df := x.df[terms[i]]
		if df == 0 {
			// No clause holds this piece, so none holds the term: no
			// query (the everyday words of the synonyms, 海淘 or 搞科研,
			// are in few documents, and each made a searcher).
			return nil, 0
		}
		cost += df
	}
	if cost > maxPiecePostings && len(terms) > conjunctionTerms {
		// A long term on a large corpus (PPP's 政府和社会资本合作 at 1M
		// clauses: 8 bigrams, 合作 among them, and the slowest question):
		// bleve advances every bigram's postings to each match, so only
		// the rarest few select; coverage still checks the whole term.
		slices.SortStableFunc(terms, func(a, b string) int { return cmp.Compare(x.df[a], x.df[b]) })
		terms = terms[:conjunctionTerms]
		cost = 0
		for _, t := range terms {
			cost += x.df[t]
		}
	}
	var q query.Query
	if len(terms) == 1 {
		tq := bleve.NewTermQuery(terms[0])
		tq.SetField(fieldBigram)
		tq.SetBoost(boostSyn)
		q = tq
	} else {
		tqs := make([]query.Query, len(terms))
		for i, t := range terms {
			tq := bleve.NewTermQuery(t)
			tq.SetField(fieldBigram)
			tqs[i] = tq
		}
		cq := bleve.NewConjunctionQuery(tqs...)
		cq.SetBoost(boostSyn)
		q = cq
	}
	return q, cost
}

// answers reports whether a candidate is an answer rather than grounds
// to abstain (see MinCoverage).
func (h scored) answers() bool {
	return h.coverage >= MinCoverage || h.coverage >= MinSpecificCoverage && h.evidence >= MinEvidence
}

type scored struct {
	idx      int
	score    float64
	coverage float64
	evidence float64 // the spec of the most specific question unit matched whole
}

// Search answers a question with the clauses that cover it best, or with
// no hits when none covers enough of it (abstention).
//
// Ranking: bleve's BM25 over the bigram view (Chinese bigrams and lone
// characters, stemmed alphabetic words, synonym alternatives) selects
// candidates; each is then scored by its BM25 score times the square of
// its coverage of the question (gse words, with partial credit for their
// bigrams and characters), so a clause that matches all of the question
// beats one that matches a frequent part of it many times. A clause is an
// answer when its coverage reaches MinCoverage, or when it contains a
// specific question word (evidence at least MinEvidence) and its coverage
// reaches MinSpecificCoverage; with no such clause Search abstains.
//
// There is no proximity boost. A factor for how close the question's
// words sit in a clause (their length over the smallest window holding
// one of each), weighted 0.1 to 0.5 of the score, changed no hit@1, hit@3
// or MRR on either question set, and from 0.3 up lowered hit@1 on 20
// colloquial questions written for the check (testdata/unseen.jsonl);
// on its own (weight 1) it lowered hit@1 on both sets. Coverage already
// rewards the question's words as contiguous substrings, and the clauses
// are single paragraphs, so nearness adds little.
func (x *Index) Search(ctx context.Context, q bot.Query) (bot.Results, error) {
	r, err := x.search(ctx, q)
	if err != nil || r.Total > 0 {
		return r, err
	}
	// A long message that found nothing as a whole: its question alone
	// (focusParts), as a colleague would read it. A trial's team-chat
	// paragraphs (a WFOE and the negative list; a share of an ООО left
	// without a will) got no answer, while their question sentences each
	// found the article.
	for _, f := range focusParts(q.Text) {
		if len(x.analyzeQuestion(f).units) < minFocusUnits {
			continue // "any ideas?", "кому написать?": no topic of its own
		}
		fq := q
		fq.Text = f
		fr, ferr := x.search(ctx, fq)
		if ferr == nil && fr.Total > 0 {
			fr.Focus = f
			return fr, nil
		}
	}
	return r, err
}

// search is Search for the message as it is.
func (x *Index) search(ctx context.Context, q bot.Query) (bot.Results, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.closed {
		return bot.Results{}, errClosed
	}
	if strings.TrimSpace(q.Text) == "" {
		return bot.Results{}, bot.Errorf(bot.EINVALID, "the question is empty")
	}
	if q.Offset < 0 || q.Limit < 0 {
		return bot.Results{}, bot.Errorf(bot.EINVALID, "offset and limit must not be negative")
	}
	limit := q.Limit
	if limit == 0 {
		limit = defaultLimit
	}
	qa := x.analyzeQuestion(q.Text)
	ct := citationText(q.Text)
	var quoting map[*document]bool // the documents quoting a cited law not loaded
	cited := x.containerCited(ct)  // "Annex II Article 1"
	var citedParts map[int]int
	if len(cited) == 0 {
		if err := x.citedNotLoaded(ct); err != nil {
			rest, docs := x.aboutQuotedLaw(ct)
			if docs == nil {
				return bot.Results{}, err
			}
			ct, qa, quoting = rest, x.analyzeQuestion(rest), docs
		}
		// A clearly named document without the article is told so before
		// other documents' articles of that number are looked for.
		if err := x.citedMissing(ct); err != nil {
			return bot.Results{}, err
		}
		var partMissing error
		cited, citedParts, partMissing = x.citedClauses(ct)
		if len(cited) == 0 && partMissing != nil {
			return bot.Results{}, partMissing
		}
	}
	if i := x.crossCited(ct); i >= 0 {
		cited = []int{i} // an English citation of a Chinese law by its English name
	}
	if len(cited) == 0 {
		// "刑法什么时候施行" with no 刑法 loaded: say so.
		if err := x.namedNotLoaded(qa, ct); err != nil {
			return bot.Results{}, err
		}
	}
	var inSection map[int]bool
	var defTr *translation // the translation a definition was found through
	wholeSection := false
	if len(cited) == 0 {
		// "网络安全法第六章讲什么": the chapter; "…第六章对侵害个人信息的行为
		// 怎么处罚": searched within it.
		whole, in, rest, err := x.sectionQuestion(ct, q.Doc)
		if err != nil {
			return bot.Results{}, err
		}
		cited, wholeSection = whole, len(whole) > 0
		if in != nil {
			inSection, qa = in, rest
			qa.wide = true
		}
	}
	if len(cited) == 0 && inSection == nil {
		// "二（一）2", "海绵城市 二（一）讲什么", the seed's "二·12": a
		// label reference of an outline-numbered document.
		whole, in, rest, err := x.labelQuestion(ct, q.Doc)
		if err != nil {
			return bot.Results{}, err
		}
		cited, wholeSection = whole, len(whole) > 0
		if in != nil {
			inSection, qa = in, rest
			qa.wide = true
		}
	}
	if len(cited) == 0 && inSection == nil {
		// "What is the Hague Convention about?": its first article; "网安法
		// 是哪天开始生效的？": the one saying when it takes effect.
		if i := x.aboutDocument(qa, ct); i >= 0 {
			cited = []int{i}
		} else if i, d := x.effectiveAsked(qa, ct); i >= 0 || d != nil {
			if i < 0 {
				return bot.Results{}, noEffectiveClause(d)
			}
			// The one clause saying when it takes effect: other laws'
			// "本法自…起施行" are no answer to "网安法哪天生效" (a trial
			// saw 反垄断法 第七十条 and 对外贸易法 第八十三条 under it).
			cited, wholeSection = []int{i}, true
		} else if ds, term := x.definingClauses(qa, ct, q.Doc); len(ds) > 0 {
			cited = ds // "什么是个人信息": the clause defining it
			for _, i := range ds {
				// Its item or paragraph that defines it, under that
				// reference: 第七十六条第（五）项.
				if sub, ok := x.definingPart(i, term); ok {
					if citedParts == nil {
						citedParts = map[int]int{}
					}
					citedParts[i] = sub
				}
			}
		} else if ds, t := x.translatedDefinitions(qa, ct, q.Doc); len(ds) > 0 {
			cited, defTr = ds, &t // "What is a network operator?": 网络运营者's
		}
	}
	if len(cited) == 0 && q.Doc == "" {
		// A question that is only a citation no document has (第九十条,
		// "What does Article 90 say?"): say so, rather than answer with
		// the clauses whose words are the number's (第九条).
		if err := x.citedNowhere(ct, false); err != nil {
			return bot.Results{}, err
		}
	}
	if q.Doc != "" {
		// A follow-up that names no document, citing an article the
		// document the chat is reading lacks: say so (followUpMissing).
		if err := x.followUpMissing(ct, q.Doc, q.SameLang); err != nil {
			return bot.Results{}, err
		}
	}
	if q.Doc != "" {
		// "and Article 22, about maintenance?" while reading a Chinese law:
		// its 第二十二条, first.
		if i := x.followUpCited(ct, q.Doc, q.SameLang); i >= 0 {
			cited = append([]int{i}, slices.DeleteFunc(cited, func(c int) bool { return c == i })...)
		}
	}
	if q.Doc != "" && len(cited) > 1 {
		// The article of the document the chat was reading first: "那第十一条
		// 呢" after 网络安全法第十条 names no document.
		other := func(i int) int {
			if x.clauses[i].DocID() == q.Doc {
				return 0
			}
			return 1
		}
		slices.SortStableFunc(cited, func(a, b int) int { return other(a) - other(b) })
	}
	if len(cited) > 0 && !wholeSection && x.onlyCitation(ct, cited) {
		// "What does Article 3 say?", "网络安全法第二十一条说了什么": the
		// article, not also clauses holding the number or the name (a
		// trial saw Статья 2, holding "3)", as result 2, and 41 others).
		wholeSection = true
	}
	if len(qa.units) == 0 && len(cited) == 0 || smallTalk(qa) || onlyNumerals(qa) && len(cited) == 0 {
		return bot.Results{Hits: []bot.Hit{}}, nil
	}
	// A question naming a document (the e-commerce law, 网络安全法, Водный
	// кодекс) is answered from it alone (namedDocs). (Searching it on its
	// other words only, without the name, was measured and not kept: the
	// name's words, in every clause's headings, carry English questions
	// whose other words are not the document's: "Does the Convention on
	// the International Protection of Adults cover divorce or trusts?"
	// lost its answer, documents 0.796 → 0.781.)
	var scope map[*document]bool
	if len(cited) == 0 && mayNameDocument(qa.text) {
		scope = x.namedDocs(ct)
	}
	if quoting != nil {
		scope = quoting
	}
	var all []scored
	if len(qa.units) > 0 {
		var err error
		if all, err = x.rank(ctx, qa); err != nil {
			return bot.Results{}, err
		}
	}
	if questionRarity(qa) < MinQuestionRarity {
		all = nil // everyday words only: any clause would be a guess
	}
	inScope := func(h scored) bool {
		return (scope == nil || scope[x.clauses[h.idx].doc]) && (inSection == nil || inSection[h.idx])
	}
	hs := make([]scored, 0, len(all)+len(cited))
	for _, c := range cited {
		// The cited article first, whatever its words.
		hs = append(hs, scored{idx: c, score: math.Inf(1), coverage: 1})
	}
	for _, h := range all {
		if h.answers() && !slices.Contains(cited, h.idx) && inScope(h) && !wholeSection {
			hs = append(hs, h)
		}
	}
	hs = x.dropOthers(qa, hs)
	// "中国一共有多少个省": a clause without a number is no answer to a
	// question asking for one (answertype.go).
	quantity := len(cited) == 0 && asksQuantity(q.Text)
	var asked quantityAsk
	if quantity {
		asked = askedQuantity(q.Text)
	}
	where := len(cited) == 0 && asksWhere(q.Text)
	authority := len(cited) == 0 && asksAuthority(q.Text)
	noQuantity := func(h scored) bool {
		t := x.clauses[h.idx].Text
		return quantity && !asked.holds(t) || where && !hasPlace(t) || authority && !hasAuthority(t)
	}
	hs = slices.DeleteFunc(hs, noQuantity)
	if len(cited) == 0 && asksCourt(q.Text) {
		hs = firstWithin(hs, func(h scored) bool { return hasJurisdiction(x.clauses[h.idx].Text) })
	}
	if len(cited) == 0 && asksSigning(q.Text) {
		hs = firstWithin(hs, func(h scored) bool { return x.inClosing(h.idx) })
	}
	otherDoc := len(cited) == 0 && scope == nil && len(x.docs) > 1 && asksEffective(ct) && (mayNameDocument(qa.text) && len(questionNames(ct)) > 0 || hasAcronym(ct))
	if otherDoc {
		// "When does the GDPR take effect?" names a document, not a loaded
		// one: a clause saying when some other one takes effect is no
		// answer. ("协定什么时候生效" and "When does the agreement enter
		// into force?" name none, and are searched: a trial's questions
		// with "the agreement" got no answer while a kind word was enough.)
		hs = slices.DeleteFunc(hs, func(h scored) bool { return isEffectiveClause(&x.clauses[h.idx]) })
	}
	tr := defTr
	if weakDirect(hs, cited) && translatable(q.Text) && x.hasChineseDocs() {
		// English about Chinese documents: through the dictionary.
		tq := q.Text
		if inSection != nil {
			_, tq, _ = citedSection(ct) // "Chapter 6" is no word to translate
		}
		if scope != nil {
			// The document is chosen: its name's words are not what to
			// cover ("the Cybersecurity Law" went through 治安, "law"
			// through 合法, and the question's topic was outweighed).
			tq = withoutEnglishNames(tq)
		}
		ths, tqa, t, err := x.searchTranslated(ctx, tq, MinTranslatedCoverage, inSection != nil)
		if err != nil {
			return bot.Results{}, err
		}
		ths = slices.DeleteFunc(ths, func(h scored) bool {
			return !inScope(h) || otherDoc && isEffectiveClause(&x.clauses[h.idx]) || noQuantity(h)
		})
		if ths = x.dropOthers(qa, ths); len(ths) > 0 && questionRarity(tqa) >= MinQuestionRarity && (len(hs) == 0 || ths[0].coverage > hs[0].coverage) {
			hs, qa, tr = ths, tqa, &t
		}
	}
	if len(hs) == 0 && scope != nil && len(cited) == 0 {
		if err := x.otherLanguage(ct, scope); err != nil {
			return bot.Results{}, err
		}
	}
	// A quantity question answered by a long article: the one part of it
	// that holds a number of the kind asked and the most of the
	// question's words, under its own reference ("Сколько метров ширина
	// водоохранной зоны моря?": Статья 65 ч. 8, пятьсот метров, where the
	// part with the most matched words was ч. 3, which has no number).
	var quantityPart map[int]int
	if quantity && len(hs) > 0 && q.Offset == 0 && !math.IsInf(hs[0].score, 1) {
		if sub, ok := x.quantityPart(qa, hs[0].idx, asked); ok {
			quantityPart = map[int]int{hs[0].idx: sub}
		}
	}
	hs = dropFaint(hs)
	out := bot.Results{Total: len(hs), Hits: []bot.Hit{}}
	if len(hs) == 0 && len(cited) == 0 && tr == nil && q.Offset == 0 {
		if q.Doc == "" {
			if err := x.citedNowhere(ct, true); err != nil {
				return bot.Results{}, err
			}
		}
		out.Near = x.near(qa, all, func(h scored) bool {
			return inScope(h) && !(otherDoc && isEffectiveClause(&x.clauses[h.idx]))
		})
	}
	if q.Offset >= len(hs) {
		return out, nil
	}
	hs = hs[q.Offset:]
	if len(hs) > limit {
		hs = hs[:limit]
	}
	for _, h := range hs {
		c := &x.clauses[h.idx]
		score := math.Round(h.score*1000) / 1000
		if math.IsInf(h.score, 1) {
			score = 1000 // a cited article: named by the question, not scored
		}
		via := ""
		if tr != nil {
			// Not for a clause holding none of the translation's terms: a
			// trial saw an empty "(translation: )" under an English
			// treaty's article.
			if v := tr.via(c); v != "" {
				via = "translation: " + v
			}
		}
		if sub, ok := quantityPart[h.idx]; ok {
			pc := c.public()
			p := pc.Parts[sub]
			var hl []bot.Span
			for _, sp := range highlight(qa, c) {
				if sp.Start >= p.Start && sp.End <= p.End {
					hl = append(hl, bot.Span{Start: sp.Start - p.Start, End: sp.End - p.Start})
				}
			}
			pc.Text, pc.Ref, pc.Parts, pc.Lead = pc.Text[p.Start:p.End], p.Ref, nil, ""
			out.Hits = append(out.Hits, bot.Hit{Clause: pc, Score: score, Highlights: hl, Via: via})
			continue
		}
		if sub, ok := citedParts[h.idx]; ok && math.IsInf(h.score, 1) {
			// "网络安全法第二十二条第二款", "Article 4(2)": the paragraph cited,
			// under its own reference, as the clause command gives it.
			pc := c.public()
			p := pc.Parts[sub]
			pc.Text, pc.Ref, pc.Parts, pc.Lead = pc.Text[p.Start:p.End], p.Ref, nil, ""
			out.Hits = append(out.Hits, bot.Hit{Clause: pc, Score: score, Via: via})
			continue
		}
		out.Hits = append(out.Hits, bot.Hit{Clause: c.public(), Score: score, Highlights: highlight(qa, c), Via: via})
	}
	return out, nil
}

// near returns the best of the ranked candidates all (rank's order) that
// keep holds, up to maxNear, covering at least MinNearCoverage: the near
// clauses of a question Search abstains on (bot.Results.Near). Each is
// scored and highlighted as a hit would be.
//
// A question of alphabetic words only (English, Russian) gets none: its
// words are matched whole, one common word covers much of a short
// question: of the 35 English and Russian off-topic messages of
// testdata/offtopic.jsonl, 10 were offered near clauses that way ("Who
// wrote Hamlet?", "Спасибо большое!" → Статья 45), against 4 of 9 Russian
// false abstentions whose clause was near (testdata/russian.jsonl) and
// none of the English sets' 19.
func (x *Index) near(qa question, all []scored, keep func(scored) bool) []bot.Hit {
	if !slices.ContainsFunc(qa.units, func(u unit) bool { return !u.word }) {
		return nil
	}
	var hits []bot.Hit
	for _, h := range all {
		if len(hits) == maxNear {
			break
		}
		if h.coverage < MinNearCoverage || !keep(h) {
			continue
		}
		if h.evidence < MinNearEvidence && !x.holdsAlt(qa, h.idx) {
			continue
		}
		c := &x.clauses[h.idx]
		hits = append(hits, bot.Hit{Clause: c.public(), Score: math.Round(h.score*1000) / 1000, Highlights: highlight(qa, c)})
	}
	return hits
}

// quantityPart returns the part (an index into the public clause's
// Parts) of clause i that answers quantity question qa: of the parts
// holding a number of the kind asked, the one holding the most of the
// question's units, when one alone does. ok is false for a clause of
// fewer than two parts, or when no part or several tie.
func (x *Index) quantityPart(qa question, i int, asked quantityAsk) (int, bool) {
	pc := x.clauses[i].public()
	if len(pc.Parts) < 2 {
		return 0, false
	}
	best, most, ties := -1, 0, 0
	for pi, p := range pc.Parts {
		t := pc.Text[p.Start:p.End]
		if !asked.holds(t) {
			continue
		}
		norm := normalizeString(t)
		n := 0
		for _, u := range qa.units {
			if strings.Contains(norm, u.text) {
				n++
			}
		}
		switch {
		case n > most:
			best, most, ties = pi, n, 1
		case n == most && n > 0:
			b := pc.Parts[best]
			switch {
			case p.Start >= b.Start && p.End <= b.End:
				best = pi // an item of the paragraph: the innermost
			case b.Start >= p.Start && b.End <= p.End:
				// the paragraph of the item already chosen
			default:
				ties++
			}
		}
	}
	if best < 0 || ties != 1 {
		return 0, false
	}
	return best, true
}

// weakDirect reports whether the direct hits leave room for a translated
// answer: there are none, or no article is cited and the best covers less
// than weakCoverage of the question. With English documents in the folder,
// an English question about a Chinese one was answered by an English
// treaty's clause sharing a common word with it ("Cooperation on the
// Harmony operating system" → the plant genetic resources treaty's
// Article 19, coverage 0.55, where the seed's 鸿蒙 clause covers it
// through translation), and the dictionary was never tried. The
// translated hits then replace the direct ones when their best covers
// more of the question.
func weakDirect(hs []scored, cited []int) bool {
	return len(hs) == 0 || len(cited) == 0 && hs[0].coverage < weakCoverage
}

// weakCoverage: measured on every set at 0.7, 0.8, 0.9 and 1.01 (always
// compared): hit@1 is the same at each (testdata/english_mixed.jsonl, a
// trial's English questions over the seed and testdata/documents, 0.620
// → 0.660; no other set changes); 0.8 spares the dictionary when a direct
// answer covers most of the question.
const weakCoverage = 0.8

// rank retrieves the BM25 candidates for an analysed question and scores
// each by BM25 × coverage², best first, with no abstention cut-off.
func (x *Index) rank(ctx context.Context, qa question) ([]scored, error) {
	bq, dropped, bound := x.bleveQuery(qa)
	n := candidates
	if dropped || qa.wide {
		// BM25 saw only part of the question: let coverage choose from more.
		n = moreCandidates
	}
	// bleve allocates its match pool for n hits whatever the number found,
	// and on a small corpus such as the seed most questions match far
	// fewer than n clauses: asking for no more than can match returns the
	// same hits for less garbage.
	if bound == 0 {
		return nil, nil
	}
	n = int(min(int64(n), bound))
	req := bleve.NewSearchRequestOptions(bq, n, 0, false)
	if x.bm25 != nil {
		ctx = context.WithValue(ctx, search.BM25StatsKey, x.bm25)
	}
	res, err := searchIndex(ctx, x.bi, req)
	if err != nil {
		x.markDamaged(err)
		return nil, fmt.Errorf("index: search: %w", err)
	}
	weights, spec := x.unitWeights(qa)
	named := unitRegions(qa)
	demote := !asksLiability(qa)
	promote := asksPenalty(qa)
	definition := asksDefinition(qa)
	hs := make([]scored, 0, len(res.Hits))
	var buf []byte
	var fd found
	for _, h := range res.Hits {
		i := x.clauseOf(h.ID)
		if i < 0 {
			continue
		}
		c := &x.clauses[i]
		buf = c.appendNorm(buf[:0])
		nn := len(buf)
		buf = append(append(buf, c.ctx...), c.hctx...)
		// The text coverage searches, without a new string per candidate:
		// it lives only for this call and buf is not written meanwhile.
		text := unsafe.String(unsafe.SliceData(buf), len(buf))
		spec.find.scan(text, nn, &fd)
		cov, ev := x.coverage(qa, weights, spec, c, text[:nn], text, &fd, x.partyUnits(named, i))
		score := h.Score * cov * cov
		if tc := titleCoverage(qa, weights, c, text[:nn]); tc > 0 {
			score *= 1 + titleWeight*tc
		}
		if demote && inLiability(c) {
			score *= liabilityWeight
		} else if promote && inLiability(c) {
			score /= liabilityWeight
		}
		if definition && definesUnit(qa, text[:nn]) {
			score *= definitionWeight
		}
		hs = append(hs, scored{idx: i, score: score, coverage: cov, evidence: ev})
	}
	sortHits(hs)
	return hs, nil
}

// firstWithin puts first the best of the top candidates of which answers
// holds, when it covers the question nearly as well as the first
// (answerSlack): its words match as well, and it is the kind of clause
// the question asks for (a rule of jurisdiction for "去哪个法院起诉", a
// treaty's closing formula for "Where was it signed?").
func firstWithin(hs []scored, answers func(scored) bool) []scored {
	if len(hs) == 0 || answers(hs[0]) {
		return hs
	}
	for i, h := range hs[:min(len(hs), defaultLimit)] {
		if i > 0 && h.coverage >= hs[0].coverage-answerSlack && answers(h) {
			copy(hs[1:i+1], hs[:i])
			hs[0] = h
			break
		}
	}
	return hs
}

// answerSlack is how much less of the question a clause of the kind asked
// may cover and still go first (firstWithin): a tenth of it, about one
// question word of the usual five to ten.
const answerSlack = 0.1

// inClosing reports whether clause i is a treaty's closing formula (see
// closingHeading).
func (x *Index) inClosing(i int) bool {
	c := &x.clauses[i]
	if c.sec < 0 {
		return false
	}
	switch c.doc.sections[c.sec].Label {
	case closingTestimonium, closingRu, closingFr:
		return true
	}
	return false
}

// unitWeights weighs each question unit by its rarity in the corpus (BM25's
// idf): a unit the corpus never contains weighs the most, which is what
// makes an off-topic question ("世界杯冠军是谁") fail coverage even when one
// of its bigrams (世界) happens to occur.
//
// spec is how specific each unit is, 0..1: the lesser of its corpus rarity
// (as a share of the largest idf) and its rarity in general language
// (generalRarity). A word can be rare in a small corpus by accident (今天,
// 风险 and 莫斯科 occur in one clause each of the seed) while it says
// little about a question; 钾肥, 鸿蒙 or 网络安全 are rare in both.
func (x *Index) unitWeights(q question) (w []float64, spec specs) {
	n := float64(len(x.clauses))
	top := math.Log(1 + (n+0.5)/0.5)
	idf := func(u unit) float64 {
		df := float64(x.unitDF(u))
		return math.Log(1 + (n-df+0.5)/(df+0.5))
	}
	// Missing predicates weigh less only beside two other words: "你喜欢
	// 俄罗斯吗" is 俄罗斯 and a verb, not a question about Russia.
	// (Counted only for a question with a missing word: the predicate
	// list is then read, and a question without one pays nothing for it.)
	nouns := -1
	countNouns := func() int {
		if nouns < 0 {
			nouns = 0
			for _, u := range q.units {
				if u.word || utf8.RuneCountInString(u.text) > 1 && !isPredicate(u.text) {
					nouns++
				}
			}
		}
		return nouns
	}
	w = make([]float64, len(q.units))
	spec.units = make([]float64, len(q.units))
	for i, u := range q.units {
		w[i] = idf(u)
		if !u.word && x.unitDF(u) == 0 && (isPredicate(u.text) || utf8.RuneCountInString(u.text) == 1) && countNouns() >= 2 && !inAlt(q, u) {
			w[i] *= absentPredicateWeight
		}
		if u.word || utf8.RuneCountInString(u.text) > 1 {
			spec.units[i] = min(w[i]/top, generalRarity(u))
		}
	}
	// The words of a hyphenated compound (Санкт-Петербург, cross-border)
	// name one thing: together they weigh as their heaviest part, shared
	// equally, so that a place name of two words does not cover twice
	// what a one-word name would ("закат в Санкт-Петербурге" matched a
	// clause naming the city with 0.63 of its weight).
	for i := 0; i < len(q.units); {
		j := i + 1
		for j < len(q.units) && q.units[j-1].word && q.units[j].word && q.units[j].start == q.units[j-1].end+1 && q.runes[q.units[j-1].end] == '-' {
			j++
		}
		if j-i > 1 {
			heaviest := slices.Max(w[i:j])
			for k := i; k < j; k++ {
				w[k] = heaviest / float64(j-i)
			}
		}
		i = j
	}
	spec.chains = make([]float64, len(q.chains))
	for i, u := range q.chains {
		// No more specific than its rarest character: 鸿 and 蒙 of a split
		// 鸿蒙 are rare in the documents, while 中|俄|两|国, each in half
		// the seed's clauses, made a rare string of four common characters
		// ("中俄两国今年的GDP增速" was answered by the one clause writing
		// 中俄两国).
		chars := 0.0
		for _, v := range q.units {
			if u.start <= v.start && v.end <= u.end {
				chars = max(chars, idf(v)/top)
			}
		}
		spec.chains[i] = min(idf(u)/top, generalRarity(u), chars)
		// Its shorter runs too: "像鸿蒙这种手机" chained 像|鸿|蒙, and no
		// clause writes 像鸿蒙 as a word, while 鸿蒙 is the question's
		// subject.
		rs := []rune(u.text)
		for n := len(rs) - 1; n >= 2; n-- {
			for at := 0; at+n <= len(rs); at++ {
				v := unit{text: string(rs[at : at+n]), start: u.start + at, end: u.start + at + n}
				chars := 0.0
				for _, w := range q.units {
					if v.start <= w.start && w.end <= v.end {
						chars = max(chars, idf(w)/top)
					}
				}
				if sp := min(idf(v)/top, generalRarity(v), chars); sp > 0 {
					spec.subChains = append(spec.subChains, pendingEvidence{sp, v.text})
				}
			}
		}
	}
	// the adjacent pairs of specific Chinese words (see coverage)
	if !q.translated {
		for i := 0; i+1 < len(q.units); i++ {
			u, v := q.units[i], q.units[i+1]
			if u.word || v.word || u.end != v.start || spec.units[i] == 0 || spec.units[i+1] == 0 {
				continue
			}
			if spec.pairs == nil {
				spec.pairs = make([]string, len(q.units)-1)
			}
			spec.pairs[i] = u.text + v.text
		}
	}
	spec.shared = make([]string, len(q.units))
	for i, u := range q.units {
		for k, v := range q.units {
			if k == i || v.word {
				continue
			}
			for _, r := range v.text {
				if strings.ContainsRune(u.text, r) && !strings.ContainsRune(spec.shared[i], r) {
					spec.shared[i] += string(r)
				}
			}
		}
	}
	spec.partial = make([]partialPieces, len(q.units))
	for i, u := range q.units {
		if !u.word {
			spec.partial[i] = x.partialOf(u.text, spec.shared[i])
		}
	}
	// A match through a synonym is no more specific than the term
	// matched: a question word the documents never use (so rare in the
	// corpus) found as a common alternative is common evidence. Taking
	// the term's specificity when it is the higher of the two was
	// measured too and lost: own off-topic abstention 32/32 → 31/32,
	// held-out 7/10 → 5/10, own English 16/16 → 13/16.
	spec.alts = make([][]float64, len(q.alts))
	for i, a := range q.alts {
		if wordsWithin(q, a.start, a.end) >= 2 && isHan(string(q.runes[a.start:a.end])) {
			if spec.compounds == nil {
				spec.compounds = make([]string, len(q.alts))
			}
			spec.compounds[i] = string(q.runes[a.start:a.end])
		}
		spec.alts[i] = make([]float64, len(a.terms))
		for k, t := range a.terms {
			u := unit{text: t, word: classify([]rune(t)[0]) == classWord}
			if u.word {
				u.text = stem(t)
			}
			if (u.word || utf8.RuneCountInString(t) > 1) && !a.everyday {
				spec.alts[i][k] = min(idf(u)/top, generalRarity(u))
			}
		}
	}
	spec.needles(q)
	return w, spec
}

// needles makes spec.find, the strings coverage looks for, and numbers
// them in the needle fields.
func (spec *specs) needles(q question) {
	f := &finder{}
	spec.unitNeedle = make([]int32, len(q.units))
	for i, u := range q.units {
		spec.unitNeedle[i] = -1
		if !u.word {
			spec.unitNeedle[i] = f.add(u.text)
		}
		p := &spec.partial[i]
		for _, b := range p.bigrams {
			p.bi = append(p.bi, f.add(b))
		}
		for _, c := range p.chars {
			p.ch = append(p.ch, f.add(c))
		}
	}
	spec.altNeedle = make([][]int32, len(q.alts))
	spec.altStems = make([][][]string, len(q.alts))
	for i, a := range q.alts {
		spec.altNeedle[i] = make([]int32, len(a.terms))
		spec.altStems[i] = make([][]string, len(a.terms))
		for k, t := range a.terms {
			spec.altNeedle[i][k] = -1
			if plainTerm(t) {
				spec.altNeedle[i][k] = f.add(t)
			} else {
				spec.altStems[i][k] = termStems(t)
			}
		}
	}
	if spec.compounds != nil {
		spec.compoundNeedle = make([]int32, len(spec.compounds))
		for i, t := range spec.compounds {
			spec.compoundNeedle[i] = -1
			if t != "" {
				spec.compoundNeedle[i] = f.add(t)
			}
		}
	}
	if spec.pairs != nil {
		spec.pairNeedle = make([]int32, len(spec.pairs))
		for i, p := range spec.pairs {
			spec.pairNeedle[i] = -1
			if p != "" {
				spec.pairNeedle[i] = f.add(p)
			}
		}
	}
	f.seal()
	spec.find = f
}

// plainTerm reports whether containsTerm(text, t) is
// strings.Contains(text, t): t is not empty and neither starts nor ends
// with an alphabetic rune, so no word boundary is checked (a Chinese
// term).
func plainTerm(t string) bool {
	if t == "" {
		return false
	}
	first, _ := utf8.DecodeRuneInString(t)
	last, _ := utf8.DecodeLastRuneInString(t)
	return classify(first) != classWord && classify(last) != classWord
}

// specs holds the specificity of a question's units and chains, and of
// each synonym alternative's terms (see unitWeights); a lone Chinese
// character has none.
type specs struct {
	units, chains []float64
	alts          [][]float64 // [alt][term]
	// shared[i] holds the characters of unit i that other units of the
	// question hold too (see partialMatch).
	shared []string
	// subChains are the shorter runs of the chains of three or more lone
	// characters, with their specificity, as evidence (see unitWeights).
	subChains []pendingEvidence
	// partial[i] holds the pieces of unit i that partialMatch looks for.
	partial []partialPieces
	// pairs[i] is units i and i+1 written together when both are specific
	// Chinese words side by side in the question, else "" (nil: none).
	pairs []string
	// compounds[i] is the question's own spelling of alt i when that
	// synonym term spans two or more Chinese words of the question
	// (专项附加扣除 as 专项|附加|扣除; not 乱收集, 乱|收集, a verb and its
	// adverb), else "" (nil: none): see coverage.
	compounds []string
	// find holds the strings coverage looks for in each candidate, found
	// in one pass (see finder); the needle fields are their numbers in
	// it, -1 for none (an alphabetic unit, matched through the clause's
	// words; an alphabetic synonym term, through containsTerm).
	find       *finder
	unitNeedle []int32
	altNeedle  [][]int32 // [alt][term]
	// altStems[alt][term] are the stems of an alphabetic term's words
	// (termStems), held when the clause's words hold them all, in any
	// form: the term as written is looked for too (containsTerm).
	altStems       [][][]string
	compoundNeedle []int32 // when compounds is not nil
	pairNeedle     []int32 // when pairs is not nil
}

// coverage is the idf-weighted share of the question's units that the
// clause contains, and evidence the largest weight among the units it
// contains whole (see Search). A unit inside a synonym term of the question
// also counts when the clause contains one of the term's alternatives.
//
// norm is the clause's normalised text and text is norm + c.ctx + c.hctx:
// the context counts, at ctxCredit (see below). coverage keeps no
// reference to either. A clause without the question's head noun (see
// headNoun) has evidence 0. given marks units to count as held (see
// partyUnits), or is nil.
//
// Evidence that needs a word check (containsWord segments the clause
// around each occurrence, the costliest step of a query) is checked only
// where it can decide (needEvidence), most specific first, and stops at
// the first one held: on the seed's benchmark questions this took the
// share of a query's CPU spent in containsWord from 17% to 4%.
func (x *Index) coverage(q question, weights []float64, spec specs, c *clause, norm, text string, fd *found, given []bool) (cov, evidence float64) {
	altOK := make([]bool, len(q.alts))
	altSpec := make([]float64, len(q.alts)) // of the most specific term matched
	for i, a := range q.alts {
		for k, t := range a.terms {
			if n := spec.altNeedle[i][k]; n >= 0 && fd.has(n) || n < 0 && (containsTerm(text, t) || holdsStems(c.words, text, spec.altStems[i][k])) {
				altOK[i] = true
				if k < len(spec.alts[i]) {
					altSpec[i] = max(altSpec[i], spec.alts[i][k])
				}
			}
		}
	}
	// A synonym term of several words names one thing (专项附加扣除, 劳动仲裁,
	// 数字人民币): where the clause holds neither it nor an alternative,
	// its words count toward coverage but are no evidence, since 专项 of a
	// clause on 专项资金 or 仲裁 of one on commercial arbitration is not
	// what was asked about.
	var partOnly []bool
	for i, t := range spec.compounds {
		if t != "" && !altOK[i] && !fd.has(spec.compoundNeedle[i]) {
			if partOnly == nil {
				partOnly = make([]bool, len(q.alts))
			}
			partOnly[i] = true
		}
	}
	inPartOnly := func(start, end int) bool {
		for j, p := range partOnly {
			if p && q.alts[j].start <= start && end <= q.alts[j].end {
				return true
			}
		}
		return false
	}
	var got, total float64
	headMissing := false
	var pendingBuf [8]pendingEvidence
	pending := pendingBuf[:0]
	for i, u := range q.units {
		total += weights[i]
		ok := false
		if u.word {
			_, ok = slices.BinarySearch(c.words, u.text)
		} else {
			ok = fd.has(spec.unitNeedle[i])
		}
		if !ok && given != nil && given[i] {
			total -= weights[i] // a party of its document it does not name (see partyUnits)
			continue
		}
		uspec := spec.units[i]
		everydayWord := false // an alphabetic word held only through an everyday synonym
		for j, a := range q.alts {
			if !ok && altOK[j] && a.start <= u.start && u.end <= a.end {
				ok = true
				uspec = min(uspec, altSpec[j])
				everydayWord = u.word && a.everyday
			} else if ok && u.word && altOK[j] && !a.everyday && a.start <= u.start && u.end <= a.end {
				// An alphabetic word is no evidence by itself (see
				// generalRarity), but one the synonyms make a name of a
				// term the clause also writes (PPP, 政府和社会资本合作) is
				// as specific as that term.
				uspec = max(uspec, altSpec[j])
			}
		}
		if ok && !u.word && !fd.hasNorm(spec.unitNeedle[i]) && !altOK0(q, altOK, u) {
			// Only the headings above hold it: what the clause is about,
			// less surely than its own words, and no specific evidence.
			got += weights[i] * ctxCredit
			continue
		}
		if !ok && headNoun(q, u) {
			headMissing = true
		}
		if ok && everydayWord {
			got += weights[i] * wordAltCredit
		} else if ok {
			got += weights[i]
			// Evidence only where the clause holds the word as a word:
			// 内存 in 境内|存储 is not. (Checked only where it could
			// decide: evidence under both bars is never used.)
			if uspec > evidence && !inPartOnly(u.start, u.end) {
				if u.word || uspec != spec.units[i] || uspec < min(MinEvidence, MinTranslatedEvidence) {
					evidence = uspec
				} else {
					pending = append(pending, pendingEvidence{uspec, u.text})
				}
			}
		} else if !u.word {
			got += weights[i] * partialMatch(fd, spec.partial[i])
		}
	}
	for i, u := range q.chains {
		if spec.chains[i] > 0 && !inPartOnly(u.start, u.end) {
			pending = append(pending, pendingEvidence{spec.chains[i], u.text})
		}
	}
	pending = append(pending, spec.subChains...)
	// Two adjacent question words that the clause writes together (行业协会
	// of "行业协会能不能带着会员一起定价") are a term, more specific than
	// either: its evidence is the noisy-or of theirs, the chance that not
	// both are common. Each alone (行业 0.47, 协会 0.53) was under
	// MinEvidence, and a clause holding one rarer word (会员 0.59, of 商会、
	// 协会 … 会员) answered instead. Measured: testdata/fresh's documents
	// paraphrases 0.500 → 0.528, no set lower; TestEvidenceMargin's fewest
	// errors 6 → 5 at the same bars. Not in a translated question: there
	// the pieces of one headword the segmenter split (处理|能力 of
	// 处理能力, for "processing") sit side by side, and a clause writing the
	// headword counted as holding a compound ("What about timber
	// processing investment projects in Russia?" found the postal clause
	// 二·50 instead of 二·42 on timber: testdata/fresh2/english_seed.jsonl 0.800 →
	// 0.760).
	for i, p := range spec.pairs {
		if p != "" {
			if e := 1 - (1-spec.units[i])*(1-spec.units[i+1]); e > evidence && fd.hasNorm(spec.pairNeedle[i]) {
				evidence = e
			}
		}
	}
	if total == 0 {
		return 0, 0
	}
	if headMissing {
		return got / total, 0
	}
	cov = got / total
	if len(pending) > 0 && (q.allEvidence || needEvidence(q, cov)) {
		slices.SortFunc(pending, func(a, b pendingEvidence) int { return cmp.Compare(b.spec, a.spec) })
		for _, p := range pending {
			if p.spec <= evidence {
				break
			}
			if containsWord(text, p.text) {
				evidence = p.spec
				break
			}
		}
	}
	return cov, evidence
}

// pendingEvidence is a unit or chain the clause holds as a string, whose
// specificity counts as evidence only if the clause holds it as a word.
type pendingEvidence struct {
	spec float64
	text string
}

// needEvidence reports whether a candidate's evidence can decide whether
// it answers (scored.answers; searchTranslated's cut for a translated
// question): coverage at MinCoverage answers whatever its evidence, and
// under MinSpecificCoverage none does.
func needEvidence(q question, cov float64) bool {
	return q.translated || cov >= MinSpecificCoverage && cov < MinCoverage
}

// titleCoverage is the idf-weighted share of the question's units that an
// article's own title holds ("Статья 65. Водоохранные зоны и прибрежные
// защитные полосы"), 0 for a clause without one. A title says what the
// whole article is about, while BM25 scores a long article's words low
// (length normalisation): "Что такое водоохранная зона?" found Статья 61,
// which mentions such zones once, over Статья 65, titled so. rank
// multiplies the score by 1 + titleWeight × titleCoverage.
//
// titleWeight was measured: at 1, testdata/russian.jsonl lost a question
// to an article whose title shares one word with it (Сколько банк может
// выдать со вклада умершего на похороны? → Статья 1128, "…денежные
// средства в банках"); at 0.5 no set loses one, and two of a fresh-user
// trial's questions, written before they were run, find the article
// titled with their words (Что такое водоохранная зона?, Водоохранные
// зоны и прибрежные защитные полосы: Статья 61 and 25 before).
const titleWeight = 0.5

// The title is in the article's heading, its lines before its first
// paragraph (see docTree.article, headingLines); a Chinese article's
// "第十条" before its first 款 counts too, and holds no question word but a
// citation's. An English or Russian heading's number is not a title word.
func titleCoverage(q question, weights []float64, c *clause, norm string) float64 {
	n := headingLines(c, norm)
	if n == 0 {
		return 0
	}
	line := norm
	for i, at := 0, 0; i < n; i++ {
		j := strings.IndexByte(line[at:], '\n')
		if j < 0 {
			break
		}
		at += j
		if i == n-1 {
			line = line[:at]
			break
		}
		at++
	}
	if m := reArticleLabel().FindStringIndex(line); m != nil {
		line = line[m[1]:]
	}
	if strings.TrimSpace(line) == "" {
		return 0
	}
	var words []string
	var got, total float64
	for i, u := range q.units {
		total += weights[i]
		if u.word {
			if words == nil {
				words = clauseWords([]rune(line))
			}
			if _, ok := slices.BinarySearch(words, u.text); ok {
				got += weights[i]
			}
		} else if utf8.RuneCountInString(u.text) > 1 && strings.Contains(line, u.text) {
			got += weights[i]
		}
	}
	if total == 0 {
		return 0
	}
	return got / total
}

// reArticleLabel matches an English or Russian article's number at the
// start of its normalised heading: "статья 65. ", "article 10 — ".
var reArticleLabel = lazyre.New(`^(?:статья|стаття|article|artikel|artículo|articolo|artigo)\s*[0-9ivxlc][^\s.:]*[\s.:\-–—/]*`)

// headingLines is how many lines of a clause's text (norm, normalised)
// are an article's heading (0 for none): those before its first
// paragraph; for an article with no paragraphs of its own counted, its
// first line when it holds a title ("Статья 8. Вступление в силу …"), and
// the next when that is its title under a bare number ("Article 12" then
// "Notifications": the title its context ends with, see docTree.add).
func headingLines(c *clause, norm string) int {
	if c.more != nil && len(c.more.Parts) > 0 {
		if st := c.more.Parts[0].Start; st > 0 {
			return max(1, strings.Count(c.Text[:st], "\n"))
		}
		return 0
	}
	first, rest, ok := strings.Cut(c.Text, "\n")
	if !ok {
		return 0
	}
	m := markLine(spaceFold(first))
	switch {
	case m.kind != nodeArticle:
		return 0
	case m.title != "":
		return 1
	}
	if !strings.Contains(rest, "\n") {
		return 0 // a title is never all of an article's text
	}
	_, rest, _ = strings.Cut(norm, "\n")
	second, _, _ := strings.Cut(rest, "\n")
	if second = strings.TrimSpace(second); second != "" && strings.HasSuffix(c.ctx, " "+second) {
		return 2
	}
	return 0
}

// headNoun reports whether a question unit is the head of an associative
// phrase, X的Y: a noun of two or more characters (not isPredicate) right
// after 的. The phrase names Y, and X only says whose or which Y
// (Li & Thompson, Mandarin Chinese, 1981, §5.1: the modifier precedes 的,
// the head follows it): "李克强的老家在哪里" asks about a home town, and a
// clause naming 李克强 but no 老家 is no answer, however rare 李克强 is.
// So a clause that lacks the head has no specific evidence (see
// coverage); it may still answer by coverage.
//
// Measured on every question set (hit@1): held-out 0.633 → 0.700
// ("大豆的营养价值有哪些", "李克强的老家在哪里" now abstain), no set lower.
func headNoun(q question, u unit) bool {
	return !u.word && u.start > 0 && q.runes[u.start-1] == '的' && utf8.RuneCountInString(u.text) > 1 && !isPredicate(u.text)
}

// containsWord reports whether text holds chain, a run of Chinese
// characters, as a word of its own somewhere: not straddling two words, as
// 全责 does in 健全|责任 ("建立健全责任考核体系" is no evidence about fault
// in an accident). Each occurrence is checked by segmenting a window of a
// few characters around it and requiring the segmentation to cut at both
// its ends.
func containsWord(text, chain string) bool {
	const margin = 12 // runes of context on each side, within the run of Chinese
	for off := 0; ; {
		i := strings.Index(text[off:], chain)
		if i < 0 {
			return false
		}
		i += off
		start := i
		for k := 0; k < margin && start > 0; k++ {
			r, n := utf8.DecodeLastRuneInString(text[:start])
			if !unicode.Is(unicode.Han, r) {
				break
			}
			start -= n
		}
		end := i + len(chain)
		for k := 0; k < margin && end < len(text); k++ {
			r, n := utf8.DecodeRuneInString(text[end:])
			if !unicode.Is(unicode.Han, r) {
				break
			}
			end += n
		}
		cutStart, cutEnd := false, false
		pos := start
		for _, w := range segmentWords(text[start:end]) {
			cutStart = cutStart || pos == i
			pos += len(w)
			cutEnd = cutEnd || pos == i+len(chain)
		}
		if cutStart && cutEnd {
			return true
		}
		off = i + len(chain)
	}
}

// altOK0 reports whether a synonym alternative of the question covers u.
func altOK0(q question, altOK []bool, u unit) bool {
	for j, a := range q.alts {
		if altOK[j] && a.start <= u.start && u.end <= a.end {
			return true
		}
	}
	return false
}

// partialMatch gives a Chinese word the clause does not contain whole some
// credit for its parts: the share of its bigrams the clause contains, or
// half the share of its characters, whichever is more ("抗疫" in a clause
// about "抗击疫情"; "自驾车" in one about "自驾…车辆").
//
// A character that another unit of the question also holds earns nothing:
// in 今天天气 the 天 of 天气 would otherwise be found in the clause's 今天,
// the other word's own match, counted twice.
func partialMatch(fd *found, p partialPieces) float64 {
	if p.n < 2 {
		return 0
	}
	bi, ch := 0, 0
	for _, b := range p.bi {
		if fd.has(b) {
			bi++
		}
	}
	for _, c := range p.ch {
		if fd.has(c) {
			ch++
		}
	}
	return max(float64(bi)/float64(p.n-1), 0.5*float64(ch)/float64(p.n))
}

// partialPieces are the pieces of a question word that partialMatch
// looks for in a candidate: its bigrams, and its characters that no
// other unit of the question holds (shared), each only if some clause
// holds it (x.df), since a piece no clause holds is in no candidate. n is
// the word's length in runes.
type partialPieces struct {
	bigrams, chars []string
	bi, ch         []int32 // their numbers in specs.find
	n              int
}

// partialOf makes word's partialPieces, once per question (see unitWeights).
func (x *Index) partialOf(word, shared string) partialPieces {
	var offBuf [16]int
	offs := offBuf[:0]
	for i := range word {
		offs = append(offs, i)
	}
	p := partialPieces{n: len(offs)}
	if p.n < 2 {
		return p
	}
	offs = append(offs, len(word))
	for i := 0; i < p.n; i++ {
		if r := word[offs[i]:offs[i+1]]; !strings.Contains(shared, r) && x.df[r] > 0 {
			p.chars = append(p.chars, r)
		}
		if i+1 < p.n {
			if b := word[offs[i]:offs[i+2]]; x.df[b] > 0 {
				p.bigrams = append(p.bigrams, b)
			}
		}
	}
	return p
}

// unitDF estimates how many clauses contain a unit: exact for characters,
// bigrams and alphabetic words; for a longer Chinese word, the count of its
// rarest bigram (an upper bound).
func (x *Index) unitDF(u unit) int32 {
	if df, ok := x.df[u.text]; ok || u.word {
		return df
	}
	rs := []rune(u.text)
	if len(rs) <= 2 {
		return 0
	}
	min := int32(math.MaxInt32)
	for i := 0; i+1 < len(rs); i++ {
		if df := x.df[string(rs[i:i+2])]; df < min {
			min = df
		}
	}
	return min
}

// containsTerm reports whether normalised text contains term, as whole words
// for alphabetic terms. It looks only at the runes either side of each
// occurrence (what wordBounded looks at), so no rune slice of the text is
// made.
func containsTerm(text, term string) bool {
	for off := 0; ; {
		i := strings.Index(text[off:], term)
		if i < 0 {
			return false
		}
		i += off
		if wordBoundedAt(text, i, i+len(term)) {
			return true
		}
		off = i + len(term)
	}
}

// wordBoundedAt is wordBounded for the bytes [start, end) of s, a
// non-empty match of whole runes.
func wordBoundedAt(s string, start, end int) bool {
	if start >= end {
		return true
	}
	first, _ := utf8.DecodeRuneInString(s[start:])
	if classify(first) == classWord && start > 0 {
		if before, _ := utf8.DecodeLastRuneInString(s[:start]); classify(before) == classWord {
			return false
		}
	}
	last, _ := utf8.DecodeLastRuneInString(s[:end])
	if classify(last) == classWord && end < len(s) {
		if after, _ := utf8.DecodeRuneInString(s[end:]); classify(after) == classWord {
			return false
		}
	}
	return true
}

// clauseWords returns the stems of the alphabetic words of normalised
// text, sorted and unique, or nil if it has none.
func clauseWords(rs []rune) []string {
	var ws []string
	for _, r := range runs(rs) {
		if r.class == classWord {
			ws = append(ws, stem(string(rs[r.start:r.end])))
		}
	}
	slices.Sort(ws)
	return slices.Compact(ws)
}

// highlight marks the clause runes that match the question's units (or a
// synonym alternative) and returns them as merged byte spans of the
// original text.
func highlight(q question, c *clause) []bot.Span {
	norm := c.normalized()
	rs := norm.runes
	mark := make([]bool, len(rs))
	markAll := func(pat []rune, whole bool) {
		if len(pat) == 0 {
			return
		}
		for i := 0; i+len(pat) <= len(rs); i++ {
			if rs[i] != pat[0] || !runesEqual(rs[i:i+len(pat)], pat) {
				continue
			}
			if whole && !wordBounded(rs, i, i+len(pat)) {
				continue
			}
			for j := i; j < i+len(pat); j++ {
				mark[j] = true
			}
		}
	}
	var stems map[string]bool
	for _, u := range q.units {
		if u.word {
			if stems == nil {
				stems = map[string]bool{}
			}
			stems[u.text] = true
		}
	}
	if stems != nil {
		// Alphabetic words match by stem: "cooperate" marks "cooperation".
		for _, r := range runs(rs) {
			if r.class == classWord && stems[stem(string(rs[r.start:r.end]))] {
				for j := r.start; j < r.end; j++ {
					mark[j] = true
				}
			}
		}
	}
	for _, u := range q.units {
		rs := []rune(u.text)
		if u.word {
			continue
		}
		if len(rs) == 1 {
			markAll(rs, false)
			continue
		}
		// A word's bigrams, so a partial match is marked too; a lone
		// character of a longer word is too weak to mark.
		for i := 0; i+1 < len(rs); i++ {
			markAll(rs[i:i+2], false)
		}
	}
	for _, a := range q.alts {
		for _, t := range a.terms {
			markAll([]rune(t), true)
		}
	}
	spans := []bot.Span{}
	for i := 0; i < len(rs); {
		if !mark[i] {
			i++
			continue
		}
		j := i
		for j < len(rs) && mark[j] {
			j++
		}
		s, e := norm.span(i, j)
		// Words apart only by spaces read as one match: "satellite
		// navigation", not "satellite" and "navigation".
		if n := len(spans); n > 0 && strings.TrimSpace(c.Text[spans[n-1].End:s]) == "" {
			spans[n-1].End = e
		} else {
			spans = append(spans, bot.Span{Start: s, End: e})
		}
		i = j
	}
	return spans
}

func runesEqual(a, b []rune) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// ruStemIn returns a Russian word's Snowball stem, or, when no document
// holds it, the longest stem of at least ruMinStem letters that a
// document does hold, the stem shortened by at most ruMaxTrim letters:
// Snowball strips inflection but not derivation, so the verb выгуливать
// (stem выгулива) missed the noun выгул of "Выгул домашних животных", and
// a question in verbs found no clause in nouns. Other words are returned
// as they are.
func (x *Index) ruStemIn(st string) string {
	rs := []rune(st)
	if len(rs) <= ruMinStem || !unicode.Is(unicode.Cyrillic, rs[0]) || x.df[st] > 0 {
		return st
	}
	if last := rs[len(rs)-1]; !strings.ContainsRune("аеёиоуыэюяйь", last) && !strings.ContainsRune("аеёиоуыэюя", rs[len(rs)-2]) {
		// A fleeting vowel (поводок, поводке → поводк; конец, конца →
		// конц): the form with it.
		for _, v := range []string{"о", "е"} {
			if p := string(rs[:len(rs)-1]) + v + string(last); x.df[p] > 0 {
				return p
			}
		}
	}
	for n := len(rs) - 1; n >= ruMinStem && n >= len(rs)-ruMaxTrim; n-- {
		if p := string(rs[:n]); x.df[p] > 0 {
			return p
		}
	}
	return st
}

// ruMinStem and ruMaxTrim bound ruStemIn's shortening: a stem of five
// letters is a root (выгул, повод), shorter ones are too ambiguous to
// stand for a longer word. With them no question of any set changed
// (testdata/russian.jsonl, the off-topic sets' Russian questions
// included); the forms fixed are a trial's.
const (
	ruMinStem = 5
	ruMaxTrim = 3
)

// wordsWithin counts the question's units of two or more runes inside
// runes [start, end).
func wordsWithin(q question, start, end int) int {
	n := 0
	for _, u := range q.units {
		if start <= u.start && u.end <= end && u.end-u.start >= 2 {
			n++
		}
	}
	return n
}

// holdsAlt reports whether clause i holds an alternative of one of the
// question's synonym terms.
func (x *Index) holdsAlt(qa question, i int) bool {
	c := &x.clauses[i]
	text := c.norm()
	for _, a := range qa.alts {
		for _, t := range a.terms {
			if containsTerm(text, t) {
				return true
			}
		}
	}
	return false
}

// inAlt reports whether unit u lies inside one of the question's synonym
// terms: the 店 of 网店, a piece of a term the clauses hold as an
// alternative, not a stray word of the asker's.
func inAlt(q question, u unit) bool {
	for _, a := range q.alts {
		if a.start <= u.start && u.end <= a.end && len(a.terms) > 0 {
			return true
		}
	}
	return false
}

// dropFaint removes the ranked hits after the first whose score is under
// faintScore of the best ranked one's: clauses that pass the cut-offs on
// one specific word the question shares with them (恶意 of
// "恶意低价倾销打压对手" brought two clauses scored 0.000 under the answer).
// Cited hits (score +Inf) stay, and so does the first ranked one.
func dropFaint(hs []scored) []scored {
	best := -1.0
	return slices.DeleteFunc(hs, func(h scored) bool {
		if math.IsInf(h.score, 1) {
			return false
		}
		if best < 0 {
			best = h.score
			return false
		}
		return h.score < best*faintScore
	})
}

// faintScore is the share of the best ranked hit's score under which a
// later hit is dropped (dropFaint). Measured on every eval set at 0.02,
// 0.05, 0.1, 0.2 and 0.3: up to 0.2 no set's hit@1, hit@3 or MRR@5
// changes; at 0.3 documents MRR@5 goes 0.837 → 0.836 (a gold clause at
// rank 3 goes). 0.1 is half the largest share that costs nothing.
const faintScore = 0.1

var wordAltCredit = func() float64 {
	v, err := strconv.ParseFloat(os.Getenv("CB_WAC"), 64)
	if err != nil {
		return 1
	}
	return v
}()
