package index

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"clausebot/bot"
)

// Warning is a problem found while loading a document: the document, or the
// part of it named, was skipped or read in a way the operator should know.
type Warning struct {
	File string // the file's path within the documents folder
	Line int    // 1-based; 0 when it concerns the whole file
	Msg  string
}

// String formats w as "file:line: msg", the way compilers report.
func (w Warning) String() string {
	if w.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", w.File, w.Line, w.Msg)
	}
	return fmt.Sprintf("%s: %s", w.File, w.Msg)
}

// headingKind is a numbering scheme. Gaps are checked within one scheme.
type headingKind int

const (
	kindNone     headingKind = iota // the preamble
	kindChinese                     // 一 二 三
	kindRoman                       // I. II.
	kindArabic                      // 1. 2.
	kindOrdinal                     // 第一部分, 第二条, 第三章
	kindMarkdown                    // # Heading
)

// parsedSection is one section of a parsed document.
type parsedSection struct {
	label   string // as printed: "二", "II", "3", "第二部分", a Markdown heading's text
	title   string // text after the number on the heading line
	value   int    // the section's number (二 → 2), 0 if it has none
	kind    headingKind
	line    int
	clauses []string
	lines   []int // line of each clause
}

// parsedDoc is a document as the parser understands it.
type parsedDoc struct {
	file      string
	title     string
	date      string
	truncated bool
	sections  []parsedSection // sections[0] is the preamble, possibly empty
	warnings  []Warning
}

// decode turns a file's bytes into text: it removes a BOM, decodes UTF-16
// (with BOM) and GB18030/GBK, rejects binary data, and normalises line
// endings. Notes about what it did are returned as warnings.
func decode(file string, data []byte) (string, []Warning, error) {
	var warns []Warning
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		dec := xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder()
		out, _, err := transform.Bytes(dec, data)
		if err != nil {
			return "", nil, fmt.Errorf("bad UTF-16 text: %w", err)
		}
		data = out
		warns = append(warns, Warning{File: file, Msg: "decoded as UTF-16"})
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return "", warns, fmt.Errorf("empty file")
	}
	if isBinary(data) {
		return "", warns, fmt.Errorf("binary file, not text")
	}
	if !utf8.Valid(data) {
		out, _, err := transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), data)
		if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
			return "", warns, fmt.Errorf("not valid UTF-8 or GB18030 text")
		}
		data = out
		warns = append(warns, Warning{File: file, Msg: "not UTF-8: decoded as GB18030/GBK"})
	}
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return s, warns, nil
}

// isBinary reports whether data looks like a binary file: a NUL byte, or
// many control characters, in its first 8 KiB.
func isBinary(data []byte) bool {
	if len(data) > 8<<10 {
		data = data[:8<<10]
	}
	ctl := 0
	for _, b := range data {
		switch {
		case b == 0:
			return true
		case b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f':
			ctl++
		}
	}
	return ctl*20 > len(data)
}

var (
	reMarkdown = regexp.MustCompile(`^(#{1,6})\s+(.+?)\s*#*$`)
	reChinese  = regexp.MustCompile(`^([一二三四五六七八九十百〇零]{1,4})(?:\s*$|[、．.]\s*(.*)$|\s+(.*)$)`)
	reRoman    = regexp.MustCompile(`^([IVXLC]{1,7})\.(?:\s*$|\s+(.*)$)`)
	reArabic   = regexp.MustCompile(`^(\d{1,3})[.．、](?:\s*$|\s*(.*)$)`)
	reOrdinal  = regexp.MustCompile(`^第([一二三四五六七八九十百〇零两\d]{1,6})(部分|条|章|节|篇|款)(?:\s*$|[、：:．.\s]\s*(.*)$)`)
	reDate     = regexp.MustCompile(`^(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},\s+\d{4}|\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$`)
	reURL      = regexp.MustCompile(`^(?:https?://|www\.)\S+$`)
	// reLeftover matches the notices a web page leaves when text was saved
	// from a preview: "预览已结束", "阅读全文", "完整报告链接和二维码如下" …
	reLeftover = regexp.MustCompile(`(?i)预览已?结束|试读(已)?结束|未完待续|剩余.{0,10}未显示|完整(报告|版|内容|全文)|阅读全文|查看全文|点击.{0,8}(查看|阅读|下载)|二维码|扫码|preview (has )?ended|end of preview|continue reading|read the full|to be continued|subscribe to read`)
)

