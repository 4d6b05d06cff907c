package slack

import (
	"fmt"
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
		return &driver{fake: fake, r: mustHTTP(t, fake, b, nil)}
	})
}

// driver is a bottest.Driver over the HTTP-mode adapter and the fake.
type driver struct {
	fake *slackfake.Server
	r    *running
	n    atomic.Int64
}

var _ bottest.Driver = (*driver)(nil)

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
	return d.seen(t, before)
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
	press := slackfake.Press{TeamID: slackfake.TeamID, ChannelID: d.channel(user), UserID: user,
		ActionID: btn.ActionID, Value: btn.Value, MessageTS: on.ID, ResponseURL: d.fake.ResponseURL("press"),
		ActionTS: fmt.Sprintf("%d", time.Now().UnixNano())}
	if w := d.r.serve(slackfake.SignedRequest(slackfake.SigningSecret, time.Now(), "/slack/interactive",
		"application/x-www-form-urlencoded", press.Form())); w.Code != 200 {
		t.Fatalf("press status %d", w.Code)
	}
	d.r.idle(t)
	return d.seen(t, before)
}

// seen decodes the posts made since before.
func (d *driver) seen(t *testing.T, before int) []bottest.Seen {
	var out []bottest.Seen
	for _, p := range d.fake.Posts()[before:] {
		dec := p.Decode()
		s := bottest.Seen{Text: dec.Text, Bold: dec.Bold, Raw: strings.Join(mrkdwnTexts(p), "\n"), ID: p.TS}
		for _, b := range dec.Buttons {
			s.Buttons = append(s.Buttons, b.Label)
		}
		out = append(out, s)
	}
	return out
}
