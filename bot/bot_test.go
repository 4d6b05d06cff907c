package bot_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"clausebot/bot"
	"clausebot/bot/bottest"
	"clausebot/index"
)

var (
	seedOnce sync.Once
	seedIdx  *index.Index
	seedErr  error
)

// mustSeed returns a real index of the embedded seed, shared by the tests
// of this package (it is read-only).
func mustSeed(t testing.TB) *index.Index {
	t.Helper()
	seedOnce.Do(func() { seedIdx, seedErr = index.Load(context.Background(), index.Seed(), index.Options{}) })
	if seedErr != nil {
		t.Fatalf("index.Load: %v", seedErr)
	}
	return seedIdx
}

func mustIndex(t testing.TB, fsys fs.FS) *index.Index {
	t.Helper()
	x, err := index.Load(context.Background(), fsys, index.Options{})
	if err != nil {
		t.Fatalf("index.Load: %v", err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

func dm(user, text string) bot.Message {
	return bot.Message{Platform: bot.Telegram, ChatID: "c-" + user, UserID: user, Text: text, Direct: true}
}

func replyText(r bot.Reply) string {
	var parts []string
	for _, b := range r.Blocks {
		parts = append(parts, b.Text)
	}
	return strings.Join(parts, "\n")
}

func TestGroup(t *testing.T) {
	b := bot.New(mustSeed(t), bot.Options{RatePerMinute: -1})
	ctx := context.Background()
	group := bot.Message{Platform: bot.Slack, ChatID: "C1", UserID: "U1"}
	tests := []struct {
		name   string
		mutate func(*bot.Message)
		text   string
		ok     bool
		kind   bot.ReplyKind
	}{
		{"chatter", nil, "北斗卫星导航", false, 0},
		{"greeting", nil, "hi all", false, 0},
		{"command", nil, "/ask 北斗卫星导航", true, bot.KindAnswer},
		{"other bot", nil, "/start@otherbot", false, 0},
		{"mention", func(m *bot.Message) { m.Mentioned = true }, "北斗卫星导航", true, bot.KindAnswer},
		{"bare mention", func(m *bot.Message) { m.Mentioned = true }, "", true, bot.KindHelp},
		{"reply to bot", func(m *bot.Message) { m.ReplyToBot = true }, "更多", true, bot.KindNotice}, // both hits were on the first page
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := group
			m.Text = tt.text
			if tt.mutate != nil {
				tt.mutate(&m)
			}
			r, ok := b.Handle(ctx, m)
			if ok != tt.ok || (ok && r.Kind != tt.kind) {
				t.Errorf("Handle(%q) = kind %v, ok %v; want kind %v, ok %v\n%s", tt.text, r.Kind, ok, tt.kind, tt.ok, replyText(r))
			}
		})
	}
	// Group help says how to ask in a group. (A new group: the one above
	// has been speaking Chinese.)
	m := group
	m.ChatID = "another-group"
	m.Mentioned = true
	r, _ := b.Handle(ctx, m)
	if !strings.Contains(replyText(r), "/ask") || !strings.Contains(replyText(r), "mention") {
		t.Errorf("group help does not say to mention or /ask:\n%s", replyText(r))
	}
}

// TestMoreIsPerChat checks that /more continues this chat's question and a
// button forged from another chat's cursor does not leak it.
// TestMoreAfterSection: /more goes on with what the chat paged last, a
// section or a question's results: "/section 二" then "/more" told the
// user to ask a question first, and after a question, /more paged the
// question instead of the section shown since.
func TestMoreAfterSection(t *testing.T) {
	b := bot.New(mustSeed(t), bot.Options{RatePerMinute: -1, Results: 2})
	ctx := context.Background()
	say := func(msg string) string {
		r, _ := b.Handle(ctx, dm("alice", msg))
		return replyText(r)
	}
	if r := say("/section 二"); !strings.Contains(r, "显示其中1–10") {
		t.Fatalf("/section 二:\n%s", r)
	}
	for _, want := range []string{"显示其中11–20", "显示其中21–30"} {
		if r := say("/more"); !strings.Contains(r, "第二部分") || !strings.Contains(r, want) {
			t.Errorf("/more after /section 二: want the section's %s\n%s", want, r)
		}
	}
	say("投资合作")
	if r := say("/more"); !strings.Contains(r, "“投资合作”的匹配结果") || !strings.Contains(r, "显示其中3–4") {
		t.Errorf("/more after a question: want its results 3–4\n%s", r)
	}
	say("/section 一")
	end := ""
	for range 10 {
		if r := say("/more"); strings.Contains(r, "最后一页") {
			end = r
			break
		}
	}
	if !strings.Contains(end, "第一部分已经显示到最后一页") {
		t.Errorf("/more past the section's last page: %q, want the end of 第一部分", end)
	}
}

func TestMoreIsPerChat(t *testing.T) {
	b := bot.New(mustSeed(t), bot.Options{RatePerMinute: -1, Results: 2})
	ctx := context.Background()
	r, _ := b.Handle(ctx, dm("alice", "投资合作"))
	var more string
	for _, btn := range r.Buttons {
		if btn.Label == "更多结果" {
			more = btn.Data
		}
	}
	if more == "" {
		t.Fatalf("no 更多结果 button: %+v", r.Buttons)
	}
	if r, _ := b.Handle(ctx, dm("bob", "/more")); r.Kind != bot.KindNotice {
		t.Errorf("/more in a chat with no question: kind %v, want a notice\n%s", r.Kind, replyText(r))
	}
	r, ok := b.Press(ctx, bot.Action{Platform: bot.Telegram, ChatID: "c-bob", UserID: "bob", Data: more})
	if !ok || !strings.Contains(replyText(r), "过期") {
		t.Errorf("a cursor from another chat: ok %v, %q; want the expired notice", ok, replyText(r))
	}
	r, ok = b.Press(ctx, bot.Action{Platform: bot.Telegram, ChatID: "c-alice", UserID: "alice", Data: more})
	if !ok || r.Kind != bot.KindAnswer || !strings.Contains(replyText(r), "显示其中3–4") {
		t.Errorf("the owner's press: ok %v, kind %v\n%s", ok, r.Kind, replyText(r))
	}
	// /more continues after the page the button showed, never repeating it.
	r, _ = b.Handle(ctx, dm("alice", "/more"))
	if !strings.Contains(replyText(r), "显示其中5–6") {
		t.Errorf("/more after the button: want results 5–6\n%s", replyText(r))
	}
	if _, ok := b.Press(ctx, bot.Action{Platform: bot.Telegram, ChatID: "c-alice", UserID: "alice", Data: "garbage"}); ok {
		t.Errorf("garbage button data was handled")
	}
}

func TestInline(t *testing.T) {
	b := bot.New(mustSeed(t), bot.Options{RatePerMinute: -1})
	ctx := context.Background()
	all, err := b.Inline(ctx, bot.InlineQuery{Platform: bot.Telegram, UserID: "u", Text: "合作", Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Hits) < 12 {
		t.Fatalf("want many hits for 合作, got %d", len(all.Hits))
	}
	tests := []struct {
		name            string
		q               bot.InlineQuery
		wantN, wantNext int
	}{
		{"default limit", bot.InlineQuery{Text: "合作"}, 10, 10},
		{"offset", bot.InlineQuery{Text: "合作", Offset: 10, Limit: 2}, 2, 12},
		{"limit capped", bot.InlineQuery{Text: "合作", Limit: 500}, min(50, len(all.Hits)), 0},
		{"negative offset", bot.InlineQuery{Text: "合作", Offset: -5, Limit: 1}, 1, 1},
		{"empty", bot.InlineQuery{Text: "  "}, 0, 0},
		{"abstain", bot.InlineQuery{Text: "weather in Paris tomorrow"}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.q.Platform, tt.q.UserID = bot.Telegram, "u"
			got, err := b.Inline(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if tt.name == "limit capped" && all.Next != 0 {
				tt.wantNext = 50
			}
			if len(got.Hits) != tt.wantN || got.Next != tt.wantNext {
				t.Errorf("got %d hits, next %d; want %d, next %d", len(got.Hits), got.Next, tt.wantN, tt.wantNext)
			}
		})
	}
	page, _ := b.Inline(ctx, bot.InlineQuery{Text: "合作", Offset: 10, Limit: 2})
	if page.Hits[0].Ref != all.Hits[10].Ref {
		t.Errorf("offset 10 starts at %s, want %s", page.Hits[0].Ref, all.Hits[10].Ref)
	}
	if _, err := b.Inline(ctx, bot.InlineQuery{Text: strings.Repeat("合", 501)}); bot.ErrorCode(err) != bot.EINVALID {
		t.Errorf("a too-long inline query: err %v, want EINVALID", err)
	}
}

// failing is a Searcher that answers from a real index but fails Search
// with err: a pure error-path test.
type failing struct {
	bot.Searcher
	err error
}

func (f failing) Search(context.Context, bot.Query) (bot.Results, error) { return bot.Results{}, f.err }

func TestSearchErrors(t *testing.T) {
	ctx := context.Background()
	secret := "dial tcp 10.0.0.7:9200: password=hunter2"
	tests := []struct {
		name     string
		err      error
		want     string
		wantLogs bool
	}{
		{"user error", bot.Errorf(bot.EINVALID, "the question has no words"), "抱歉，无法完成：the question has no words", false},
		{"wrapped user error", fmt.Errorf("index: %w", bot.Errorf(bot.ENOTFOUND, "no such thing")), "no such thing", false},
		{"internal", errors.New(secret), "内部错误", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			b := bot.New(failing{mustSeed(t), tt.err}, bot.Options{
				RatePerMinute: -1, Logger: slog.New(slog.NewTextHandler(&logs, nil)),
			})
			r, ok := b.Handle(ctx, dm("alice", "北斗卫星导航"))
			if !ok || r.Kind != bot.KindError {
				t.Fatalf("kind %v ok %v, want an error reply", r.Kind, ok)
			}
			if got := replyText(r); !strings.Contains(got, tt.want) || strings.Contains(got, "hunter2") {
				t.Errorf("reply %q, want it to contain %q and no internals", got, tt.want)
			}
			if logged := strings.Contains(logs.String(), "hunter2"); logged != tt.wantLogs {
				t.Errorf("internal error logged = %v, want %v; logs:\n%s", logged, tt.wantLogs, logs.String())
			}
		})
	}
}

func TestLogsOmitTextUnlessDebug(t *testing.T) {
	ctx := context.Background()
	for _, level := range []slog.Level{slog.LevelInfo, slog.LevelDebug} {
		var logs bytes.Buffer
		b := bot.New(mustSeed(t), bot.Options{RatePerMinute: -1,
			Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: level}))})
		b.Handle(ctx, dm("alice", "北斗卫星导航 secret-question-text"))
		has := strings.Contains(logs.String(), "secret-question-text")
		if has != (level == slog.LevelDebug) {
			t.Errorf("level %v: text logged = %v\n%s", level, has, logs.String())
		}
		// The per-message line is the server's at Info; the core's is Debug.
		if got := strings.Contains(logs.String(), "msg=reply"); got != (level == slog.LevelDebug) {
			t.Errorf("level %v: reply line logged = %v, want it only at debug\n%s", level, got, logs.String())
		}
	}
}

