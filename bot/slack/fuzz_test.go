package slack

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"clausebot/bot"
	"clausebot/bot/bottest"
	"clausebot/bot/slack/slackfake"
)

// fuzzEndpoint serves signed bodies to one HTTP-mode endpoint and checks
// what must hold for any body: an answer with a status Slack understands,
// no panic (recovered or not) in any goroutine the request starts, and no
// secret in the answer.
type fuzzEndpoint struct {
	r    *running
	logs *bottest.PanicWatch
	path string
	ct   string
}

func newFuzzEndpoint(f *testing.F, path, ct string) *fuzzEndpoint {
	fake := slackfake.New(f)
	logs := &bottest.PanicWatch{}
	r := mustHTTP(f, fake, bottest.SilentHandler{}, func(c *Config) {
		c.Logger = slog.New(logs)
	})
	return &fuzzEndpoint{r: r, logs: logs, path: path, ct: ct}
}

func (e *fuzzEndpoint) check(t *testing.T, body []byte) {
	w := e.r.serve(slackfake.SignedRequest(slackfake.SigningSecret, time.Now(), e.path, e.ct, body))
	switch w.Code {
	case http.StatusOK, http.StatusBadRequest, http.StatusRequestEntityTooLarge:
	default:
		t.Fatalf("status %d for %q", w.Code, body)
	}
	if strings.Contains(w.Body.String(), slackfake.SigningSecret) {
		t.Fatal("the answer contains the signing secret")
	}
	e.r.idle(t)
	if p := e.logs.Panics(); len(p) > 0 {
		t.Fatalf("panic while handling %q:\n%s", body, strings.Join(p, "\n"))
	}
}

// FuzzEventsBody feeds the Events API endpoint arbitrary signed bodies.
func FuzzEventsBody(f *testing.F) {
	f.Add(slackfake.EventBody("Ev1", slackfake.TeamID, slackfake.DirectMessage(slackfake.DM, "U1", "北斗 <@UBOT0001> <#C1|x> <!here>", "1.1")))
	f.Add(slackfake.EventBody("Ev2", slackfake.TeamID, slackfake.AppMention(slackfake.Channel, "U1", "<@UBOT0001> hi", "1.2", "1.0")))
	f.Add([]byte(`{"type":"url_verification","challenge":"c"}`))
	f.Add([]byte(`{"type":"event_callback","event":{"type":"message"}}`))
	f.Add([]byte(`{"type":"event_callback","event":null}`))
	f.Add([]byte(`{"type":"event_callback","event":{"type":"app_mention","user":"U1","text":"<<>>"}}`))
	e := newFuzzEndpoint(f, pathEvents, "application/json")
	f.Fuzz(func(t *testing.T, body []byte) { e.check(t, body) })
}

// FuzzSlashCommandForm feeds the slash command endpoint arbitrary forms.
func FuzzSlashCommandForm(f *testing.F) {
	f.Add(string(slackfake.Command{TeamID: slackfake.TeamID, ChannelID: "D1", UserID: "U1", Command: "/ask",
		Text: "section 二", ResponseURL: "http://127.0.0.1:9/commands/1"}.Form()))
	f.Add("command=%2Fask&text=&response_url=https%3A%2F%2F%25zz")
	f.Add("response_url=http%3A%2F%2F&channel_id=&user_id=")
	f.Add("text=%ZZ")
	e := newFuzzEndpoint(f, pathCommands, "application/x-www-form-urlencoded")
	f.Fuzz(func(t *testing.T, form string) { e.check(t, []byte(form)) })
}

