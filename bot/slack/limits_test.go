package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"clausebot/bot"
	"clausebot/bot/bottest"
	"clausebot/bot/slack/slackfake"
	"clausebot/index"
)

// longDoc is a document with a 3,600-character title and one section of
// twelve paragraphs of about 1,500 characters each: a page of it is ten
// clauses and some 15,000 characters, more than Slack takes in one post.
func longDoc() (doc, title string, paras []string) {
	title = "关于" + strings.Repeat("长", 3594) + "的通知"
	for i := range 12 {
		paras = append(paras, fmt.Sprintf("第%d段：", i+1)+strings.Repeat("双方同意加强在卫星导航领域的合作，", 93)+"。")
	}
	return title + "\n\n一\n\n" + strings.Join(paras, "\n\n") + "\n", title, paras
}

// TestLongSectionFitsSlackLimits sends a section and a clause whose text
// is past Slack's limits through the adapter to the fake, which refuses what
// Slack refuses (msg_blocks_too_long, invalid_blocks): every post must be
// accepted and the clause text must all arrive, verbatim.
func TestLongSectionFitsSlackLimits(t *testing.T) {
	doc, _, paras := longDoc()
	idx, err := index.Load(context.Background(), fstest.MapFS{"long.txt": {Data: []byte(doc)}}, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fake := slackfake.New(t)
	r := mustHTTP(t, fake, bot.New(idx, bot.Options{RatePerMinute: -1}), nil)
	for i, tc := range []struct {
		text string
		want []string // paragraphs that must arrive whole
	}{
		{"/section 一", paras[:10]},
		{"/clause 一.3", paras[2:3]},
		{"卫星导航领域的合作", paras[:1]},
	} {
		t.Run(tc.text, func(t *testing.T) {
			before := len(fake.Posts())
			r.serve(slackfake.EventRequest(slackfake.EventBody(fmt.Sprintf("EvLong%d", i), slackfake.TeamID,
				slackfake.DirectMessage(slackfake.DM, "UASKER", tc.text, fmt.Sprintf("30.%d", i)))))
			r.idle(t)
			if n := fake.Calls("chat.postMessage") - len(fake.Posts()); n != 0 {
				t.Fatalf("the fake refused %d posts", n)
			}
			posts := fake.Posts()[before:]
			if len(posts) == 0 {
				t.Fatal("no reply")
			}
			var all strings.Builder
			for _, p := range posts {
				d := p.Decode()
				all.WriteString(d.Text + "\n")
			}
			for _, p := range tc.want {
				if !strings.Contains(all.String(), p) {
					t.Errorf("paragraph %.20q… did not arrive whole", p)
				}
			}
			if tc.text == "/section 一" && len(posts) < 2 {
				t.Errorf("%d post, want the section split over several", len(posts))
			}
		})
	}
}

// TestLongTitleAndManyClausesFit sends the case through the
// adapter: twelve clauses of about 1,500 characters under a 3,600-character
// title (one post of 21 text objects and 15,226 characters before). Every
// post must be accepted, every clause arrive whole, and the title be cut
// with an ellipsis.
func TestLongTitleAndManyClausesFit(t *testing.T) {
	_, title, paras := longDoc()
	reply := bot.Reply{Kind: bot.KindSection, Lang: bot.Chinese, Buttons: []bot.Button{{Label: "下一页 ▶", Data: "s:一:1"}}}
	for i, p := range paras {
		reply.Blocks = append(reply.Blocks, bot.Block{Kind: bot.ClauseBlock, Text: p, Ref: fmt.Sprintf("一·%d", i+1), Doc: title,
			Bold: []bot.Span{{Start: strings.Index(p, "卫星"), End: strings.Index(p, "卫星") + len("卫星导航")}}})
	}
	for _, mode := range []string{"dm", "command"} {
		t.Run(mode, func(t *testing.T) {
			fake := slackfake.New(t)
			r := mustHTTP(t, fake, &stubHandler{reply: reply}, nil)
			if mode == "dm" {
				r.serve(slackfake.EventRequest(slackfake.EventBody("EvTitle", slackfake.TeamID,
					slackfake.DirectMessage(slackfake.DM, "UASKER", "q", "31.1"))))
			} else {
				cmd := slackfake.Command{TeamID: slackfake.TeamID, ChannelID: slackfake.Channel, UserID: "UASKER",
					Command: "/ask", Text: "q", ResponseURL: fake.ResponseURL("title")}
				r.serve(slackfake.SignedRequest(slackfake.SigningSecret, time.Now(), "/slack/commands",
					"application/x-www-form-urlencoded", cmd.Form()))
			}
			r.idle(t)
			posts := fake.Posts()
			refused := fake.Calls("chat.postMessage") + fake.Calls("response_url") + fake.Calls("chat.postEphemeral") - len(posts)
			if refused != 0 {
				t.Fatalf("the fake refused %d posts", refused)
			}
			if len(posts) < 2 {
				t.Fatalf("%d posts, want the reply split over several", len(posts))
			}
			var all strings.Builder
			buttons := 0
			for _, p := range posts {
				d := p.Decode()
				all.WriteString(d.Text + "\n")
				buttons += len(d.Buttons)
			}
			for _, p := range paras {
				if !strings.Contains(all.String(), p) {
					t.Errorf("paragraph %.20q… did not arrive whole", p)
				}
			}
			if strings.Contains(all.String(), title) || !strings.Contains(all.String(), "关于长长长") || !strings.Contains(all.String(), "长…") {
				t.Errorf("the %d-character title was not cut with an ellipsis", len([]rune(title)))
			}
			if buttons == 0 {
				t.Error("the buttons were lost")
			}
		})
	}
}

// TestAnswerIsRichTextCopiedVerbatim asks through the adapter and checks
// the clause arrives as rich_text with the matched terms in bold style
// runs, its text exactly the document's (no zero-width spaces or word
// joiners a copy would carry), and a mrkdwn fallback text on the post.
func TestAnswerIsRichTextCopiedVerbatim(t *testing.T) {
	fake := slackfake.New(t)
	r := mustHTTP(t, fake, mustBot(t), nil)
	r.serve(slackfake.EventRequest(slackfake.EventBody("EvRich", slackfake.TeamID,
		slackfake.DirectMessage(slackfake.DM, "UASKER", question, "32.1"))))
	r.idle(t)
	posts := fake.Posts()
	if len(posts) == 0 {
		t.Fatal("no answer")
	}
	var blocks []struct {
		Type     string `json:"type"`
		Elements []struct {
			Elements []struct {
				Type  string `json:"type"`
				Text  string `json:"text"`
				Style *struct {
					Bold bool `json:"bold"`
				} `json:"style"`
			} `json:"elements"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(posts[0].Blocks, &blocks); err != nil {
		t.Fatal(err)
	}
	var clause strings.Builder
	bold := 0
	for _, b := range blocks {
		if b.Type != "rich_text" {
			continue
		}
		for _, sec := range b.Elements {
			for _, el := range sec.Elements {
				clause.WriteString(el.Text)
				if el.Style != nil && el.Style.Bold {
					bold++
				}
			}
		}
		break // the best match, in full
	}
	got := clause.String()
	if got == "" || bold == 0 || !strings.Contains(got, "北斗") {
		t.Fatalf("first rich_text %q with %d bold runs, want the 北斗 clause with its terms in bold", got, bold)
	}
	if strings.ContainsAny(got, "\u200b\u2060*") {
		t.Errorf("clause text carries invisible characters or markers: %q", got)
	}
	hits, err := bottest.SeedIndex(t).Search(context.Background(), bot.Query{Text: question, Limit: 1})
	if err != nil || len(hits.Hits) == 0 {
		t.Fatalf("search: %v", err)
	}
	if want := hits.Hits[0].Text; !strings.Contains(want, got) {
		t.Errorf("rich_text %q is not the document's text %q", got, want)
	}
	if strings.TrimSpace(posts[0].Text) == "" || !strings.Contains(posts[0].Text, "北斗") {
		t.Errorf("fallback text %q, want the answer in mrkdwn", posts[0].Text)
	}
}
