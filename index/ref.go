package index

import (
	"context"
	"path"

	"fmt"
	"golang.org/x/text/unicode/norm"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"clausebot/bot"
	"clausebot/internal/lazyre"
)

// References. Every unit, sub-unit and section has one canonical
// reference, printed from its components (see comp): "第十二条第二款第（三）项",
// "Article 5(2)(a)", "Статья 12 ч. 2 п. 3", "三（二）1", "二·12", "Annex II
// PART 1 Article 1". A typed reference is read into components the same
// way, in any of the forms people cite ("Art. 5(2)", "Article 5, paragraph
// 2", "ст. 12 ч. 2", "ч. 2 ст. 12", "第12条", "2.12", full-width forms),
// and matched against them: containers may be left out ("第二十一条" finds
// the article whatever its chapter) unless they are what tells two units
// apart. An unknown reference is an error, an ambiguous one an error that
// lists the candidates: never a guess, never a position.

// formatRef prints components as a reference.
func formatRef(cs []comp) string {
	var b strings.Builder
	for i, c := range cs {
		piece := c.label
		switch c.k {
		case 'o':
			piece = "·" + c.key
		case 'd':
			piece = "#" + c.key
		case 'p', 'i', 'm':
			piece = partLabel(c)
		}
		if i > 0 {
			b.WriteString(refJoin(cs[i-1], c, b.String(), piece))
		}
		b.WriteString(piece)
	}
	return b.String()
}

// partLabel prints an article's paragraph, item or sub-item in its
// article's citation style.
func partLabel(c comp) string {
	switch c.style {
	case 'z':
		switch c.k {
		case 'p':
			n, _ := strconv.Atoi(c.key)
			return "第" + bot.ChineseNumeral(n) + "款"
		case 'i':
			return "第" + zhItemLabel(c.label) + "项"
		default:
			return "第" + zhItemLabel(c.label) + "目"
		}
	case 'r':
		return map[byte]string{'p': " ч. ", 'i': " п. ", 'm': " пп. "}[c.k] + c.label
	case 'q':
		// A code whose numbered paragraphs are пункты (see ruPoints).
		return map[byte]string{'p': " п. ", 'i': " пп. ", 'm': " пп. "}[c.k] + c.label
	}
	return "(" + c.key + ")"
}

// zhItemLabel writes an item number as cited: "（三）" stays, "(3)" and "3"
// become "（3）"/"3".
func zhItemLabel(l string) string {
	l = strings.TrimSuffix(strings.TrimSuffix(l, "."), "．")
	if strings.HasPrefix(l, "(") && strings.HasSuffix(l, ")") {
		return "（" + l[1:len(l)-1] + "）"
	}
	return l
}

// refJoin is what goes between two printed components: nothing inside a
// Chinese citation or before "·"; "." between two ASCII numbers ("2.1");
// a space after a heading.
func refJoin(a, b comp, sofar, piece string) string {
	switch {
	case b.k == 'o' || b.k == 'd':
		return ""
	case b.k == 'p' || b.k == 'i' || b.k == 'm':
		return ""
	case a.k == 'n' && b.k == 'n':
		x, _ := utf8.DecodeLastRuneInString(sofar)
		y, _ := utf8.DecodeRuneInString(piece)
		if x < utf8.RuneSelf && y < utf8.RuneSelf && isAlnum(x) && isAlnum(y) {
			return "."
		}
		return ""
	}
	return " "
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// refFold folds text for comparing references and headings: width, case,
// and no spaces.
func refFold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if isHanBlock(r) {
			b.WriteRune(r) // folds to itself (TestRuneFastPaths)
			continue
		}
		r = unicode.ToLower(foldRune(r))
		if unicode.IsSpace(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// foldRef folds full-width characters and spaces in a typed reference.
func foldRef(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		if r >= 0x2160 && r <= 0x217F { // Roman numeral signs: Ⅱ → II
			b.WriteString(norm.NFKC.String(string(r)))
			continue
		}
		r = foldRune(r)
		if unicode.IsSpace(r) {
			r = ' '
		}
		b.WriteRune(r)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// splitDoc splits off a "doc:" prefix.
func splitDoc(s string) (doc, rest string) {
	if i := strings.IndexAny(s, ":："); i > 0 {
		return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+len(string([]rune(s[i:])[0])):])
	}
	return "", s
}

// splitDocSpace reads "电子商务法 第十条" or "ВК Статья 65" as a
// document's name, a space and a reference, as people type a "doc:ref"
// without its colon. lookup tries it only when ref alone finds nothing:
// the words before some space must name a loaded document (docsNamed),
// the longest such name first, and the rest must read as a reference. It
// returns "", s otherwise.
func (x *Index) splitDocSpace(s string) (doc, rest string) {
	for i := strings.LastIndexAny(s, " \t"); i > 0; i = strings.LastIndexAny(s[:i], " \t") {
		name, ref := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:])
		if name == "" || ref == "" {
			continue
		}
		if _, err := parseTypedRef(foldRef(ref), nil); err == nil && x.hasDoc(foldRef(name)) {
			return name, ref
		}
	}
	return "", s
}

// tcomp is a typed reference component: a kind ('?' when the text does not
// say: "2" in "2.12") and the keys it may stand for ("ii" is 2 or the
// letter).
type tcomp struct {
	k    byte
	keys []string
	// style is the citation style an article was typed in ('z' 第X条, 'e'
	// Article, 'r' Статья), 0 when not said: "Article 2" does not name a
	// 第二条.
	style byte
}

const refNum = `\d+[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]*[a-z]?|[ivxlc]+|` + cnNum

