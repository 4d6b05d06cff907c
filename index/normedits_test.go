package index

import (
	"testing"

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
		c := clause{edits: normEdits(text)}
		c.Text = text
		// The hash made with the edits is copyHash's, which the parse
		// cache keeps and documents are compared by.
		if _, h := normEditsCopy(text + " “引号” 「x」\t\n"); h != copyHash(text+" “引号” 「x」\t\n") {
			t.Errorf("normEditsCopy(%q): hash %x, want copyHash's %x", text, h, copyHash(text))
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