// FuzzInteractionPayload feeds the interactivity endpoint arbitrary
// payloads, form-encoded as Slack sends them.
func FuzzInteractionPayload(f *testing.F) {
	f.Add(string(slackfake.Press{TeamID: slackfake.TeamID, ChannelID: slackfake.Channel, UserID: "U1",
		ActionID: actionShare, Value: `{"k":"x","q":"北斗"}`, MessageTS: "1.1", Ephemeral: true,
		ResponseURL: "http://127.0.0.1:9/actions/1"}.Payload()))
	f.Add(string(slackfake.Press{TeamID: slackfake.TeamID, ChannelID: slackfake.Channel, UserID: "U1",
		ActionID: actionButton + "0", Value: "more:abc", MessageTS: "1.1"}.Payload()))
	f.Add(`{"type":"block_actions","actions":[{}]}`)
	f.Add(`{"type":"block_actions","actions":[{"action_id":"clausebot:share","value":"{"}],"user":{"id":"U"},"channel":{"id":"C"}}`)
	f.Add(`null`)
	e := newFuzzEndpoint(f, pathInteractive, "application/x-www-form-urlencoded")
	f.Fuzz(func(t *testing.T, payload string) {
		e.check(t, []byte(url.Values{"payload": {payload}}.Encode()))
	})
}

// FuzzRenderBlockKit renders arbitrary clauses, highlights, references and
// buttons, and checks every message against Slack's limits as the fake
// enforces them.
func FuzzRenderBlockKit(f *testing.F) {
	f.Add("双方同意加强*北斗*合作 <@U1> & _x_", 2, 8, -3, 40, uint16(0), "二·12", "公报", "More", "more:1")
	f.Add(strings.Repeat("北斗，", 700), 0, 6, 9, 15, uint16(3), "二·1", strings.Repeat("题", 4000), "", "")
	f.Add("`~*_<>&", 0, 1, 1, 2, uint16(1), "", "", strings.Repeat("L", 100), strings.Repeat("d", 3000))
	f.Fuzz(func(t *testing.T, text string, s1, e1, s2, e2 int, every uint16, ref, doc, label, data string) {
		if !utf8.ValidString(text) || !utf8.ValidString(ref) || !utf8.ValidString(doc) || !utf8.ValidString(label) {
			return // documents and the core's words are valid UTF-8
		}
		bold := []bot.Span{{Start: s1, End: e1}, {Start: s2, End: e2}}
		if every > 0 {
			// Highlights every few bytes: the many-terms case.
			for i := 0; i < len(text); i += int(every) * 3 {
				bold = append(bold, bot.Span{Start: i, End: i + 3})
			}
		}
		r := bot.Reply{
			Blocks:  []bot.Block{{Kind: bot.ClauseBlock, Text: text, Bold: bold, Ref: ref, Doc: doc}, {Kind: bot.TextBlock, Text: text}},
			Buttons: []bot.Button{{Label: label, Data: data}},
		}
		for _, opt := range []renderOptions{{}, {Share: true, ShareValue: data, Footer: safe(label)}} {
			var clause strings.Builder // the rich_text of every message: the clause, verbatim
			for i, m := range render(r, opt) {
				for _, b := range m.Blocks {
					if rt, ok := b.(*slack.RichTextBlock); ok {
						for _, el := range rt.Elements {
							for _, x := range el.(*slack.RichTextSection).Elements {
								clause.WriteString(x.(*slack.RichTextSectionTextElement).Text)
							}
						}
					}
				}
				if len(m.Blocks) > MaxBlocks {
					t.Fatalf("message %d: %d blocks", i, len(m.Blocks))
				}
				for _, b := range m.Blocks {
					if s, ok := b.(*slack.SectionBlock); ok && utf8.RuneCountInString(s.Text.Text) > MaxSectionText {
						t.Fatalf("message %d: a section of %d characters", i, utf8.RuneCountInString(s.Text.Text))
					}
				}
				raw, err := json.Marshal(m.Blocks)
				if err != nil {
					t.Fatalf("message %d: %v", i, err)
				}
				if code := slackfake.CheckMessage(m.Text, raw); code != "" {
					t.Fatalf("message %d: Slack would answer %s", i, code)
				}
			}
			// Splitting drops only the white space at a cut.
			noSpace := func(s string) string { return strings.Join(strings.Fields(s), "") }
			if got, want := noSpace(clause.String()), noSpace(text); got != want {
				t.Fatalf("clause text changed in rich_text:\ngot  %q\nwant %q", got, want)
			}
		}
	})
}
