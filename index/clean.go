package index

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"clausebot/internal/lazyre"
)

// This file is the text hygiene that runs before structure is read: it
// turns a decoded file into blocks (paragraphs, headings, table rows) and
// drops markup that is not text: YAML front matter, HTML comments and tags,
// code fences, link and emphasis syntax, images, horizontal rules, a table
// of contents that repeats the headings, and boilerplate lines repeated all
// over a document.

// block is one paragraph, heading or table row of a document, in reading
// order.
type block struct {
	// text is the block as in the document with markup removed: link text
	// kept, emphasis markers, HTML and image syntax dropped. Lines of a
	// Markdown paragraph are joined with "\n"; hard-wrapped plain text is
	// joined into one line.
	text string
	// line is the 1-based line of the file the block starts on.
	line int
	// md is the level (1–6) of a Markdown heading, 0 for other blocks.
	md int
	// table is true for a table row; text then holds the header row and
	// the row, one per line.
	table bool
	// page is the 1-based page of a converted PDF, 0 when unknown.
	page int
	// quote is true for a Markdown blockquote.
	quote bool
}

// frontMatter is what a document's YAML front matter says about it.
type frontMatter struct {
	title, number, date, effective string
	// versionOf and lang declare the document one language version of a
	// document (see versionName): the name its versions share, and its
	// language.
	versionOf, lang string
}

var (
	reHTMLComment = lazyre.New(`(?s)<!--.*?-->`)
	reHTMLTag     = lazyre.New(`</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>`)
	reImage       = lazyre.New(`!\[[^\]]*\]\([^)]*\)`)
	reLink        = lazyre.New(`\[([^\]]*)\]\([^)]*\)`)
	reAutoLink    = lazyre.New(`<(?:https?|mailto):[^>]*>`)
	reEmphasis    = lazyre.New(`\*\*\*|\*\*|__|(?:^|[^\\\w*])\*\S|\S\*(?:$|[^\w*])`)
	reATX         = lazyre.NewAnchored(`^(#{1,6})[ \t]*(.*?)[ \t]*#*[ \t]*$`)
	reFence       = lazyre.NewAnchored("^(```|~~~)")
	reRule        = lazyre.NewAnchored(`^(?:[-*_][ \t]*){3,}$`)
	reSetext      = lazyre.NewAnchored(`^(=+|-+)[ \t]*$`)
	reTableSep    = lazyre.NewAnchored(`^\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?$`)
	reTOC         = lazyre.NewAnchored(`^(?:目\s*录|目\s*次|(?i:table of contents|contents)|Оглавление|Содержание|ОГЛАВЛЕНИЕ|СОДЕРЖАНИЕ)$`)
)

// spaceFold turns every Unicode space (U+3000, U+00A0, U+2002 …) into an
// ASCII space, collapses runs and trims: the form headings are matched in.
func spaceFold(s string) string {
	if spaceFolded(s) {
		// Most lines: splitting and joining them was a thirtieth of a
		// build's CPU time (BenchmarkScale's profile at 200,000 clauses).
		return s
	}
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// spaceFolded reports whether spaceFold(s) is s: its only spaces are
// single ASCII spaces between other runes.
func spaceFolded(s string) bool {
	prevSpace := true // a space first is trimmed
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			i++
			switch b {
			case ' ':
				if prevSpace {
					return false
				}
				prevSpace = true
				continue
			case '\t', '\n', '\v', '\f', '\r':
				return false
			}
			prevSpace = false
			continue
		}
		if b < 0xC2 || b > 0xE3 {
			// Not the first byte of a rune up to U+3FFF (a later byte, the
			// first of a rune from U+4000 on, most of Chinese text, or an
			// invalid one), and isSpace is false above U+3000: decoding
			// every rune was most of the time a build spent here
			// (BenchmarkScale's CPU profile at 1M clauses).
			i++
			prevSpace = false
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if isSpace(r) {
			return false
		}
		i += n
		prevSpace = false
	}
	return !prevSpace || s == ""
}

// stripInline removes inline markup from a Markdown line: images, link
// syntax (the link text stays), autolinks, HTML tags and emphasis markers.
func stripInline(s string) string {
	if !strings.ContainsAny(s, "[<*_!") {
		return s
	}
	s = reImage().ReplaceAllString(s, "")
	s = reLink().ReplaceAllString(s, "$1")
	s = reAutoLink().ReplaceAllString(s, "")
	s = reHTMLTag().ReplaceAllString(s, "")
	if strings.ContainsAny(s, "*_") {
		s = stripEmphasis(s)
	}
	return s
}

