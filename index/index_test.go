package index

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/blevesearch/bleve/v2"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"

	"clausebot/bot"
)

var update = flag.Bool("update", false, "rewrite golden files")

// mustSeed loads the embedded seed, the index every other package tests on.
func mustSeed(t testing.TB) *Index {
	t.Helper()
	x, err := Load(context.Background(), Seed(), Options{})
	if err != nil {
		t.Fatalf("Load(Seed()): %v", err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

func mustLoad(t testing.TB, fsys fstest.MapFS, opts Options) *Index {
	t.Helper()
	x, err := Load(context.Background(), fsys, opts)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

func mustSearch(t testing.TB, s bot.Searcher, q string) bot.Results {
	t.Helper()
	r, err := s.Search(context.Background(), bot.Query{Text: q, Limit: 5})
	if err != nil {
		t.Fatalf("Search(%q): %v", q, err)
	}
	return r
}

// TestSeedGolden pins the seed's parse: metadata, sections, warnings and
// every clause with its reference. Rewrite with go test -update.
func TestSeedGolden(t *testing.T) {
	x := mustSeed(t)
	var b bytes.Buffer
	for _, d := range x.Documents() {
		fmt.Fprintf(&b, "doc %s file=%s title=%q date=%q truncated=%v clauses=%d\n", d.ID, d.File, d.Title, d.Date, d.Truncated, d.Clauses)
		for _, s := range d.Sections {
			fmt.Fprintf(&b, "section %s title=%q clauses=%d\n", s.Label, s.Title, s.Clauses)
		}
		for _, w := range d.Warnings {
			fmt.Fprintf(&b, "warning %s\n", w)
		}
	}
	for _, c := range x.clauses {
		fmt.Fprintf(&b, "%s\t%s\n", c.Ref, c.Text)
	}
	checkGolden(t, "seed.golden", "seed parse", b.String())
}

// checkGolden compares got with testdata/name, rewriting the file first
// under -update.
func checkGolden(t *testing.T, name, what, got string) {
	t.Helper()
	golden := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", what, diff)
	}
}

func TestSeedQuirks(t *testing.T) {
	x := mustSeed(t)
	docs := x.Documents()
	if len(docs) != 1 {
		t.Fatalf("got %d documents, want 1", len(docs))
	}
	d := docs[0]
	if !d.Truncated {
		t.Error("seed not marked truncated")
	}
	if d.Title != "中俄总理第二十六次定期会晤联合公报（全文）" || d.Date != "2021-12-01" {
		t.Errorf("title, date = %q, %q", d.Title, d.Date)
	}
	var labels []string
	for _, s := range d.Sections {
		labels = append(labels, s.Label)
	}
	if diff := cmp.Diff([]string{"0", "一", "二", "四"}, labels); diff != "" {
		t.Errorf("sections (-want +got):\n%s", diff)
	}
	gap := false
	for _, w := range x.Warnings() {
		if strings.Contains(w.Msg, "missing 三") && w.File == "000_ad880c8de21a5870.txt" && w.Line > 0 {
			gap = true
		}
	}
	if !gap {
		t.Errorf("no warning about the missing 三 in %v", x.Warnings())
	}
	for _, c := range x.clauses {
		for _, bad := range []string{"预览已结束", "https://", "中俄总理第二十六次定期会晤联合公报（全文）", "2021-12-01 09:16"} {
			if c.Text == bad || strings.Contains(c.Text, "预览已结束") || strings.HasPrefix(c.Text, "https://") {
				t.Errorf("clause %s is a leftover or metadata: %q", c.Ref, c.Text)
			}
		}
	}
}

// TestRefRoundTrip checks that every clause's reference, in each typed
// form, finds that clause again, and that parsing twice gives the same refs.
func TestRefRoundTrip(t *testing.T) {
	x := mustSeed(t)
	y := mustSeed(t)
	ctx := context.Background()
	if len(x.clauses) != len(y.clauses) {
		t.Fatalf("two loads: %d vs %d clauses", len(x.clauses), len(y.clauses))
	}
	for i, c := range publicClauses(x) {
		if y.clauses[i].Ref != c.Ref {
			t.Errorf("two loads: ref %q vs %q", c.Ref, y.clauses[i].Ref)
		}
		val := map[string]string{"0": "0", "一": "1", "二": "2", "四": "4"}[c.Section]
		n := fmt.Sprint(c.N)
		full := strings.NewReplacer("0", "０", "1", "１", "2", "２", "4", "４", "6", "６").Replace(val + "." + n)
		for _, ref := range []string{c.Ref, c.Section + "." + n, val + "." + n, c.Section + " " + n, full, " " + c.Section + "·" + n + " ", c.DocID + ":" + c.Ref} {
			got, err := x.Clause(ctx, ref)
			if err != nil {
				t.Errorf("Clause(%q): %v", ref, err)
				continue
			}
			if diff := cmp.Diff(c, got); diff != "" {
				t.Errorf("Clause(%q) (-want +got):\n%s", ref, diff)
			}
		}
	}
}

func TestRefErrors(t *testing.T) {
	x := mustSeed(t)
	ctx := context.Background()
	tests := []struct {
		ref, code, msg string
	}{
		{"三.1", bot.ENOTFOUND, "no section 三"},
		{"五·1", bot.ENOTFOUND, "truncated"},
		{"二·65", bot.ENOTFOUND, "has 64 clauses"},
		{"nodoc:二·1", bot.ENOTFOUND, "no document"},
		{"二·0", bot.EINVALID, "start at 1"},
		{"二", bot.EINVALID, "not a clause reference"},
		{"", bot.EINVALID, "empty"},
		{"hello", bot.EINVALID, "not a clause reference"},
	}
	for _, tt := range tests {
		_, err := x.Clause(ctx, tt.ref)
		if got := bot.ErrorCode(err); got != tt.code || !strings.Contains(bot.ErrorMessage(err), tt.msg) {
			t.Errorf("Clause(%q) = %v, want code %s with %q", tt.ref, err, tt.code, tt.msg)
		}
	}
	for ref, want := range map[string]int{"二": 64, "2": 64, "一": 3, "0": 1, "四": 2, "000-ad880c:二": 64, "　二　": 64} {
		cls, err := x.Section(ctx, ref)
		if err != nil || len(cls) != want {
			t.Errorf("Section(%q) = %d clauses, %v; want %d", ref, len(cls), err, want)
		}
	}
	if _, err := x.Section(ctx, "三"); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("Section(三) = %v, want ENOTFOUND", err)
	}
}

// TestBadInput loads one folder with every kind of bad file: each gets a
// warning naming it and the good ones still load.
func TestBadInput(t *testing.T) {
	gbk, err := simplifiedchinese.GB18030.NewEncoder().String("关于合作的声明\n\n一\n\n双方同意加强能源合作。\n")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"good.txt":         {Data: []byte("甲文件\n\n一\n\n双方同意加强农业合作。\n\n二\n\n——推动旅游合作。\n")},
		"empty.txt":        {Data: []byte("  \n\n")},
		"binary.txt":       {Data: []byte("PK\x03\x04\x00\x00binary\x00")},
		"gbk.txt":          {Data: []byte(gbk)},
		"bom.txt":          {Data: []byte("\xEF\xBB\xBF带BOM的文件\n\n一\n\n双方支持科技创新合作。\n")},
		"crlf.txt":         {Data: []byte("CRLF文件\r\n\r\n一\r\n\r\n双方支持文化交流。\r\n")},
		"flat.txt":         {Data: []byte("没有标题的文件\n\n双方支持体育交流。\n\n双方支持青年交流。\n")},
		"big.txt":          {Data: bytes.Repeat([]byte("大"), 400)},
		"bad.txt":          {Data: []byte("\x80\x81\xfe not text \xff")},
		"notes.pdf":        {Data: []byte("%PDF")},
		"empty.docx":       {Data: []byte{}},
		"sub/deep.md":      {Data: []byte("# Markdown doc\n\n## Scope\n\nThe parties cooperate on energy.\nThey meet yearly.\n\n- first item\n- second item\n")},
		".hidden/skip.txt": {Data: []byte("隐藏\n\n一\n\n不应载入。\n")},
	}
	x := mustLoad(t, fsys, Options{MaxFileSize: 1000})
	warned := map[string]string{}
	for _, w := range x.Warnings() {
		warned[w.File] += w.Msg + "; "
	}
	for file, want := range map[string]string{
		"empty.txt": "empty", "binary.txt": "binary", "big.txt": "limit",
		"bad.txt": "not valid UTF-8", "flat.txt": "no section headings",
		"empty.docx": "empty file (0 bytes)", // not "corrupt file: not a zip archive"
	} {
		if !strings.Contains(warned[file], want) {
			t.Errorf("warnings for %s = %q, want one with %q", file, warned[file], want)
		}
	}
	ids := map[string]bot.Document{}
	for _, d := range x.Documents() {
		ids[d.ID] = d
	}
	for _, id := range []string{"good", "gbk", "bom", "crlf", "flat", "deep"} {
		if _, ok := ids[id]; !ok {
			t.Errorf("document %q not loaded; have %v", id, ids)
		}
	}
	for _, id := range []string{"empty", "binary", "big", "bad", "skip", "notes"} {
		if _, ok := ids[id]; ok {
			t.Errorf("document %q loaded, want it skipped", id)
		}
	}
	if got := ids["bom"].Title; got != "带BOM的文件" {
		t.Errorf("BOM title = %q", got)
	}
	ctx := context.Background()
	for ref, want := range map[string]string{
		"gbk:一·1":      "双方同意加强能源合作。",
		"crlf:一·1":     "双方支持文化交流。",
		"flat:0·2":     "双方支持青年交流。",
		"deep:scope·1": "The parties cooperate on energy.\nThey meet yearly.",
		"deep:scope·2": "- first item",
		"good:2.1":     "——推动旅游合作。",
	} {
		c, err := x.Clause(ctx, ref)
		if err != nil || c.Text != want {
			t.Errorf("Clause(%q) = %q, %v; want %q", ref, c.Text, err, want)
		}
	}
	// With several documents, refs name the document, and a bare one is
	// ambiguous when several documents have that section.
	if c, _ := x.Clause(ctx, "good:一·1"); c.Ref != "good:一·1" {
		t.Errorf("multi-document ref = %q, want good:一·1", c.Ref)
	}
	if _, err := x.Clause(ctx, "一·1"); bot.ErrorCode(err) != bot.EINVALID || !strings.Contains(bot.ErrorMessage(err), "several documents") {
		t.Errorf("ambiguous ref: %v", err)
	}
	if r := mustSearch(t, x, "能源合作"); len(r.Hits) == 0 || !strings.Contains(r.Hits[0].Text, "能源") {
		t.Errorf("search in GBK document: %+v", r)
	}
	if r := mustSearch(t, x, "energy parties"); len(r.Hits) == 0 || r.Hits[0].DocID != "deep" {
		t.Errorf("Latin search: %+v", r)
	}
}

func TestLoadErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := Load(ctx, fstest.MapFS{"a.pdf": {Data: []byte("x")}}, Options{}); err == nil {
		t.Error("Load with no documents: no error")
	}
	if _, err := Load(ctx, fstest.MapFS{"a.txt": {Data: []byte("")}}, Options{}); err == nil || !strings.Contains(err.Error(), "a.txt") {
		t.Errorf("Load with only a broken file = %v, want an error naming it", err)
	}
	bad := filepath.Join(t.TempDir(), "syn.txt")
	os.WriteFile(bad, []byte("北斗 / BDS\n只有一个词\n"), 0o644)
	if _, err := Load(ctx, Seed(), Options{Synonyms: bad}); err == nil || !strings.Contains(err.Error(), "syn.txt:2") {
		t.Errorf("bad synonyms file: %v, want an error naming syn.txt:2", err)
	}
	if _, err := Load(ctx, Seed(), Options{Synonyms: "/nonexistent/syn.txt"}); err == nil {
		t.Error("missing synonyms file: no error")
	}
}

