package extract

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"path"
	"strconv"
	"strings"
)

// xnode is an element of a parsed XML part. Only local names are kept:
// OOXML parts use fixed prefixes for one namespace each, and the elements
// read here have unique local names within a part.
type xnode struct {
	name     string
	attrs    []xml.Attr
	children []*xnode
	text     string // character data directly inside, for w:t and friends
}

func (n *xnode) attr(local string) string {
	for _, a := range n.attrs {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func (n *xnode) child(local string) *xnode {
	if n == nil {
		return nil
	}
	for _, c := range n.children {
		if c.name == local {
			return c
		}
	}
	return nil
}

// val returns the w:val attribute of the named child, "" if absent.
func (n *xnode) val(local string) string {
	if c := n.child(local); c != nil {
		return c.attr("val")
	}
	return ""
}

func parseXML(data []byte) (*xnode, error) {
	root := &xnode{name: "#root"}
	err := streamXML(data, 0, func(n *xnode) error {
		root.children = append(root.children, n)
		return nil
	})
	return root, err
}

// streamXML parses data and calls each with every element at the given
// depth (0: the root element; 2: the children of w:document/w:body), whole,
// as soon as it ends. Only one such element is in memory at a time: a long
// document costs the size of its largest paragraph or table, not a tree of
// the whole part. Character data is kept only where it is text (w:t and
// the like).
func streamXML(data []byte, depth int, each func(*xnode) error) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	level := 0
	var stack []*xnode
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if level >= depth {
				n := &xnode{name: t.Name.Local, attrs: t.Attr}
				if len(stack) > 0 {
					top := stack[len(stack)-1]
					top.children = append(top.children, n)
				}
				stack = append(stack, n)
			}
			level++
		case xml.EndElement:
			level--
			if level >= depth && len(stack) > 0 {
				n := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if len(stack) == 0 {
					if err := each(n); err != nil {
						return err
					}
				}
			}
		case xml.CharData:
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				switch top.name {
				case "t", "instrText", "delText", "title":
					top.text += string(t)
				}
			}
		}
	}
}

// zipReader reads parts out of a zip archive, counting every byte
// decompressed against one budget, so that neither a zip whose headers
// declare huge sizes nor one whose headers lie gets past the cap.
type zipReader struct {
	files  map[string]*zip.File
	budget int64
	cap    int64
}

func newZipReader(data []byte, maxDecompressed int64) (*zipReader, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: not a zip archive: %v", ErrCorrupt, err)
	}
	z := &zipReader{files: map[string]*zip.File{}, budget: maxDecompressed, cap: maxDecompressed}
	// Only the XML parts read count against the cap (images do not), but
	// an archive declaring more than 16 times the cap in all is refused
	// before anything is inflated.
	var declared uint64
	for _, f := range zr.File {
		z.files[strings.TrimPrefix(f.Name, "/")] = f
		declared += f.UncompressedSize64
	}
	if declared > 16*uint64(maxDecompressed) {
		return nil, fmt.Errorf("%w: the archive declares %d bytes in all, the cap is 16 × %d", ErrZipBomb, declared, maxDecompressed)
	}
	return z, nil
}

// read returns the named part, or nil and no error if it does not exist.
// It inflates the part itself (rather than through zip.File.Open, which
// trusts the declared size) so that every byte counts against the budget
// and a part that inflates past its declared size is named as a bomb.
func (z *zipReader) read(name string) ([]byte, error) {
	f := z.files[name]
	if f == nil {
		return nil, nil
	}
	if f.UncompressedSize64 > uint64(z.budget) {
		return nil, fmt.Errorf("%w: %s declares %d bytes, over what is left of the cap of %d", ErrZipBomb, name, f.UncompressedSize64, z.cap)
	}
	var r io.Reader
	switch f.Method {
	case zip.Store, zip.Deflate:
		raw, err := f.OpenRaw()
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, name, err)
		}
		r = raw
		if f.Method == zip.Deflate {
			fr := flate.NewReader(raw)
			defer fr.Close()
			r = fr
		}
	default:
		return nil, fmt.Errorf("%w: %s: compression method %d", ErrCorrupt, name, f.Method)
	}
	data, err := io.ReadAll(io.LimitReader(r, z.budget+1))
	if int64(len(data)) > z.budget {
		return nil, fmt.Errorf("%w: %s decompresses past the cap of %d bytes", ErrZipBomb, name, z.cap)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, name, err)
	}
	if uint64(len(data)) > f.UncompressedSize64 {
		return nil, fmt.Errorf("%w: %s inflates past its declared size of %d bytes", ErrZipBomb, name, f.UncompressedSize64)
	}
	if uint64(len(data)) != f.UncompressedSize64 || crc32.ChecksumIEEE(data) != f.CRC32 {
		return nil, fmt.Errorf("%w: %s: size or checksum does not match the archive's", ErrCorrupt, name)
	}
	z.budget -= int64(len(data))
	return data, nil
}

