package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"clausebot/bot"
	"clausebot/bot/bottest"
	"clausebot/bot/telegram/tgfake"
	"clausebot/index"
)

// longFS is one document whose title is 5,000 characters and whose first
// clause is longer than a Telegram message, so its answer is split.
var longFS = fstest.MapFS{
	"long.md": {Data: []byte("---\ntitle: " + strings.Repeat("Rules on weather stations and their reporting duties ", 95) + "\n---\n\n" +
		"## 1. General\n\n" +
		strings.Repeat("Weather stations report rainfall to the regional office every morning, and the office keeps the reports for ten years. ", 60) + "\n\n" +
		"Weather stations report snowfall to the regional office every evening.\n")},
}

// mustLongBot is a Bot over longFS.
func mustLongBot(t *testing.T) (*bot.Bot, string) {
	t.Helper()
	x, err := index.Load(context.Background(), longFS, index.Options{})
	if err != nil {
		t.Fatalf("index.Load: %v", err)
	}
	t.Cleanup(func() { x.Close() })
	title := x.Documents()[0].Title
	if n := bot.UTF16Len(title); n < 4096 {
		t.Fatalf("the long title is %d UTF-16 units; the case needs more than a message holds", n)
	}
	return bot.New(x, bot.Options{RatePerMinute: -1}), title
}

const forum = -1009000000001

// In a forum supergroup every message of an answer, the parts of a split
// one included, and what a button press sends go to the question's topic;
// the fake refuses a thread it does not know and files a message without
// message_thread_id (and not a reply) under General.
func TestForumTopicRepliesStayInTopic(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{})
	b, _ := mustLongBot(t)
	mustRun(t, fake, b, nil)
	const topic = 77
	chat := tgbotapi.Chat{ID: forum, Type: "supergroup", Title: "Forum"}
	id, qid := fake.Push(tgfake.MessageSpec{Chat: chat, From: bob, Thread: topic, Text: "/ask@clause_test_bot weather stations rainfall"})
	handled(t, fake, id)
	sent := fake.SentTo(forum)
	if len(sent) < 2 {
		t.Fatalf("%d messages sent, want a split answer of 2 or more", len(sent))
	}
	for i, m := range sent {
		if m.Thread != topic {
			t.Errorf("message %d of %d went to thread %d, want topic %d: %.60q", i+1, len(sent), m.Thread, topic, m.Text)
		}
	}
	if sent[0].ReplyTo != qid {
		t.Errorf("the first part replies to %d, want the question %d", sent[0].ReplyTo, qid)
	}
	// Every button on the answer keeps to the topic too.
	last := sent[len(sent)-1]
	if len(last.Buttons()) == 0 {
		t.Fatalf("the answer has no buttons to press")
	}
	before := len(sent)
	for _, data := range last.Buttons() {
		id, _ := fake.Press(bob, forum, last.MessageID, data)
		handled(t, fake, id)
	}
	after := fake.SentTo(forum)
	if len(after) == before {
		t.Fatalf("no button press sent a new message; buttons %q", last.Buttons())
	}
	for _, m := range after[before:] {
		if m.Thread != topic {
			t.Errorf("after a press, a message went to thread %d, want topic %d: %.60q", m.Thread, topic, m.Text)
		}
	}
	// /share in the topic answers in the topic, with a link to the answer.
	id, _ = fake.Push(tgfake.MessageSpec{Chat: chat, From: bob, Thread: topic, Text: "/share@clause_test_bot"})
	handled(t, fake, id)
	all := fake.SentTo(forum)
	if m := all[len(all)-1]; m.Thread != topic || !strings.Contains(m.Text, "https://t.me/clause_test_bot?start=") {
		t.Errorf("/share in a topic: thread %d, text %q", m.Thread, m.Text)
	}
}