func TestOperatorSynonyms(t *testing.T) {
	f := filepath.Join(t.TempDir(), "syn.txt")
	// "soyfoo" is an operator's own term: no dictionary bridges it.
	os.WriteFile(f, []byte("# ours\nsoyfoo, 大豆\n"), 0o644)
	x, err := Load(context.Background(), Seed(), Options{Synonyms: f})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	r := mustSearch(t, x, "soyfoo")
	if len(r.Hits) == 0 || !strings.Contains(r.Hits[0].Text, "大豆") {
		t.Errorf("soyfoo: %+v", r.Hits)
	}
	if r := mustSearch(t, mustSeed(t), "soyfoo"); len(r.Hits) != 0 {
		t.Errorf("soyfoo without the synonyms file: %d hits, want none", len(r.Hits))
	}
}

func TestSearch(t *testing.T) {
	x := mustSeed(t)
	tests := []struct {
		q, want string // want: a substring of the top hit; "" = abstain
	}{
		{"中俄在北斗卫星导航方面有什么合作？", "北斗"},
		{"衛星導航", "卫星导航"},
		{"ＰＰＰ", "PPP"},
		{"BDS", "北斗"},
		{"GLONASS", "格洛纳斯"},
		{"有什么合作", ""}, // only weak words left: must not match everything strongly… see below
		{"世界杯冠军是谁", ""},
		{"明天北京天气", ""},
		{"qwertyuiop", ""},
		{"什么", ""},
		{"？", ""},
	}
	for _, tt := range tests {
		r := mustSearch(t, x, tt.q)
		if tt.q == "有什么合作" {
			// 合作 is kept as a (weak) term: there are answers, ranked.
			if len(r.Hits) == 0 {
				t.Errorf("%q: abstained; 合作 should be kept", tt.q)
			}
			continue
		}
		switch {
		case tt.want == "" && len(r.Hits) > 0:
			t.Errorf("%q: got %s %q, want abstention", tt.q, r.Hits[0].Ref, r.Hits[0].Text)
		case tt.want != "" && (len(r.Hits) == 0 || !strings.Contains(r.Hits[0].Text, tt.want)):
			t.Errorf("%q: top hit %+v, want one containing %q", tt.q, r.Hits, tt.want)
		}
	}
	if _, err := x.Search(context.Background(), bot.Query{Text: "  "}); bot.ErrorCode(err) != bot.EINVALID {
		t.Errorf("empty question: %v, want EINVALID", err)
	}
}

