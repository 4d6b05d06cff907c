package index

import (
	_ "embed"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"clausebot/index/t2s"
)

//go:embed synonyms.txt
var defaultSynonyms string

// synonyms maps a normalised term to the groups of equivalent terms it
// belongs to.
type synonyms struct {
	groups [][]string
	byTerm map[string][]int
	// everyday marks the groups of a "~" line (everyday[g]): everyday
	// words joined to a document's term count toward coverage, never as
	// specific evidence.
	everyday []bool
	// byFirst lists the terms by their first rune, longest first, so a
	// question is searched for the terms that start at each of its runes
	// instead of for every term (findAlts): with the built-in groups, 1,600
	// terms, the search of all of them cost 44 µs of a seed query's 124 µs
	// (BenchmarkQuerySeed p50).
	byFirst map[rune][]synTerm
	// byStems lists the terms of alphabetic words by the Snowball stems
	// of their words, space-separated (see termStems), so that a term is
	// found in a question in any of its words' forms: "коров" finds
	// корова, "disputes" dispute (findStemAlts). stemWords is the most
	// words of such a term. Made on the first question with an
	// alphabetic word (stemIndex): stemming every term took 5.6 of the
	// 14 ms that loading the built-in groups took, and a one-shot
	// Chinese question needs none of it.
	stemOnce  sync.Once
	byStems   map[string][]synTerm
	stemWords int
}

// synTerm is one term of the groups and the groups it belongs to.
type synTerm struct {
	term   string
	groups []int
}

// alternatives returns the other terms of st's groups and whether every
// one of those groups is a "~" line.
func (s *synonyms) alternatives(st synTerm) (others []string, everyday bool) {
	everyday = true
	for _, g := range st.groups {
		everyday = everyday && s.everyday[g]
		for _, t := range s.groups[g] {
			if t != st.term && !slices.Contains(others, t) {
				others = append(others, t)
			}
		}
	}
	return others, everyday
}

// index fills byFirst from byTerm.
func (s *synonyms) index() {
	s.byFirst = make(map[rune][]synTerm, len(s.byTerm)/2)
	for term, groups := range s.byTerm {
		r, _ := utf8.DecodeRuneInString(term)
		s.byFirst[r] = append(s.byFirst[r], synTerm{term, groups})
	}
	for _, ts := range s.byFirst {
		if len(ts) > 1 {
			slices.SortFunc(ts, func(a, b synTerm) int {
				if len(a.term) != len(b.term) {
					return len(b.term) - len(a.term)
				}
				return strings.Compare(a.term, b.term)
			})
		}
	}
}

// parseSynonyms reads a synonyms file: one group of equivalent terms per
// line, separated by "/", ",", "，", "、", "|" or "="; "#" starts a comment.
// A line starting with "~" joins everyday words to a document's terms
// (~ 小孩 / 未成年人): a question word matched through it counts toward
// coverage as the term would, but never as specific evidence, since the
// everyday word is common whatever the term is ("小孩不爱吃饭怎么办" must
// not be answered by a clause on 未成年人 alone).
//
//	BDS / 北斗
//	PPP, 政府和社会资本合作
func parseSynonyms(name, text string, into *synonyms) error {
	if into.byTerm == nil {
		// about one term per separator, and two on each line
		into.byTerm = make(map[string][]int, strings.Count(text, "/")+strings.Count(text, "\n"))
	}
	// Loaded for every question-answering process, a one-shot ask
	// included: the lines, fields and terms are substrings of text, not
	// copies, and a term is copied only where normalising changes it.
	n := 0
	for line := range strings.SplitSeq(text, "\n") {
		n++
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		everyday := false
		if rest, ok := strings.CutPrefix(line, "~"); ok {
			everyday, line = true, strings.TrimSpace(rest)
		}
		if !utf8.ValidString(line) {
			return fmt.Errorf("%s:%d: not UTF-8 text", name, n)
		}
		var group []string
		for f := range strings.FieldsFuncSeq(line, func(r rune) bool { return strings.ContainsRune("/,，、|=", r) }) {
			if t := synonymTerm(f); t != "" && !slices.Contains(group, t) {
				group = append(group, t)
			}
		}
		if len(group) < 2 {
			return fmt.Errorf("%s:%d: a synonym line needs at least two terms separated by \"/\" or \",\", got %q", name, n, line)
		}
		id := len(into.groups)
		into.everyday = append(into.everyday, everyday)
		into.groups = append(into.groups, group)
		for _, t := range group {
			into.byTerm[t] = append(into.byTerm[t], id)
		}
	}
	return nil
}

// synonymTerm is a field of a synonyms line as a term: normalised, its
// words separated by one space. It is f itself, not a copy, when that is
// already so (most terms: Simplified Chinese, lower case).
func synonymTerm(f string) string {
	f = strings.TrimSpace(f)
	var buf [32]rune // on the stack for a term of up to 32 runes
	rs := buf[:0]
	for _, r := range f {
		rs = append(rs, foldRune(r))
	}
	t2s.Runes(rs)
	same := !strings.Contains(f, "  ") && !strings.ContainsAny(f, "\t\n\r\u3000")
	i := 0
	for _, r := range f {
		same = same && rs[i] == r
		i++
	}
	if same {
		return f
	}
	return strings.Join(strings.Fields(string(rs)), " ")
}

// loadSynonyms returns the built-in groups plus those of the operator's
// file, if any.
func loadSynonyms(file string) (*synonyms, error) {
	s := &synonyms{}
	if err := parseSynonyms("built-in synonyms", defaultSynonyms, s); err != nil {
		return nil, err
	}
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("synonyms: %w", err)
		}
		if err := parseSynonyms(file, strings.ReplaceAll(string(data), "\r\n", "\n"), s); err != nil {
			return nil, fmt.Errorf("synonyms: %w", err)
		}
	}
	s.index()
	return s, nil
}

