package index

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"clausebot/internal/lazyre"
)

// testTexts returns the text of every test document, of the seed and of
// every .md and .txt file of the repository: the lines parsing's fast
// paths are checked on.
func testTexts(t *testing.T) map[string]string {
	t.Helper()
	texts := map[string]string{}
	for _, root := range []string{"../testdata/documents", "testdata", "seed", ".."} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != root {
				return filepath.SkipDir
			}
			if d.IsDir() || !(strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".txt")) {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if text, _, err := decode(p, data); err == nil {
				texts[p] = text
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(texts) < 20 {
		t.Fatalf("only %d texts", len(texts))
	}
	return texts
}

// testLines is every line of the test texts, as in the file, trimmed and
// space-folded, and every block's text as toBlocks makes it, Markdown and
// plain.
func testLines(t *testing.T) []string {
	var lines []string
	for _, text := range testTexts(t) {
		for _, l := range strings.Split(text, "\n") {
			lines = append(lines, l, strings.TrimSpace(l), spaceFold(l))
		}
		for _, md := range []bool{true, false} {
			bs, _ := toBlocks(text, md)
			for _, b := range bs {
				lines = append(lines, b.text, spaceFold(b.text))
			}
		}
	}
	return lines
}

// TestParseFastPaths checks parsing's fast paths against the slow paths
// they skip, on every rune and on every line of the test texts: the first
// rune tests of the anchored expressions (lazyre.Anchored), displayCols,
// scriptCounts, normScratch.editsCopy, refFoldLonger, bulletScheme, latinWords, subtreeRunes and hardWrapped.
func TestParseFastPaths(t *testing.T) {
	displayColsSlow := func(s string) int {
		n := 0
		for _, r := range s {
			if isWide(r) {
				n += 2
			} else {
				n++
			}
		}
		return n
	}
	scriptCountsSlow := func(s string) (han, latin, cyrillic int) {
		for _, r := range s {
			switch {
			case unicode.Is(unicode.Han, r):
				han++
			case !unicode.IsLetter(r):
			case unicode.Is(unicode.Latin, r):
				latin++
			case unicode.Is(unicode.Cyrillic, r):
				cyrillic++
			}
		}
		return han, latin, cyrillic
	}
	checkRunes := func(s string) {
		t.Helper()
		if got, want := displayCols(s), displayColsSlow(s); got != want {
			t.Fatalf("displayCols(%q) = %d, want %d", s, got, want)
		}
		h, l, c := scriptCounts(s)
		if hs, ls, cs := scriptCountsSlow(s); h != hs || l != ls || c != cs {
			t.Fatalf("scriptCounts(%q) = %d %d %d, want %d %d %d", s, h, l, c, hs, ls, cs)
		}
	}
	// normScratch.editsCopy, its memory used again from one text to the
	// next, against copyHash and the normalised text.
	var scratch normScratch
	checkFold := func(s string) {
		t.Helper()
		runes := utf8.RuneCountInString(refFold(s))
		for _, n := range []int{0, 1, 2, 5, 20, runes - 1, runes, runes + 1} {
			if got, want := refFoldLonger(s, n), runes > n; got != want {
				t.Fatalf("refFoldLonger(%q, %d) = %v, want %v", s, n, got, want)
			}
		}
	}
	checkNorm := func(s string) {
		t.Helper()
		es, h := scratch.editsCopy(s)
		if want := copyHash(s); h != want {
			t.Fatalf("editsCopy(%q): hash %x, want copyHash's %x", s, h, want)
		}
		if got, want := string(appendNormEdits(nil, s, es)), normalizeString(s); got != want {
			t.Fatalf("editsCopy(%q): edits make %q, want %q", s, got, want)
		}
	}
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		c := string(r)
		checkRunes(c)
		checkRunes("a" + c + "中")
		checkNorm(c + "中")
		checkFold(c)
		checkFold(c + " 中")
		if r >= utf8.RuneSelf {
			// latinWords' test: only İ and K lower-case to ASCII, and to
			// i and k, which no word it counts needs.
			if l := unicode.ToLower(r); l < utf8.RuneSelf && l != 'i' && l != 'k' {
				t.Fatalf("%U lower-cases to %q", r, l)
			}
		}
	}
	for _, s := range []string{"\xe5", "\xe5\xa4", "\xe5\xa4x", "\xe5x\xa4", "中\xff文", "\xe9\xbf\xbf", "\xea\x80\x80", "\xe4\xb8\x80\xe5"} {
		checkRunes(s)
	}
	latinWordsSlow := func(s string) (en, other int) {
		for w := range strings.FieldsSeq(s) {
			switch strings.ToLower(w) {
			case "the", "of", "on", "for", "to", "and", "in", "concerning", "between":
				en++
			case "de", "het", "van", "een", "inzake", "voor", "bij", "op", "nopens", "tot", "der", "en", "des", "la", "le", "du", "und", "über":
				other++
			}
		}
		return en, other
	}
	anchored := map[string]*lazyre.Anchored{
		"reZhContainer": reZhContainer(), "reZhArticle": reZhArticle(), "reZhAnnex": reZhAnnex(),
		"reEnArticle": reEnArticle(), "reRuArticle": reRuArticle(), "reEnContainer": reEnContainer(),
		"reRuContainer": reRuContainer(), "reSection": reSection(), "reCnNum": reCnNum(), "reRoman": reRoman(),
		"reArDot": reArDot(), "reDecimal": reDecimal(), "reArParen": reArParen(), "reParenAr": reParenAr(),
		"reParenCn": reParenCn(), "reParenAl": reParenAl(), "reAlParen": reAlParen(), "reAlDot": reAlDot(),
		"reCircled": reCircled(), "reBullet": reBullet(), "reDateOnly": reDateOnly(), "reURL": reURL(),
		"reClosing": reClosing(), "reATX": reATX(), "reFence": reFence(), "reRule": reRule(),
		"reSetext": reSetext(), "reTableSep": reTableSep(), "reTOC": reTOC(),
	}
	ruled := map[string]int{}
	lines := testLines(t)
	for _, l := range lines {
		checkRunes(l)
		checkNorm(l)
		checkFold(l)
		if m := reBullet().FindStringSubmatch(l); m != nil {
			if got, want := bulletScheme(strings.TrimSpace(m[1])), "bul:"+strings.TrimSpace(m[1]); got != want {
				t.Fatalf("bulletScheme(%q) = %q, want %q", m[1], got, want)
			}
		}
		e, o := latinWords(l)
		if es, os := latinWordsSlow(l); e != es || o != os {
			t.Fatalf("latinWords(%q) = %d %d, want %d %d", l, e, o, es, os)
		}
		f, lead := spaceFold(l), strings.TrimLeftFunc(l, unicode.IsSpace)
		for name, re := range anchored {
			// dropTOC tests the fold's first rune on the text unfolded.
			if f != "" && re.CanStart(lead) != re.CanStart(f) {
				t.Fatalf("%s: CanStart of %q and of its fold differ", name, l)
			}
			if !re.CanStart(l) {
				ruled[name]++
				if re.Regexp.MatchString(l) {
					t.Fatalf("%s: CanStart(%q) = false, but it matches", name, l)
				}
			}
		}
	}
	for name := range anchored {
		if ruled[name] == 0 {
			t.Errorf("%s ruled out no line", name)
		}
	}
	// Trees: subtreeRunes on every node.
	hardWrappedSlow := func(lines []string) bool {
		var widths []int
		for _, l := range lines {
			if w := displayCols(strings.TrimSpace(l)); w > 0 {
				widths = append(widths, w)
			}
		}
		if len(widths) < 3 {
			return false
		}
		sorted := slices.Sorted(slices.Values(widths))
		col := sorted[len(sorted)*9/10]
		if col < 40 {
			return false
		}
		cont, open := 0, 0
		for i := 0; i+1 < len(lines); i++ {
			l, next := strings.TrimSpace(lines[i]), strings.TrimSpace(lines[i+1])
			if l == "" || next == "" {
				continue
			}
			cont++
			last, _ := utf8.DecodeLastRuneInString(l)
			if displayCols(l)*10 >= col*8 && !strings.ContainsRune("。！？；：.!?;:」』”\"", last) {
				open++
			}
		}
		return cont >= 2 && open*2 > cont
	}
	nodes, wrapped := 0, 0
	for p, text := range testTexts(t) {
		ls := strings.Split(text, "\n")
		if got, want := hardWrapped(ls), hardWrappedSlow(ls); got != want {
			t.Fatalf("%s: hardWrapped = %v, want %v", p, got, want)
		} else if got {
			wrapped++
		}
		for _, md := range []bool{true, false} {
			pd, err := parseText(p, text, md, nil, "")
			if err != nil {
				continue
			}
			var walk func(n *node)
			walk = func(n *node) {
				nodes++
				if got, want := subtreeRunes(n), utf8.RuneCountInString(subtreeText(n)); got != want {
					t.Fatalf("%s: subtreeRunes = %d, want %d (%q)", p, got, want, n.text)
				}
				for _, k := range n.kids {
					walk(k)
				}
			}
			walk(pd.tree.root)
		}
	}
	if wrapped == 0 || nodes < 1000 {
		t.Fatalf("%d hard-wrapped texts, %d nodes: the test reads too little", wrapped, nodes)
	}
}