func TestPaging(t *testing.T) {
	x := mustSeed(t)
	ctx := context.Background()
	all, err := x.Search(ctx, bot.Query{Text: "合作项目", Limit: 50})
	if err != nil || all.Total < 4 {
		t.Fatalf("Search: total %d, %v", all.Total, err)
	}
	p2, _ := x.Search(ctx, bot.Query{Text: "合作项目", Offset: 2, Limit: 2})
	if p2.Total != all.Total || len(p2.Hits) != 2 || p2.Hits[0].Ref != all.Hits[2].Ref || p2.Hits[1].Ref != all.Hits[3].Ref {
		t.Errorf("page 2 = %+v, want hits 3-4 of %d", p2.Hits, all.Total)
	}
	if past, _ := x.Search(ctx, bot.Query{Text: "合作项目", Offset: 1000}); len(past.Hits) != 0 || past.Total != all.Total {
		t.Errorf("past the end: %+v", past)
	}
}

func TestHighlights(t *testing.T) {
	x := mustSeed(t)
	tests := []struct {
		q    string
		want []string // highlighted substrings of the top hit, in order
	}{
		{"衛星導航", []string{"卫星导航"}},
		{"５Ｇ移动通信", []string{"5G移动通信", "5G", "IMT-2020", "通信"}}, // IMT-2020 is a built-in synonym of 5G
		{"PPP", []string{"政府和社会资本合作", "PPP"}},
	}
	for _, tt := range tests {
		r := mustSearch(t, x, tt.q)
		if len(r.Hits) == 0 {
			t.Fatalf("%q: no hits", tt.q)
		}
		h := r.Hits[0]
		var got []string
		for i, s := range h.Highlights {
			if s.Start < 0 || s.End > len(h.Text) || s.Start >= s.End {
				t.Fatalf("%q: bad span %v in %q", tt.q, s, h.Text)
			}
			if i > 0 && h.Highlights[i-1].End >= s.Start {
				t.Errorf("%q: spans %v not merged/sorted", tt.q, h.Highlights)
			}
			got = append(got, h.Text[s.Start:s.End])
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%q highlights in %q (-want +got):\n%s", tt.q, h.Text, diff)
		}
	}
	// Spans are into the original text even when normalisation changes
	// byte lengths.
	fsys := fstest.MapFS{"a.txt": {Data: []byte("题\n\n一\n\n推進５Ｇ網絡建設。\n")}}
	y := mustLoad(t, fsys, Options{})
	r := mustSearch(t, y, "5g网络")
	if len(r.Hits) != 1 {
		t.Fatalf("5g网络: %+v", r)
	}
	h := r.Hits[0]
	if len(h.Highlights) != 1 || h.Text[h.Highlights[0].Start:h.Highlights[0].End] != "５Ｇ網絡" {
		t.Errorf("highlights %v in %q, want ５Ｇ網絡", h.Highlights, h.Text)
	}
}