// logLine is one JSON log record, with the fields the tests look at.
type logLine struct {
	Msg       string  `json:"msg"`
	Level     string  `json:"level"`
	RequestID string  `json:"request_id"`
	Kind      string  `json:"kind"`
	Chat      string  `json:"chat"`
	LatencyMS float64 `json:"latency_ms"`
	Err       string  `json:"err"`
}

func readLogs(t *testing.T, buf *bytes.Buffer) []logLine {
	t.Helper()
	var out []logLine
	dec := json.NewDecoder(buf)
	for dec.More() {
		var l logLine
		if err := dec.Decode(&l); err != nil {
			t.Fatalf("decoding log line: %v", err)
		}
		out = append(out, l)
	}
	return out
}

func TestLogsCarryRequestID(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	b := bot.New(failing{mustSeed(t), errors.New("disk on fire")}, bot.Options{RatePerMinute: -1, Logger: log})

	// The adapter's id is used on every line about its message.
	b.Handle(bot.WithRequestID(context.Background(), "req-42"), dm("alice", "北斗卫星导航"))
	got := readLogs(t, &logs)
	if len(got) != 2 {
		t.Fatalf("got %d log lines, want the search error and the reply: %+v", len(got), got)
	}
	for _, l := range got {
		if l.RequestID != "req-42" {
			t.Errorf("line %q has request_id %q, want req-42", l.Msg, l.RequestID)
		}
	}
	if r := got[1]; r.Msg != "reply" || r.Level != "DEBUG" || r.Kind != "error" || r.Chat != "c-alice" || r.LatencyMS <= 0 {
		t.Errorf("reply line %+v, want msg reply, level DEBUG, kind error, chat c-alice and a positive latency_ms", r)
	}

	// Without one, the core makes one, the same on all of the message's
	// lines and different for the next message.
	b.Handle(context.Background(), dm("alice", "北斗卫星导航"))
	b.Handle(context.Background(), dm("alice", "北斗卫星导航"))
	got = readLogs(t, &logs)
	if len(got) != 4 {
		t.Fatalf("got %d log lines, want 4: %+v", len(got), got)
	}
	if got[0].RequestID == "" || got[0].RequestID != got[1].RequestID || got[2].RequestID != got[3].RequestID || got[0].RequestID == got[2].RequestID {
		t.Errorf("request ids %q %q %q %q: want one per message, shared by its lines", got[0].RequestID, got[1].RequestID, got[2].RequestID, got[3].RequestID)
	}
}

func TestReload(t *testing.T) {
	ctx := context.Background()
	calls := 0
	b := bot.New(mustSeed(t), bot.Options{RatePerMinute: -1, Admins: []string{"telegram:root"},
		Reload: func(context.Context) (bot.Reloaded, error) { calls++; return bot.Reloaded{Summary: "1 document"}, nil }})
	if r, _ := b.Handle(ctx, dm("mallory", "/reload")); !strings.Contains(replyText(r), "Unknown command") || calls != 0 {
		t.Errorf("a non-admin's /reload: %q, %d calls; want unknown command and no reload", replyText(r), calls)
	}
	if r, _ := b.Handle(ctx, dm("root", "/reload")); !strings.Contains(replyText(r), "Reloaded: 1 document") || calls != 1 {
		t.Errorf("an admin's /reload: %q, %d calls", replyText(r), calls)
	}
	// The summary is in the conversation's language, counted with the
	// right plural forms, not Options.Reload's English.
	for _, tc := range []struct{ ask, want string }{
		{"你好", "已重新载入：1个文件，共70条（之前：1个文件，共70条）；3条警告"},
		{"привет", "Загружено заново: 1 документ, 70 пунктов (было: 1 документ, 70 пунктов); 3 предупреждения"},
	} {
		b.Handle(ctx, dm("root", tc.ask))
		if r, _ := b.Handle(ctx, dm("root", "/reload")); replyText(r) != tc.want {
			t.Errorf("/reload after %q: %q, want %q", tc.ask, replyText(r), tc.want)
		}
	}
	// The files a reload skipped are counted and named, a few of them.
	skip := bot.New(mustSeed(t), bot.Options{RatePerMinute: -1, Admins: []string{"telegram:root"},
		Reload: func(context.Context) (bot.Reloaded, error) {
			return bot.Reloaded{Summary: "1 document", Skipped: []string{"a.pdf", "b.txt", "c.doc", "d.pdf", "e.pdf"}}, nil
		}})
	for _, tc := range []struct{ ask, want string }{
		{"hello", "Reloaded: 1 document; skipped 5 files: a.pdf, b.txt, c.doc and 2 more"},
		{"你好", "已重新载入：1个文件，共70条（之前：1个文件，共70条）；3条警告；跳过5个文件：a.pdf、b.txt、c.doc等（另有2个）"},
		{"привет", "Загружено заново: 1 документ, 70 пунктов (было: 1 документ, 70 пунктов); 3 предупреждения; пропущено: 5 файлов (a.pdf, b.txt, c.doc и ещё 2)"},
	} {
		skip.Handle(ctx, dm("root", tc.ask))
		if r, _ := skip.Handle(ctx, dm("root", "/reload")); replyText(r) != tc.want {
			t.Errorf("/reload skipping 5 files after %q: %q, want %q", tc.ask, replyText(r), tc.want)
		}
	}
	nb := bot.New(mustSeed(t), bot.Options{RatePerMinute: -1, Admins: []string{"telegram:root"}})
	if r, _ := nb.Handle(ctx, dm("root", "/reload")); !strings.Contains(replyText(r), "Unknown command") {
		t.Errorf("/reload without Options.Reload: %q", replyText(r))
	}
}

