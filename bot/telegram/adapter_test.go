package telegram

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/time/rate"

	"clausebot/bot"
	"clausebot/bot/telegram/tgfake"
)

const question = "中俄在北斗卫星导航方面有什么合作？"

func TestPrivateQuestionIsAnswered(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{})
	r := mustRun(t, fake, mustBot(t), nil)
	id, _ := fake.Private(alice, question)
	handled(t, fake, id)

	got := fake.SentTo(alice.ID)
	if len(got) == 0 {
		t.Fatalf("no answer; logs:\n%s", r.logs.String())
	}
	m := got[0]
	if m.ParseMode != "HTML" || !m.NoPreview {
		t.Errorf("parse mode %q, no preview %v; want HTML with link previews off", m.ParseMode, m.NoPreview)
	}
	if !strings.Contains(m.Text, "北斗") || !strings.Contains(m.HTML, "<b>") {
		t.Errorf("answer lacks the clause or its bold terms:\n%s", m.HTML)
	}
	if !strings.Contains(m.HTML, "<i>") || !strings.Contains(m.Text, "·") {
		t.Errorf("answer lacks a reference line:\n%s", m.HTML)
	}
	if m.ReplyTo != 0 {
		t.Errorf("private answer replies to message %d; want a plain message", m.ReplyTo)
	}
	if got := r.metrics.sent.Load(); got != int64(len(fake.SentTo(alice.ID))) {
		t.Errorf("Sent metric = %d, want %d", got, len(fake.SentTo(alice.ID)))
	}
}

func TestStartupRegistersCommands(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{})
	r := mustRun(t, fake, mustBot(t), nil)
	for _, tc := range []struct {
		code string
		lang bot.Lang
	}{{"", bot.English}, {"zh", bot.Chinese}} {
		var want []tgbotapi.BotCommand
		for _, c := range bot.Commands(tc.lang) {
			want = append(want, tgbotapi.BotCommand{Command: c.Name, Description: c.Description})
		}
		want = append(want, shareCommand(tc.lang))
		if diff := cmp.Diff(want, fake.Commands(tc.code)); diff != "" {
			t.Errorf("commands for %q (-want +got):\n%s", tc.code, diff)
		}
	}
	if !strings.Contains(r.logs.String(), "privacy mode is on") {
		t.Errorf("no privacy-mode note in the logs:\n%s", r.logs.String())
	}
	if len(fake.Calls("deleteWebhook")) != 1 {
		t.Errorf("polling did not clear a webhook first")
	}
}

func TestGroupAddressing(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{Username: "clause_test_bot"})
	mustRun(t, fake, mustBot(t), nil)
	const group = -100123
	// A bot message in the group, for the reply case.
	id, _ := fake.Group(group, alice, "/help@clause_test_bot")
	handled(t, fake, id)
	botMsg := fake.SentTo(group)[0]
	other := tgbotapi.User{ID: 555, IsBot: true, FirstName: "Other", UserName: "other_bot"}

	tests := []struct {
		name   string
		push   func() int
		answer bool
	}{
		{"chatter", func() int { id, _ := fake.Group(group, bob, question); return id }, false},
		{"command for another bot", func() int { id, _ := fake.Group(group, bob, "/help@otherbot"); return id }, false},
		{"command for us", func() int { id, _ := fake.Group(group, bob, "/ask@Clause_Test_Bot "+question); return id }, true},
		{"bare command", func() int { id, _ := fake.Group(group, bob, "/sources"); return id }, true},
		{"mention", func() int { id, _ := fake.Group(group, bob, "@clause_test_bot "+question); return id }, true},
		{"mention of someone else", func() int { id, _ := fake.Group(group, bob, "@someone_else "+question); return id }, false},
		{"reply to the bot", func() int {
			id, _ := fake.Push(tgfake.MessageSpec{Chat: tgbotapi.Chat{ID: group, Type: "supergroup"}, From: bob, Text: question, ReplyTo: botMsg.MessageID})
			return id
		}, true},
		{"edited message", func() int {
			id, _ := fake.Push(tgfake.MessageSpec{Chat: tgbotapi.Chat{ID: group, Type: "supergroup"}, From: bob, Text: "@clause_test_bot " + question, Edited: true})
			return id
		}, false},
		{"another bot", func() int { id, _ := fake.Group(group, other, "@clause_test_bot "+question); return id }, false},
		{"our own inline result", func() int {
			me := fake.Bot()
			id, _ := fake.Push(tgfake.MessageSpec{Chat: tgbotapi.Chat{ID: alice.ID, Type: "private"}, From: alice, Text: "二·12 …", ViaBot: &me})
			return id
		}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := len(fake.Sent())
			id := tc.push()
			handled(t, fake, id)
			sent := fake.Sent()[before:]
			if got := len(sent) > 0; got != tc.answer {
				t.Fatalf("answered = %v, want %v; sent: %+v", got, tc.answer, sent)
			}
			if tc.answer && sent[0].ReplyTo == 0 {
				t.Errorf("a group answer should reply to the question's message")
			}
		})
	}
}

