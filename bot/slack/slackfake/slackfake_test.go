package slackfake

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

// TestFakeRejectsWhatSlackRejects checks the fake's validation, so tests
// that pass against it would not fail against Slack for these reasons.
func TestFakeRejectsWhatSlackRejects(t *testing.T) {
	s := New(t)
	good := slack.New(BotToken, slack.OptionAPIURL(s.APIURL()))
	section := func(text string) slack.Block {
		return slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, text, false, false), nil, nil)
	}
	rich := func(text string) slack.Block {
		return slack.NewRichTextBlock("", slack.NewRichTextSection(slack.NewRichTextSectionTextElement(text, nil)))
	}
	many := make([]slack.Block, 51)
	for i := range many {
		many[i] = section("x")
	}
	for _, tc := range []struct {
		name    string
		api     *slack.Client
		channel string
		opts    []slack.MsgOption
		want    string
	}{
		{"ok", good, Channel, []slack.MsgOption{slack.MsgOptionText("hi", false)}, ""},
		{"wrong token", slack.New("xoxb-wrong", slack.OptionAPIURL(s.APIURL())), Channel, []slack.MsgOption{slack.MsgOptionText("hi", false)}, "invalid_auth"},
		{"unknown channel", good, "CNOPE", []slack.MsgOption{slack.MsgOptionText("hi", false)}, "channel_not_found"},
		{"no text", good, Channel, nil, "no_text"},
		{"text too long", good, Channel, []slack.MsgOption{slack.MsgOptionText(strings.Repeat("a", 40001), false)}, "msg_too_long"},
		{"51 blocks", good, Channel, []slack.MsgOption{slack.MsgOptionText("t", false), slack.MsgOptionBlocks(many...)}, "invalid_blocks"},
		{"section over 3000", good, Channel, []slack.MsgOption{slack.MsgOptionText("t", false), slack.MsgOptionBlocks(section(strings.Repeat("字", 3001)))}, "invalid_blocks"},
		{"context over 3000", good, Channel, []slack.MsgOption{slack.MsgOptionText("t", false), slack.MsgOptionBlocks(
			slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, strings.Repeat("题", 3001), false, false)))}, "invalid_blocks"},
		{"blocks past 12,000 characters", good, Channel, []slack.MsgOption{slack.MsgOptionText("t", false), slack.MsgOptionBlocks(
			section(strings.Repeat("字", 3000)), section(strings.Repeat("字", 3000)), section(strings.Repeat("字", 3000)),
			section(strings.Repeat("字", 3000)), section("one more"))}, "msg_blocks_too_long"},
		{"rich_text past 12,000 characters", good, Channel, []slack.MsgOption{slack.MsgOptionText("t", false), slack.MsgOptionBlocks(
			rich(strings.Repeat("字", 6000)), rich(strings.Repeat("字", 6001)))}, "msg_blocks_too_long"},
		{"rich_text empty text element", good, Channel, []slack.MsgOption{slack.MsgOptionText("t", false), slack.MsgOptionBlocks(rich(""))}, "invalid_blocks"},
		{"rich_text without elements", good, Channel, []slack.MsgOption{slack.MsgOptionText("t", false), slack.MsgOptionBlocks(slack.NewRichTextBlock(""))}, "invalid_blocks"},
		{"header over 150", good, Channel, []slack.MsgOption{slack.MsgOptionText("t", false), slack.MsgOptionBlocks(
			slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, strings.Repeat("h", 151), false, false)))}, "invalid_blocks"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := tc.api.PostMessageContext(context.Background(), tc.channel, tc.opts...)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("PostMessage: %v, want ok", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("PostMessage: %v, want %s", err, tc.want)
			}
		})
	}
	if got := len(s.Posts()); got != 1 {
		t.Errorf("%d posts recorded, want only the valid one", got)
	}
	s.RateLimit("chat.postMessage", 7)
	_, _, err := good.PostMessageContext(context.Background(), Channel, slack.MsgOptionText("hi", false))
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter.Seconds() != 7 {
		t.Errorf("after RateLimit: %v, want a 429 with Retry-After 7", err)
	}
}

// TestFakeResponseURLUses checks that, like Slack, a response_url takes five
// posts and refuses the sixth, and that each URL has its own count.
func TestFakeResponseURLUses(t *testing.T) {
	s := New(t)
	post := func(url string) error {
		return slack.PostWebhookContext(context.Background(), url, &slack.WebhookMessage{Text: "hi"})
	}
	a, b := s.ResponseURL("a"), s.ResponseURL("b")
	for i := range MaxResponseURLUses {
		if err := post(a); err != nil {
			t.Fatalf("use %d of a response_url: %v", i+1, err)
		}
	}
	if err := post(a); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("sixth use: %v, want a 404 (used_url)", err)
	}
	if err := post(b); err != nil {
		t.Errorf("first use of another response_url: %v", err)
	}
	if got := len(s.Posts()); got != MaxResponseURLUses+1 {
		t.Errorf("%d posts recorded, want %d", got, MaxResponseURLUses+1)
	}
}

// TestFakeViewsPublish checks views.publish takes a home view of at most
// 100 valid blocks for a user, and refuses anything else as Slack does.
func TestFakeViewsPublish(t *testing.T) {
	s := New(t)
	api := slack.New(BotToken, slack.OptionAPIURL(s.APIURL()))
	section := slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "x", false, false), nil, nil)
	blocks := func(n int) slack.Blocks {
		var b slack.Blocks
		for range n {
			b.BlockSet = append(b.BlockSet, section)
		}
		return b
	}
	for _, tc := range []struct {
		name string
		req  slack.PublishViewContextRequest
		want string
	}{
		{"ok", slack.PublishViewContextRequest{UserID: "U1", View: slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: blocks(100)}}, ""},
		{"101 blocks", slack.PublishViewContextRequest{UserID: "U1", View: slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: blocks(101)}}, "invalid_arguments"},
		{"modal", slack.PublishViewContextRequest{UserID: "U1", View: slack.HomeTabViewRequest{Type: slack.VTModal, Blocks: blocks(1)}}, "invalid_arguments"},
		{"section over 3000", slack.PublishViewContextRequest{UserID: "U1", View: slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, strings.Repeat("字", 3001), false, false), nil, nil)}}}}, "invalid_arguments"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := api.PublishViewContext(context.Background(), tc.req)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("views.publish: %v, want ok", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("views.publish: %v, want %s", err, tc.want)
			}
		})
	}
	if got := len(s.Posts()); got != 1 {
		t.Errorf("%d views recorded, want only the valid one", got)
	}
}
