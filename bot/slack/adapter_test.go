package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"

	"clausebot/bot"
	"clausebot/bot/bottest"
	"clausebot/bot/slack/slackfake"
	"clausebot/index"
)

const question = "中俄在北斗卫星导航方面有什么合作？"

func TestMentionAnswersInThread(t *testing.T) {
	fake := slackfake.New(t)
	r := mustHTTP(t, fake, mustBot(t), nil)

	for _, tc := range []struct{ name, ts, thread, want string }{
		{"top level", "1700000001.000100", "", "1700000001.000100"},
		{"in a thread", "1700000002.000200", "1700000000.000050", "1700000000.000050"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(fake.Posts())
			body := slackfake.EventBody("Ev"+tc.ts, slackfake.TeamID,
				slackfake.AppMention(slackfake.Channel, "UASKER", "<@"+slackfake.BotUserID+"> "+question, tc.ts, tc.thread))
			if w := r.serve(slackfake.EventRequest(body)); w.Code != http.StatusOK {
				t.Fatalf("status %d, want 200", w.Code)
			}
			r.idle(t)
			posts := fake.Posts()[before:]
			if len(posts) == 0 {
				t.Fatal("no reply posted")
			}
			for _, p := range posts {
				if p.Method != "chat.postMessage" || p.Channel != slackfake.Channel || p.ThreadTS != tc.want {
					t.Errorf("posted %s to %s thread %q, want chat.postMessage to %s thread %q", p.Method, p.Channel, p.ThreadTS, slackfake.Channel, tc.want)
				}
				if p.UnfurlLinks != "false" || p.UnfurlMedia != "false" {
					t.Errorf("unfurl_links=%q unfurl_media=%q, want false, false", p.UnfurlLinks, p.UnfurlMedia)
				}
			}
			d := posts[0].Decode()
			if !strings.Contains(d.Text, "北斗") || len(d.Bold) == 0 || d.Contexts == 0 {
				t.Errorf("reply %q (bold %q, %d context blocks): want the 北斗 clause, matched terms in bold, a reference", d.Text, d.Bold, d.Contexts)
			}
		})
	}
}