func TestParseTextStripsOurMention(t *testing.T) {
	me := &tgbotapi.User{ID: 9, UserName: "clause_test_bot"}
	tests := []struct {
		text string
		want parsed
	}{
		{"@clause_test_bot 北斗合作？", parsed{text: "北斗合作？", mentioned: true}},
		{"请问 @Clause_Test_Bot 北斗合作？", parsed{text: "请问 北斗合作？", mentioned: true}},
		{"@clause_test_bot, what about 𝒳 cooperation?", parsed{text: "what about 𝒳 cooperation?", mentioned: true}},
		{"😀 @clause_test_bot 北斗", parsed{text: "😀 北斗", mentioned: true}},
		{"/section@clause_test_bot 二", parsed{text: "/section 二", command: true, addressed: true}},
		{"/help@otherbot", parsed{command: true, otherBot: true}},
		{"/start abc", parsed{text: "/help", command: true}},
		{"/start inline", parsed{text: "/help", command: true}},
		{"/start c5LqMwrcxMg", parsed{text: "/clause 二·12", command: true}},
		{"/share", parsed{command: true, share: true}},
		{"/share@clause_test_bot 二·12", parsed{text: "二·12", command: true, addressed: true, share: true}},
		{"mail me@clause_test_bot.com", parsed{text: "mail me@clause_test_bot.com"}},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			got := parseText(tc.text, tgfake.Entities(tc.text), me)
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(parsed{})); diff != "" {
				t.Errorf("parseText(%q) (-want +got):\n%s", tc.text, diff)
			}
		})
	}
}

func TestInlineQuery(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{})
	mustRun(t, fake, mustBot(t), nil)
	id, qid := fake.Inline(alice, "北斗", "")
	handled(t, fake, id)
	answers := fake.InlineAnswers()
	if len(answers) != 1 || answers[0].QueryID != qid {
		t.Fatalf("inline answers = %+v, want one for %s", answers, qid)
	}
	a := answers[0]
	if len(a.Results) == 0 || len(a.Results) > inlineLimit {
		t.Fatalf("%d results, want 1..%d", len(a.Results), inlineLimit)
	}
	for _, res := range a.Results {
		if !strings.Contains(res.Text, "·") || !strings.Contains(res.Text, "联合公报") {
			t.Errorf("article %s message lacks reference and document:\n%s", res.ID, res.Text)
		}
		if !strings.Contains(res.Title, "·") || !res.NoPreview {
			t.Errorf("article %s: title %q, no preview %v", res.ID, res.Title, res.NoPreview)
		}
	}
	if a.IsPersonal {
		t.Errorf("is_personal set without an allowlist")
	}

	// A broad query pages through next_offset.
	id, _ = fake.Inline(alice, "合作", "")
	handled(t, fake, id)
	first := fake.InlineAnswers()[1]
	if first.NextOffset == "" {
		t.Fatalf("a broad query has no next page (%d results)", len(first.Results))
	}
	id, _ = fake.Inline(alice, "合作", first.NextOffset)
	handled(t, fake, id)
	second := fake.InlineAnswers()[2]
	if len(second.Results) == 0 || second.Results[0].Text == first.Results[0].Text {
		t.Errorf("second page repeats or is empty: %+v", second.Results)
	}
}

