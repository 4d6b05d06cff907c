package extract

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	readability "github.com/go-shiori/go-readability"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"

	"clausebot/internal/lazyre"
)

// idAttr marks every element of the page before go-readability sees it.
// Readability works on a clone and renames or drops elements, but keeps
// attributes; the marks tell which elements of the original page it kept,
// and the original is what is rendered (readability turns h1 into h2 and
// drops the heading that repeats the page title, which we want to keep).
const idAttr = "data-clausebot-id"

// minHTMLText is the least text a page must keep to be a document: less is
// a link or a button left over from the page around nothing.
const minHTMLText = 30

// maxHTMLElements bounds the work readability does on one page.
const maxHTMLElements = 300000

func convertHTML(ctx context.Context, data []byte) (*Result, error) {
	data, warns, err := decodeHTML(data)
	if err != nil {
		return nil, err
	}
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r := &Result{Title: pageTitle(doc)}
	password := false
	n := 0
	var mark func(*html.Node)
	mark = func(x *html.Node) {
		if x.Type == html.ElementNode {
			n++
			x.Attr = append(x.Attr, html.Attribute{Key: idAttr, Val: strconv.Itoa(n)})
			if x.Data == "input" && strings.EqualFold(attr(x, "type"), "password") {
				password = true
			}
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			mark(c)
		}
	}
	mark(doc)
	if n > maxHTMLElements {
		return nil, fmt.Errorf("%w: %d elements (the cap is %d)", ErrTooLarge, n, maxHTMLElements)
	}
	p := readability.NewParser()
	p.MaxElemsToParse = maxHTMLElements
	art, err := p.ParseDocument(doc, nil)
	if err != nil || art.Node == nil {
		if password {
			return nil, ErrLoginPage
		}
		return nil, ErrNoMainContent
	}
	if r.Title == "" {
		r.Title = cleanText(art.Title)
	}
	kept := map[string]bool{}
	var collect func(*html.Node)
	collect = func(x *html.Node) {
		if x.Type == html.ElementNode {
			if id := attr(x, idAttr); id != "" {
				kept[id] = true
			}
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			collect(c)
		}
	}
	collect(art.Node)
	// The title heading readability took out: the first h1/h2 whose text
	// is the article title.
	titles := []string{cleanText(art.Title), r.Title}
	var findTitle func(*html.Node) bool
	findTitle = func(x *html.Node) bool {
		if x.Type == html.ElementNode && (x.Data == "nav" || x.Data == "aside" || x.Data == "footer" ||
			(x.Data == "header" && !insideArticle(x))) {
			return false
		}
		if x.Type == html.ElementNode && (x.Data == "h1" || x.Data == "h2") && !kept[attr(x, idAttr)] {
			t := cleanText(textOf(x))
			for _, want := range titles {
				// The title, or the title before a site suffix
				// ("…外商投资法_原创力文档"); not a site name that merely
				// starts the title ("上海市人民政府" of "上海市人民政府办公厅关于…").
				if rest, ok := strings.CutPrefix(want, t); t != "" && ok && siteSuffix(rest) {
					kept[attr(x, idAttr)] = true
					for c := x.FirstChild; c != nil; c = c.NextSibling {
						collect(c)
					}
					return true
				}
			}
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			if findTitle(c) {
				return true
			}
		}
		return false
	}
	findTitle(doc)

	hr := &htmlRenderer{kept: kept, layout: map[*html.Node]bool{}}
	hr.walk(doc, false)
	hr.flush()
	blocks, dropped := dropFurniture(hr.blocks)
	warns = append(warns, dropped...)
	text := 0
	for _, b := range blocks {
		text += utf8.RuneCountInString(b.text)
		for _, row := range b.rows {
			for _, c := range row {
				text += utf8.RuneCountInString(c)
			}
		}
	}
	if password && text < 300 {
		return nil, ErrLoginPage
	}
	if text < minHTMLText {
		return nil, fmt.Errorf("%w (%d characters of text)", ErrNoMainContent, text)
	}
	r.Markdown, _ = render(blocks, false)
	r.Warnings = warns
	return r, nil
}