func TestDirectMessageAnswersOverSocketMode(t *testing.T) {
	fake := slackfake.New(t)
	mustSocket(t, fake, mustBot(t), nil)
	fake.SendEvent("env-1", slackfake.EventBody("Ev1", slackfake.TeamID,
		slackfake.DirectMessage(slackfake.DM, "UASKER", question, "1700000003.000100")))
	if err := fake.WaitAcked("env-1", 60*time.Second); err != nil {
		t.Fatal(err)
	}
	posts, err := fake.WaitPosts(1, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if p := posts[0]; p.Channel != slackfake.DM || p.ThreadTS != "" || !strings.Contains(p.Decode().Text, "北斗") {
		t.Errorf("got %s thread %q %q, want a top-level answer about 北斗 in %s", p.Channel, p.ThreadTS, p.Decode().Text, slackfake.DM)
	}
}

func TestIgnoresOwnBotsEditsAndChatter(t *testing.T) {
	fake := slackfake.New(t)
	h := &stubHandler{reply: bot.Reply{Blocks: []bot.Block{{Text: "answer"}}}}
	r := mustHTTP(t, fake, h, nil)
	dm := func(user, text string) map[string]any {
		return slackfake.DirectMessage(slackfake.DM, user, text, fmt.Sprintf("17.%d", time.Now().UnixNano()))
	}
	withField := func(e map[string]any, k string, v any) map[string]any { e[k] = v; return e }
	ignored := []map[string]any{
		dm(slackfake.BotUserID, "my own message"),
		withField(dm("UOTHER", "another bot"), "bot_id", "BOTHER"),
		withField(dm("UASKER", "edited"), "subtype", "message_changed"),
		withField(dm("UASKER", "joined"), "subtype", "channel_join"),
		withField(dm("UASKER", "in a channel"), "channel_type", "channel"),
		withField(slackfake.AppMention(slackfake.Channel, "UOTHER", "<@UBOT0001> hi", "18.1", ""), "bot_id", "BOTHER"),
	}
	for i, e := range ignored {
		if w := r.serve(slackfake.EventRequest(slackfake.EventBody(fmt.Sprintf("EvIgn%d", i), slackfake.TeamID, e))); w.Code != http.StatusOK {
			t.Errorf("event %d: status %d, want 200", i, w.Code)
		}
	}
	r.serve(slackfake.EventRequest(slackfake.EventBody("EvReal", slackfake.TeamID, dm("UASKER", "real question"))))
	r.idle(t)
	got := h.messages()
	if len(got) != 1 || got[0].Text != "real question" || !got[0].Direct || got[0].Platform != bot.Slack {
		t.Errorf("handler got %+v, want only the real question, Direct, from slack", got)
	}
	if n := len(fake.Posts()); n != 1 {
		t.Errorf("%d posts, want 1", n)
	}
}

func TestRetriedEventAnsweredOnce(t *testing.T) {
	fake := slackfake.New(t)
	r := mustHTTP(t, fake, mustBot(t), nil)
	body := slackfake.EventBody("EvRetry", slackfake.TeamID,
		slackfake.AppMention(slackfake.Channel, "UASKER", "<@UBOT0001> "+question, "1700000004.000100", ""))
	for retry := range 3 {
		req := slackfake.EventRequest(body)
		if retry > 0 {
			req.Header.Set("X-Slack-Retry-Num", fmt.Sprint(retry))
			req.Header.Set("X-Slack-Retry-Reason", "http_timeout")
		}
		if w := r.serve(req); w.Code != http.StatusOK {
			t.Fatalf("delivery %d: status %d, want 200", retry, w.Code)
		}
	}
	// The same message seen again as another event (message.im and
	// app_mention both fire in some conversations) is answered once too.
	r.serve(slackfake.EventRequest(slackfake.EventBody("EvOther", slackfake.TeamID,
		slackfake.AppMention(slackfake.Channel, "UASKER", "<@UBOT0001> "+question, "1700000004.000100", ""))))
	r.idle(t)
	first := fake.Posts()
	if len(first) == 0 {
		t.Fatal("no answer")
	}
	// A one-message answer is one post; count distinct replies by thread.
	for _, p := range first {
		if p.ThreadTS != "1700000004.000100" {
			t.Errorf("unexpected post in thread %q", p.ThreadTS)
		}
	}
	single := mustHTTP(t, slackfake.New(t), mustBot(t), nil)
	single.serve(slackfake.EventRequest(body))
	single.idle(t)
	if got, want := len(first), len(single.fake.Posts()); got != want {
		t.Errorf("retried event gave %d posts, one delivery gives %d", got, want)
	}
}

func TestSignatureChecks(t *testing.T) {
	fake := slackfake.New(t)
	h := &stubHandler{reply: bot.Reply{Blocks: []bot.Block{{Text: "ok"}}}}
	r := mustHTTP(t, fake, h, nil)
	now := time.Unix(1_800_000_000, 0)
	r.now = func() time.Time { return now }
	body := []byte(`{"type":"url_verification","challenge":"c-123"}`)

	for _, tc := range []struct {
		name string
		req  func() *http.Request
		want int
	}{
		{"valid", func() *http.Request {
			return slackfake.SignedRequest(slackfake.SigningSecret, now, "/slack/events", "application/json", body)
		}, 200},
		{"299 s old", func() *http.Request {
			return slackfake.SignedRequest(slackfake.SigningSecret, now.Add(-299*time.Second), "/slack/events", "application/json", body)
		}, 200},
		{"301 s old", func() *http.Request {
			return slackfake.SignedRequest(slackfake.SigningSecret, now.Add(-301*time.Second), "/slack/events", "application/json", body)
		}, 401},
		{"301 s ahead", func() *http.Request {
			return slackfake.SignedRequest(slackfake.SigningSecret, now.Add(301*time.Second), "/slack/events", "application/json", body)
		}, 401},
		{"wrong secret", func() *http.Request {
			return slackfake.SignedRequest("not-the-secret", now, "/slack/events", "application/json", body)
		}, 401},
		{"body changed", func() *http.Request {
			req := slackfake.SignedRequest(slackfake.SigningSecret, now, "/slack/events", "application/json", body)
			req.Body = http.NoBody
			return req
		}, 401},
		{"missing signature", func() *http.Request {
			req := slackfake.SignedRequest(slackfake.SigningSecret, now, "/slack/events", "application/json", body)
			req.Header.Del("X-Slack-Signature")
			return req
		}, 401},
		{"missing timestamp", func() *http.Request {
			req := slackfake.SignedRequest(slackfake.SigningSecret, now, "/slack/events", "application/json", body)
			req.Header.Del("X-Slack-Request-Timestamp")
			return req
		}, 401},
		{"malformed timestamp", func() *http.Request {
			req := slackfake.SignedRequest(slackfake.SigningSecret, now, "/slack/events", "application/json", body)
			req.Header.Set("X-Slack-Request-Timestamp", "-1e9")
			return req
		}, 401},
		{"malformed signature", func() *http.Request {
			req := slackfake.SignedRequest(slackfake.SigningSecret, now, "/slack/events", "application/json", body)
			req.Header.Set("X-Slack-Signature", "v0=zz")
			return req
		}, 401},
		{"command, bad signature", func() *http.Request {
			return slackfake.SignedRequest("nope", now, "/slack/commands", "application/x-www-form-urlencoded", []byte("text=x"))
		}, 401},
		{"interaction, stale", func() *http.Request {
			return slackfake.SignedRequest(slackfake.SigningSecret, now.Add(-time.Hour), "/slack/interactive", "application/x-www-form-urlencoded", []byte("payload={}"))
		}, 401},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := r.serve(tc.req())
			if w.Code != tc.want {
				t.Fatalf("status %d, want %d", w.Code, tc.want)
			}
			if tc.want == 200 && w.Body.String() != "c-123" {
				t.Errorf("url_verification answered %q, want the challenge", w.Body.String())
			}
			if strings.Contains(w.Body.String(), slackfake.SigningSecret) {
				t.Error("response contains the signing secret")
			}
		})
	}
	if n := len(h.messages()); n != 0 {
		t.Errorf("handler called %d times, want 0", n)
	}
}

