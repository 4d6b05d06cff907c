package index

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestDumpDocs(t *testing.T) {
	dir := os.Getenv("DUMP")
	if dir == "" {
		t.Skip()
	}
	x, err := Load(context.Background(), os.DirFS(dir), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range x.Documents() {
		fmt.Printf("DOC %s title=%q date=%q eff=%q num=%q lang=%s clauses=%d\n", d.ID, d.Title, d.Date, d.Effective, d.Number, d.Lang, d.Clauses)
		for _, s := range d.Sections {
			fmt.Printf("  SEC %s%s | %q (%d)\n", strings.Repeat("  ", s.Depth), s.Label, s.Title, s.Clauses)
		}
		for _, w := range d.Warnings {
			fmt.Printf("  WARN %s\n", w)
		}
	}
	for _, c := range x.clauses {
		txt := []rune(strings.ReplaceAll(c.Text, "\n", "⏎"))
		if len(txt) > 50 {
			txt = txt[:50]
		}
		fmt.Printf("%s\t[%s] parts=%d path=%v lead=%q\t%s\n", c.Ref, c.Section, len(c.Parts), c.Path, c.Lead, string(txt))
	}
}