// siteSuffix reports whether rest, what a page title has after the
// document's title, is empty or a site name after a separator.
func siteSuffix(rest string) bool {
	if rest == "" {
		return true
	}
	for _, sep := range []string{"_", "-", "|", " ", "–", "—", "｜", "－", "："} {
		if strings.HasPrefix(rest, sep) {
			return true
		}
	}
	return false
}

// decodeHTML turns a page into UTF-8: by its BOM or declared charset
// (meta charset or http-equiv; GB2312 and GBK labels decode as GBK, a
// superset), else as UTF-8 if it is valid, else as GB18030 if that decodes
// cleanly (Chinese pages that declare nothing are GBK), else as
// windows-1252, the web's default.
func decodeHTML(data []byte) ([]byte, []string, error) {
	// DetermineEncoding says windows-1252 when it finds no declaration
	// (and "certain" only for a BOM), so any other answer is declared.
	enc, name, _ := charset.DetermineEncoding(data, "")
	switch {
	case name == "utf-8" && utf8.Valid(data):
		return data, nil, nil
	case name != "utf-8" && name != "windows-1252":
		out, err := enc.NewDecoder().Bytes(data)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: cannot decode as %s: %v", ErrCorrupt, name, err)
		}
		return out, []string{"decoded from " + name}, nil
	case utf8.Valid(data):
		return data, nil, nil
	}
	why := "no charset declared and not UTF-8"
	if name == "utf-8" {
		why, enc = "declared UTF-8 but not UTF-8", charmap.Windows1252
	}
	if out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data); err == nil && !bytes.ContainsRune(out, utf8.RuneError) {
		return out, []string{why + ": decoded as GB18030"}, nil
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: cannot decode as windows-1252: %v", ErrCorrupt, err)
	}
	return out, []string{why + ": decoded as windows-1252"}, nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(x *html.Node) {
		switch x.Type {
		case html.TextNode:
			b.WriteString(x.Data)
		case html.ElementNode:
			switch x.Data {
			case "script", "style", "noscript", "template":
				return
			case "br":
				b.WriteByte('\n')
			}
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// pageTitle is og:title, or else <title>.
func pageTitle(doc *html.Node) string {
	var og, title string
	var walk func(*html.Node)
	walk = func(x *html.Node) {
		if x.Type == html.ElementNode {
			switch x.Data {
			case "meta":
				if p := attr(x, "property"); p == "og:title" && og == "" {
					og = cleanText(attr(x, "content"))
				}
			case "title":
				if title == "" {
					title = cleanText(textOf(x))
				}
			case "body":
				return
			}
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if og != "" {
		return og
	}
	return title
}

// htmlRenderer turns the kept elements of a page into blocks.
type htmlRenderer struct {
	kept   map[string]bool
	layout map[*html.Node]bool // isLayoutTable, remembered per table
	blocks []block
	buf    strings.Builder
}

func (h *htmlRenderer) isLayout(t *html.Node) bool {
	v, ok := h.layout[t]
	if !ok {
		v = isLayoutTable(t)
		h.layout[t] = v
	}
	return v
}

func (h *htmlRenderer) flush() {
	if s := cleanText(h.buf.String()); s != "" {
		h.blocks = append(h.blocks, block{kind: paraBlock, text: s})
	}
	h.buf.Reset()
}

// isBlock reports whether tag starts and ends a paragraph.
func isBlock(tag string) bool {
	switch tag {
	case "p", "div", "section", "article", "main", "blockquote", "ul", "ol", "dl", "dd", "dt", "center",
		"address", "figure", "figcaption", "header", "footer", "aside", "nav", "form", "fieldset", "hr",
		"body", "tbody", "thead":
		return true
	}
	return false
}

// walk renders x. in tells whether x's parent was kept: the text of a node
// is rendered only when its element was kept by readability.
func (h *htmlRenderer) walk(x *html.Node, in bool) {
	switch x.Type {
	case html.TextNode:
		if in {
			h.buf.WriteString(x.Data)
		}
		return
	case html.ElementNode:
	default:
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			h.walk(c, in)
		}
		return
	}
	switch x.Data {
	case "script", "style", "noscript", "template", "head", "button", "select", "textarea", "input", "svg", "iframe", "object", "canvas":
		return
	}
	kept := h.kept[attr(x, idAttr)]
	switch x.Data {
	case "nav", "aside":
		return
	case "header", "footer":
		// The page's header and footer, not an article's.
		if !insideArticle(x) {
			return
		}
	}
	switch {
	case !kept:
		// Not content itself, but content may sit inside (readability
		// keeps the article, not the page around it).
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			h.walk(c, false)
		}
	case len(x.Data) == 2 && x.Data[0] == 'h' && x.Data[1] >= '1' && x.Data[1] <= '6':
		h.flush()
		if s := cleanText(textOf(x)); s != "" {
			h.blocks = append(h.blocks, block{kind: headingBlock, level: int(x.Data[1] - '0'), text: s})
		}
	case x.Data == "table" && h.isLayout(x):
		// Older government sites lay the page out with tables: the cell
		// holding the text is a container, not a table row.
		h.flush()
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			h.walk(c, true)
		}
		h.flush()
	case (x.Data == "tr" || x.Data == "td" || x.Data == "th") && !h.insideDataTable(x):
		h.flush()
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			h.walk(c, true)
		}
		h.flush()
	case x.Data == "table":
		h.flush()
		if rows := h.table(x); len(rows) > 0 {
			h.blocks = append(h.blocks, block{kind: tableBlock, rows: rows})
		}
	case x.Data == "br":
		h.flush()
	case x.Data == "sup":
		h.buf.WriteString(superscript(textOf(x)))
	case x.Data == "li":
		h.flush()
		h.buf.WriteString(listLabel(x))
		first := true
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			if first && c.Type == html.ElementNode && c.Data == "p" {
				// <li><p>text</p>: the number and the text are one item.
				for cc := c.FirstChild; cc != nil; cc = cc.NextSibling {
					h.walk(cc, true)
				}
				h.flush()
				first = false
				continue
			}
			if c.Type == html.ElementNode || strings.TrimSpace(c.Data) != "" {
				first = false
			}
			h.walk(c, true)
		}
		h.flush()
	case x.Data == "pre":
		h.flush()
		for _, line := range strings.Split(textOf(x), "\n") {
			h.buf.WriteString(line)
			h.flush()
		}
	case isBlock(x.Data):
		h.flush()
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			h.walk(c, true)
		}
		h.flush()
	default:
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			h.walk(c, true)
		}
	}
}

