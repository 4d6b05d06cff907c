package terminal

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"clausebot/bot"
	"clausebot/bot/bottest"
)

// driver drives one Adapter per user, as separate terminals on one Bot.
type driver struct {
	b     *bot.Bot
	mu    sync.Mutex
	users map[string]*Adapter
}

func (d *driver) adapter(user string) *Adapter {
	d.mu.Lock()
	defer d.mu.Unlock()
	a, ok := d.users[user]
	if !ok {
		a = New(d.b, strings.NewReader(""), &bytes.Buffer{}, Options{UserID: user, ChatID: user, Mode: ModeScripted, Style: StyleMarks})
		d.users[user] = a
	}
	return a
}

func (d *driver) Send(t *testing.T, user, text string) []bottest.Seen {
	t.Helper()
	if strings.ContainsAny(text, "\n\r") {
		t.Fatalf("the terminal reads one message per line; %q has a line break", text)
	}
	return decode(d.adapter(user).Line(context.Background(), text))
}

func (d *driver) Press(t *testing.T, user string, on bottest.Seen, label string) []bottest.Seen {
	t.Helper()
	for i, l := range on.Buttons {
		if l == label {
			return decode(d.adapter(user).Line(context.Background(), strconv.Itoa(i+1)))
		}
	}
	t.Fatalf("no button %q on the message; buttons %q", label, on.Buttons)
	return nil
}

var buttonLine = regexp.MustCompile(`^\[(\d+)\] (.*)$`)

// decode reads a rendered reply the way a user does: the bold marks, the
// numbered choices, and the rest as text.
func decode(out string) []bottest.Seen {
	if out == "" {
		return nil
	}
	s := bottest.Seen{Raw: out}
	var text []string
	for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if m := buttonLine.FindStringSubmatch(line); m != nil {
			s.Buttons = append(s.Buttons, m[2])
			continue
		}
		text = append(text, line)
	}
	plain := strings.Join(text, "\n")
	for _, m := range boldRun.FindAllStringSubmatch(plain, -1) {
		s.Bold = append(s.Bold, m[1])
	}
	s.Text = strings.NewReplacer("【", "", "】", "").Replace(plain)
	return []bottest.Seen{s}
}

var boldRun = regexp.MustCompile(`【([^【】]*)】`)

func TestBehaviour(t *testing.T) {
	bottest.Run(t, func(t *testing.T, b *bot.Bot) bottest.Driver {
		return &driver{b: b, users: map[string]*Adapter{}}
	})
}
