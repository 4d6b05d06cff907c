package slack

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"clausebot/bot"
)

// Slack's Block Kit limits, as chat.postMessage enforces them.
const (
	// MaxSectionText is the largest text of a section block.
	MaxSectionText = 3000
	// MaxBlocks is the largest number of blocks in one message.
	MaxBlocks = 50
	// MaxButtonValue is the largest value of a button element.
	MaxButtonValue = 2000
	// maxButtonLabel is the largest plain_text label of a button.
	maxButtonLabel = 75
	// maxFallback bounds the plain-text fallback: it only feeds
	// notifications and screen readers, so the start of the reply is enough.
	maxFallback = 3000
)

// Invisible characters used to keep bold markers intact.
//
// Slack's mrkdwn has no escape for * _ ~ `. A marker only opens or closes
// formatting at a word boundary, and Slack treats U+200B ZERO WIDTH SPACE as
// one: that is how bold works inside Chinese text, which has no spaces
// (中\u200B*俄*\u200B). U+2060 WORD JOINER is the opposite, a non-breaking
// nothing that is never a boundary, so a literal * written as \u2060*\u2060
// sits "inside a word" and can neither open nor close formatting, whatever
// surrounds it. Both are invisible; the clause text is otherwise byte for byte
// the document's.
const (
	zwsp = "\u200b"
	wj   = "\u2060"
)

// Action ids of the buttons this adapter renders.
const (
	actionPrefix = "clausebot:"
	actionButton = actionPrefix + "button:" // + index: a core Button
	actionShare  = actionPrefix + "share"   // "Share in channel"
)

// message is one Slack message: Block Kit blocks plus the plain fallback
// text that notifications and old clients show.
type message struct {
	Text   string
	Blocks []slack.Block
}

// escapeText escapes the three characters Slack parses as control
// sequences, so no text can produce <!channel>, <@U…> or a link.
var escapeText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// safe escapes s for a mrkdwn text object: &, <, > become entities and the
// formatting characters are pinned with word joiners (see wj).
func safe(s string) string {
	if !strings.ContainsAny(s, "&<>*_~`") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '*', '_', '~', '`':
			b.WriteString(wj)
			b.WriteRune(r)
			b.WriteString(wj)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mrkdwnSize is the Sizer for section text: Slack counts characters of the
// escaped text, and the escaping only grows it.
func mrkdwnSize(s string) int { return bot.UTF16Len(safe(s)) }

// boldMarkup renders text with the spans in bold, escaped. Spans are byte
// ranges into text, sorted and non-overlapping (bot.Hit's contract);
// anything out of range or not on a rune boundary is ignored rather than
// trusted.
func boldMarkup(text string, spans []bot.Span) string {
	var b strings.Builder
	pos := 0
	for _, sp := range spans {
		start, end := sp.Start, sp.End
		if start < pos || end > len(text) || start >= end ||
			!utf8.RuneStart(text[start]) || (end < len(text) && !utf8.RuneStart(text[end])) {
			continue
		}
		// Slack will not bold "* term*": keep the span's edge whitespace
		// outside the markers.
		for start < end {
			r, n := utf8.DecodeRuneInString(text[start:end])
			if !unicode.IsSpace(r) {
				break
			}
			start += n
		}
		for end > start {
			r, n := utf8.DecodeLastRuneInString(text[start:end])
			if !unicode.IsSpace(r) {
				break
			}
			end -= n
		}
		if start == end {
			continue
		}
		b.WriteString(safe(text[pos:start]))
		if needsBoundary(text[:start], true) {
			b.WriteString(zwsp)
		}
		b.WriteString("*")
		b.WriteString(safe(text[start:end]))
		b.WriteString("*")
		if needsBoundary(text[end:], false) {
			b.WriteString(zwsp)
		}
		pos = end
	}
	b.WriteString(safe(text[pos:]))
	return b.String()
}

// needsBoundary reports whether a bold marker next to s needs a zero-width
// space to be recognised: it does unless s is empty or whitespace is already
// next to the marker. before says s comes before the marker.
func needsBoundary(s string, before bool) bool {
	var r rune
	if before {
		r, _ = utf8.DecodeLastRuneInString(s)
	} else {
		r, _ = utf8.DecodeRuneInString(s)
	}
	return s != "" && !unicode.IsSpace(r)
}

// mrkdwn returns a verbatim mrkdwn text object: verbatim stops Slack from
// turning bare URLs and #channel names in document text into links.
func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, true)
}

// renderOptions carry what rendering needs beyond the Reply.
type renderOptions struct {
	// Share adds a "Share in channel" button whose value is ShareValue.
	Share      bool
	ShareValue string
	// Footer is extra context shown last, already escaped ("shared by <@U…>").
	Footer string
}

// unit is a run of blocks that should stay in one message.
type unit struct {
	blocks []slack.Block
	plain  string // plain text for the fallback
}