// TestBM25 checks that bleve really scores with BM25 (NewMemOnly would
// silently fall back to tf-idf): only BM25 explains a term's saturation.
func TestBM25(t *testing.T) {
	x := mustSeed(t)
	q := bleve.NewTermQuery("合作")
	q.SetField(fieldBigram)
	req := bleve.NewSearchRequest(q)
	req.Explain = true
	res, err := x.bi.Search(req)
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("search: %v", err)
	}
	if s := fmt.Sprint(res.Hits[0].Expl); !strings.Contains(s, "saturation") {
		t.Errorf("explanation has no BM25 saturation: %s", s)
	}
}

// TestLiveSwap swaps indexes under concurrent searches: none may fail or
// come back empty, and the swapped-out indexes end up closed.
func TestLiveSwap(t *testing.T) {
	live := NewLive(mustSeed(t))
	ctx := context.Background()
	var wg sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan error, 100)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				r, err := live.Search(ctx, bot.Query{Text: "卫星导航"})
				if err != nil {
					errs <- err
					return
				}
				if len(r.Hits) == 0 {
					errs <- fmt.Errorf("empty results during swap")
					return
				}
			}
		}()
	}
	var old []*Index
	for i := 0; i < 5; i++ {
		next, err := Load(ctx, Seed(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		old = append(old, live.Current())
		live.Swap(next)
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for _, x := range old {
		if _, err := x.Search(ctx, bot.Query{Text: "卫星导航"}); err == nil {
			t.Error("a swapped-out index still searches: not closed")
		}
	}
	live.Current().Close()
}

type gold struct {
	Q    string   `json:"q"`
	Gold []string `json:"gold"`
}

func readGold(t testing.TB, name string) []gold {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Skipf("no gold file: %v", err)
	}
	defer f.Close()
	var gs []gold
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var g gold
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		gs = append(gs, g)
	}
	return gs
}

