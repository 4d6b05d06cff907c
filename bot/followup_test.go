package bot_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"clausebot/bot"
)

// clauseRefs are the references of a reply's clause blocks, in order.
func clauseRefs(r bot.Reply) []string {
	var out []string
	for _, blk := range r.Blocks {
		if blk.Kind == bot.ClauseBlock {
			out = append(out, blk.Ref)
		}
	}
	return out
}

// TestFollowUpInCurrentDocument checks follow-ups that name no document,
// in a chat reading one: a bare article citation is the article of the
// documents numbered in the citation's style, that document's among them
// ("а статья 23?" while reading the Hague Convention is the Water Code's
// Статья 23, "and Article 22?" while reading 网络安全法 the English
// treaties' Article 22), and that document's in its own numbering only
// when none of them has it ("and Article 70?" while reading 网络安全法 is
// its 第七十条), shown alone; "下一条呢", "next article", "следующая статья" and their
// opposites go to the neighbouring article as the ▶/◀ buttons do; "第三项
// 是什么" shows the article's item (三), "and paragraph 2?" and "а часть
// 3?" its paragraph, or say it has none; and an
// article the document lacks is said to be missing.
func TestFollowUpInCurrentDocument(t *testing.T) {
	ctx := context.Background()
	b := bot.New(mustIndex(t, os.DirFS("../testdata/documents")), bot.Options{RatePerMinute: -1})
	const (
		wa    = "网络安全法-2016-11-07:"
		hague = "hague-convention-interna:"
		vodny = "vodny-kodeks-rf-2006-pra:"
	)
	for _, steps := range [][]struct {
		q    string
		want []string // the reply's clause blocks; nil: none
		say  string   // in the reply's text, when want is nil
	}{
		{{"网络安全法第二十一条", nil, ""}, {"and Article 70?", []string{wa + "第七十条"}, ""}, {"/more", nil, "and Article 70?"}},
		{{"网络安全法第二十一条", nil, ""}, {"and Article 22?", []string{hague + "Article 22", "itpgrfa-plant-genetic-re:Article 22"}, ""}},
		// the asker goes on in English about the Chinese law read through
		// translation: "Article 22" is the only way they cite its 第二十二条
		{{"What does the Cybersecurity Law say about network operators keeping logs?", nil, ""}, {"and Article 22?", []string{wa + "第二十二条"}, ""}},
		{{"What does Article 5 of the Hague Convention say?", nil, ""}, {"а статья 23?", []string{vodny + "Статья 23"}, ""}},
		{{"What does Article 5 of the Hague Convention say?", nil, ""}, {"那第五十九条呢", []string{"中华人民共和国对外贸易法-20251227:第五十九条", "反垄断法-2022-06-24-gb18030:第五十九条", "电子商务法-2018-08-31:第五十九条"}, ""}},
		{{"What does Article 5 of the Hague Convention say?", nil, ""}, {"and Article 23?", []string{hague + "Article 23"}, ""}},
		{{"网络安全法第二十一条", nil, ""}, {"下一条呢", []string{wa + "第二十二条"}, ""}, {"下一条呢", []string{wa + "第二十三条"}, ""}, {"上一条呢", []string{wa + "第二十二条"}, ""}},
		{{"/clause 网络安全法:第二十条", nil, ""}, {"下一条呢", []string{wa + "第二十一条"}, ""}},
		{{"What does Article 5 of the Hague Convention say?", nil, ""}, {"next article", []string{hague + "Article 6"}, ""}, {"previous article", []string{hague + "Article 5"}, ""}},
		{{"Статья 65 Водного кодекса", nil, ""}, {"следующая статья", []string{vodny + "Статья 66"}, ""}, {"а статья 600?", nil, "Статья 600"}},
		{{"网络安全法第二十一条", nil, ""}, {"第三项是什么", []string{wa + "第二十一条第一款第（三）项"}, ""}, {"下一条呢", []string{wa + "第二十二条"}, ""}, {"第三项是什么", nil, "第二十二条没有第（三）项"}},
		{{"Статья 65 Водного кодекса", nil, ""}, {"а часть 3?", []string{vodny + "Статья 65 ч. 3"}, ""}, {"а часть 30?", nil, "нет части 30"}},
		{{"What does Article 22 of the Hague Convention say?", nil, ""}, {"and paragraph 2?", []string{hague + "Article 22(2)"}, ""}, {"paragraph 5", nil, "Article 22 has no paragraph 5"}, {"next article", []string{hague + "Article 23"}, ""}},
	} {
		user := steps[0].q + steps[1].q
		for i, s := range steps {
			r, _ := b.Handle(ctx, dm(user, s.q))
			if i == 0 {
				continue
			}
			got := clauseRefs(r)
			switch {
			case s.want == nil && len(got) > 0:
				t.Errorf("%s, then %s: clauses %q, want none", steps[0].q, s.q, got)
			case s.want == nil && !strings.Contains(replyText(r), s.say):
				t.Errorf("%s, then %s: reply lacks %q\n%s", steps[0].q, s.q, s.say, replyText(r))
			case s.want != nil && strings.Join(got, " ") != strings.Join(s.want, " "):
				t.Errorf("%s, then %s: clauses %q, want %q\n%s", steps[0].q, s.q, got, s.want, replyText(r))
			}
		}
	}
	// A follow-up that says more than a citation is searched as before:
	// the named document's article.
	b.Handle(ctx, dm("erin", "网络安全法第二十一条"))
	r, _ := b.Handle(ctx, dm("erin", "and Article 22 of the Hague Convention?"))
	if got := clauseRefs(r); len(got) == 0 || got[0] != hague+"Article 22" {
		t.Errorf("网络安全法第二十一条, then Article 22 of the Hague Convention: %q", got)
	}
}