// heading recognises a heading line. A heading stands on its own: a bare
// number, or a number followed by a short title that is not a sentence, so
// numbered list paragraphs ("一、双方同意，……。") stay clauses.
func heading(line string, markdown bool) (parsedSection, bool) {
	if m := reMarkdown.FindStringSubmatch(line); m != nil && markdown {
		text := m[2]
		if h, ok := heading(text, false); ok && h.kind != kindMarkdown {
			h.kind = kindMarkdown
			return h, true
		}
		return parsedSection{label: text, kind: kindMarkdown}, true
	}
	var label, title string
	var value int
	var kind headingKind
	if m := reChinese.FindStringSubmatch(line); m != nil {
		// A run of digits with no zero ("一二": twelve, or "one, two"?) is
		// not read as a number, so such a line is not a heading.
		v, ok := bot.ParseChineseNumeral(m[1])
		if !ok {
			return parsedSection{}, false
		}
		label, title, value, kind = m[1], m[2]+m[3], v, kindChinese
	} else if m := reRoman.FindStringSubmatch(line); m != nil {
		// reRoman takes upper case only: "i." or "v." opening a line is
		// more likely a list item or an abbreviation than a heading.
		v, ok := bot.ParseRomanNumeral(m[1])
		if !ok {
			return parsedSection{}, false
		}
		label, title, value, kind = m[1], m[2], v, kindRoman
	} else if m := reArabic.FindStringSubmatch(line); m != nil {
		v, _ := strconv.Atoi(m[1])
		label, title, value, kind = m[1], m[2], v, kindArabic
	} else if m := reOrdinal.FindStringSubmatch(line); m != nil {
		// "第一二条" is still a heading by its shape, but has no number:
		// it is found by its label only.
		v, _ := bot.ParseSectionNumber(m[1])
		label, title, value, kind = "第"+m[1]+m[2], m[3], v, kindOrdinal
	} else {
		return parsedSection{}, false
	}
	title = strings.TrimSpace(title)
	if !isHeadingTitle(title) {
		return parsedSection{}, false
	}
	return parsedSection{label: label, title: title, value: value, kind: kind}, true
}

