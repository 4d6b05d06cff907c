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
	// MaxMessageText bounds the text of all the blocks of one message, in
	// UTF-16 code units: section, context and rich_text text and button
	// labels together. chat.postMessage refuses a message whose blocks
	// carry more than about 12,000 characters with msg_blocks_too_long
	// (the exact cut-off moves with the blocks' structure), so the adapter
	// keeps well under it and splits a reply into several posts instead.
	MaxMessageText = 10000
)

// wj (U+2060 WORD JOINER) pins a literal formatting character in mrkdwn.
//
// Slack's mrkdwn has no escape for * _ ~ `. A marker only opens or closes
// formatting at a word boundary, and U+2060 is a non-breaking nothing that
// is never a boundary, so a literal * written as \u2060*\u2060 sits "inside a
// word" and can neither open nor close formatting, whatever surrounds it.
// Only the bot's own words (mrkdwn sections) get it: clause text goes out as
// rich_text, whose text is literal, so a copied clause is the document's
// text byte for byte.
const wj = "\u2060"

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

// unit is a run of blocks that should stay in one message if they fit.
type unit struct {
	blocks []slack.Block
	sizes  []int  // each block's text, in UTF-16 code units (blockSize)
	plain  string // plain text for the fallback
}

// add appends a block and its size to u.
func (u *unit) add(b slack.Block, size int) {
	u.blocks = append(u.blocks, b)
	u.sizes = append(u.sizes, size)
}

// render turns a core Reply into Slack messages within Block Kit's limits:
// section texts of at most MaxSectionText characters, at most MaxBlocks
// blocks and MaxMessageText characters of block text a message, and a plain
// fallback text on each. Clauses go out as rich_text blocks with their
// matched terms in bold style runs; the bot's own words as mrkdwn sections.
// A block that does not fit in the current message starts the next one, so
// a reply of any length arrives whole, in order, over several posts.
func render(r bot.Reply, opt renderOptions) []message {
	var units []unit
	for _, blk := range r.Blocks {
		units = append(units, renderBlock(blk, r.Lang)...)
	}
	if opt.Footer != "" {
		var u unit
		ctx := slack.NewContextBlock("", mrkdwn(opt.Footer))
		u.add(ctx, blockSize(ctx))
		units = append(units, u)
	}
	if actions := renderButtons(r, opt); actions != nil {
		var u unit
		u.add(actions, blockSize(actions))
		units = append(units, u)
	}

	var msgs []message
	var cur []slack.Block
	var plain []string
	size, plainOf := 0, -1 // plainOf: the unit whose plain text was added last
	flush := func() {
		if len(cur) == 0 {
			return
		}
		msgs = append(msgs, message{Text: fallback(plain), Blocks: cur})
		cur, plain, size, plainOf = nil, nil, 0, -1
	}
	fits := func(blocks, chars int) bool {
		return len(cur)+blocks <= MaxBlocks && size+chars <= MaxMessageText
	}
	for ui, u := range units {
		total := 0
		for _, n := range u.sizes {
			total += n
		}
		if !fits(len(u.blocks), total) {
			flush()
		}
		// A unit larger than a whole message (a long clause) goes out block
		// by block over consecutive messages.
		for i, b := range u.blocks {
			if !fits(1, u.sizes[i]) {
				flush()
			}
			if plainOf != ui && u.plain != "" {
				plain, plainOf = append(plain, u.plain), ui
			}
			cur = append(cur, b)
			size += u.sizes[i]
		}
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

// renderBlock renders one Block as one unit: the bot's words as mrkdwn
// sections; a clause as rich_text blocks followed by the context block
// naming where it comes from.
func renderBlock(blk bot.Block, lang bot.Lang) []unit {
	text := blk.Text
	if strings.TrimSpace(text) == "" && blk.Kind == bot.TextBlock {
		return nil
	}
	var u unit
	if blk.Kind == bot.TextBlock {
		piecesOf := blk
		piecesOf.Bold = nil
		for _, piece := range bot.SplitBlock(piecesOf, MaxSectionText, mrkdwnSize) {
			sec := slack.NewSectionBlock(mrkdwn(safe(piece.Text)), nil, nil)
			u.add(sec, blockSize(sec))
		}
	} else {
		for _, piece := range bot.SplitBlock(blk, MaxSectionText, bot.UTF16Len) {
			rt := richClause(piece.Text, piece.Bold)
			u.add(rt, blockSize(rt))
		}
	}
	if blk.Kind == bot.ClauseBlock {
		ctx := slack.NewContextBlock("", mrkdwn(referenceLine(blk, lang)))
		u.add(ctx, blockSize(ctx))
	}
	u.plain = text
	if blk.Kind == bot.ClauseBlock && blk.Ref != "" {
		u.plain = text + " (" + blk.Ref + ")"
	}
	return []unit{u}
}

// richClause renders clause text as a rich_text block: the text verbatim in
// text elements, the spans in bold style. Spans are byte ranges into text
// and are normalised first (bot.NormalizeSpans); whitespace at a span's
// edges stays outside the bold run, so a copied run is just the term.
// rich_text text is not parsed for markup, so nothing is escaped and no
// invisible characters are added: copying the clause gives the document's
// words exactly.
func richClause(text string, spans []bot.Span) *slack.RichTextBlock {
	var els []slack.RichTextSectionElement
	plain := func(s string) {
		if s != "" {
			els = append(els, slack.NewRichTextSectionTextElement(s, nil))
		}
	}
	pos := 0
	for _, sp := range bot.NormalizeSpans(text, spans) {
		start, end := sp.Start, sp.End
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
		if start == end || start < pos {
			continue
		}
		plain(text[pos:start])
		els = append(els, slack.NewRichTextSectionTextElement(text[start:end], &slack.RichTextSectionTextStyle{Bold: true}))
		pos = end
	}
	plain(text[pos:])
	if len(els) == 0 {
		plain(" ")
	}
	return slack.NewRichTextBlock("", slack.NewRichTextSection(els...))
}

// blockSize is the text a block carries, in UTF-16 code units, as counted
// against MaxMessageText.
func blockSize(b slack.Block) int {
	n := 0
	switch b := b.(type) {
	case *slack.SectionBlock:
		if b.Text != nil {
			n += bot.UTF16Len(b.Text.Text)
		}
	case *slack.ContextBlock:
		for _, e := range b.ContextElements.Elements {
			if t, ok := e.(*slack.TextBlockObject); ok {
				n += bot.UTF16Len(t.Text)
			}
		}
	case *slack.RichTextBlock:
		for _, e := range b.Elements {
			if sec, ok := e.(*slack.RichTextSection); ok {
				for _, x := range sec.Elements {
					if t, ok := x.(*slack.RichTextSectionTextElement); ok {
						n += bot.UTF16Len(t.Text)
					}
				}
			}
		}
	case *slack.ActionBlock:
		for _, e := range b.Elements.ElementSet {
			if btn, ok := e.(*slack.ButtonBlockElement); ok && btn.Text != nil {
				n += bot.UTF16Len(btn.Text.Text)
			}
		}
	}
	return n
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
		switch lang {
		case bot.Chinese:
			parts = append(parts, "节选")
		case bot.Russian:
			parts = append(parts, "фрагмент")
		default:
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
		switch r.Lang {
		case bot.Chinese:
			label = "分享到频道"
		case bot.Russian:
			label = "Поделиться в канале"
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