func TestButtonPressAnsweredAndEdited(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{})
	r := mustRun(t, fake, mustBot(t), nil)
	id, _ := fake.Private(bob, "合作")
	handled(t, fake, id)
	sent := fake.SentTo(bob.ID)
	if len(sent) == 0 || sent[len(sent)-1].Keyboard == nil {
		t.Fatalf("no answer; logs:\n%s", r.logs.String())
	}
	last := sent[len(sent)-1]
	more := ""
	for _, row := range last.Keyboard.InlineKeyboard {
		for _, b := range row {
			if b.Text == "More results" || b.Text == "更多结果" {
				more = *b.CallbackData
			}
		}
	}
	if more == "" {
		t.Fatalf("no More results button on %+v", last)
	}
	before := last.HTML
	id, qid := fake.Press(bob, bob.ID, last.MessageID, more)
	handled(t, fake, id)
	if got := fake.CallbackAnswers(); len(got) != 1 || got[0].ID != qid {
		t.Fatalf("callback answers = %+v, want one for %s", got, qid)
	}
	after := fake.SentTo(bob.ID)
	if len(after) != len(sent) {
		t.Errorf("paging sent %d new messages; want the page edited in place", len(after)-len(sent))
	}
	edited := after[len(sent)-1]
	if edited.Edits != 1 || edited.HTML == before {
		t.Errorf("message not edited: edits=%d", edited.Edits)
	}

	// A stale or forged button is still acknowledged, with a notice.
	id, qid = fake.PressData(bob, bob.ID, last.MessageID, "zz:forged")
	handled(t, fake, id)
	answers := fake.CallbackAnswers()
	if got := answers[len(answers)-1]; got.ID != qid || got.Text == "" {
		t.Errorf("forged press answered %+v; want an answer with a notice", got)
	}
}

func TestFloodWaitRetriesAndLosesNothing(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{})
	r := mustRun(t, fake, mustBot(t), nil)
	fake.Fail("sendMessage", tgfake.TooManyRequests(3))
	fake.Fail("sendMessage", tgfake.TooManyRequests(1))
	start := time.Now()
	id, _ := fake.Private(alice, question)
	handled(t, fake, id)
	if len(fake.SentTo(alice.ID)) == 0 {
		t.Fatalf("answer lost after 429s; logs:\n%s", r.logs.String())
	}
	// retry_after is scaled to 10ms in tests: 3+1 units must have passed.
	if el := time.Since(start); el < 40*time.Millisecond {
		t.Errorf("answer sent after %v; the retry_after waits (40ms) were not honoured", el)
	}
	if got := r.metrics.retries.Load(); got != 2 {
		t.Errorf("SendRetry = %d, want 2", got)
	}
}

// TestPacingKeepsUnderFloodLimit runs the pacing end to end against the
// fake's flood limit. The margin is wide (one message per 250 ms against a
// 50 ms flood window) so the machine's load cannot make it fail: a request
// would have to be held 200 ms longer than the next. TestPacerSpacing checks
// the spacing itself, exactly, on an injected clock.
func TestPacingKeepsUnderFloodLimit(t *testing.T) {
	const pace, flood = 250 * time.Millisecond, 50 * time.Millisecond
	fake := tgfake.New(t, tgfake.Options{})
	fake.SetFloodInterval(flood)
	mustRun(t, fake, mustBot(t), func(c *Config) { c.ChatRate = rate.Every(pace) })
	refs := []string{"二·3", "二·1", "二·7", "二·2"}
	var last int
	for _, ref := range refs {
		last, _ = fake.Private(alice, "/clause "+ref)
	}
	handled(t, fake, last)
	if n := fake.FloodHits(); n != 0 {
		t.Errorf("%d messages hit the flood limit; pacing should prevent it", n)
	}
	sent := fake.SentTo(alice.ID)
	if len(sent) != len(refs) {
		t.Fatalf("%d messages for %d questions", len(sent), len(refs))
	}
	for i, m := range sent {
		if !strings.Contains(m.Text, refs[i]) {
			t.Errorf("message %d is not the answer for %s (order lost?):\n%s", i, refs[i], m.Text)
		}
		if i > 0 {
			if gap := m.At.Sub(sent[i-1].At); gap < flood {
				t.Errorf("messages %d and %d only %v apart; ChatRate is one per %v", i-1, i, gap, pace)
			}
		}
	}
}