var (
	reTZh        = lazyre.New(`^第\s*[（(]?\s*(` + refNum + `)\s*[）)]?\s*(分编|编|部分|章|节|条|款|项|目)(?:之\s*(` + cnNum + `))?`)
	reTArticle   = lazyre.New(`^(artikel|artículo|articolo|artigo|articles?|art\.?|стать[яиюейё]|стаття|ст\.?)\s*(` + refNum + `)`)
	reTContainer = lazyre.New(`^(book|part|title|chapter|ch\.|section|sec\.|annex|appendix|schedule|раздел|подраздел|глава|гл\.|параграф|приложение|附件|附录|附表|§)\s*(` + refNum + `|one|two|three|four|five|six|seven|eight|nine|ten|[a-z])?`)
	reTSubItem   = lazyre.New(`^(?:подпункт(?:ом|ами|ах|ы|а|е|у)?|пп\.?|sub-?item)\s*(` + refNum + `|[а-я])`)
	reTPara      = lazyre.New(`^(?:paragraphs?|para\.?|par\.?|част(?:ью|ями|ях|ь|и|я)|ч\.)\s*(` + refNum + `)`)
	reTItem      = lazyre.New(`^(?:item|point|sub-?paragraph|letter|пункт(?:ом|ами|ах|ы|а|е|у)?|п\.)\s*(` + refNum + `|[a-zа-я])`)
	reTDecimal   = lazyre.New(`^\.(\d+)`)
	reTParen     = lazyre.New(`^[（(]\s*([^）)\s]{1,8})\s*[）)]`)
	reTNum       = lazyre.New(`^(\d+[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]*|` + cnNum + `)`)
	reTWord      = lazyre.New(`^([a-zа-я]{1,6})\)?`)
	refSeps      = " ·・•.。,，、›>/#;；-–—"
)

var zhUnitKind = map[string]byte{"编": 'B', "分编": 'T', "部分": 'P', "章": 'C', "节": 'S', "条": 'A', "款": 'p', "项": 'i', "目": 'm'}
var enContainerKind = map[string]byte{"book": 'B', "part": 'P', "title": 'T', "chapter": 'C', "ch.": 'C', "section": 'S', "sec.": 'S', "§": 'S',
	"annex": 'X', "appendix": 'X', "schedule": 'X', "附件": 'X', "附录": 'X', "附表": 'X',
	"раздел": 'P', "подраздел": 'T', "глава": 'C', "гл.": 'C', "параграф": 'S', "приложение": 'X'}

// numKeys reads a typed number: "12" → 12, "十二" → 12, "7¹" → 7^1,
// "ii" → 2 or the letters, "a" → a.
func numKeys(s string) []string {
	s = strings.ToLower(s)
	if v, err := strconv.Atoi(s); err == nil {
		return []string{strconv.Itoa(v)}
	}
	if strings.ContainsAny(s, "⁰¹²³⁴⁵⁶⁷⁸⁹⁻") {
		return []string{supKey(s)}
	}
	if v, ok := bot.ParseChineseNumeral(s); ok {
		return []string{strconv.Itoa(v)}
	}
	if unicode.Is(unicode.Han, firstRune(s)) {
		return nil // "一二": 12, or one and two?
	}
	var keys []string
	if v, ok := bot.ParseRomanNumeral(strings.ToUpper(s)); ok {
		keys = append(keys, strconv.Itoa(v))
	}
	if v, ok := englishNumber(s); ok {
		keys = append(keys, strconv.Itoa(v))
	}
	if utf8.RuneCountInString(s) <= 2 || len(keys) > 0 {
		keys = append(keys, s)
	}
	// "5a": an inserted article.
	if i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }); i > 0 && len(keys) == 0 {
		keys = append(keys, strings.TrimLeft(s[:i], "0")+s[i:])
	}
	return keys
}

// refWords are the typed components made of one number, tried in order
// after the articles and containers: a sub-item, paragraph or item word
// ("пп. 2", "paragraph 2", "п. 3"), a bracketed number, a bare number, a
// letter or Roman numeral. strict ones are no reference at all when their
// number cannot be read ("一二": 12, or one and two?).
var refWords = []struct {
	re     func() *regexp.Regexp
	k      byte
	strict bool
}{
	{reTSubItem, 'm', false},
	{reTPara, 'p', false},
	{reTItem, 'i', false},
	{reTParen, '?', false},
	{reTNum, '?', true},
	{reTWord, '?', true},
}

// headingLabels are the folded texts of headings a typed reference may
// name by their words ("Appendix to the Protocol Article 1").
type headingLabels []string

// parseTypedRef reads a typed reference (without its "doc:" prefix) into
// components. It fails with EINVALID when some of it is not a reference.
func parseTypedRef(ref string, heads headingLabels) ([]tcomp, error) {
	return parseTypedRefAs(ref, heads, false)
}

