package index

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"clausebot/bot"
	"clausebot/internal/lazyre"
)

// This file recognises what a block is by its first characters: a
// container heading (编/章/节, Part/Chapter, Раздел/Глава, Annex, 附件), an
// article (第X条, Article N, Статья N), a numbered paragraph or item
// (一、 （一） 1. 5.1. (a) a) 1) ①), a bullet (—— - •) or plain text.

// nodeKind is the role of a node in a document tree. The vocabulary is
// Akoma Ntoso's (OASIS LegalDocML): containers (book, part, chapter,
// section), the article, and its paragraphs and points.
type nodeKind uint8

const (
	nodeRoot      nodeKind = iota
	nodeContainer          // a heading that groups articles or paragraphs
	nodeArticle            // 第X条, Article N, Статья N: the unit people cite
	nodeNumbered           // a numbered paragraph or item: 一、 （一） 1. (a) 1)
	nodeBullet             // an unnumbered list item: —— - •
	nodePara               // an unnumbered paragraph
	nodeTable              // a table row with its header
)

// Container kinds, in comp letters (see comp): 'B' book/编, 'P' part/部分/
// Раздел, 'T' title/分编/Подраздел, 'C' chapter/章/Глава, 'S' section/节/§,
// 'X' annex/附件/Приложение, 'h' a heading recognised by its Markdown
// level only.

// containerRank orders container kinds from the outermost: a heading
// closes every open heading of the same or a lower rank. Markdown headings
// of no known kind rank by their level (1–6), above all named kinds.
var containerRank = map[byte]int{'X': 7, 'B': 10, 'P': 11, 'T': 12, 'C': 13, 'S': 14}

// mark is what a block's opening says it is.
type mark struct {
	kind nodeKind
	// ck is the container kind letter for containers.
	ck byte
	// style is the article's citation style: 'z' Chinese (第十二条第二款),
	// 'e' English and other Latin-script (Article 5(2)(a)), 'r' Russian
	// (Статья 12 ч. 2 п. 3).
	style byte
	// scheme names a numbering scheme ("cn" 一、, "(cn)" （一）, "ar." 1.,
	// "ar)" 1), "(ar)" (1), "al)" a), "(al)" (a), "dec" 5.1., "roman" II.,
	// "circ" ①, "bul:—" bullets); siblings share one.
	scheme string
	// label is the number as printed, tidied: "第十二条", "Article 5",
	// "Статья 7¹", "第三章", "Chapter VII", "二", "（一）", "1", "a", "5.1".
	label string
	// key is the number as compared in references: "12", "7^1", "10^1"
	// (第十条之一), "a"; "" for an unnumbered heading.
	key string
	// value is the number's integer value (7 for 7¹), 0 if none.
	value int
	// title is a heading's title after its number.
	title string
	// body is the byte offset, in the block's text, of the text after the
	// marker; len(text) when the marker is all there is.
	body int
}

// maxMarkLine is how many bytes of a block markLine reads: 120 runes of
// title after the longest marker.
const maxMarkLine = 512

const (
	cnNum  = `[一二三四五六七八九十百千零〇两]+`
	supers = `[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]*`
)

