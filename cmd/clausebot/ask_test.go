package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs clausebot with args and stdin, returning exit code and output.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestAskJSON(t *testing.T) {
	code, out, _ := runCLI(t, "", "ask", "--json", "-k", "2", "中俄在北斗卫星导航方面有什么合作？")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var a askAnswer
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(a.Results) != 2 || !strings.Contains(a.Results[0].Text, "北斗") || a.Results[0].Ref == "" || a.Results[0].Section != "二" {
		t.Errorf("results = %+v", a.Results)
	}
	for _, r := range a.Results {
		for _, h := range r.Highlights {
			if h.Start < 0 || h.End > len(r.Text) || h.Start >= h.End {
				t.Errorf("bad highlight %v", h)
			}
		}
	}
}

func TestAskStdinAndAbstain(t *testing.T) {
	code, out, _ := runCLI(t, "衛星導航\n\n世界杯冠军是谁\n", "ask", "--json")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d answers, want 2:\n%s", len(lines), out)
	}
	var a, b askAnswer
	json.Unmarshal([]byte(lines[0]), &a)
	json.Unmarshal([]byte(lines[1]), &b)
	if len(a.Results) == 0 || b.Question != "世界杯冠军是谁" || b.Results == nil || len(b.Results) != 0 {
		t.Errorf("answers: %+v / %+v", a, b)
	}
	if !strings.Contains(lines[1], `"results":[]`) {
		t.Errorf("abstention must print an empty results list: %s", lines[1])
	}
	if b.Note != "已载入的文件中没有条款涉及这个问题。" || a.Note != "" {
		t.Errorf("notes %q / %q; want the abstention's no-match text in its question's language, and none with results", a.Note, b.Note)
	}
}

// TestAskSpeaksTheQuestionsLanguage checks that ask's own words follow
// each question's language, and that a citation of a law that is not
// loaded is that question's answer, not the end of a batch.
func TestAskSpeaksTheQuestionsLanguage(t *testing.T) {
	code, out, errs := runCLI(t, "刑法第十条\n北斗卫星导航\n世界杯冠军是谁\nWho won the World Cup?\nКто выиграл чемпионат мира?\n", "ask", "-k", "1")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	// The Russian question is told why (the seed is Chinese), as in chat.
	for _, want := range []string{"已载入的文件中没有《刑法》", "北斗", "已载入的文件中没有条款涉及这个问题。", "No clause in the documents covers this question.", "русско-китайского словаря у меня нет", "В загруженных документах нет пункта по этому вопросу."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runCLI(t, "", "ask", "--json", "Article 5 of the GDPR")
	var a askAnswer
	if err := json.Unmarshal([]byte(out), &a); code != exitOK || err != nil || len(a.Results) != 0 || !strings.Contains(a.Note, "GDPR") {
		t.Errorf("not loaded, --json: exit %d, %v, %+v", code, err, a)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"ask", "--nope", "x"},
		{"ask", "  "},
		{"ask", "--docs", "/nonexistent/docs", "x"},
		{"clause", "三.1"},
		{"clause", "hello"},
		{"section", "九"},
		{"eval"},
		{"eval", "--gold", "/nonexistent.jsonl"},
	} {
		code, _, stderr := runCLI(t, "", args...)
		if code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
		if n := strings.Count(strings.TrimSpace(stderr), "\n"); n != 0 && !strings.Contains(stderr, "warning") {
			t.Errorf("%q: want a one-line error, got:\n%s", args, stderr)
		}
	}
}

func TestLookupCommands(t *testing.T) {
	code, out, _ := runCLI(t, "", "clause", "2.12")
	if code != exitOK || !strings.Contains(out, "[二·12]") || !strings.Contains(out, "加强打击侵权假冒执法合作") {
		t.Errorf("clause 2.12: %d %s", code, out)
	}
	code, out, _ = runCLI(t, "", "section", "四")
	if code != exitOK || !strings.Contains(out, "[四·2]") {
		t.Errorf("section 四: %d %s", code, out)
	}
	code, out, _ = runCLI(t, "", "sources")
	for _, want := range []string{"中俄总理第二十六次定期会晤联合公报", "2021-12-01", "二 (64)", "language:  zh", "truncated: yes", "missing 三"} {
		if code != exitOK || !strings.Contains(out, want) {
			t.Errorf("sources: missing %q in:\n%s", want, out)
		}
	}
}