// TestFollowUpSteps checks "下一条" in a document without articles (the
// seed's numbered paragraphs): the next clause of the section, as the ▶
// button, and past a section's end the first clause of the next one.
func TestFollowUpSteps(t *testing.T) {
	ctx := context.Background()
	b := bot.New(mustSeed(t), bot.Options{RatePerMinute: -1})
	b.Handle(ctx, dm("alice", "/clause 二.12"))
	if r, _ := b.Handle(ctx, dm("alice", "下一条呢")); strings.Join(clauseRefs(r), " ") != "二·13" {
		t.Errorf("/clause 二.12, then 下一条呢: %q, want 二·13", clauseRefs(r))
	}
	list, err := mustSeed(t).Section(ctx, "二")
	if err != nil {
		t.Fatal(err)
	}
	b.Handle(ctx, dm("bob", "/clause "+list[len(list)-1].Ref))
	r, _ := b.Handle(ctx, dm("bob", "next article"))
	if got := clauseRefs(r); len(got) != 1 || !strings.HasPrefix(got[0], "四·1") || got[0] != "四·1" {
		t.Errorf("/clause %s, then next article: %q, want 四·1 (there is no 三)\n%s", list[len(list)-1].Ref, got, replyText(r))
	}
}

// TestFollowUpAcrossReplicas checks that the clause a chat is reading is
// kept in the shared Store: "下一条呢" on one replica continues an answer
// given by another, and browsing a section leaves no clause to step from.
func TestFollowUpAcrossReplicas(t *testing.T) {
	ctx := context.Background()
	st := &memStore{m: map[string]string{}}
	x := mustIndex(t, os.DirFS("../testdata/documents"))
	one := bot.New(x, bot.Options{RatePerMinute: -1, Store: st})
	two := bot.New(x, bot.Options{RatePerMinute: -1, Store: st})
	one.Handle(ctx, dm("alice", "网络安全法第二十一条"))
	if r, _ := two.Handle(ctx, dm("alice", "下一条呢")); strings.Join(clauseRefs(r), " ") != "网络安全法-2016-11-07:第二十二条" {
		t.Errorf("网络安全法第二十一条 on one replica, 下一条呢 on another: %q, want 网络安全法's 第二十二条", clauseRefs(r))
	}
	one.Handle(ctx, dm("alice", "/section 电子商务法:第二章"))
	if r, _ := two.Handle(ctx, dm("alice", "下一条呢")); strings.Contains(strings.Join(clauseRefs(r), " "), "网络安全法-2016-11-07:第二十三条") {
		t.Errorf("after /section 电子商务法:第二章, 下一条呢 still steps in 网络安全法: %q", clauseRefs(r))
	}
}

