package telegram

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"clausebot/bot"
	"clausebot/bot/bottest"
	"clausebot/bot/telegram/tgfake"
)

// FuzzUpdate feeds arbitrary bytes to both ways updates arrive: the
// webhook endpoint, and a getUpdates result as long polling decodes and
// dispatches it. For any input: an answer with a status Telegram
// understands, no panic (recovered or not), and the update checked before
// anything dereferences it.
func FuzzUpdate(f *testing.F) {
	f.Add([]byte(`{"update_id":1,"message":{}}`))
	f.Add([]byte(`{"update_id":2,"message":{"message_id":1,"from":{"id":1,"first_name":"A"},"chat":{"id":1,"type":"private"},"text":"/ask@clause_test_bot 北斗","entities":[{"type":"bot_command","offset":0,"length":4}]}}`))
	f.Add([]byte(`{"update_id":3,"message":{"message_id":1,"chat":{"id":-5,"type":"supergroup"},"from":{"id":2},"text":"@x","entities":[{"type":"mention","offset":9223372036854775807,"length":9223372036854775807}],"reply_to_message":{"message_id":0}}}`))
	f.Add([]byte(`{"update_id":4,"callback_query":{"id":"q","from":{"id":1},"message":{"message_id":1,"chat":{"id":1,"type":"private"}},"data":"more:x"}}`))
	f.Add([]byte(`{"update_id":5,"inline_query":{"id":"i","from":{"id":1},"query":"北斗","offset":"-1"}}`))
	f.Add([]byte(`{"update_id":-1}`))

	fake := tgfake.New(f, tgfake.Options{})
	const secret = "fuzz-secret"
	logs := &bottest.PanicWatch{}
	r := mustRun(f, fake, bottest.SilentHandler{}, func(c *Config) {
		c.WebhookURL = "https://bot.example.com" + WebhookPath
		c.WebhookSecret = secret
		c.Logger = slog.New(logs)
	})
	mux := http.NewServeMux()
	r.Register(mux)
	idle := func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if !r.runner.Wait(ctx) {
			t.Fatal("updates still being handled after 30 s")
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(http.MethodPost, WebhookPath, strings.NewReader(string(body)))
		req.Header.Set(secretHeader, secret)
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, req)
		switch w.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("status %d for %q", w.Code, body)
		}
		// Long polling: the same bytes as one update of a getUpdates result.
		var updates []incoming
		if json.Unmarshal([]byte("["+string(body)+"]"), &updates) == nil {
			for i := range updates {
				u := &updates[i]
				updateKey(&u.Update) // safe on any update
				if checkUpdate(&u.Update) == nil {
					r.runner.Go(updateKey(&u.Update), func() { r.handleUpdate(context.Background(), u) })
				}
			}
		}
		idle(t)
		if p := logs.Panics(); len(p) > 0 {
			t.Fatalf("panic while handling %q:\n%s", body, strings.Join(p, "\n"))
		}
	})
}

// FuzzParseText reads arbitrary text with arbitrary entities.
func FuzzParseText(f *testing.F) {
	f.Add("/ask@clause_test_bot 北斗", "bot_command", 0, 20, "mention", 5, 3)
	f.Add("😀 @clause_test_bot 北斗", "mention", 3, 16, "text_mention", 0, 2)
	f.Add("/start x", "bot_command", 1, int(^uint(0)>>1), "mention", -1, 5)
	me := &tgbotapi.User{ID: 9, UserName: "clause_test_bot"}
	f.Fuzz(func(t *testing.T, text, t1 string, o1, l1 int, t2 string, o2, l2 int) {
		m := &tgbotapi.Message{Text: text, Entities: []tgbotapi.MessageEntity{
			{Type: t1, Offset: o1, Length: l1},
			{Type: t2, Offset: o2, Length: l2, User: &tgbotapi.User{ID: 9}},
		}}
		p := parseText(m.Text, m.Entities, me)
		if utf8.ValidString(text) && !utf8.ValidString(p.text) {
			t.Fatalf("parseText(%q) = %q: not valid UTF-8", text, p.text)
		}
	})
}

// FuzzRenderHTML renders arbitrary clauses, highlights and references and
// checks every message as Telegram would: HTML it parses, within 4096
// UTF-16 units (measured on the HTML, stricter than Telegram), with the
// whole clause in it; the inline article too.
func FuzzRenderHTML(f *testing.F) {
	f.Add("双方同意加强北斗合作 <b>&amp;</b>", 2, 8, -3, 40, uint16(0), "二·12", doc)
	f.Add(strings.Repeat("北斗，", 2000), 0, 6, 9, 15, uint16(1), "二·1", strings.Repeat("题", 4000))
	f.Add("😀<&>😀", 0, 1, 1, 2, uint16(2), "", "")
	f.Fuzz(func(t *testing.T, text string, s1, e1, s2, e2 int, every uint16, ref, title string) {
		if !utf8.ValidString(text) || !utf8.ValidString(ref) || !utf8.ValidString(title) {
			return // documents are valid UTF-8
		}
		bold := []bot.Span{{Start: s1, End: e1}, {Start: s2, End: e2}}
		if every > 0 {
			for i := 0; i < len(text); i += int(every) * 3 {
				bold = append(bold, bot.Span{Start: i, End: i + 3})
			}
		}
		b := bot.Block{Kind: bot.ClauseBlock, Text: text, Bold: bold, Ref: ref, Doc: title}
		out := render(bot.Reply{Blocks: []bot.Block{b}})
		checkMessages(t, out.Messages)
		var plain strings.Builder
		for _, m := range out.Messages {
			p, _, _ := tgfake.ParseHTML(m)
			plain.WriteString(p)
		}
		if got, want := squashSpace(plain.String()), squashSpace(text); !strings.HasPrefix(got, want) {
			t.Fatalf("clause text lost or changed:\n got %q\nwant %q first", got, want)
		}
		a := article("0", bot.Hit{Clause: bot.Clause{Ref: ref, DocTitle: title, Text: text}, Highlights: bold})
		checkMessages(t, []string{a.InputMessageContent.(tgbotapi.InputTextMessageContent).Text})
	})
}
