package index

import (
	_ "embed"
	"math"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/russian"
)

// fieldBigram is the one view of a clause's text the bleve index keeps:
// overlapping bigrams of Chinese, stemmed alphabetic words.
//
// Retrieval work on Chinese (e.g. Kwok 1997; Luo & Song's comparisons of
// n-gram and word indexing) finds that combining word, bigram and
// single-character evidence beats any one of them: words are precise,
// bigrams survive segmentation errors and unknown names, and characters
// catch abbreviations ("中俄" for "中国和俄罗斯") and loose paraphrases.
// Here bigrams select candidates with BM25, and word and character
// evidence is applied in the re-ranking: coverage weighs the question's
// gse words, with partial credit for their bigrams and characters, against
// each candidate's text. Word and character fields in bleve cost two
// thirds of the build time (gse segmentation of every clause) and, measured
// on both question sets, changed no answer, hit@3 or MRR.
const fieldBigram = "b"

// ctxCredit is the share of a question unit's weight that a clause earns
// when only its context (the document's title, the headings above it)
// holds the unit: a heading says what the clause is about, less surely
// than its own words.
const ctxCredit = 0.5

// Names under which the analysis components are registered with bleve.
// The plain analyzers normalise first (for anyone analysing raw text); the
// index's mapping uses the "pre" ones, because clauses are normalised once
// in Go before indexing and doing it again per field cost a third of the
// analysis time.
const (
	normCharFilter  = "clausebot_normalize"
	wordTokenizer   = "clausebot_word"
	bigramTokenizer = "clausebot_bigram"
	charTokenizer   = "clausebot_char"
	wordAnalyzer    = "clausebot_word"
	bigramAnalyzer  = "clausebot_bigram"
	charAnalyzer    = "clausebot_char"
	preSuffix       = "_pre"
)

func init() {
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	must(registry.RegisterCharFilter(normCharFilter, func(map[string]any, *registry.Cache) (analysis.CharFilter, error) {
		return normalizeFilter{}, nil
	}))
	for _, c := range []struct {
		name string
		mode tokenMode
	}{{wordTokenizer, modeWord}, {bigramTokenizer, modeBigram}, {charTokenizer, modeChar}} {
		mode := c.mode
		must(registry.RegisterTokenizer(c.name, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
			return tokenizer{mode}, nil
		}))
	}
	for an, tn := range map[string]string{wordAnalyzer: wordTokenizer, bigramAnalyzer: bigramTokenizer, charAnalyzer: charTokenizer} {
		tn := tn
		for _, pre := range []bool{false, true} {
			name := an
			if pre {
				name += preSuffix
			}
			must(registry.RegisterAnalyzer(name, func(_ map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
				tok, err := cache.TokenizerNamed(tn)
				if err != nil {
					return nil, err
				}
				a := &analysis.DefaultAnalyzer{Tokenizer: tok}
				if !pre {
					cf, err := cache.CharFilterNamed(normCharFilter)
					if err != nil {
						return nil, err
					}
					a.CharFilters = []analysis.CharFilter{cf}
				}
				return a, nil
			}))
		}
	}
}

// normalizeFilter is the bleve char filter form of normalize.
type normalizeFilter struct{}

func (normalizeFilter) Filter(in []byte) []byte { return []byte(normalizeString(string(in))) }

type tokenMode int

const (
	modeWord   tokenMode = iota // gse words
	modeBigram                  // overlapping character pairs; a lone character stands alone
	modeChar                    // single characters
)

// tokenizer splits normalised text: Han runs by mode, alphabetic and
// numeric runs (Latin, Cyrillic, digits) always as whole words, stemmed
// (see stem).
type tokenizer struct{ mode tokenMode }

// Tokenize works on the bytes directly and allocates the tokens in one
// slice: it runs once per field per clause, and per-token allocations were
// a large share of index build time.
func (t tokenizer) Tokenize(in []byte) analysis.TokenStream {
	// Every token starts at a distinct rune, so the rune count bounds them.
	toks := make([]analysis.Token, 0, utf8.RuneCount(in))
	scanTokens(in, t.mode, func(start, end int, st string, typ analysis.TokenType) {
		term := in[start:end:end]
		if typ == analysis.AlphaNumeric && st != string(term) {
			term = []byte(st)
		}
		toks = append(toks, analysis.Token{Term: term, Start: start, End: end, Position: len(toks) + 1, Type: typ})
	})
	out := make(analysis.TokenStream, len(toks))
	for k := range toks {
		out[k] = &toks[k]
	}
	return out
}