// TestFollowUpCitedInStyle: over a folder of a Chinese 办法, a Chinese
// notice, an English regulation and a Russian law (a trial's), a
// follow-up citation in one document's numbering style is that
// document's, whatever the chat was reading: a trial reading the English
// regulation got its Article 5 and 7 for "Что говорится в статье 5?" and
// "а статья 7?", after Chinese questions the 办法's 第五条, and "/section
// Глава 2" after the 办法's 第九条 its 第二章, the Russian law's behind a
// button.
func TestFollowUpCitedInStyle(t *testing.T) {
	ctx := context.Background()
	b := bot.New(mustIndex(t, os.DirFS("../index/testdata/styles")), bot.Options{RatePerMinute: -1})
	const (
		zakon  = "zakon-o-bibliotekah:"
		banfa  = "数据安全管理办法:"
		remote = "remote-work-regulation:"
	)
	for _, steps := range [][]struct {
		q    string
		want []string // the reply's first clause blocks; nil: not checked
	}{
		{{"How much does the employer pay for internet costs?", []string{remote + "Article 6(2)"}}, {"Что говорится в статье 5?", []string{zakon + "Статья 5"}}, {"а статья 7?", []string{zakon + "Статья 7"}}},
		{{"数据出境需要做什么？", []string{banfa + "第十一条"}}, {"Что говорится в статье 5?", []string{zakon + "Статья 5"}}},
		{{"/clause 第九条第二款", []string{banfa + "第九条第二款"}}, {"/section Глава 2", []string{zakon + "Статья 3", zakon + "Статья 4"}}},
		{{"What does Article 4 say?", []string{remote + "Article 4"}}, {"What does 第十条 say?", []string{banfa + "第十条"}}, {"and Article 9?", []string{remote + "Article 9"}}},
		{{"Что говорится в статье 5?", []string{zakon + "Статья 5"}}, {"а статья 7?", []string{zakon + "Статья 7"}}, {"and Article 7?", []string{remote + "Article 7"}}},
	} {
		user := steps[0].q + steps[1].q
		for _, s := range steps {
			r, _ := b.Handle(ctx, dm(user, s.q))
			got := clauseRefs(r)
			if len(got) > len(s.want) {
				got = got[:len(s.want)]
			}
			if strings.Join(got, " ") != strings.Join(s.want, " ") {
				t.Errorf("%s … %s: clauses %q, want %q\n%s", steps[0].q, s.q, clauseRefs(r), s.want, replyText(r))
			}
			for _, bt := range r.Buttons {
				if strings.Contains(bt.Label, "Глава") {
					t.Errorf("%s … %s: button %q; want the one document with it, no other", steps[0].q, s.q, bt.Label)
				}
			}
		}
	}
}

// TestClauseCitedInStyle: "/clause Article 22" while reading a Chinese law
// asks which of the English documents that have an Article 22 (the
// citation's style decides which documents can hold it), and "/clause
// Article 70", which none of them has, is the law's own 第七十条.
func TestClauseCitedInStyle(t *testing.T) {
	ctx := context.Background()
	b := bot.New(mustIndex(t, os.DirFS("../testdata/documents")), bot.Options{RatePerMinute: -1})
	b.Handle(ctx, dm("u", "网络安全法第二十一条"))
	r, _ := b.Handle(ctx, dm("u", "/clause Article 22"))
	if got := clauseRefs(r); len(got) > 0 {
		t.Errorf("/clause Article 22 while reading 网络安全法: %q; want a choice of the English documents' Article 22", got)
	}
	for _, bt := range r.Buttons {
		if !strings.Contains(bt.Label, "Article 22") {
			t.Errorf("/clause Article 22 while reading 网络安全法: button %q; want the English documents' Article 22 only", bt.Label)
		}
	}
	b.Handle(ctx, dm("v", "网络安全法第二十一条"))
	r, _ = b.Handle(ctx, dm("v", "/clause Article 70"))
	if got := clauseRefs(r); len(got) == 0 || got[0] != "网络安全法-2016-11-07:第七十条" {
		t.Errorf("/clause Article 70 while reading 网络安全法: %q; want its 第七十条\n%s", got, replyText(r))
	}
}