// TestPacerSpacing checks the pacer's waits on an injected clock, exactly
// and with no real time involved: one message a second per chat; and in a
// group, the chat limit within the group's burst of 5, then the group's
// refill of one every 4 s (15 a minute).
func TestPacerSpacing(t *testing.T) {
	sends := func(group bool, n int) []time.Duration {
		p := newPacer(rate.Every(time.Second), rate.Limit(15.0/60), 5, rate.Limit(30))
		start := time.Unix(1_700_000_000, 0)
		now := start
		p.now = func() time.Time { return now }
		p.sleep = func(_ context.Context, d time.Duration) error {
			now = now.Add(d)
			return nil
		}
		var at []time.Duration
		for range n {
			if err := p.Wait(context.Background(), -100, group); err != nil {
				t.Fatal(err)
			}
			at = append(at, now.Sub(start))
		}
		return at
	}
	s := time.Second
	if diff := cmp.Diff([]time.Duration{0, s, 2 * s, 3 * s}, sends(false, 4)); diff != "" {
		t.Errorf("private chat send times (-want +got):\n%s", diff)
	}
	// After 5 s the bucket holds 0.25 of a token: the next is 3 s away.
	if diff := cmp.Diff([]time.Duration{0, s, 2 * s, 3 * s, 4 * s, 5 * s, 8 * s, 12 * s}, sends(true, 8)); diff != "" {
		t.Errorf("group send times (-want +got):\n%s", diff)
	}
}

// gate is a Handler that blocks questions until opened, to stop the
// adapter while a batch is being handled.
type gate struct {
	bot.Handler
	started atomic.Int64
	open    chan struct{}
}

func (g *gate) Handle(ctx context.Context, m bot.Message) (bot.Reply, bool) {
	g.started.Add(1)
	<-g.open
	return g.Handler.Handle(ctx, m)
}

func TestCrashMidBatchNeitherLosesNorDoubles(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{})
	b := mustBot(t)
	g := &gate{Handler: b, open: make(chan struct{})}
	first := mustRun(t, fake, g, nil)

	// A batch: three chats, one of them with three questions in a row.
	qs := []struct {
		user tgbotapi.User
		text string
	}{{alice, "北斗"}, {alice, "/sources"}, {alice, "合作"}, {bob, "/help"}, {tgfake.User(1003, "zh"), "/section 二"}}
	var last int
	for _, q := range qs {
		last, _ = fake.Private(q.user, q.text)
	}
	if !fake.WaitFor(60*time.Second, func(*tgfake.Server) bool { return g.started.Load() >= 3 }) {
		t.Fatalf("batch not started")
	}
	// Stop while the batch is in flight, then let the handlers go on.
	first.cancel()
	time.Sleep(20 * time.Millisecond)
	close(g.open)
	first.stop(t)

	// More questions arrive while no bot runs; a new instance takes over.
	later1, _ := fake.Private(bob, "北斗")
	later2, _ := fake.Private(alice, "/help")
	mustRun(t, fake, b, nil)
	handled(t, fake, max(last, later1, later2))

	want := map[int64]int{alice.ID: 4, bob.ID: 2, 1003: 1}
	for chat, n := range want {
		if got := answers(fake.SentTo(chat)); got != n {
			t.Errorf("chat %d got %d answers, want exactly %d", chat, got, n)
		}
	}
	if fake.Pending() != 0 {
		t.Errorf("%d updates left unconfirmed", fake.Pending())
	}
}

// answers counts replies; every reply in these tests fits one message.
func answers(ms []tgfake.Message) int { return len(ms) }

