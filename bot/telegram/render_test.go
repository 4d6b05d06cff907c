package telegram

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/google/go-cmp/cmp"

	"clausebot/bot"
	"clausebot/bot/telegram/tgfake"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, diff)
	}
}

// span finds the byte span of sub's nth occurrence in s.
func span(s, sub string) bot.Span {
	i := strings.Index(s, sub)
	if i < 0 {
		panic("no " + sub)
	}
	return bot.Span{Start: i, End: i + len(sub)}
}

const doc = "中俄总理第二十六次定期会晤联合公报"

func TestRenderGolden(t *testing.T) {
	markup := "Compare a < b & c > d, <b>not bold</b> and \"quotes\"."
	long := strings.Repeat("双方将继续深化北斗卫星导航领域合作，推动系统兼容与互操作。", 200)
	tests := []struct {
		name  string
		reply bot.Reply
	}{
		{"answer", bot.Reply{Kind: bot.KindAnswer, Blocks: []bot.Block{
			{Kind: bot.TextBlock, Text: "“北斗”的匹配结果：第1–2条，共5条"},
			{Kind: bot.ClauseBlock, Text: "——深化北斗卫星导航领域合作。", Bold: []bot.Span{span("——深化北斗卫星导航领域合作。", "北斗")}, Ref: "二·12", Doc: doc},
			{Kind: bot.ClauseBlock, Text: "——加强航天合作……", Ref: "二·13", Doc: doc, Shortened: true},
		}, Buttons: []bot.Button{{Label: "更多结果", Data: "m:abc:3"}, {Label: "查看整节", Data: "s:二:0"}, {Label: "二·12", Data: "c:二·12"}}}},
		{"markup", bot.Reply{Kind: bot.KindClause, Blocks: []bot.Block{
			{Kind: bot.ClauseBlock, Text: markup, Bold: []bot.Span{span(markup, "a < b & c")}, Ref: "1·1", Doc: "Rules <draft> & notes"},
		}}},
		{"long clause split", bot.Reply{Kind: bot.KindClause, Blocks: []bot.Block{
			{Kind: bot.ClauseBlock, Text: long, Bold: []bot.Span{{Start: len(long) * 3 / 10, End: len(long) * 9 / 10}}, Ref: "二·1", Doc: doc},
		}}},
		{"bad button dropped", bot.Reply{Kind: bot.KindHelp, Blocks: []bot.Block{
			{Kind: bot.TextBlock, Text: "Ask a question.\nFor example: /ask 北斗"},
		}, Buttons: []bot.Button{{Label: "ok", Data: "h"}, {Label: "too long", Data: strings.Repeat("x", 65)}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := render(tc.reply)
			var sb strings.Builder
			for i, m := range out.Messages {
				fmt.Fprintf(&sb, "===== message %d: %d UTF-16 units of HTML =====\n%s\n", i+1, bot.UTF16Len(m), m)
				if _, _, err := tgfake.ParseHTML(m); err != nil {
					t.Errorf("message %d: Telegram would refuse it: %v", i+1, err)
				}
			}
			if out.Keyboard != nil {
				for _, row := range out.Keyboard.InlineKeyboard {
					var cells []string
					for _, b := range row {
						cells = append(cells, fmt.Sprintf("[%s → %s]", b.Text, *b.CallbackData))
					}
					fmt.Fprintf(&sb, "keyboard: %s\n", strings.Join(cells, " "))
				}
			}
			for _, d := range out.Dropped {
				fmt.Fprintf(&sb, "dropped: %s\n", d)
			}
			golden(t, strings.ReplaceAll(tc.name, " ", "_")+".golden", sb.String())
		})
	}
}

// TestRenderProperties renders random long clauses with random bold spans
// (Han, Latin, emoji beyond the BMP, markup characters) and checks what
// Telegram would: each message parses and fits 4096 UTF-16 units; and what
// the user needs: no character lost or altered, every matched term bold.
func TestRenderProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"合", "作", "北", "斗", "。", "，", "a", "b", " ", "<", ">", "&", "😀", "\n", "word ", "——"}
	for i := range 60 {
		var sb strings.Builder
		n := r.IntN(9000) + 10
		for sb.Len() < n {
			sb.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		text := sb.String()
		var bold []bot.Span
		for range r.IntN(30) {
			a := r.IntN(len(text))
			bold = append(bold, bot.Span{Start: a, End: a + r.IntN(200)})
		}
		b := bot.Block{Kind: bot.ClauseBlock, Text: text, Bold: bold, Ref: "二·12", Doc: doc}
		out := render(bot.Reply{Blocks: []bot.Block{b}})
		var plain, boldText strings.Builder
		for j, m := range out.Messages {
			if n := bot.UTF16Len(m); n > MaxMessage {
				t.Fatalf("case %d message %d: %d UTF-16 units", i, j, n)
			}
			p, bs, err := tgfake.ParseHTML(m)
			if err != nil {
				t.Fatalf("case %d message %d: %v\n%s", i, j, err, m)
			}
			plain.WriteString(p)
			for _, x := range bs {
				boldText.WriteString(x.Text)
			}
		}
		want := squashSpace(text) + squashSpace("二·12 — "+doc)
		if got := squashSpace(plain.String()); got != want {
			t.Fatalf("case %d: text changed by rendering:\n got %q\nwant %q", i, got, want)
		}
		var wantBold strings.Builder
		for _, s := range bot.NormalizeSpans(text, bold) {
			wantBold.WriteString(text[s.Start:s.End])
		}
		if got, want := squashSpace(boldText.String()), squashSpace(wantBold.String()); got != want {
			t.Fatalf("case %d: bold runs\n got %q\nwant %q", i, got, want)
		}
	}
}

func squashSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func TestArticle(t *testing.T) {
	text := "——深化北斗卫星导航领域合作，推动北斗系统与格洛纳斯系统兼容与互操作，共同提升卫星导航服务水平。"
	a := article("0", bot.Hit{Clause: bot.Clause{Ref: "二·12", DocTitle: doc, Text: text}, Highlights: []bot.Span{span(text, "北斗")}})
	msg := a.InputMessageContent.(tgbotapi.InputTextMessageContent)
	got := fmt.Sprintf("id: %s\ntitle: %s\ndescription: %s\nparse mode: %s, no preview: %v\nmessage:\n%s\n",
		a.ID, a.Title, a.Description, msg.ParseMode, msg.DisableWebPagePreview, msg.Text)
	golden(t, "article.golden", got)

	// A clause longer than a message is cut, marked, and keeps its reference.
	long := strings.Repeat("合作。", 3000)
	a = article("1", bot.Hit{Clause: bot.Clause{Ref: "二·1", DocTitle: doc, Text: long}})
	msg = a.InputMessageContent.(tgbotapi.InputTextMessageContent)
	plain, _, err := tgfake.ParseHTML(msg.Text)
	if err != nil {
		t.Fatalf("long article: %v", err)
	}
	if bot.UTF16Len(plain) > MaxMessage || !strings.HasSuffix(plain, "…\n二·1 — "+doc) {
		t.Errorf("long article: %d units, ends %q", bot.UTF16Len(plain), plain[max(0, len(plain)-80):])
	}
}