func TestEvalGate(t *testing.T) {
	gold := filepath.Join(t.TempDir(), "g.jsonl")
	os.WriteFile(gold, []byte(`{"q":"衛星導航","gold":["卫星导航"]}
{"q":"股票行情","gold":[]}
{"q":"服务贸易","gold":["这句话不存在"]}
{"q":"刑法第十条是什么","gold":[]}
`), 0o644)
	// The last cites a law that is not loaded: told so, which counts as
	// no clause (it stopped the run before).
	code, out, stderr := runCLI(t, "", "eval", "--gold", gold)
	if code != exitOK || !strings.Contains(out, "hit@1:      0.750") || !strings.Contains(out, "这句话不存在") {
		t.Errorf("eval: %d\n%s", code, out)
	}
	// The gold text no document holds is pointed out: a gold file run
	// against the wrong documents would otherwise only score as misses.
	if !strings.Contains(stderr, "1 of 2 on-topic questions have gold text that no loaded document contains") {
		t.Errorf("eval stderr %q: want a note that a gold text is in no loaded document", stderr)
	}
	if code, _, _ := runCLI(t, "", "eval", "--gold", gold, "--min-hit1", "0.9"); code != exitFail {
		t.Errorf("eval under --min-hit1: exit %d, want %d", code, exitFail)
	}
	code, _, _ = runCLI(t, "", "eval", "--gold", "../../testdata/questions.jsonl", "--min-hit1", "0.97")
	if code != exitOK {
		t.Errorf("own question set under 0.97: exit %d", code)
	}
}