// scanTokens calls emit for each token of normalised text in, in order,
// as tokenizer{mode} makes them: its byte span [start, end) of in, and its
// type. An alphabetic or numeric word (typ analysis.AlphaNumeric) comes
// with its stem (see stem), which is its term; every other token's term is
// in[start:end], and st is "". The tokenizer and clauseAnalyzer both
// tokenize with it, so that what a clause is indexed under is one thing.
func scanTokens(in []byte, mode tokenMode, emit func(start, end int, st string, typ analysis.TokenType)) {
	var offs []int // byte offsets of the current run's runes, and its end
	for i := 0; i < len(in); {
		r, n := utf8.DecodeRune(in[i:])
		c := classify(r)
		if c == classSep {
			i += n
			continue
		}
		offs = append(offs[:0], i)
		j := i + n
		for j < len(in) {
			r, n := utf8.DecodeRune(in[j:])
			if classify(r) != c {
				break
			}
			offs = append(offs, j)
			j += n
		}
		offs = append(offs, j)
		nr := len(offs) - 1
		switch {
		case c == classWord:
			emit(i, j, stem(string(in[i:j])), analysis.AlphaNumeric)
		case mode == modeChar:
			for k := 0; k < nr; k++ {
				emit(offs[k], offs[k+1], "", analysis.Ideographic)
			}
		case mode == modeBigram:
			if nr == 1 {
				emit(i, j, "", analysis.Ideographic)
			}
			for k := 0; k+1 < nr; k++ {
				emit(offs[k], offs[k+2], "", analysis.Double)
			}
		case mode == modeWord:
			k := i
			for _, w := range segmentWords(string(in[i:j])) {
				emit(k, k+len(w), "", analysis.Ideographic)
				k += len(w)
			}
		}
		i = j
	}
}

// gendict writes the word list and, from it, the word table the segmenter
// embeds (wordtable.go); genstop below reads the list, so this runs first.
//go:generate go run ./internal/gendict -out dict/zh_s.txt.gz -table dict/zh_s.tab

var (
	segOnce sync.Once
	seg     *wordTable
	segErr  error
)

// segmenter returns the shared Chinese word segmenter: the embedded word
// table (wordtable.go), gse's own zh_s dictionary pruned to its most
// frequent words (see internal/gendict), cut exactly as gse's Cut(s, false)
// would. The table is used in place, so the first question pays nothing
// for it.
func segmenter() (*wordTable, error) {
	segOnce.Do(func() {
		seg, segErr = loadWordTable("dict/zh_s.tab", zhTable)
	})
	return seg, segErr
}

// segmentWords cuts a run of Chinese characters into words. The pieces
// always concatenate back to s.
func segmentWords(s string) []string {
	sg, err := segmenter()
	if err != nil {
		return []string{s}
	}
	ws := sg.Cut(s)
	// Guard the invariant the tokenizer relies on.
	n := 0
	for _, w := range ws {
		n += len(w)
	}
	if n != len(s) {
		return []string{s}
	}
	return ws
}

// generalRarity is how rare a question unit is in general language, 0..1:
// the information content of its frequency in gse's word list (a general
// Chinese corpus), as a share of that of a word seen once. A Chinese unit
// the list does not know (a name such as 鸿蒙 that pruning dropped) counts
// as rare: 1; so does a code of letters and digits. Other alphabetic words
// and bare numbers count as common: 0 (see the comment inside).
func generalRarity(u unit) float64 {
	if u.word {
		// A code ("5g", "g20") is specific; a bare number is not: "40" in
		// "штраф за превышение скорости на 40 км/ч" found Article 33 of a
		// Dutch treaty through its "40" (testdata/russian.jsonl: 19/20
		// off-topic abstentions with numbers as evidence, 20/20 without;
		// on-topic 0.600 → 0.622, own English 0.725 → 0.750, no set lower).
		// For other alphabetic words
		// there is no general-language frequency to show that they are
		// rare (gse's list is Chinese), so they are no specific evidence:
		// with 15 real documents loaded, "banana", "hotel" and "погода"
		// each matched one clause and answered 9 of 22 off-topic
		// questions (testdata/documents.jsonl); without, 1 of 22.
		// A Russian list was tried: Hermit Dave's FrequencyWords (the
		// 10,000 most frequent forms of OpenSubtitles 2016, CC BY-SA 4.0),
		// a stem's rank 1/Σ(1/rank) over its forms, read on gse's
		// rank → rarity curve. Russian on-topic false abstentions fell
		// from 12/25 to 3/25, but off-topic answers rose from 0/20 to
		// 6/20 (testdata/russian.jsonl) and from 1/22 to 4/22
		// (documents.jsonl): the list holds no proper nouns, so "Москве",
		// "Санкт-Петербурга" counted as rare, and штраф, налог are rare
		// in subtitles but everyday in questions. Not used.
		if strings.ContainsAny(u.text, "0123456789") && strings.IndexFunc(u.text, unicode.IsLetter) >= 0 {
			return 1
		}
		return 0
	}
	sg, err := segmenter()
	if err != nil {
		return 1
	}
	f, ok := sg.Find(u.text)
	total := sg.TotalFreq()
	if !ok || f < 1 || total <= 1 {
		return 1
	}
	return min(1, math.Log(total/f)/math.Log(total))
}

