package extract

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"clausebot/internal/lazyre"
)

// PDF layout: PDFium gives runs of text with their boxes; the functions here
// make lines, drop page furniture and join lines into paragraphs. They know
// nothing of PDFium, so tests feed them lines directly.

// pdfLines groups a page's runs into lines, top to bottom, each read left
// to right.
func pdfLines(items []pdfItem, page int) []pdfLine {
	sort.SliceStable(items, func(i, j int) bool { return items[i].top > items[j].top })
	var groups [][]pdfItem
	for _, it := range items {
		placed := false
		// A run belongs to a line when their vertical extents overlap by
		// more than half of the smaller one: superscripts and mixed fonts
		// stay on their line, the next line does not.
		for g := len(groups) - 1; g >= 0 && g >= len(groups)-3; g-- {
			top, bottom := groups[g][0].top, groups[g][0].bottom
			for _, o := range groups[g] {
				top, bottom = math.Max(top, o.top), math.Min(bottom, o.bottom)
			}
			overlap := math.Min(top, it.top) - math.Max(bottom, it.bottom)
			if overlap > 0.5*math.Min(top-bottom, it.top-it.bottom) {
				groups[g] = append(groups[g], it)
				placed = true
				break
			}
		}
		if !placed {
			groups = append(groups, []pdfItem{it})
		}
	}
	var lines []pdfLine
	for _, g := range groups {
		sort.SliceStable(g, func(i, j int) bool { return g[i].left < g[j].left })
		// The line's main type: its largest run. A run in smaller type
		// raised above its baseline is a superscript.
		main := g[0]
		for _, it := range g {
			if it.size > main.size {
				main = it
			}
		}
		l := pdfLine{left: g[0].left, right: g[0].right, top: g[0].top, bottom: g[0].bottom, page: page}
		var b strings.Builder
		var prev *pdfItem
		var trailing rune // the space the previous run ended with, if any
		var gaps []float64
		cjk, all := 0, 0
		for k := range g {
			it := &g[k]
			raw := strings.ReplaceAll(strings.ReplaceAll(it.text, "\r", ""), "\n", " ")
			if it.size < 0.8*main.size && it.bottom > main.bottom+0.2*main.size {
				raw = superscript(raw)
			}
			t := strings.TrimRight(raw, " "+string(genSpace))
			if prev != nil && t != "" {
				gap := it.left - prev.right
				last, _ := utf8.DecodeLastRuneInString(b.String())
				first, _ := utf8.DecodeRuneInString(t)
				em := math.Max(prev.size, it.size)
				// Between CJK and anything, typesetters add a little space
				// that is not a space in the text (LibreOffice's autospace
				// puts 1/4 em between 年 and 2019); elsewhere a gap of a
				// fifth of an em is a word space the PDF did not draw.
				cjk := isCJK(last) || isCJK(first)
				switch {
				case gap > 2*em:
					// Table cells or columns: a tab, so that dropCJKSpaces
					// leaves it; cleanText makes it one space.
					b.WriteByte('\t')
				case cjk && gap > 0.9*em:
					b.WriteByte('\t')
				case trailing != 0:
					b.WriteRune(trailing)
				case !cjk && gap > 0.2*em:
					b.WriteRune(genSpace)
				}
			}
			trailing = 0
			if len(t) < len(raw) {
				trailing, _ = utf8.DecodeLastRuneInString(raw)
			}
			b.WriteString(t)
			l.left, l.right = math.Min(l.left, it.left), math.Max(l.right, it.right)
			l.top, l.bottom = math.Max(l.top, it.top), math.Min(l.bottom, it.bottom)
			l.size = math.Max(l.size, it.size)
			for _, r := range t {
				if r != ' ' {
					all++
					if isCJK(r) {
						cjk++
					}
				}
			}
			if prev != nil {
				gaps = append(gaps, it.left-prev.right)
			}
			prev = it
		}
		l.columns = isColumns(gaps, l.size)
		l.text = cleanText(dropCJKSpaces(b.String()))
		l.cjk = cjk*2 > all
		if l.text != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// pageNumber matches a line that is only a page number, in the forms
// government and treaty PDFs use.
var pageNumber = lazyre.New(`^(?i)(` +
	`[-–—―－\s]*\d{1,4}[-–—―－\s]*` + // 3, - 3 -, — 3 —
	`|第\s*\d{1,4}\s*页(\s*[,，/、]?\s*共\s*\d{1,4}\s*页)?` + // 第 3 页, 第3页 共10页
	`|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页` +
	`|(page|p\.|стр\.?|страница)\s*\d{1,4}(\s*(of|из|/)\s*\d{1,4})?` + // Page 3 of 10
	`|\d{1,4}\s*/\s*\d{1,4}` + // 3/10
	`|[ivxlc]{1,7}` + // roman folios
	`)$`)

// dropPageFurniture removes running headers and footers: a line among the
// first two or last two of a page whose text recurs there on at least half
// of the pages (and on two or more), and a page number in those places.
// It returns the pages and the number of lines dropped.
func dropPageFurniture(pages [][]pdfLine) ([][]pdfLine, int) {
	edge := func(lines []pdfLine, i int) bool { return i < 2 || i >= len(lines)-2 }
	count := map[string]int{}
	for _, lines := range pages {
		seen := map[string]bool{}
		for i, l := range lines {
			if edge(lines, i) && !seen[l.text] {
				seen[l.text] = true
				count[l.text]++
			}
		}
	}
	need := max(2, (len(pages)+1)/2)
	dropped := 0
	out := make([][]pdfLine, len(pages))
	for p, lines := range pages {
		for i, l := range lines {
			if edge(lines, i) && (count[l.text] >= need || pageNumber().MatchString(l.text)) {
				dropped++
				continue
			}
			out[p] = append(out[p], l)
		}
	}
	return out, dropped
}

// headingLine matches lines that are headings or numbered units in our
// documents; such a line starts a paragraph.
var (
	headingLine = lazyre.New(`^(第[一二三四五六七八九十百零〇\d]+[编章节部分]|(CHAPTER|Chapter|PART|Part|SECTION|Section|ANNEX|Annex|Глава|ГЛАВА|Раздел|РАЗДЕЛ)\s+[\dIVXLC]+)`)
	unitStart   = lazyre.New(`^(第[一二三四五六七八九十百零〇\d]+条|(Article|ARTICLE|Статья)\s+\d|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\(?[a-z]\)|\(?[ivxlc]+\)|[IVXLC]+\.\s|\d+[.、)）]|\d+\.\d)`)
	sentenceEnd = lazyre.New(`[。；：！？.;:!?）)]$`)
)

// pdfParagraphs joins lines into paragraphs. A new paragraph starts at a
// heading (larger type, a centred line or a heading pattern; two heading
// lines of one size with no gap are one heading) and after one, after a
// table or column line, after a vertical
// gap larger than the usual line spacing, at an indented line, after a line
// that stops short of the right margin, and at a numbered unit (第X条,
// Article N, （一）, 1.) when the line before ends a sentence. A paragraph
// runs on across a page break when nothing of this says otherwise.
func pdfParagraphs(pages [][]pdfLine) []block {
	var all []pdfLine
	for _, p := range pages {
		all = append(all, p...)
	}
	if len(all) == 0 {
		return nil
	}
	body := bodySize(pages)
	// Margins and the usual line pitch, per page and column.
	type frame struct{ left, right, pitch float64 }
	frameOf := func(l pdfLine) int { return l.page*4 + l.col }
	var groups [][]pdfLine
	index := map[int]int{}
	for _, l := range all {
		k := frameOf(l)
		if _, ok := index[k]; !ok {
			index[k] = len(groups)
			groups = append(groups, nil)
		}
		groups[index[k]] = append(groups[index[k]], l)
	}
	frames := map[int]frame{}
	for _, g := range groups {
		f := frame{left: math.Inf(1), right: rightMargin(g)}
		var pitches []float64
		for i, l := range g {
			f.left = math.Min(f.left, l.left)
			if i > 0 {
				if d := g[i-1].bottom - l.bottom; d > 0 {
					pitches = append(pitches, d)
				}
			}
		}
		// Pages have margins alike on both sides, near enough: on a page
		// of short lines (a list, a table) the lines' own right ends say
		// nothing of where a full line would end. Not for a column.
		if l := g[0]; l.pageWidth > 0 && l.col != 1 && l.col != 2 {
			f.right = math.Max(f.right, l.pageWidth-f.left)
		}
		sort.Float64s(pitches)
		if len(pitches) > 0 {
			f.pitch = pitches[len(pitches)/4] // the tighter spacing is within paragraphs
		}
		frames[frameOf(g[0])] = f
	}
	big := func(l pdfLine) bool { return l.size > body+1.0 }
	// A centred line: margins alike on both sides, and not a full line.
	centred := func(l pdfLine) bool {
		f := frames[frameOf(l)]
		in, out := l.left-f.left, f.right-l.right
		return in > 2 && math.Abs(in-out) < 0.6*math.Max(l.size, 6)
	}
	isHeading := func(l pdfLine) bool {
		return big(l) || centred(l) || (headingLine().MatchString(l.text) && utf8.RuneCountInString(l.text) < 40)
	}
	var blocks []block
	var cur *block
	var prev pdfLine
	for i, l := range all {
		f := frames[frameOf(l)]
		em := math.Max(l.size, 6)
		start := i == 0
		if !start {
			pf := frames[frameOf(prev)]
			gap := frameOf(l) == frameOf(prev) && f.pitch > 0 && prev.bottom-l.bottom > math.Max(f.pitch*1.3, 1.6*l.size)
			switch {
			case (big(l) && big(prev) || centred(l) && centred(prev)) && math.Abs(l.size-prev.size) < 0.5 && !gap:
				// A heading set over two lines: larger type, or centred.
			case isHeading(l) || isHeading(prev) || l.columns || prev.columns:
				start = true
			case gap:
				start = true
			case l.left > f.left+0.8*em:
				start = true
			case endsShort(prev, l, pf.right):
				start = true
			case unitStart().MatchString(l.text) && sentenceEnd().MatchString(prev.text):
				start = true
			}
		}
		text := strings.ReplaceAll(l.text, string(genSpace), " ")
		if start {
			blocks = append(blocks, block{kind: paraBlock, text: text, page: l.page})
			cur = &blocks[len(blocks)-1]
		} else {
			cur.text = joinLines(cur.text, text)
		}
		prev = l
	}
	return blocks
}

// endsShort reports whether line prev stopped before the right margin
// although the first word of the next line would have fitted after it: then
// prev ended its paragraph. (A plain "short line" test breaks ragged-right
// text wherever a long word wrapped.) In CJK text a word is a character.
func endsShort(prev, next pdfLine, right float64) bool {
	em := math.Max(prev.size, 6)
	if next.cjk || prev.cjk {
		// The first character of the next line would have fitted, with the
		// closing punctuation that may not start a line (kinsoku: "规，"
		// moves down together).
		n := 1
		for i, r := range []rune(next.text) {
			if i > 0 && strings.ContainsRune("，。、；：？！）》」』】”’…", r) {
				n++
			} else if i > 0 {
				break
			}
		}
		return prev.right+float64(n)*em+0.5*em < right
	}
	word, _, _ := strings.Cut(next.text, " ")
	n, wn := utf8.RuneCountInString(next.text), utf8.RuneCountInString(word)
	if n == 0 {
		return false
	}
	w := (next.right - next.left) * float64(wn) / float64(n)
	// Spaces PDFium made up (genSpace) do not split words here: it reports
	// a no-break space that way too ("от\u00a019.06.2007" moves down
	// whole). The 2.5 em to spare cover glue it does not show at all.
	return prev.right+0.3*em+w+2.5*em < right
}

// rightMargin is where full lines of a page end: the 90th percentile of
// the lines' right ends. The longest line is no good: CJK typesetting hangs
// a final "，" or "。" past the margin, and glyph boxes (not advances) make
// full CJK lines end anywhere in the last em.
func rightMargin(lines []pdfLine) float64 {
	rights := make([]float64, len(lines))
	for i, l := range lines {
		rights[i] = l.right
	}
	sort.Float64s(rights)
	return rights[(len(rights)-1)*9/10]
}

// dropCJKSpaces removes a space between a Han character and a Latin letter
// or digit, and a space next to CJK punctuation: PDFium reports the extra
// spacing typesetters put there as spaces ("2019 年 3 月", "。 （"), and
// Chinese text has none. A space between two Han characters is real
// ("第一条 为了", "总 则") and stays; so do tabs (column gaps).
func dropCJKSpaces(s string) string {
	var rs []rune
	for _, r := range s {
		if (r == ' ' || r == genSpace) && len(rs) > 0 && (rs[len(rs)-1] == ' ' || rs[len(rs)-1] == genSpace) {
			if r == ' ' {
				rs[len(rs)-1] = ' '
			}
			continue
		}
		rs = append(rs, r)
	}
	punct := func(x rune) bool {
		return strings.ContainsRune("，。、；：？！（）《》“”‘’「」『』【】〔〕…", x)
	}
	han := func(x rune) bool { return isCJK(x) && !punct(x) }
	alnum := func(x rune) bool { return x < 0x80 && (unicode.IsLetter(x) || unicode.IsDigit(x) || x == '%') }
	var b strings.Builder
	for i, r := range rs {
		if (r == ' ' || r == genSpace) && i > 0 && i < len(rs)-1 {
			a, c := rs[i-1], rs[i+1]
			// Han next to a Latin letter or digit, and CJK punctuation next
			// to anything CJK ("。 （责任单位" is "。（责任单位").
			if (han(a) && alnum(c)) || (alnum(a) && han(c)) || (punct(a) && isCJK(c)) || (isCJK(a) && punct(c)) {
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isColumns reports whether a line with these gaps between its runs is a
// table row or a line across columns: a gap over 2 em that stands out. In a
// justified line every word gap is stretched alike, so a wide gap there is
// not a column boundary.
func isColumns(gaps []float64, size float64) bool {
	em := math.Max(size, 6)
	widest := 0.0
	for _, g := range gaps {
		widest = math.Max(widest, g)
	}
	if widest <= 2*em {
		return false
	}
	var word []float64
	for _, g := range gaps {
		if g > 0.15*em {
			word = append(word, g)
		}
	}
	if len(word) <= 2 {
		return true
	}
	sort.Float64s(word)
	return widest > 2*word[len(word)/2]
}

// bodySize is the type size most of the text is set in.
func bodySize(pages [][]pdfLine) float64 {
	bySize := map[float64]int{}
	for _, p := range pages {
		for _, l := range p {
			bySize[math.Round(l.size*2)/2] += utf8.RuneCountInString(l.text)
		}
	}
	body, most := 0.0, -1
	for s, n := range bySize {
		if n > most || (n == most && s < body) {
			body, most = s, n
		}
	}
	return body
}

// footnoteStart matches the first line of a footnote: a note number or mark.
var footnoteStart = lazyre.New(`^([0-9⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}|[*†‡①-⑳]|注[：:\d])`)

// dropFootnotes removes footnotes: the lines at the bottom of a page, after
// its body text, set in type under 85% of the body size, the first of them
// starting with a note number or mark. DOCX footnotes are dropped too, so
// a reference means the same in both. It returns the number of lines
// dropped.
func dropFootnotes(pages [][]pdfLine) ([][]pdfLine, int) {
	body := bodySize(pages)
	dropped := 0
	for p, lines := range pages {
		i := len(lines)
		for i > 0 && lines[i-1].size < 0.85*body {
			i--
		}
		if i == 0 || i == len(lines) || !footnoteStart().MatchString(lines[i].text) {
			continue
		}
		dropped += len(lines) - i
		pages[p] = lines[:i]
	}
	return pages, dropped
}

// pageLines makes the lines of a page in reading order. A page set in two
// columns is read column by column: a gutter is an x range in the middle
// of the text that (almost) no run crosses, with at least a tenth of the
// text and three lines on each side (the last page of a text in columns
// may fill little of the right one). Runs across the gutter (a title over
// both columns) come first if they are above the columns, last otherwise.
func pageLines(items []pdfItem, page int) []pdfLine {
	left, right, ok := gutter(items)
	if !ok {
		return pdfLines(items, page)
	}
	var span, l, r []pdfItem
	colTop := math.Inf(-1)
	for _, it := range items {
		switch {
		case it.right <= left:
			l = append(l, it)
			colTop = math.Max(colTop, it.top)
		case it.left >= right:
			r = append(r, it)
			colTop = math.Max(colTop, it.top)
		default:
			span = append(span, it)
		}
	}
	var above, below []pdfItem
	for _, it := range span {
		if it.bottom >= colTop {
			above = append(above, it)
		} else {
			below = append(below, it)
		}
	}
	var lines []pdfLine
	for col, group := range [][]pdfItem{above, l, r, below} {
		for _, ln := range pdfLines(group, page) {
			ln.col = col
			lines = append(lines, ln)
		}
	}
	return lines
}

// gutter finds the space between two columns: the widest x range, at
// least 10 pt, in the middle 40% of the text's width, that runs holding
// at most 3% of the text cross.
func gutter(items []pdfItem) (left, right float64, ok bool) {
	if len(items) < 10 {
		return 0, 0, false
	}
	minL, maxR, total := math.Inf(1), math.Inf(-1), 0
	for _, it := range items {
		minL, maxR = math.Min(minL, it.left), math.Max(maxR, it.right)
		total += utf8.RuneCountInString(it.text)
	}
	width := maxR - minL
	if width < 200 {
		return 0, 0, false
	}
	lo, hi := int(minL+0.3*width), int(minL+0.7*width)
	cross := make([]int, hi-lo+1)
	for _, it := range items {
		n := utf8.RuneCountInString(it.text)
		for x := max(lo, int(it.left)); x <= min(hi, int(it.right)); x++ {
			cross[x-lo] += n
		}
	}
	best, bestStart, start := 0, 0, -1
	for i, c := range cross {
		if c*100 <= 3*total {
			if start < 0 {
				start = i
			}
			if i-start+1 > best {
				best, bestStart = i-start+1, start
			}
		} else {
			start = -1
		}
	}
	if best < 10 {
		return 0, 0, false
	}
	left, right = float64(lo+bestStart), float64(lo+bestStart+best)
	// Enough text and lines on both sides: not a table's column of cells.
	var lw, rw int
	lLines, rLines := map[int]bool{}, map[int]bool{}
	for _, it := range items {
		n := utf8.RuneCountInString(it.text)
		switch {
		case it.right <= left+1:
			lw += n
			lLines[int(it.bottom)] = true
		case it.left >= right-1:
			rw += n
			rLines[int(it.bottom)] = true
		}
	}
	if lw*10 < total || rw*10 < total || len(lLines) < 3 || len(rLines) < 3 {
		return 0, 0, false
	}
	return left + 1, right - 1, true
}
