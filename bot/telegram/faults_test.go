package telegram

import (
	"context"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"clausebot/bot"
	"clausebot/bot/telegram/tgfake"
)

// malformedUpdates are updates Telegram itself never sends but a proxy or
// a self-hosted Bot API server might: each lacks an object the adapter
// would otherwise dereference.
var malformedUpdates = []tgbotapi.Update{
	{Message: &tgbotapi.Message{MessageID: 1}},                                                    // no chat
	{CallbackQuery: &tgbotapi.CallbackQuery{ID: "cbx", Message: &tgbotapi.Message{MessageID: 1}}}, // callback on a message with no chat
	{CallbackQuery: &tgbotapi.CallbackQuery{}},                                                    // no id: cannot be answered
	{InlineQuery: &tgbotapi.InlineQuery{ID: "iqx"}},                                               // no sender
}

// A malformed update is skipped, confirmed and logged; the updates after
// it are answered, and polling goes on.
func TestMalformedUpdateIsSkippedAndConfirmed(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{})
	r := mustRun(t, fake, mustBot(t), nil)
	for _, u := range malformedUpdates {
		fake.PushUpdate(u)
	}
	id, _ := fake.Private(alice, question)
	handled(t, fake, id)
	if len(fake.SentTo(alice.ID)) == 0 {
		t.Fatalf("the question after the malformed updates was not answered; logs:\n%s", r.logs)
	}
	if got := strings.Count(r.logs.String(), "malformed update skipped"); got != len(malformedUpdates) {
		t.Errorf("%d malformed updates logged, want %d; logs:\n%s", got, len(malformedUpdates), r.logs)
	}
	if !r.Ready() {
		t.Errorf("adapter no longer ready after malformed updates")
	}
}

