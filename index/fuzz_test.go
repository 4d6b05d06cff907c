package index

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// FuzzParseDocument feeds arbitrary bytes to the document reader (decoding,
// hygiene, metadata, tree) as a .md and a .txt file. It must not panic, and
// what it returns must hold together: every unit has text, every part's
// byte range lies inside its article's text on rune boundaries, and no two
// units or sections share a reference.
func FuzzParseDocument(f *testing.F) {
	for _, p := range []string{
		"zh/网络安全法(2016-11-07).md",
		"en/geneva_convention_execution_foreign_arbitral_awards_1927_BWBV0006244.md",
	} {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "documents", p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data[:min(len(data), 4000)])
	}
	f.Add([]byte("一\n\n双方同意。\n\n——合作。\n\n四\n\n预览已结束"))
	f.Add([]byte("---\ntitle: x\n---\n# T\n\n## 1. Q?\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\n# c\n```\n"))
	f.Add([]byte("Статья 7¹.\u00a0Т\n\n1.\u00a0а\n1)\u00a0б\n\nГлава 1. Г\n\n第一章　总　　则\n\n第十条之一　文。\n（一）项；\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"f.md", "f.txt"} {
			text, _, err := decode(name, data)
			if err != nil {
				continue
			}
			d, err := parseDocument(name, text)
			if err != nil {
				continue
			}
			refs := map[string]bool{}
			for _, u := range d.tree.units {
				if u.text == "" {
					t.Fatalf("%s: empty unit %v", name, u.base)
				}
				_, anc := u.base, ancComps(u.anc)
				k := compsKey(append(append([]comp(nil), anc[len(anc)-u.needs:]...), u.base...))
				if refs[k] {
					t.Fatalf("%s: two units are %s", name, formatRef(u.base))
				}
				refs[k] = true
				for _, s := range u.subs {
					if s.start < 0 || s.end > len(u.text) || s.start >= s.end ||
						!utf8.RuneStart(u.text[s.start]) || s.end < len(u.text) && !utf8.RuneStart(u.text[s.end]) {
						t.Fatalf("%s: part %s has range [%d,%d) in a text of %d bytes", name, formatRef(s.comps), s.start, s.end, len(u.text))
					}
				}
			}
		}
	})
}