func TestOversizedBody(t *testing.T) {
	fake := slackfake.New(t)
	h := &stubHandler{}
	r := mustHTTP(t, fake, h, func(c *Config) { c.MaxBodyBytes = 4096 })
	inner := slackfake.DirectMessage(slackfake.DM, "UASKER", strings.Repeat("长", 5000), "19.1")
	w := r.serve(slackfake.EventRequest(slackfake.EventBody("EvBig", slackfake.TeamID, inner)))
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413", w.Code)
	}
	r.idle(t)
	if len(h.messages()) != 0 || len(fake.Posts()) != 0 {
		t.Error("oversized request reached the handler")
	}
}

func TestSlashCommandAckedWhileSearchIsSlow(t *testing.T) {
	fake := slackfake.New(t)
	slow := &gatedHandler{Handler: mustBot(t), gate: make(chan struct{})}
	r := mustHTTP(t, fake, slow, nil)
	cmd := slackfake.Command{TeamID: slackfake.TeamID, ChannelID: slackfake.Channel, UserID: "UASKER",
		Command: "/ask", Text: question, ResponseURL: fake.ResponseURL("cmd-1")}
	acked := make(chan int, 1)
	go func() {
		w := r.serve(slackfake.SignedRequest(slackfake.SigningSecret, time.Now(), "/slack/commands",
			"application/x-www-form-urlencoded", cmd.Form()))
		acked <- w.Code
	}()
	// The search is blocked until the ack is in: an adapter that answered
	// inside the request would never ack, and this would time out.
	select {
	case code := <-acked:
		if code != http.StatusOK {
			t.Fatalf("ack status %d, want 200", code)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("slash command not acknowledged within 3 s while the search was blocked")
	}
	close(slow.gate)
	posts, err := fake.WaitPosts(1, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	p := posts[0]
	if p.Method != "response_url" || p.ResponseType != "ephemeral" || !strings.Contains(p.Decode().Text, "北斗") {
		t.Fatalf("got %s %s %q, want an ephemeral response_url answer about 北斗", p.Method, p.ResponseType, p.Decode().Text)
	}
	var share *slackfake.Button
	for _, b := range p.Decode().Buttons {
		if b.ActionID == actionShare {
			share = &b
		}
	}
	if share == nil {
		t.Fatalf("ephemeral answer has no share button: %+v", p.Decode().Buttons)
	}

	// Share in channel: the answer is posted for everyone, attributed, and
	// the ephemeral copy removed.
	press := slackfake.Press{TeamID: slackfake.TeamID, ChannelID: slackfake.Channel, UserID: "UASKER",
		ActionID: share.ActionID, Value: share.Value, MessageTS: "20.1", Ephemeral: true, ResponseURL: fake.ResponseURL("share-1")}
	if w := r.serve(slackfake.SignedRequest(slackfake.SigningSecret, time.Now(), "/slack/interactive",
		"application/x-www-form-urlencoded", press.Form())); w.Code != http.StatusOK {
		t.Fatalf("press status %d", w.Code)
	}
	r.idle(t)
	after := fake.Posts()[len(posts):]
	if len(after) != 2 {
		t.Fatalf("share made %d posts, want the in-channel answer and a delete_original", len(after))
	}
	shared, del := after[0], after[1]
	sd := shared.Decode()
	if shared.ResponseType != "in_channel" || !strings.Contains(sd.Text, "北斗") || !strings.Contains(mrkdwnTexts(shared)[len(mrkdwnTexts(shared))-1], "<@UASKER>") {
		t.Errorf("shared post %s %q, want in_channel, the answer, attributed to <@UASKER>", shared.ResponseType, sd.Text)
	}
	for _, b := range sd.Buttons {
		if b.ActionID == actionShare {
			t.Error("shared answer still has a share button")
		}
	}
	if !del.DeleteOriginal {
		t.Errorf("second post %+v, want delete_original", del)
	}
}

// gatedHandler holds every Handle until gate is closed: a slow search.
type gatedHandler struct {
	bot.Handler
	gate chan struct{}
}

func (g *gatedHandler) Handle(ctx context.Context, m bot.Message) (bot.Reply, bool) {
	<-g.gate
	return g.Handler.Handle(ctx, m)
}

func TestSlashCommandMapping(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "/help"},
		{"help", "/help"},
		{"HELP", "/help"},
		{"section 二", "/section 二"},
		{"clause 二.12", "/clause 二.12"},
		{"sources", "/sources"},
		{"more", "/more"},
		{"中俄 北斗", "/ask 中俄 北斗"},
		{"ask 北斗", "/ask 北斗"},
		{"sectional question", "/ask sectional question"},
	} {
		if got := commandText(tc.in); got != tc.want {
			t.Errorf("commandText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPublicAnswers(t *testing.T) {
	fake := slackfake.New(t)
	r := mustHTTP(t, fake, mustBot(t), func(c *Config) { c.PublicAnswers = true })
	cmd := slackfake.Command{TeamID: slackfake.TeamID, ChannelID: slackfake.Channel, UserID: "UASKER",
		Command: "/ask", Text: "clause 二.1", ResponseURL: fake.ResponseURL("cmd-2")}
	r.serve(slackfake.SignedRequest(slackfake.SigningSecret, time.Now(), "/slack/commands", "application/x-www-form-urlencoded", cmd.Form()))
	r.idle(t)
	posts := fake.Posts()
	if len(posts) == 0 {
		t.Fatal("no answer")
	}
	if p := posts[0]; p.ResponseType != "in_channel" || len(p.Decode().Buttons) != 0 && p.Decode().Buttons[0].ActionID == actionShare {
		t.Errorf("got %s with buttons %+v, want in_channel without a share button", p.ResponseType, p.Decode().Buttons)
	}
}

// markupDoc is a document whose clause tries to ping everyone and break
// bold markers.
const markupDoc = "关于测试的通知\n\n一\n\n请注意 <!channel> 与 <@U999> 以及 <https://evil.example|点此> & *重要* _斜体_ ~删除~ `代码` 这些测试标记。\n"

func TestClauseMarkupArrivesEscaped(t *testing.T) {
	idx, err := index.Load(context.Background(), fstest.MapFS{"markup.txt": {Data: []byte(markupDoc)}}, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fake := slackfake.New(t)
	r := mustHTTP(t, fake, bot.New(idx, bot.Options{RatePerMinute: -1}), nil)
	r.serve(slackfake.EventRequest(slackfake.EventBody("EvMarkup", slackfake.TeamID,
		slackfake.DirectMessage(slackfake.DM, "UASKER", "测试标记 <!here>", "21.1"))))
	r.serve(slackfake.EventRequest(slackfake.EventBody("EvMarkup2", slackfake.TeamID,
		slackfake.DirectMessage(slackfake.DM, "UASKER", "/clause 一.1", "21.2"))))
	r.idle(t)
	posts := fake.Posts()
	if len(posts) == 0 {
		t.Fatal("no answer")
	}
	var sawClause bool
	for _, p := range posts {
		for _, s := range mrkdwnTexts(p) {
			for _, bad := range []string{"<!channel>", "<!here>", "<@U999>", "<https://"} {
				if strings.Contains(s, bad) {
					t.Errorf("text sent to Slack contains %q: %q", bad, s)
				}
			}
		}
		d := p.Decode()
		if strings.Contains(d.Text, "请注意 <!channel> 与 <@U999> 以及 <https://evil.example|点此> & *重要* _斜体_ ~删除~ `代码`") {
			sawClause = true
		}
	}
	if !sawClause {
		t.Errorf("the clause did not arrive verbatim once decoded: %q", posts[len(posts)-1].Decode().Text)
	}
}

func TestRateLimitedSendIsRetried(t *testing.T) {
	fake := slackfake.New(t)
	h := &stubHandler{reply: bot.Reply{Blocks: []bot.Block{{Text: "answer"}}}}
	var m countingMetrics
	r := mustHTTP(t, fake, h, func(c *Config) { c.Metrics = &m })
	fake.RateLimit("chat.postMessage", 1)
	start := time.Now()
	r.serve(slackfake.EventRequest(slackfake.EventBody("Ev429", slackfake.TeamID,
		slackfake.DirectMessage(slackfake.DM, "UASKER", "q", "22.1"))))
	r.idle(t)
	posts := fake.Posts()
	if len(posts) != 1 || fake.Calls("chat.postMessage") != 2 {
		t.Fatalf("%d posts in %d calls, want 1 in 2", len(posts), fake.Calls("chat.postMessage"))
	}
	// Delays only grow on a loaded machine, so a lower bound is safe.
	if waited := posts[0].At.Sub(start); waited < 900*time.Millisecond {
		t.Errorf("retried after %v, want Retry-After's 1 s honoured", waited)
	}
	if m.retries.Load() != 1 || m.sent.Load() != 1 || m.errors.Load() != 0 {
		t.Errorf("metrics sent=%d retries=%d errors=%d, want 1, 1, 0", m.sent.Load(), m.retries.Load(), m.errors.Load())
	}
}

func TestAllowlistsSilenceOthers(t *testing.T) {
	fake := slackfake.New(t)
	h := &stubHandler{reply: bot.Reply{Blocks: []bot.Block{{Text: "answer"}}}}
	r := mustHTTP(t, fake, h, func(c *Config) {
		c.AllowedChannels = []string{slackfake.Channel}
		c.AllowedTeams = []string{slackfake.TeamID}
	})
	r.serve(slackfake.EventRequest(slackfake.EventBody("EvDM", slackfake.TeamID,
		slackfake.DirectMessage(slackfake.DM, "UASKER", "q", "23.1"))))
	r.serve(slackfake.EventRequest(slackfake.EventBody("EvTeam", "TOTHER",
		slackfake.AppMention(slackfake.Channel, "UASKER", "<@UBOT0001> q", "23.2", ""))))
	cmd := slackfake.Command{TeamID: slackfake.TeamID, ChannelID: "COTHER", UserID: "UASKER", Command: "/ask", Text: "q", ResponseURL: fake.ResponseURL("x")}
	r.serve(slackfake.SignedRequest(slackfake.SigningSecret, time.Now(), "/slack/commands", "application/x-www-form-urlencoded", cmd.Form()))
	r.serve(slackfake.EventRequest(slackfake.EventBody("EvOK", slackfake.TeamID,
		slackfake.AppMention(slackfake.Channel, "UASKER", "<@UBOT0001> allowed", "23.3", ""))))
	r.idle(t)
	if got := h.messages(); len(got) != 1 || got[0].Text != "allowed" {
		t.Errorf("handler got %+v, want only the allowed mention", got)
	}
	if n := fake.Calls("chat.postMessage") + fake.Calls("response_url"); n != 1 {
		t.Errorf("%d API calls, want 1", n)
	}
}

func TestRejectedTokenStopsRun(t *testing.T) {
	fake := slackfake.New(t)
	for _, tc := range []struct {
		name string
		cfg  func(*Config)
		want string
	}{
		{"bot token", func(c *Config) { c.BotToken = "xoxb-wrong-secret"; c.SigningSecret = "s" }, "invalid_auth"},
		{"app token", func(c *Config) { c.AppToken = "xapp-wrong-secret" }, "invalid_auth"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig(fake)
			tc.cfg(&cfg)
			a, err := New(cfg, &stubHandler{})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			err = a.Run(ctx)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Run = %v, want an error mentioning %s", err, tc.want)
			}
			if strings.Contains(err.Error(), "wrong-secret") {
				t.Errorf("error %q leaks the token", err)
			}
		})
	}
}

func TestNewValidates(t *testing.T) {
	h := &stubHandler{}
	for _, tc := range []struct {
		name string
		cfg  Config
		want string // "" = valid
	}{
		{"socket mode", Config{BotToken: "xoxb-1", AppToken: "xapp-1"}, ""},
		{"http mode", Config{BotToken: "xoxb-1", SigningSecret: "s"}, ""},
		{"no bot token", Config{AppToken: "xapp-1"}, "SLACK_BOT_TOKEN is required"},
		{"user token", Config{BotToken: "xoxp-1", AppToken: "xapp-1"}, "xoxb"},
		{"bad app token", Config{BotToken: "xoxb-1", AppToken: "xoxb-2"}, "xapp"},
		{"no mode", Config{BotToken: "xoxb-1"}, "SLACK_APP_TOKEN"},
		{"bad url", Config{BotToken: "xoxb-1", AppToken: "xapp-1", APIURL: "ftp://x"}, "SLACK_API_URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.cfg, h)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("New: %v, want ok", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("New: %v, want an error mentioning %q", err, tc.want)
			}
		})
	}
}

