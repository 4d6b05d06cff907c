package bot_test

import (
	"context"
	"os"
	"strings"
	"testing"

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
