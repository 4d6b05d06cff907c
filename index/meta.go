package index

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"clausebot/internal/lazyre"
)

// This file reads a document's metadata from its header and its end: the
// title (YAML front matter, the first heading in the document's language,
// a title split over two lines joined), the document number (国发〔2019〕5号,
// 法释〔2022〕9号, № 74-ФЗ), the adoption or issue date (a header line, the
// signed date at the end, "DONE at … on …"), and the effective date (施行).
// Header lines and signature blocks are metadata, not clauses.

// docMeta is what the header and end of a document say about it.
type docMeta struct {
	title, number, date, effective string
	truncated                      bool
	versionOf, lang                string // declared in front matter (see frontMatter)
}

var (
	reZhDate    = lazyre.New(`(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日`)
	reISODate   = lazyre.New(`\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\D|$)`)
	reDotDate   = lazyre.New(`\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b`)
	reRuDate    = lazyre.New(`(\d{1,2})\s+(января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)\s+(\d{4})`)
	reEnDate1   = lazyre.New(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?(January|February|March|April|May|June|July|August|September|October|November|December),?\s+(\d{4})\b`)
	reEnDate2   = lazyre.New(`(?i)\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`)
	reDone      = lazyre.New(`(?i)\b(?:DONE|signed)\s+at\s+(?:[^,;]{2,60},\s*|[^,;]{2,60}?\s+(?:on|this)\s+)(?:on\s+|this\s+)?(?:the\s+)?([^,;]{5,120})`)
	reEffective = lazyre.New(`自\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*起\s*施行|(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*施行`)
	reDocNumber = lazyre.New(`[\p{Han}]{1,10}[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*第?\s*\d{1,5}\s*号|№\s*\d+(?:[-‑–][А-ЯA-Z]{1,4})?`)
	reDateOnly  = lazyre.NewAnchored(`^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?|\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2}\s+(?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)\s+\d{4}(?:\s+(?:года|г\.))?|(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},\s+\d{4}|\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4})$`)
	reURL       = lazyre.NewAnchored(`^(?:https?://|www\.)\S+$`)
	// reLeftover matches the notices a web page leaves when text was saved
	// from a preview: "预览已结束", "阅读全文", "完整报告链接和二维码如下" …
	reLeftover = lazyre.New(`(?i)预览已?结束|试读(已)?结束|未完待续|剩余.{0,10}未显示|完整(报告|版|内容|全文)|阅读全文|查看全文|点击.{0,8}(查看|阅读|下载)|二维码|扫码|preview (has )?ended|end of preview|continue reading|read the full|to be continued|subscribe to read`)
	// reClosingFormula is the closing formula (结束语) of a Chinese
	// official document on a line of its own: 特此通知 (通告, 公告, 批复,
	// 函告 …), 此复, 此函, 专此报告, 妥否，请批示 (GB/T 9704-2012 and the
	// usage of 党政机关公文处理工作条例 notices, replies and letters).
	reClosingFormula = lazyre.NewAnchored(`^(?:特此(?:通知|通告|公告|批复|函复|函告|函达|报告|说明|证明|函)|此复|此函|专此(?:报告|函达|函告)|妥否，请批示|以上报告，请审阅)[。！.!]?$`)
	reClosing        = lazyre.NewAnchored(`^(?i:in witness whereof|done at |done in |signed at |en foi de quoi|в удостоверение чего|совершено в )`)
	reAdopted        = lazyre.New(`通过|公布|发布|印发|签署|颁布|Принят|adopted|signed|done`)
)

var months = map[string]int{"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
	"september": 9, "october": 10, "november": 11, "december": 12,
	"января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7, "августа": 8,
	"сентября": 9, "октября": 10, "ноября": 11, "декабря": 12}

// findDate returns the first date in s as YYYY-MM-DD, or "".
func findDate(s string) string {
	iso := func(y, m, d int) string {
		if y < 1000 || m < 1 || m > 12 || d < 1 || d > 31 {
			return ""
		}
		return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
	}
	atoi := func(s string) int { v, _ := strconv.Atoi(s); return v }
	type hit struct {
		at   int
		date string
	}
	var best *hit
	try := func(lazy func() *regexp.Regexp, f func(m []string) string) {
		re := lazy()
		if loc := re.FindStringSubmatchIndex(s); loc != nil {
			m := re.FindStringSubmatch(s)
			if d := f(m); d != "" && (best == nil || loc[0] < best.at) {
				best = &hit{loc[0], d}
			}
		}
	}
	try(reZhDate, func(m []string) string { return iso(atoi(m[1]), atoi(m[2]), atoi(m[3])) })
	try(reISODate, func(m []string) string { return iso(atoi(m[1]), atoi(m[2]), atoi(m[3])) })
	try(reDotDate, func(m []string) string { return iso(atoi(m[3]), atoi(m[2]), atoi(m[1])) })
	try(reRuDate, func(m []string) string { return iso(atoi(m[3]), months[m[2]], atoi(m[1])) })
	try(reEnDate1, func(m []string) string { return iso(atoi(m[3]), months[strings.ToLower(m[2])], atoi(m[1])) })
	try(reEnDate2, func(m []string) string { return iso(atoi(m[3]), months[strings.ToLower(m[1])], atoi(m[2])) })
	if best == nil {
		return ""
	}
	return best.date
}

// wordsDate reads a date written in words, as treaties end: "thirteen
// January 2000", "the twenty-sixth day of September one thousand nine
// hundred and twenty-seven".
func wordsDate(s string) string {
	s = strings.ToLower(s)
	fields := strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == '.' })
	mi := -1
	for i, f := range fields {
		if _, ok := months[f]; ok && f != "may" || f == "may" && i > 0 {
			mi = i
			break
		}
	}
	if mi <= 0 {
		return ""
	}
	day := wordsNumber(strings.Join(fields[:mi], " "))
	yearWords := fields[mi+1:]
	year := 0
	if len(yearWords) > 0 {
		if v, err := strconv.Atoi(yearWords[0]); err == nil {
			year = v
		} else {
			year = wordsNumber(strings.Join(yearWords, " "))
		}
	}
	if day < 1 || day > 31 || year < 1000 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", year, months[fields[mi]], day)
}

