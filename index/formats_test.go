package index

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// unitsOf loads one file alone and lists its units as "ref | text", with
// white space folded (a converter may wrap or space differently).
func unitsOf(t *testing.T, path string) ([]string, *Index) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	name := "doc" + filepath.Ext(path)
	x, err := Load(context.Background(), fstest.MapFS{name: {Data: data}}, Options{})
	if err != nil {
		t.Fatalf("Load(%s): %v", path, err)
	}
	t.Cleanup(func() { x.Close() })
	var out []string
	for _, c := range x.clauses {
		out = append(out, c.Ref+" | "+strings.Join(strings.Fields(c.Text), " "))
	}
	return out, x
}

// knownFormatDiffs are the differences between a document's Markdown
// source and its converted forms that are expected, each with its reason
// (see package extract's TestSameText for the text-level list).
var knownFormatDiffs = map[string]string{
	"pdf/zh_haimian.pdf": "a paragraph ending flush at the foot of a page, the next page's first line not indented, reads as one paragraph; a space between Chinese and a digit is dropped",
}

// TestFormatsSameTree checks that a document kept as .docx, .html or .pdf
// gives the same units, texts and references as its Markdown source: a
// reference means the same whatever the file was. PDFs also carry pages.
func TestFormatsSameTree(t *testing.T) {
	dir := filepath.Join("extract", "testdata")
	for _, base := range []string{"en_geneva", "ru_vodny", "zh_haimian", "zh_waishang"} {
		want, _ := unitsOf(t, filepath.Join(dir, "src", base+".md"))
		for _, f := range []string{"docx/" + base + ".docx", "html/" + base + ".html", "html/" + base + ".gbk.html", "pdf/" + base + ".pdf"} {
			path := filepath.Join(dir, f)
			if _, err := os.Stat(path); err != nil {
				continue
			}
			t.Run(f, func(t *testing.T) {
				got, x := unitsOf(t, path)
				diff := cmp.Diff(want, got)
				if reason, known := knownFormatDiffs[f]; known {
					if diff == "" {
						t.Errorf("the known difference (%s) is gone: remove it from knownFormatDiffs", reason)
					}
					t.Logf("known difference: %s\n%s", reason, diff)
					return
				}
				if diff != "" {
					t.Errorf("units of %s against %s.md (-md +%s):\n%s", f, base, filepath.Ext(f), diff)
				}
				if strings.HasSuffix(f, ".pdf") {
					for _, c := range x.clauses {
						if c.Page < 1 {
							t.Errorf("%s: clause %s has no page", f, c.Ref)
							break
						}
					}
				}
			})
		}
	}
}
