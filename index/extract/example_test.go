package extract_test

import (
	"context"
	"errors"
	"fmt"

	"clausebot/index/extract"
)

// How index.Load is meant to use the package: convert, then parse the
// Markdown as a .md file; a file that cannot be used becomes a warning.
func ExampleConvert() {
	page := []byte(`<html><head><meta charset="utf-8"><title>某市数据管理办法</title></head><body>
<nav><a href="/">首页</a> | <a href="/zc">政策文件</a></nav>
<article><h1>某市数据管理办法</h1>
<p>第一条 为了规范本市公共数据管理，促进数据依法有序流动，制定本办法。</p>
<p>第二条 本办法自2024年1月1日起施行。</p></article>
<footer>版权所有 某市人民政府办公厅</footer></body></html>`)
	r, err := extract.Convert(context.Background(), "policy.html", page, extract.Options{})
	if err != nil {
		var e *extract.Error
		if errors.As(err, &e) {
			fmt.Printf("warning: %s: skipped: %v\n", e.File, e.Err)
		}
		return
	}
	fmt.Println(r.Title)
	fmt.Println(r.Markdown)

	_, err = extract.Convert(context.Background(), "scan.pdf", []byte("%PDF-1.4 not a PDF"), extract.Options{})
	fmt.Println(errors.Is(err, extract.ErrCorrupt))
	// Output:
	// 某市数据管理办法
	// # 某市数据管理办法
	//
	// 第一条 为了规范本市公共数据管理，促进数据依法有序流动，制定本办法。
	//
	// 第二条 本办法自2024年1月1日起施行。
	// true
}