var numberWords = map[string]int{
	"one": 1, "first": 1, "two": 2, "second": 2, "three": 3, "third": 3, "four": 4, "fourth": 4, "five": 5, "fifth": 5,
	"six": 6, "sixth": 6, "seven": 7, "seventh": 7, "eight": 8, "eighth": 8, "nine": 9, "ninth": 9, "ten": 10, "tenth": 10,
	"eleven": 11, "eleventh": 11, "twelve": 12, "twelfth": 12, "thirteen": 13, "thirteenth": 13, "fourteen": 14, "fourteenth": 14,
	"fifteen": 15, "fifteenth": 15, "sixteen": 16, "sixteenth": 16, "seventeen": 17, "seventeenth": 17, "eighteen": 18,
	"eighteenth": 18, "nineteen": 19, "nineteenth": 19, "twenty": 20, "twentieth": 20, "thirty": 30, "thirtieth": 30,
	"forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

// wordsNumber reads an English number in words, the trailing part of s
// that is one: "the twenty-sixth day of" → 26, "one thousand nine hundred
// and twenty-seven" → 1927. It returns 0 when there is none.
func wordsNumber(s string) int {
	total, cur, seen := 0, 0, false
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '-' }) {
		switch {
		case w == "and" || w == "the" || w == "day" || w == "of" || w == "on":
		case w == "hundred":
			cur *= 100
		case w == "thousand":
			total += cur * 1000
			cur = 0
		default:
			if v, err := strconv.Atoi(strings.TrimRight(w, "stndrh")); err == nil {
				cur += v
				seen = true
			} else if v, ok := numberWords[w]; ok {
				cur += v
				seen = true
			} else {
				total, cur, seen = 0, 0, false
			}
		}
	}
	if !seen {
		return 0
	}
	return total + cur
}