func TestMetrics(t *testing.T) {
	ctx := context.Background()
	var m bottest.Counts
	b := bot.New(mustSeed(t), bot.Options{Metrics: &m, RatePerMinute: -1})
	b.Handle(ctx, dm("a", "北斗卫星导航"))
	b.Handle(ctx, dm("a", "weather in Paris tomorrow"))
	b.Handle(ctx, dm("a", "/help"))
	b.Handle(ctx, dm("a", "/section 二"))
	if q, a, ab := m.NQuestions.Load(), m.NAnswered.Load(), m.NAbstained.Load(); q != 2 || a != 2 || ab != 1 {
		t.Errorf("questions %d, answered %d, abstained %d; want 2, 2, 1", q, a, ab)
	}
}

// TestButtonData checks every button the bot makes fits Telegram's
// callback_data and works when pressed, including with documents whose
// ids make references too long to inline.
func TestButtonData(t *testing.T) {
	ctx := context.Background()
	long := strings.Repeat("very-long-document-name-", 3)
	multi := mustIndex(t, fstest.MapFS{
		long + "a.txt": {Data: []byte("Harbour Rules\n\n1. Ships\n\nShips must report their cargo to the harbour master.\n\nShips must drop anchor only in the marked zones.\n\n2. Crews\n\nCrews must carry papers.\n")},
		long + "b.txt": {Data: []byte("Airport Rules\n\n1. Planes\n\nPlanes must report their cargo to the tower.\n\nPlanes must park only at the marked gates.\n")},
	})
	for name, s := range map[string]bot.Searcher{"seed": mustSeed(t), "long ids": multi} {
		t.Run(name, func(t *testing.T) {
			t.Logf("document ids: %q", s.Documents()[0].ID)
			b := bot.New(s, bot.Options{RatePerMinute: -1, Results: 1})
			var queue []bot.Reply
			for _, text := range []string{"/help", "/sources", "投资合作", "/section 二", "/clause 二.12", "report cargo", "/section " + s.Documents()[0].ID + ":1"} {
				r, _ := b.Handle(ctx, dm("u", text))
				queue = append(queue, r)
			}
			pressed := 0
			for len(queue) > 0 && pressed < 60 {
				r := queue[0]
				queue = queue[1:]
				for _, btn := range r.Buttons {
					if len(btn.Data) > bot.MaxButtonData || btn.Data == "" {
						t.Errorf("button %q has %d bytes of data, max %d", btn.Label, len(btn.Data), bot.MaxButtonData)
					}
					got, ok := b.Press(ctx, bot.Action{Platform: bot.Telegram, ChatID: "c-u", UserID: "u", Data: btn.Data})
					pressed++
					if !ok || got.Kind == bot.KindError || got.Kind == bot.KindNotice && strings.Contains(replyText(got), "expired") {
						t.Errorf("pressing %q (%q): ok %v, kind %v: %s", btn.Label, btn.Data, ok, got.Kind, replyText(got))
					}
					queue = append(queue, got)
				}
			}
			if pressed == 0 {
				t.Fatal("no buttons pressed")
			}
		})
	}
}

// TestConcurrent drives one Bot from many goroutines; run with -race.
func TestConcurrent(t *testing.T) {
	b := bot.New(mustSeed(t), bot.Options{RateBurst: 3})
	ctx := context.Background()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			user := fmt.Sprintf("u%d", g%3)
			for i := range 20 {
				r, ok := b.Handle(ctx, dm(user, []string{"投资合作", "/more", "/section 二", "hi"}[i%4]))
				if ok && len(r.Buttons) > 0 {
					b.Press(ctx, bot.Action{Platform: bot.Telegram, ChatID: "c-" + user, UserID: user, Data: r.Buttons[0].Data})
				}
			}
		}()
	}
	wg.Wait()
}

// TestChatLanguage follows one chat's language through a conversation: the
// user's own words decide and are remembered; command words, references,
// numbers and presses follow the memory, then the platform's hint, then
// DefaultLang.
func TestChatLanguage(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	b := bot.New(mustSeed(t), bot.Options{RatePerMinute: -1, Now: func() time.Time { return now }})
	steps := []struct {
		text    string
		hint    string
		advance time.Duration
		want    bot.Lang
	}{
		{text: "/sources", want: bot.English},                  // nothing yet: DefaultLang
		{text: "/sources", hint: "zh-hans", want: bot.Chinese}, // the hint
		{text: "/clause 二.12", want: bot.Chinese},              // a Chinese label, no memory yet
		{text: "/clause 2.12", want: bot.Chinese},              // ...which it made: the chat goes on as it was answered
		{text: "hello", want: bot.English},                     // the user's words decide
		{text: "/clause 二.12", want: bot.English},              // ...and a label does not overwrite them
		{text: "/clause II.3", hint: "zh", want: bot.English},  // memory beats the hint
		{text: "/ask 北斗", want: bot.Chinese},                   // Han after the command word
		{text: "/sources", hint: "en", want: bot.Chinese},      // memory beats the hint
		{text: "/section 2", want: bot.Chinese},
		{text: "2.12", want: bot.Chinese},
		{text: "section 2", want: bot.Chinese}, // the command word typed plainly
		{text: "/more", want: bot.Chinese},
		{text: "/help", want: bot.Chinese},
		{text: "/frobnicate", want: bot.Chinese},
		{text: "/foo bar", want: bot.Chinese}, // an unknown command's words are not the chat's
		{text: "2021", want: bot.Chinese},     // a number is in no language
		{text: "👍", want: bot.Chinese},
		{text: "hello", want: bot.English}, // a greeting is the user's words
		{text: "/section 二", want: bot.English},
		{text: "更多", want: bot.Chinese},
		{text: "/sources", advance: 25 * time.Hour, want: bot.English}, // forgotten after a day
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		m := dm("alice", s.text)
		m.LangHint = s.hint
		r, ok := b.Handle(ctx, m)
		if !ok || r.Lang != s.want {
			t.Errorf("step %d %q (hint %q): lang %q ok %v, want %q\n%s", i+1, s.text, s.hint, r.Lang, ok, s.want, replyText(r))
		}
	}
	// Another chat has its own language.
	if r, _ := b.Handle(ctx, dm("bob", "/sources")); r.Lang != bot.English {
		t.Errorf("a new chat: lang %q, want the default", r.Lang)
	}
	// Roman numerals are not English: a new chat follows the hint.
	m := dm("carol", "/clause II.3")
	m.LangHint = "zh"
	if r, _ := b.Handle(ctx, m); r.Lang != bot.Chinese {
		t.Errorf("/clause II.3 in a new chat with hint zh: lang %q, want Chinese", r.Lang)
	}
}

// TestPressFollowsChat: a button from an English reply, pressed after the
// chat went on in Chinese, answers in Chinese; pressed in a chat with no
// memory it keeps the language of the reply it came from.
func TestPressFollowsChat(t *testing.T) {
	ctx := context.Background()
	b := bot.New(mustSeed(t), bot.Options{RatePerMinute: -1})
	src, _ := b.Handle(ctx, dm("alice", "/sources"))
	if src.Lang != bot.English || len(src.Buttons) == 0 {
		t.Fatalf("/sources: lang %q, %d buttons; want English with section buttons", src.Lang, len(src.Buttons))
	}
	press := func(chat string) bot.Reply {
		r, ok := b.Press(ctx, bot.Action{Platform: bot.Telegram, ChatID: chat, UserID: "alice", Data: src.Buttons[0].Data})
		if !ok {
			t.Fatalf("press in %s: not handled", chat)
		}
		return r
	}
	if r := press("c-alice"); r.Lang != bot.English {
		t.Errorf("press before any words: lang %q, want the reply's English", r.Lang)
	}
	b.Handle(ctx, dm("alice", "北斗卫星导航"))
	if r := press("c-alice"); r.Lang != bot.Chinese || !strings.Contains(replyText(r), "部分") {
		t.Errorf("press after a Chinese question: lang %q, want Chinese\n%s", r.Lang, replyText(r))
	}
	// The memory is per chat: the same button elsewhere keeps its language.
	if r := press("c-other"); r.Lang != bot.English {
		t.Errorf("press in another chat: lang %q, want English", r.Lang)
	}
}

