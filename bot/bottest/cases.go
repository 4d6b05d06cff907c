package bottest

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"clausebot/bot"
)

// tc is one behaviour case.
type tc struct {
	name string
	run  func(t *testing.T, e *env)
}

var cases = []tc{
	{"Answer", testAnswer},
	{"LongMessageFocus", testLongMessageFocus},
	{"AnswerShortensOthers", testAnswerShortens},
	{"Abstain", testAbstain},
	{"AbstainOtherLanguage", testAbstainOtherLanguage},
	{"PagingButton", testPagingButton},
	{"PagingMore", testPagingMore},
	{"Section", testSection},
	{"SectionTruncated", testSectionTruncated},
	{"SectionGap", testSectionGap},
	{"Clause", testClause},
	{"ClauseMissing", testClauseMissing},
	{"Sources", testSources},
	{"Help", testHelp},
	{"Language", testLanguage},
	{"LanguageMemory", testLanguageMemory},
	{"LanguageFromReference", testLanguageFromReference},
	{"Escaping", testEscaping},
	{"QuestionTooLong", testTooLong},
	{"RateLimit", testRateLimit},
	{"ExpiredButton", testExpired},
	{"GroupChatter", testGroupChatter},
	{"GroupMention", testGroupMention},
	{"GroupCommand", testGroupCommand},
	{"IMECommands", testIMECommands},
	{"FullWidthRefs", testFullWidthRefs},
	{"LongTitle", testLongTitle},
	{"HugeClause", testHugeClause},
	{"Attachment", testAttachment},
}

// seedClause finds the seed clause that contains part.
func (e *env) seedClause(t *testing.T, part string) bot.Clause {
	t.Helper()
	for _, s := range e.seed.Documents()[0].Sections {
		cl, err := e.seed.Section(context.Background(), s.Label)
		if err != nil {
			t.Fatalf("Section(%q): %v", s.Label, err)
		}
		for _, c := range cl {
			if strings.Contains(c.Text, part) {
				return c
			}
		}
	}
	t.Fatalf("no seed clause contains %q", part)
	return bot.Clause{}
}

// section returns a seed section's clauses.
func (e *env) section(t *testing.T, label string) []bot.Clause {
	t.Helper()
	cl, err := e.seed.Section(context.Background(), label)
	if err != nil {
		t.Fatalf("Section(%q): %v", label, err)
	}
	return cl
}

func testAnswer(t *testing.T, e *env) {
	h := e.newHarness(t, e.seed, bot.Options{})
	want := e.seedClause(t, "北斗")
	seen := h.send("alice", "中俄在北斗卫星导航方面有什么合作？")
	mustContain(t, seen, want.Text, want.Ref, e.title)
	// The best clause comes first and whole.
	all := squash(joinText(seen))
	if i, j := strings.Index(all, squash(want.Text)), firstRef(all); i < 0 || j != want.Ref {
		t.Errorf("the first clause shown is %s, want %s in full", j, want.Ref)
	}
	found := false
	for _, s := range seen {
		for _, b := range s.Bold {
			found = found || strings.Contains(b, "北斗")
		}
	}
	if !found {
		t.Errorf("the matched term 北斗 is not bold; bold runs: %q", seen[0].Bold)
	}
	if !hasButton(seen, "查看整节") {
		t.Errorf("no 查看整节 (whole section) button; buttons: %q", allButtons(seen))
	}
}

// testLongMessageFocus: a long message whose whole finds nothing is
// answered from its question, and the reply's header quotes that
// question, not the message's lead-in.
func testLongMessageFocus(t *testing.T, e *env) {
	h := e.newHarness(t, e.seed, bot.Options{})
	want := e.seedClause(t, "北斗")
	const lead, question = "我们部门下周要做一个关于国际交流的分享，领导让我先查一下资料，我对这个领域不太熟悉，也不知道从哪里开始找比较好，同事们说可以问问你。", "中俄在北斗卫星导航方面有什么合作？"
	seen := h.send("alice", lead+question)
	mustContain(t, seen, want.Text, want.Ref, question)
	if all := joinText(seen); strings.Contains(all, "领导让我先查一下资料") {
		t.Errorf("the reply quotes the message's lead-in, want its question only:\n%s", all)
	}
}

