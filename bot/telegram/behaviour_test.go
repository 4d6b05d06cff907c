package telegram

import (
	"strconv"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"clausebot/bot"
	"clausebot/bot/bottest"
	"clausebot/bot/telegram/tgfake"
)

// TestBehaviour runs the core's behaviour suite through the adapter and the
// fake Bot API: every answer, page, escape and split the suite checks has
// gone through Telegram HTML and come back out of the fake's parser.
func TestBehaviour(t *testing.T) {
	bottest.Run(t, func(t *testing.T, b *bot.Bot) bottest.Driver {
		fake := tgfake.New(t, tgfake.Options{})
		mustRun(t, fake, b, nil)
		return &driver{fake: fake, users: map[string]int64{}}
	})
}

// driver is a bottest.Driver over the fake: a user is a private chat.
type driver struct {
	fake  *tgfake.Server
	users map[string]int64
}

var (
	_ bottest.GroupDriver      = (*driver)(nil)
	_ bottest.AttachmentDriver = (*driver)(nil)
)

// groupChat is the one group all users of the driver share (a supergroup,
// as most groups are today; Telegram's group ids are negative).
const groupChat = -1001234567890

func (d *driver) user(name string) int64 {
	id, ok := d.users[name]
	if !ok {
		id = int64(5000 + len(d.users))
		d.users[name] = id
	}
	return id
}

// Send implements bottest.Driver.
func (d *driver) Send(t *testing.T, user, text string) []bottest.Seen {
	t.Helper()
	u := tgfake.User(d.user(user), "")
	before := len(d.fake.SentTo(u.ID))
	id, _ := d.fake.Private(u, text)
	handled(t, d.fake, id)
	return seen(d.fake.SentTo(u.ID)[before:])
}

// SendWithAttachment implements bottest.AttachmentDriver: a photo with the
// text as its caption.
func (d *driver) SendWithAttachment(t *testing.T, user, text string) []bottest.Seen {
	t.Helper()
	u := tgfake.User(d.user(user), "")
	before := len(d.fake.SentTo(u.ID))
	id, _ := d.fake.Push(tgfake.MessageSpec{Chat: tgbotapi.Chat{ID: u.ID, Type: "private"}, From: u, Text: text, Caption: true})
	handled(t, d.fake, id)
	return seen(d.fake.SentTo(u.ID)[before:])
}

// SendGroup implements bottest.GroupDriver: a message in the shared group,
// addressed the way Telegram clients do it, "@botname text" with a mention
// entity (the fake computes entities as Telegram does).
func (d *driver) SendGroup(t *testing.T, user, text string, mentioned bool) []bottest.Seen {
	t.Helper()
	u := tgfake.User(d.user(user), "")
	if mentioned {
		text = strings.TrimSpace("@" + d.fake.Bot().UserName + " " + text)
	}
	before := len(d.fake.SentTo(groupChat))
	id, _ := d.fake.Group(groupChat, u, text)
	handled(t, d.fake, id)
	return seen(d.fake.SentTo(groupChat)[before:])
}

// Press implements bottest.Driver. A page edited in place is what the user
// then sees, followed by any new messages. A message seen in the group has
// an ID of "chat:message".
func (d *driver) Press(t *testing.T, user string, on bottest.Seen, label string) []bottest.Seen {
	t.Helper()
	u := tgfake.User(d.user(user), "")
	chat := u.ID
	idText := on.ID
	if c, m, ok := strings.Cut(on.ID, ":"); ok {
		n, err := strconv.ParseInt(c, 10, 64)
		if err != nil {
			t.Fatalf("Press: bad chat in message id %q", on.ID)
		}
		chat, idText = n, m
	}
	msgID, err := strconv.Atoi(idText)
	if err != nil {
		t.Fatalf("Press: bad message id %q", on.ID)
	}
	sent := d.fake.SentTo(chat)
	var data string
	edits := -1
	for _, m := range sent {
		if m.MessageID != msgID {
			continue
		}
		edits = m.Edits
		for _, row := range m.Keyboard.InlineKeyboard {
			for _, b := range row {
				if b.Text == label && b.CallbackData != nil {
					data = *b.CallbackData
				}
			}
		}
	}
	if data == "" {
		t.Fatalf("Press: message %d has no button %q", msgID, label)
	}
	id, _ := d.fake.Press(u, chat, msgID, data)
	handled(t, d.fake, id)
	after := d.fake.SentTo(chat)
	var out []tgfake.Message
	for _, m := range after {
		if m.MessageID == msgID && m.Edits > edits {
			out = append(out, m)
		}
	}
	return seen(append(out, after[len(sent):]...))
}

func seen(ms []tgfake.Message) []bottest.Seen {
	var out []bottest.Seen
	for _, m := range ms {
		s := bottest.Seen{Text: m.Text, Raw: m.HTML, ID: strconv.Itoa(m.MessageID)}
		if m.ChatID < 0 { // a group: Press needs the chat too
			s.ID = strconv.FormatInt(m.ChatID, 10) + ":" + s.ID
		}
		for _, b := range m.Bold {
			s.Bold = append(s.Bold, b.Text)
		}
		if m.Keyboard != nil {
			for _, row := range m.Keyboard.InlineKeyboard {
				for _, b := range row {
					s.Buttons = append(s.Buttons, b.Text)
				}
			}
		}
		out = append(out, s)
	}
	return out
}