// parseTypedRefAs is parseTypedRef; with detach, a container word does not
// take the number after it (the second reading lookup tries).
func parseTypedRefAs(ref string, heads headingLabels, detach bool) ([]tcomp, error) {
	s := strings.ToLower(foldRef(ref))
	var out []tcomp
	bad := func() ([]tcomp, error) {
		e := bot.Errorf(bot.EINVALID, "%q is not a clause reference: give one like 第十二条, 第十二条第二款, Article 5(2), Статья 12 ч. 2, 三（二）1 or 二·12", ref)
		e.Reason = bot.Reason{Kind: bot.ReasonNotAReference, Ref: ref}
		return nil, e
	}
	for s != "" {
		trimmed := strings.TrimLeft(s, refSeps)
		ordinal := strings.ContainsAny(s[:len(s)-len(trimmed)], "·・•")
		s = trimmed
		if s == "" {
			break
		}
		if m := reTNum().FindStringSubmatch(s); ordinal && m != nil {
			// "二·12": the 12th unnumbered paragraph of 二.
			keys := numKeys(m[1])
			if len(keys) == 0 {
				return bad()
			}
			out = append(out, tcomp{k: 'o', keys: keys})
			s = s[len(m[0]):]
			continue
		}
		if rest, ok := consumeHeading(s, heads); ok {
			out = append(out, tcomp{k: 'h', keys: []string{refFold(s[:len(s)-len(rest)])}})
			s = rest
			continue
		}
		if m := reTZh().FindStringSubmatch(s); m != nil {
			k := zhUnitKind[m[2]]
			keys := numKeys(m[1])
			if m[3] != "" {
				v, _ := bot.ParseChineseNumeral(m[3])
				for i := range keys {
					keys[i] += "^" + strconv.Itoa(v)
				}
			}
			t := tcomp{k: k, keys: keys}
			if k == 'A' {
				t.style = 'z'
			}
			out = append(out, t)
			s = s[len(m[0]):]
			continue
		}
		if m := reTArticle().FindStringSubmatch(s); m != nil && !startsLetter(s[len(m[0]):]) {
			keys := numKeys(m[2])
			kw := m[1]
			if kw == "articles" || strings.HasPrefix(kw, "ст") || strings.HasPrefix(kw, "art") && kw != "artikel" && kw != "artículo" && kw != "articolo" && kw != "artigo" {
				kw = ""
			}
			for i := range keys {
				keys[i] = articleKey(kw, keys[i])
			}
			style := byte('e')
			if strings.HasPrefix(m[1], "ст") {
				style = 'r'
			}
			s = s[len(m[0]):]
			if mm := reTDecimal().FindStringSubmatch(s); mm != nil && style == 'r' && !detach {
				// "статья 3.1": article 3.1 of a code numbered so (КоАП), or
				// the inserted article 3¹; the second reading is part 1.
				for _, k := range numKeys(m[2]) {
					keys = append(keys, k+mm[0], k+"^"+mm[1])
				}
				keys = keys[len(keys)-2*len(numKeys(m[2])):]
				s = s[len(mm[0]):]
			}
			out = append(out, tcomp{k: 'A', keys: keys, style: style})
			// "Article 5.1": paragraph 1 of Article 5.
			if mm := reTDecimal().FindStringSubmatch(s); mm != nil {
				out = append(out, tcomp{k: 'p', keys: numKeys(mm[1])})
				s = s[len(mm[0]):]
			}
			// "5(2)(a)": paragraph, item, sub-item.
			level := byte('p')
			for {
				mm := reTParen().FindStringSubmatch(s)
				if mm == nil {
					break
				}
				k := level
				if _, err := strconv.Atoi(mm[1]); err != nil && level == 'p' {
					k = 'i'
				}
				out = append(out, tcomp{k: k, keys: numKeys(mm[1])})
				level = map[byte]byte{'p': 'i', 'i': 'm', 'm': 'm'}[k]
				s = s[len(mm[0]):]
			}
			continue
		}
		if m := reTContainer().FindStringSubmatch(s); m != nil && !startsLetter(s[len(m[0]):]) {
			t := tcomp{k: enContainerKind[m[1]]}
			if m[2] != "" && detach {
				// The number is the next component's: "附件 2" is item 2
				// of an annex that has no number.
				s = s[len(m[1]):]
				out = append(out, tcomp{k: t.k, keys: []string{""}})
				continue
			}
			if m[2] != "" {
				t.keys = numKeys(m[2])
			} else {
				t.keys = []string{""}
			}
			out = append(out, t)
			s = s[len(m[0]):]
			continue
		}
		matched := false
		for _, w := range refWords {
			m := w.re().FindStringSubmatch(s)
			if m == nil {
				continue
			}
			keys := numKeys(m[1])
			if len(keys) == 0 && w.strict {
				return bad()
			}
			out = append(out, tcomp{k: w.k, keys: keys})
			s = s[len(m[0]):]
			matched = true
			break
		}
		if matched {
			continue
		}
		return bad()
	}
	if len(out) == 0 {
		return nil, bot.Errorf(bot.EINVALID, "empty reference: give one like 第十二条, Article 5 or 二·12")
	}
	return orderTyped(out), nil
}

func startsLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r >= 'a' && r <= 'z'
}

// consumeHeading consumes a heading's words at the start of s.
func consumeHeading(s string, heads headingLabels) (string, bool) {
	best := -1
	for _, h := range heads {
		if h == "" {
			continue
		}
		// Walk s, folding as refFold does, until h is spelt out.
		i, j := 0, 0
		for i < len(s) && j < len(h) {
			r, n := utf8.DecodeRuneInString(s[i:])
			i += n
			r = unicode.ToLower(foldRune(r))
			if unicode.IsSpace(r) {
				continue
			}
			hr, hn := utf8.DecodeRuneInString(h[j:])
			if r != hr {
				break
			}
			j += hn
		}
		if j == len(h) && i > best {
			best = i
		}
	}
	if best < 0 {
		return s, false
	}
	return s[best:], true
}

// typedRank orders the kinds people write in any order ("ч. 2 ст. 12").
var typedRank = map[byte]int{'A': 1, 'p': 2, 'i': 3, 'm': 4}

// orderTyped puts an article's parts after the article when they were
// written first, as Russian citations do.
func orderTyped(ts []tcomp) []tcomp {
	for _, t := range ts {
		if typedRank[t.k] == 0 {
			return ts
		}
	}
	slices.SortStableFunc(ts, func(a, b tcomp) int { return typedRank[a.k] - typedRank[b.k] })
	return ts
}

// skippable reports whether a typed reference may leave c out: a
// container, or an article's first paragraph before an item ("第十二条第（三）项").
func skippable(c comp) bool {
	switch c.k {
	case 'B', 'P', 'T', 'C', 'S', 'X', 'h':
		return true
	case 'p':
		return c.key == "1"
	}
	return false
}

func compMatch(t tcomp, c comp) bool {
	if t.k == 'A' && t.style != 0 && c.style != 0 && t.style != c.style {
		return false
	}
	if t.k == 'h' && c.title != "" && slices.Contains(t.keys, c.title) {
		return true // a container named by its title: "Protocol on Expert Exchange"
	}
	switch {
	case c.style == 'q' && (t.k == 'i' && c.k == 'p' || t.k == 'm' && c.k == 'i'):
		// "п. 2 ст. 1142", "пп. 1 п. 2": a пункт and its подпункты in a
		// code that numbers its articles' paragraphs so (see ruPoints).
	case c.style == 'q' && t.k == 'i' && c.k == 'i':
		return false // a подпункт here, typed пп.
	case t.k == c.k:
	case t.k == '?':
		if c.k == 'A' || c.k == 'h' {
			return false
		}
	case t.k == 'o' && c.k == 'n' && c.key == "0": // never: "0" is the preamble's own number
		return false
	case (t.k == 'p' || t.k == 'i' || t.k == 'm') && c.k == 'n':
	default:
		return false
	}
	return slices.Contains(t.keys, c.key)
}