var (
	reZhContainer = lazyre.NewAnchored(`^第\s*(` + cnNum + `|\d+)\s*(编|分编|部分|章|节)(?:\s*[、：:．.]?\s*(.*))?$`)
	reZhArticle   = lazyre.NewAnchored(`^第\s*(` + cnNum + `|\d+)\s*条(?:之\s*(` + cnNum + `))?(?:$|[\s、：:．.]\s*)`)
	reZhAnnex     = lazyre.NewAnchored(`^(附件|附录|附表)\s*(\d+|` + cnNum + `)?(?:\s*[：:．.、]?\s*(.*))?$`)
	reEnArticle   = lazyre.NewAnchored(`^(?i:(article|art\.|artikel|artículo|articolo|artigo))\s*(\d+` + supers + `[a-z]?|[IVXLC]+)\b\.?(.*)$`)
	reRuArticle   = lazyre.NewAnchored(`^(Статья|СТАТЬЯ|Стаття|СТАТТЯ)\s*(\d+(?:\.\d+)*` + supers + `)\.?(.*)$`)
	reEnContainer = lazyre.NewAnchored(`^(?i:(book|part|title|chapter|section|annex|appendix|schedule))(?:\s+([IVXLC]+|\d+[A-Z]?|[A-Z]|one|two|three|four|five|six|seven|eight|nine|ten)\b)?\.?(.*)$`)
	reRuContainer = lazyre.NewAnchored(`^(?i:(раздел|подраздел|глава|параграф|приложение))(?:\s+([IVXLC]+|\d+` + supers + `))?\.?(.*)$`)
	reSection     = lazyre.NewAnchored(`^§\s*(\d+` + supers + `)\.?(.*)$`)

	reCnNum    = lazyre.NewAnchored(`^(` + cnNum + `)(?:\s*$|\s*[、．.]\s*|\s+)`)
	reRoman    = lazyre.NewAnchored(`^([IVXLC]{1,7})\.(?:\s+|$)`)
	reArDot    = lazyre.NewAnchored(`^(\d{1,3})(?:[.．、]\s*|\s*$)`)
	reDecimal  = lazyre.NewAnchored(`^(\d{1,3}(?:\.\d{1,3})+)\.?(?:\s+|$)`)
	reArParen  = lazyre.NewAnchored(`^(\d{1,3}` + supers + `)\)\s*`)
	reParenAr  = lazyre.NewAnchored(`^[（(](\d{1,3})[）)]\s*`)
	reParenCn  = lazyre.NewAnchored(`^[（(](` + cnNum + `)[）)]\s*`)
	reParenAl  = lazyre.NewAnchored(`^[（(]([a-z]|[ivx]{1,4})[）)]\s*`)
	reAlParen  = lazyre.NewAnchored(`^([a-zа-я])\)\s*`)
	reAlDot    = lazyre.NewAnchored(`^([a-z])\.\s+\S`)
	reCircled  = lazyre.NewAnchored(`^([①-⑳])\s*`)
	reBullet   = lazyre.NewAnchored(`^(——|—|-\s|\*\s|•|·|●|○|▪|■|◆)\s*`)
	reSupDigit = strings.NewReplacer("⁰", "0", "¹", "1", "²", "2", "³", "3", "⁴", "4", "⁵", "5", "⁶", "6", "⁷", "7", "⁸", "8", "⁹", "9", "⁻", "-")
)

