package telegram

import (
	"fmt"
	"strings"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"clausebot/bot"
)

// MaxMessage is Telegram's limit on a message's text, in UTF-16 code units.
const MaxMessage = 4096

// htmlEscaper escapes text for Telegram's HTML parse mode, which knows only
// &lt; &gt; &amp; and &quot; by name. Quotes are left alone outside
// attributes, so the text stays as short as the user's limit allows.
var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escapeHTML escapes s for use as text in a Telegram HTML message.
func escapeHTML(s string) string { return htmlEscaper.Replace(s) }

// escapedSize is the Sizer for plain text that will be escaped: Split cuts
// the plain text, so a cut can never fall inside an entity or a tag.
func escapedSize(s string) int { return bot.UTF16Len(escapeHTML(s)) }

// rendered is a Reply turned into Telegram messages: every message is HTML
// of at most MaxMessage UTF-16 units; the keyboard goes on the last one.
type rendered struct {
	Messages []string
	Keyboard *tgbotapi.InlineKeyboardMarkup
	// Dropped lists buttons that could not be sent (bad callback data).
	Dropped []string
}

// render turns a Reply into Telegram HTML messages.
//
// Each block's plain text is split with the core's splitter first, measured
// by its escaped size and leaving room for the bold tags and the reference
// line, and only then escaped and marked up; the pieces are packed into as
// few messages as fit. A bold span cut by a split is closed at the end of
// one piece and reopened at the start of the next.
func render(r bot.Reply) rendered {
	var parts []string
	for _, b := range r.Blocks {
		parts = append(parts, renderBlock(b)...)
	}
	out := rendered{Messages: bot.Pack(parts, "\n\n", MaxMessage, bot.UTF16Len)}
	out.Keyboard, out.Dropped = keyboard(r.Buttons)
	return out
}

// renderBlock renders one block as one or more HTML pieces, each within
// MaxMessage UTF-16 units, the clause's reference line included.
//
// The plain text is split first, leaving room for the bold tags the piece
// will get; a piece whose markup still comes out too long (many short
// highlights cost more in tags than any fixed reserve allows) is split
// again, at half the size, until it fits. A single character with its tags
// always fits, so this ends, and no highlight is dropped to make room.
func renderBlock(b bot.Block) []string {
	footer := ""
	if b.Kind == bot.ClauseBlock {
		footer = refLine(b.Ref, b.Doc)
	}
	// Room for the reference line on every piece: the last one carries it,
	// and article may put "…\n" and the line after the first.
	room := MaxMessage - bot.UTF16Len(footer) - len("…\n")
	// A first guess at the tags: one <b></b> per span, plus one per cut.
	tags := len("<b></b>") * (len(bot.NormalizeSpans(b.Text, b.Bold)) + 1)
	parts := fitPieces(b, room-min(tags, room/2), room)
	if footer != "" {
		if n := len(parts); n > 0 {
			parts[n-1] += "\n" + footer
		} else {
			parts = append(parts, footer)
		}
	}
	return parts
}

// fitPieces splits b's plain text into pieces of at most budget (escaped
// size) and marks each up; a piece whose HTML exceeds room is split again
// with half the budget.
func fitPieces(b bot.Block, budget, room int) []string {
	var parts []string
	for _, piece := range bot.SplitBlock(b, max(budget, 1), escapedSize) {
		h := markup(piece.Text, piece.Bold)
		if bot.UTF16Len(h) <= room || budget <= 1 {
			parts = append(parts, h)
			continue
		}
		parts = append(parts, fitPieces(piece, budget/2, room)...)
	}
	return parts
}

// maxRefRunes bounds the document title in a reference line: a title is a
// document's first line, and may be any length.
const maxRefRunes = 200

// refLine renders a clause's reference and document title, in italics, on a
// line of their own, at most maxRefRunes runes long.
func refLine(ref, doc string) string {
	var s string
	switch {
	case ref != "" && doc != "":
		s = ref + " — " + doc
	case ref != "" || doc != "":
		s = ref + doc
	default:
		return ""
	}
	return "<i>" + escapeHTML(truncateRunes(s, maxRefRunes)) + "</i>"
}

// markup escapes text and wraps the spans (sorted, disjoint, rune-aligned
// byte ranges of text) in <b>.
func markup(text string, bold []bot.Span) string {
	var sb strings.Builder
	pos := 0
	for _, s := range bold {
		sb.WriteString(escapeHTML(text[pos:s.Start]))
		sb.WriteString("<b>")
		sb.WriteString(escapeHTML(text[s.Start:s.End]))
		sb.WriteString("</b>")
		pos = s.End
	}
	sb.WriteString(escapeHTML(text[pos:]))
	return sb.String()
}

// keyboard turns buttons into an inline keyboard, two to a row. Buttons
// whose data Telegram would refuse (empty or over 64 bytes) are dropped and
// reported, so the rest of the reply still goes out.
func keyboard(buttons []bot.Button) (*tgbotapi.InlineKeyboardMarkup, []string) {
	var row []tgbotapi.InlineKeyboardButton
	var rows [][]tgbotapi.InlineKeyboardButton
	var dropped []string
	for _, b := range buttons {
		if b.Data == "" || len(b.Data) > bot.MaxButtonData || b.Label == "" {
			dropped = append(dropped, fmt.Sprintf("%q (data %d bytes)", b.Label, len(b.Data)))
			continue
		}
		row = append(row, tgbotapi.NewInlineKeyboardButtonData(b.Label, b.Data))
		if len(row) == 2 {
			rows = append(rows, row)
			row = nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil, dropped
	}
	return &tgbotapi.InlineKeyboardMarkup{InlineKeyboard: rows}, dropped
}

// Inline article sizes, in runes: what Telegram's result list shows without
// cutting mid-line on a phone.
const (
	titleRunes       = 48
	descriptionRunes = 120
)

// article renders one inline-mode result: the title is the reference and the
// start of the clause, the description more of it, and the message sent is
// the clause with its reference and document, as in a chat answer.
func article(id string, h bot.Hit) tgbotapi.InlineQueryResultArticle {
	text := strings.Join(strings.Fields(h.Text), " ")
	title := h.Ref
	if title != "" {
		title += " "
	}
	title += truncateRunes(text, titleRunes-utf8.RuneCountInString(title))
	msg := renderBlock(bot.Block{
		Kind: bot.ClauseBlock,
		Text: h.Text,
		Bold: h.Highlights,
		Ref:  h.Ref,
		Doc:  h.DocTitle,
	})
	if len(msg) == 0 {
		// No text, reference or title at all: Telegram refuses an empty
		// message, so the result says so rather than panic.
		msg = []string{"…"}
	}
	body := msg[0]
	if len(msg) > 1 {
		// A clause too long for one message: send the part that fits, marked
		// as cut, still followed by its reference (the first piece has room
		// for both: renderBlock reserved it).
		body = msg[0] + "…\n" + refLine(h.Ref, h.DocTitle)
	}
	a := tgbotapi.NewInlineQueryResultArticleHTML(id, title, body)
	a.Description = truncateRunes(text, descriptionRunes)
	a.InputMessageContent = tgbotapi.InputTextMessageContent{
		Text:                  body,
		ParseMode:             tgbotapi.ModeHTML,
		DisableWebPagePreview: true,
	}
	return a
}

// truncateRunes shortens s to at most n runes, ending in "…" when cut.
func truncateRunes(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for k := range s {
		if i == n-1 {
			return strings.TrimSpace(s[:k]) + "…"
		}
		i++
	}
	return s
}