func TestDuplicateUpdateIsHandledOnce(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{})
	mustRun(t, fake, mustBot(t), nil)
	id, _ := fake.Private(alice, "/sources")
	handled(t, fake, id)
	// Telegram re-sends the same update (as after a lost confirmation).
	var u tgbotapi.Update
	chat := tgbotapi.Chat{ID: alice.ID, Type: "private"}
	u.UpdateID = id
	u.Message = &tgbotapi.Message{MessageID: 99, From: &alice, Chat: &chat, Text: "/sources", Entities: tgfake.Entities("/sources")}
	fake.PushUpdate(u)
	next, _ := fake.Private(alice, "/help")
	handled(t, fake, next)
	if got := len(fake.SentTo(alice.ID)); got != 2 {
		t.Errorf("%d messages; want 2 (the duplicate answered once)", got)
	}
}

func TestAllowlistRefusesOnce(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{})
	mustRun(t, fake, mustBot(t), func(c *Config) { c.AllowedChats = []int64{alice.ID} })
	var last int
	for range 3 {
		last, _ = fake.Private(bob, question)
	}
	ok, _ := fake.Private(alice, question)
	handled(t, fake, max(last, ok))
	if got := fake.SentTo(bob.ID); len(got) != 1 || strings.Contains(got[0].Text, "北斗") {
		t.Errorf("bob got %d messages, want one refusal: %+v", len(got), got)
	}
	if len(fake.SentTo(alice.ID)) == 0 {
		t.Errorf("allowed chat got no answer")
	}
}