// isHeadingTitle reports whether s can be the title on a heading line:
// short, and not a sentence.
func isHeadingTitle(s string) bool {
	if s == "" {
		return true
	}
	if utf8.RuneCountInString(s) > 40 {
		return false
	}
	if strings.ContainsAny(s, "，。；！？,;!?") {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	return !strings.ContainsRune(".:：", last)
}

// parseDocument splits decoded text into metadata, a preamble and sections
// of clauses.
func parseDocument(file, text string) (*parsedDoc, error) {
	markdown := strings.EqualFold(path.Ext(file), ".md") || strings.EqualFold(path.Ext(file), ".markdown")
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimFunc(l, unicode.IsSpace)
	}
	d := &parsedDoc{file: file}
	warn := func(line int, format string, args ...any) {
		d.warnings = append(d.warnings, Warning{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
	}

	// Web-page leftovers at the end: notices and bare links.
	end := len(lines)
	for end > 0 {
		l := lines[end-1]
		switch {
		case l == "":
		case reURL.MatchString(l):
			warn(end, "dropped a bare link at the end (%s)", l)
		case utf8.RuneCountInString(l) <= 80 && reLeftover.MatchString(l):
			warn(end, "dropped a web-page notice at the end (%q); the document is marked truncated", l)
			d.truncated = true
		default:
			goto done
		}
		end--
	}
done:
	lines = lines[:end]

	i := 0
	next := func() (string, int, bool) { // the next non-blank line
		for i < len(lines) && lines[i] == "" {
			i++
		}
		if i == len(lines) {
			return "", 0, false
		}
		i++
		return lines[i-1], i, true
	}
	// Title: the first line, unless it is already a heading.
	if l, n, ok := next(); ok {
		if m := reMarkdown.FindStringSubmatch(l); markdown && m != nil && len(m[1]) == 1 {
			d.title = m[2]
		} else if _, isHead := heading(l, markdown); isHead {
			i = n - 1
		} else {
			d.title = l
		}
	}
	if d.title == "" {
		d.title = strings.TrimSuffix(path.Base(file), path.Ext(file))
	}
	// Date: the line after the title, if it is only a date.
	save := i
	if l, _, ok := next(); ok && reDate.MatchString(l) {
		d.date = l
	} else {
		i = save
	}

	d.sections = []parsedSection{{label: bot.PreambleLabel}}
	cur := &d.sections[0]
	var para []string
	paraLine := 0
	flush := func() {
		if len(para) > 0 {
			cur.clauses = append(cur.clauses, strings.Join(para, "\n"))
			cur.lines = append(cur.lines, paraLine)
			para = nil
		}
	}
	for ; i < len(lines); i++ {
		l, n := lines[i], i+1
		if l == "" {
			flush()
			continue
		}
		if h, ok := heading(l, markdown); ok {
			flush()
			h.line = n
			d.sections = append(d.sections, h)
			cur = &d.sections[len(d.sections)-1]
			continue
		}
		// A plain-text line is a paragraph; in Markdown, consecutive lines
		// are one paragraph unless a line starts a list item or a bullet.
		if !markdown || isItem(l) {
			flush()
		}
		if len(para) == 0 {
			paraLine = n
		}
		para = append(para, l)
	}
	flush()
	d.checkNumbering(warn)
	// The end-of-file scan runs backwards; report in reading order.
	sort.SliceStable(d.warnings, func(i, j int) bool { return d.warnings[i].Line < d.warnings[j].Line })
	if d.clauseCount() == 0 {
		return nil, fmt.Errorf("no text to index (only a title or headings)")
	}
	if len(d.sections) == 1 {
		warn(0, "no section headings: the whole document is one section (%s)", bot.PreambleLabel)
	}
	return d, nil
}

var reItem = regexp.MustCompile(`^(——|[-*+•·]\s|\d{1,3}[.)]\s|\(\d{1,3}\)|（[一二三四五六七八九十\d]{1,3}）)`)

func isItem(l string) bool { return reItem.MatchString(l) }

func (d *parsedDoc) clauseCount() int {
	n := 0
	for _, s := range d.sections {
		n += len(s.clauses)
	}
	return n
}

// checkNumbering reports gaps, repeats and restarts in each numbering
// scheme. It never renumbers: references keep the labels as printed.
func (d *parsedDoc) checkNumbering(warn func(int, string, ...any)) {
	prev := map[headingKind]*parsedSection{}
	for i := 1; i < len(d.sections); i++ {
		s := &d.sections[i]
		if s.value == 0 {
			continue
		}
		p := prev[s.kind]
		prev[s.kind] = s
		if p == nil {
			if s.value != 1 {
				warn(s.line, "section numbering starts at %s, not %s", s.label, formatLike(s, 1))
			}
			continue
		}
		switch {
		case s.value == p.value+1:
		case s.value > p.value+1:
			var missing []string
			for v := p.value + 1; v < s.value && len(missing) < 5; v++ {
				missing = append(missing, formatLike(s, v))
			}
			warn(s.line, "numbering gap: section %s is followed by %s (missing %s); labels are kept as printed", p.label, s.label, strings.Join(missing, ", "))
		case s.value == p.value:
			warn(s.line, "section %s appears twice (also at line %d); look it up as the first one's label", s.label, p.line)
		default:
			warn(s.line, "section %s comes after %s: numbering goes backwards", s.label, p.label)
		}
	}
}

// formatLike writes v in the numbering scheme of s.
func formatLike(s *parsedSection, v int) string {
	switch s.kind {
	case kindChinese:
		return bot.ChineseNumeral(v)
	case kindRoman:
		return bot.RomanNumeral(v)
	case kindOrdinal:
		r := []rune(s.label)
		return "第" + bot.ChineseNumeral(v) + string(r[len(r)-2:])
	}
	return strconv.Itoa(v)
}