func (z *zipReader) readXML(name string) (*xnode, error) {
	data, err := z.read(name)
	if err != nil || data == nil {
		return nil, err
	}
	n, err := parseXML(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: bad XML: %v", ErrCorrupt, name, err)
	}
	return n, nil
}

// style is what the converter needs of a Word paragraph style.
type style struct {
	name    string
	basedOn string
	outline int // outline level + 1 (1 = "heading 1"), 0 if none
	numID   string
	ilvl    string
}

type docx struct {
	styles    map[string]*style
	numStyles map[string]string // numbering style id → numId
	num       *numbering
	warnings  []string
	footnote  int
	boxes     int // text boxes not read
	blocks    []block
	ctx       context.Context
}

func convertDOCX(ctx context.Context, data []byte, maxDecompressed int64) (*Result, error) {
	z, err := newZipReader(data, maxDecompressed)
	if err != nil {
		return nil, err
	}
	main := "word/document.xml"
	if rels, err := z.readXML("_rels/.rels"); err != nil {
		return nil, err
	} else if rels != nil {
		for _, r := range rels.child("Relationships").childrenNamed("Relationship") {
			if strings.HasSuffix(r.attr("Type"), "/officeDocument") {
				main = strings.TrimPrefix(path.Clean("/"+r.attr("Target")), "/")
			}
		}
	}
	doc, err := z.read(main)
	if err != nil {
		return nil, err
	}
	if doc == nil {
		return nil, fmt.Errorf("%w: no %s: not a Word document", ErrCorrupt, main)
	}
	dir := path.Dir(main)
	d := &docx{styles: map[string]*style{}, numStyles: map[string]string{}, ctx: ctx}
	// Part names are fixed by convention; the document's relationships
	// could rename them, but no producer we know does.
	if st, err := z.readXML(path.Join(dir, "styles.xml")); err != nil {
		return nil, err
	} else if st != nil {
		d.readStyles(st)
	}
	if nx, err := z.readXML(path.Join(dir, "numbering.xml")); err != nil {
		return nil, err
	} else if nx != nil {
		d.num = readNumbering(nx)
		d.num.linkStyles(d.numStyles)
	}
	// The body is read one paragraph or table at a time (streamXML).
	err = streamXML(doc, 2, func(n *xnode) error {
		if err := d.ctx.Err(); err != nil {
			return err
		}
		return d.walk(&xnode{children: []*xnode{n}})
	})
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: %s: bad XML: %v", ErrCorrupt, main, err)
	}
	r := &Result{}
	r.Markdown, _ = render(d.blocks, false)
	if core, err := z.readXML("docProps/core.xml"); err == nil && core != nil {
		if t := core.child("coreProperties").child("title"); t != nil {
			r.Title = cleanText(t.text)
		}
	}
	if d.footnote > 0 {
		d.warnings = append(d.warnings, fmt.Sprintf("%d footnote and endnote references dropped (their notes are not read)", d.footnote))
	}
	if d.boxes > 0 {
		d.warnings = append(d.warnings, fmt.Sprintf("%d text boxes not read (their place in the reading order is unknown)", d.boxes))
	}
	r.Warnings = d.warnings
	if strings.TrimSpace(r.Markdown) == "" {
		return nil, fmt.Errorf("%w: the Word document has no text", ErrNoMainContent)
	}
	return r, nil
}