// withLang is the real seed index with Document.Lang filled in, as the
// index will fill it, so the core's use of it can be tested before then.
type withLang struct {
	bot.Searcher
	lang string
}

func (w withLang) Documents() []bot.Document {
	docs := w.Searcher.Documents()
	out := make([]bot.Document, len(docs))
	for i, d := range docs {
		d.Lang = w.lang
		out[i] = d
	}
	return out
}

func TestNoMatchNamesTheDocumentsLanguage(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		docLang string
		text    string
		want    []string // in the reply
		not     []string
	}{
		{"English question, Chinese documents", "zh", "What will the weather be like in Paris tomorrow?",
			[]string{"The loaded documents are in Chinese; English questions are looked up in them through an English–Chinese dictionary", "Asking in Chinese finds more, e.g. ", "found no clause"}, nil},
		{"Russian question, Chinese documents", "zh", "Какая погода будет завтра в Париже?",
			[]string{"Загруженные документы написаны на языке: китайский", "русско-китайского словаря у меня нет", "не нашлось пункта"},
			[]string{"The loaded", "found no clause"}},
		// With Russian documents loaded the question was searched in them:
		// the note on Russian questions would mislead (a trial user's find).
		{"Russian question, Russian documents", "ru", "Какая погода будет завтра в Париже?",
			[]string{"не нашлось пункта"}, []string{"написаны на языке", "только по русским документам"}},
		{"Chinese question, Chinese documents", "zh", "明天巴黎的天气怎么样？",
			[]string{"没有找到"}, []string{"文本，请用"}},
		{"documents' language unknown", "", "What will the weather be like in Paris tomorrow?",
			[]string{"found no clause"}, []string{"are in"}},
		{"Chinese question, English documents", "en", "明天巴黎的天气怎么样？",
			[]string{"已载入的文件是英文文本，请用英文提问"}, nil},
		{"no words to tell", "zh", "1999 ??",
			nil, []string{"are in", "文本，请用"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := bot.New(withLang{mustSeed(t), tt.docLang}, bot.Options{RatePerMinute: -1})
			r, _ := b.Handle(ctx, dm("alice", tt.text))
			got := replyText(r)
			if r.Kind != bot.KindNoMatch {
				t.Fatalf("kind %v, want no match\n%s", r.Kind, got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("reply does not contain %q:\n%s", w, got)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("reply contains %q:\n%s", n, got)
				}
			}
			if len(r.Blocks) != 1 || r.Blocks[0].Kind != bot.TextBlock {
				t.Errorf("no match shows %d blocks; want the one text block, never a clause", len(r.Blocks))
			}
			// The example is a question that works: it finds a clause.
			if _, ex, ok := strings.Cut(got, "e.g. "); ok {
				ex, _, _ = strings.Cut(ex, "\n")
				if r, _ := b.Handle(ctx, dm("bob", ex)); r.Kind != bot.KindAnswer {
					t.Errorf("the example %q does not find a clause (kind %v)", ex, r.Kind)
				}
			}
		})
	}
}

// TestNoLoneBoldCharacters: on the real index, single characters matched
// on their own (【中】) are not shown bold unless the question has them
// as a term; the words that matched still are.
func TestNoLoneBoldCharacters(t *testing.T) {
	ctx := context.Background()
	b := bot.New(mustSeed(t), bot.Options{RatePerMinute: -1})
	for _, q := range []string{"中俄在北斗卫星导航方面有什么合作？", "经贸合作", "能源合作"} {
		r, _ := b.Handle(ctx, dm("alice", q))
		if r.Kind != bot.KindAnswer {
			t.Fatalf("%q: kind %v, want answers", q, r.Kind)
		}
		bold := 0
		for _, blk := range r.Blocks {
			for _, sp := range blk.Bold {
				bold++
				if s := blk.Text[sp.Start:sp.End]; utf8.RuneCountInString(s) < 2 {
					t.Errorf("%q: %s shows the lone character 【%s】 in bold:\n%s", q, blk.Ref, s, blk.Text)
				}
			}
		}
		if bold == 0 {
			t.Errorf("%q: nothing is bold; the matched words must still be", q)
		}
	}
}

func TestRussianPlurals(t *testing.T) {
	for n, want := range map[int]string{1: "1 пункт", 2: "2 пункта", 5: "5 пунктов", 11: "11 пунктов", 12: "12 пунктов", 21: "21 пункт", 22: "22 пункта", 70: "70 пунктов", 111: "111 пунктов", 104: "104 пункта"} {
		b := bot.New(withClauses{mustSeed(t), n}, bot.Options{RatePerMinute: -1, DefaultLang: bot.Russian})
		r, _ := b.Handle(context.Background(), dm("alice", "/sources"))
		if !strings.Contains(replyText(r), " · "+want) {
			t.Errorf("%d clauses: %q, want %q", n, replyText(r), want)
		}
	}
}

// withClauses reports n clauses for every document.
type withClauses struct {
	bot.Searcher
	n int
}

func (w withClauses) Documents() []bot.Document {
	docs := w.Searcher.Documents()
	for i := range docs {
		docs[i].Clauses = w.n
	}
	return docs
}

// TestHelpExamplesAreQuestions: help's examples are questions a person
// would ask, in the loaded documents' language (English documents with
// English words: English questions; Chinese documents: Chinese ones, whatever
// the bot's language), and each one answers with a clause.
func TestHelpExamplesAreQuestions(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		fsys   fs.FS
		lang   bot.Lang
		starts []string
	}{
		{"English documents, lang en", os.DirFS("../testdata/documents/en"), bot.English, []string{"What does it say about ", "Where does it say that "}},
		{"Chinese documents, lang en", nil, bot.English, []string{"关于"}},
		{"Chinese documents, lang zh", nil, bot.Chinese, []string{"关于"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s bot.Searcher = mustSeed(t)
			if tc.fsys != nil {
				s = mustIndex(t, tc.fsys)
			}
			b := bot.New(s, bot.Options{RatePerMinute: -1, DefaultLang: tc.lang})
			r, _ := b.Handle(ctx, dm("alice", "/help"))
			var ex []string
			for _, line := range strings.Split(replyText(r), "\n") {
				if q, ok := strings.CutPrefix(line, "• "); ok {
					ex = append(ex, q)
				}
			}
			if len(ex) < 2 {
				t.Fatalf("%d examples %q, want 2–3\n%s", len(ex), ex, replyText(r))
			}
			for _, q := range ex {
				framed := false
				for _, s := range tc.starts {
					framed = framed || strings.HasPrefix(q, s)
				}
				if !framed || !strings.HasSuffix(q, "?") && !strings.HasSuffix(q, "？") {
					t.Errorf("example %q is not a question starting with one of %q", q, tc.starts)
				}
				if r, _ := b.Handle(ctx, dm("bob", q)); r.Kind != bot.KindAnswer {
					t.Errorf("example %q finds no clause (kind %v)", q, r.Kind)
				}
			}
		})
	}
}

// TestNoMatchExampleSection checks that the no-match reply's example
// /section names a document the asker can type (网络安全法, not
// 网络安全法-2016-11-07 or a 30-character id) in the asker's language, and
// that the example opens that section.
func TestNoMatchExampleSection(t *testing.T) {
	ctx := context.Background()
	b := bot.New(mustIndex(t, os.DirFS("../testdata/documents")), bot.Options{RatePerMinute: -1})
	r, _ := b.Handle(ctx, dm("alice", "火星移民计划"))
	if r.Kind != bot.KindNoMatch {
		t.Fatalf("火星移民计划: kind %v, want no match", r.Kind)
	}
	_, after, ok := strings.Cut(replyText(r), "/section ")
	ref := strings.FieldsFunc(after, func(r rune) bool { return r == ' ' || r == '\n' })
	if !ok || len(ref) == 0 {
		t.Fatalf("no /section example in %q", replyText(r))
	}
	doc, _, _ := strings.Cut(ref[0], ":")
	if strings.Contains(doc, "-") || len([]rune(doc)) > 12 {
		t.Errorf("example /section %s: document name %q is not short", ref[0], doc)
	}
	if r, _ := b.Handle(ctx, dm("alice", "/section "+ref[0])); r.Kind == bot.KindError || r.Kind == bot.KindNoMatch {
		t.Errorf("/section %s: %v %q, want the section", ref[0], r.Kind, replyText(r))
	}
}