// render turns a core Reply into Slack messages within Block Kit's limits:
// section texts of at most MaxSectionText characters, at most MaxBlocks
// blocks a message, and a plain fallback text on each.
func render(r bot.Reply, opt renderOptions) []message {
	var units []unit
	for _, blk := range r.Blocks {
		units = append(units, renderBlock(blk, r.Lang)...)
	}
	if opt.Footer != "" {
		units = append(units, unit{
			blocks: []slack.Block{slack.NewContextBlock("", mrkdwn(opt.Footer))},
		})
	}
	actions := renderButtons(r, opt)

	var msgs []message
	var cur []slack.Block
	var plain []string
	flush := func() {
		if len(cur) == 0 {
			return
		}
		msgs = append(msgs, message{Text: fallback(plain), Blocks: cur})
		cur, plain = nil, nil
	}
	for _, u := range units {
		if len(cur)+len(u.blocks) > MaxBlocks {
			flush()
		}
		// A unit larger than a whole message (a clause over ~140,000
		// characters) still goes out, in consecutive messages.
		for len(u.blocks) > MaxBlocks {
			cur = u.blocks[:MaxBlocks]
			plain = append(plain, u.plain)
			flush()
			u.blocks = u.blocks[MaxBlocks:]
		}
		cur = append(cur, u.blocks...)
		if u.plain != "" {
			plain = append(plain, u.plain)
		}
	}
	if actions != nil {
		if len(cur)+1 > MaxBlocks {
			flush()
		}
		cur = append(cur, actions)
	}
	flush()
	if len(msgs) == 0 {
		// An empty Reply still gets an answer the user can see.
		msgs = append(msgs, message{Text: "…", Blocks: []slack.Block{
			slack.NewSectionBlock(mrkdwn("…"), nil, nil),
		}})
	}
	return msgs
}

// renderBlock renders one Block as one unit: its section blocks and, for a
// clause, the context block naming where it comes from.
func renderBlock(blk bot.Block, lang bot.Lang) []unit {
	text := blk.Text
	if strings.TrimSpace(text) == "" && blk.Kind == bot.TextBlock {
		return nil
	}
	bold := blk.Bold
	if blk.Kind == bot.TextBlock {
		bold = nil
	}
	// Bold markers and zero-width spaces add up to 4 characters a span;
	// reserve room for all of them so no piece can overflow once marked up.
	limit := MaxSectionText - 4*len(bold)
	if limit < MaxSectionText/2 {
		limit = MaxSectionText / 2
		bold = nil // absurdly many highlights: drop them, never the text
	}
	var blocks []slack.Block
	piecesOf := blk
	piecesOf.Bold = bold
	for _, piece := range bot.SplitBlock(piecesOf, limit, mrkdwnSize) {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(boldMarkup(piece.Text, piece.Bold)), nil, nil))
	}
	if blk.Kind == bot.ClauseBlock {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(referenceLine(blk, lang))))
	}
	plain := text
	if blk.Kind == bot.ClauseBlock && blk.Ref != "" {
		plain = text + " (" + blk.Ref + ")"
	}
	return []unit{{blocks: blocks, plain: plain}}
}

// maxRefRunes bounds the reference and the document title in a context
// line, before escaping: a title is a document's first line and may be any
// length, while a context element holds at most 3,000 characters.
const maxRefRunes = 200

// referenceLine is a clause's context line: the reference in bold, then the
// document, then whether the text is an excerpt.
func referenceLine(blk bot.Block, lang bot.Lang) string {
	var parts []string
	if blk.Ref != "" {
		parts = append(parts, "*"+safe(truncate(blk.Ref, maxRefRunes))+"*")
	}
	if blk.Doc != "" {
		parts = append(parts, safe(truncate(blk.Doc, maxRefRunes)))
	}
	if blk.Shortened {
		if lang == bot.Chinese {
			parts = append(parts, "节选")
		} else {
			parts = append(parts, "excerpt")
		}
	}
	if len(parts) == 0 {
		return " "
	}
	return strings.Join(parts, " · ")
}

// renderButtons returns the actions block for the core's buttons and the
// share button, or nil when there are none.
func renderButtons(r bot.Reply, opt renderOptions) slack.Block {
	var els []slack.BlockElement
	for i, b := range r.Buttons {
		// Slack refuses the whole message for one button with no label
		// or an oversized value; drop the button, as Telegram's renderer
		// does, so the answer still goes out.
		if b.Data == "" || len(b.Data) > MaxButtonValue || strings.TrimSpace(b.Label) == "" {
			continue
		}
		btn := slack.NewButtonBlockElement(actionButton+strconv.Itoa(i), b.Data,
			slack.NewTextBlockObject(slack.PlainTextType, truncate(b.Label, maxButtonLabel), false, false))
		els = append(els, btn)
	}
	if opt.Share && len(opt.ShareValue) <= MaxButtonValue {
		label := "Share in channel"
		if r.Lang == bot.Chinese {
			label = "分享到频道"
		}
		btn := slack.NewButtonBlockElement(actionShare, opt.ShareValue,
			slack.NewTextBlockObject(slack.PlainTextType, label, false, false))
		btn.Style = slack.StylePrimary
		els = append(els, btn)
	}
	if len(els) == 0 {
		return nil
	}
	return slack.NewActionBlock("clausebot_actions", els...)
}

// fallback is the plain text of a message: escaped, without markup, cut to
// maxFallback characters.
func fallback(parts []string) string {
	s := strings.Join(parts, "\n\n")
	s = truncate(s, maxFallback)
	if strings.TrimSpace(s) == "" {
		return "…"
	}
	return safe(s)
}

// truncate cuts s to at most n runes, ending in "…" when it cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, count := 0, 0
	for j := range s {
		if count == n-1 {
			i = j
			break
		}
		count++
	}
	return s[:i] + "…"
}
