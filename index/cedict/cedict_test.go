package cedict

import (
	"bytes"
	"compress/gzip"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
)

// weightOf returns the weight of headword hw among cs, or 0.
func weightOf(cs []Candidate, hw string) (float64, []string) {
	for _, c := range cs {
		if c.Headword == hw {
			return c.Weight, c.Words
		}
	}
	return 0, nil
}

func TestLookup(t *testing.T) {
	for _, tc := range []struct {
		text  string
		want  string
		words string  // the words shown for it
		min   float64 // least weight
	}{
		{"satellite", "卫星", "satellite", 1},
		{"navigation", "导航", "navigation", 1},
		{"satellite navigation", "卫星导航", "satellite navigation", 1},
		{"investment", "投资", "investment", 1},
		{"investments", "投资", "investments", 1},
		{"cooperation", "合作", "cooperation", 1},
		{"cooperate", "合作", "cooperate", 1},
		{"Cooperation", "合作", "Cooperation", 1},
		{"biodiversity protection", "生物多样性", "biodiversity", 1},
		{"metallurgy", "冶金", "metallurgy", 1},
		{"antitrust enforcement", "反垄断", "antitrust", 0.5},
		{"Is there cooperation on geographical indications?", "合作", "cooperation", 1},
		// Stop words inside a phrase do not break it.
		{"the navigation of the satellite", "卫星", "satellite", 1},
		// A closed compound the table lacks is read as the two words it
		// joins, as the glosses write them (反垄断 "anti-monopoly").
		{"antimonopoly", "反垄断", "antimonopoly", 1},
		{"Cybersecurity Law", "安全", "Cybersecurity", 1},
		// A noun in -y reaches the headwords of its -ize verb: 垄断 is
		// glossed "to monopolize" only.
		{"monopoly", "垄断", "monopoly", 1},
		{"monopoly agreement", "垄断", "monopoly", 1},
	} {
		cs := LookupText(tc.text)
		w, words := weightOf(cs, tc.want)
		if w < tc.min || strings.Join(words, " ") != tc.words {
			t.Errorf("LookupText(%q): %s weight %.3f words %q, want ≥ %.2f from %q; got %v", tc.text, tc.want, w, words, tc.min, tc.words, head(cs, 8))
		}
	}
}

// TestLookupOptional covers terms a CC-CEDICT release may or may not have;
// when the headword is in the table the lookup must find it.
func TestLookupOptional(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"digital economy", "数字经济"},
		{"geographical indication", "地理标志"},
		{"industrial park", "产业园区"},
		{"dangerous goods", "危险货物"},
	} {
		if !Default().Contains(tc.want) {
			t.Logf("%s is not in this CC-CEDICT release", tc.want)
			continue
		}
		if w, _ := weightOf(LookupText(tc.text), tc.want); w == 0 {
			t.Errorf("LookupText(%q) lacks %s", tc.text, tc.want)
		}
	}
}

func TestLookupPhraseGreedy(t *testing.T) {
	words := []string{"satellite", "navigation", "system"}
	cs := Lookup(words)
	w, ws := weightOf(cs, "卫星导航系统")
	if w < 1 || !slices.Equal(ws, words) {
		t.Errorf("卫星导航系统: weight %.3f words %q; got %v", w, ws, head(cs, 10))
	}
	// The single words still give their own headwords.
	for _, hw := range []string{"卫星", "导航", "系统"} {
		if w, _ := weightOf(cs, hw); w < 1 {
			t.Errorf("%s: weight %.3f, want 1", hw, w)
		}
	}
	// Heaviest first.
	for i := 1; i < len(cs); i++ {
		if cs[i].Weight > cs[i-1].Weight {
			t.Fatalf("not sorted by weight at %d: %v", i, cs[i-1:i+1])
		}
	}
	// A run that covers part of a longer gloss weighs its share.
	cs = LookupText("satellite navigation")
	if w, ws := weightOf(cs, "卫星导航系统"); w < 0.66 || w > 0.67 || len(ws) != 2 {
		t.Errorf("satellite navigation → 卫星导航系统: weight %.3f words %q, want 2/3 from both", w, ws)
	}
	// One word cut into two keys is one word of the answer.
	cs = Lookup([]string{"sat-nav?"})
	if w, ws := weightOf(cs, "卫星导航"); w < 1 || !slices.Equal(ws, []string{"sat-nav?"}) {
		t.Errorf("sat-nav → 卫星导航: weight %.3f words %q; got %v", w, ws, head(cs, 5))
	}
	// Where the longest phrase's headwords are absent, the greedy match
	// falls back to a shorter phrase.
	doc := "建设卫星导航和定位系统"
	d := Default().Restrict(func(hw string) bool { return strings.Contains(doc, hw) })
	cs = d.Lookup(words)
	w, ws = weightOf(cs, "卫星导航")
	if w < 1 || !slices.Equal(ws, words[:2]) {
		t.Errorf("restricted: 卫星导航 weight %.3f words %q; got %v", w, ws, head(cs, 10))
	}
}

