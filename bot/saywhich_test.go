package bot_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"clausebot/bot"
	"clausebot/index"
)

// versionsBot is a bot over index/testdata/versions: one agreement in
// three language versions, so references name several documents.
func versionsBot(t *testing.T) *bot.Bot {
	t.Helper()
	x, err := index.Load(context.Background(), os.DirFS("../index/testdata/versions"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return bot.New(x, bot.Options{})
}

// TestSayWhich checks that a section or clause reference that names more
// than one (here: the same chapter in three language versions) is asked
// about in the user's language, with a button for each candidate that
// opens it.
func TestSayWhich(t *testing.T) {
	b := versionsBot(t)
	ctx := context.Background()
	for _, c := range []struct{ text, want string }{
		{"/section 第二章", "您指的是哪一个"},
		{"/section Chapter 2", "which did you mean"},
	} {
		// A chat of its own: after a pick, the picked document is the
		// chat's current one, and its section is shown directly.
		r, _ := b.Handle(ctx, bot.Message{Platform: bot.Terminal, ChatID: c.text, UserID: "u", Direct: true, Text: c.text})
		if !strings.Contains(replyText(r), c.want) || len(r.Buttons) != 3 {
			t.Errorf("%s: %q with %d buttons, want %q and 3 choices", c.text, replyText(r), len(r.Buttons), c.want)
			continue
		}
		p, _ := b.Press(ctx, bot.Action{Platform: bot.Terminal, ChatID: c.text, UserID: "u", Data: r.Buttons[0].Data})
		if p.Kind != bot.KindSection {
			t.Errorf("%s: pressing %s gave %v %q, want the section", c.text, r.Buttons[0].Label, p.Kind, replyText(p))
		}
	}
}

// TestVersionsRendered: an answer shows the same clause of the other
// language versions under its own reference, and flags a pairing made by
// numbering over structures that differ (the English text lacks Статья
// 6): a trial saw an English Article 4 on disputes shown as "the same
// clause" as a 第四条 on a working group, with no caution.
func TestVersionsRendered(t *testing.T) {
	b := versionsBot(t)
	r, _ := b.Handle(context.Background(), dm("alice", "知识产权怎么分配"))
	labels := map[string]string{} // version block's reference → its label
	for _, bl := range r.Blocks {
		labels[bl.Ref] = bl.Doc
	}
	for ref, want := range map[string]string{
		"agreement-ru:Статья 5":  "俄文文本的同一条款", // aligned: zh and ru
		"agreement-en:Article 5": "⚠ 英文文本中编号相同的条款（两个文本的结构不一致，请核对）",
	} {
		if labels[ref] != want {
			t.Errorf("version %s labelled %q; want %q (blocks %+v)", ref, labels[ref], want, r.Blocks)
		}
	}
}

// TestFollowUpInAskersVersion: a follow-up in another language than the
// answer before it reads on in the asker's version (a trial saw "第三条呢？"
// after an English answer show the English Article 3 first).
func TestFollowUpInAskersVersion(t *testing.T) {
	b := versionsBot(t)
	ctx := context.Background()
	if r, _ := b.Handle(ctx, dm("alice", "How often does the Commission meet?")); r.Kind != bot.KindAnswer || len(r.Blocks) < 2 || r.Blocks[1].Ref != "agreement-en:Article 4" {
		t.Fatalf("first question: %v %+v", r.Kind, r.Blocks)
	}
	for q, want := range map[string]string{"第三条呢？": "agreement-zh:第三条", "а статья 2?": "agreement-ru:Статья 2", "and Article 5?": "agreement-en:Article 5"} {
		r, _ := b.Handle(ctx, dm("alice", q))
		first := ""
		for _, bl := range r.Blocks {
			if bl.Kind == bot.ClauseBlock {
				first = bl.Ref
				break
			}
		}
		if first != want {
			t.Errorf("%s: first clause %q; want %s", q, first, want)
		}
	}
}

// TestClauseOtherStyleInCurrentDoc: /clause Article 22 while reading a
// Chinese law, with no document having an Article 22, is its 第二十二条 (a
// trial got "no document has it").
func TestClauseOtherStyleInCurrentDoc(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"网络安全法(2016-11-07).md", "电子商务法(2018-08-31).md"} {
		data, err := os.ReadFile("../testdata/documents/zh/" + f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dir+"/"+f, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	x, err := index.Load(context.Background(), os.DirFS(dir), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	b := bot.New(x, bot.Options{})
	ctx := context.Background()
	b.Handle(ctx, dm("alice", "网络安全法第二十一条说了什么"))
	r, _ := b.Handle(ctx, dm("alice", "/clause Article 22"))
	if r.Kind != bot.KindClause || !strings.Contains(replyText(r), "第二十二条 网络产品、服务应当符合相关国家标准") {
		t.Errorf("/clause Article 22 while reading 网络安全法: kind %v\n%s", r.Kind, replyText(r))
	}
}
