package slack

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"clausebot/bot/slack/slackfake"
)

// TestDirectMessageSubtypes checks which DM subtypes are questions: a file
// share, a thread broadcast and a message whose words are only in rich_text
// blocks are answered; edits, deletions and bot messages are not.
func TestDirectMessageSubtypes(t *testing.T) {
	fake := slackfake.New(t)
	r := mustHTTP(t, fake, mustBot(t), nil)
	richOnly := func(ts string) map[string]any {
		e := slackfake.DirectMessage(slackfake.DM, "UASKER", "", ts)
		e["blocks"] = []any{map[string]any{"type": "rich_text", "block_id": "b1", "elements": []any{
			map[string]any{"type": "rich_text_section", "elements": []any{
				map[string]any{"type": "user", "user_id": slackfake.BotUserID},
				map[string]any{"type": "text", "text": " 中俄在北斗卫星导航"},
				map[string]any{"type": "text", "text": "方面有什么合作？", "style": map[string]any{"bold": true}},
			}},
		}}}
		return e
	}
	with := func(e map[string]any, kv ...any) map[string]any {
		for i := 0; i < len(kv); i += 2 {
			e[kv[i].(string)] = kv[i+1]
		}
		return e
	}
	for i, tc := range []struct {
		name     string
		event    func(ts string) map[string]any
		answered bool
		thread   string
	}{
		{"file_share", func(ts string) map[string]any {
			return with(slackfake.DirectMessage(slackfake.DM, "UASKER", question, ts), "subtype", "file_share",
				"files", []any{map[string]any{"id": "F1", "name": "scan.pdf"}})
		}, true, ""},
		{"thread_broadcast", func(ts string) map[string]any {
			return with(slackfake.DirectMessage(slackfake.DM, "UASKER", question, ts), "subtype", "thread_broadcast",
				"thread_ts", "1700000000.000001")
		}, true, "1700000000.000001"},
		{"rich_text only", richOnly, true, ""},
		{"message_changed", func(ts string) map[string]any {
			return with(slackfake.DirectMessage(slackfake.DM, "UASKER", question, ts), "subtype", "message_changed",
				"message", map[string]any{"type": "message", "user": "UASKER", "text": question, "ts": ts})
		}, false, ""},
		{"message_deleted", func(ts string) map[string]any {
			return with(slackfake.DirectMessage(slackfake.DM, "", "", ts), "subtype", "message_deleted", "deleted_ts", ts)
		}, false, ""},
		{"bot_message", func(ts string) map[string]any {
			return with(slackfake.DirectMessage(slackfake.DM, "UOTHER", question, ts), "subtype", "bot_message", "bot_id", "BOTHER")
		}, false, ""},
		{"file_share by a bot", func(ts string) map[string]any {
			return with(slackfake.DirectMessage(slackfake.DM, "UOTHER", question, ts), "subtype", "file_share", "bot_id", "BOTHER")
		}, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(fake.Posts())
			ts := fmt.Sprintf("1700000100.%06d", i)
			body := slackfake.EventBody(fmt.Sprintf("EvSub%d", i), slackfake.TeamID, tc.event(ts))
			if w := r.serve(slackfake.EventRequest(body)); w.Code != http.StatusOK {
				t.Fatalf("status %d, want 200", w.Code)
			}
			r.idle(t)
			posts := fake.Posts()[before:]
			if !tc.answered {
				if len(posts) != 0 {
					t.Errorf("%d posts, want none: %q", len(posts), posts[0].Decode().Text)
				}
				return
			}
			if len(posts) == 0 {
				t.Fatal("no answer, want the 北斗 clause")
			}
			if p := posts[0]; p.Channel != slackfake.DM || p.ThreadTS != tc.thread || !strings.Contains(p.Decode().Text, "北斗") {
				t.Errorf("got %s thread %q %q, want the 北斗 clause in %s thread %q", p.Channel, p.ThreadTS, p.Decode().Text, slackfake.DM, tc.thread)
			}
		})
	}
}

func TestBlocksText(t *testing.T) {
	a := newAdapter(Config{}.withDefaults(), &stubHandler{}, nil)
	id := slackfake.BotUserID
	a.botUserID.Store(&id)
	for _, tc := range []struct{ name, json, want string }{
		{"text and bold", `[{"type":"rich_text","elements":[{"type":"rich_text_section","elements":[{"type":"text","text":"a < b "},{"type":"text","text":"bold","style":{"bold":true}}]}]}]`, "a < b bold"},
		{"mention of the bot dropped", `[{"type":"rich_text","elements":[{"type":"rich_text_section","elements":[{"type":"user","user_id":"UBOT0001"},{"type":"text","text":" 北斗"}]}]}]`, "北斗"},
		{"link label", `[{"type":"rich_text","elements":[{"type":"rich_text_section","elements":[{"type":"link","url":"https://x.example/","text":"see"}]}]}]`, "see"},
		{"list items on lines", `[{"type":"rich_text","elements":[{"type":"rich_text_list","style":"bullet","elements":[{"type":"rich_text_section","elements":[{"type":"text","text":"one"}]},{"type":"rich_text_section","elements":[{"type":"text","text":"two"}]}]}]}]`, "one\ntwo"},
		{"other blocks skipped", `[{"type":"section","text":{"type":"mrkdwn","text":"x"}}]`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var blocks slack.Blocks
			if err := json.Unmarshal([]byte(tc.json), &blocks); err != nil {
				t.Fatal(err)
			}
			if got := a.plainText(blocksText(blocks)); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