// stripEmphasis drops *, ** and __ used as emphasis markers, keeping a
// lone * that stands between spaces (a multiplication sign, a footnote).
func stripEmphasis(s string) string {
	s = strings.ReplaceAll(s, "***", "")
	s = strings.ReplaceAll(s, "**", "")
	s = strings.ReplaceAll(s, "__", "")
	if !strings.Contains(s, "*") {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if r == '*' {
			prevSpace := i == 0 || unicode.IsSpace(rs[i-1])
			nextSpace := i == len(rs)-1 || unicode.IsSpace(rs[i+1])
			if !(prevSpace && nextSpace) {
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// splitFrontMatter removes a leading YAML front matter block and reads the
// metadata keys people use for it, in English and Chinese.
func splitFrontMatter(lines []string) (rest []string, skipped int, fm frontMatter) {
	i := 0
	for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
		i++
	}
	if i == len(lines) || strings.TrimSpace(lines[i]) != "---" {
		return lines, 0, fm
	}
	end := -1
	for j := i + 1; j < len(lines) && j < i+200; j++ {
		if t := strings.TrimSpace(lines[j]); t == "---" || t == "..." {
			end = j
			break
		}
	}
	if end < 0 {
		return lines, 0, fm
	}
	var m map[string]any
	if err := yaml.Unmarshal([]byte(strings.Join(lines[i+1:end], "\n")), &m); err != nil {
		return lines, 0, fm // not YAML: a horizontal rule, left to the parser
	}
	get := func(keys ...string) string {
		for _, k := range keys {
			for mk, v := range m {
				if strings.EqualFold(mk, k) {
					if s := strings.TrimSpace(toString(v)); s != "" {
						return s
					}
				}
			}
		}
		return ""
	}
	fm.title = get("title", "标题", "名称", "name", "заголовок", "название")
	fm.number = get("文号", "发文字号", "number", "doc_number", "document_number", "номер")
	fm.date = get("date", "发布日期", "发文日期", "成文日期", "公布日期", "published", "issued", "дата")
	fm.effective = get("施行日期", "生效日期", "effective", "effective_date")
	fm.versionOf = get("version_of", "version-of", "versions", "document")
	fm.lang = strings.ToLower(get("lang", "language", "语言", "язык"))
	return lines[end+1:], end + 1, fm
}

func toString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case time.Time:
		return v.Format("2006-01-02")
	case nil:
		return ""
	default:
		b, _ := yaml.Marshal(v)
		return strings.TrimSpace(string(b))
	}
}

// toBlocks splits decoded text into blocks. markdown selects Markdown
// rules (headings, paragraphs of several lines, tables); plain text has a
// paragraph per line unless it is hard-wrapped (see hardWrapped).
func toBlocks(text string, markdown bool) ([]block, frontMatter) {
	lines := strings.Split(text, "\n")
	lines, offset, fm := splitFrontMatter(lines)
	// HTML comments may span lines: blank them out, keeping line numbers.
	// (The lines joined hold "<!--" only if text does: a document without
	// one is not joined again.)
	if strings.Contains(text, "<!--") {
		joined := strings.Join(lines, "\n")
		joined = reHTMLComment().ReplaceAllStringFunc(joined, func(c string) string {
			return strings.Repeat("\n", strings.Count(c, "\n"))
		})
		lines = strings.Split(joined, "\n")
	}
	wrapped := !markdown && hardWrapped(lines)
	var out []block
	var para []string
	paraLine := 0
	quote := false
	flush := func() {
		if len(para) == 0 {
			return
		}
		if len(para) == 1 {
			// Most paragraphs: the line itself, not a copy of it.
			out = append(out, block{text: para[0], line: paraLine, quote: quote})
			para = para[:0]
			quote = false
			return
		}
		sep := "\n"
		if wrapped {
			sep = ""
		}
		var b strings.Builder
		for i, l := range para {
			if i > 0 {
				if wrapped {
					sep = joinSep(para[i-1], l)
				}
				b.WriteString(sep)
			}
			b.WriteString(l)
		}
		out = append(out, block{text: b.String(), line: paraLine, quote: quote})
		para = nil
		quote = false
	}
	add := func(l string, n int) {
		if len(para) == 0 {
			paraLine = n
		}
		para = append(para, l)
	}
	var header []string // the current table's header cells
	fence := ""
	for i := 0; i < len(lines); i++ {
		n := offset + i + 1
		raw := strings.TrimRightFunc(lines[i], unicode.IsSpace)
		l := strings.TrimFunc(raw, unicode.IsSpace)
		if markdown {
			if m := reFence().FindString(l); m != "" {
				flush()
				switch {
				case fence == "":
					fence = m
				case m == fence:
					fence = ""
				}
				continue
			}
			if fence != "" {
				// Code is kept as text, a line a paragraph, never as
				// headings or markup.
				if l != "" {
					out = append(out, block{text: l, line: n})
				}
				continue
			}
		}
		if l == "" {
			flush()
			header = nil
			continue
		}
		if strings.HasPrefix(l, "<") && reHTMLTag().ReplaceAllString(l, "") == "" {
			flush() // a line of HTML tags only: <meta …>, <br/>, <div>
			continue
		}
		if markdown {
			if strings.HasPrefix(l, ">") {
				l = strings.TrimSpace(strings.TrimLeft(l, "> "))
				if l == "" {
					flush()
					continue
				}
				if !quote {
					flush()
				}
				quote = true
			} else if quote {
				flush()
			}
			if reRule().MatchString(l) && !(len(para) == 1 && reSetext().MatchString(l)) {
				flush()
				continue
			}
			if len(para) == 1 && reSetext().MatchString(l) && !startsUnit(para[0]) {
				// Setext heading: the paragraph line above is the heading.
				level := 1
				if l[0] == '-' {
					level = 2
				}
				t := spaceFold(stripInline(para[0]))
				para = nil
				if t != "" {
					out = append(out, block{text: t, line: paraLine, md: level})
				}
				continue
			}
			if m := reATX().FindStringSubmatch(l); m != nil && (m[2] == "" || !strings.HasPrefix(m[2], "#")) {
				flush()
				if t := strings.TrimSpace(stripInline(m[2])); t != "" {
					out = append(out, block{text: t, line: n, md: len(m[1])})
				}
				continue
			}
			if strings.HasPrefix(l, "|") || (header != nil && strings.Contains(l, "|")) {
				if i+1 < len(lines) && reTableSep().MatchString(strings.TrimSpace(lines[i+1])) {
					flush()
					header = tableCells(stripInline(l))
					i++
					continue
				}
				if header != nil {
					flush()
					if row := tableRow(header, tableCells(stripInline(l))); row != "" {
						out = append(out, block{text: row, line: n, table: true})
					}
					continue
				}
			}
			l = strings.TrimSpace(stripInline(l))
			if l == "" {
				continue
			}
			// In Markdown, consecutive lines are one paragraph unless a
			// line starts a list item or a numbered unit.
			if startsUnit(l) {
				flush()
			}
			add(l, n)
			continue
		}
		// Plain text: a line is a paragraph, unless the text is
		// hard-wrapped, where a line that starts a numbered unit still
		// starts a new one. A line that is a Markdown ATX heading ("# 标题",
		// "## 第一章 总则": #, then a space, as CommonMark requires) is a
		// heading: text files are often Markdown saved as .txt, and the
		// title kept its "# " (a trial's communique.zh.txt).
		if m := reATX().FindStringSubmatch(l); m != nil && len(l) > len(m[1]) && (l[len(m[1])] == ' ' || l[len(m[1])] == '\t') && m[2] != "" && !strings.HasPrefix(m[2], "#") {
			flush()
			out = append(out, block{text: m[2], line: n, md: len(m[1])})
			continue
		}
		if !wrapped || startsUnit(l) {
			flush()
		}
		add(l, n)
		if !wrapped {
			flush()
		}
	}
	flush()
	return dropTOC(dropBoilerplate(out)), fm
}

// startsUnit reports whether a line begins with the marker of a numbered
// unit: an article, a heading number, an item label.
func startsUnit(l string) bool {
	m := markLine(spaceFold(l))
	return m.kind != nodePara
}

func tableCells(l string) []string {
	l = strings.TrimSpace(l)
	l = strings.TrimPrefix(l, "|")
	l = strings.TrimSuffix(l, "|")
	cells := strings.Split(l, "|")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells
}

// tableRow writes a table row as a block's text: the header row and the
// row, cells separated by " | ", so the row is read with its column names.
func tableRow(header, cells []string) string {
	empty := true
	for _, c := range cells {
		if c != "" {
			empty = false
		}
	}
	if empty {
		return ""
	}
	return strings.Join(header, " | ") + "\n" + strings.Join(cells, " | ")
}

// joinSep is what joins two lines of a hard-wrapped paragraph: nothing
// between Chinese characters, nothing after a hyphen that split a word,
// a space otherwise.
func joinSep(prev, next string) string {
	a, _ := utf8.DecodeLastRuneInString(prev)
	b, _ := utf8.DecodeRuneInString(next)
	if isWide(a) || isWide(b) {
		return ""
	}
	return " "
}

func isWide(r rune) bool {
	if r < utf8.RuneSelf || isHanBlock(r) {
		return r >= utf8.RuneSelf // without the tables' searches (TestRuneFastPaths)
	}
	// The ranges first: Chinese punctuation (、。，：) without the searches.
	return (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) ||
		unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// hanBytes reports whether s holds at i the UTF-8 of a rune from U+4E00
// to U+9FFF (isHanBlock), read from its bytes: a lead byte E4 with a
// second byte B8–BF, or E5–E9 with any, and two continuation bytes.
func hanBytes(s string, i int) bool {
	if i+2 >= len(s) {
		return false
	}
	c, c1 := s[i], s[i+1]
	return (0xE5 <= c && c <= 0xE9 || c == 0xE4 && c1 >= 0xB8) && c1&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80
}

// hardWrapped reports whether plain text is wrapped at a fixed width
// rather than a paragraph per line: most lines that are followed by
// another line are long (near the widest lines) and do not end a sentence.
// Text with a paragraph per line ends most of its lines with 。 . ; : or
// has no run of long lines.
func hardWrapped(lines []string) bool {
	// cols[i] is the width of line i trimmed, 0 for a blank line, read
	// once for both passes; sorted is the widths of the lines not blank
	// (one allocation for both).
	buf := make([]int, 2*len(lines))
	cols, sorted := buf[:len(lines)], buf[len(lines):len(lines)]
	for i, l := range lines {
		if w := displayCols(strings.TrimSpace(l)); w > 0 {
			cols[i] = w
			sorted = append(sorted, w)
		}
	}
	if len(sorted) < 3 {
		return false
	}
	// The 90th percentile width is the wrap column.
	slices.Sort(sorted)
	col := sorted[len(sorted)*9/10]
	if col < 40 {
		return false
	}
	cont, open := 0, 0
	for i := 0; i+1 < len(lines); i++ {
		if cols[i] == 0 || cols[i+1] == 0 {
			continue
		}
		cont++
		if cols[i]*10 >= col*8 {
			last, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(lines[i]))
			if !strings.ContainsRune("。！？；：.!?;:」』”\"", last) {
				open++
			}
		}
	}
	return cont >= 2 && open*2 > cont
}

// displayCols counts columns: two for a wide character, one otherwise (an
// invalid byte is one U+FFFD, one column).
func displayCols(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			n++
			i++
			continue
		}
		if hanBytes(s, i) {
			// In the CJK block, which isWide reads as wide: most of a
			// Chinese text, without decoding.
			n += 2
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if isWide(r) {
			n += 2
		} else {
			n++
		}
		i += size
	}
	return n
}