func TestRegisterOnlyInHTTPMode(t *testing.T) {
	a, err := New(Config{BotToken: "xoxb-1", AppToken: "xapp-1"}, &stubHandler{})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	a.Register(mux)
	if _, pattern := mux.Handler(httptestRequest("/slack/events")); pattern != "" {
		t.Errorf("Socket Mode registered %q", pattern)
	}
}

func httptestRequest(path string) *http.Request {
	req, _ := http.NewRequest(http.MethodPost, path, nil)
	return req
}

// TestRequestIDs checks that every event reaches the core with its own
// request id and that the adapter's retry line about it carries the same.
func TestRequestIDs(t *testing.T) {
	fake := slackfake.New(t)
	h := &stubHandler{reply: bot.Reply{Blocks: []bot.Block{{Text: "answer"}}}}
	logs := &bottest.Buffer{}
	r := mustHTTP(t, fake, h, func(c *Config) { c.Logger = slog.New(slog.NewTextHandler(logs, nil)) })
	fake.RateLimit("chat.postMessage", 1)
	r.serve(slackfake.EventRequest(slackfake.EventBody("EvID1", slackfake.TeamID,
		slackfake.DirectMessage(slackfake.DM, "UASKER", "q", "31.1"))))
	r.idle(t)
	r.serve(slackfake.EventRequest(slackfake.EventBody("EvID2", slackfake.TeamID,
		slackfake.DirectMessage(slackfake.DM, "UASKER", "q2", "31.2"))))
	r.idle(t)
	ids := h.requestIDs()
	if len(ids) != 2 || !strings.HasPrefix(ids[0], "sl-") || ids[0] == ids[1] {
		t.Fatalf("request ids seen by the core = %q, want two distinct sl-… ids", ids)
	}
	var retry string
	for _, line := range strings.Split(logs.String(), "\n") {
		if strings.Contains(line, "slack: send retried") {
			retry = line
		}
	}
	if !strings.Contains(retry, "request_id="+ids[0]) || strings.Count(retry, "request_id=") != 1 {
		t.Errorf("retry line does not carry request_id=%s once:\n%s", ids[0], logs.String())
	}
}