// matchRef reports whether typed components name the target whose
// components are its containers anc then base, and how many components
// were skipped. The last typed component names the target's last; the
// innermost needs containers must be named, the others may be.
func matchRef(ts []tcomp, anc []comp, needs int, base []comp) (bool, int) {
	if ok, skipped := matchRefAs(ts, anc, needs, base); ok {
		return true, skipped
	}
	// An article that counts no paragraphs (see docTree.article): its
	// points are its own, "Article 3(b)", "Статья 2 п. 3", "Artikel 4(1)".
	// A paragraph typed for it ("Article 4(1)", "Article 3(1)(b)",
	// "Статья 2 ч. 1 п. 3") names its point of that number, or, paragraph
	// 1, the article or its points all the same: one and two more skips
	// than a paragraph it has.
	k := slices.IndexFunc(ts, func(t tcomp) bool { return t.k == 'p' })
	if k < 1 || ts[k-1].k != 'A' || !slices.ContainsFunc(base, func(c comp) bool { return c.k == 'A' }) || slices.ContainsFunc(base, func(c comp) bool { return c.k == 'p' }) {
		return false, 0
	}
	shifted := slices.Clone(ts)
	for i := k; i < len(shifted); i++ {
		shifted[i].k = map[byte]byte{'p': 'i', 'i': 'm', 'm': 'm'}[shifted[i].k]
	}
	if ok, skipped := matchRefAs(shifted, anc, needs, base); ok {
		return true, skipped + 1
	}
	if slices.Contains(ts[k].keys, "1") {
		if ok, skipped := matchRefAs(slices.Delete(slices.Clone(ts), k, k+1), anc, needs, base); ok {
			return true, skipped + 2
		}
	}
	return false, 0
}

func matchRefAs(ts []tcomp, anc []comp, needs int, base []comp) (bool, int) {
	full := make([]comp, 0, len(anc)+len(base))
	full = append(append(full, anc...), base...)
	i, j := len(full)-1, len(ts)-1
	if !compMatch(ts[j], full[i]) {
		return false, 0
	}
	matched := make([]bool, len(full))
	matched[i] = true
	skipped := 0
	i--
	j--
	skip := func(i int) bool {
		if i >= len(anc) {
			return full[i].k == 'p' && full[i].key == "1" // "第十二条第（三）项"
		}
		return skippable(full[i])
	}
	for j >= 0 {
		for i >= 0 && !compMatch(ts[j], full[i]) {
			if !skip(i) {
				return false, 0
			}
			if full[i].k == 'p' {
				skipped++
			}
			i--
		}
		if i < 0 {
			return false, 0
		}
		matched[i] = true
		i--
		j--
	}
	for ; i >= 0; i-- {
		if !skip(i) {
			return false, 0
		}
		if full[i].k == 'p' {
			skipped++
		}
	}
	for k := len(anc) - needs; k < len(anc); k++ {
		if !matched[k] {
			return false, 0
		}
	}
	return true, skipped
}

// target is something a reference can name: a unit, a sub-unit or a
// section.
type target struct {
	doc   *document
	unit  int // into Index.clauses
	sub   int // into the unit's parts; -1 for the unit itself
	sec   *section
	anc   []comp // the containers above it
	needs int    // how many of anc, innermost, its reference names
	base  []comp
}

// ref prints the target's canonical reference within its document.
func (t target) ref() string {
	s := formatRef(t.anc[len(t.anc)-t.needs:])
	if s != "" {
		s += " "
	}
	return s + formatRef(t.base)
}

// resolve finds the targets a typed reference names among cands; loose
// lets it leave out the containers their references name (needs).
func resolve(ts []tcomp, cands []target, loose bool) []target {
	var best []target
	bestSkip := -1
	for _, c := range cands {
		needs := c.needs
		if loose {
			needs = 0
		}
		ok, skip := matchRef(ts, c.anc, needs, c.base)
		if !ok {
			continue
		}
		switch {
		case bestSkip < 0 || skip < bestSkip:
			best, bestSkip = []target{c}, skip
		case skip == bestSkip:
			best = append(best, c)
		}
	}
	// A bare number names a numbered unit before an unnumbered paragraph
	// at that position ("PART I 1", not "PART I·1").
	if len(best) > 1 {
		numbered := best[:0:0]
		for _, c := range best {
			if c.base[len(c.base)-1].k != 'o' {
				numbered = append(numbered, c)
			}
		}
		if len(numbered) > 0 {
			best = numbered
		}
	}
	return best
}

// reQuoted is a title quoted in another: 《…》.
var reQuoted = lazyre.New(`《[^》]*》`)

// docsFor returns the documents a "doc:" prefix names, or all.
func (x *Index) docsFor(doc string) ([]*document, error) {
	if doc == "" {
		return x.docs, nil
	}
	ds := x.docsNamed(doc)
	switch len(ds) {
	case 0:
		return nil, x.noDocument(doc)
	case 1:
		return ds, nil
	}
	ids := make([]string, len(ds))
	for i, d := range ds {
		ids[i] = d.ID
	}
	e := bot.Errorf(bot.EINVALID, "%q names several documents; say which: %s", doc, strings.Join(ids, ", "))
	e.Reason = bot.Reason{Kind: bot.ReasonSeveralDocuments, Ref: doc, List: ids}
	return nil, e
}

// noDocument is the error for a document prefix no document has.
func (x *Index) noDocument(name string) *bot.Error {
	e := bot.Errorf(bot.ENOTFOUND, "no document %q: the documents are %s", name, x.docIDs())
	e.Reason = bot.Reason{Kind: bot.ReasonNoDocument, Ref: name}
	for _, d := range x.docs {
		e.Reason.List = append(e.Reason.List, d.ID)
	}
	return e
}

func (x *Index) docIDs() string {
	ids := make([]string, len(x.docs))
	for i, d := range x.docs {
		ids[i] = d.ID
	}
	return strings.Join(ids, ", ")
}

