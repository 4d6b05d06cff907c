package index

import (
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"
)

func TestNormEdits(t *testing.T) {
	for _, text := range []string{
		"",
		"plain ascii, nothing to fold",
		"Upper Case ＡＢＣ５Ｇ",
		"中俄两国在北斗卫星导航领域开展合作，推动衛星導航系统兼容。",
		"全角空格\u3000与标点：（一）；",
		"Статья 1. ПРАВО",
		"bad \xff utf-8 \xe4\xb8 end",
		"\xff",
		"末尾是繁體",
	} {
		es := normEdits(text)
		// At an offset in its document's table, as a clause's are.
		d := &document{edits: append([]normEdit{{at: 1, r: 'x'}}, es...)}
		c := clause{doc: d, e0: 1, ne: uint32(len(es)), Text: text}
		// The hash made with the edits is copyHash's, which the parse
		// cache keeps and documents are compared by.
		spaced := text + " “引号” 「x」\t\n"
		if _, h := normEditsCopy(spaced); h != copyHash(spaced) {
			t.Errorf("normEditsCopy(%q): hash %x, want copyHash's %x", spaced, h, copyHash(spaced))
		}
		if got, want := c.norm(), normalizeString(text); got != want {
			t.Errorf("norm(%q) = %q, want %q", text, got, want)
		}
		if got, want := string(c.appendNorm([]byte("x"))), "x"+normalizeString(text); got != want {
			t.Errorf("appendNorm(%q) = %q, want %q", text, got, want)
		}
		if diff := cmp.Diff(normalize(text), c.normalized(), cmp.AllowUnexported(normText{})); diff != "" {
			t.Errorf("normalized(%q) (-want +got):\n%s", text, diff)
		}
	}
}

// TestNormEditsDocuments checks every clause of testdata/documents: its
// edits give back its normalised text.
func TestNormEditsDocuments(t *testing.T) {
	if testing.Short() {
		t.Skip("loads testdata/documents")
	}
	x := mustDocuments(t)
	for i := range x.clauses {
		c := &x.clauses[i]
		if got, want := c.norm(), normalizeString(c.Text); got != want {
			t.Fatalf("%s: norm() = %q, want %q", c.Ref, got, want)
		}
		if diff := cmp.Diff(normalize(c.Text), c.normalized(), cmp.AllowUnexported(normText{})); diff != "" {
			t.Fatalf("%s: normalized() (-want +got):\n%s", c.Ref, diff)
		}
	}
}

// TestSpaceFold: the fast path (spaceFolded) gives what splitting and
// joining gives, for lines with and without spaces to fold.
func TestSpaceFold(t *testing.T) {
	for _, s := range []string{
		"", " ", "a", "a b", "a  b", " a", "a ", "a\tb", "a\u3000b", "第一条　总则",
		"a\u00a0b", "a\u0085b", "bad \xff byte", "\xff", "中文 English mixed", "a b c d",
		"\n", "a\nb", "  ", "x\u2002y", "trailing\u3000",
	} {
		want := strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
		if got := spaceFold(s); got != want {
			t.Errorf("spaceFold(%q) = %q, want %q", s, got, want)
		}
		if spaceFolded(s) != (s == want) {
			t.Errorf("spaceFolded(%q) = %v, want %v", s, spaceFolded(s), s == want)
		}
	}
}

// TestHanCounter: hanCounter, fed by clauseAnalyzer, counts what countHan counts, over texts with
// characters inside and outside the CJK Unified Ideographs block, repeats
// and none; and every character of the block is classHan.
func TestHanCounter(t *testing.T) {
	for r := rune(hanFirst); r < hanFirst+hanBlock; r++ {
		if classify(r) != classHan {
			t.Fatalf("classify(%U) = %v, want classHan", r, classify(r))
		}
	}
	texts := []string{"中俄两国中俄", "", "ascii only", "𠀀𠀁𠀀 extension B", "ひらがな カタカナ 한글", "一丁\u9fff\u4e00\u3400㐀", "中"}
	want := map[rune]int32{}
	var han []rune
	h := new(hanCounter)
	a := clauseAnalyzer{han: h}
	for _, s := range texts {
		han = countHan([]rune(s), han, want)
		a.doc("x", &clause{Text: s}) // counts the text's characters into h
	}
	got := map[rune]int32{'x': 0}
	h.addTo(got)
	delete(got, 'x')
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("hanCounter (-countHan +hanCounter):\n%s", diff)
	}
}
