package extract

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// fixtures are the converted documents with a golden Markdown file each
// (testdata/golden/<file>.md; PDF goldens carry each line's page).
var fixtures = []string{
	"docx/zh_waishang.docx", "docx/zh_haimian.docx", "docx/en_geneva.docx", "docx/ru_vodny.docx", "docx/zh_numbered.docx",
	"pdf/zh_waishang.pdf", "pdf/zh_waishang_gov.pdf", "pdf/zh_haimian.pdf", "pdf/en_geneva.pdf", "pdf/en_geneva_justified.pdf", "pdf/ru_vodny.pdf", "pdf/ru_vodny_columns.pdf", "pdf/zh_numbered.pdf",
	"html/zh_waishang.gbk.html", "html/zh_haimian.html", "html/en_geneva.html", "html/ru_vodny.html",
}

func mustConvert(t testing.TB, name string) *Result {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Convert(context.Background(), name, data, Options{})
	if err != nil {
		t.Fatalf("Convert(%s): %v", name, err)
	}
	return r
}

// golden is what a golden file holds: the title, the warnings, and the
// Markdown, each line prefixed with its page when the format has pages.
func golden(r *Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "title: %s\n", r.Title)
	for _, w := range r.Warnings {
		fmt.Fprintf(&b, "warning: %s\n", w)
	}
	b.WriteString("----\n")
	for i, line := range strings.Split(r.Markdown, "\n") {
		if r.Pages != nil {
			fmt.Fprintf(&b, "p%d\t", r.Pages[i])
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	for _, name := range fixtures {
		t.Run(name, func(t *testing.T) {
			r := mustConvert(t, name)
			if r.Pages != nil && len(r.Pages) != strings.Count(r.Markdown, "\n")+1 {
				t.Fatalf("%d pages for %d lines", len(r.Pages), strings.Count(r.Markdown, "\n")+1)
			}
			got := golden(r)
			path := filepath.Join("testdata", "golden", strings.ReplaceAll(name, "/", "_")+".md")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s: golden mismatch (-want +got):\n%s", name, diff)
			}
		})
	}
}
