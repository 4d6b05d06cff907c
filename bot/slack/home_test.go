package slack

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"clausebot/bot/slack/slackfake"
)

// TestAppHomeTab opens the Home tab through the adapter: the fake takes the
// views.publish only for a valid home view, which must say what the bot
// knows (the loaded documents), how to ask, and give example questions.
// Opening the Messages tab publishes nothing.
func TestAppHomeTab(t *testing.T) {
	fake := slackfake.New(t)
	r := mustHTTP(t, fake, mustBot(t), nil)
	for i, tab := range []string{"messages", "home"} {
		body := slackfake.EventBody(fmt.Sprintf("EvHome%d", i), slackfake.TeamID, slackfake.AppHomeOpened("UASKER", tab, fmt.Sprintf("40.%d", i)))
		if w := r.serve(slackfake.EventRequest(body)); w.Code != http.StatusOK {
			t.Fatalf("status %d, want 200", w.Code)
		}
	}
	r.idle(t)
	if n := fake.Calls("views.publish"); n != 1 {
		t.Fatalf("views.publish called %d times, want once (home tab only)", n)
	}
	posts := fake.Posts()
	if len(posts) != 1 || posts[0].Method != "views.publish" || posts[0].User != "UASKER" {
		t.Fatalf("posts %+v, want one views.publish for UASKER", posts)
	}
	d := posts[0].Decode()
	for _, want := range []string{"Loaded documents:", "中俄总理", "/ask", "/section", "Try one of these questions:", "In a direct message, just type your question."} {
		if !strings.Contains(d.Text, want) {
			t.Errorf("home tab lacks %q:\n%s", want, d.Text)
		}
	}
	if len(d.Buttons) != 0 {
		t.Errorf("home tab has %d buttons, want none", len(d.Buttons))
	}

	// After a Chinese question in the DM, the tab is Chinese.
	r.serve(slackfake.EventRequest(slackfake.EventBody("EvHomeZh", slackfake.TeamID,
		slackfake.DirectMessage(slackfake.DM, "UASKER", question, "40.5"))))
	r.idle(t)
	r.serve(slackfake.EventRequest(slackfake.EventBody("EvHome9", slackfake.TeamID, slackfake.AppHomeOpened("UASKER", "home", "40.9"))))
	r.idle(t)
	posts = fake.Posts()
	last := posts[len(posts)-1]
	if text := last.Decode().Text; last.Method != "views.publish" || !strings.Contains(text, "已载入的文件") || !strings.Contains(text, "命令") {
		t.Errorf("home tab after a Chinese question (%s):\n%s\nwant it in Chinese", last.Method, text)
	}
}

// TestMessageShortcutAnswersEphemerally chooses "Ask clausebot about this
// message" on a channel message: the answer goes only to the user who
// chose it, through the response_url, with a share button; a shortcut with
// another callback_id is ignored.
func TestMessageShortcutAnswersEphemerally(t *testing.T) {
	fake := slackfake.New(t)
	r := mustHTTP(t, fake, mustBot(t), nil)
	send := func(m slackfake.MessageShortcut) {
		req := slackfake.SignedRequest(slackfake.SigningSecret, time.Now(), "/slack/interactive", "application/x-www-form-urlencoded", m.Form())
		if w := r.serve(req); w.Code != http.StatusOK {
			t.Fatalf("status %d, want 200", w.Code)
		}
		r.idle(t)
	}
	send(slackfake.MessageShortcut{TeamID: slackfake.TeamID, ChannelID: slackfake.Channel, UserID: "UASKER",
		CallbackID: "someone_elses", MessageText: question, MessageTS: "41.1", ResponseURL: fake.ResponseURL("other")})
	if n := len(fake.Posts()); n != 0 {
		t.Fatalf("%d posts for another app's shortcut, want none", n)
	}
	for i, tc := range []struct {
		name   string
		text   string
		blocks []any
	}{
		{"text", "<@UOTHER> " + question, nil},
		{"rich_text only", "", []any{map[string]any{"type": "rich_text", "elements": []any{map[string]any{
			"type": "rich_text_section", "elements": []any{map[string]any{"type": "text", "text": question}}}}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(fake.Posts())
			send(slackfake.MessageShortcut{TeamID: slackfake.TeamID, ChannelID: slackfake.Channel, UserID: "UASKER",
				CallbackID: ShortcutCallbackID, MessageText: tc.text, MessageBlocks: tc.blocks, MessageTS: fmt.Sprintf("41.%d", i+2),
				ResponseURL: fake.ResponseURL(fmt.Sprintf("shortcut%d", i))})
			posts := fake.Posts()[before:]
			if len(posts) == 0 {
				t.Fatal("no answer")
			}
			p := posts[0]
			if p.Method != "response_url" || p.ResponseType != "ephemeral" {
				t.Errorf("answered by %s (%q), want an ephemeral response_url post", p.Method, p.ResponseType)
			}
			d := p.Decode()
			if !strings.Contains(d.Text, "北斗") {
				t.Errorf("answer %q, want the 北斗 clause", d.Text)
			}
			shared := false
			for _, b := range d.Buttons {
				shared = shared || b.ActionID == actionShare
			}
			if !shared {
				t.Error("no Share in channel button")
			}
		})
	}
}

// TestSurfacesOverSocketMode: the Home tab and the message shortcut work
// the same when Slack delivers them over Socket Mode.
func TestSurfacesOverSocketMode(t *testing.T) {
	fake := slackfake.New(t)
	mustSocket(t, fake, mustBot(t), nil)
	fake.SendEvent("env-home", slackfake.EventBody("EvSockHome", slackfake.TeamID, slackfake.AppHomeOpened("UASKER", "home", "42.1")))
	sc := slackfake.MessageShortcut{TeamID: slackfake.TeamID, ChannelID: slackfake.Channel, UserID: "UASKER",
		CallbackID: ShortcutCallbackID, MessageText: question, MessageTS: "42.2", ResponseURL: fake.ResponseURL("sock-shortcut")}
	fake.Send(slackfake.Envelope{EnvelopeID: "env-shortcut", Type: "interactive", Payload: sc.Payload()})
	for _, env := range []string{"env-home", "env-shortcut"} {
		if err := fake.WaitAcked(env, 60*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	posts, err := fake.WaitPosts(2, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	methods := map[string]bool{}
	for _, p := range posts {
		methods[p.Method] = true
	}
	if !methods["views.publish"] || !methods["response_url"] {
		t.Errorf("posts by %v, want views.publish and an ephemeral response_url answer", methods)
	}
}