// lookup resolves a typed reference to exactly one target. sections
// selects section targets instead of units and sub-units.
func (x *Index) lookup(ref string, sections bool) (target, error) {
	t, err := x.lookupRef(ref, sections)
	if err != nil && !strings.ContainsAny(ref, ":：") {
		if name, rest := x.splitDocSpace(strings.TrimSpace(ref)); name != "" {
			return x.lookupRef(name+":"+rest, sections)
		}
	}
	return t, err
}

// lookupClause is lookup of a clause as a person types it (Clause, and
// the article a question cites in a document with language versions):
// one that fails is retried in another language's style (lookupAcross).
func (x *Index) lookupClause(ref string) (target, error) { return x.lookupClauseIn(ref, false) }

// lookupClauseIn is lookupClause; versions also retries a named version
// that lacks the article in its other versions (a question naming the
// English text's title means the agreement, in any version; a typed
// "pact-en:Article 6" means the English text).
func (x *Index) lookupClauseIn(ref string, versions bool) (target, error) {
	t, err := x.lookup(ref, false)
	if err == nil {
		return t, nil
	}
	if !strings.ContainsAny(ref, ":：") {
		if name, rest := x.splitDocSpace(strings.TrimSpace(ref)); name != "" {
			ref = name + ":" + rest
		}
	}
	if t2, err2, ok := x.lookupAcross(ref, err, versions); ok {
		return t2, err2
	}
	return t, err
}

// lookupAcross retries an article reference that failed (err) in another
// language's numbering style, where documents have language versions or
// the document named is in another language (a trial's finds):
//   - "pact:Article 5", the name of a version group, names the version the
//     style is of (pact-en), not "several documents";
//   - "pact-ru:Article 5", "电子商务法:Article 22" (a Chinese document cited
//     in English style, as after reading it) are its Статья 5, 第22条;
//   - "Article 4" where the English version lacks it (its other versions
//     have 第四条, Статья 4) is the other versions' article.
//
// ok is false when no retry applies; then err stands.
func (x *Index) lookupAcross(ref string, err error, versions bool) (target, error, bool) {
	docName, rest := splitDoc(foldRef(ref))
	num, style := articleNumberStyle(rest)
	if num == "" {
		return target{}, nil, false
	}
	if r := bot.ErrorReason(err); r.Kind == bot.ReasonSeveralDocuments && len(r.List) > 1 {
		group := ""
		var in *document
		for _, id := range r.List {
			i := slices.IndexFunc(x.docs, func(d *document) bool { return d.ID == id })
			if i < 0 || x.docs[i].VersionOf == "" || group != "" && x.docs[i].VersionOf != group {
				return target{}, nil, false
			}
			group = x.docs[i].VersionOf
			if x.docs[i].Lang == style {
				in = x.docs[i]
			}
		}
		if in == nil {
			return target{}, nil, false
		}
		if t, err := x.lookupIn([]*document{in}, in.ID, ref, rest, false); err == nil {
			return t, nil, true
		}
		// Lacking it: its other versions' (below).
		docs := []*document{in}
		for _, d := range x.docs {
			if d.VersionOf == group && d != in {
				docs = append(docs, d)
			}
		}
		return x.acrossIn(docs, ref, num, style, true)
	}
	if bot.ErrorCode(err) != bot.ENOTFOUND {
		return target{}, nil, false
	}
	var docs []*document
	if docName != "" {
		if ds := x.docsNamed(docName); len(ds) == 1 {
			docs = ds
			if g := ds[0].VersionOf; g != "" && versions {
				// The version named lacks it: its other versions may not
				// ("dta-en:Article 6" where the English text lacks it).
				for _, d := range x.docs {
					if d.VersionOf == g && d != ds[0] {
						docs = append(docs, d)
					}
				}
			}
		}
	} else {
		// No document named: the versions of a group that lack the
		// article in this style, in their own.
		for _, d := range x.docs {
			if d.VersionOf != "" && d.Lang != style {
				docs = append(docs, d)
			}
		}
	}
	return x.acrossIn(docs, ref, num, style, docName != "")
}

// acrossIn looks article num up in each of docs in its own style, but
// where it was already looked up (in style: the first document when first
// is set, all otherwise), and once per version group. It returns the one
// found, or the first when first is set (the document named, then its
// versions); ok is false for none, or several with first unset.
func (x *Index) acrossIn(docs []*document, ref, num, style string, first bool) (target, error, bool) {
	var found []target
	seen := map[string]bool{}
	for i, d := range docs {
		if d.Lang == style && (!first || i == 0) || d.Lang == "" || seen[d.VersionOf] && d.VersionOf != "" {
			continue // already looked up in this style, or its group found
		}
		t, err := x.lookupIn([]*document{d}, d.ID, ref, articleStyled(num, d.Lang), false)
		if err == nil {
			found = append(found, t)
			seen[d.VersionOf] = true
		}
	}
	if len(found) == 1 || len(found) > 1 && first {
		return found[0], nil, true
	}
	return target{}, nil, false
}

// articleNumberStyle reads a whole article's reference (第22条, 第二十二条,
// Article 22, Статья 22) as its number in Arabic digits and the language
// whose style it is; "" for anything else (a paragraph, a section).
func articleNumberStyle(ref string) (num, lang string) {
	ref = strings.TrimSpace(ref)
	if m := reWholeArticleZh().FindStringSubmatch(ref); m != nil {
		if n, ok := parseNumber(m[1]); ok {
			return strconv.Itoa(n), "zh"
		}
		return "", ""
	}
	if m := reWholeArticleEnRu().FindStringSubmatch(ref); m != nil {
		if strings.EqualFold(m[1], "article") {
			return m[2], "en"
		}
		return m[2], "ru"
	}
	return "", ""
}

var (
	reWholeArticleZh   = lazyre.New(`^第\s*(` + cnNum + `|\d+)\s*条$`)
	reWholeArticleEnRu = lazyre.New(`^(?i)(article|статья)\s+(\d+)$`)
)

// articleStyled writes article number num as a document in lang numbers
// its articles: 第22条, Статья 22, Article 22.
func articleStyled(num, lang string) string {
	switch lang {
	case "zh":
		return "第" + num + "条"
	case "ru":
		return "Статья " + num
	}
	return "Article " + num
}