// termIsContent reports whether question runes [start, end), which spell a
// synonym term, are content: all in one content run, or, for a term of
// several words ("work from home"), starting and ending in content, so
// the stop words and spaces between its words ("from") do not stop it;
// the same for a hyphen or a dot inside a term ("COVID-19"), and for a
// Chinese term of four or more characters with a filler inside (管钱的部长,
// 约好一起涨价: 的 and 一起 are filler). Measured: fresh seed paraphrases
// 0.553 → 0.579 ("两国管钱的部长之间有固定的沟通渠道吗？" finds 财长对话
// through 管钱的部长), no set lower, off-topic answers unchanged.
func termIsContent(q question, start, end int) bool {
	if isContent(q, start, end) {
		return true
	}
	// A term of several words, or of one written with a hyphen or a dot
	// ("COVID-19", "e-commerce"), whose separators are not content.
	inner := q.runes[start:end]
	if !slices.ContainsFunc(inner, func(r rune) bool { return r == ' ' || r == '-' || r == '.' || r == '/' }) && !(end-start >= 4 && isHan(string(inner))) {
		return false
	}
	return isContent(q, start, start+1) && isContent(q, end-1, end)
}

// stemIndex returns byStems and stemWords, making them on the first call
// (safe for concurrent use).
func (s *synonyms) stemIndex() (map[string][]synTerm, int) {
	s.stemOnce.Do(func() {
		for term, groups := range s.byTerm {
			if st := termStems(term); st != nil {
				if s.byStems == nil {
					s.byStems = map[string][]synTerm{}
				}
				key := strings.Join(st, " ")
				s.byStems[key] = append(s.byStems[key], synTerm{term, groups})
				s.stemWords = max(s.stemWords, len(st))
			}
		}
		for _, ts := range s.byStems {
			slices.SortFunc(ts, func(a, b synTerm) int { return strings.Compare(a.term, b.term) })
		}
	})
	return s.byStems, s.stemWords
}

// termStems returns the Snowball stems (stem) of a synonym term's words,
// in order, when the term is alphabetic words only (separated by spaces
// or hyphens: "сельскохозяйственные животные", "e-commerce"), else nil.
func termStems(term string) []string {
	rs := []rune(term)
	var out []string
	for _, r := range runs(rs) {
		switch r.class {
		case classWord:
			out = append(out, fleeting(stem(string(rs[r.start:r.end]))))
		default:
			if strings.Trim(string(rs[r.start:r.end]), " -") != "" {
				return nil
			}
		}
	}
	return out
}

// holdsStems reports whether a clause holds an alphabetic term in any
// form of its words: words are the sorted stems of the clause's words
// (clause.words), text its normalised text, and stems the term's
// (termStems). The words of a term of several must stand side by side,
// one space or hyphen apart: "заключить брак" is not held by an article
// on an inheritance contract that says "заключить … договор" and "в
// браке" (a trial's "С какого возраста можно вступить в брак?" was
// answered from it).
func holdsStems(words []string, text string, stems []string) bool {
	if len(stems) == 0 {
		return false
	}
	for _, s := range stems {
		if !slices.ContainsFunc(stemForms(s), func(f string) bool { _, ok := slices.BinarySearch(words, f); return ok }) {
			return false
		}
	}
	if len(stems) == 1 {
		return true
	}
	rs := []rune(text)
	k := 0 // how many of stems the words just read match, in order
	for _, r := range runs(rs) {
		if r.class != classWord {
			if gap := strings.Trim(string(rs[r.start:r.end]), " -"); gap != "" || r.end-r.start > 1 {
				k = 0
			}
			continue
		}
		st := fleeting(stem(string(rs[r.start:r.end])))
		switch {
		case st == stems[k]:
			k++
		case st == stems[0]:
			k = 1
		default:
			k = 0
		}
		if k == len(stems) {
			return true
		}
	}
	return false
}

// fleeting returns a Russian stem without its fleeting vowel: one ending
// in a consonant, о or е, and a consonant (ребенок, конец) is written as
// the stem of the word's other forms (ребенк of ребенка, конц of конца),
// which Snowball leaves apart. Other stems are returned as they are.
// termStems and findStemAlts key terms by it; holdsStems looks for both
// forms (stemForms).
func fleeting(st string) string {
	rs := []rune(st)
	n := len(rs)
	if n < 4 || !unicode.Is(unicode.Cyrillic, rs[0]) {
		return st
	}
	if ruConsonant(rs[n-1]) && (rs[n-2] == 'о' || rs[n-2] == 'е') && ruConsonant(rs[n-3]) {
		return string(rs[:n-2]) + string(rs[n-1])
	}
	return st
}

// stemForms returns the stems a clause's words may have for the
// canonical stem st (fleeting): st, and st with о or е before its last
// consonant when it ends in two.
func stemForms(st string) []string {
	rs := []rune(st)
	n := len(rs)
	if n < 3 || !unicode.Is(unicode.Cyrillic, rs[0]) || !ruConsonant(rs[n-1]) || !ruConsonant(rs[n-2]) {
		return []string{st}
	}
	head, last := string(rs[:n-1]), string(rs[n-1])
	return []string{st, head + "о" + last, head + "е" + last}
}

// ruConsonant reports whether r is a Russian consonant letter (not й, ь,
// ъ).
func ruConsonant(r rune) bool {
	return unicode.Is(unicode.Cyrillic, r) && !strings.ContainsRune("аеёиоуыэюяйьъ", unicode.ToLower(r))
}
