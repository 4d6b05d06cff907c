package index

import (
	"context"
	"slices"
	"testing"

	"clausebot/bot"
)

// TestFocusParts checks which parts of a long message are searched alone:
// its asking sentences from the last, then its last sentence, then the
// words after a lead-in's comma; none for a short message.
func TestFocusParts(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"中俄在北斗卫星导航方面有什么合作？", nil}, // short: its own question
		{"我们部门下周要做一个关于国际交流的分享，领导让我先查一下资料。中俄在北斗卫星导航方面有什么合作？",
			[]string{"中俄在北斗卫星导航方面有什么合作？"}},
		{"Hi team, we are setting up a company in Shanghai next year. Does the foreign investment law say anything about the negative list?",
			[]string{"Does the foreign investment law say anything about the negative list?"}},
		// no sentence asks: the last one
		{"我们部门下周要做一个关于国际交流的分享，领导让我先查一下资料。我想了解一下中俄两国在卫星导航方面的合作情况",
			[]string{"我想了解一下中俄两国在卫星导航方面的合作情况"}},
		{"Добрый день, коллеги. Директор хочет понять, переходит ли доля в уставном капитале по наследству?",
			[]string{"Директор хочет понять, переходит ли доля в уставном капитале по наследству?", "переходит ли доля в уставном капитале по наследству?"}},
	} {
		got := focusParts(tc.text)
		if !slices.Equal(got, tc.want) {
			t.Errorf("focusParts(%q)\n got %q\nwant %q", tc.text, got, tc.want)
		}
	}
}

// TestLongMessageFocus: long team-chat messages whose whole found nothing
// (a trial's) are answered from their question, which Results.Focus
// names; a long off-topic message is still not answered, its tail ("any
// ideas?") having no topic of its own.
func TestLongMessageFocus(t *testing.T) {
	x := mustDocuments(t)
	ctx := context.Background()
	for q, want := range map[string]string{
		"Hi team, we're planning to set up a wholly foreign-owned enterprise in Shanghai next year and our legal counsel mentioned something about a negative list, which none of us really understands. Does the foreign investment law say anything about the negative list?": "外商投资法-2019-03-15:第二十八条",
		"大家好，我们公司明年打算在上海设立一家外资企业，法务同事提到负面清单，我们都不太清楚这是什么意思，也不知道会不会影响我们的业务范围。外商投资法对负面清单是怎么规定的？":                                                                                                                                                                                   "外商投资法-2019-03-15:第二十八条",
		"Добрый день, коллеги. У нашего директора умер отец, после него осталась доля в ООО и квартира, завещания нет. Директор хочет понять, переходит ли доля в уставном капитале по наследству?":                                                                             "grazhdansky-kodeks-rf-ch:Статья 1176",
	} {
		r, err := x.Search(ctx, bot.Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Hits) == 0 || r.Hits[0].Ref != want || r.Focus == "" || r.Focus == q {
			t.Errorf("%.40s…: %v, focus %q; want %s first, from the question alone", q, hitRefs(r.Hits), r.Focus, want)
		}
	}
	for _, q := range []string{
		"My laptop won't connect to the office Wi-Fi again this morning and IT is not answering, any ideas?",
		"中俄在北斗卫星导航方面有什么合作？", // answered whole: no focus
	} {
		r, err := x.Search(ctx, bot.Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if r.Focus != "" {
			t.Errorf("%q: focus %q, want none", q, r.Focus)
		}
		if q[0] == 'M' && len(r.Hits) > 0 {
			t.Errorf("%q: answered %v, want no answer", q, hitRefs(r.Hits))
		}
	}
}