func (n *xnode) childrenNamed(local string) []*xnode {
	if n == nil {
		return nil
	}
	var out []*xnode
	for _, c := range n.children {
		if c.name == local {
			out = append(out, c)
		}
	}
	return out
}

func (d *docx) readStyles(root *xnode) {
	for _, s := range root.child("styles").childrenNamed("style") {
		if s.attr("type") == "numbering" {
			if id := s.child("pPr").child("numPr").val("numId"); id != "" {
				d.numStyles[s.attr("styleId")] = id
			}
			continue
		}
		if s.attr("type") != "paragraph" {
			continue
		}
		st := &style{name: strings.ToLower(s.val("name")), basedOn: s.val("basedOn")}
		ppr := s.child("pPr")
		if lv := ppr.val("outlineLvl"); lv != "" {
			if n, err := strconv.Atoi(lv); err == nil && n < 9 {
				st.outline = n + 1
			}
		}
		if np := ppr.child("numPr"); np != nil {
			st.numID, st.ilvl = np.val("numId"), np.val("ilvl")
		}
		d.styles[s.attr("styleId")] = st
	}
}

// headingLevel is the heading level of a paragraph in style id: a style
// named "heading N" (Word keeps the English built-in name whatever the
// interface language) or "title", or one with an outline level, directly or
// through basedOn. 0 means body text.
func (d *docx) headingLevel(id string, ppr *xnode) int {
	if lv := ppr.val("outlineLvl"); lv != "" {
		if n, err := strconv.Atoi(lv); err == nil && n < 9 {
			return n + 1
		}
	}
	for i := 0; id != "" && i < 10; i++ {
		st := d.styles[id]
		if st == nil {
			break
		}
		if st.name == "title" {
			return 1
		}
		if n, ok := strings.CutPrefix(st.name, "heading "); ok {
			if v, err := strconv.Atoi(n); err == nil && v >= 1 && v <= 9 {
				return v
			}
		}
		if st.outline > 0 {
			return st.outline
		}
		id = st.basedOn
	}
	return 0
}

// styleNum finds the numbering a style (or one it is based on) carries.
func (d *docx) styleNum(id string) (numID, ilvl string) {
	for i := 0; id != "" && i < 10; i++ {
		st := d.styles[id]
		if st == nil {
			break
		}
		if st.numID != "" {
			return st.numID, st.ilvl
		}
		id = st.basedOn
	}
	return "", ""
}

// walk converts the block-level content of body, a table cell or a content
// control, in document order.
func (d *docx) walk(n *xnode) error {
	for _, c := range n.children {
		if err := d.ctx.Err(); err != nil {
			return err
		}
		switch c.name {
		case "p":
			d.paragraph(c)
		case "tbl":
			d.blocks = append(d.blocks, block{kind: tableBlock, rows: d.table(c)})
		case "sdt":
			if err := d.walk(c.child("sdtContent")); err != nil {
				return err
			}
		case "customXml", "ins", "smartTag":
			if err := d.walk(c); err != nil {
				return err
			}
		}
	}
	return nil
}

func (d *docx) paragraph(p *xnode) {
	ppr := p.child("pPr")
	styleID := ppr.val("pStyle")
	text := cleanText(d.runs(p))
	numID, ilvl := "", "0"
	if np := ppr.child("numPr"); np != nil {
		numID = np.val("numId")
		if v := np.val("ilvl"); v != "" {
			ilvl = v
		}
	}
	if numID == "" {
		if id, lv := d.styleNum(styleID); id != "" {
			numID = id
			if lv != "" {
				ilvl = lv
			}
		}
	}
	if text == "" {
		// An empty numbered paragraph still takes its number in Word;
		// count it so the ones after it are right, but write nothing.
		if numID != "" && d.num != nil {
			lv, _ := strconv.Atoi(ilvl)
			d.num.next(numID, lv)
		}
		return
	}
	if numID != "" && d.num != nil {
		lv, _ := strconv.Atoi(ilvl)
		if label, suff := d.num.next(numID, lv); label != "" {
			text = label + suff + text
		}
	}
	if lv := d.headingLevel(styleID, ppr); lv > 0 {
		d.blocks = append(d.blocks, block{kind: headingBlock, level: lv, text: text})
		return
	}
	d.blocks = append(d.blocks, block{kind: paraBlock, text: text})
}