// TestStopTimeoutAbandonsReplies checks that Run reports replies cancelled
// by the stop timeout as bot.ErrRepliesAbandoned.
func TestStopTimeoutAbandonsReplies(t *testing.T) {
	fake := slackfake.New(t)
	h := &stubHandler{gate: make(chan struct{})} // never opened: a stuck search
	cfg := testConfig(fake)
	cfg.SigningSecret = slackfake.SigningSecret
	cfg.ShutdownTimeout = 50 * time.Millisecond
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
	mux := http.NewServeMux()
	a.Register(mux)
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, slackfake.EventRequest(slackfake.EventBody("EvStuck", slackfake.TeamID,
		slackfake.DirectMessage(slackfake.DM, "UASKER", "q", "41.1"))))
	if w.Code != http.StatusOK {
		t.Fatalf("event status %d, want 200", w.Code)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, bot.ErrRepliesAbandoned) {
			t.Fatalf("Run = %v, want an error wrapping bot.ErrRepliesAbandoned", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not return within 30s of cancel")
	}
}

// TestLongEphemeralAnswerPastFiveResponseURLPosts checks that a reply of
// more messages than a response_url takes (5) arrives whole and in order:
// the first five through the response_url, the rest by chat.postEphemeral
// to the asker; and that a response_url Slack already refuses (used_url)
// sends everything by chat.postEphemeral.
func TestLongEphemeralAnswerPastFiveResponseURLPosts(t *testing.T) {
	const blocks = 6*MaxBlocks + 20 // seven messages
	var reply bot.Reply
	for i := range blocks {
		reply.Blocks = append(reply.Blocks, bot.Block{Text: fmt.Sprintf("line %03d", i)})
	}
	for _, tc := range []struct {
		name          string
		usedBefore    int // posts made to the response_url by someone else
		wantResponse  int
		wantEphemeral int
	}{
		{"fresh url", 0, 5, 2},
		{"url already used up", slackfake.MaxResponseURLUses, 0, 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := slackfake.New(t)
			r := mustHTTP(t, fake, &stubHandler{reply: reply}, nil)
			url := fake.ResponseURL("long-" + tc.name)
			for range tc.usedBefore {
				if err := slack.PostWebhookContext(context.Background(), url, &slack.WebhookMessage{Text: "x"}); err != nil {
					t.Fatal(err)
				}
			}
			skip := len(fake.Posts())
			cmd := slackfake.Command{TeamID: slackfake.TeamID, ChannelID: slackfake.Channel, UserID: "UASKER",
				Command: "/ask", Text: "long", ResponseURL: url}
			r.serve(slackfake.SignedRequest(slackfake.SigningSecret, time.Now(), "/slack/commands", "application/x-www-form-urlencoded", cmd.Form()))
			r.idle(t)
			posts := fake.Posts()[skip:]
			var methods []string
			var text strings.Builder
			for _, p := range posts {
				methods = append(methods, p.Method)
				if p.Method == "chat.postEphemeral" && (p.User != "UASKER" || p.Channel != slackfake.Channel) {
					t.Errorf("ephemeral post to user %q in %q, want UASKER in %s", p.User, p.Channel, slackfake.Channel)
				}
				text.WriteString(p.Decode().Text)
			}
			var want []string
			for range tc.wantResponse {
				want = append(want, "response_url")
			}
			for range tc.wantEphemeral {
				want = append(want, "chat.postEphemeral")
			}
			if diff := cmp.Diff(want, methods); diff != "" {
				t.Errorf("posts (-want +got):\n%s", diff)
			}
			// Nothing lost, nothing out of order.
			got := text.String()
			last := -1
			for i := range blocks {
				at := strings.Index(got, fmt.Sprintf("line %03d", i))
				if at <= last {
					t.Fatalf("line %03d missing or out of order", i)
				}
				last = at
			}
		})
	}
}