// firstRef returns the first clause reference in s.
func firstRef(s string) string { return refRE().FindString(s) }

func testAnswerShortens(t *testing.T, e *env) {
	h := e.newHarness(t, e.seed, bot.Options{Results: 3})
	seen := h.send("alice", "合作") // many results, long and short
	long := 0
	for page := 1; ; page++ {
		text := squash(joinText(seen))
		refs := uniqueRefs(joinText(seen))
		longBefore := long
		if len(refs) > 3 {
			t.Errorf("Results: 3 shows %d clauses on page %d: %q", len(refs), page, refs)
		}
		for i, ref := range refs {
			c, err := e.seed.Clause(context.Background(), ref)
			if err != nil {
				t.Fatalf("Clause(%q): %v", ref, err)
			}
			whole := strings.Contains(text, squash(c.Text))
			n := utf8.RuneCountInString(c.Text)
			switch {
			case i == 0 && !whole:
				t.Errorf("page %d: the first result %s is not shown whole", page, ref)
			case i > 0 && n > 100 && whole:
				t.Errorf("page %d: result %s (%d characters) is shown whole, want an excerpt", page, ref, n)
			case i > 0 && n > 100:
				long++
			case i > 0 && n <= 50 && !whole:
				t.Errorf("page %d: result %s is only %d characters but was shortened", page, ref, n)
			}
		}
		if long > longBefore && !strings.Contains(joinText(seen), "…") {
			t.Errorf("page %d: an excerpt is not marked with …", page)
		}
		if !hasButton(seen, "更多结果") || page > 30 {
			break
		}
		seen = h.press("alice", withButton(t, seen, "更多结果"), "更多结果")
	}
	if long == 0 {
		t.Errorf("no long clause came after a best one; the case needs a broader question")
	}
}