// TestLoadWarnings checks that the embedded seed's known problems are not
// repeated on every command but still listed by sources, and that problems
// in the operator's own documents are printed with the file's full path.
func TestLoadWarnings(t *testing.T) {
	code, _, stderr := runCLI(t, "", "ask", "衛星導航")
	if code != exitOK || stderr != "" {
		t.Errorf("ask on the seed: exit %d, stderr %q, want 0 and nothing", code, stderr)
	}
	code, out, stderr := runCLI(t, "", "sources")
	if code != exitOK || stderr != "" || !strings.Contains(out, "warning:") {
		t.Errorf("sources on the seed: exit %d, stderr %q; want its warnings listed in:\n%s", code, stderr, out)
	}

	dir := t.TempDir()
	seed, err := os.ReadFile("../../index/seed/000_ad880c8de21a5870.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "good.txt"), seed, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr = runCLI(t, "", "ask", "--docs", dir, "衛星導航")
	if code != exitOK || !strings.Contains(out, "卫星导航") {
		t.Errorf("ask --docs: exit %d, out:\n%s", code, out)
	}
	for _, want := range []string{filepath.Join(dir, "empty.txt"), filepath.Join(dir, "good.txt")} {
		if !strings.Contains(stderr, "clausebot: warning: "+want) {
			t.Errorf("ask --docs: stderr lacks a warning for %s:\n%s", want, stderr)
		}
	}
}

// TestAskJSONOffsetsAndMatch: every highlight's byte offsets and rune
// offsets pick the same text, parts carry both too, and match says how the
// answer was reached.
func TestAskJSONOffsetsAndMatch(t *testing.T) {
	for _, tc := range []struct {
		question string
		match    string
	}{
		{"中俄在北斗卫星导航方面有什么合作？", "direct"},
		{"中俄BDS合作", "synonym"},
		{"satellite navigation cooperation", "translation"},
	} {
		code, out, errOut := runCLI(t, "", "ask", "--json", "-k", "3", tc.question)
		if code != exitOK {
			t.Fatalf("%q: exit %d: %s", tc.question, code, errOut)
		}
		var a askAnswer
		if err := json.Unmarshal([]byte(out), &a); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if len(a.Results) == 0 {
			t.Fatalf("%q: no results", tc.question)
		}
		if got := a.Results[0].Match; got != tc.match {
			t.Errorf("%q: match %q, want %q", tc.question, got, tc.match)
		}
		for _, r := range a.Results {
			if len(r.HighlightRunes) != len(r.Highlights) {
				t.Fatalf("%s: %d rune spans for %d byte spans", r.Ref, len(r.HighlightRunes), len(r.Highlights))
			}
			runes := []rune(r.Text)
			for i, h := range r.Highlights {
				rh := r.HighlightRunes[i]
				if got, want := string(runes[rh.Start:rh.End]), r.Text[h.Start:h.End]; got != want {
					t.Errorf("%s: rune span %v is %q, byte span %v is %q", r.Ref, rh, got, h, want)
				}
			}
			for _, p := range r.Parts {
				if got, want := string(runes[p.RuneStart:p.RuneEnd]), r.Text[p.Start:p.End]; got != want {
					t.Errorf("%s: part %s: rune range is %q, byte range %q", r.Ref, p.Ref, got, want)
				}
			}
		}
	}
	// Parts: an article with paragraphs, from the documents under testdata.
	code, out, errOut := runCLI(t, "", "ask", "--json", "--docs", filepath.Join("..", "..", "testdata", "documents"), "-k", "5", "网络运营者 安全保护义务")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var a askAnswer
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	parts := 0
	for _, r := range a.Results {
		runes := []rune(r.Text)
		for _, p := range r.Parts {
			parts++
			if got, want := string(runes[p.RuneStart:p.RuneEnd]), r.Text[p.Start:p.End]; got != want {
				t.Errorf("%s: part %s: rune range is %q, byte range %q", r.Ref, p.Ref, got, want)
			}
		}
	}
	if parts == 0 {
		t.Errorf("no result has parts; the case needs an article with paragraphs:\n%s", out)
	}
}

// TestAskFlagsUnalignedVersions: ask marks a version paired by numbering
// over structures that differ, as chat does (a trial found only chat did).
func TestAskFlagsUnalignedVersions(t *testing.T) {
	code, out, errs := runCLI(t, "", "ask", "--docs", "../../index/testdata/versions", "--index", "off", "-k", "1", "知识产权怎么分配")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"= [agreement-ru:Статья 5] (ru version)\n", "= [agreement-en:Article 5] (en version, numbered the same; ⚠ the versions do not align: check it)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestAskTooLong checks that ask, like the chat, tells a question over the
// length limit so, in its language, and goes on with the next one.
func TestAskTooLong(t *testing.T) {
	long := strings.Repeat("网络安全", 200) // 800 runes
	code, out, _ := runCLI(t, long+"\n衛星導航\n", "ask")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(out, "超过了500个字符的上限") || !strings.Contains(out, "卫星导航") {
		t.Errorf("output:\n%s\nwant the length notice, then the second question's answer", out)
	}
	code, out, _ = runCLI(t, long+"\n", "ask", "--json")
	var a askAnswer
	if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &a); code != exitOK || err != nil || !strings.Contains(a.Note, "500") || len(a.Results) != 0 {
		t.Errorf("--json: exit %d, %+v (%v)", code, a, err)
	}
}

// TestAskCutsHugeClause: a document of one 120,000-character line is one
// clause; ask prints it cut as a chat reply is (the first 20,000
// characters or fewer, ending in "…") with the note naming its length
// and file, and --json keeps it whole. A question from stdin is searched and
// echoed without its terminal escape sequences.
func TestAskCutsHugeClause(t *testing.T) {
	dir := t.TempDir()
	line := "第一条 " + strings.Repeat("能源合作，技术交流，", 12000) + "。"
	if err := os.WriteFile(filepath.Join(dir, "huge.txt"), []byte(line+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI(t, "\x1b[1m能源合作\x1b[0m\x07\n", "ask", "--index", "off", "--docs", dir, "-k", "1")
	if code != exitOK {
		t.Fatalf("exit %d:\n%.300s", code, out)
	}
	if n := len([]rune(out)); n > 21000 {
		t.Errorf("printed %d characters; want the clause cut to at most 20,000", n)
	}
	if !strings.Contains(out, "…\n") || !strings.Contains(out, "共120005个字符") || !strings.Contains(out, "huge.txt") {
		t.Errorf("no cut marker or note naming the length and the file:\n…%s", out[max(0, len(out)-400):])
	}
	if !strings.Contains(out, "Q: 能源合作\n") {
		t.Errorf("the question is not echoed without its escape sequence:\n%.100q", out)
	}
	code, out, _ = runCLI(t, "", "ask", "--index", "off", "--docs", dir, "--json", "-k", "1", "能源合作")
	var a askAnswer
	if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &a); code != exitOK || err != nil || len(a.Results) != 1 || len([]rune(a.Results[0].Text)) < 120000 {
		t.Errorf("--json: exit %d, %v; want the whole clause", code, err)
	}
}

// TestAskHugeLineThenQuestion: a line of 1.2 million characters on stdin
// (over bufio.Scanner's limit, which lost it and every question after it)
// gets the too-long notice with its true length, echoed cut, and the next
// question is still answered.
func TestAskHugeLineThenQuestion(t *testing.T) {
	in := strings.Repeat("网络安全", 300_000) + "\n5G\n"
	code, out, errOut := runCLI(t, in, "ask", "-k", "1")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "问题长度为1200000个字符") || !strings.Contains(out, "Q: 5G\n1. [") {
		t.Errorf("output:\n%.600s\nwant the notice with the true length, then an answer to 5G", out)
	}
	if len(out) > 5000 {
		t.Errorf("%d bytes of output: the long question is echoed whole", len(out))
	}
}

// TestAskShowsBestPart: the first answer, a long article the question
// does not cite, is its best-matching part under its own reference, as in
// a chat, with the command that shows the whole article; an article the
// question cites is printed whole. A trial got all 11,000 characters of
// the Water Code's Статья 65 for a question on a river's protection zone.
// The command names the folder and --index as given (a later trial's
// hint, without --index, did not work as pasted).
func TestAskShowsBestPart(t *testing.T) {
	docs := "../../testdata/documents/ru"
	code, out, errs := runCLI(t, "", "ask", "--docs", docs, "--index", "off", "-k", "1", "Какова ширина водоохранной зоны реки?")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, ":Статья 65 ч. ") || !strings.Contains(out, `целиком: clausebot clause --docs ../../testdata/documents/ru --index off "vodny`) || strings.Contains(out, "Водоохранными зонами являются") {
		t.Errorf("want a part of Статья 65 and the command for all of it:\n%s", out)
	}
	if n := len([]rune(out)); n > 2000 {
		t.Errorf("%d characters printed for one part", n)
	}
	code, out, _ = runCLI(t, "", "ask", "--docs", docs, "--index", "off", "-k", "1", "Что говорит статья 65 Водного кодекса?")
	if code != exitOK || !strings.Contains(out, "Водоохранными зонами являются") || strings.Contains(out, "clausebot clause") {
		t.Errorf("a cited article: exit %d, want it whole:\n%.600s\n…%s", code, out, out[max(0, len(out)-400):])
	}
}

