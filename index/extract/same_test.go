package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// paragraphs splits Markdown into paragraph texts for comparison: heading
// marks dropped, table rows as their cells joined by spaces (separator rows
// dropped), whitespace (U+00A0 and U+3000 included) collapsed.
func paragraphs(md string) []string {
	var out []string
	for _, line := range strings.Split(md, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "|") {
			cells := strings.Split(strings.Trim(line, "|"), "|")
			if strings.Trim(cells[0], " -:") == "" {
				continue
			}
			for i := range cells {
				cells[i] = strings.TrimSpace(cells[i])
			}
			line = strings.Join(cells, " ")
		}
		line = strings.TrimLeft(line, "#")
		out = append(out, normSpace(line))
	}
	return out
}

func normSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\u00a0' || r == '\u3000'
	}), " ")
}

// diffParagraphs returns the paragraphs of want missing from got and those
// of got not in want (as multisets, ignoring order).
func diffParagraphs(want, got []string) (missing, extra []string) {
	count := map[string]int{}
	for _, p := range got {
		count[p]++
	}
	for _, p := range want {
		if count[p] > 0 {
			count[p]--
		} else {
			missing = append(missing, p)
		}
	}
	count = map[string]int{}
	for _, p := range want {
		count[p]++
	}
	for _, p := range got {
		if count[p] > 0 {
			count[p]--
		} else {
			extra = append(extra, p)
		}
	}
	return missing, extra
}

// knownDiff is a difference between a converted document and its Markdown
// source that the converter cannot avoid, with the reason.
type knownDiff struct {
	missing, extra []string
	why            string
}

// knownDiffs lists, per converted file, the paragraphs expected to differ
// from testdata/src. A file not listed must give exactly the source's
// paragraphs (whitespace normalised).
var knownDiffs = map[string]knownDiff{
	"pdf/ru_vodny_columns.pdf": {
		missing: []string{
			"Принят Государственной Думой 12 апреля 2006 года",
			"Одобрен Советом Федерации 26 мая 2006 года",
		},
		extra: []string{
			"Принят Государственной Думой", "12 апреля 2006 года",
			"Одобрен Советом Федерации", "26 мая 2006 года",
		},
		why: "the source pads these lines with 30 no-break spaces before the date; in a narrow column the " +
			"padding and date move to a line of their own that starts indented by the padding, which reads " +
			"as a new paragraph",
	},
	"pdf/zh_haimian.pdf": {
		missing: []string{
			"（三）加强激励宣传引导。通过市级立功竞赛，引入信用机制，优先推荐申报勘察设计、优质工程奖项和精品项目授牌等。加强海绵城市建设理念普及和成效宣传，鼓励公众参与。通过世界城市日等平台宣传海绵城市建设的中国方案和上海实践。（责任单位：市住房城乡建设管理委、市水务局、市绿化市容局、市交通委、市房屋管理局，各区政府）",
			"附表：重点任务分工（测试用，非原文）",
		},
		extra: []string{
			"（三）加强激励宣传引导。通过市级立功竞赛，引入信用机制，优先推荐申报勘察设计、优质工程奖项和精品项目授牌等。加强海绵城市建设理念普及和成效宣传，鼓励公众参与。通过世界城市日等平台宣传海绵城市建设的中国方案和上海实践。（责任单位：市住房城乡建设管理委、市水务局、市绿化市容局、市交通委、市房屋管理局，各区政府）附表：重点任务分工（测试用，非原文）",
		},
		why: "page 4 ends with a full last line and page 5 starts with an unindented line: nothing in the PDF " +
			"says the paragraph ended at the page break, so the two are joined",
	},
}

func TestSameText(t *testing.T) {
	for _, doc := range []string{"zh_waishang", "zh_haimian", "en_geneva", "ru_vodny"} {
		src, err := os.ReadFile(filepath.Join("testdata", "src", doc+".md"))
		if err != nil {
			t.Fatal(err)
		}
		want := paragraphs(string(src))
		html := "html/" + doc + ".html"
		if doc == "zh_waishang" {
			html = "html/zh_waishang.gbk.html"
		}
		files := []string{"docx/" + doc + ".docx", "pdf/" + doc + ".pdf", html}
		switch doc {
		case "zh_waishang":
			files = append(files, "pdf/zh_waishang_gov.pdf")
		case "en_geneva":
			files = append(files, "pdf/en_geneva_justified.pdf")
		case "ru_vodny":
			files = append(files, "pdf/ru_vodny_columns.pdf")
		}
		for _, f := range files {
			t.Run(f, func(t *testing.T) {
				r := mustConvert(t, f)
				missing, extra := diffParagraphs(want, paragraphs(r.Markdown))
				known := knownDiffs[f]
				if diff := cmp.Diff(known.missing, missing); diff != "" {
					t.Errorf("paragraphs of the source missing from %s (-known +got):\n%s", f, diff)
				}
				if diff := cmp.Diff(known.extra, extra); diff != "" {
					t.Errorf("paragraphs of %s not in the source (-known +got):\n%s", f, diff)
				}
			})
		}
	}
}
