package bottest

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"

	"clausebot/bot"
)

// coreDriver is a GroupDriver with no platform at all: it hands messages to
// the Bot and shows each Reply as plain text. It runs the suite's cases,
// the group ones included, against the core itself, so a case that cannot
// pass (or cannot fail) shows up here before an adapter runs it.
type coreDriver struct {
	b       *bot.Bot
	mu      sync.Mutex
	replies []bot.Reply // by Seen.ID, to find a pressed button's data
	chats   []string    // by Seen.ID, the chat the message is in
}

var _ GroupDriver = (*coreDriver)(nil)

func (d *coreDriver) Send(t *testing.T, user, text string) []Seen {
	t.Helper()
	r, ok := d.b.Handle(context.Background(), bot.Message{
		Platform: bot.Terminal, ChatID: "dm-" + user, UserID: user, Text: text, Direct: true,
	})
	return d.show("dm-"+user, r, ok)
}

func (d *coreDriver) SendGroup(t *testing.T, user, text string, mentioned bool) []Seen {
	t.Helper()
	r, ok := d.b.Handle(context.Background(), bot.Message{
		Platform: bot.Terminal, ChatID: "group", UserID: user, Text: text, Mentioned: mentioned,
	})
	return d.show("group", r, ok)
}

func (d *coreDriver) Press(t *testing.T, user string, on Seen, label string) []Seen {
	t.Helper()
	i, err := strconv.Atoi(on.ID)
	d.mu.Lock()
	if err != nil || i < 0 || i >= len(d.replies) {
		d.mu.Unlock()
		t.Fatalf("press %q: message id %q is not one of the driver's", label, on.ID)
	}
	prev, chat := d.replies[i], d.chats[i]
	d.mu.Unlock()
	for _, b := range prev.Buttons {
		if b.Label == label {
			r, ok := d.b.Press(context.Background(), bot.Action{Platform: bot.Terminal, ChatID: chat, UserID: user, Data: b.Data})
			return d.show(chat, r, ok)
		}
	}
	t.Fatalf("press %q: no such button on the message; buttons %q", label, on.Buttons)
	return nil
}

// show renders r, given in chat, as one message: blocks' text, with each clause's
// reference and document on the line before it.
func (d *coreDriver) show(chat string, r bot.Reply, ok bool) []Seen {
	if !ok {
		return nil
	}
	var s Seen
	var text []string
	for _, blk := range r.Blocks {
		if blk.Kind == bot.ClauseBlock {
			text = append(text, blk.Ref+" "+blk.Doc)
			for _, sp := range blk.Bold {
				s.Bold = append(s.Bold, blk.Text[sp.Start:sp.End])
			}
		}
		text = append(text, blk.Text)
	}
	s.Text = strings.Join(text, "\n")
	s.Raw = s.Text
	for _, b := range r.Buttons {
		s.Buttons = append(s.Buttons, b.Label)
	}
	d.mu.Lock()
	s.ID = strconv.Itoa(len(d.replies))
	d.replies = append(d.replies, r)
	d.chats = append(d.chats, chat)
	d.mu.Unlock()
	return []Seen{s}
}

// TestCore runs the whole suite over the core alone.
func TestCore(t *testing.T) {
	Run(t, func(t *testing.T, b *bot.Bot) Driver { return &coreDriver{b: b} })
}