func TestWebhook(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{})
	const secret = "s3cret_Webhook-Token"
	r := mustRun(t, fake, mustBot(t), func(c *Config) {
		c.WebhookURL = "https://bot.example.com/telegram/webhook"
		c.WebhookSecret = secret
		c.MaxWebhookBody = 4096
	})
	if wh := fake.Webhook(); wh.URL != "https://bot.example.com/telegram/webhook" || wh.Secret != secret {
		t.Fatalf("webhook registered as %+v", wh)
	}
	mux := http.NewServeMux()
	r.Register(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()

	chat := tgbotapi.Chat{ID: alice.ID, Type: "private"}
	update := func(id int, text string) string {
		return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"from":{"id":%d,"first_name":"A"},"chat":{"id":%d,"type":"private"},"date":1,"text":%q}}`,
			id, id, alice.ID, chat.ID, text)
	}
	// The chat must be known to the fake for sendMessage to work.
	fake.Private(alice, "hello")
	post := func(secretHdr, body string) int {
		req, _ := http.NewRequest("POST", srv.URL+WebhookPath, strings.NewReader(body))
		if secretHdr != "" {
			req.Header.Set(secretHeader, secretHdr)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("POST: %v", err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	tests := []struct {
		name, secret, body string
		want               int
	}{
		{"missing secret", "", update(1, question), 401},
		{"wrong secret", "nope", update(2, question), 401},
		{"prefix of the secret", secret[:5], update(3, question), 401},
		{"too large", secret, update(4, strings.Repeat("x", 5000)), 413},
		{"not JSON", secret, "{", 400},
		{"good", secret, update(5, question), 200},
		{"re-delivered", secret, update(5, question), 200},
	}
	for _, tc := range tests {
		if got := post(tc.secret, tc.body); got != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, got, tc.want)
		}
	}
	if !fake.WaitSent(1, 60*time.Second) {
		t.Fatalf("no answer to the webhook update")
	}
	time.Sleep(100 * time.Millisecond) // a doubled answer would arrive by now
	if got := len(fake.SentTo(alice.ID)); got != 1 {
		t.Errorf("%d answers to a twice-delivered update, want 1", got)
	}
	if resp, err := http.Get(srv.URL + WebhookPath); err == nil {
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("GET webhook: %d, want 405", resp.StatusCode)
		}
	}
	if len(fake.Calls("getUpdates")) != 0 {
		t.Errorf("webhook mode polled getUpdates")
	}
	if strings.Contains(r.logs.String(), secret) {
		t.Errorf("the webhook secret appears in the logs")
	}
}

func TestTokenNeverLeaks(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{})
	// Every kind of failure the network can produce, on every method.
	for range 3 {
		fake.Fail("getMe", tgfake.Fault{Drop: true})
		fake.Fail("getUpdates", tgfake.Fault{Drop: true})
		fake.Fail("sendMessage", tgfake.Fault{Drop: true})
	}
	fake.Fail("setMyCommands", tgfake.Fault{Code: 500, Description: "Internal Server Error"})
	r := mustRun(t, fake, mustBot(t), func(c *Config) { c.MaxSendAttempts = 2 })
	id, _ := fake.Private(alice, question)
	handled(t, fake, id)
	r.stop(t)
	logs := r.logs.String()
	if !strings.Contains(logs, "EOF") && !strings.Contains(logs, "connection") {
		t.Errorf("the dropped connections were not logged:\n%s", logs)
	}
	if strings.Contains(logs, fake.Token()) || strings.Contains(logs, strings.Split(fake.Token(), ":")[1]) {
		t.Errorf("token in logs:\n%s", logs)
	}

	// Errors returned to the caller: a dead server and a refused token.
	dead := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hj, _ := w.(http.Hijacker)
		c, _, _ := hj.Hijack()
		c.Close()
	}))
	defer dead.Close()
	var buf bytes.Buffer
	for _, ep := range []string{dead.URL + "/bot%s/%s", fake.URL + "/wrong/bot%s/%s"} {
		a, err := New(Config{Token: fake.Token(), APIEndpoint: ep, Logger: slog.New(slog.NewTextHandler(&buf, nil))}, mustBot(t))
		if err != nil {
			t.Fatal(err)
		}
		a.backoffBase = time.Millisecond
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		err = a.Run(ctx)
		cancel()
		for _, s := range []string{fmt.Sprint(err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err), buf.String()} {
			if strings.Contains(s, fake.Token()) {
				t.Errorf("token leaked through %s: %s", ep, s)
			}
		}
	}
}

func TestBadTokenFailsClearly(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{})
	a, err := New(Config{Token: "42:wrongTOKENwrongTOKEN", APIEndpoint: fake.Endpoint()}, mustBot(t))
	if err != nil {
		t.Fatal(err)
	}
	err = a.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "TELEGRAM_BOT_TOKEN") || strings.Contains(err.Error(), "wrongTOKEN") {
		t.Errorf("Run with a bad token: %v; want a clear error without the token", err)
	}
}

func TestNewValidates(t *testing.T) {
	good := Config{Token: tgfake.DefaultToken}
	tests := []struct {
		name string
		mod  func(*Config)
		want string // in the error; "" means no error
	}{
		{"ok", func(*Config) {}, ""},
		{"no token", func(c *Config) { c.Token = "" }, "TELEGRAM_BOT_TOKEN"},
		{"malformed token", func(c *Config) { c.Token = "abc/def" }, "malformed"},
		{"endpoint without verbs", func(c *Config) { c.APIEndpoint = "http://x/bot" }, "two %s"},
		{"webhook without secret", func(c *Config) { c.WebhookURL = "https://x.example/telegram/webhook" }, "TELEGRAM_WEBHOOK_SECRET"},
		{"webhook over http", func(c *Config) { c.WebhookURL = "http://x.example/"; c.WebhookSecret = "abc" }, "https"},
		{"webhook bad port", func(c *Config) { c.WebhookURL = "https://x.example:9000/"; c.WebhookSecret = "abc" }, "ports"},
		{"bad secret", func(c *Config) {
			c.WebhookURL = "https://x.example/"
			c.WebhookSecret = "has space"
		}, "1-256 characters"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := good
			tc.mod(&c)
			_, err := New(c, mustBot(t))
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("New: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("New: %v; want an error mentioning %q", err, tc.want)
			}
			if err != nil && c.Token != "" && strings.Contains(err.Error(), c.Token) {
				t.Errorf("error repeats the token: %v", err)
			}
		})
	}
}

// idHandler records the request id each call to the core carries.
type idHandler struct {
	bot.Handler
	mu  sync.Mutex
	ids []string
}

func (h *idHandler) Handle(ctx context.Context, m bot.Message) (bot.Reply, bool) {
	h.mu.Lock()
	h.ids = append(h.ids, bot.RequestID(ctx))
	h.mu.Unlock()
	return h.Handler.Handle(ctx, m)
}

func (h *idHandler) Press(ctx context.Context, a bot.Action) (bot.Reply, bool) {
	h.mu.Lock()
	h.ids = append(h.ids, bot.RequestID(ctx))
	h.mu.Unlock()
	return h.Handler.Press(ctx, a)
}

func (h *idHandler) seen() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.ids...)
}

// TestRequestIDs checks that every update reaches the core with its own
// request id, and that the adapter's retry lines about it carry the same.
func TestRequestIDs(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{})
	h := &idHandler{Handler: mustBot(t)}
	r := mustRun(t, fake, h, nil)
	fake.Fail("sendMessage", tgfake.TooManyRequests(1))
	id1, _ := fake.Private(alice, question)
	handled(t, fake, id1)
	id2, _ := fake.Private(bob, question)
	handled(t, fake, id2)

	ids := h.seen()
	if len(ids) != 2 || ids[0] == "" || ids[0] == ids[1] {
		t.Fatalf("request ids seen by the core = %q, want two distinct non-empty ids", ids)
	}
	if !strings.HasPrefix(ids[0], "tg-") || !strings.HasSuffix(ids[0], "-"+strconv.Itoa(id1)) {
		t.Errorf("request id %q, want tg-<boot>-%d", ids[0], id1)
	}
	var retry string
	for _, line := range strings.Split(r.logs.String(), "\n") {
		if strings.Contains(line, "telegram: retrying") {
			retry = line
		}
	}
	if !strings.Contains(retry, "request_id="+ids[0]) {
		t.Errorf("retry log line lacks request_id=%s:\n%s", ids[0], r.logs.String())
	}
	if n := strings.Count(retry, "request_id="); n != 1 {
		t.Errorf("retry log line has %d request ids, want 1: %s", n, retry)
	}
}

// blockedHandler never answers until its context ends: a reply that
// cannot finish before the stop timeout.
type blockedHandler struct {
	bot.Handler
	started chan struct{}
}

func (h *blockedHandler) Handle(ctx context.Context, m bot.Message) (bot.Reply, bool) {
	close(h.started)
	<-ctx.Done()
	return bot.Reply{}, false
}

// TestStopTimeoutAbandonsReplies checks that Run reports replies cancelled
// by the stop timeout as bot.ErrRepliesAbandoned, in both modes.
func TestStopTimeoutAbandonsReplies(t *testing.T) {
	for _, mode := range []string{"poll", "webhook"} {
		t.Run(mode, func(t *testing.T) {
			fake := tgfake.New(t, tgfake.Options{})
			h := &blockedHandler{Handler: mustBot(t), started: make(chan struct{})}
			cfg := testConfig(fake)
			cfg.ShutdownTimeout = 50 * time.Millisecond
			cfg.Logger = slog.New(slog.DiscardHandler)
			var srv *httptest.Server
			if mode == "webhook" {
				cfg.WebhookURL = "https://bot.example.org" + WebhookPath
				cfg.WebhookSecret = "hook-secret"
			}
			a, err := New(cfg, h)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- a.Run(ctx) }()
			for deadline := time.Now().Add(60 * time.Second); !a.Ready(); time.Sleep(5 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatal("adapter not ready after 60s")
				}
			}
			if mode == "webhook" {
				mux := http.NewServeMux()
				a.Register(mux)
				srv = httptest.NewServer(mux)
				defer srv.Close()
				body := fmt.Sprintf(`{"update_id":7,"message":{"message_id":7,"from":{"id":%d,"first_name":"A"},"chat":{"id":%d,"type":"private"},"date":1,"text":%q}}`,
					alice.ID, alice.ID, question)
				req, _ := http.NewRequest("POST", srv.URL+WebhookPath, strings.NewReader(body))
				req.Header.Set(secretHeader, "hook-secret")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatalf("POST: %v", err)
				}
				resp.Body.Close()
			} else {
				fake.Private(alice, question)
			}
			select {
			case <-h.started:
			case <-time.After(60 * time.Second):
				t.Fatal("handler not called within 60s")
			}
			cancel()
			select {
			case err := <-done:
				if !errors.Is(err, bot.ErrRepliesAbandoned) {
					t.Fatalf("Run = %v, want an error wrapping bot.ErrRepliesAbandoned", err)
				}
				if strings.Contains(err.Error(), fake.Token()) {
					t.Errorf("error %q contains the token", err)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("Run did not return within 30s of cancellation")
			}
		})
	}
}

// TestRunErrorsNameThePlatformOnce checks the exact text of the errors Run
// ends with, as serve logs them: "telegram: method: what happened", with
// no repeated prefix and no token.
func TestRunErrorsNameThePlatformOnce(t *testing.T) {
	for _, tc := range []struct {
		name    string
		webhook bool
		method  string
		fault   tgfake.Fault
		want    string
	}{
		{"token revoked while polling", false, "getUpdates", tgfake.Fault{Code: 401, Description: "Unauthorized"},
			"telegram: getUpdates: Telegram refused the bot token (401 Unauthorized; revoked?); check TELEGRAM_BOT_TOKEN"},
		{"webhook refused", true, "setWebhook", tgfake.Fault{Code: 400, Description: "Bad Request: bad webhook: Failed to resolve host"},
			"telegram: setWebhook: Telegram refused https://bot.example.org/telegram/webhook (400 Bad Request: bad webhook: Failed to resolve host)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := tgfake.New(t, tgfake.Options{})
			cfg := testConfig(fake)
			cfg.Logger = slog.New(slog.DiscardHandler)
			if tc.webhook {
				cfg.WebhookURL = "https://bot.example.org" + WebhookPath
				cfg.WebhookSecret = "hook-secret"
			}
			a, err := New(cfg, mustBot(t))
			if err != nil {
				t.Fatal(err)
			}
			fake.Fail(tc.method, tc.fault)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			err = a.Run(ctx)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("Run = %v\nwant %s", err, tc.want)
			}
			if strings.Count(err.Error(), "telegram:") != 1 || strings.Contains(err.Error(), fake.Token()) {
				t.Errorf("error %q repeats its prefix or holds the token", err)
			}
		})
	}
}

// TestInlineOffersPrivateChat checks the "open a chat" button above inline
// results: shown for an empty query and one the bot abstains on (in the
// user's language), never above real results; and that the /start it
// sends opens the chat with the help.
func TestInlineOffersPrivateChat(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{})
	mustRun(t, fake, mustBot(t), nil)
	for i, tc := range []struct {
		name   string
		user   tgbotapi.User
		query  string
		button string
	}{
		{"empty query", bob, "", "Open a chat with the bot"},
		{"empty query, Chinese user", alice, "", "与机器人私聊"},
		{"abstains", bob, "what is the weather in Paris tomorrow", "Open a chat with the bot"},
		{"results", alice, "北斗", ""},
	} {
		id, _ := fake.Inline(tc.user, tc.query, "")
		handled(t, fake, id)
		ans := fake.InlineAnswers()[i]
		if ans.ButtonText != tc.button {
			t.Errorf("%s: button text %q, want %q (%d results)", tc.name, ans.ButtonText, tc.button, len(ans.Results))
		}
		if tc.button != "" && (ans.ButtonStartParameter != startParameter || len(ans.Results) != 0) {
			t.Errorf("%s: start_parameter %q with %d results, want %q with none", tc.name, ans.ButtonStartParameter, len(ans.Results), startParameter)
		}
	}
	// The button opens the private chat with "/start inline": the help.
	id, _ := fake.Private(bob, "/start "+startParameter)
	handled(t, fake, id)
	got := fake.SentTo(bob.ID)
	if len(got) == 0 || !strings.Contains(got[len(got)-1].Text, "/ask") {
		t.Errorf("/start %s answered %+v, want the help", startParameter, got)
	}
}