// listLabel is the number a browser shows before an item of an ordered
// list ("3. ", "c. ", "iv. "), or "" for other items.
func listLabel(li *html.Node) string {
	ol := li.Parent
	if ol == nil || ol.Type != html.ElementNode || ol.Data != "ol" {
		return ""
	}
	n := 1
	if s, err := strconv.Atoi(attr(ol, "start")); err == nil {
		n = s
	}
	for c := ol.FirstChild; c != nil && c != li; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == "li" {
			n++
		}
	}
	if v, err := strconv.Atoi(attr(li, "value")); err == nil {
		n = v
	}
	var s string
	switch attr(ol, "type") {
	case "a":
		s = formatNumber(n, "lowerLetter")
	case "A":
		s = formatNumber(n, "upperLetter")
	case "i":
		s = formatNumber(n, "lowerRoman")
	case "I":
		s = formatNumber(n, "upperRoman")
	default:
		s = strconv.Itoa(n)
	}
	return s + ". "
}

func (h *htmlRenderer) table(t *html.Node) [][]string {
	var rows [][]string
	var walk func(*html.Node)
	walk = func(x *html.Node) {
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.Data {
			case "tr":
				var row []string
				for td := c.FirstChild; td != nil; td = td.NextSibling {
					if td.Type != html.ElementNode || (td.Data != "td" && td.Data != "th") {
						continue
					}
					row = append(row, cleanText(textOf(td)))
					if span, err := strconv.Atoi(attr(td, "colspan")); err == nil && span > 1 && span < 100 {
						for i := 1; i < span; i++ {
							row = append(row, "")
						}
					}
				}
				if len(row) > 0 {
					rows = append(rows, row)
				}
			case "thead", "tbody", "tfoot":
				walk(c)
			}
		}
	}
	walk(t)
	return rows
}

