// Command barebleve is the baseline of BenchmarkAskSideBySide (issue 11):
// the least a bleve program does to answer one question about a text. It
// reads the text file given as its first argument, splits it into
// paragraphs at blank lines, indexes them as one batch into an in-memory
// scorch index (stock cjk analyzer, BM25, one field "text"), runs one
// MatchQuery for the question given as the remaining arguments and prints
// the top k hits (k = 3, clausebot ask's default) with their scores and
// text. It is built with the module's own bleve version by the benchmark;
// it is not part of clausebot.
//
// usage: barebleve FILE QUESTION…
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: barebleve FILE QUESTION…")
		os.Exit(2)
	}
	if err := run(os.Args[1], strings.Join(os.Args[2:], " ")); err != nil {
		fmt.Fprintln(os.Stderr, "barebleve:", err)
		os.Exit(1)
	}
}

func run(file, q string) error {
	text, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	m := bleve.NewIndexMapping()
	m.ScoringModel = "bm25"
	m.DefaultAnalyzer = cjk.AnalyzerName
	bi, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return err
	}
	defer bi.Close()
	b := bi.NewBatch()
	var paras []string
	for p := range strings.SplitSeq(strings.ReplaceAll(string(text), "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			if err := b.Index(strconv.Itoa(len(paras)), map[string]string{"text": p}); err != nil {
				return err
			}
			paras = append(paras, p)
		}
	}
	if err := bi.Batch(b); err != nil {
		return err
	}
	mq := bleve.NewMatchQuery(q)
	mq.SetField("text")
	res, err := bi.Search(bleve.NewSearchRequestOptions(mq, 3, 0, false))
	if err != nil {
		return err
	}
	if len(res.Hits) == 0 {
		fmt.Println("No paragraph matches.")
	}
	for i, h := range res.Hits {
		n, _ := strconv.Atoi(h.ID)
		fmt.Printf("%d. [%s] (score %.3f)\n   %s\n", i+1, h.ID, h.Score, strings.ReplaceAll(paras[n], "\n", "\n   "))
	}
	return nil
}