// lookupRef is lookup without the "doc ref" form (see splitDocSpace).
func (x *Index) lookupRef(ref string, sections bool) (target, error) {
	s := foldRef(ref)
	if s == "" {
		return target{}, bot.Errorf(bot.EINVALID, "empty reference: give one like 第十二条, Article 5 or 二·12")
	}
	docName, rest := splitDoc(s)
	if docName != "" && !x.hasDoc(docName) {
		if reDocIDLike().MatchString(docName) {
			return target{}, x.noDocument(docName)
		}
		// A heading with a colon is not a document prefix.
		docName, rest = "", s
	}
	docs, err := x.docsFor(docName)
	if err != nil {
		return target{}, err
	}
	return x.lookupIn(docs, docName, ref, rest, sections)
}

// lookupIn is lookupRef in docs (named docName, "" for all), for the
// reference rest (ref as typed, for messages).
func (x *Index) lookupIn(docs []*document, docName, ref, rest string, sections bool) (target, error) {
	var heads headingLabels
	for _, d := range docs {
		heads = append(heads, d.heads...)
	}
	ts, err := parseTypedRef(rest, heads)
	if err != nil {
		if sections {
			if t, ok := x.sectionByTitle(docs, rest); ok {
				return t, nil
			}
			e := bot.Errorf(bot.EINVALID, "%q is not a section reference: give one like 第三章, Chapter VII, Глава 2 or 二, or a section's title", ref)
			e.Reason = bot.Reason{Kind: bot.ReasonNotAReference, Ref: ref}
			return target{}, e
		}
		return target{}, err
	}
	loose := false
	find := func(ts []tcomp) []target {
		var found []target
		for _, d := range docs {
			var cands []target
			if sections {
				cands = d.secTargets
			} else {
				for _, k := range ts[len(ts)-1].keys {
					cands = x.targets(d, k, cands)
				}
				if n := len(ts); n > 1 && ts[n-1].k == 'p' && ts[n-2].k == 'A' && slices.Contains(ts[n-1].keys, "1") {
					// "Статья 8 ч. 1" of an article that counts no
					// paragraphs is the article (see matchRef).
					for _, k := range ts[n-2].keys {
						if !slices.Contains(ts[n-1].keys, k) {
							cands = x.targets(d, k, cands)
						}
					}
				}
			}
			found = append(found, resolve(ts, cands, loose)...)
		}
		return found
	}
	found := find(ts)
	if len(found) == 0 {
		if ts2, err := parseTypedRefAs(rest, heads, true); err == nil {
			found = find(ts2)
		}
	}
	if len(found) == 0 && !sections {
		// The containers a reference names may be left out when nothing
		// else fits: "PART 1 Article 4" of an annex whose references all
		// name it (see sameQualifier), where the rest of the document has
		// no PART 1 Article 4; "Annex II Article 1", which its PART 1 and
		// PART 2 both have, is then ambiguous, with both offered.
		loose = true
		found = find(ts)
		loose = false
	}
	if len(found) == 0 && !sections && slices.ContainsFunc(ts, func(t tcomp) bool { return t.k == 'A' && t.style == 'r' }) &&
		slices.ContainsFunc(ts, func(t tcomp) bool { return t.k == 'i' }) && !slices.ContainsFunc(ts, func(t tcomp) bool { return t.k == 'p' }) {
		// "п. 8 ст. 65" of a code whose articles have части (ч. 8): a
		// пункт typed for the part, as people often write; the reference
		// shown says which it is. Russian only: 第二十二条第三项 of an
		// article without items is not its 第三款.
		asParts := slices.Clone(ts)
		for i := range asParts {
			if asParts[i].k == 'i' {
				asParts[i].k = 'p'
			}
		}
		if f := find(asParts); len(f) == 1 {
			found = f
		}
	}
	if len(found) == 0 && sections {
		if t, ok := x.sectionByTitle(docs, rest); ok {
			return t, nil
		}
	}
	if len(found) > 1 {
		found = x.inStyle(found, rest)
	}
	switch {
	case len(found) == 1:
		return found[0], nil
	case len(found) > 1:
		several := false
		for _, f := range found {
			several = several || f.doc != found[0].doc
		}
		// The message names the first 8; Choices holds every one, for
		// the bot to offer them all (a page of buttons at a time).
		var opts, choices []string
		for i, f := range found {
			if i == 8 {
				opts = append(opts, fmt.Sprintf("and %d more", len(found)-8))
			}
			if i < 8 {
				opts = append(opts, x.fullRef(f))
			}
			choices = append(choices, x.fullRef(f))
		}
		e := bot.Errorf(bot.EINVALID, "%q is ambiguous; say which: %s", ref, strings.Join(opts, ", "))
		if several {
			e = bot.Errorf(bot.EINVALID, "%q is in several documents; say which: %s", ref, strings.Join(opts, ", "))
		}
		e.Choices = choices
		return target{}, e
	}
	if !sections {
		if err := x.explainMissing(ref, rest, docName, ts); err != nil {
			return target{}, err
		}
	}
	what := "clause"
	if sections {
		what = "section"
	}
	// The reference as typed (case kept, no document prefix), for messages.
	typed := strings.TrimSpace(ref)
	if docName != "" {
		_, typed = splitDoc(typed)
	}
	if !sections {
		// A section's reference given for a clause: say so, not "no such
		// clause" (/clause 网络安全法:第一章), also when several documents
		// have it (/clause Testimonium, /clause 第二章).
		if _, err := x.lookup(ref, true); err == nil || len(bot.ErrorChoices(err)) > 0 {
			e := bot.Errorf(bot.EINVALID, "%q names a section, not a clause: ask for it with section %s, or give the clause number too", ref, ref)
			e.Reason = bot.Reason{Kind: bot.ReasonNamesSection, Ref: ref}
			return target{}, e
		}
	}
	if len(docs) == 1 {
		d := docs[0]
		msg := fmt.Sprintf("there is no %s %s in %s", what, typed, d.Title)
		if sections {
			msg = fmt.Sprintf("there is no section %s in %s", rest, d.Title)
		}
		if v, ok := bot.ParseSectionNumber(rest); ok && !sections && len(d.sections) > 0 && d.Truncated {
			// "clause 五" of a document cut off in 四: said as "section
			// 五" says it (a trial got a bare "there is no clause 五").
			if maxv := maxSectionNumber(d); v > maxv && maxv > 0 {
				msg += fmt.Sprintf("; the document is truncated: its text ends in section %s", d.sections[len(d.sections)-1].Label)
			}
		}
		if sections {
			if len(d.sections) == 0 {
				msg += " (it has no sections: look its articles up with clause)"
			} else {
				msg += fmt.Sprintf(" (its sections are %s)", sectionLabels(d))
			}
			if v, ok := bot.ParseSectionNumber(rest); ok {
				maxv := maxSectionNumber(d)
				switch {
				case v > maxv && d.Truncated && maxv > 0:
					msg += fmt.Sprintf("; the document is truncated: its text ends in section %s", d.sections[len(d.sections)-1].Label)
				case v > 0 && v < maxv:
					msg += "; the document's numbering skips it"
				}
			}
		}
		e := bot.Errorf(bot.ENOTFOUND, "%s", msg)
		e.Reason = bot.Reason{Kind: bot.ReasonNoSuchClause, Ref: typed, Doc: d.Title}
		if sections {
			e.Reason.Kind = bot.ReasonNoSuchSection
			e.Reason.List = outerSections(d)
		}
		return target{}, e
	}
	e := bot.Errorf(bot.ENOTFOUND, "no document has a %s %s", what, typed)
	e.Reason = bot.Reason{Kind: bot.ReasonNoSuchClause, Ref: typed}
	if sections {
		e.Reason.Kind = bot.ReasonNoSuchSection
	}
	return target{}, e
}