// In webhook mode a malformed update is answered 200 (Telegram would
// otherwise redeliver it forever) and skipped.
func TestWebhookMalformedUpdateAnswered(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{})
	const secret = "hook-secret"
	r := mustRun(t, fake, mustBot(t), func(c *Config) {
		c.WebhookURL = "https://bot.example.com/telegram/webhook"
		c.WebhookSecret = secret
	})
	mux := http.NewServeMux()
	r.Register(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for i, body := range []string{
		`{"update_id":1,"message":{}}`,
		`{"update_id":2,"callback_query":{"id":"x","message":{"message_id":3}}}`,
		`{"update_id":3,"inline_query":{"id":"q"}}`,
	} {
		req, _ := http.NewRequest("POST", srv.URL+WebhookPath, strings.NewReader(body))
		req.Header.Set(secretHeader, secret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("update %d: POST: %v (the handler dropped the connection)", i, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("update %d: status %d, want 200", i, resp.StatusCode)
		}
	}
	deadline := time.Now().Add(60 * time.Second)
	for strings.Count(r.logs.String(), "malformed update skipped") < 3 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := strings.Count(r.logs.String(), "malformed update skipped"); got != 3 {
		t.Errorf("%d malformed updates logged, want 3; logs:\n%s", got, r.logs)
	}
}

// An entity whose offset + length overflows int is ignored, like any other
// entity outside the text.
func TestParseTextEntityOverflow(t *testing.T) {
	me := &tgbotapi.User{ID: 9, UserName: "clause_test_bot"}
	for _, e := range []tgbotapi.MessageEntity{
		{Type: "bot_command", Offset: 1, Length: math.MaxInt},
		{Type: "mention", Offset: math.MaxInt, Length: math.MaxInt},
		{Type: "bot_command", Offset: math.MinInt, Length: 3},
		{Type: "mention", Offset: 2, Length: math.MinInt},
	} {
		got := parseText("/ask 北斗", []tgbotapi.MessageEntity{e}, me)
		if got.text != "/ask 北斗" {
			t.Errorf("entity %+v: text %q, want the message unchanged", e, got.text)
		}
	}
}

// checkMessages fails unless every message is HTML Telegram parses and fits
// MaxMessage UTF-16 units, measured on the HTML itself (stricter than
// Telegram, which measures the text after parsing).
func checkMessages(t testing.TB, msgs []string) {
	t.Helper()
	for i, m := range msgs {
		if n := bot.UTF16Len(m); n > MaxMessage {
			t.Fatalf("message %d of %d: %d UTF-16 units, over %d", i+1, len(msgs), n, MaxMessage)
		}
		if _, _, err := tgfake.ParseHTML(m); err != nil {
			t.Fatalf("message %d of %d: %v\n%s", i+1, len(msgs), err, m)
		}
	}
}

// However many terms are highlighted, and however long the document's
// title, every message stays within Telegram's limit and nothing is lost.
func TestRenderManyHighlightsWithinLimit(t *testing.T) {
	for _, tc := range []struct {
		name  string
		terms int
		title string
	}{
		{"585 terms", 585, doc},
		{"3000 terms", 3000, doc},
		{"every rune", -1, doc},
		{"long title", 10, strings.Repeat("联合公报", 3000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var sb strings.Builder
			var bold []bot.Span
			for i := 0; tc.terms < 0 && sb.Len() < 12000 || i < tc.terms; i++ {
				start := sb.Len()
				sb.WriteString("北斗")
				bold = append(bold, bot.Span{Start: start, End: sb.Len()})
				sb.WriteString("，")
			}
			text := sb.String()
			b := bot.Block{Kind: bot.ClauseBlock, Text: text, Bold: bold, Ref: "二·12", Doc: tc.title}
			out := render(bot.Reply{Blocks: []bot.Block{b}})
			checkMessages(t, out.Messages)
			var plain strings.Builder
			for _, m := range out.Messages {
				p, _, _ := tgfake.ParseHTML(m)
				plain.WriteString(p)
			}
			if got := squashSpace(plain.String()); !strings.HasPrefix(got, squashSpace(text)) {
				t.Errorf("text lost in rendering: got %d bytes, want the %d of the clause first", len(got), len(text))
			}
			a := article("0", bot.Hit{Clause: bot.Clause{Ref: "二·12", DocTitle: tc.title, Text: text}, Highlights: bold})
			checkMessages(t, []string{a.InputMessageContent.(tgbotapi.InputTextMessageContent).Text})
		})
	}
}

// Readiness says whether the adapter is connected now: while getUpdates
// keeps failing it is not ready, and it is again once a poll succeeds.
func TestPollingReadinessFollowsConnection(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{})
	r := mustRun(t, fake, mustBot(t), func(c *Config) { c.PollTimeout = time.Second })
	for range 40 {
		fake.Fail("getUpdates", tgfake.Fault{Drop: true})
	}
	sawDown := false
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if !r.Ready() {
			sawDown = true
			break
		}
	}
	if !sawDown {
		t.Fatalf("ready throughout 40 failed polls; logs:\n%s", r.logs)
	}
	for deadline := time.Now().Add(20 * time.Second); !r.Ready(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("not ready again after the polls recovered; logs:\n%s", r.logs)
		}
	}
}

// chatGate holds the questions of one chat until opened; other chats'
// questions go straight through.
type chatGate struct {
	bot.Handler
	chat    string
	entered chan struct{}
	open    chan struct{}
}

func (g *chatGate) Handle(ctx context.Context, m bot.Message) (bot.Reply, bool) {
	if m.ChatID == g.chat {
		g.entered <- struct{}{}
		select {
		case <-g.open:
		case <-ctx.Done():
		}
	}
	return g.Handler.Handle(ctx, m)
}

// A slow answer in one chat does not stop the others' updates from being
// fetched: when getUpdates returns only updates still being handled, the
// next poll must not wait for one of them to finish.
func TestSlowChatDoesNotStallPolling(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{})
	g := &chatGate{Handler: mustBot(t), chat: strconv.FormatInt(alice.ID, 10), entered: make(chan struct{}, 1), open: make(chan struct{})}
	mustRun(t, fake, g, nil)
	defer close(g.open)
	held, _ := fake.Private(alice, "北斗") // held: getUpdates now returns only this, in flight
	select {
	case <-g.entered:
	case <-time.After(60 * time.Second):
		t.Fatal("alice's question not taken")
	}
	// The poll after it has been answered with alice's update alone.
	if !fake.WaitFor(60*time.Second, func(s *tgfake.Server) bool { return s.Deliveries(held) >= 2 }) {
		t.Fatal("no poll after alice's update was taken")
	}
	id, _ := fake.Private(bob, "/help")
	if !fake.WaitFor(60*time.Second, func(s *tgfake.Server) bool { return len(s.SentTo(bob.ID)) > 0 }) {
		t.Fatalf("bob's update %d was not answered while alice's answer was slow", id)
	}
}