// markLine recognises a block by its opening. s is the block's text with
// its spaces folded (spaceFold); the body offset is into s.
func markLine(s string) mark {
	para := mark{kind: nodePara}
	if s == "" || !canMark(s) {
		return para
	}
	if len(s) > maxMarkLine {
		// A marker and a heading's title fit in the first bytes; matching
		// the whole of a long paragraph made parsing superlinear in
		// practice (the patterns end in (.*)$). A long block is no
		// heading: only its number is read.
		cut := maxMarkLine
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		m := markLine(s[:cut])
		switch m.kind {
		case nodeContainer:
			return para
		case nodeArticle:
			if m.title != "" {
				// What read as a title is the start of the article's text.
				m.body = len(m.label) + strings.Index(s[len(m.label):], m.title)
				m.title = ""
			} else if m.body >= cut {
				m.body = len(s)
			}
		}
		return m
	}
	if m := reZhArticle().FindStringSubmatchIndex(s); m != nil {
		num := s[m[2]:m[3]]
		v, ok := parseNumber(num)
		if !ok {
			return para
		}
		label, key := "第"+num+"条", strconv.Itoa(v)
		if m[4] >= 0 {
			sub := s[m[4]:m[5]]
			sv, _ := bot.ParseChineseNumeral(sub)
			label += "之" + sub
			key += "^" + strconv.Itoa(sv)
		}
		return mark{kind: nodeArticle, style: 'z', label: label, key: key, value: v, body: m[1]}
	}
	if m := reZhContainer().FindStringSubmatch(s); m != nil {
		v, ok := parseNumber(m[1])
		title := titleFold(m[3])
		if ok && headingTitle(title, 40) {
			ck := map[string]byte{"编": 'B', "分编": 'T', "部分": 'P', "章": 'C', "节": 'S'}[m[2]]
			return mark{kind: nodeContainer, ck: ck, label: "第" + m[1] + m[2], key: strconv.Itoa(v), value: v, title: title, body: len(s)}
		}
	}
	if m := reZhAnnex().FindStringSubmatchIndex(s); m != nil && (headingTitle(s[max(m[6], 0):], 40) || m[6] >= 0 && numberMark(s[m[6]:]).kind == nodeNumbered) {
		sub := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return s[m[2*i]:m[2*i+1]]
		}
		mk := mark{kind: nodeContainer, ck: 'X', label: sub(1) + sub(2), title: titleFold(sub(3)), body: len(s)}
		if m[6] >= 0 && numberMark(s[m[6]:]).kind == nodeNumbered {
			// "附件：1.防汛责任人名单": the annex's first item on its line.
			mk.title, mk.body = "", m[6]
		}
		if v, ok := parseNumber(sub(2)); ok {
			mk.key, mk.value = strconv.Itoa(v), v
		}
		return mk
	}
	if m := reRuArticle().FindStringSubmatch(s); m != nil {
		return articleMark('r', "Статья", m[2], m[3], s)
	}
	if m := reEnArticle().FindStringSubmatch(s); m != nil {
		rest := m[3]
		// "Article 1, paragraph 4" or "Article 1 (a)" opening a line is a
		// citation, not the article's heading.
		if t := strings.TrimSpace(rest); t == "" || strings.ContainsAny(t[:1], ".:-–—") || t[0] >= 'A' && t[0] <= 'Z' || strings.HasPrefix(t, "–") || strings.HasPrefix(t, "—") {
			kw := m[1]
			if strings.EqualFold(kw, "art.") {
				kw = "Article"
			}
			return articleMark('e', titleCase(kw), m[2], rest, s)
		}
	}
	if m := reRuContainer().FindStringSubmatch(s); m != nil {
		if mk, ok := containerMark(m[1], m[2], m[3], s); ok {
			return mk
		}
	}
	if m := reEnContainer().FindStringSubmatch(s); m != nil {
		if mk, ok := containerMark(m[1], m[2], m[3], s); ok {
			return mk
		}
	}
	if m := reSection().FindStringSubmatch(s); m != nil && headingTitle(m[2], 80) {
		return mark{kind: nodeContainer, ck: 'S', label: "§ " + m[1], key: supKey(m[1]), value: supValue(m[1]), title: strings.TrimSpace(m[2]), body: len(s)}
	}
	return numberMark(s)
}