// isHeaderLine reports whether a block of the header is metadata rather
// than text: short, or a date, revision or number line. first is true for
// the document's first block, which may be a long title (a PDF's title
// wrapped over two lines comes out as one paragraph).
func isHeaderLine(b block, first bool) bool {
	s := spaceFold(b.text)
	if first && b.md == 0 && utf8.RuneCountInString(s) <= 150 && markLine(s).kind == nodePara {
		last, _ := utf8.DecodeLastRuneInString(s)
		if !strings.ContainsRune("。；;：:，,.!?！？", last) && !strings.ContainsAny(s, "。；;") {
			return true
		}
	}
	if b.md > 0 {
		m := markLine(s)
		return m.kind == nodePara || m.kind == nodeContainer && m.ck == 'h'
	}
	if m := markLine(s); m.kind != nodePara {
		return false
	}
	if reDocNumber().MatchString(s) && utf8.RuneCountInString(s) <= 40 {
		return true
	}
	if (strings.HasPrefix(s, "（") || strings.HasPrefix(s, "(")) && findDate(s) != "" {
		return true // the revision history: （1994年5月12日…通过 …）
	}
	if findDate(s) != "" && utf8.RuneCountInString(s) <= 120 && !strings.ContainsAny(s, "。") {
		return true
	}
	if isCaps(s) && utf8.RuneCountInString(s) <= 200 && !strings.ContainsAny(s, ";:") {
		return true // "CONVENTION ON THE EXECUTION OF FOREIGN ARBITRAL AWARDS."
	}
	if utf8.RuneCountInString(s) > 60 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	return !strings.ContainsRune("。；;：:，,.!?！？", last) && !strings.Contains(s, "。")
}

// latinLang tells English from Dutch and other Latin-script languages in
// a title, by their commonest function words: 'e', 'o' (other) or 0.
func latinLang(s string) byte {
	en, other := latinWords(s)
	return latinOf(en, other)
}

// latinWords counts the English and the other function words latinLang
// looks for in s.
func latinWords(s string) (en, other int) {
	if !hasASCIILetter(s) {
		// Every word counted has an ASCII letter other than i and k, the
		// only ones a non-ASCII rune lower-cases to (İ, K): a Chinese
		// block is not split into words (TestParseFastPaths).
		return 0, 0
	}
	for w := range strings.FieldsSeq(s) {
		// No word of more than 30 bytes lower-cases to one of these (of
		// at most 10; lower-casing shortens a rune by 2 bytes at most):
		// a Chinese text's long runs are not lower-cased.
		if len(w) > 30 {
			continue
		}
		switch strings.ToLower(w) {
		case "the", "of", "on", "for", "to", "and", "in", "concerning", "between":
			en++
		case "de", "het", "van", "een", "inzake", "voor", "bij", "op", "nopens", "tot", "der", "en", "des", "la", "le", "du", "und", "über":
			other++
		}
	}
	return en, other
}

// hasASCIILetter reports whether s holds a letter a–z or A–Z.
func hasASCIILetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; 'a' <= c && c <= 'z' {
			return true
		}
	}
	return false
}

// latinOf is latinLang's answer from the counts of latinWords.
// closingLevel is the Markdown level of the heading put above a treaty's
// closing (see closingHeading): a level no real heading of the documents
// uses, so the closing is a section of the document's outermost level.
const closingLevel = 6

// closingHeading names the section holding a treaty's closing formula,
// in the language of its first line (reClosing): the testimonium, as
// treaty practice calls the "IN WITNESS WHEREOF … DONE at …" clause.
func closingHeading(first string) string {
	switch r, _ := utf8.DecodeRuneInString(first); {
	case unicode.Is(unicode.Cyrillic, r):
		return closingRu
	case strings.HasPrefix(strings.ToLower(first), "en foi"):
		return closingFr
	}
	return closingTestimonium
}

// The headings closingHeading gives.
const (
	closingTestimonium = "Testimonium"
	closingRu          = "Заключительная формула"
	closingFr          = "Formule finale"
)

func latinOf(en, other int) byte {
	switch {
	case en > other:
		return 'e'
	case other > en:
		return 'o'
	}
	return 0
}

func isCaps(s string) bool {
	letters, upper := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Han, r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return letters > 3 && upper == letters
}