// dropBoilerplate removes a short unnumbered line repeated at least five
// times (a status note after every heading, a page header): it is page
// furniture, not text of the document.
func dropBoilerplate(bs []block) []block {
	count := map[string]int{}
	repeated := false
	for _, b := range bs {
		// (No text of more than 320 bytes has 80 runes or fewer.)
		if b.md == 0 && !b.table && len(b.text) <= 4*80 && utf8.RuneCountInString(b.text) <= 80 && !strings.Contains(b.text, "\n") {
			t := spaceFold(b.text)
			count[t]++
			repeated = repeated || count[t] >= 5
		}
	}
	if !repeated {
		return bs // most documents: no block is looked up again
	}
	out := bs[:0]
	for _, b := range bs {
		if b.md == 0 && !b.table && count[spaceFold(b.text)] >= 5 && !startsUnit(b.text) {
			continue
		}
		out = append(out, b)
	}
	return out
}

// dropTOC removes a table of contents: a "目录"/"Contents" line and the
// heading lines after it, which the body repeats.
func dropTOC(bs []block) []block {
	for i, b := range bs {
		// No line of more than 64 bytes once folded matches (the longest
		// that does, "СОДЕРЖАНИЕ", has 20): a clause's text is not run
		// through the expression.
		if !reTOC().CanStart(strings.TrimLeftFunc(b.text, unicode.IsSpace)) {
			continue // the fold starts with that rune: most blocks, not folded
		}
		if t := spaceFold(b.text); len(t) > 64 || !reTOC().MatchString(t) {
			continue
		}
		j := i + 1
		seen := map[string]bool{}
		for j < len(bs) {
			t := spaceFold(bs[j].text)
			m := markLine(t)
			if (m.kind != nodeContainer && m.kind != nodeArticle) || seen[t] {
				break
			}
			seen[t] = true
			j++
		}
		if j > i+1 {
			return append(bs[:i:i], bs[j:]...)
		}
	}
	return bs
}