// TestRussianNoteNamesEveryOtherLanguage: a Russian question that finds
// nothing, over Chinese, English and Russian documents, is told that it
// was matched against Russian text only, and which documents have none,
// the English one too (a trial's note counted only the two Chinese ones).
func TestRussianNoteNamesEveryOtherLanguage(t *testing.T) {
	docs := []bot.Document{
		{ID: "remote", Title: "Remote Working Regulation 2024", Lang: "en"},
		{ID: "zakon", Title: "О библиотеках", Lang: "ru"},
		{ID: "banfa", Title: "某市公共数据安全管理办法", Lang: "zh"},
	}
	note := bot.RussianNote(docs, "Какая погода будет завтра?", bot.Russian)
	for _, want := range []string{"только с русским текстом", "в 2 из загруженных документов", "«Remote Working Regulation 2024» (английский)", "«某市公共数据安全管理办法» (китайский)"} {
		if !strings.Contains(note, want) {
			t.Errorf("RussianNote lacks %q:\n%s", want, note)
		}
	}
	if strings.Contains(note, "О библиотеках") {
		t.Errorf("RussianNote names the Russian document:\n%s", note)
	}
	// More documents than maxNotRuNamed: counted by language, not named.
	many := append(slices.Clone(docs),
		bot.Document{ID: "b", Title: "某省数据条例", Lang: "zh"},
		bot.Document{ID: "c", Title: "Library Act", Lang: "en"},
		bot.Document{ID: "d", Title: "某市档案办法", Lang: "zh"})
	for lang, want := range map[bot.Lang]string{
		bot.Russian: "в 5 из 6 загруженных документов его нет (2 на английском, 3 на китайском)",
		bot.English: "5 of the 6 loaded documents have none (2 in English, 3 in Chinese)",
		bot.Chinese: "已载入的6份文件中有5份没有俄文文本（英文2份、中文3份）",
	} {
		note := bot.RussianNote(many, "Какая погода будет завтра?", lang)
		if !strings.Contains(note, want) || strings.Contains(note, "Library Act") {
			t.Errorf("RussianNote over 6 documents, in %v: %s\nwant it to count them: %s", lang, note, want)
		}
	}
	// English documents alone: no "Russian–Chinese dictionary".
	note = bot.RussianNote(docs[:1], "Какая погода будет завтра?", bot.English)
	if !strings.Contains(note, "no Russian–English dictionary") || strings.Contains(note, "Chinese") {
		t.Errorf("RussianNote over an English document: %s", note)
	}
}

// TestChineseNote: a Chinese question that finds nothing, over Chinese
// documents beside English and Russian ones, is told that those were not
// searched, counted by language; none over Chinese documents alone, or
// for a document with a Chinese version.
func TestChineseNote(t *testing.T) {
	docs := []bot.Document{
		{ID: "banfa", Title: "某市公共数据安全管理办法", Lang: "zh"},
		{ID: "handbook", Title: "Team Handbook", Lang: "en"},
		{ID: "zakon", Title: "О библиотеках", Lang: "ru"},
		{ID: "notice-en", Title: "Notice", Lang: "en", VersionOf: "notice"},
		{ID: "notice", Title: "通知", Lang: "zh", VersionOf: "notice"},
	}
	for lang, want := range map[bot.Lang]string{
		bot.Chinese: "已载入的5份文件中有2份没有中文文本（英文1份、俄文1份）",
		bot.English: "2 of the 5 loaded documents have none (1 in English, 1 in Russian)",
		bot.Russian: "в 2 из 5 загруженных документов его нет (1 на английском, 1 на русском)",
	} {
		if note := bot.ChineseNote(docs, "年假有多少天", lang); !strings.Contains(note, want) {
			t.Errorf("ChineseNote in %v: %q, want %q", lang, note, want)
		}
	}
	if note := bot.ChineseNote(docs[:1], "年假有多少天", bot.Chinese); note != "" {
		t.Errorf("ChineseNote over Chinese documents only: %q", note)
	}
	if note := bot.ChineseNote(docs, "How many days of leave?", bot.English); note != "" {
		t.Errorf("ChineseNote for an English question: %q", note)
	}
}

// TestScriptNoteOrder: the note on what a Russian question could not
// search opens the no-answer only when no document is Russian; with
// Russian documents loaded (searched, and the likeliest reason being that
// none has it) it follows it.
func TestScriptNoteOrder(t *testing.T) {
	docs := []bot.Document{
		{ID: "remote", Title: "Remote Working Regulation 2024", Lang: "en"},
		{ID: "zakon", Title: "О библиотеках", Lang: "ru"},
	}
	const q = "Какая погода будет завтра?"
	if note, first := bot.ScriptNote(docs, q, bot.Russian); note == "" || first {
		t.Errorf("with a Russian document: note %q, first %v; want a note after the no-answer", note, first)
	}
	if note, first := bot.ScriptNote(docs[:1], q, bot.Russian); note == "" || !first {
		t.Errorf("with no Russian document: note %q, first %v; want a note before the no-answer", note, first)
	}
	if note, first := bot.ScriptNote(docs, "What about the weather?", bot.English); note != "" || first {
		t.Errorf("an English question: note %q, first %v; want none", note, first)
	}
}