// maxSectionNumber is the highest number of d's numbered sections, 0
// when none is numbered.
func maxSectionNumber(d *document) int {
	maxv := 0
	for _, s := range d.sections {
		if n, ok := bot.ParseSectionNumber(s.Label); ok {
			maxv = max(maxv, n)
		}
	}
	return maxv
}

// sectionByTitle finds the one section whose title is title: "附则",
// "Final Clauses".
func (x *Index) sectionByTitle(docs []*document, title string) (target, bool) {
	var found []target
	for _, d := range docs {
		for i := range d.secTargets {
			if t := d.sections[i].Title; t != "" && refFold(t) == refFold(title) {
				found = append(found, d.secTargets[i])
			}
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return target{}, false
}

var reDocIDLike = lazyre.New(`^[\p{L}\p{N}_-]+$`)

// explainMissing says why a clause reference names nothing, where it can
// tell more than "no such clause": its section does not exist (or lies past
// the end of a truncated document), the section has fewer clauses, the
// number is 0, or the reference names a section, not a clause.
func (x *Index) explainMissing(ref, rest, docName string, ts []tcomp) error {
	last := ts[len(ts)-1]
	if last.k != '?' && last.k != 'o' {
		return nil
	}
	prefix := strings.TrimRight(strings.TrimSpace(rest), "0123456789")
	prefix = strings.TrimRight(prefix, refSeps)
	if docName != "" {
		prefix = docName + ":" + prefix
	}
	if len(ts) == 1 {
		if _, err := x.lookup(rest, true); err == nil {
			e := bot.Errorf(bot.EINVALID, "%q names a section, not a clause: it is not a clause reference; give the clause number too, like 二·12, or ask for the section", ref)
			e.Reason = bot.Reason{Kind: bot.ReasonNamesSection, Ref: ref}
			return e
		}
		return nil
	}
	if strings.TrimRight(strings.TrimSpace(rest), "0123456789") == strings.TrimSpace(rest) {
		return nil // the last component is not written in digits
	}
	sec, err := x.lookup(prefix, true)
	if len(bot.ErrorChoices(err)) > 0 {
		// The section is in several documents, and none of them has the
		// clause ("2.12" with 15 documents): its choices are sections, no
		// answer to a clause asked for (a trial's button to them expired).
		return nil
	}
	if err != nil {
		return err
	}
	if slices.Contains(last.keys, "0") {
		e := bot.Errorf(bot.EINVALID, "clause numbers start at 1 (got %q)", ref)
		e.Reason = bot.Reason{Kind: bot.ReasonClauseZero, Ref: ref}
		return e
	}
	e := bot.Errorf(bot.ENOTFOUND, "section %s of %s has %d clauses; there is no clause %s", sec.sec.Label, sec.doc.Title, len(sec.sec.clauses), last.keys[0])
	e.Reason = bot.Reason{Kind: bot.ReasonPastLastClause, Ref: ref, Doc: sec.doc.Title, Section: sec.sec.Label, Count: len(sec.sec.clauses), Clause: last.keys[0]}
	return e
}

// versionsNamed returns the language versions a name gives: all of a
// group by its shared name ("pact", as front matter's version_of or the
// file names declare it, folders left out), or one by that name and its
// language ("pact-ru"), whatever the documents' ids (a, b; agreement,
// agreement-2 for one folder per language); nil when it names no group.
func (x *Index) versionsNamed(name string) []*document {
	name = strings.ToLower(name)
	var all, one []*document
	for _, d := range x.docs {
		if d.VersionOf == "" {
			continue
		}
		g := strings.ToLower(path.Base(d.VersionOf))
		if g == name || strings.ToLower(d.VersionOf) == name {
			all = append(all, d)
		} else if d.Lang != "" && g+"-"+d.Lang == name {
			one = append(one, d)
		}
	}
	if len(one) == 1 {
		return one
	}
	if len(all) > 1 {
		return all
	}
	return nil
}

// endsInLawWord reports whether an English name ends in its kind of
// instrument ("Anti-Monopoly Law", not "Anti-Monopoly Law Article").
func endsInLawWord(name string) bool {
	ws := strings.Fields(strings.ToLower(name))
	if len(ws) < 2 {
		return false
	}
	last := ws[len(ws)-1]
	return enLawWords[last] || enLawWords[strings.TrimSuffix(last, "s")]
}

func (x *Index) hasDoc(id string) bool { return len(x.docsNamed(id)) > 0 }

// docsNamed returns the documents a "doc:" prefix may name: the one whose
// ID it is (any case); else those whose ID starts with it or whose title
// holds it, so that 网络安全法:第十条 finds 网络安全法-2016-11-07
// (《中华人民共和国网络安全法》) as people shorten a law's name. More than
// one is for the caller to ask about.
func (x *Index) docsNamed(name string) []*document {
	if ds := x.versionsNamed(name); ds != nil {
		return ds
	}
	for _, d := range x.docs {
		if strings.EqualFold(d.ID, name) {
			return []*document{d}
		}
	}
	for _, d := range x.docs {
		// Its file's name, with or without the extension, as /sources
		// shows it (agreement.en.md, agreement.en): the ID spells its
		// dots as hyphens (agreement-en).
		base := path.Base(d.File)
		if strings.EqualFold(base, name) || strings.EqualFold(strings.TrimSuffix(base, path.Ext(base)), name) {
			return []*document{d}
		}
	}
	if utf8.RuneCountInString(name) < 2 {
		return nil
	}
	fold := strings.ToLower(name)
	// A law's name that a title only quotes (最高人民法院关于适用《中华人民
	// 共和国反不正当竞争法》若干问题的解释) is not that document's name: a
	// trial's "反不正当竞争法:第一条" printed the interpretation's 第一条 as
	// the law's, where ask says the law is not loaded.
	law := hasLawSuffix(name)
	var out []*document
	for _, d := range x.docs {
		title := strings.ToLower(d.Title)
		if law {
			title = reQuoted().ReplaceAllString(title, "《》")
		}
		if strings.HasPrefix(strings.ToLower(d.ID), fold) || strings.Contains(title, fold) {
			out = append(out, d)
		}
	}
	if len(out) > 0 {
		return out
	}
	// A law's short name, as a question may cite it (see lawName.loaded):
	// 电商法 for 电子商务法, ВК for the Водный кодекс (the initials of its
	// title's words).
	if en, ok := enLawName(name); ok && endsInLawWord(name) && x.hasChineseDocs() {
		// "Anti-Monopoly Law Article 10", "Cybersecurity Law Chapter 5":
		// the English name of a Chinese law, as a question gives it
		// (docsForNames, sure of it through the titles' translations).
		if ds := x.docsForNames([]lawName{en}, true); len(ds) == 1 {
			for d := range ds {
				return []*document{d}
			}
		}
	}
	var n lawName
	switch {
	case hasLawSuffix(name):
		n = lawName{name: name, words: segmentWords(name)}
	case strings.IndexFunc(name, unicode.IsLetter) >= 0 && strings.IndexFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && r != ' ' }) < 0:
		n = lawName{name: name, keys: []string{strings.ReplaceAll(fold, " ", "")}}
	default:
		return nil
	}
	for _, d := range x.docs {
		if n.loaded(d) {
			out = append(out, d)
		}
	}
	return out
}

