package slack

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"clausebot/bot"
	"clausebot/bot/bottest"
	"clausebot/bot/slack/slackfake"
)

// TestBehaviour runs the core's shared behaviour suite through this
// adapter: DMs go in as signed message.im events, answers come back
// through the fake's chat.postMessage and are decoded from Block Kit.
func TestBehaviour(t *testing.T) {
	bottest.Run(t, func(t *testing.T, b *bot.Bot) bottest.Driver {
		fake := slackfake.New(t)
		return &driver{fake: fake, r: mustHTTP(t, fake, b, nil), where: map[string]place{}}
	})
}

// driver is a bottest.Driver over the HTTP-mode adapter and the fake.
type driver struct {
	fake *slackfake.Server
	r    *running
	n    atomic.Int64
	// where records, by message ts, where each message the users saw is,
	// so a press on it comes from the right place.
	where map[string]place
}

// place is where a message was shown.
type place struct {
	channel, thread string
	ephemeral       bool
}

var _ bottest.GroupDriver = (*driver)(nil)

// channel is the user's DM channel with the bot.
func (d *driver) channel(user string) string {
	ch := "D" + strings.ToUpper(user)
	d.fake.AddChannel(ch)
	return ch
}

func (d *driver) Send(t *testing.T, user, text string) []bottest.Seen {
	t.Helper()
	n := d.n.Add(1)
	before := len(d.fake.Posts())
	ts := fmt.Sprintf("1700001000.%06d", n)
	body := slackfake.EventBody(fmt.Sprintf("EvB%d", n), slackfake.TeamID,
		slackfake.DirectMessage(d.channel(user), user, escapeText.Replace(text), ts))
	if w := d.r.serve(slackfake.EventRequest(body)); w.Code != 200 {
		t.Fatalf("event status %d", w.Code)
	}
	d.r.idle(t)
	return d.seen(t, before, "")
}

// SendGroup implements bottest.GroupDriver in a channel the bot is in, the
// way Slack delivers each kind of message there:
//   - a mention is an app_mention event ("<@UBOT0001> text"), answered in
//     its thread;
//   - one of the bot's commands is the app's slash command, /ask with the
//     command as its first word ("/clause 二.12" is "/ask clause 二.12"),
//     answered ephemerally through the response_url;
//   - anything else, another app's command included, is a plain channel
//     message event, which the adapter must ignore.
func (d *driver) SendGroup(t *testing.T, user, text string, mentioned bool) []bottest.Seen {
	t.Helper()
	n := d.n.Add(1)
	before := len(d.fake.Posts())
	ts := fmt.Sprintf("1700002000.%06d", n)
	var req *http.Request
	switch name, args := commandName(text); {
	case mentioned:
		body := slackfake.EventBody(fmt.Sprintf("EvG%d", n), slackfake.TeamID,
			slackfake.AppMention(slackfake.Channel, user, strings.TrimSpace("<@"+slackfake.BotUserID+"> "+escapeText.Replace(text)), ts, ""))
		req = slackfake.EventRequest(body)
	case isOurCommand(name):
		if name != "ask" {
			args = strings.TrimSpace(name + " " + args)
		}
		cmd := slackfake.Command{TeamID: slackfake.TeamID, ChannelID: slackfake.Channel, UserID: user,
			Command: "/ask", Text: args, ResponseURL: d.fake.ResponseURL(fmt.Sprintf("cmd-%d", n))}
		req = slackfake.SignedRequest(slackfake.SigningSecret, time.Now(), "/slack/commands", "application/x-www-form-urlencoded", cmd.Form())
	default:
		body := slackfake.EventBody(fmt.Sprintf("EvG%d", n), slackfake.TeamID, map[string]any{
			"type": "message", "channel_type": "channel", "channel": slackfake.Channel,
			"user": user, "text": escapeText.Replace(text), "ts": ts, "event_ts": ts})
		req = slackfake.EventRequest(body)
	}
	if w := d.r.serve(req); w.Code != 200 {
		t.Fatalf("status %d", w.Code)
	}
	d.r.idle(t)
	return d.seen(t, before, slackfake.Channel)
}

// commandName splits "/name args" into name and args; name is "" when
// text is not a command.
func commandName(text string) (name, args string) {
	if !strings.HasPrefix(text, "/") {
		return "", text
	}
	name, args, _ = strings.Cut(text[1:], " ")
	return name, strings.TrimSpace(args)
}

// isOurCommand reports whether name is one of the bot's commands (which
// Slack carries by the app's one slash command). "section@otherbot" is
// not: Slack has no such syntax, and it is someone else's anyway.
func isOurCommand(name string) bool {
	for _, c := range bot.Commands(bot.English) {
		if name == c.Name {
			return true
		}
	}
	return false
}

func (d *driver) Press(t *testing.T, user string, on bottest.Seen, label string) []bottest.Seen {
	t.Helper()
	var btn *slackfake.Button
	for _, p := range d.fake.Posts() {
		if p.TS != on.ID {
			continue
		}
		for _, b := range p.Decode().Buttons {
			if b.Label == label {
				btn = &b
			}
		}
	}
	if btn == nil {
		t.Fatalf("no button %q on message %s", label, on.ID)
	}
	before := len(d.fake.Posts())
	at, ok := d.where[on.ID]
	if !ok {
		at = place{channel: d.channel(user)}
	}
	n := d.n.Add(1)
	press := slackfake.Press{TeamID: slackfake.TeamID, ChannelID: at.channel, UserID: user,
		ActionID: btn.ActionID, Value: btn.Value, MessageTS: on.ID, ThreadTS: at.thread, Ephemeral: at.ephemeral,
		ResponseURL: d.fake.ResponseURL(fmt.Sprintf("press-%d", n)),
		ActionTS:    fmt.Sprintf("%d", time.Now().UnixNano())}
	if w := d.r.serve(slackfake.SignedRequest(slackfake.SigningSecret, time.Now(), "/slack/interactive",
		"application/x-www-form-urlencoded", press.Form())); w.Code != 200 {
		t.Fatalf("press status %d", w.Code)
	}
	d.r.idle(t)
	return d.seen(t, before, at.channel)
}

// seen decodes the posts made since before, and records where each is;
// channel is where response_url posts (which name no channel) appear.
func (d *driver) seen(t *testing.T, before int, channel string) []bottest.Seen {
	var out []bottest.Seen
	for _, p := range d.fake.Posts()[before:] {
		at := place{channel: p.Channel, thread: p.ThreadTS}
		if p.Method == "response_url" || p.Method == "chat.postEphemeral" {
			at = place{channel: channel, ephemeral: p.ResponseType != "in_channel"}
		}
		d.where[p.TS] = at
		dec := p.Decode()
		s := bottest.Seen{Text: dec.Text, Bold: dec.Bold, Raw: strings.Join(mrkdwnTexts(p), "\n"), ID: p.TS}
		for _, b := range dec.Buttons {
			// "Share in channel" on ephemeral replies is this adapter's
			// own button, tested in its own tests; the suite compares
			// the core's buttons.
			if b.ActionID == actionShare {
				continue
			}
			s.Buttons = append(s.Buttons, b.Label)
		}
		out = append(out, s)
	}
	return out
}