// readMeta takes the metadata out of a document's blocks: the header (its
// leading short lines: headings, title, dates, numbers, revision history),
// signature blocks, and web-page leftovers at the end. It returns the
// blocks that remain text.
func readMeta(file string, bs []block, fm frontMatter, warn func(int, string, ...any)) ([]block, docMeta) {
	meta := docMeta{title: fm.title, number: fm.number, effective: findDateOr(fm.effective), versionOf: fm.versionOf, lang: fm.lang}
	// Web-page leftovers at the end: notices and bare links.
	for len(bs) > 0 {
		b := bs[len(bs)-1]
		s := spaceFold(b.text)
		switch {
		case reURL().MatchString(s):
			warn(b.line, "dropped a bare link at the end (%s)", s)
		case utf8.RuneCountInString(s) <= 80 && reLeftover().MatchString(s):
			warn(b.line, "dropped a web-page notice at the end (%q); the document is marked truncated", s)
			meta.truncated = true
		default:
			goto done
		}
		bs = bs[:len(bs)-1]
	}
done:
	// A blockquote above a Markdown document's first heading is a note
	// about the file (where it was taken from), not the document's text.
	for i, b := range bs {
		if b.md > 0 {
			kept := bs[:0:0]
			for _, q := range bs[:i] {
				if !q.quote {
					kept = append(kept, q)
				}
			}
			bs = append(kept, bs[i:]...)
			break
		}
	}
	// The header.
	h := 0
	for h < len(bs) && h < 40 && isHeaderLine(bs[h], h == 0) {
		h++
	}
	header := bs[:h]
	// latinLang of the first 40 blocks of text joined by spaces, counted
	// block by block (no word spans two).
	en, other := 0, 0
	for _, b := range bs[h:min(len(bs), h+40)] {
		e, o := latinWords(b.text)
		en, other = en+e, other+o
	}
	lang := latinOf(en, other)
	var dates []string
	titleAt := -1
	for i, b := range header {
		s := spaceFold(b.text)
		if meta.number == "" && utf8.RuneCountInString(s) <= 60 {
			if m := reDocNumber().FindString(s); m != "" {
				meta.number = m
			}
		}
		if d := findDate(s); d != "" {
			if strings.Contains(s, "施行") && !reAdopted().MatchString(s) {
				if meta.effective == "" {
					meta.effective = d
				}
			} else {
				// A revised law lists its versions: the latest is the
				// text's own date.
				for _, dd := range reZhDate().FindAllString(s, -1) {
					dates = append(dates, findDate(dd))
				}
				dates = append(dates, d)
			}
			continue
		}
		if meta.title == "" && isTitleCandidate(s) && !reDocNumber().MatchString(s) {
			if b.text != "" && latinLang(s) == 'o' && lang != 'o' {
				continue // a translation's title: "Verdrag inzake …"
			}
			// A Markdown heading above a deeper one ("# IT FAQ" over "##
			// Passwords") is the title, in capitals or not: a trial's FAQ
			// was titled "Passwords", its first section made its preamble.
			subheading := b.md > 0 && i+1 < len(header) && header[i+1].md > b.md
			if isCaps(s) && !subheading && !unicode.Is(unicode.Han, firstRune(s)) && i+1 < len(header) && !isCaps(spaceFold(header[i+1].text)) && isTitleCandidate(spaceFold(header[i+1].text)) && findDate(header[i+1].text) == "" {
				continue // "РОССИЙСКАЯ ФЕДЕРАЦИЯ" above the title
			}
			if reDesignation().MatchString(s) && slices.ContainsFunc(header[i+1:], func(b block) bool {
				n := spaceFold(b.text)
				return isTitleCandidate(n) && !reDesignation().MatchString(n) && !reDocNumber().MatchString(n) && findDate(n) == ""
			}) {
				continue // "ФЕДЕРАЛЬНЫЙ ЗАКОН", "中华人民共和国主席令" above the title
			}
			meta.title = strings.TrimSpace(s)
			titleAt = i
			if i+1 < len(header) {
				next := spaceFold(header[i+1].text)
				if joinsTitle(meta.title, next) {
					meta.title = joinTitle(meta.title, next)
				}
			}
		}
	}
	headerDate := ""
	for _, d := range dates {
		headerDate = max(headerDate, d)
	}
	// The passes below filter body in place, over bs's blocks after the
	// header, which are not read again: not copied.
	body := bs[h:]
	// Headings after the title belong to the body ("# Title" then "## Scope"),
	// and all of them when the title came from front matter.
	if titleAt >= 0 || fm.title != "" {
		var back []block
		for _, b := range header[titleAt+1:] {
			if b.md > 0 && refFold(b.text) != refFold(meta.title) && !(latinLang(b.text) == 'o' && lang != 'o') {
				back = append(back, b)
			}
		}
		if len(back) > 0 {
			body = append(back, body...)
		}
	}
	// Title lines repeated in the body (a heading, or a title split over
	// several lines under the header).
	if meta.title != "" {
		tf := refFold(meta.title)
		tfRunes := utf8.RuneCountInString(tf)
		out := body[:0]
		for i := 0; i < len(body); i++ {
			b := body[i]
			// A block whose fold has more runes than the title's is
			// neither the title nor its start: not folded (a sixth of
			// readMeta's time at 1M clauses).
			if i < 20 && !refFoldLonger(b.text, tfRunes) {
				bf := refFold(b.text)
				if bf == tf {
					continue
				}
				if b.md == 0 && strings.HasPrefix(tf, bf) && utf8.RuneCountInString(b.text) <= 40 {
					acc, j := bf, i+1
					for j < len(body) && len(acc) < len(tf) && strings.HasPrefix(tf, acc+refFold(body[j].text)) {
						acc += refFold(body[j].text)
						j++
					}
					if acc == tf {
						i = j - 1
						continue
					}
				}
			}
			out = append(out, b)
		}
		body = out
	}
	// A document number under the repeated title ("法释〔2022〕9号").
	if len(body) > 0 && utf8.RuneCountInString(body[0].text) <= 30 && reDocNumber().MatchString(body[0].text) {
		if meta.number == "" {
			meta.number = reDocNumber().FindString(body[0].text)
		}
		body = body[1:]
	}
	// Signature blocks: a date alone on its line, with the signer's short
	// lines before it and a number or place after it, at the end or before
	// an attached document's title.
	// folds[i] is spaceFold(body[i].text), for both passes; outFolds
	// keeps it for the blocks kept.
	folds := make([]string, len(body))
	for i := range body {
		folds[i] = spaceFold(body[i].text)
	}
	signed := ""
	out, outFolds := body[:0], folds[:0]
	for i := 0; i < len(body); i++ {
		s := folds[i]
		if !reDateOnly().MatchString(s) || body[i].md > 0 {
			out, outFolds = append(out, body[i]), append(outFolds, s)
			continue
		}
		j := i + 1
		for j < len(body) && j < i+3 && isSignatureLine(folds[j]) {
			j++
		}
		if j < len(body) && !(isTitleCandidate(folds[j]) || body[j].md > 0) {
			out, outFolds = append(out, body[i]), append(outFolds, s)
			continue
		}
		k := len(out)
		for k > 0 && len(out)-k < 3 && isSignatureLine(outFolds[k-1]) {
			k--
		}
		if k > 0 && reClosingFormula().MatchString(outFolds[k-1]) {
			k-- // 特此通知。 above the signer
		}
		for _, f := range append(append([]string(nil), outFolds[k:]...), folds[i+1:j]...) {
			if m := reDocNumber().FindString(f); m != "" && (meta.number == "" || fm.number == "" && j == len(body)) {
				meta.number = m
			}
		}
		out, outFolds = out[:k], outFolds[:k]
		if signed == "" || j == len(body) {
			signed = findDate(s)
		}
		i = j - 1
	}
	body, folds = out, outFolds
	// The closing formula of an official document ends its text, with or
	// without a signature under it: no words of its last clause.
	if n := len(body); n > 0 && body[n-1].md == 0 && reClosingFormula().MatchString(folds[n-1]) {
		body, folds = body[:n-1], folds[:n-1]
	}
	// A treaty's closing ("IN WITNESS WHEREOF …", "DONE at …") and the
	// signatures under it, up to the next heading (an annex), are not
	// text of its last article: they become a section of their own,
	// headed by closingHeading, since they say where and when the treaty
	// was signed and which language versions are authentic ("In which
	// languages is the Convention authentic?"), which no article may say.
	out = make([]block, 0, len(body)+1)
	for i := 0; i < len(body); i++ {
		if body[i].md == 0 && reClosing().MatchString(folds[i]) {
			out = append(out, block{md: closingLevel, text: closingHeading(folds[i]), page: body[i].page})
			j := i
			for j < len(body) && body[j].md == 0 && markLine(folds[j]).kind != nodeContainer && markLine(folds[j]).kind != nodeArticle {
				if signed == "" {
					signed = closingDate(body[j].text)
				}
				out = append(out, body[j])
				j++
			}
			i = j - 1
			continue
		}
		out = append(out, body[i])
	}
	body = out
	meta.date = signed
	if meta.date == "" {
		meta.date = headerDate
	}
	if meta.date == "" {
		for i := range body {
			if d := closingDate(body[i].text); d != "" {
				meta.date = d
				break
			}
		}
	}
	if meta.date == "" {
		meta.date = findDateOr(fm.date)
	}
	if meta.date == "" {
		meta.date = findDate(file) // "外商投资法(2019-03-15).md"
	}
	if meta.effective == "" {
		for _, b := range body {
			if !strings.Contains(b.text, "施行") {
				if d := effectiveEnRu(b.text); d != "" {
					meta.effective = d
				}
				continue // reEffective needs it: most lines have none
			}
			if m := reEffective().FindStringSubmatch(b.text); m != nil {
				meta.effective = findDate(m[1] + m[2])
			}
		}
	}
	if originalEffective(meta.effective, meta.date) {
		// A revised law keeps its first text's 本法自2008年8月1日起施行
		// (反垄断法 as amended 2022-06-24): not when this text took
		// effect, which it does not say.
		meta.effective = ""
	}
	return body, meta
}