// runs returns the text of a paragraph's runs, in order: w:t, tabs and
// breaks as spaces, hyperlinks, fields' shown results, inserted text;
// deleted text, field codes and footnote references are left out.
func (d *docx) runs(n *xnode) string {
	var b strings.Builder
	var walk func(n *xnode)
	walk = func(n *xnode) {
		for _, c := range n.children {
			switch c.name {
			case "t":
				b.WriteString(c.text)
			case "tab", "ptab":
				b.WriteByte('\t')
			case "br", "cr":
				// A manual line break inside a paragraph: the paragraph stays
				// one line, as the Markdown contract says.
				b.WriteByte('\n')
			case "noBreakHyphen":
				b.WriteByte('-')
			case "footnoteReference", "endnoteReference":
				d.footnote++
			case "drawing", "pict", "object":
				if hasDescendant(c, "txbxContent") {
					d.boxes++
				}
			case "del", "delText", "instrText", "pPr", "rPr", "fldData", "Fallback":
				// Deleted text, field codes, formatting; text boxes in
				// drawings are not read (their order on the page is unknown).
			case "r":
				if c.child("rPr").val("vertAlign") == "superscript" {
					// An inserted article's index ("7¹"): Word raises it.
					var sup strings.Builder
					for _, t := range c.childrenNamed("t") {
						sup.WriteString(t.text)
					}
					b.WriteString(superscript(sup.String()))
					for _, x := range c.children {
						if x.name == "footnoteReference" || x.name == "endnoteReference" {
							d.footnote++
						}
					}
					continue
				}
				walk(c)
			case "AlternateContent":
				if ch := c.child("Choice"); ch != nil {
					walk(ch)
				} else if fb := c.child("Fallback"); fb != nil {
					walk(fb)
				}
			default:
				walk(c)
			}
		}
	}
	walk(n)
	// Line breaks join like broken lines: no space between CJK characters.
	parts := strings.Split(b.String(), "\n")
	s := parts[0]
	for _, p := range parts[1:] {
		s = joinLines(s, p)
	}
	return s
}

func (d *docx) table(t *xnode) [][]string {
	var rows [][]string
	for _, tr := range t.childrenNamed("tr") {
		var row []string
		for _, tc := range tr.childrenNamed("tc") {
			// A cell's paragraphs become one line: the table row must stay
			// one Markdown line.
			var parts []string
			for _, c := range tc.children {
				switch c.name {
				case "p":
					if s := cleanText(d.cellParagraph(c)); s != "" {
						parts = append(parts, s)
					}
				case "tbl":
					for _, r := range d.table(c) {
						parts = append(parts, strings.Join(r, " "))
					}
				case "sdt":
					for _, p := range c.child("sdtContent").childrenNamed("p") {
						if s := cleanText(d.cellParagraph(p)); s != "" {
							parts = append(parts, s)
						}
					}
				}
			}
			row = append(row, strings.Join(parts, " "))
			// A cell spanning columns is followed by empty cells so that
			// every row has the grid's width.
			if span, _ := strconv.Atoi(tc.child("tcPr").val("gridSpan")); span > 1 {
				for i := 1; i < span; i++ {
					row = append(row, "")
				}
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// cellParagraph is the text of a paragraph in a table cell, with its number.
func (d *docx) cellParagraph(p *xnode) string {
	text := cleanText(d.runs(p))
	ppr := p.child("pPr")
	if np := ppr.child("numPr"); np != nil && d.num != nil && text != "" {
		lv, _ := strconv.Atoi(np.val("ilvl"))
		if label, suff := d.num.next(np.val("numId"), lv); label != "" {
			text = label + suff + text
		}
	}
	return text
}

func hasDescendant(n *xnode, local string) bool {
	for _, c := range n.children {
		if c.name == local || hasDescendant(c, local) {
			return true
		}
	}
	return false
}
