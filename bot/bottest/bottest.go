// Package bottest is clausebot's shared behaviour suite, in the spirit of
// go-cloud's drivertest: every adapter (terminal, Telegram, Slack) runs the
// same cases against a real *bot.Bot over a real index of the seed
// document, through its own fake platform.
//
// An adapter's test implements Driver and calls Run:
//
//	func TestBehaviour(t *testing.T) {
//		bottest.Run(t, func(t *testing.T, b *bot.Bot) bottest.Driver {
//			return newFakeChat(t, b) // the adapter wired to b and a fake API
//		})
//	}
//
// Each case builds its own Bot (with the options it needs: a fake clock, a
// small rate limit) and asks newDriver for a fresh driver around it. Besides
// its own checks, every case compares what the user saw with the Reply a
// second, "mirror" Bot gives for the same steps, so an adapter that drops a
// block, a reference, a matched term or a button fails here.
package bottest

import (
	"context"
	"io/fs"
	"testing"
	"testing/fstest"

	"clausebot/bot"
	"clausebot/index"
)

// Driver is one adapter under test, wired to a real *bot.Bot through the
// adapter's own fake platform.
type Driver interface {
	// Send delivers text from user in a direct (one-to-one) chat and
	// returns what the user then sees: nothing when the bot stays silent,
	// several messages when a reply was split.
	Send(t *testing.T, user, text string) []Seen
	// Press presses the button with that label on the given message the
	// user saw, and returns what the user then sees.
	Press(t *testing.T, user string, on Seen, label string) []Seen
}

// GroupDriver is a Driver that can also speak in a group chat (a Telegram
// group, a Slack channel). The group cases run only for drivers that
// implement it.
type GroupDriver interface {
	Driver
	// SendGroup delivers text from user in one group chat shared by all
	// users of the driver and returns what the group then sees. When
	// mentioned is true the driver addresses the bot the platform's way
	// ("@clausebot text", "<@U123> text") so the adapter must strip the
	// mention; text itself never contains it. Replies to the bot's own
	// messages are platform-specific and left to the adapters' tests.
	SendGroup(t *testing.T, user, text string, mentioned bool) []Seen
}

// AttachmentDriver is a Driver whose platform lets a question come with a
// file: a Telegram photo with a caption, a Slack DM with a file attached
// (subtype file_share). The Attachment case runs only for drivers that
// implement it.
type AttachmentDriver interface {
	Driver
	// SendWithAttachment delivers text from user in a direct chat as the
	// words sent with a picture or file, and returns what the user then
	// sees.
	SendWithAttachment(t *testing.T, user, text string) []Seen
}

// Seen is one message as the user sees it, decoded from the platform's
// markup by the driver.
type Seen struct {
	Text    string   // visible plain text (markup removed, entities unescaped)
	Bold    []string // the bold runs, in order
	Buttons []string // button labels
	Raw     string   // the platform payload as sent, for escaping checks
	// ID is the driver's own handle for the message (a message id, a
	// timestamp), for drivers that need it in Press. Optional.
	ID string
}

// env is what Run built once and shares between cases.
type env struct {
	seed   *index.Index
	markup *index.Index
	title  string
	newDrv func(t *testing.T, b *bot.Bot) Driver
}

// Run builds a real index of the seed document (and of a tiny document full
// of markup characters), then runs every case as a subtest, each with a
// fresh Bot and a fresh driver from newDriver.
func Run(t *testing.T, newDriver func(t *testing.T, b *bot.Bot) Driver) {
	t.Helper()
	e := &env{
		seed:   mustIndex(t, index.Seed()),
		markup: mustIndex(t, markupFS),
		newDrv: newDriver,
	}
	docs := e.seed.Documents()
	if len(docs) != 1 {
		t.Fatalf("seed index has %d documents, want 1", len(docs))
	}
	e.title = docs[0].Title
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, e) })
	}
}

// markupFS is a document whose clause text is full of characters that mean
// something in HTML, Slack mrkdwn and Markdown.
var markupFS = fstest.MapFS{
	"markup.txt": {Data: []byte("Markup Escaping Rules\n\n2024-01-01\n\n" +
		"1. General\n\n" +
		"Operators must escape <b>bold</b> & <i>italic</i> tags, compare a < b > c, and never ping <!channel> or <@U123> with *stars* and _underscores_.\n\n" +
		"Weather stations report rainfall to the regional office every morning.\n")},
}

// markupClause is the first clause of markupFS, as it must reach the user.
const markupClause = "Operators must escape <b>bold</b> & <i>italic</i> tags, compare a < b > c, and never ping <!channel> or <@U123> with *stars* and _underscores_."

func mustIndex(t *testing.T, fsys fs.FS) *index.Index {
	t.Helper()
	x, err := index.Load(context.Background(), fsys, index.Options{})
	if err != nil {
		t.Fatalf("index.Load: %v", err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}