func TestLookupNothing(t *testing.T) {
	for _, words := range [][]string{
		nil,
		{},
		{"the", "of", "and", "is", "What", "should"},
		{"qwzxv", "blorptangle"},
		{"", "  ", "?!"},
	} {
		if cs := Lookup(words); len(cs) != 0 {
			t.Errorf("Lookup(%q) = %v, want nothing", words, head(cs, 5))
		}
	}
}

func TestKeys(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"The Cooperation of the two countries", []string{"cooper", "two", "countri"}},
		{"cooperate", []string{"cooper"}},
		{"China's sat-nav", []string{"china", "sat", "nav"}},
		{"5G and EU", []string{"5g", "eu"}},
		{"what is it?", nil},
	} {
		if got := Keys(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Keys(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestRestrict(t *testing.T) {
	doc := "双方将加强卫星导航领域合作"
	d := Default().Restrict(func(hw string) bool { return strings.Contains(doc, hw) })
	cs := d.LookupText("satellite navigation cooperation")
	for _, c := range cs {
		if !strings.Contains(doc, c.Headword) {
			t.Errorf("restricted lookup gave %s, not in %q", c.Headword, doc)
		}
	}
	for _, hw := range []string{"卫星导航", "卫星", "导航", "合作"} {
		if w, _ := weightOf(cs, hw); w == 0 {
			t.Errorf("restricted lookup lacks %s: %v", hw, cs)
		}
		if !d.Contains(hw) {
			t.Errorf("Contains(%s) = false", hw)
		}
	}
	if d.Contains("人造卫星") || !Default().Contains("人造卫星") {
		t.Errorf("Contains(人造卫星): restricted %v, whole %v", d.Contains("人造卫星"), Default().Contains("人造卫星"))
	}
	n := 0
	d.Headwords(func(string) bool { n++; return true })
	if n == 0 || n > 20 {
		t.Errorf("restricted dictionary has %d headwords", n)
	}
	// A restriction of a restriction keeps the intersection.
	d2 := d.Restrict(func(hw string) bool { return hw != "合作" })
	if d2.Contains("合作") || !d2.Contains("卫星") {
		t.Errorf("nested Restrict: 合作 %v, 卫星 %v", d2.Contains("合作"), d2.Contains("卫星"))
	}
}

func TestConcurrentLookup(t *testing.T) {
	qs := []string{"satellite navigation", "investment", "cooperation on customs", "biodiversity", "unknownword"}
	want := make([][]Candidate, len(qs))
	for i, q := range qs {
		want[i] = LookupText(q)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				j := (g + i) % len(qs)
				got := LookupText(qs[j])
				if len(got) != len(want[j]) || (len(got) > 0 && got[0].Headword != want[j][0].Headword) {
					t.Errorf("concurrent LookupText(%q) differs", qs[j])
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestLoad checks the embedded data itself: it parses, it is as small as
// the package doc says, and its licence travels with it.
func TestLoad(t *testing.T) {
	if err := Load(); err != nil {
		t.Fatal(err)
	}
	if !Loaded() {
		t.Error("Loaded() = false after Load")
	}
	tb, _ := get()
	if n := tb.numHeads(); n < 80000 {
		t.Errorf("%d headwords, want ≥ 80000", n)
	}
	const maxGzip = 1500 << 10
	if len(embedded) > maxGzip {
		t.Errorf("embedded table is %d bytes, bound %d", len(embedded), maxGzip)
	}
	t.Logf("embedded %d B gzip, %d B loaded, %d headwords, %d keys", len(embedded), len(tb.blob), tb.numHeads(), len(tb.keys))
	lic, err := os.ReadFile("data/LICENSE.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		"CC-CEDICT", "MDBG", "https://creativecommons.org/licenses/by-sa/4.0/",
		"Creative Commons Attribution-ShareAlike 4.0 International License",
		"CEDICT - Copyright (C) 1997, 1998 Paul Andrew Denisowski",
		"Section 1 -- Definitions.",
	} {
		if !strings.Contains(string(lic), s) {
			t.Errorf("data/LICENSE.md lacks %q", s)
		}
	}
}

func TestParseCorrupt(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("not gzip"), gz(t, "wrong magic\n"), gz(t, Magic+"\x04\x05a\nb\n")} {
		if _, err := parse(b); err == nil {
			t.Errorf("parse(%q) succeeded", b)
		}
	}
}

func head(cs []Candidate, n int) []Candidate {
	return cs[:min(n, len(cs))]
}

func gz(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestNothingAtInit runs a fresh test process that only touches the
// package's cheap parts (Keys, Default, IsStopWord) and checks that the
// table was not loaded: a Chinese-only process pays nothing.
func TestNothingAtInit(t *testing.T) {
	if os.Getenv("CEDICT_CHILD") == "1" {
		Default()
		Keys("satellite navigation")
		IsStopWord("the")
		if Loaded() {
			t.Fatal("table loaded without a lookup")
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if ms.HeapAlloc > 4<<20 {
			t.Fatalf("heap %d B before any lookup", ms.HeapAlloc)
		}
		LookupText("satellite")
		if !Loaded() {
			t.Fatal("table not loaded after a lookup")
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestNothingAtInit$", "-test.count=1")
	cmd.Env = append(os.Environ(), "CEDICT_CHILD=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

// TestRestrictText checks the text walk against the obvious definition on
// the seed document.
func TestRestrictText(t *testing.T) {
	seeds, _ := filepath.Glob("../seed/*.txt")
	if len(seeds) == 0 {
		t.Skip("no seed document")
	}
	b, err := os.ReadFile(seeds[0])
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	want := Default().Restrict(func(hw string) bool { return strings.Contains(doc, hw) })
	// Split the text in two to check that several texts are walked.
	cut := strings.Index(doc, "二")
	got := Default().RestrictText(doc[:cut], doc[cut:])
	var w, g []string
	want.Headwords(func(hw string) bool { w = append(w, hw); return true })
	got.Headwords(func(hw string) bool { g = append(g, hw); return true })
	// A headword that spans the cut is legitimately missing from got.
	var missing []string
	for _, hw := range w {
		if !got.Contains(hw) && !strings.Contains(doc[:cut], hw) && !strings.Contains(doc[cut:], hw) {
			continue
		}
		if !got.Contains(hw) {
			missing = append(missing, hw)
		}
	}
	if len(missing) > 0 || len(g) > len(w) || len(g) < 500 {
		t.Errorf("RestrictText: %d headwords, want %d; missing %q", len(g), len(w), missing)
	}
	for _, hw := range g {
		if !want.Contains(hw) {
			t.Errorf("RestrictText gave %s, not in the text", hw)
		}
	}
	// Restricting a restricted view keeps the intersection.
	none := Default().RestrictText("").RestrictText(doc)
	if none.Contains("合作") {
		t.Error("RestrictText of an empty view gave 合作")
	}
}

func TestVerbOfNoun(t *testing.T) {
	for k, want := range map[string]string{
		"monopoli": "monopol", // monopoly → monopolize
		"economi":  "econom",  // economy → economize
		"subsidi":  "subsid",  // subsidy → subsidize
		"taxi":     "",        // too short
		"cooper":   "",        // no -y noun
		"":         "",
	} {
		if got := verbOfNoun(k); got != want {
			t.Errorf("verbOfNoun(%q) = %q, want %q", k, got, want)
		}
	}
}