// TestNoMatchNear checks that a question no clause answers shows the
// Searcher's near clauses after the no-match message, each under its
// reference with an excerpt, marked as possibly not answering, with a
// button that opens it whole; and that a no-match without near clauses
// shows none.
func TestNoMatchNear(t *testing.T) {
	ctx := context.Background()
	b := bot.New(mustSeed(t), bot.Options{RatePerMinute: -1})
	const q, want = "豆子的买卖两国以后怎么弄？", "二·19"
	r, _ := b.Handle(ctx, dm("alice", q))
	if r.Kind != bot.KindNoMatch {
		t.Fatalf("%s: kind %v, want no match (the test needs a question the bot abstains on)", q, r.Kind)
	}
	var refs []string
	marked := false
	for _, blk := range r.Blocks {
		if blk.Kind == bot.ClauseBlock {
			refs = append(refs, blk.Ref)
			if !marked {
				t.Errorf("near clause %s comes before the line saying it may not answer", blk.Ref)
			}
		} else if strings.Contains(blk.Text, "不一定回答") {
			marked = true
		}
	}
	if len(refs) == 0 || refs[0] != want {
		t.Fatalf("%s: near clauses %v, want %s first\n%s", q, refs, want, replyText(r))
	}
	var open *bot.Button
	for i := range r.Buttons {
		if strings.Contains(r.Buttons[i].Label, want) {
			open = &r.Buttons[i]
		}
	}
	if open == nil {
		t.Fatalf("no button opens %s: %v", want, r.Buttons)
	}
	p, ok := b.Press(ctx, bot.Action{Platform: bot.Telegram, ChatID: "c-alice", UserID: "alice", Data: open.Data})
	if !ok || p.Kind != bot.KindClause || !strings.Contains(replyText(p), "大豆") {
		t.Errorf("pressing %q: %v %q, want clause %s whole", open.Label, p.Kind, replyText(p), want)
	}
	r, _ = b.Handle(ctx, dm("bob", "火星移民计划"))
	for _, blk := range r.Blocks {
		if blk.Kind == bot.ClauseBlock {
			t.Errorf("火星移民计划: near clause %s, want none", blk.Ref)
		}
	}
}

// TestFollowUpCitation checks that a question citing an article without
// naming its document ("那第十一条呢") finds the article of the document the
// chat's previous answer came from first, in each chat separately.
func TestFollowUpCitation(t *testing.T) {
	ctx := context.Background()
	b := bot.New(mustIndex(t, os.DirFS("../testdata/documents")), bot.Options{RatePerMinute: -1})
	first := func(r bot.Reply) string {
		for _, blk := range r.Blocks {
			if blk.Kind == bot.ClauseBlock {
				return blk.Ref
			}
		}
		return ""
	}
	for user, c := range map[string]struct{ before, want string }{
		"alice": {"网安法第十条", "网络安全法"},
		"bob":   {"电子商务法第十条", "电子商务法"},
	} {
		b.Handle(ctx, dm(user, c.before))
		r, _ := b.Handle(ctx, dm(user, "那第十一条呢"))
		if ref := first(r); !strings.HasPrefix(ref, c.want) || !strings.HasSuffix(ref, "第十一条") {
			t.Errorf("%s: %s, then 那第十一条呢: first %q, want %s's 第十一条", user, c.before, ref, c.want)
		}
	}
}

// TestFollowUpAfterBrowsing checks that browsing makes a document the
// chat's current one, as an answer does: after /clause, /section or a
// clause's ◀/▶ button, a follow-up citing only an article number
// ("那第四十三条呢") finds that document's article first.
func TestFollowUpAfterBrowsing(t *testing.T) {
	ctx := context.Background()
	b := bot.New(mustIndex(t, os.DirFS("../testdata/documents")), bot.Options{RatePerMinute: -1})
	first := func(r bot.Reply) string {
		for _, blk := range r.Blocks {
			if blk.Kind == bot.ClauseBlock {
				return blk.Ref
			}
		}
		return ""
	}
	check := func(user, steps, followUp, want string) {
		t.Helper()
		r, _ := b.Handle(ctx, dm(user, followUp))
		if ref := first(r); ref != want {
			t.Errorf("%s, then %s: first %q, want %q\n%s", steps, followUp, ref, want, replyText(r))
		}
	}
	// /clause
	b.Handle(ctx, dm("alice", "/clause 网络安全法:第四十二条"))
	check("alice", "/clause 网络安全法:第四十二条", "那第四十三条呢", "网络安全法-2016-11-07:第四十三条")
	// The next pages rank as the first did: no clause twice.
	shown := map[string]int{}
	for page := 1; page <= 3; page++ {
		r, _ := b.Handle(ctx, dm("alice", "/more"))
		for _, blk := range r.Blocks {
			if blk.Kind == bot.ClauseBlock {
				if shown[blk.Ref]++; blk.Ref == "网络安全法-2016-11-07:第四十三条" || shown[blk.Ref] > 1 {
					t.Errorf("/more page %d after the follow-up shows %s again", page+1, blk.Ref)
				}
			}
		}
	}
	// /section, after an answer from another document
	b.Handle(ctx, dm("bob", "电子商务法第十条"))
	if r, _ := b.Handle(ctx, dm("bob", "/section 网络安全法:第二章")); r.Kind != bot.KindSection {
		t.Fatalf("/section 网络安全法:第二章: %v\n%s", r.Kind, replyText(r))
	}
	check("bob", "电子商务法第十条, /section 网络安全法:第二章", "那第十一条呢", "网络安全法-2016-11-07:第十一条")
	// a clause's ▶ button, pressed after an answer from another document
	r, _ := b.Handle(ctx, dm("carol", "/clause 网络安全法:第十条"))
	var next bot.Button
	for _, btn := range r.Buttons {
		if strings.HasSuffix(btn.Label, "▶") {
			next = btn
		}
	}
	if next.Data == "" {
		t.Fatalf("/clause 网络安全法:第十条: no ▶ button in %+v", r.Buttons)
	}
	b.Handle(ctx, dm("carol", "电子商务法第五条"))
	if p, _ := b.Press(ctx, bot.Action{Platform: bot.Telegram, ChatID: "c-carol", UserID: "carol", Data: next.Data}); p.Kind != bot.KindClause {
		t.Fatalf("pressing %s: %v\n%s", next.Label, p.Kind, replyText(p))
	}
	check("carol", "/clause 网络安全法:第十条, 电子商务法第五条, "+next.Label, "那第二十条呢", "网络安全法-2016-11-07:第二十条")
}

// TestFollowUpMissingArticle checks that a follow-up citing only an
// article number the chat's current document lacks is told so, in the
// chat's language, rather than answered with other documents' articles of
// that number or clauses that merely hold the number.
func TestFollowUpMissingArticle(t *testing.T) {
	ctx := context.Background()
	b := bot.New(mustIndex(t, os.DirFS("../testdata/documents")), bot.Options{RatePerMinute: -1})
	for _, c := range []struct {
		user, before, followUp string
		want                   []string // in the reply, which shows no clause
	}{
		{"alice", "Article 5 of the Hague Convention", "what about Article 60?", []string{"Article 60", "Convention on the International Protection of Adults"}},
		{"bob", "/clause 网络安全法:第四十二条", "那第八十条呢", []string{"第八十条", "《中华人民共和国网络安全法》中没有"}},
		{"carol", "/clause Водный:Статья 5", "а что в статье 200?", []string{"Статья 200", "Водный кодекс"}},
	} {
		b.Handle(ctx, dm(c.user, c.before))
		r, _ := b.Handle(ctx, dm(c.user, c.followUp))
		txt := replyText(r)
		for _, blk := range r.Blocks {
			if blk.Kind == bot.ClauseBlock {
				t.Errorf("%s, then %s: shows clause %s, want a reply that the document has no such article\n%s", c.before, c.followUp, blk.Ref, txt)
				break
			}
		}
		for _, w := range c.want {
			if !strings.Contains(txt, w) {
				t.Errorf("%s, then %s: reply lacks %q\n%s", c.before, c.followUp, w, txt)
			}
		}
	}
	// A follow-up the current document answers, or one naming another
	// document, is searched as before.
	b.Handle(ctx, dm("dave", "Article 5 of the Hague Convention"))
	for q, want := range map[string]string{
		"what about Article 6?":               "hague-convention-interna:Article 6",
		"网络安全法第八十条说了什么":                       "", // the named law lacks it: said so, by the citation check
		"Article 10 of the Anti-Monopoly Law": "反垄断法-2022-06-24-gb18030:第十条",
	} {
		r, _ := b.Handle(ctx, dm("dave", q))
		got := ""
		for _, blk := range r.Blocks {
			if blk.Kind == bot.ClauseBlock {
				got = blk.Ref
				break
			}
		}
		if got != want {
			t.Errorf("Article 5 of the Hague Convention, then %s: first %q, want %q\n%s", q, got, want, replyText(r))
		}
		b.Handle(ctx, dm("dave", "Article 5 of the Hague Convention"))
	}
}