// fullRef is a target's reference as users type it: with the document's
// id when several are loaded.
func (x *Index) fullRef(t target) string {
	if x.multi {
		return t.doc.ID + ":" + t.ref()
	}
	return t.ref()
}

func sectionLabels(d *document) string {
	ls := outerSections(d)
	if len(ls) > 12 {
		ls = append(ls[:12], "…")
	}
	return strings.Join(ls, ", ")
}

// outerSections are the labels of a document's outermost sections, the
// preamble (0) left out: what a reply lists when a section is missing
// (a trial saw 0 and the chapters' 第一节 and 第二节 among them).
func outerSections(d *document) []string {
	var ls []string
	for _, s := range d.sections {
		if s.Depth == 0 && s.Label != "0" {
			ls = append(ls, s.Label)
		}
	}
	return ls
}

// Clause returns the unit or sub-unit a reference names: "第十二条",
// "第十二条第二款", "Article 5(2)", "Статья 12 ч. 2", "三（二）1", "二·12",
// "2.12", full-width forms, and with several documents "doc:第十二条". An
// unknown reference is ENOTFOUND; a malformed or ambiguous one EINVALID
// (the message lists the candidates).
func (x *Index) Clause(ctx context.Context, ref string) (bot.Clause, error) {
	// "ГК ст 1149 п 1", "art 5": the abbreviations typed without their
	// dot are read as a question's citation reads them (dotAbbreviations),
	// first; as typed when that finds nothing ("art 5" was read as a
	// document "art" and offered the Protocol's "Articles 2 and 3 5").
	t, err := x.lookupClause(dotAbbreviations(ref))
	if dotted := dotAbbreviations(ref); err != nil && dotted != ref {
		if t0, err0 := x.lookupClause(ref); err0 == nil {
			t, err = t0, nil
		}
	}
	if err != nil {
		return bot.Clause{}, err
	}
	c := x.clauses[t.unit].public()
	if t.sub >= 0 {
		p := c.Parts[t.sub]
		c.Text = c.Text[p.Start:p.End]
		c.Ref = p.Ref
		c.Parts = nil
		c.Lead = ""
	}
	return c, nil
}

// Section returns the units under a section: "第三章", "Chapter VII",
// "Глава 2", "二", "2", "II", "0" (the preamble), "三（二）", or "doc:二".
func (x *Index) Section(ctx context.Context, ref string) ([]bot.Clause, error) {
	if strings.TrimSpace(ref) == "" {
		return nil, bot.Errorf(bot.EINVALID, "empty section: give one like 二, 第三章 or Chapter 2")
	}
	t, err := x.lookup(ref, true)
	if err != nil {
		return nil, err
	}
	out := make([]bot.Clause, len(t.sec.clauses))
	for i, ci := range t.sec.clauses {
		out[i] = x.clauses[ci].public()
		// The clauses of the section asked for: its label, not that of
		// an inner section holding them ("第三章", not "第三章 第一节").
		out[i].Section = t.sec.Label
	}
	return out, nil
}

// parseNumber reads a number: Arabic or Chinese ("12", "十二"). A run of
// Chinese digits without a zero ("一二") is ambiguous and not read (see
// bot.ParseChineseNumeral).
func parseNumber(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	return bot.ParseChineseNumeral(s)
}