// stem reduces a normalised (lower-case) alphabetic word to its Snowball
// stem, English for Latin letters and Russian for Cyrillic, so
// "cooperate" finds "cooperation" and "сотрудничество" finds
// "сотрудничества". These are the stemmers of bleve's en and ru analysers.
// Words with digits or other scripts ("5g", "g20") and two-letter words
// ("ai", "eu") are left alone: they are codes, not inflected words.
func stem(w string) string {
	if len(w) < 3 {
		return w
	}
	latin, cyrillic := true, true
	for _, r := range w {
		latin = latin && 'a' <= r && r <= 'z'
		cyrillic = cyrillic && unicode.Is(unicode.Cyrillic, r)
	}
	switch {
	case latin:
		if base, ok := irregularEn[w]; ok {
			w = base // kept → keep, paid → pay: one stem for a verb's forms
		}
		env := snowballstem.NewEnv(w)
		english.Stem(env)
		return env.Current()
	case cyrillic && utf8.RuneCountInString(w) >= 3:
		env := snowballstem.NewEnv(w)
		russian.Stem(env)
		return env.Current()
	}
	return w
}

// irregularEn maps the past tense and past participle of common English
// irregular verbs to their base form, which the Porter stemmer cannot
// ("How long must accident records be kept?" never matched "keep
// records"; "Who paid …" never matched "pay"). The forms are those of the
// standard list of English irregular verbs (Quirk et al., A Comprehensive
// Grammar of the English Language, 1985, §3.14–3.18), the verbs a law or
// a question uses; a form that is as often another word is left out
// (found, left, lay, lie, ground, saw, rose, fell, felt, bound, well).
var irregularEn = map[string]string{
	"arose": "arise", "arisen": "arise", "bore": "bear", "borne": "bear", "became": "become",
	"began": "begin", "begun": "begin", "broke": "break", "broken": "break", "brought": "bring",
	"built": "build", "bought": "buy", "caught": "catch", "chose": "choose", "chosen": "choose",
	"came": "come", "dealt": "deal", "drew": "draw", "drawn": "draw", "drove": "drive",
	"driven": "drive", "ate": "eat", "eaten": "eat", "fought": "fight", "flew": "fly", "flown": "fly",
	"forbade": "forbid", "forbidden": "forbid", "forgot": "forget", "forgotten": "forget",
	"forgave": "forgive", "forgiven": "forgive", "froze": "freeze", "frozen": "freeze",
	"gotten": "get", "gave": "give", "given": "give", "went": "go", "gone": "go", "grew": "grow",
	"grown": "grow", "heard": "hear", "hid": "hide", "hidden": "hide", "held": "hold", "kept": "keep",
	"knew": "know", "known": "know", "laid": "lay", "led": "lead", "lent": "lend", "lost": "lose",
	"made": "make", "met": "meet", "paid": "pay", "proven": "prove", "risen": "rise", "ran": "run",
	"sought": "seek", "sold": "sell", "sent": "send", "shook": "shake", "shaken": "shake",
	"shown": "show", "slept": "sleep", "spoke": "speak", "spoken": "speak", "spent": "spend",
	"stood": "stand", "stole": "steal", "stolen": "steal", "struck": "strike", "stricken": "strike",
	"swore": "swear", "sworn": "swear", "took": "take", "taken": "take", "taught": "teach",
	"tore": "tear", "torn": "tear", "told": "tell", "thought": "think", "threw": "throw",
	"thrown": "throw", "understood": "understand", "undertook": "undertake", "undertaken": "undertake",
	"wore": "wear", "worn": "wear", "won": "win", "withdrew": "withdraw", "withdrawn": "withdraw",
	"withheld": "withhold", "wrote": "write", "written": "write", "overcame": "overcome",
	"overrode": "override", "overridden": "override", "oversaw": "oversee", "overseen": "oversee",
	"upheld": "uphold", "forwent": "forgo", "forgone": "forgo", "sank": "sink",
	"sunk": "sink", "sped": "speed", "stuck": "stick", "swept": "sweep",
	"hung": "hang", "fed": "feed", "fled": "flee", "bred": "breed",
}

// stopWords are bleve's English and Russian stop word lists: function
// words a question may use that carry no content ("the", "should", "этот").
// They are built at their first use (isStopWord): built at package init
// they cost every process 1,000 allocations (0.1 MB of heap) before main
// (GODEBUG=inittrace=1), and a Chinese question on Chinese documents never
// reads them.
var stopWords = sync.OnceValue(func() analysis.TokenMap {
	m := analysis.NewTokenMap()
	for _, name := range []string{en.StopName, ru.StopName} {
		tm, err := registry.NewCache().TokenMapNamed(name)
		if err != nil {
			panic(err) // registered by the imports below
		}
		for w := range tm {
			m[w] = true
		}
	}
	return m
})

// isStopWord reports whether w is in stopWords. Every word of those lists
// has a Latin or Cyrillic letter (TestStopWordsHaveLetters), so a word
// without one (any Chinese word) is answered false without building them.
func isStopWord(w string) bool {
	if strings.IndexFunc(w, isLatinOrCyrillic) < 0 {
		return false
	}
	return stopWords()[w]
}

// isLatinOrCyrillic reports whether r is a letter of the Latin or Cyrillic
// script.
func isLatinOrCyrillic(r rune) bool {
	return unicode.In(r, unicode.Latin, unicode.Cyrillic)
}