// TestSectionChoices checks /section with a label many documents have:
// every candidate can be reached through the pages of choices, within the
// platforms' button limits, with a hint to type the document's name; the
// chat's current document's section is shown directly when it has one,
// with the others a button away, and comes first when it is ambiguous.
func TestSectionChoices(t *testing.T) {
	ctx := context.Background()
	b := bot.New(mustIndex(t, os.DirFS("../testdata/documents")), bot.Options{RatePerMinute: -1})
	press := func(user string, btn bot.Button) bot.Reply {
		t.Helper()
		r, ok := b.Press(ctx, bot.Action{Platform: bot.Telegram, ChatID: "c-" + user, UserID: user, Data: btn.Data})
		if !ok {
			t.Fatalf("press %q: not handled", btn.Label)
		}
		return r
	}
	for user, arg := range map[string]string{"alice": "二", "amy": "第四章"} {
		r, _ := b.Handle(ctx, dm(user, "/section "+arg))
		_, hint, _ := strings.Cut(replyText(r), "：/section ")
		hint, _, _ = strings.Cut(hint, "\n")
		if doc, _, _ := strings.Cut(hint, ":"); doc == "" || strings.Contains(doc, "-") || !strings.Contains(hint, ":") {
			t.Errorf("/section %s: no hint to type a document's short name\n%s", arg, replyText(r))
		} else if h, _ := b.Handle(ctx, dm("ann", "/section "+hint)); h.Kind != bot.KindSection {
			t.Errorf("/section %s: the hint /section %s gives %v\n%s", arg, hint, h.Kind, replyText(h))
		}
		seen := map[string]bot.Button{}
		for pages := 0; ; pages++ {
			if len(r.Buttons) > 10 {
				t.Errorf("/section %s: page %d has %d buttons, want at most 10", arg, pages+1, len(r.Buttons))
			}
			var next *bot.Button
			for _, btn := range r.Buttons {
				if btn.Label == "下一页 ▶" {
					next = &btn
				} else if btn.Label != "◀ 上一页" {
					seen[btn.Label] = btn
				}
			}
			if next == nil || pages > 5 {
				break
			}
			r = press(user, *next)
		}
		for _, want := range []string{"网络安全法", "电子商务法", "外商投资法", "反垄断法"} {
			btn, ok := seen[want+":第"+strings.TrimPrefix(strings.TrimSuffix(arg, "章"), "第")+"章"]
			if !ok {
				t.Errorf("/section %s: %s's chapter cannot be picked; choices %v", arg, want, mapKeys(seen))
				continue
			}
			if p := press(user, btn); p.Kind != bot.KindSection || !strings.Contains(replyText(p), want) {
				t.Errorf("/section %s, pressing %s: %v\n%s", arg, btn.Label, p.Kind, replyText(p))
			}
		}
	}
	// The current document's chapter, directly.
	b.Handle(ctx, dm("bob", "/clause 网络安全法:第四十二条"))
	r, _ := b.Handle(ctx, dm("bob", "/section 第四章"))
	if r.Kind != bot.KindSection || !strings.Contains(replyText(r), "网络安全法") {
		t.Fatalf("/clause 网络安全法:第四十二条, /section 第四章: %v, want 网络安全法's 第四章\n%s", r.Kind, replyText(r))
	}
	others := r.Buttons[len(r.Buttons)-1]
	if p := press("bob", others); p.Kind != bot.KindNoMatch || len(p.Buttons) < 5 || p.Buttons[0].Label != "网络安全法:第四章" {
		t.Errorf("pressing %q: %v %d buttons, first %+v; want the choices, 网络安全法's first\n%s", others.Label, p.Kind, len(p.Buttons), p.Buttons, replyText(p))
	}
	// Ambiguous in the current document too: its candidates first.
	if r, _ := b.Handle(ctx, dm("bob", "/section 二")); len(r.Buttons) == 0 || !strings.HasPrefix(r.Buttons[0].Label, "网络安全法:") {
		t.Errorf("/section 二 while reading 网络安全法: first choice %+v, want 网络安全法's\n%s", r.Buttons, replyText(r))
	}
}

func mapKeys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestReferenceSetsChatLanguage: in a new chat, a reference in Han
// ("/section 二", "/section 五") is answered in Chinese and the chat goes
// on in Chinese through commands without words of their own (/more, a
// clause typed in full-width digits, an emoji); an emoji in a new chat
// gets DefaultLang, as the README says.
func TestReferenceSetsChatLanguage(t *testing.T) {
	ctx := context.Background()
	b := bot.New(mustSeed(t), bot.Options{RatePerMinute: -1})
	for user, steps := range map[string][]string{
		"alice": {"/section 二", "/more"},
		"bob":   {"/section 五", "/clause ２.１２"},
		"carol": {"/section 五", "😀"},
	} {
		var r bot.Reply
		for _, s := range steps {
			r, _ = b.Handle(ctx, dm(user, s))
		}
		var labels []string
		for _, btn := range r.Buttons {
			labels = append(labels, btn.Label)
		}
		words := commandRE.ReplaceAllString(replyText(r)+" "+strings.Join(labels, " "), "") // command names are no words
		if r.Lang != bot.Chinese || englishWords(words) > 0 {
			t.Errorf("%s: lang %q, want Chinese words and buttons\n%s\n%q", strings.Join(steps, ", then "), r.Lang, replyText(r), labels)
		}
	}
	for def, want := range map[bot.Lang]string{bot.English: "Commands:", bot.Chinese: "命令："} {
		b := bot.New(mustSeed(t), bot.Options{RatePerMinute: -1, DefaultLang: def})
		if r, _ := b.Handle(ctx, dm("dave", "😀")); r.Kind != bot.KindHelp || r.Lang != def || !strings.Contains(replyText(r), want) {
			t.Errorf("😀 in a new chat, DefaultLang %s: %v %q, want help in the default language\n%s", def, r.Kind, r.Lang, replyText(r))
		}
	}
}

var commandRE = regexp.MustCompile(`/[a-z]+`)

// TestHelpExamplesInChatLanguage: over documents in several languages, a
// greeting's help has example questions in the greeting's language, taken
// from the documents in that language, and each finds a clause.
func TestHelpExamplesInChatLanguage(t *testing.T) {
	ctx := context.Background()
	b := bot.New(mustIndex(t, os.DirFS("../testdata/documents")), bot.Options{RatePerMinute: -1})
	for greeting, lang := range map[string]string{"你好": "zh", "hello": "en", "привет": "ru"} {
		r, _ := b.Handle(ctx, dm("u-"+greeting, greeting))
		var ex []string
		for _, line := range strings.Split(replyText(r), "\n") {
			if q, ok := strings.CutPrefix(line, "• "); ok {
				ex = append(ex, q)
			}
		}
		if len(ex) < 2 {
			t.Errorf("%s: %d examples %q, want 2–3\n%s", greeting, len(ex), ex, replyText(r))
		}
		for _, q := range ex {
			if got := bot.DetectLang(q, "", ""); string(got) != lang {
				t.Errorf("%s: example %q is in %s, want %s", greeting, q, got, lang)
			}
			if r, _ := b.Handle(ctx, dm("v-"+greeting, q)); r.Kind != bot.KindAnswer {
				t.Errorf("%s: example %q finds no clause (kind %v)", greeting, q, r.Kind)
			}
		}
	}
}

// memStore is a bot.Store in a map, without expiry: the shared state of
// replicas, as the core uses it.
type memStore struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *memStore) Get(_ context.Context, key string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[key]
	return v, ok
}

