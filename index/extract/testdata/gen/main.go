// Command gen makes the fixtures that no converter makes for us (see ../make.sh):
//
//	gen hf HEADER FOOTER in.docx out.docx   add a page header and footer to a pandoc DOCX
//	                                         (FOOTER: "dash" → "- N -", "zh" → "第 N 页", "en" → "Page N of M", "plain" → "N")
//	gen numbered out.docx                   a DOCX whose 章/条/款/项 numbers come only from numbering.xml
//	gen scan in.pgm out.pdf                 a PDF whose only page is a grey image (no text layer)
//	gen cols in.docx out.docx               the text in two columns
//	gen gov in.docx out.docx                the layout of Chinese government documents: 16 pt type,
//	                                         fixed 28 pt lines, justified, first lines indented two
//	                                         characters, no space between paragraphs, centred headings
package main

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
)

func main() {
	var err error
	switch {
	case len(os.Args) == 6 && os.Args[1] == "hf":
		err = headerFooter(os.Args[2], os.Args[3], os.Args[4], os.Args[5])
	case len(os.Args) == 3 && os.Args[1] == "numbered":
		err = numbered(os.Args[2])
	case len(os.Args) == 4 && os.Args[1] == "scan":
		err = scan(os.Args[2], os.Args[3])
	case len(os.Args) == 4 && os.Args[1] == "gov":
		err = gov(os.Args[2], os.Args[3])
	case len(os.Args) == 4 && os.Args[1] == "cols":
		err = rewrite(os.Args[2], os.Args[3], func(name, s string) string {
			if name == "word/document.xml" {
				s = regexp.MustCompile(`<w:cols [^>]*/>`).ReplaceAllString(s, "")
				s = strings.Replace(s, "</w:sectPr>", `<w:cols w:num="2" w:space="567" /></w:sectPr>`, 1)
			}
			return s
		})
	default:
		err = fmt.Errorf("usage: gen hf HEADER FOOTER in.docx out.docx | gen numbered out.docx | gen scan in.pgm out.pdf | gen gov in.docx out.docx | gen cols in.docx out.docx")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

func field(instr string) string {
	return `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> ` + instr +
		` </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`
}

func run(s string) string { return `<w:r><w:t xml:space="preserve">` + s + `</w:t></w:r>` }

func headerFooter(header, footer, in, out string) error {
	r, err := zip.OpenReader(in)
	if err != nil {
		return err
	}
	defer r.Close()
	var foot string
	switch footer {
	case "dash":
		foot = run("- ") + field("PAGE") + run(" -")
	case "zh":
		foot = run("第 ") + field("PAGE") + run(" 页")
	case "en":
		foot = run("Page ") + field("PAGE") + run(" of ") + field("NUMPAGES")
	default:
		foot = field("PAGE")
	}
	hdrXML := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr ` + wNS + `><w:p><w:pPr><w:jc w:val="center"/></w:pPr>` + run(header) + `</w:p></w:hdr>`
	ftrXML := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr ` + wNS + `><w:p><w:pPr><w:jc w:val="center"/></w:pPr>` + foot + `</w:p></w:ftr>`
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range r.File {
		rc, err := f.Open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		s := string(data)
		switch f.Name {
		case "[Content_Types].xml":
			s = strings.Replace(s, "</Types>", `<Override PartName="/word/hdrgen.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/ftrgen.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>`, 1)
		case "word/_rels/document.xml.rels":
			s = strings.Replace(s, "</Relationships>", `<Relationship Id="rIdHdrGen" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="hdrgen.xml"/><Relationship Id="rIdFtrGen" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="ftrgen.xml"/></Relationships>`, 1)
		case "word/document.xml":
			refs := `<w:headerReference w:type="default" r:id="rIdHdrGen"/><w:footerReference w:type="default" r:id="rIdFtrGen"/>`
			if i := strings.LastIndex(s, "<w:sectPr"); i >= 0 {
				j := i + strings.Index(s[i:], ">") + 1
				if strings.HasSuffix(s[:j], "/>") {
					s = s[:j-2] + ">" + refs + "</w:sectPr>" + s[j:]
				} else {
					s = s[:j] + refs + s[j:]
				}
			} else {
				s = strings.Replace(s, "</w:body>", `<w:sectPr>`+refs+`<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr></w:body>`, 1)
			}
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			return err
		}
		io.WriteString(w, s)
	}
	for name, s := range map[string]string{"word/hdrgen.xml": hdrXML, "word/ftrgen.xml": ftrXML} {
		w, _ := zw.Create(name)
		io.WriteString(w, s)
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

// numbered writes a short regulation whose chapter, article and item numbers
// exist only as Word automatic numbering: numbering.xml level 0 is
// "第%1章" (chineseCounting); a separate list has "第%1条" and, restarted by
// each article, "（%2）" (both chineseCounting), so articles run on across
// chapters as in Chinese laws; another list uses
// "%1." / "%1.%2" decimal and "(%3)" lowerLetter, with a restart.
func numbered(out string) error {
	numbering := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering ` + wNS + `>
<w:abstractNum w:abstractNumId="0">
 <w:multiLevelType w:val="multilevel"/>
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1章"/><w:suff w:val="space"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="5">
 <w:multiLevelType w:val="multilevel"/>
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1条"/><w:suff w:val="space"/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
 <w:multiLevelType w:val="multilevel"/>
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%3)"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="2">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="3">
 <w:lvl w:ilvl="0"><w:start w:val="8"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="4">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val=""/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>
<w:num w:numId="5"><w:abstractNumId w:val="3"/></w:num>
<w:num w:numId="6"><w:abstractNumId w:val="4"/></w:num>
<w:num w:numId="7"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="8"><w:abstractNumId w:val="5"/></w:num>
</w:numbering>`
	styles := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles ` + wNS + `>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Chapter"><w:name w:val="法规章"/><w:basedOn w:val="1"/><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Article"><w:name w:val="法规条"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="8"/></w:numPr></w:pPr></w:style>
</w:styles>`
	p := func(style string, numID, ilvl int, text string) string {
		var ppr string
		if style != "" {
			ppr += `<w:pStyle w:val="` + style + `"/>`
		}
		if numID >= 0 {
			ppr += fmt.Sprintf(`<w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr>`, ilvl, numID)
		}
		if ppr != "" {
			ppr = "<w:pPr>" + ppr + "</w:pPr>"
		}
		return "<w:p>" + ppr + run(text) + "</w:p>\n"
	}
	var b strings.Builder
	b.WriteString(p("Title", -1, 0, "某市数据资源管理办法（示例）"))
	b.WriteString(p("Chapter", -1, 0, "总则"))
	b.WriteString(p("Article", -1, 0, "为了规范数据资源管理，制定本办法。"))
	b.WriteString(p("Article", -1, 0, "本办法适用于下列数据："))
	b.WriteString(p("", 8, 1, "公共数据；"))
	b.WriteString(p("", 8, 1, "企业数据；"))
	b.WriteString(p("", 8, 1, "其他数据。"))
	b.WriteString(p("Article", -1, 0, "数据分为以下类别："))
	b.WriteString(p("", 8, 1, "核心数据；"))
	b.WriteString(p("", 8, 1, "一般数据。"))
	b.WriteString(p("Chapter", -1, 0, "管理职责"))
	b.WriteString(p("Article", -1, 0, "市数据局负责全市数据资源管理工作。"))
	b.WriteString(p("Article", -1, 0, "各区政府负责本行政区域内的数据资源管理工作。"))
	b.WriteString(p("", 4, 0, "明确责任分工"))
	b.WriteString(p("", 4, 0, "加强监督检查"))
	b.WriteString(p("", 2, 0, "Scope"))
	b.WriteString(p("", 2, 1, "This part applies to public data."))
	b.WriteString(p("", 2, 2, "open data;"))
	b.WriteString(p("", 2, 2, "shared data."))
	b.WriteString(p("", 2, 1, "Definitions follow."))
	b.WriteString(p("", 2, 0, "Duties"))
	b.WriteString(p("", 2, 1, "Each office keeps a register."))
	b.WriteString(p("", 3, 0, "A restarted list begins again at one."))
	b.WriteString(p("", 3, 1, "Its second level follows."))
	b.WriteString(p("", 5, 0, "Roman numbering starts at eight."))
	b.WriteString(p("", 5, 0, "And continues to nine."))
	b.WriteString(p("", 6, 0, "A bullet has no number."))
	b.WriteString(p("", 7, 0, "重新编号的列表。"))
	b.WriteString(`<w:p><w:r><w:t>Text with a footnote</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:t xml:space="preserve"> and a</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>line break.</w:t></w:r></w:p>` + "\n")
	b.WriteString(`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>事项</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>责任单位</w:t></w:r></w:p></w:tc></w:tr>` +
		`<w:tr><w:tc><w:p><w:r><w:t>数据目录</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>市数据局</w:t></w:r></w:p><w:p><w:r><w:t>各区政府</w:t></w:r></w:p></w:tc></w:tr>` +
		`<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>合计 | 2 项</w:t></w:r></w:p></w:tc></w:tr></w:tbl>` + "\n")
	b.WriteString(p("Article", -1, 0, "本办法自发布之日起施行。"))
	document := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document ` + wNS + `><w:body>
` + b.String() + `<w:sectPr/></w:body></w:document>`
	footnotes := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes ` + wNS + `><w:footnote w:id="1"><w:p><w:r><w:t>A footnote that is dropped.</w:t></w:r></w:p></w:footnote></w:footnotes>`
	core := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>某市数据资源管理办法</dc:title></cp:coreProperties>`
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`},
		{"word/_rels/document.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>`},
		{"word/document.xml", document},
		{"word/styles.xml", styles},
		{"word/numbering.xml", numbering},
		{"word/footnotes.xml", footnotes},
		{"docProps/core.xml", core},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			return err
		}
		io.WriteString(w, p.body)
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

// scan wraps a binary PGM (P5, 8-bit) as the only image of a one-page PDF.
func scan(in, out string) error {
	data, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	var w, h, max int
	var magic string
	n, err := fmt.Sscan(string(data[:64]), &magic, &w, &h, &max)
	if err != nil || n != 4 || magic != "P5" || max != 255 {
		return fmt.Errorf("%s: want an 8-bit binary PGM", in)
	}
	// The header ends after the fourth token and one whitespace byte.
	off, fields := 0, 0
	for fields < 4 {
		for data[off] == ' ' || data[off] == '\n' || data[off] == '\r' || data[off] == '\t' {
			off++
		}
		for !(data[off] == ' ' || data[off] == '\n' || data[off] == '\r' || data[off] == '\t') {
			off++
		}
		fields++
	}
	pix := data[off+1:]
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(pix[:w*h])
	zw.Close()
	content := fmt.Sprintf("q 595 0 0 842 0 0 cm /Im0 Do Q")
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
		fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream", w, h, z.Len(), z.String()),
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return os.WriteFile(out, b.Bytes(), 0o644)
}

// gov rewrites a pandoc DOCX into the layout of Chinese government
// documents, the layout PDF paragraph detection must handle without the
// space pandoc puts between paragraphs.
func gov(in, out string) error {
	return rewrite(in, out, func(name, s string) string {
		switch name {
		case "word/styles.xml":
			s = regexp.MustCompile(`<w:sz w:val="24" />\s*<w:szCs w:val="24" />`).ReplaceAllString(s, `<w:sz w:val="32" /><w:szCs w:val="32" />`)
			s = regexp.MustCompile(`<w:spacing [^>]*/>`).ReplaceAllString(s, `<w:spacing w:before="0" w:after="0" w:line="560" w:lineRule="exact" />`)
		case "word/document.xml":
			for _, st := range []string{"BodyText", "FirstParagraph", "Compact"} {
				s = strings.ReplaceAll(s, `<w:pStyle w:val="`+st+`" />`, `<w:pStyle w:val="`+st+`" /><w:ind w:firstLineChars="200" w:firstLine="640" /><w:jc w:val="both" />`)
			}
			s = regexp.MustCompile(`(<w:pStyle w:val="Heading[1-6]" />)`).ReplaceAllString(s, `$1<w:jc w:val="center" />`)
		}
		return s
	})
}

// rewrite copies a zip, passing every part through edit.
func rewrite(in, out string, edit func(name, s string) string) error {
	r, err := zip.OpenReader(in)
	if err != nil {
		return err
	}
	defer r.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range r.File {
		rc, err := f.Open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			return err
		}
		io.WriteString(w, edit(f.Name, string(data)))
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}