// originalEffective reports whether effective, a date a text says it
// takes effect, is more than a year before date, the text's own: that of
// the original law a revision kept, not the revision's. Both are
// YYYY-MM-DD; a date only partly read is not compared.
func originalEffective(effective, date string) bool {
	if len(effective) != 10 || len(date) != 10 {
		return false
	}
	e, err1 := time.Parse(time.DateOnly, effective)
	d, err2 := time.Parse(time.DateOnly, date)
	return err1 == nil && err2 == nil && e.AddDate(1, 0, 0).Before(d)
}

// refFoldLonger reports whether refFold(s) has more than n runes, reading
// no more of s than it needs to tell: refFold writes a rune for each rune
// of s but the spaces it drops.
func refFoldLonger(s string, n int) bool {
	if n < 0 {
		return true
	}
	for _, r := range s {
		if isHanBlock(r) || !unicode.IsSpace(unicode.ToLower(foldRune(r))) {
			if n--; n < 0 {
				return true
			}
		}
	}
	return false
}

var (
	// reEffectiveEnRu finds the act's own commencement, its date after the
	// match: "This Regulation shall come into force on 1 January 2025",
	// "Настоящий Федеральный закон вступает в силу с 1 сентября 2024 года".
	reEffectiveEnRu = lazyre.New(`(?i)\b(?:this|these|the present)\s+(?:[^\s.;]+\s+){1,15}?(?:shall\s+)?(?:comes?|enters?)\s+into\s+(?:force|operation)\s+on\s+|(?:^|\s)настоящ[а-я]+\s+(?:[^\s.;]+\s+){1,8}?вступа(?:ет|ют)\s+в\s+силу\s+(?:с\s+)?`)
	// reDesignation matches a header line that names the state or the
	// kind of act above the title, not its subject: "РОССИЙСКАЯ
	// ФЕДЕРАЦИЯ", "ФЕДЕРАЛЬНЫЙ ЗАКОН", "中华人民共和国主席令", "第五十三号",
	// "STATUTORY INSTRUMENTS", "2024 No. 123".
	reDesignation = lazyre.New(`^(?i:(?:российская\s+федерация|федеральный(?:\s+конституционный)?\s+закон|закон|указ|постановление|распоряжение|приказ)(?:\s+(?:президента\s+)?(?:правительства\s+)?российской\s+федерации)?|правительство\s+российской\s+федерации|(?:scottish\s+)?statutory\s+instruments|\d{4}\s+no\.\s*\d+(?:\s*\([^)]*\))?)$|^(?:中华人民共和国(?:主席令|国务院令)?|(?:主席|国务院)令|第\s*[0-9一二三四五六七八九十百千零〇]+\s*号)$`)
)

