package slack

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"

	"clausebot/bot"
	"clausebot/bot/slack/slackfake"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// span returns the byte span of sub in s.
func span(s, sub string) bot.Span {
	i := strings.Index(s, sub)
	return bot.Span{Start: i, End: i + len(sub)}
}

const clause12 = "双方商定，进一步加强在北斗卫星导航系统领域的合作，推动卫星导航应用。"

func TestRenderGolden(t *testing.T) {
	for _, tc := range []struct {
		name  string
		reply bot.Reply
		opt   renderOptions
	}{
		{"answer", bot.Reply{Kind: bot.KindAnswer, Lang: bot.Chinese, Blocks: []bot.Block{
			{Kind: bot.TextBlock, Text: "找到 2 条相关条款："},
			{Kind: bot.ClauseBlock, Text: clause12, Bold: []bot.Span{span(clause12, "北斗"), span(clause12, "卫星导航")}, Ref: "二·12", Doc: "中俄总理第二十六次定期会晤联合公报"},
			{Kind: bot.ClauseBlock, Text: "推动卫星导航应用…", Bold: []bot.Span{span("推动卫星导航应用…", "卫星导航")}, Ref: "二·13", Doc: "中俄总理第二十六次定期会晤联合公报", Shortened: true},
		}, Buttons: []bot.Button{{Label: "更多结果", Data: "m:abc:3"}, {Label: "查看整节", Data: "s:二"}}}, renderOptions{}},
		{"ephemeral with share", bot.Reply{Kind: bot.KindClause, Lang: bot.English, Blocks: []bot.Block{
			{Kind: bot.ClauseBlock, Text: "Both sides agree.", Ref: "II·1", Doc: "Joint Statement"},
		}}, renderOptions{Share: true, ShareValue: `{"k":"key","q":"/clause 2.1"}`}},
		{"markup", bot.Reply{Kind: bot.KindAnswer, Lang: bot.English, Blocks: []bot.Block{
			{Kind: bot.TextBlock, Text: "You asked: <!channel> & <@U1>"},
			{Kind: bot.ClauseBlock, Text: "a*b_c <https://x.example|y> ~d~ `e` **f**", Bold: []bot.Span{{Start: 0, End: 5}, {Start: 35, End: 40}}, Ref: "1·1", Doc: "T<>&"},
		}}, renderOptions{Footer: "Shared by <@U123>"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := json.MarshalIndent(renderJSON(render(tc.reply, tc.opt)), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", strings.ReplaceAll(tc.name, " ", "_")+".golden.json")
			if *update {
				if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if diff := cmp.Diff(strings.TrimSpace(string(want)), strings.TrimSpace(string(got))); diff != "" {
				t.Errorf("rendered Block Kit differs from %s (-want +got):\n%s", path, diff)
			}
		})
	}
}

// renderJSON is the rendered messages as Slack receives them.
func renderJSON(msgs []message) []map[string]any {
	var out []map[string]any
	for _, m := range msgs {
		out = append(out, map[string]any{"text": m.Text, "blocks": m.Blocks})
	}
	return out
}

// decodeMessage decodes a rendered message the way the fake does.
func decodeMessage(t *testing.T, m message) slackfake.Decoded {
	t.Helper()
	b, err := json.Marshal(m.Blocks)
	if err != nil {
		t.Fatal(err)
	}
	return slackfake.Post{Blocks: b}.Decode()
}

func TestRenderBoldSurvivesMarkupCharacters(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		bold       []string
		want       []string // bold runs, when not bold's trimmed
	}{
		{"cjk", clause12, []string{"北斗", "合作"}, nil},
		// Adjacent spans (two matched terms side by side) are one run, as on
		// Telegram: no empty markers between them.
		{"adjacent merge", clause12, []string{"北斗", "卫星导航"}, []string{"北斗卫星导航"}},
		{"asterisks around", "x*北斗*y", []string{"北斗"}, nil},
		{"literal inside bold", "a b*c d", []string{"b*c"}, nil},
		{"underscores", "snake_case and _it_", []string{"_it_"}, nil},
		{"entities", "a<b & c>d", []string{"<b & c>"}, nil},
		{"edge whitespace", "one two three", []string{" two "}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var spans []bot.Span
			for _, b := range tc.bold {
				spans = append(spans, span(tc.text, b))
			}
			msgs := render(bot.Reply{Blocks: []bot.Block{{Kind: bot.ClauseBlock, Text: tc.text, Bold: spans, Ref: "1·1"}}}, renderOptions{})
			d := decodeMessage(t, msgs[0])
			if first := strings.Split(d.Text, "\n")[0]; first != tc.text {
				t.Errorf("text %q, want %q", first, tc.text)
			}
			want := tc.want
			for _, b := range tc.bold {
				if tc.want != nil {
					break
				}
				want = append(want, strings.TrimSpace(b))
			}
			if diff := cmp.Diff(want, d.Bold); diff != "" {
				t.Errorf("bold runs (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRenderLimits(t *testing.T) {
	long := strings.Repeat("双方同意加强合作，推动务实合作取得新成果。", 700) // ~14,700 characters
	many := make([]bot.Block, 40)
	for i := range many {
		many[i] = bot.Block{Kind: bot.ClauseBlock, Text: "条款" + strings.Repeat("<&>", 500), Ref: "二·1", Doc: "D"}
	}
	for _, tc := range []struct {
		name  string
		reply bot.Reply
	}{
		{"long clause", bot.Reply{Blocks: []bot.Block{{Kind: bot.ClauseBlock, Text: long, Bold: []bot.Span{span(long, "合作")}, Ref: "二·1", Doc: "D"}},
			Buttons: []bot.Button{{Label: "More", Data: "m"}}}},
		{"many clauses", bot.Reply{Blocks: many, Buttons: []bot.Button{{Label: "More", Data: "m"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			msgs := render(tc.reply, renderOptions{Share: true, ShareValue: "v"})
			var text strings.Builder
			buttons := 0
			for i, m := range msgs {
				if len(m.Blocks) > MaxBlocks {
					t.Errorf("message %d has %d blocks, want ≤ %d", i, len(m.Blocks), MaxBlocks)
				}
				if strings.TrimSpace(m.Text) == "" {
					t.Errorf("message %d has no fallback text", i)
				}
				for _, b := range m.Blocks {
					if s, ok := b.(*slack.SectionBlock); ok {
						if n := bot.UTF16Len(s.Text.Text); n > MaxSectionText {
							t.Errorf("section of %d characters, want ≤ %d", n, MaxSectionText)
						}
					}
				}
				d := decodeMessage(t, m)
				buttons += len(d.Buttons)
				for _, line := range strings.Split(d.Text, "\n") {
					if !strings.Contains(line, "二·1") {
						text.WriteString(line)
					}
				}
				raw, _ := json.Marshal(m.Blocks)
				if code := checkWithFake(m.Text, raw); code != "" {
					t.Errorf("message %d: the fake Slack would answer %s", i, code)
				}
			}
			var want strings.Builder
			for _, b := range tc.reply.Blocks {
				want.WriteString(b.Text)
			}
			if got := text.String(); got != want.String() {
				t.Errorf("text lost or changed in splitting: got %d bytes, want %d", len(got), want.Len())
			}
			if buttons != 2 {
				t.Errorf("%d buttons in all, want 2 (More, Share) once", buttons)
			}
		})
	}
}

// checkWithFake posts nothing; it runs the fake's validation on a message.
func checkWithFake(text string, blocks []byte) string {
	return slackfake.CheckMessage(text, blocks)
}
