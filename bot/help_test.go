package bot_test

import (
	"context"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"clausebot/bot"
	"clausebot/index"
)

// exampleFrames are the questions help's examples are framed in (see
// askAbout): the words before and after the clause's own phrase.
var exampleFrames = [][2]string{
	{"关于", "有什么规定？"},
	{"Where does it say that ", "?"},
	{"What does it say about ", "?"},
	{"Где сказано, что ", "?"},
	{"Что сказано о теме «", "»?"},
}

// listNumberRE is a list or article number at the start of a phrase.
var listNumberRE = regexp.MustCompile(`^(?:\(?[0-9]+(?:\.[0-9]+)*[.)]|\([a-zа-я]{1,2}\)|[a-zа-я]\)|第[一二三四五六七八九十百千零〇两0-9]+条)`)

// TestHelpExamplesOneLine checks every example /help offers, in each
// language, over the test documents and over the seed: it is one line,
// made of a clause's own words (the phrase inside its question frame is in
// the clause it finds, whatever the case of its first letter) without a
// list number, and, asked back, finds that clause. "What does it say about
// undertakings⏎1.  Each of the Parties undertakes?" ran a title into the
// first paragraph, number and all.
func TestHelpExamplesOneLine(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		fsys fs.FS
	}{
		{"documents", os.DirFS("../testdata/documents")},
		{"seed", nil},
		{"documents and seed", union(t, os.DirFS("../testdata/documents"), index.Seed())},
	} {
		var s bot.Searcher = mustSeed(t)
		if tc.fsys != nil {
			s = mustIndex(t, tc.fsys)
		}
		for _, lang := range []bot.Lang{bot.English, bot.Chinese, bot.Russian} {
			b := bot.New(s, bot.Options{RatePerMinute: -1, DefaultLang: lang})
			r, _ := b.Handle(ctx, dm("alice", "/help"))
			n := 0
			for _, btn := range r.Buttons {
				q := btn.Label
				if !strings.Contains(replyText(r), "• "+q+"\n") {
					continue // not an example
				}
				n++
				phrase := ""
				for _, f := range exampleFrames {
					if p, ok := strings.CutPrefix(q, f[0]); ok && strings.HasSuffix(p, f[1]) {
						phrase = strings.TrimSuffix(p, f[1])
					}
				}
				switch {
				case strings.ContainsAny(q, "\n\r"):
					t.Errorf("%s, %s: example %q is more than one line", tc.name, lang, q)
				case phrase == "":
					t.Errorf("%s, %s: example %q is not a framed question", tc.name, lang, q)
				case listNumberRE.MatchString(phrase):
					t.Errorf("%s, %s: example %q starts with a list number", tc.name, lang, q)
				}
				ans, _ := b.Handle(ctx, dm("bob", q))
				refs := clauseRefs(ans)
				if ans.Kind != bot.KindAnswer || len(refs) == 0 {
					t.Errorf("%s, %s: example %q finds no clause (%v)", tc.name, lang, q, ans.Kind)
					continue
				}
				cl, err := s.Clause(ctx, refs[0])
				if err != nil {
					t.Errorf("%s, %s: example %q: Clause(%s): %v", tc.name, lang, q, refs[0], err)
					continue
				}
				if phrase != "" && !strings.Contains(strings.ToLower(cl.Text), strings.ToLower(phrase)) {
					// An article's title: the answer shows its best part,
					// the title heads the whole article.
					if art, _, ok := strings.Cut(refs[0], " п. "); ok {
						if whole, err := s.Clause(ctx, art); err == nil {
							cl = whole
						}
					}
				}
				if phrase != "" && !strings.Contains(strings.ToLower(cl.Text), strings.ToLower(phrase)) {
					t.Errorf("%s, %s: example %q: its words are not in %s %q", tc.name, lang, q, refs[0], cl.Text)
				}
			}
			if n < 2 {
				t.Errorf("%s, %s: %d examples, want 2–3\n%s", tc.name, lang, n, replyText(r))
			}
		}
	}
}

// union copies the files of several file systems into one.
func union(t *testing.T, fss ...fs.FS) fs.FS {
	t.Helper()
	out := fstest.MapFS{}
	for _, fsys := range fss {
		err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(fsys, path)
			out[path] = &fstest.MapFile{Data: data}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}