// TestTokenRejectedWhileRunning checks that a token revoked after start
// ends Run with a clear error naming the variable to fix, not the token:
// the bot token on a send (HTTP mode), the app token on a Socket Mode
// reconnect.
func TestTokenRejectedWhileRunning(t *testing.T) {
	for _, tc := range []struct {
		name, mode, method, code, env string
	}{
		{"bot token revoked", "http", "chat.postMessage", "token_revoked", "SLACK_BOT_TOKEN"},
		{"bot token invalid", "http", "chat.postMessage", "invalid_auth", "SLACK_BOT_TOKEN"},
		{"app token revoked", "socket", "apps.connections.open", "token_revoked", "SLACK_APP_TOKEN"},
		{"app token invalid", "socket", "apps.connections.open", "invalid_auth", "SLACK_APP_TOKEN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := slackfake.New(t)
			cfg := testConfig(fake)
			if tc.mode == "http" {
				cfg.SigningSecret = slackfake.SigningSecret
			} else {
				cfg.AppToken = slackfake.AppToken
			}
			a, err := New(cfg, &stubHandler{reply: bot.Reply{Blocks: []bot.Block{{Text: "answer"}}}})
			if err != nil {
				t.Fatal(err)
			}
			a.reconnect.min = time.Millisecond
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- a.Run(ctx) }()
			for deadline := time.Now().Add(60 * time.Second); !a.Ready(); time.Sleep(5 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatal("adapter not ready after 60s")
				}
			}
			fake.Fail(tc.method, tc.code)
			if tc.mode == "http" {
				mux := http.NewServeMux()
				a.Register(mux)
				mux.ServeHTTP(httptest.NewRecorder(), slackfake.EventRequest(slackfake.EventBody("EvRevoked", slackfake.TeamID,
					slackfake.DirectMessage(slackfake.DM, "UASKER", "q", "51.1"))))
			} else {
				fake.Drop()
			}
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), tc.code) || !strings.Contains(err.Error(), tc.env) {
					t.Fatalf("Run = %v, want an error naming %s and %s", err, tc.env, tc.code)
				}
				for _, secret := range []string{slackfake.BotToken, slackfake.AppToken} {
					if strings.Contains(err.Error(), secret) {
						t.Errorf("error %q contains a token", err)
					}
				}
			case <-time.After(30 * time.Second):
				t.Fatal("Run did not return within 30s of the token being rejected")
			}
		})
	}
}
