package index

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"clausebot/bot"
)

// TestLabelQuestion checks questions that are an outline label of a
// government opinion (二（一）2: part 二, point （一）, item 2) or the
// seed's 二·12, typed bare or with 说了什么, a document's name or a topic:
// the clause, the point's items, a search within the point, the
// documents to choose from, or "no such clause" — never another
// document's 第十二条 found by the label's numbers.
func TestLabelQuestion(t *testing.T) {
	opinion := func(topic string) string {
		return `关于推进` + topic + `建设的实施意见

一、总体要求

到2030年，基本建成` + topic + `体系。

二、重点任务

（一）完善规划体系

1.强化规划管控。编制各层级国土空间规划时，落实` + topic + `的管控要求。

2.编制系统方案。以排水分区为单元，编制` + topic + `系统方案，明确建设项目。

（二）加强河湖治理

1.提升防洪能力。推进主海塘达标建设，提升海塘防御风暴潮能力。

2.修复湿地空间。加强湿地生态系统保护与修复。
`
	}
	x := mustLoad(t, fstest.MapFS{
		"海绵城市.md": {Data: []byte(opinion("海绵城市"))},
		"出口管制条例.txt": {Data: []byte(`出口管制条例

第十二条 国务院商务主管部门可以对清单以外的货物实施临时管制，临时管制的实施期限每次不超过2年。
`)},
	}, Options{})
	for q, want := range map[string]string{
		"二（一）2":           "海绵城市:二（一）2|编制系统方案",
		"二(一)2说了什么":       "海绵城市:二（一）2|编制系统方案",
		"二、（一）2":          "海绵城市:二（一）2|编制系统方案",
		"海绵城市 二（一）2":      "海绵城市:二（一）2|编制系统方案",
		"二（一）讲什么":         "海绵城市:二（一）1|强化规划管控",
		"二（二）里关于海塘是怎么规定的": "海绵城市:二（二）1|主海塘达标建设",
	} {
		wantRef, wantText, _ := strings.Cut(want, "|")
		r := mustSearch(t, x, q)
		if len(r.Hits) == 0 {
			t.Errorf("%s: no answer; want %s", q, wantRef)
			continue
		}
		if c := r.Hits[0].Clause; c.Ref != wantRef || !strings.Contains(c.Text, wantText) {
			t.Errorf("%s: %s %q; want %s", q, c.Ref, c.Text, wantRef)
		}
	}
	if r := mustSearch(t, x, "二（一）讲什么"); len(r.Hits) != 2 {
		t.Errorf("二（一）讲什么: %d hits; want the point's 2 items", len(r.Hits))
	}
	for _, q := range []string{"二（九）3", "二（一）7说了什么"} {
		_, err := x.Search(context.Background(), bot.Query{Text: q})
		if bot.ErrorCode(err) != bot.ENOTFOUND {
			t.Errorf("%s: error %v; want ENOTFOUND (no such clause)", q, err)
		}
	}

	// The same label in two opinions: which one?
	y := mustLoad(t, fstest.MapFS{
		"海绵城市.md": {Data: []byte(opinion("海绵城市"))},
		"城市更新.md": {Data: []byte(opinion("城市更新"))},
	}, Options{})
	_, err := y.Search(context.Background(), bot.Query{Text: "二（一）2"})
	var e *bot.Error
	if bot.ErrorCode(err) != bot.EINVALID || !errors.As(err, &e) || len(e.Choices) != 2 {
		t.Errorf("二（一）2 in two documents: %v; want EINVALID with 2 choices", err)
	}
	r := mustSearch(t, y, "城市更新 二（一）2")
	if len(r.Hits) == 0 || r.Hits[0].Clause.Ref != "城市更新:二（一）2" {
		t.Errorf("城市更新 二（一）2: %v; want 城市更新:二（一）2", r.Hits)
	}

	// The seed's own labels, typed as a question.
	s := mustSeed(t)
	for q, want := range map[string]string{"二·12": "二·12", "二.12说了什么": "二·12", "What does 二.12 say?": "二·12"} {
		r := mustSearch(t, s, q)
		if len(r.Hits) == 0 || r.Hits[0].Clause.Ref != want {
			t.Errorf("seed %s: %v; want %s", q, r.Hits, want)
		}
	}
	if _, err := s.Search(context.Background(), bot.Query{Text: "二·99"}); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("seed 二·99: %v; want ENOTFOUND", err)
	}
}