// The fake holds the adapter to the topic rules: these requests are ones
// Telegram refuses or misfiles, so a regression in the adapter fails above.
func TestFakeChecksTopics(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{})
	a := mustRun(t, fake, mustBot(t), nil)
	chat := tgbotapi.Chat{ID: forum, Type: "supergroup", Title: "Forum"}
	fake.Push(tgfake.MessageSpec{Chat: chat, From: bob, Thread: 5, Text: "hello"})
	fake.Group(-1002, bob, "hello")
	for _, tc := range []struct {
		name   string
		to     target
		thread int // where it lands, -1 refused
	}{
		{"known topic", target{chat: forum, group: true, thread: 5}, 5},
		{"unknown topic", target{chat: forum, group: true, thread: 6}, -1},
		{"no topic: General", target{chat: forum, group: true}, 0},
		{"topic in a group without topics", target{chat: -1002, group: true, thread: 5}, -1},
	} {
		to := tc.to
		id, err := a.sendMessage(context.Background(), &to, "x", nil, 0)
		switch {
		case tc.thread < 0 && err == nil:
			t.Errorf("%s: sent (message %d), want refused", tc.name, id)
		case tc.thread >= 0 && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.thread >= 0:
			ms := fake.SentTo(to.chat)
			if got := ms[len(ms)-1].Thread; got != tc.thread {
				t.Errorf("%s: landed in thread %d, want %d", tc.name, got, tc.thread)
			}
		}
	}
}

// A photo or file sent with the question as its caption is answered, in a
// private chat and (as a command) in a group.
func TestCaptionIsAQuestion(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{})
	mustRun(t, fake, mustBot(t), nil)
	id, _ := fake.Push(tgfake.MessageSpec{Chat: tgbotapi.Chat{ID: alice.ID, Type: "private"}, From: alice, Text: question, Caption: true})
	handled(t, fake, id)
	if got := fake.SentTo(alice.ID); len(got) == 0 || !strings.Contains(got[0].Text, "北斗") {
		t.Fatalf("a captioned question got %+v, want an answer about 北斗", got)
	}
	const group = -1003
	id, _ = fake.Push(tgfake.MessageSpec{Chat: tgbotapi.Chat{ID: group, Type: "supergroup"}, From: bob, Text: "/ask@clause_test_bot " + question, Caption: true})
	handled(t, fake, id)
	if got := fake.SentTo(group); len(got) == 0 || !strings.Contains(got[0].Text, "北斗") {
		t.Fatalf("a captioned /ask in a group got %+v, want an answer", got)
	}
	// Captioned chatter in a group stays unanswered, as text chatter does.
	id, _ = fake.Push(tgfake.MessageSpec{Chat: tgbotapi.Chat{ID: group, Type: "supergroup"}, From: bob, Text: "look at this " + question, Caption: true})
	handled(t, fake, id)
	if got := fake.SentTo(group); len(got) != 1 {
		t.Errorf("captioned chatter answered: %d messages", len(got))
	}
}

// A command from an admin posting anonymously (from GroupAnonymousBot,
// sender_chat the group) is the group's question, under the same rules as
// anyone's; a linked channel's post (sender_chat another chat, from a bot)
// is still ignored.
func TestAnonymousAdmin(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{})
	mustRun(t, fake, mustBot(t), nil)
	group := tgbotapi.Chat{ID: -1004, Type: "supergroup", Title: "Group"}
	channel := tgbotapi.Chat{ID: -1005, Type: "channel", Title: "Channel"}
	channelBot := tgbotapi.User{ID: 136817688, IsBot: true, FirstName: "Channel", UserName: "Channel_Bot"}
	tests := []struct {
		name   string
		spec   tgfake.MessageSpec
		answer bool
	}{
		{"anonymous /ask@bot", tgfake.MessageSpec{From: tgfake.AnonymousAdmin(), SenderChat: &group, Text: "/ask@clause_test_bot " + question}, true},
		{"anonymous mention", tgfake.MessageSpec{From: tgfake.AnonymousAdmin(), SenderChat: &group, Text: "@clause_test_bot " + question}, true},
		{"anonymous chatter", tgfake.MessageSpec{From: tgfake.AnonymousAdmin(), SenderChat: &group, Text: question}, false},
		{"anonymous command for another bot", tgfake.MessageSpec{From: tgfake.AnonymousAdmin(), SenderChat: &group, Text: "/ask@other_bot " + question}, false},
		{"linked channel post", tgfake.MessageSpec{From: channelBot, SenderChat: &channel, Text: "/ask@clause_test_bot " + question}, false},
		{"another bot", tgfake.MessageSpec{From: tgbotapi.User{ID: 555, IsBot: true, UserName: "other_bot"}, Text: "/ask@clause_test_bot " + question}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.spec.Chat = group
			before := len(fake.SentTo(group.ID))
			id, qid := fake.Push(tc.spec)
			handled(t, fake, id)
			sent := fake.SentTo(group.ID)[before:]
			if got := len(sent) > 0; got != tc.answer {
				t.Fatalf("answered = %v, want %v; sent %+v", got, tc.answer, sent)
			}
			if tc.answer && sent[0].ReplyTo != qid {
				t.Errorf("the answer replies to %d, want the question %d", sent[0].ReplyTo, qid)
			}
		})
	}
}