// Page furniture that readability can leave inside the article container:
// the info bar, font-size and print links, share buttons, previous/next
// links, and the trailer of document-sharing sites. A line matching one is
// dropped; after a preview trailer everything is dropped, since the page
// shows only the start of the document.
var (
	furnitureLine = lazyre.New(`^(` +
		`(当前位置|您现在的位置|您的位置)[：:]` +
		`|.{0,60}字[体号][：:]\s*[【\[]?\s*大\s*中\s*小.*` +
		`|[【\[]?\s*大\s*中\s*小\s*[】\]]?` +
		`|(分享到|分享至)[：:]?.{0,40}` +
		`|(上一篇|下一篇)[：:].*` +
		`|(打印本页|关闭窗口|打印|关闭|返回顶部|收藏|【打印】|【关闭】|\[打印\]|\[关闭\])(\s+.{0,20})?` +
		`|扫一扫在手机(上)?打开(当前页)?` +
		`|(Share|Print|Back to top|Share this page|Share on \w+)\s*` +
		`)$`)
	infoBar        = lazyre.New(`(发布时间|发布日期|来源|浏览次数|点击数|阅读次数|访问量)[：:]`)
	previewTrailer = lazyre.New(`预览已结束|試読はここまで|下载文档到电脑|剩余\d+页未读`)
)

func dropFurniture(in []block) ([]block, []string) {
	var out []block
	var dropped []string
	for i, b := range in {
		if b.kind != paraBlock {
			out = append(out, b)
			continue
		}
		t := b.text
		if previewTrailer().MatchString(t) {
			dropped = append(dropped, fmt.Sprintf("preview trailer %q and the %d blocks after it dropped: the page shows only part of the document", t, len(in)-i-1))
			break
		}
		short := utf8.RuneCountInString(t) < 120
		if short && (furnitureLine().MatchString(t) || len(infoBar().FindAllString(t, -1)) >= 2) {
			dropped = append(dropped, fmt.Sprintf("page furniture dropped: %q", t))
			continue
		}
		out = append(out, b)
	}
	return out, dropped
}

func insideArticle(x *html.Node) bool {
	for p := x.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && (p.Data == "article" || p.Data == "main") {
			return true
		}
	}
	return false
}

// isLayoutTable reports whether t lays out a page rather than holding data:
// role="presentation", or a cell with paragraphs, headings, lists or another
// table in it, or with more than 300 characters of text.
func isLayoutTable(t *html.Node) bool {
	if r := attr(t, "role"); r == "presentation" || r == "none" {
		return true
	}
	layout := false
	var walk func(n *html.Node, inCell bool)
	walk = func(n *html.Node, inCell bool) {
		for c := n.FirstChild; c != nil && !layout; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.Data {
			case "td", "th":
				if utf8.RuneCountInString(cleanText(textOf(c))) > 300 {
					layout = true
					return
				}
				walk(c, true)
			case "p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre":
				if inCell {
					layout = true
					return
				}
				walk(c, inCell)
			default:
				walk(c, inCell)
			}
		}
	}
	walk(t, false)
	return layout
}

// insideDataTable reports whether a row or cell belongs to a table rendered
// as rows (not a layout table).
func (h *htmlRenderer) insideDataTable(x *html.Node) bool {
	for p := x.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == "table" {
			return !h.isLayout(p)
		}
	}
	return false
}
