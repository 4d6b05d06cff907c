package telegram

import (
	"context"
	"strings"
	"unicode/utf8"

	"clausebot/bot"
)

// maxCallbackText is the longest notice answerCallbackQuery shows, in
// characters.
const maxCallbackText = 200

// acknowledge shows a vote's acknowledgement on the pressed message itself,
// as the callback's notice, so the chat is not filled with thank-yous. A
// reply that asks something back (a 👎's "which clause would have been
// right?", with its choices) is also sent as a message, since a notice
// cannot carry buttons; it replies to the answer voted on (voted, the
// message id), so in a group it is clear which answer it is about.
func (a *Adapter) acknowledge(ctx context.Context, to target, voted int, r bot.Reply, answer func(string)) {
	var text string
	for _, blk := range r.Blocks {
		text = strings.TrimSpace(text + "\n" + blk.Text)
	}
	if len(r.Buttons) == 0 {
		answer(truncateRunes(text, maxCallbackText))
		a.metrics.Sent(bot.Telegram)
		return
	}
	answer(truncateRunes(firstSentence(text), maxCallbackText))
	a.deliver(ctx, to, voted, r)
}

// firstSentence returns s up to and including its first full stop.
func firstSentence(s string) string {
	if i := strings.IndexAny(s, ".。"); i >= 0 {
		_, n := utf8.DecodeRuneInString(s[i:])
		return s[:i+n]
	}
	return s
}