var startLinkRe = regexp.MustCompile(`https://t\.me/clause_test_bot\?start=(\S+)`)

// /share gives a t.me link for the last answer (or a named clause), whose
// payload fits Telegram's rules; /start with that payload opens the clause.
func TestShareLinkOpensTheClause(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{})
	seed := bottest.SeedIndex(t)
	mustRun(t, fake, bot.New(seed, bot.Options{RatePerMinute: -1}), nil)
	last := func(user tgbotapi.User) tgfake.Message {
		t.Helper()
		ms := fake.SentTo(user.ID)
		if len(ms) == 0 {
			t.Fatalf("nothing sent to %d", user.ID)
		}
		return ms[len(ms)-1]
	}
	id, _ := fake.Private(bob, "/share")
	handled(t, fake, id)
	if got := last(bob).Text; !strings.Contains(got, "Ask a question first") {
		t.Errorf("/share before any answer: %q", got)
	}
	id, _ = fake.Private(bob, question)
	handled(t, fake, id)
	answer := fake.SentTo(bob.ID)[1]
	ref := regexp.MustCompile(`二·\d+`).FindString(answer.Text)
	if ref == "" {
		t.Fatalf("no reference in the answer %q", answer.Text)
	}
	for _, cmd := range []string{"/share", "/share " + ref} {
		id, _ = fake.Private(bob, cmd)
		handled(t, fake, id)
		got := last(bob).Text
		m := startLinkRe.FindStringSubmatch(got)
		if m == nil || !strings.Contains(got, ref) {
			t.Fatalf("%s: %q, want a t.me link to %s", cmd, got, ref)
		}
		if !regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`).MatchString(m[1]) {
			t.Errorf("%s: payload %q breaks Telegram's 64-character [A-Za-z0-9_-] rule", cmd, m[1])
		}
		// Someone else follows the link.
		id, _ = fake.Private(alice, "/start "+m[1])
		handled(t, fake, id)
		c, err := seed.Clause(context.Background(), ref)
		if err != nil {
			t.Fatal(err)
		}
		if got := last(alice).Text; !strings.Contains(squashSpace(got), squashSpace(c.Text)) || !strings.Contains(got, ref) {
			t.Errorf("/start %s opened %.80q, want clause %s", m[1], got, ref)
		}
	}
	// A reference too long for a payload is refused with a way round it.
	long := "doc:" + strings.Repeat("第二十一条", 4)
	id, _ = fake.Private(bob, "/share "+long)
	handled(t, fake, id)
	if got := last(bob).Text; startLinkRe.MatchString(got) || !strings.Contains(got, "/clause "+long) {
		t.Errorf("/share of a %d-byte reference: %q", len(long), got)
	}
}

// A 5,000-character document title fits every message and inline result:
// the fake refuses anything past 4096 UTF-16 units after entity parsing.
func TestLongTitleFitsEveryMessage(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{})
	b, title := mustLongBot(t)
	r := mustRun(t, fake, b, nil)
	for _, q := range []string{"weather stations rainfall", "snowfall every evening", "/section 1", "/clause 1·2"} {
		before := len(fake.SentTo(bob.ID))
		id, _ := fake.Private(bob, q)
		handled(t, fake, id)
		sent := fake.SentTo(bob.ID)[before:]
		if len(sent) == 0 {
			t.Fatalf("%q: nothing sent; logs:\n%s", q, r.logs)
		}
		for _, m := range sent {
			if n := bot.UTF16Len(m.Text); n > MaxMessage {
				t.Errorf("%q: a message of %d UTF-16 units", q, n)
			}
		}
		if !strings.Contains(sent[len(sent)-1].Text, title[:40]) {
			t.Errorf("%q: the reference line lost the title's start: %.100q", q, sent[len(sent)-1].Text)
		}
	}
	if r.metrics.sendErrors.Load() != 0 {
		t.Errorf("%d sends refused; logs:\n%s", r.metrics.sendErrors.Load(), r.logs)
	}
	id, _ := fake.Inline(bob, "weather stations snowfall", "")
	handled(t, fake, id)
	ans := fake.InlineAnswers()
	if len(ans) != 1 || len(ans[0].Results) == 0 {
		t.Fatalf("inline: %+v, want results; logs:\n%s", ans, r.logs)
	}
}

// In webhook mode the topic is read from the posted update too: the
// library's types do not have it, so the adapter decodes it itself.
func TestWebhookForumTopic(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{})
	const secret = "hook-secret"
	r := mustRun(t, fake, mustBot(t), func(c *Config) {
		c.WebhookURL = "https://bot.example.com/telegram/webhook"
		c.WebhookSecret = secret
	})
	mux := http.NewServeMux()
	r.Register(mux)
	chat := tgbotapi.Chat{ID: forum, Type: "supergroup", Title: "Forum"}
	_, qid := fake.Push(tgfake.MessageSpec{Chat: chat, From: bob, Thread: 31, Text: "hello"}) // the fake learns the topic
	text := "/ask@clause_test_bot " + question
	body, err := json.Marshal(map[string]any{
		"update_id": 900001,
		"message": map[string]any{
			"message_id": qid, "date": 1, "text": text,
			"from":              map[string]any{"id": bob.ID, "first_name": "Bob"},
			"chat":              map[string]any{"id": forum, "type": "supergroup", "title": "Forum", "is_forum": true},
			"entities":          tgfake.Entities(text),
			"message_thread_id": 31, "is_topic_message": true,
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("POST", WebhookPath, bytes.NewReader(body))
	req.Header.Set(secretHeader, secret)
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, req)
	if w.Code != http.StatusOK {
		t.Fatalf("webhook answered %d", w.Code)
	}
	if !fake.WaitSent(1, 60*time.Second) {
		t.Fatalf("no answer; logs:\n%s", r.logs)
	}
	for _, m := range fake.SentTo(forum) {
		if m.Thread != 31 {
			t.Errorf("a message went to thread %d, want topic 31: %.60q", m.Thread, m.Text)
		}
	}
}

// /share sent in reply to an older answer links that answer's clause, not
// the last one.
func TestShareInReplyToAnAnswer(t *testing.T) {
	fake := tgfake.New(t, tgfake.Options{})
	mustRun(t, fake, mustBot(t), nil)
	const group = -1006
	chat := tgbotapi.Chat{ID: group, Type: "supergroup", Title: "Group"}
	ask := func(text string) (tgfake.Message, string) {
		t.Helper()
		before := len(fake.SentTo(group))
		id, _ := fake.Push(tgfake.MessageSpec{Chat: chat, From: bob, Text: text})
		handled(t, fake, id)
		sent := fake.SentTo(group)[before:]
		if len(sent) == 0 {
			t.Fatalf("%q: no answer", text)
		}
		return sent[0], regexp.MustCompile(`二·\d+`).FindString(sent[0].Text)
	}
	first, ref1 := ask("/clause@clause_test_bot 二.3")
	_, ref2 := ask("/clause@clause_test_bot 二.12")
	if ref1 != "二·3" || ref2 != "二·12" {
		t.Fatalf("answers show %q and %q", ref1, ref2)
	}
	for _, tc := range []struct {
		spec tgfake.MessageSpec
		want string
	}{
		{tgfake.MessageSpec{Chat: chat, From: bob, Text: "/share@clause_test_bot", ReplyTo: first.MessageID}, ref1},
		{tgfake.MessageSpec{Chat: chat, From: bob, Text: "/share@clause_test_bot"}, ref2},
	} {
		id, _ := fake.Push(tc.spec)
		handled(t, fake, id)
		all := fake.SentTo(group)
		got := all[len(all)-1].Text
		m := startLinkRe.FindStringSubmatch(got)
		if m == nil {
			t.Fatalf("no link in %q", got)
		}
		if ref, ok := refFromPayload(m[1]); !ok || ref != tc.want {
			t.Errorf("reply to %d: the link opens %q, want %q", tc.spec.ReplyTo, ref, tc.want)
		}
	}
}