func (s *memStore) Set(_ context.Context, key, value string, _ time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[key] = value
}

// TestSharedChatState checks the chat state kept in a Store (replicas):
// each language is remembered, Russian too, and the current document
// follows browsing from one replica to another.
func TestSharedChatState(t *testing.T) {
	ctx := context.Background()
	st := &memStore{m: map[string]string{}}
	x := mustIndex(t, os.DirFS("../testdata/documents"))
	one := bot.New(x, bot.Options{RatePerMinute: -1, Store: st})
	two := bot.New(x, bot.Options{RatePerMinute: -1, Store: st})
	for greeting, want := range map[string]bot.Lang{"привет": bot.Russian, "你好": bot.Chinese, "hello": bot.English} {
		one.Handle(ctx, dm("u-"+greeting, greeting))
		if r, _ := two.Handle(ctx, dm("u-"+greeting, "/sources")); r.Lang != want {
			t.Errorf("%s on one replica, /sources on another: lang %q, want %q", greeting, r.Lang, want)
		}
	}
	one.Handle(ctx, dm("alice", "/clause 网络安全法:第四十二条"))
	r, _ := two.Handle(ctx, dm("alice", "那第四十三条呢"))
	for _, blk := range r.Blocks {
		if blk.Kind == bot.ClauseBlock {
			if blk.Ref != "网络安全法-2016-11-07:第四十三条" {
				t.Errorf("/clause 网络安全法:第四十二条 on one replica, 那第四十三条呢 on another: first %q, want 网络安全法's", blk.Ref)
			}
			break
		}
	}
}

// withDocs is the real seed index listing extra documents beside it (only
// Documents sees them), as a folder of several languages lists them.
type withDocs struct {
	bot.Searcher
	seedLang, seedVersionOf string
	extra                   []bot.Document
}

func (w withDocs) Documents() []bot.Document {
	docs := slices.Clone(w.Searcher.Documents())
	for i := range docs {
		docs[i].Lang, docs[i].VersionOf = w.seedLang, w.seedVersionOf
	}
	return append(docs, w.extra...)
}

// TestNoMatchRussianChineseOnly: a Russian question that finds nothing
// where Russian documents are loaded beside Chinese ones is told that the
// Chinese ones cannot be searched in Russian (a trial's Russian questions
// about the communiqué, with the Russian codes beside it, got only "no
// clause"), unless each Chinese document has a Russian version.
func TestNoMatchRussianChineseOnly(t *testing.T) {
	ctx := context.Background()
	code := bot.Document{ID: "vodny", Title: "Водный кодекс", Lang: "ru"}
	version := bot.Document{ID: "seed-ru", Title: "Совместное коммюнике", Lang: "ru", VersionOf: "communique"}
	for _, tt := range []struct {
		name      string
		versionOf string
		extra     []bot.Document
		note      bool
	}{
		{"Chinese only, beside a Russian code", "", []bot.Document{code}, true},
		{"Chinese with its Russian version", "communique", []bot.Document{code, version}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := bot.New(withDocs{mustSeed(t), "zh", tt.versionOf, tt.extra}, bot.Options{RatePerMinute: -1})
			r, _ := b.Handle(ctx, dm("alice", "Какая погода будет завтра в Париже?"))
			got := replyText(r)
			if r.Kind != bot.KindNoMatch {
				t.Fatalf("kind %v, want no match\n%s", r.Kind, got)
			}
			if has := strings.Contains(got, "в 1 из загруженных документов его нет"); has != tt.note {
				t.Errorf("note on Chinese-only documents: %v, want %v\n%s", has, tt.note, got)
			}
			if !strings.Contains(got, "не нашлось пункта") {
				t.Errorf("no no-match line:\n%s", got)
			}
		})
	}
}

// TestThanksAndEmoji checks that thanks, an acknowledgement or an emoji
// alone gets a short reply in the chat's language, not the whole help and
// not "no clause covers 好的收到" (an emoji opening a chat gets the help:
// TestReferenceSetsChatLanguage).
func TestThanksAndEmoji(t *testing.T) {
	ctx := context.Background()
	b := bot.New(mustSeed(t), bot.Options{RatePerMinute: -1})
	for _, c := range []struct{ text, want string }{
		{"北斗导航合作", ""},
		{"好的收到", "不客气"},
		{"👍", "不客气"},
		{"Thanks!", "Glad to help"},
		{"Спасибо", "Рад помочь"},
	} {
		r, ok := b.Handle(ctx, dm("alice", c.text))
		got := replyText(r)
		if !ok || c.want != "" && (!strings.Contains(got, c.want) || strings.Contains(got, "/section")) {
			t.Errorf("%q: ok %v, reply %q; want a short one holding %q", c.text, ok, got, c.want)
		}
	}
}

// TestSourcesShowEffective checks that /sources shows the date each
// document takes effect, when it states one, beside its own date.
func TestSourcesShowEffective(t *testing.T) {
	x := mustIndex(t, os.DirFS("../testdata/documents"))
	b := bot.New(x, bot.Options{RatePerMinute: -1})
	r, _ := b.Handle(context.Background(), dm("alice", "/sources"))
	text := replyText(r)
	n := 0
	for _, d := range x.Documents() {
		if d.Effective != "" {
			n++
			if !strings.Contains(text, "In force from "+d.Effective) {
				t.Errorf("%s takes effect %s; /sources does not say so:\n%s", d.File, d.Effective, text)
			}
		}
	}
	if n == 0 {
		t.Fatal("no document of testdata/documents states when it takes effect: the test shows nothing")
	}
}

// TestNoMatchEchoIsClean: the question echoed in a no-match reply carries
// none of the asker's control characters or bidirectional overrides (a
// terminal's escape sequence, BEL, U+202E), which would act on the
// reader's screen or make the echo read otherwise; its words are kept.
func TestNoMatchEchoIsClean(t *testing.T) {
	b := bot.New(withLang{mustSeed(t), "en"}, bot.Options{RatePerMinute: -1})
	r, _ := b.Handle(context.Background(), dm("alice", "What about \x1b[2J\x1b[31mweather\x07 in \u202eParis\u202c tomorrow?"))
	got := replyText(r)
	if r.Kind != bot.KindNoMatch {
		t.Fatalf("kind %v, want no match\n%s", r.Kind, got)
	}
	if strings.ContainsFunc(got, func(r rune) bool {
		return r == 0x1b || r == 0x07 || r == 0x202e || r == 0x202c
	}) {
		t.Errorf("the echo keeps control characters: %q", got)
	}
	if !strings.Contains(got, "What about weather in Paris tomorrow?") {
		t.Errorf("the echo lost the question's words: %q", got)
	}
}

// TestClauseButtonsCrossSections: the ◀/▶ buttons of a section's first
// and last clauses go on into the sections before and after, as "上一条"
// and "下一条" do; a trial's 网络安全法 第十四条, the last of 第一章, had no
// ▶, and the seed's 二·1 no ◀.
func TestClauseButtonsCrossSections(t *testing.T) {
	b := bot.New(mustSeed(t), bot.Options{RatePerMinute: -1})
	ctx := context.Background()
	labels := func(msg string) []string {
		r, _ := b.Handle(ctx, dm("alice", msg))
		var out []string
		for _, btn := range r.Buttons {
			out = append(out, btn.Label)
		}
		return out
	}
	if got := labels("/clause 二.1"); !slices.Contains(got, "◀ 一·3") || !slices.Contains(got, "二·2 ▶") {
		t.Errorf("/clause 二.1: buttons %q, want ◀ 一·3 and 二·2 ▶", got)
	}
	if got := labels("/clause 一.3"); !slices.Contains(got, "二·1 ▶") {
		t.Errorf("/clause 一.3: buttons %q, want 二·1 ▶", got)
	}
	if got := labels("/clause 一.1"); !slices.Contains(got, "◀ 0·1") {
		t.Errorf("/clause 一.1: buttons %q, want ◀ 0·1 (the preamble)", got)
	}
	if got := labels("/clause 0·1"); slices.ContainsFunc(got, func(l string) bool { return strings.HasPrefix(l, "◀") }) {
		t.Errorf("/clause 0·1, the document's first: buttons %q, want no ◀", got)
	}
}