// hit1 scores top-1 answers; an off-topic question scores when nothing
// is returned.
func hit1(gs []gold, top func(q string) (string, bool)) float64 {
	n := 0
	for _, g := range gs {
		text, ok := top(g.Q)
		if len(g.Gold) == 0 {
			if !ok {
				n++
			}
			continue
		}
		for _, s := range g.Gold {
			if ok && strings.Contains(text, s) {
				n++
				break
			}
		}
	}
	return float64(n) / float64(len(gs))
}

// The levels reached; a change that lowers them fails. The own set's level
// went from 0.98 to 0.97 when 16 hard off-topic questions were added (it
// scores 125/128: one off-topic question answered, two on-topic ones
// missed; see MinCoverage).
const (
	minOwnHit1    = 0.97
	minSharedHit1 = 1.0
	// testdata/unseen.jsonl: 20 colloquial questions written and first
	// run after the engine was tuned. They were 0.30 (13 of 14 misses
	// abstentions: colloquial words the communiqué lacks, "咋样",
	// "便宜点", weigh as much as rare content in coverage); the evidence
	// rule (MinEvidence), chosen on them with the other two sets, makes
	// them 0.70 (14/20); the gate is one question below.
	minUnseenHit1 = 0.65
	// testdata/heldout.jsonl: 30 questions (20 colloquial on-topic, 10
	// off-topic sharing words with the communiqué) written before the
	// evidence rule and never used to design it: 0.467 before (16 false
	// abstentions, no false answer), 0.567 after (9 false abstentions, 3
	// false answers); the gate is one question below. The function-word
	// list, A-not-A forms and no double-counted characters (issue 12)
	// made it 0.633 (7 false abstentions, 3 false answers).
	minHeldoutHit1 = 0.60
	// testdata/everyday.jsonl: 12 A-not-A questions (会不会, 有没有,
	// 行不行, 参不参加) and 16 off-topic questions made of everyday words
	// in zh/en/ru, written before their first run: 0.857 then (4 false
	// answers: 今天天气怎么样 matched 今天), 0.929 after issue 12's fixes
	// (中国的问题是什么 and 最近工作忙不忙 still answered), 1.000 since a
	// question of everyday words only is not answered (MinQuestionRarity).
	minEverydayHit1 = 0.96
)

