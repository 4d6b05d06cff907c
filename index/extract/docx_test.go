package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"`

// mustDOCX makes a minimal DOCX from a body and, if not empty, a
// numbering and a styles part.
func mustDOCX(t testing.TB, body, numbering, styles string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	parts := map[string]string{
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8"?><w:document ` + wNS + `><w:body>` + body + `</w:body></w:document>`,
	}
	if numbering != "" {
		parts["word/numbering.xml"] = `<?xml version="1.0" encoding="UTF-8"?><w:numbering ` + wNS + `>` + numbering + `</w:numbering>`
	}
	if styles != "" {
		parts["word/styles.xml"] = `<?xml version="1.0" encoding="UTF-8"?><w:styles ` + wNS + `>` + styles + `</w:styles>`
	}
	for name, s := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(s))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func para(numID, ilvl, text string) string {
	ppr := ""
	if numID != "" {
		ppr = `<w:pPr><w:numPr><w:ilvl w:val="` + ilvl + `"/><w:numId w:val="` + numID + `"/></w:numPr></w:pPr>`
	}
	return `<w:p>` + ppr + `<w:r><w:t>` + text + `</w:t></w:r></w:p>`
}

func TestDOCX(t *testing.T) {
	tests := []struct {
		name                    string
		body, numbering, styles string
		want                    string
		warnings                []string
	}{
		{
			name: "list defined by a numbering style (numStyleLink)",
			numbering: `<w:abstractNum w:abstractNumId="0"><w:styleLink w:val="LawList"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1条"/><w:suff w:val="space"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="LawList"/></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>`,
			styles: `<w:style w:type="numbering" w:styleId="LawList"><w:name w:val="法条"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>`,
			body:   para("2", "0", "为了规范管理，制定本办法。") + para("2", "0", "本办法自发布之日起施行。"),
			want:   "第一条 为了规范管理，制定本办法。\n\n第二条 本办法自发布之日起施行。",
		},
		{
			name: "text box, deleted text, field code, tab",
			body: `<w:p><w:r><w:t>正文</w:t></w:r><w:del><w:r><w:delText>删除的</w:delText></w:r></w:del><w:ins><w:r><w:t>插入的</w:t></w:r></w:ins>` +
				`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
				`<w:r><w:tab/><w:t>after a tab</w:t></w:r>` +
				`<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>框中文字</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>` +
				`<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框中文字</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`,
			want:     "正文插入的3 after a tab",
			warnings: []string{"1 text boxes not read (their place in the reading order is unknown)"},
		},
		{
			name: "heading by outline level, content control, hyperlink",
			body: `<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>第二章 管理</w:t></w:r></w:p>` +
				`<w:sdt><w:sdtContent><w:p><w:hyperlink><w:r><w:t>链接文字</w:t></w:r></w:hyperlink></w:p></w:sdtContent></w:sdt>`,
			want: "## 第二章 管理\n\n链接文字",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Convert(context.Background(), "t.docx", mustDOCX(t, tt.body, tt.numbering, tt.styles), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if r.Markdown != tt.want {
				t.Errorf("Markdown = %q, want %q", r.Markdown, tt.want)
			}
			if diff := cmp.Diff(tt.warnings, r.Warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}