// uniqueRefs lists the clause references in s, in order, once each. Button
// labels are not part of Text, so these are the clauses shown.
func uniqueRefs(s string) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range refRE().FindAllString(s, -1) {
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

func testAbstain(t *testing.T, e *env) {
	counts := &Counts{}
	h := e.newHarness(t, e.seed, bot.Options{Metrics: counts})
	for _, q := range []string{"What will the weather be like in Paris tomorrow?", "明天巴黎的天气怎么样？"} {
		seen := h.send("alice", q)
		mustContain(t, seen, "/sources", "/section")
		if refs := refRE().FindAllString(joinText(seen), -1); len(refs) > 0 {
			t.Errorf("%q: an off-topic question shows clauses %q", q, refs)
		}
		if b := allButtons(seen); len(b) > 0 {
			t.Errorf("%q: no match has buttons %q", q, b)
		}
	}
	if got := counts.NAbstained.Load(); got != 2 {
		t.Errorf("Metrics.Answered(abstained) called %d times, want 2", got)
	}
}

// zhFS is a small Chinese document, for cases that need Document.Lang.
var zhFS = fstest.MapFS{
	"zh.txt": {Data: []byte("中俄农业与旅游合作声明\n\n2024-05-16\n\n" +
		"一、农业\n\n双方同意扩大大豆和小麦贸易，推动农产品检验检疫合作。\n\n——支持在远东地区建设现代化农业园区。\n\n" +
		"二、旅游\n\n——推动两国旅游交流，简化团体旅游签证手续。\n\n——举办中俄文化旅游年系列活动。\n")},
}

func testAbstainOtherLanguage(t *testing.T, e *env) {
	x := mustIndex(t, zhFS)
	docs := x.Documents()
	if len(docs) != 1 || docs[0].Lang != "zh" {
		t.Skipf("the index does not fill Document.Lang yet (got %+v); the core's hint is tested in package bot", docs)
	}
	var text []string
	for _, s := range docs[0].Sections {
		cl, err := x.Section(context.Background(), s.Label)
		if err != nil {
			t.Fatalf("Section(%q): %v", s.Label, err)
		}
		for _, c := range cl {
			text = append(text, c.Text)
		}
	}
	h := e.newHarness(t, x, bot.Options{})
	seen := h.send("alice", "Which treaties cover fishing quotas in the Arctic?")
	mustContain(t, seen, "found no clause", "The loaded documents are in Chinese; English questions are looked up", "Asking in Chinese finds more")
	if refs := uniqueRefs(joinText(seen)); len(refs) > 0 {
		t.Errorf("an English question shows unrelated clauses %q", refs)
	}
	// The example is taken from the document.
	if _, ex, ok := strings.Cut(joinText(seen), "e.g. "); ok {
		ex, _, _ = strings.Cut(ex, "\n")
		if ex = exampleTopic(t, strings.TrimSpace(ex)); !strings.Contains(strings.Join(text, "\n"), ex) {
			t.Errorf("the example %q is not from the document", ex)
		}
	}
	// A Chinese question that finds nothing gets no such hint.
	seen = h.send("alice", "北极渔业配额由哪些条约规定？")
	mustContain(t, seen, "没有找到")
	mustNotContain(t, seen, "请用中文提问", "in Chinese")
}

func testPagingButton(t *testing.T, e *env) {
	h := e.newHarness(t, e.seed, bot.Options{Results: 3})
	seen := h.send("alice", "经贸合作")
	shown := map[string]bool{}
	pages := 0
	for {
		pages++
		refs := uniqueRefs(joinText(seen))
		if len(refs) == 0 {
			t.Fatalf("page %d shows no clauses\nsaw: %s", pages, joinText(seen))
		}
		for _, r := range refs {
			if shown[r] {
				t.Errorf("page %d repeats %s", pages, r)
			}
			shown[r] = true
		}
		if !hasButton(seen, "更多结果") || pages > 40 {
			break
		}
		seen = h.press("alice", withButton(t, seen, "更多结果"), "更多结果")
	}
	if pages < 2 {
		t.Fatalf("a broad question gave one page only; want several to test paging")
	}
	mustContain(t, seen, "以上是全部结果")
}

func testPagingMore(t *testing.T, e *env) {
	h := e.newHarness(t, e.seed, bot.Options{Results: 2})
	seen := h.send("bob", "贸易")
	shown := map[string]bool{}
	for i := 0; ; i++ {
		for _, r := range uniqueRefs(joinText(seen)) {
			if shown[r] {
				t.Errorf("page %d repeats %s", i+1, r)
			}
			shown[r] = true
		}
		if !hasButton(seen, "更多结果") {
			break
		}
		if i > 40 {
			t.Fatal("paging does not end")
		}
		cmd := "/more"
		if i%2 == 1 {
			cmd = "更多"
		}
		seen = h.send("bob", cmd)
	}
	if len(shown) < 3 {
		t.Fatalf("want several pages to test /more, got %d clauses", len(shown))
	}
	seen = h.send("bob", "/more")
	mustContain(t, seen, "没有更多结果")
	if refs := uniqueRefs(joinText(seen)); len(refs) > 0 {
		t.Errorf("/more past the end shows clauses %q", refs)
	}
}

func testSection(t *testing.T, e *env) {
	h := e.newHarness(t, e.seed, bot.Options{})
	want := e.section(t, "二")
	seen := h.send("alice", "/section 二")
	var got []string
	firstPage := 0
	for page := 1; ; page++ {
		refs := uniqueRefs(joinText(seen))
		if page == 1 {
			firstPage = len(refs)
		}
		got = append(got, refs...)
		if page == 2 && !hasButton(seen, "◀ 上一页") {
			t.Errorf("page 2 has no ◀ 上一页 button; buttons %q", allButtons(seen))
		}
		if !hasButton(seen, "下一页 ▶") || page > 40 {
			break
		}
		seen = h.press("alice", withButton(t, seen, "下一页 ▶"), "下一页 ▶")
	}
	var wantRefs []string
	for _, c := range want {
		wantRefs = append(wantRefs, c.Ref)
	}
	if strings.Join(got, " ") != strings.Join(wantRefs, " ") {
		t.Errorf("paging through /section 二 shows\n%q\nwant every clause once, in order:\n%q", got, wantRefs)
	}
	if len(want) > 10 && firstPage >= len(want) {
		t.Errorf("/section shows all %d clauses on one page; want pages", len(want))
	}
}

func testSectionTruncated(t *testing.T, e *env) {
	h := e.newHarness(t, e.seed, bot.Options{})
	seen := h.send("alice", "/section 五")
	mustContain(t, seen, "五", "截断")
	// A chat of its own: /section 五 made alice's chat Chinese.
	seen = h.send("bob", "/section 5")
	mustContain(t, seen, "五", "truncated")
	seen = h.send("alice", "第五部分讲了什么？")
	mustContain(t, seen, "五", "截断")
	if refs := uniqueRefs(joinText(seen)); len(refs) > 0 {
		t.Errorf("a question about the missing section 五 shows clauses %q", refs)
	}
}

func testSectionGap(t *testing.T, e *env) {
	h := e.newHarness(t, e.seed, bot.Options{})
	seen := h.send("alice", "/section 三")
	mustContain(t, seen, "没有第三部分")
	mustNotContain(t, seen, "截断")
	seen = h.send("bob", "/section 3") // a chat of its own, not yet Chinese
	mustContain(t, seen, "no section 三")
}

func testClause(t *testing.T, e *env) {
	h := e.newHarness(t, e.seed, bot.Options{})
	sec := e.section(t, "二")
	if len(sec) < 13 {
		t.Fatalf("section 二 has %d clauses; the case needs 13", len(sec))
	}
	seen := h.send("alice", "/clause 二.12")
	mustContain(t, seen, sec[11].Text, sec[11].Ref, e.title)
	for _, b := range []string{"◀ " + sec[10].Ref, sec[12].Ref + " ▶"} {
		if !hasButton(seen, b) {
			t.Errorf("no neighbour button %q; buttons %q", b, allButtons(seen))
		}
	}
	seen = h.press("alice", withButton(t, seen, sec[12].Ref+" ▶"), sec[12].Ref+" ▶")
	mustContain(t, seen, sec[12].Text, sec[12].Ref)
	// The typed forms all work.
	for _, ref := range []string{"/clause 2.12", "/clause 二·12", "二.12"} {
		mustContain(t, h.send("alice", ref), sec[11].Text)
	}
}

func testClauseMissing(t *testing.T, e *env) {
	h := e.newHarness(t, e.seed, bot.Options{})
	n := len(e.section(t, "二"))
	seen := h.send("alice", "/clause 二.999")
	mustContain(t, seen, strconv.Itoa(n))
	if refs := uniqueRefs(joinText(seen)); len(refs) > 0 {
		t.Errorf("a missing clause shows clauses %q", refs)
	}
	seen = h.send("alice", "/clause 五.1")
	mustContain(t, seen, "截断")
}

func testSources(t *testing.T, e *env) {
	h := e.newHarness(t, e.seed, bot.Options{})
	d := e.seed.Documents()[0]
	seen := h.send("alice", "/sources")
	mustContain(t, seen, d.Title, strconv.Itoa(d.Clauses), "truncated")
	if d.Date != "" {
		mustContain(t, seen, d.Date)
	}
	for _, s := range d.Sections {
		if s.Label != bot.PreambleLabel {
			mustContain(t, seen, s.Label)
		}
	}
}

func testHelp(t *testing.T, e *env) {
	counts := &Counts{}
	h := e.newHarness(t, e.seed, bot.Options{Metrics: counts})
	tests := []struct {
		text string
		zh   bool
	}{
		{"/help", false}, {"/start", false}, {"help", false}, {"hi", false}, {"Hello!", false},
		{"帮助", true}, {"你好", true}, {"您好！", true},
	}
	for _, tt := range tests {
		seen := h.send("alice", tt.text)
		mustContain(t, seen, "/ask", "/section", "/clause", "/sources", "/more")
		if tt.zh {
			mustContain(t, seen, "命令")
		} else {
			mustContain(t, seen, "Commands")
		}
		ex := examples(seen)
		if len(ex) < 2 || len(ex) > 3 {
			t.Errorf("%q: help shows %d example questions %q, want 2–3", tt.text, len(ex), ex)
		}
		for _, q := range ex {
			e.seedClause(t, exampleTopic(t, q)) // taken from the loaded document, not made up
		}
	}
	if got := counts.NQuestions.Load(); got != 0 {
		t.Errorf("help and greetings searched %d times, want 0", got)
	}
	// An example button asks its question.
	seen := h.send("alice", "/help")
	ex := examples(seen)
	if len(ex) > 0 && hasButton(seen, ex[0]) {
		got := h.press("alice", withButton(t, seen, ex[0]), ex[0])
		mustContain(t, got, e.seedClause(t, exampleTopic(t, ex[0])).Text)
	}
}

// examples returns the "• " lines of a help text.
func examples(seen []Seen) []string {
	var out []string
	for _, line := range strings.Split(joinText(seen), "\n") {
		if q, ok := strings.CutPrefix(strings.TrimSpace(line), "• "); ok {
			out = append(out, strings.TrimSpace(q))
		}
	}
	return out
}

func testLanguage(t *testing.T, e *env) {
	h := e.newHarness(t, e.seed, bot.Options{})
	want := e.seedClause(t, "北斗")
	// Chinese question: the bot's own words are Chinese; the clause is
	// exactly as in the document.
	seen := h.send("alice", "北斗卫星导航")
	mustContain(t, seen, want.Text, "匹配结果")
	// English words around: English.
	seen = h.send("alice", "Is there anything about the price of tea in Kenya?")
	mustContain(t, seen, "found no clause")
	mustNotContain(t, seen, "没有找到")
	seen = h.send("alice", "肯尼亚的茶叶价格是多少？")
	mustContain(t, seen, "没有找到")
	// The operator's default decides when the text cannot.
	h = e.newHarness(t, e.seed, bot.Options{DefaultLang: bot.Chinese})
	mustContain(t, h.send("alice", "/sources"), "已载入的文件")
	h = e.newHarness(t, e.seed, bot.Options{})
	mustContain(t, h.send("alice", "/sources"), "Loaded documents")
}

func testEscaping(t *testing.T, e *env) {
	h := e.newHarness(t, e.markup, bot.Options{})
	q := "<b>&<!channel> must operators escape tags"
	seen := h.send("alice", q)
	mustContain(t, seen, markupClause, "<b>&<!channel>")
	for _, s := range seen {
		for _, b := range s.Bold {
			if b == "bold" || b == "italic" || b == "stars" || b == "underscores" {
				t.Errorf("markup in the clause took effect: %q is bold", b)
			}
		}
	}
	for _, s := range seen {
		if strings.Contains(s.Text, "&amp;") || strings.Contains(s.Text, "&lt;") {
			t.Errorf("entities leaked into the visible text: %q", s.Text)
		}
	}
}

func testTooLong(t *testing.T, e *env) {
	counts := &Counts{}
	h := e.newHarness(t, e.seed, bot.Options{Metrics: counts, MaxQuestionRunes: 500})
	seen := h.send("alice", strings.Repeat("合作", 250)+"吗")
	mustContain(t, seen, "500", "501")
	if got := counts.NQuestions.Load(); got != 0 {
		t.Errorf("a too-long question was searched (%d searches)", got)
	}
	if refs := uniqueRefs(joinText(seen)); len(refs) > 0 {
		t.Errorf("a too-long question shows clauses %q", refs)
	}
	h.send("alice", strings.Repeat("合作", 250)) // exactly the limit: asked
	if got := counts.NQuestions.Load(); got != 1 {
		t.Errorf("a question of exactly the limit was not searched (%d searches)", got)
	}
}

func testRateLimit(t *testing.T, e *env) {
	clock := NewClock()
	counts := &Counts{}
	h := e.newHarness(t, e.seed, bot.Options{Now: clock.Now, Metrics: counts, RatePerMinute: 6, RateBurst: 2})
	h.compare = false // the mirror has no limit
	q := "北斗卫星导航"
	for i := 1; i <= 2; i++ {
		mustContain(t, h.drv.Send(t, "alice", q), "北斗")
	}
	notice := h.drv.Send(t, "alice", q)
	if len(notice) != 1 {
		t.Fatalf("the first refused message got %d messages, want exactly one notice", len(notice))
	}
	mustContain(t, notice, "频繁")
	for i := 0; i < 5; i++ {
		if seen := h.drv.Send(t, "alice", q); len(seen) != 0 {
			t.Fatalf("flood message %d got %q, want silence", i+1, texts(seen))
		}
	}
	// Another user is not affected.
	mustContain(t, h.drv.Send(t, "bob", q), "北斗")
	// One token refills in 10s at 6 a minute.
	clock.Advance(10*time.Second + time.Millisecond)
	mustContain(t, h.drv.Send(t, "alice", q), "北斗")
	// A new flood gets a new notice.
	mustContain(t, h.drv.Send(t, "alice", "What about trade?"), "faster")
	if got := counts.NRateLimited.Load(); got != 7 {
		t.Errorf("Metrics.RateLimited called %d times, want 7 (every refused message)", got)
	}
}

func testExpired(t *testing.T, e *env) {
	clock := NewClock()
	h := e.newHarness(t, e.seed, bot.Options{Now: clock.Now, PageTTL: 30 * time.Minute})
	seen := h.send("alice", "投资合作")
	on := withButton(t, seen, "更多结果")
	clock.Advance(31 * time.Minute)
	got := h.press("alice", on, "更多结果")
	mustContain(t, got, "过期")
	if refs := uniqueRefs(joinText(got)); len(refs) > 0 {
		t.Errorf("an expired button shows clauses %q", refs)
	}
}

func testGroupChatter(t *testing.T, e *env) {
	counts := &Counts{}
	h := e.newHarness(t, e.seed, bot.Options{Metrics: counts})
	h.group()
	// People talking among themselves, even about the documents' topics,
	// greeting each other, or using another bot's command: silence.
	for _, text := range []string{
		"中俄在北斗卫星导航方面有什么合作？", "hello", "你好", "more", "二.12", "/weather Paris", "/section@otherbot 二",
	} {
		if seen := h.sendGroup("alice", text, false); len(seen) != 0 {
			t.Errorf("group chatter %q got %q, want silence", text, texts(seen))
		}
	}
	if got := counts.NQuestions.Load(); got != 0 {
		t.Errorf("group chatter was searched %d times, want 0", got)
	}
}

func testGroupMention(t *testing.T, e *env) {
	h := e.newHarness(t, e.seed, bot.Options{})
	want := e.seedClause(t, "北斗")
	seen := h.sendGroup("alice", "中俄在北斗卫星导航方面有什么合作？", true)
	mustContain(t, seen, want.Text, want.Ref, e.title)
	// A bare mention is a call for help, with how to ask in a group.
	seen = h.sendGroup("bob", "", true)
	mustContain(t, seen, "/ask", "/section")
	// Paging works for the user who asked, in the group.
	seen = h.sendGroup("carol", "合作", true)
	if hasButton(seen, "更多结果") {
		more := h.press("carol", withButton(t, seen, "更多结果"), "更多结果")
		if refs := uniqueRefs(joinText(more)); len(refs) == 0 {
			t.Errorf("更多结果 in a group shows no clauses\nsaw: %s", joinText(more))
		}
	}
}

func testGroupCommand(t *testing.T, e *env) {
	h := e.newHarness(t, e.seed, bot.Options{})
	sec := e.section(t, "二")
	if len(sec) < 12 {
		t.Fatalf("section 二 has %d clauses; the case needs 12", len(sec))
	}
	// Commands need no mention: they are addressed by their name.
	mustContain(t, h.sendGroup("alice", "/clause 二.12", false), sec[11].Text, sec[11].Ref)
	mustContain(t, h.sendGroup("alice", "/ask 北斗卫星导航", false), e.seedClause(t, "北斗").Text)
	mustContain(t, h.sendGroup("alice", "/sources", false), e.title)
	// The group has been speaking Chinese: help says so in Chinese, with how
	// to ask in a group.
	seen := h.sendGroup("alice", "/help", false)
	mustContain(t, seen, "/ask", "@我")
}

// testLanguageFromReference: a new chat that opens with a Chinese
// reference goes on in Chinese through commands with no words of their
// own, buttons included.
func testLanguageFromReference(t *testing.T, e *env) {
	h := e.newHarness(t, e.seed, bot.Options{})
	mustContain(t, h.send("alice", "/section 五"), "截断")
	seen := h.send("alice", "/clause ２.１２")
	if b := allButtons(seen); !slices.Contains(b, "查看整节") || slices.Contains(b, "Show whole section") {
		t.Errorf("/section 五, then /clause ２.１２: buttons %q, want 查看整节", b)
	}
	seen = h.send("bob", "/section 二")
	seen = append(seen, h.send("bob", "/more")...)
	mustContain(t, seen, "显示其中11–20")
	mustNotContain(t, seen, "clauses 11–20")
	mustContain(t, h.send("carol", "北斗卫星导航"), "匹配结果")
	mustContain(t, h.send("dave", "/clause 二.12"), "二·12")
	mustContain(t, h.send("dave", "/more"), "此对话中还没有可以继续翻页的问题")
}

func testLanguageMemory(t *testing.T, e *env) {
	clock := NewClock()
	h := e.newHarness(t, e.seed, bot.Options{Now: clock.Now})
	// A Chinese question makes the conversation Chinese: commands with no
	// words of their own follow it.
	mustContain(t, h.send("alice", "北斗卫星导航"), "匹配结果")
	seen := h.send("alice", "/sources")
	mustContain(t, seen, "已载入的文件")
	mustNotContain(t, seen, "Loaded documents")
	mustContain(t, h.send("alice", "/section 2"), "第二部分", "共")
	mustContain(t, h.send("alice", "/clause 2.99"), "没有条款")
	mustContain(t, h.send("alice", "/ask"), "请在 /ask 后面写上问题")
	// So do presses, and a chat with no language yet takes the default.
	bob := h.send("bob", "/sources")
	mustContain(t, bob, "Loaded documents")
	mustContain(t, h.press("bob", withButton(t, bob, "Section 二"), "Section 二"), "Section 二")
	mustContain(t, h.send("bob", "/ask 卫星导航"), "匹配结果") // "/ask" is not an English word
	zh := h.send("bob", "/sources")
	mustContain(t, h.press("bob", withButton(t, zh, "第二部分"), "第二部分"), "第二部分")
	// ...and the other way round: English words switch the chat to English,
	// and a Chinese section label does not switch it back.
	mustContain(t, h.send("alice", "Is there anything about the price of tea in Kenya?"), "found no clause")
	mustContain(t, h.send("alice", "/sources"), "Loaded documents")
	mustContain(t, h.send("alice", "/section 二"), "Section 二")
	mustContain(t, h.send("alice", "二.12"), e.section(t, "二")[11].Text)
	// /more goes on with the section the chat last paged, in English.
	mustContain(t, h.send("alice", "/more"), "Section 二", "clauses 11–20 of 64")
	// Chats do not share their language.
	mustContain(t, h.send("carol", "/sources"), "Loaded documents")
	// The memory fades after a day of silence.
	mustContain(t, h.send("bob", "/sources"), "已载入的文件")
	clock.Advance(25 * time.Hour)
	mustContain(t, h.send("bob", "/sources"), "Loaded documents")
}