// effectiveEnRu reads the date an English or Russian act says it comes
// into force on (reEffectiveEnRu), or "".
func effectiveEnRu(s string) string {
	if !strings.Contains(s, " force") && !strings.Contains(s, " operation") && !strings.Contains(s, " в силу") {
		return "" // the regexp needs one: most lines have none
	}
	m := reEffectiveEnRu().FindStringIndex(s)
	if m == nil {
		return ""
	}
	rest := s[m[1]:]
	return findDate(rest[:min(len(rest), 60)]) // the date it names, not a later one
}

// hasAt reports whether s holds "at" in any case.
func hasAt(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i]|0x20 == 'a' && s[i+1]|0x20 == 't' {
			return true
		}
	}
	return false
}

// closingDate reads the date of a treaty's "DONE at …" closing, in figures
// or in words, or "" when s has none.
func closingDate(s string) string {
	// reDone needs "at" (no other rune folds to a or t): most lines of a
	// Chinese document have none, and the regexp tried at every position
	// of every line of a document with no date.
	if !hasAt(s) {
		return ""
	}
	m := reDone().FindStringSubmatchIndex(s)
	if m == nil {
		return ""
	}
	tail := s[m[0]:]
	if d := wordsDate(s[m[2]:m[3]]); d != "" {
		return d
	}
	if d := findDate(tail[:min(len(tail), 200)]); d != "" {
		return d
	}
	if i := strings.Index(tail, " on "); i >= 0 {
		end := strings.IndexAny(tail[i+4:], ",;.")
		if end < 0 {
			end = len(tail) - i - 4
		}
		return wordsDate(tail[i+4 : i+4+end])
	}
	return ""
}