// numberMark recognises numbered paragraphs, items and bullets.
func numberMark(s string) mark {
	para := mark{kind: nodePara}
	num := func(scheme, label, key string, v, body int) mark {
		return mark{kind: nodeNumbered, scheme: scheme, label: label, key: key, value: v, body: body}
	}
	if m := reParenCn().FindStringSubmatchIndex(s); m != nil {
		if v, ok := bot.ParseChineseNumeral(s[m[2]:m[3]]); ok {
			return num("(cn)", "（"+s[m[2]:m[3]]+"）", strconv.Itoa(v), v, m[1])
		}
	}
	if m := reParenAr().FindStringSubmatchIndex(s); m != nil {
		v, _ := strconv.Atoi(s[m[2]:m[3]])
		return num("(ar)", "("+s[m[2]:m[3]]+")", strconv.Itoa(v), v, m[1])
	}
	if m := reParenAl().FindStringSubmatchIndex(s); m != nil {
		l := s[m[2]:m[3]]
		return num("(al)", "("+l+")", l, letterValue(l), m[1])
	}
	if m := reDecimal().FindStringSubmatchIndex(s); m != nil {
		l := s[m[2]:m[3]]
		parts := strings.Split(l, ".")
		v, _ := strconv.Atoi(parts[len(parts)-1])
		return num("dec"+strconv.Itoa(len(parts)), l, l, v, m[1])
	}
	if m := reArParen().FindStringSubmatchIndex(s); m != nil {
		l := s[m[2]:m[3]]
		return num("ar)", l, supKey(l), supValue(l), m[1])
	}
	if m := reArDot().FindStringSubmatchIndex(s); m != nil {
		rest := s[m[1]:]
		if r, _ := utf8.DecodeRuneInString(rest); !(r >= '0' && r <= '9') && !strings.HasPrefix(rest, "%") {
			v, _ := strconv.Atoi(s[m[2]:m[3]])
			return num("ar.", s[m[2]:m[3]], strconv.Itoa(v), v, m[1])
		}
	}
	if m := reCnNum().FindStringSubmatchIndex(s); m != nil {
		if v, ok := bot.ParseChineseNumeral(s[m[2]:m[3]]); ok {
			return num("cn", s[m[2]:m[3]], strconv.Itoa(v), v, m[1])
		}
	}
	if m := reRoman().FindStringSubmatchIndex(s); m != nil {
		if v, ok := bot.ParseRomanNumeral(s[m[2]:m[3]]); ok {
			return num("roman", s[m[2]:m[3]], strconv.Itoa(v), v, m[1])
		}
	}
	if m := reAlParen().FindStringSubmatchIndex(s); m != nil {
		l := s[m[2]:m[3]]
		return num("al)", l, l, letterValue(l), m[1])
	}
	if m := reAlDot().FindStringSubmatchIndex(s); m != nil {
		// "a. text", as a browser numbers <ol type="a">.
		l := s[m[2]:m[3]]
		return num("al.", l, l, letterValue(l), m[3]+2)
	}
	if m := reCircled().FindStringSubmatchIndex(s); m != nil {
		r, _ := utf8.DecodeRuneInString(s[m[2]:m[3]])
		v := int(r-'①') + 1
		return num("circ", s[m[2]:m[3]], strconv.Itoa(v), v, m[1])
	}
	if m := reBullet().FindStringSubmatchIndex(s); m != nil && m[1] < len(s) {
		return mark{kind: nodeBullet, scheme: bulletScheme(strings.TrimSpace(s[m[2]:m[3]])), body: m[1]}
	}
	return para
}

// bulletScheme is "bul:" + marker, made once for reBullet's markers: a
// new string for every bullet of a document was most of what marking it
// allocated.
func bulletScheme(marker string) string {
	switch marker {
	case "——":
		return "bul:——"
	case "—":
		return "bul:—"
	case "-":
		return "bul:-"
	case "*":
		return "bul:*"
	case "•":
		return "bul:•"
	case "·":
		return "bul:·"
	case "●":
		return "bul:●"
	case "○":
		return "bul:○"
	case "▪":
		return "bul:▪"
	case "■":
		return "bul:■"
	case "◆":
		return "bul:◆"
	}
	return "bul:" + marker
}

// articleMark builds an article's mark. rest is what follows the number:
// a title ("Статья 1. Основные понятия"), or for a run-in article the
// first paragraph.
func articleMark(style byte, kw, num, rest, s string) mark {
	rest = strings.TrimLeft(rest, " .:-–—")
	mk := mark{kind: nodeArticle, style: style, label: kw + " " + num, key: supKey(num), value: supValue(num), body: len(s)}
	if v, ok := bot.ParseRomanNumeral(num); ok && style == 'e' {
		mk.key, mk.value = strconv.Itoa(v), v
	}
	mk.key = articleKey(kw, mk.key)
	if rest != "" {
		if headingTitle(rest, 200) || style == 'r' {
			mk.title = rest
		} else {
			mk.body = len(s) - len(rest)
		}
	}
	return mk
}

