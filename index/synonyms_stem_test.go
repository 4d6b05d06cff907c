package index

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"clausebot/bot"
)

// TestSynonymStems checks that an alphabetic synonym term matches in any
// form of its words, in the question and in the clause ("отпрыски" finds
// a clause on несовершеннолетние through "~ отпрыск / несовершеннолетний",
// which it did not without the group), that a
// term of several words is held only with its words side by side, and
// that an everyday synonym of a word the documents use themselves
// ("договор") is not applied, so "договорились" (agreed), of the same
// stem, does not find every соглашение.
func TestSynonymStems(t *testing.T) {
	fsys := fstest.MapFS{"kodeks.md": {Data: []byte("# Кодекс о семье\n\n" +
		"Статья 1. Несовершеннолетние\n\nНесовершеннолетние вправе получать содержание.\n\n" +
		"Статья 2. Соглашение сторон\n\nСтороны вправе получать содержание по соглашению.\n\n" +
		"Статья 3. Договор\n\nДоговор заключается сторонами в письменной форме.\n")}}
	syn := filepath.Join(t.TempDir(), "synonyms.txt")
	if err := os.WriteFile(syn, []byte("~ отпрыск / несовершеннолетний\n~ договор / соглашение\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	with, without := mustLoad(t, fsys, Options{Synonyms: syn}), mustLoad(t, fsys, Options{})
	// Статья 2 holds the question's other words too: only отпрыск, found
	// as несовершеннолетние, tells the two apart.
	const q = "Вправе ли отпрыски получать содержание?"
	cov := func(x *Index, ref string) float64 {
		hs, err := x.rank(ctx, x.analyzeQuestion(q))
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hs {
			if x.clauses[h.idx].Ref == ref {
				return h.coverage
			}
		}
		return 0
	}
	if c1, c2 := cov(with, "Статья 1"), cov(with, "Статья 2"); c1 != 1 || c2 >= c1 {
		t.Errorf("%s with the groups: coverage of Статья 1 %.2f, of Статья 2 %.2f; want 1 and less", q, c1, c2)
	}
	if c1 := cov(without, "Статья 1"); c1 == 1 {
		t.Errorf("%s without the groups: Статья 1 covers it whole; the test needs a question only the groups complete", q)
	}
	r, err := with.Search(ctx, bot.Query{Text: q})
	if err != nil || len(r.Hits) == 0 || r.Hits[0].Ref != "Статья 1" {
		t.Errorf("%s: %v %v, want Статья 1 first", q, hitRefs(r.Hits), err)
	}
	for _, a := range with.analyzeQuestion("О чём договорились стороны?").alts {
		if slices.Contains(a.terms, "соглашение") {
			t.Errorf("договорились: alternatives %v, want none (договор is the documents' own word)", a.terms)
		}
	}
	stems := termStems("вступить в брак")
	for text, want := range map[string]bool{
		"супруги вправе вступить в брак повторно": true,
		"вступили в брак":                         true,
		"вступил во владение имуществом в браке":  false,
		"брак, в который вступить":                false,
	} {
		words := clauseWords([]rune(text))
		if got := holdsStems(words, text, stems); got != want {
			t.Errorf("holdsStems(%q, вступить в брак) = %v, want %v", text, got, want)
		}
	}
	if strings.Join(termStems("несовершеннолетний"), " ") != stem("несовершеннолетние") {
		t.Errorf("termStems(несовершеннолетний) = %v, want the stem of its plural, %q", termStems("несовершеннолетний"), stem("несовершеннолетние"))
	}
}