// damagingReader gives its first line, then, when read again, runs
// damage and gives the rest: damage done to the index folder while ask
// is between two questions.
type damagingReader struct {
	first, rest string
	damage      func()
	n           int
}

func (r *damagingReader) Read(p []byte) (int, error) {
	r.n++
	switch r.n {
	case 1:
		return copy(p, r.first), nil
	case 2:
		r.damage()
		return copy(p, r.rest), nil
	}
	return 0, io.EOF
}

// TestAskRepairsDamagedIndex: a segment of the index folder damaged while
// ask answers a batch (after the folder was opened and checked) fails a
// question's search; ask then opens the folder again, which rebuilds the
// marked generation, and answers that question and the rest. Before, the
// batch ended with the error.
func TestAskRepairsDamagedIndex(t *testing.T) {
	docs, dir := mustServeDocs(t), t.TempDir()
	if code, _, errs := runCLI(t, "", "ask", "--docs", docs, "--index", dir, "北斗"); code != exitOK {
		t.Fatalf("first ask: exit %d: %s", code, errs)
	}
	zaps, _ := filepath.Glob(filepath.Join(dir, "*", "gen-*", "store", "*.zap"))
	if len(zaps) == 0 {
		zaps, _ = filepath.Glob(filepath.Join(dir, "gen-*", "store", "*.zap"))
	}
	if len(zaps) != 1 {
		t.Fatalf("segments %q", zaps)
	}
	damage := func() {
		f, err := os.OpenFile(zaps[0], os.O_RDWR, 0)
		if err != nil {
			t.Error(err)
			return
		}
		defer f.Close()
		st, _ := f.Stat()
		junk := make([]byte, 5000)
		for i := range junk {
			junk[i] = byte(i*7919 + 13)
		}
		f.WriteAt(junk, st.Size()/10)
	}
	in := &damagingReader{first: "北斗卫星导航\n", rest: beidouQ + "\n中俄贸易额是多少？\n", damage: damage}
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"ask", "--docs", docs, "--index", dir}, func(string) string { return "" }, in, &out, &errb)
	if code != exitOK {
		t.Fatalf("exit %d: %s\n%s", code, errb.String(), out.String())
	}
	if n := strings.Count(out.String(), "Q: "); n != 3 || strings.Count(out.String(), "1. [") != 3 {
		t.Errorf("want 3 questions answered:\n%s", out.String())
	}
	if !strings.Contains(errb.String(), "rebuilding") {
		t.Skipf("no search read the damaged bytes: %s", errb.String())
	}
}