func findDateOr(s string) string {
	if d := findDate(s); d != "" {
		return d
	}
	return s
}

func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }

// isTitleCandidate reports whether a header line can be a title: not a
// date, not a number, not a sentence.
func isTitleCandidate(s string) bool {
	if s == "" || reDateOnly().MatchString(s) || findDate(s) != "" && utf8.RuneCountInString(s) < 40 {
		return false
	}
	if strings.HasPrefix(s, "（") || strings.HasPrefix(s, "(") {
		return false
	}
	return utf8.RuneCountInString(s) <= 200
}

// isSignatureLine reports whether a line can be part of a signature block:
// a signer, a place, a document number.
func isSignatureLine(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > 60 {
		return false
	}
	if reDocNumber().MatchString(s) && utf8.RuneCountInString(s) <= 30 {
		return true
	}
	if m := markLine(s); m.kind != nodePara {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	return !strings.ContainsAny(s, "。；;") && !strings.ContainsRune("：:，,.!?！？", last)
}

// joinsTitle reports whether next continues a title split over two lines.
func joinsTitle(title, next string) bool {
	if next == "" || !isTitleCandidate(next) || reDocNumber().MatchString(next) || utf8.RuneCountInString(next) > 40 {
		return false
	}
	if isCaps(next) && !isCaps(title) && len(strings.Fields(next)) <= 4 {
		return true // "Гражданский кодекс …" / "ЧАСТЬ ТРЕТЬЯ"
	}
	for _, p := range []string{"关于", "《", "若干", "的", "（", "О ", "Об ", "о ", "об "} {
		if strings.HasPrefix(next, p) {
			return true
		}
	}
	for _, s := range []string{"关于", "和", "与", "的", "及", " of", " on", " and", " for", " the", " to", ",", "закон", "ЗАКОН"} {
		if strings.HasSuffix(title, s) {
			return true
		}
	}
	return false
}

func joinTitle(a, b string) string {
	x, _ := utf8.DecodeLastRuneInString(a)
	if isWide(x) || isWide(firstRune(b)) {
		return a + b
	}
	return a + " " + b
}