// TestQuality scores the engine on the project's question set and the
// shared one, next to bleve's cjk analyzer as a baseline.
func TestQuality(t *testing.T) {
	x := mustSeed(t)
	base := mustCJKBaseline(t, x)
	for _, set := range []struct {
		file string
		min  float64
	}{{"../testdata/questions.jsonl", minOwnHit1}, {"../../shared/eval/questions.jsonl", minSharedHit1}, {"testdata/unseen.jsonl", minUnseenHit1}, {"testdata/heldout.jsonl", minHeldoutHit1}, {"testdata/everyday.jsonl", minEverydayHit1}} {
		gs := readGold(t, set.file)
		ours := hit1(gs, func(q string) (string, bool) {
			r := mustSearch(t, x, q)
			if len(r.Hits) == 0 {
				return "", false
			}
			return r.Hits[0].Text, true
		})
		cjkAll := hit1(gs, base)
		fabst, fans, on := mistakes(t, x, gs)
		t.Logf("%s: hit@1 %.3f, false abstentions %d/%d, false answers %d/%d (bleve cjk analyzer, no abstention: %.3f)",
			set.file, ours, fabst, on, fans, len(gs)-on, cjkAll)
		if ours < set.min {
			t.Errorf("%s: hit@1 %.3f, below the level reached (%.3f)", set.file, ours, set.min)
		}
	}
}

// mistakes counts the on-topic questions Search abstains on and the
// off-topic ones it answers, and returns the number of on-topic questions.
func mistakes(t testing.TB, x *Index, gs []gold) (falseAbst, falseAns, on int) {
	t.Helper()
	for _, g := range gs {
		answered := len(mustSearch(t, x, g.Q).Hits) > 0
		switch {
		case len(g.Gold) > 0:
			on++
			if !answered {
				falseAbst++
			}
		case answered:
			falseAns++
		}
	}
	return falseAbst, falseAns, on
}

// mustCJKBaseline indexes the same clauses with bleve's cjk analyzer and
// BM25, and answers with its top hit (it cannot abstain).
func mustCJKBaseline(t testing.TB, x *Index) func(string) (string, bool) {
	t.Helper()
	bi := mustBareBleve(t, x)
	return func(q string) (string, bool) {
		mq := bleve.NewMatchQuery(q)
		mq.SetField("text")
		res, err := bi.Search(bleve.NewSearchRequest(mq))
		if err != nil || len(res.Hits) == 0 {
			return "", false
		}
		var i int
		fmt.Sscan(res.Hits[0].ID, &i)
		return x.clauses[i].Text, true
	}
}

// TestFolderNotes checks that a folder's notes about itself (README.md,
// LICENSE.txt, in any case and subfolder) are not indexed and are named in
// a warning, that a folder of notes alone says so in its error, and that
// a document whose name only starts like one is indexed.
func TestFolderNotes(t *testing.T) {
	ctx := context.Background()
	law := []byte("第一条 租赁押金应当在合同终止后三十日内退还。\n")
	note := []byte("# 说明\n\n本文件夹收录押金相关的法规，每个文件一部。\n")
	x, err := Load(ctx, fstest.MapFS{
		"押金条例.txt": {Data: law}, "README.md": {Data: note}, "sub/License.TXT": {Data: note},
		"readme-law.md": {Data: []byte("第一条 出租人不得无故扣留押金。\n")},
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range x.Documents() {
		ids = append(ids, d.File)
	}
	slices.Sort(ids)
	if want := []string{"readme-law.md", "押金条例.txt"}; !slices.Equal(ids, want) {
		t.Errorf("documents %q, want %q", ids, want)
	}
	var warned []string
	for _, w := range x.Warnings() {
		if strings.Contains(w.Msg, "note about the folder") {
			warned = append(warned, w.File)
		}
	}
	slices.Sort(warned)
	if want := []string{"README.md", "sub/License.TXT"}; !slices.Equal(warned, want) {
		t.Errorf("warned about %q, want %q", warned, want)
	}
	if IsDocument("docs/README.md") || !IsDocument("docs/readme-law.md") || !IsDocument("notice.txt") || IsDocument("notes.odt") {
		t.Error("IsDocument: README.md is a document, or readme-law.md is not")
	}
	_, err = Load(ctx, fstest.MapFS{"README.md": {Data: note}}, Options{})
	if err == nil || !strings.Contains(err.Error(), "README.md") {
		t.Errorf("a folder with only a README: %v, want an error naming it", err)
	}
}
