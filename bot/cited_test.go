package bot_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"clausebot/bot"
)

// TestCitedArticleShownWhole checks that an answer to a question naming an
// article by number shows that article from its start (its title, part 1
// …), whole, as /clause does, and not cut to the part that matches best:
// "Статья 65 Водного кодекса" showed only Статья 65 ч. 16, and "and
// Article 10?" after the plant treaty's Article 9 only Article 10(1).
func TestCitedArticleShownWhole(t *testing.T) {
	ctx := context.Background()
	x := mustIndex(t, os.DirFS("../testdata/documents"))
	b := bot.New(x, bot.Options{RatePerMinute: -1})
	for _, steps := range [][]struct{ q, want string }{
		{{"Статья 65 Водного кодекса", "vodny-kodeks-rf-2006-pra:Статья 65"}, {"а статья 66?", "vodny-kodeks-rf-2006-pra:Статья 66"}},
		{{"Article 9 of the plant treaty", "itpgrfa-plant-genetic-re:Article 9"}, {"and Article 10?", "itpgrfa-plant-genetic-re:Article 10"}},
	} {
		user := steps[0].q
		for _, s := range steps {
			r, _ := b.Handle(ctx, dm(user, s.q))
			whole, err := x.Clause(ctx, s.want)
			if err != nil {
				t.Fatalf("Clause(%s): %v", s.want, err)
			}
			if len(whole.Parts) < 2 || len([]rune(whole.Text)) < 600 {
				t.Fatalf("%s is not a long article with parts; the test needs one", s.want)
			}
			var first *bot.Block
			for i := range r.Blocks {
				if r.Blocks[i].Kind == bot.ClauseBlock {
					first = &r.Blocks[i]
					break
				}
			}
			switch {
			case first == nil:
				t.Errorf("%s: no clause\n%s", s.q, replyText(r))
			case first.Ref != s.want || first.Shortened || first.Text != whole.Text:
				t.Errorf("%s: first block %s (shortened %v) %.80q…, want all of %s %.80q…", s.q, first.Ref, first.Shortened, first.Text, s.want, whole.Text)
			}
		}
	}
	// An article the question does not name is still cut to its best part.
	r, _ := b.Handle(ctx, dm("bob", "водоохранные зоны садоводства сооружения для очистки сточных вод"))
	for _, blk := range r.Blocks {
		if blk.Kind == bot.ClauseBlock {
			if !strings.Contains(blk.Ref, " ч. ") || !blk.Shortened {
				t.Errorf("uncited question: first block %s (shortened %v), want the best part of a long article", blk.Ref, blk.Shortened)
			}
			break
		}
	}
}

// TestInlineHugeClause checks that an inline result (Telegram's "@bot
// question") carries at most the start of a clause of a megabyte, not all
// of it, with its highlights within that start.
func TestInlineHugeClause(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("Dock rules. ")
	for i := 0; sb.Len() < 1<<20; i++ {
		fmt.Fprintf(&sb, "Berth %d is kept clear for pilot boats at tide %d. ", i, i%7)
	}
	x := mustIndex(t, fstest.MapFS{"huge.txt": {Data: []byte(sb.String())}})
	b := bot.New(x, bot.Options{RatePerMinute: -1})
	res, err := b.Inline(context.Background(), bot.InlineQuery{Platform: bot.Telegram, UserID: "u", Text: "pilot boats berth tide"})
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("inline: %d hits, %v", len(res.Hits), err)
	}
	for _, h := range res.Hits {
		if n := utf8.RuneCountInString(h.Text); n > 20001 || !strings.HasPrefix(h.Text, "Dock rules. Berth 0") {
			t.Errorf("inline hit %s: %d runes starting %.40q, want the clause's start, at most 20,000 runes and \"…\"", h.Ref, n, h.Text)
		}
		for _, sp := range h.Highlights {
			if sp.End > len(h.Text) {
				t.Errorf("inline hit %s: highlight %v past its text (%d bytes)", h.Ref, sp, len(h.Text))
			}
		}
	}
}