// TestChapterAnswerFromStart: the articles of a chapter a question asks
// about are shown from their start, as /section shows them, not as
// excerpts around a matched word (a trial's Article 6 began "…paragraph
// 1. 2. The provisions").
func TestChapterAnswerFromStart(t *testing.T) {
	b := bot.New(mustIndex(t, os.DirFS("../testdata/documents/en")), bot.Options{RatePerMinute: -1})
	r, _ := b.Handle(context.Background(), dm("alice", "What does Chapter 2 of the Hague Convention say?"))
	n := 0
	for _, blk := range r.Blocks {
		if blk.Kind != bot.ClauseBlock {
			continue
		}
		n++
		if strings.HasPrefix(blk.Text, "…") {
			t.Errorf("%s shown from the middle: %.80q", blk.Ref, blk.Text)
		}
	}
	if n < 2 {
		t.Fatalf("%d clauses for a chapter:\n%s", n, replyText(r))
	}
}

// TestSourcesListsSkippedFiles: /sources names the files not loaded and
// why, so that a chat's users learn a document they expect is missing;
// a trial's broken.pdf and empty.docx were nowhere in it.
func TestSourcesListsSkippedFiles(t *testing.T) {
	b := bot.New(mustIndex(t, fstest.MapFS{
		"law.txt":    {Data: []byte("某某条例\n\n第一条 为了规范管理，制定本条例。\n")},
		"empty.docx": {Data: []byte{}},
		"junk.pdf":   {Data: []byte("%PDF-1.7 not really")},
	}), bot.Options{RatePerMinute: -1})
	r, _ := b.Handle(context.Background(), dm("alice", "/sources"))
	out := replyText(r)
	for _, want := range []string{"某某条例", "Not loaded (2 files", "empty.docx: empty file (0 bytes)", "junk.pdf: "} {
		if !strings.Contains(out, want) {
			t.Errorf("/sources lacks %q:\n%s", want, out)
		}
	}
}

// TestClauseOfMissingSection: "/clause 五" on the seed, cut off in 四, is
// told the document is truncated, as "/section 五" is, not only that "五"
// is no clause reference.
func TestClauseOfMissingSection(t *testing.T) {
	b := bot.New(mustSeed(t), bot.Options{RatePerMinute: -1})
	r, _ := b.Handle(context.Background(), dm("alice", "/clause 五"))
	if out := replyText(r); !strings.Contains(out, "截断") {
		t.Errorf("/clause 五: %s, want the truncation note", out)
	}
	r, _ = b.Handle(context.Background(), dm("alice", "/clause 三"))
	if out := replyText(r); !strings.Contains(out, "没有第三部分") {
		t.Errorf("/clause 三: %s, want the skipped numbering", out)
	}
}

// TestStepFromPartsAndAnnexes: "next article" and the ◀/▶ buttons step
// from a paragraph's article (a trial's "следующая статья" after Статья
// 1142 п. 2 went to Статья 1152, and a paragraph had no buttons); past a
// note that is no article (Статья 11's ◀ was Глава 3's "(Наименование в
// редакции …)"); and in document order, not back to the container listed
// before (Annex II PART 1 Article 1's ◀ was the annex's last article).
func TestStepFromPartsAndAnnexes(t *testing.T) {
	b := bot.New(mustIndex(t, os.DirFS("../testdata/documents")), bot.Options{RatePerMinute: -1})
	ctx := context.Background()
	say := func(msg string) bot.Reply {
		r, _ := b.Handle(ctx, dm("alice", msg))
		return r
	}
	labels := func(r bot.Reply) []string {
		var out []string
		for _, btn := range r.Buttons {
			out = append(out, btn.Label)
		}
		return out
	}
	for _, c := range []struct{ open, step, want string }{
		{"/clause п. 2 ст. 1142", "следующая статья", "Статья 1143"},
		{"/clause ч. 8 ст. 65", "следующая статья", "Статья 66"},
		{"/clause 网络安全法:第二十一条第一款", "下一条", "第二十二条"},
		{"/clause hague:Article 5(2)", "next article", "Article 6"},
	} {
		r := say(c.open)
		if got := labels(r); !slices.ContainsFunc(got, func(l string) bool { return strings.HasSuffix(l, " ▶") }) {
			t.Errorf("%s: buttons %q, want its article's ▶", c.open, got)
		}
		refs := clauseRefs(say(c.step))
		if len(refs) == 0 || !strings.HasSuffix(refs[0], ":"+c.want) {
			t.Errorf("%s, then %s: %v, want %s", c.open, c.step, refs, c.want)
		}
	}
	if got := labels(say("/clause ВК Статья 11")); !slices.Contains(got, "◀ vodny-kodeks-rf-2006-pra:Статья 10") {
		t.Errorf("/clause ВК Статья 11: buttons %q, want ◀ Статья 10", got)
	}
	got := labels(say("/clause itpgrfa:Annex II PART 1 Article 1"))
	if slices.ContainsFunc(got, func(l string) bool { return strings.HasPrefix(l, "◀") && strings.Contains(l, "Annex II") }) {
		t.Errorf("Annex II PART 1 Article 1: buttons %q, want ◀ to the end of Annex I", got)
	}
}

// TestSourcesButtonsOutermost: /sources of one document offers its
// outermost sections: 网络安全法's 第七章 was crowded out by 第一节 and
// 第二节 of 第三章, buttons that named no chapter.
func TestSourcesButtonsOutermost(t *testing.T) {
	x := mustIndex(t, fstest.MapFS{"law.md": {Data: mustRead(t, "../testdata/documents/zh/网络安全法(2016-11-07).md")}})
	b := bot.New(x, bot.Options{RatePerMinute: -1})
	r, _ := b.Handle(context.Background(), dm("alice", "/sources"))
	var labels []string
	for _, btn := range r.Buttons {
		labels = append(labels, btn.Label)
	}
	if !slices.Contains(labels, "第七章") || slices.Contains(labels, "第一节") {
		t.Errorf("/sources buttons %q, want the seven chapters", labels)
	}
}

func mustRead(t *testing.T, file string) []byte {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestHelpAndSourcesReferences checks that, over several documents, /help
// gives /section and /clause examples those documents have (a trial's
// /help offered the seed's /section 2 and /clause 2.12 over 15 laws and
// treaties), each of which opens, and that /sources says how to name
// each document in a reference; with the seed alone, /help keeps the
// seed's examples.
func TestHelpAndSourcesReferences(t *testing.T) {
	b := bot.New(mustIndex(t, os.DirFS("../testdata/documents")), bot.Options{RatePerMinute: -1})
	help := replyText(mustHandle(t, b, dm("alice", "/help")))
	for _, cmd := range []string{"/section ", "/clause "} {
		_, after, ok := strings.Cut(help, "e.g. "+cmd)
		if !ok {
			t.Fatalf("/help has no %s example:\n%s", cmd, help)
		}
		ex, _, _ := strings.Cut(after, "\n")
		if ex == "2" || ex == "2.12" {
			t.Errorf("/help's %s example is the seed's %q", cmd, ex)
		}
		if r := mustHandle(t, b, dm("alice", cmd+ex)); r.Kind == bot.KindError || r.Kind == bot.KindNoMatch {
			t.Errorf("%s%s from /help: %v %q", cmd, ex, r.Kind, replyText(r))
		}
	}
	// /clause alone suggests one of them too, not a section of a Dutch
	// text (a trial's "/clause DEEL V.12").
	if usage := replyText(mustHandle(t, b, dm("alice", "/clause"))); !strings.Contains(usage, "/clause hague:") {
		t.Errorf("/clause alone: %q, want an example naming its document", usage)
	}
	sources := replyText(mustHandle(t, b, dm("alice", "/sources")))
	for _, want := range []string{"cite as hague:…", "cite as 网络安全法:…"} {
		if !strings.Contains(sources, want) {
			t.Errorf("/sources lacks %q", want)
		}
	}
	seed := bot.New(mustSeed(t), bot.Options{RatePerMinute: -1})
	if help := replyText(mustHandle(t, seed, dm("alice", "/help"))); !strings.Contains(help, "/clause 2.12") {
		t.Errorf("/help over the seed lost its /clause 2.12 example:\n%s", help)
	}
}

func mustHandle(t *testing.T, b *bot.Bot, m bot.Message) bot.Reply {
	t.Helper()
	r, ok := b.Handle(context.Background(), m)
	if !ok {
		t.Fatalf("%q: no reply", m.Text)
	}
	return r
}