// containerMark builds the mark of a named container: Part II, CHAPTER I,
// Глава 61, Annex, Приложение 2.
func containerMark(word, num, rest, s string) (mark, bool) {
	w := strings.ToLower(word)
	ck := map[string]byte{"book": 'B', "part": 'P', "title": 'T', "chapter": 'C', "section": 'S',
		"annex": 'X', "appendix": 'X', "schedule": 'X',
		"раздел": 'P', "подраздел": 'T', "глава": 'C', "параграф": 'S', "приложение": 'X'}[w]
	if num == "" && ck != 'X' {
		return mark{}, false
	}
	title := strings.TrimSpace(strings.TrimLeft(rest, " .:-–—"))
	if !headingTitle(title, 120) {
		return mark{}, false
	}
	if title != "" {
		r, _ := utf8.DecodeRuneInString(title)
		if r >= 'a' && r <= 'z' || r >= 'а' && r <= 'я' {
			return mark{}, false // "Section 2 of this Act …"
		}
	}
	mk := mark{kind: nodeContainer, ck: ck, label: strings.TrimSpace(word + " " + num), title: title, body: len(s)}
	if num != "" {
		if v, ok := bot.ParseRomanNumeral(strings.ToUpper(num)); ok {
			mk.key, mk.value = strconv.Itoa(v), v
		} else if v, ok := englishNumber(strings.ToLower(num)); ok {
			mk.key, mk.value = strconv.Itoa(v), v
		} else {
			mk.key, mk.value = supKey(num), supValue(num)
			if mk.value == 0 {
				mk.key = strings.ToLower(num)
			}
		}
	}
	return mk, true
}

// headingTitle reports whether s can be the title on a heading line: at
// most max runes and not a sentence (no 。 or ；, not ending in a comma).
// A title may end in ？ or ? ("一、谁可以报销？") or hold commas.
func headingTitle(s string, max int) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return true
	}
	if utf8.RuneCountInString(s) > max {
		return false
	}
	if strings.ContainsAny(s, "。；;") {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	return !strings.ContainsRune("，,、：:", last)
}

// titleFold tidies a heading title: spaces between Chinese characters
// ("总　　则") are dropped, other runs of spaces become one.
func titleFold(s string) string {
	s = spaceFold(s)
	if !strings.Contains(s, " ") {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if r == ' ' && i > 0 && i+1 < len(rs) && isWide(rs[i-1]) && isWide(rs[i+1]) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + strings.ToLower(s[n:])
}

// supKey writes a number with superscripts for comparison: "7¹" → "7^1",
// "52¹⁻¹" → "52^1-1".
func supKey(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return strings.ContainsRune("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", r) })
	if i < 0 {
		return strings.TrimLeft(s, "0")
	}
	return strings.TrimLeft(s[:i], "0") + "^" + reSupDigit.Replace(s[i:])
}

func supValue(s string) int {
	i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	if i >= 0 {
		s = s[:i]
	}
	v, _ := strconv.Atoi(s)
	return v
}

func letterValue(l string) int {
	if v, ok := bot.ParseRomanNumeral(strings.ToUpper(l)); ok && len(l) > 1 {
		return v
	}
	r, _ := utf8.DecodeRuneInString(l)
	switch {
	case r >= 'a' && r <= 'z':
		return int(r-'a') + 1
	case r >= 'а' && r <= 'я':
		return int(r-'а') + 1
	}
	return 0
}

var englishNumbers = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}

func englishNumber(s string) (int, bool) {
	v, ok := englishNumbers[s]
	return v, ok
}

// articleKey is an article number as compared: the number alone for
// 第X条, Article and Статья, and prefixed with the word for other
// languages' articles ("artikel 5"), so a translation appended to a
// treaty does not collide with the original.
func articleKey(kw, num string) string {
	switch strings.ToLower(kw) {
	case "article", "art.", "статья", "стаття", "":
		return num
	}
	return strings.ToLower(kw) + " " + num
}

// canMark reports whether s starts with a character some marker starts
// with, so most paragraphs of Chinese text skip the regular expressions.
func canMark(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	switch {
	case r < utf8.RuneSelf:
		return true // digits, Latin letters, ( - * §
	case unicode.Is(unicode.Cyrillic, r), r >= '①' && r <= '⑳':
		return true
	}
	return strings.ContainsRune("第附（一二三四五六七八九十百千零〇两—•·●○▪■◆§", r)
}
