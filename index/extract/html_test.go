package extract

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

const articleBody = `<p>第一条 为了规范数据资源管理，促进数据依法有序流动，保障数据安全，根据有关法律、行政法规，结合本市实际，制定本办法。</p>
<p>第二条 本办法适用于本市行政区域内公共数据的收集、归集、共享、开放及其相关管理活动。</p>
<ol><li>公共数据；</li><li>企业数据。</li></ol>
<table><tr><th>事项</th><th>单位</th></tr><tr><td colspan="2">合计</td></tr></table>
<p>第三条 市大数据中心负责全市公共数据资源的统筹管理工作，各区人民政府负责本行政区域内的公共数据管理工作。</p>`

func TestHTMLPage(t *testing.T) {
	page := `<!DOCTYPE html><html><head><meta charset="utf-8">
<title>上海市数据资源管理办法_上海市人民政府</title></head><body>
<header><h1>上海市人民政府</h1><nav><a href="/">首页</a><a href="/zc">政策</a></nav></header>
<div class="main"><h1>上海市数据资源管理办法</h1>` + articleBody + `<h3>附则</h3><p>第四条 本办法自2024年1月1日起施行，有效期至2028年12月31日，由市大数据中心负责解释。</p></div>
<footer><p>主办：上海市人民政府办公厅 沪ICP备12345678号</p></footer></body></html>`
	r, err := Convert(context.Background(), "page.html", []byte(page), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "# 上海市数据资源管理办法\n\n" +
		"第一条 为了规范数据资源管理，促进数据依法有序流动，保障数据安全，根据有关法律、行政法规，结合本市实际，制定本办法。\n\n" +
		"第二条 本办法适用于本市行政区域内公共数据的收集、归集、共享、开放及其相关管理活动。\n\n" +
		"1. 公共数据；\n\n2. 企业数据。\n\n" +
		"| 事项 | 单位 |\n| --- | --- |\n| 合计 |  |\n\n" +
		"第三条 市大数据中心负责全市公共数据资源的统筹管理工作，各区人民政府负责本行政区域内的公共数据管理工作。\n\n" +
		"### 附则\n\n" +
		"第四条 本办法自2024年1月1日起施行，有效期至2028年12月31日，由市大数据中心负责解释。"
	if r.Markdown != want {
		t.Errorf("Markdown =\n%s\nwant\n%s", r.Markdown, want)
	}
	if r.Title != "上海市数据资源管理办法_上海市人民政府" {
		t.Errorf("Title = %q", r.Title)
	}
}

func TestHTMLCharsets(t *testing.T) {
	gbk := func(s string) string {
		out, err := simplifiedchinese.GBK.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	body := "<html><body><article>" + articleBody + "</article></body></html>"
	tests := []struct {
		name, page, warning string
	}{
		{"utf-8, declared", `<meta charset="utf-8">` + body, ""},
		{"utf-8, undeclared", body, ""},
		{"gb2312, declared", `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">` + gbk(body), "decoded from gbk"},
		{"gbk, undeclared", gbk(body), "no charset declared and not UTF-8: decoded as GB18030"},
		{"gbk, declared utf-8", `<meta charset="utf-8">` + gbk(body), "declared UTF-8 but not UTF-8: decoded as GB18030"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Convert(context.Background(), "p.htm", []byte(tt.page), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(r.Markdown, "第二条 本办法适用于本市行政区域内") {
				t.Errorf("Markdown = %q, want the decoded articles", r.Markdown)
			}
			var got string
			if len(r.Warnings) > 0 {
				got = r.Warnings[0]
			}
			if got != tt.warning {
				t.Errorf("warning = %q, want %q", got, tt.warning)
			}
		})
	}
}

// An old-style page laid out with tables: the text is in a cell, with its
// paragraphs; a data table inside it stays a table.
func TestHTMLLayoutTable(t *testing.T) {
	page := `<html><head><meta charset="utf-8"><title>数据资源管理办法</title></head><body>
<table width="100%"><tr><td class="nav"><a href="/">首页</a> | <a href="/zc">政策文件</a></td></tr>
<tr><td id="UCAP-CONTENT" class="b12c">` + articleBody + `</td></tr>
<tr><td>版权所有：某某市人民政府办公厅</td></tr></table></body></html>`
	r, err := Convert(context.Background(), "old.html", []byte(page), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"\n\n第二条 本办法适用于本市行政区域内公共数据的收集、归集、共享、开放及其相关管理活动。\n\n",
		"\n\n| 事项 | 单位 |\n| --- | --- |\n| 合计 |  |\n\n",
	} {
		if !strings.Contains(r.Markdown, want) {
			t.Errorf("Markdown =\n%s\nwant it to contain %q", r.Markdown, want)
		}
	}
	if strings.Contains(r.Markdown, "首页") || strings.Contains(r.Markdown, "版权所有") {
		t.Errorf("Markdown =\n%s\nwant no navigation or footer", r.Markdown)
	}
}
