package slack

import (
	"strings"

	"github.com/slack-go/slack"
)

// answeredSubtypes are the message subtypes that carry a person's
// question: a plain message (""), one with a file attached, and a thread
// reply also sent to the conversation. Every other subtype (edits,
// deletions, joins, bot posts, …) is not a question.
var answeredSubtypes = map[string]bool{"": true, "file_share": true, "thread_broadcast": true}

// blocksText returns the words of a message's rich_text blocks as Slack
// message text would carry them: text runs as typed, links as their label
// (or URL), and user, channel and broadcast mentions in Slack's <@U…>,
// <#C…> and <!here> forms, so plainText treats them as it treats text.
// Blocks of other kinds are skipped. Apps posting through the API may send
// a message whose words are only here, with an empty text field.
func blocksText(blocks slack.Blocks) string {
	var b strings.Builder
	for _, blk := range blocks.BlockSet {
		rt, ok := blk.(*slack.RichTextBlock)
		if !ok {
			continue
		}
		for _, el := range rt.Elements {
			writeRichElement(&b, el)
		}
	}
	return b.String()
}

// writeRichElement writes one rich_text element (section, list, quote or
// preformatted text), ending it with a line break.
func writeRichElement(b *strings.Builder, el slack.RichTextElement) {
	switch e := el.(type) {
	case *slack.RichTextSection:
		writeRichSection(b, e.Elements)
	case *slack.RichTextQuote:
		writeRichSection(b, e.Elements)
	case *slack.RichTextPreformatted:
		writeRichSection(b, e.Elements)
	case *slack.RichTextList:
		for _, item := range e.Elements {
			writeRichElement(b, item)
		}
		return
	default:
		return
	}
	b.WriteString("\n")
}

// writeRichSection writes the inline elements of a section, escaped as
// message text is (&, <, > as entities).
func writeRichSection(b *strings.Builder, els []slack.RichTextSectionElement) {
	for _, el := range els {
		switch e := el.(type) {
		case *slack.RichTextSectionTextElement:
			b.WriteString(escapeText.Replace(e.Text))
		case *slack.RichTextSectionLinkElement:
			b.WriteString("<" + e.URL)
			if e.Text != "" {
				b.WriteString("|" + e.Text)
			}
			b.WriteString(">")
		case *slack.RichTextSectionUserElement:
			b.WriteString("<@" + e.UserID + ">")
		case *slack.RichTextSectionChannelElement:
			b.WriteString("<#" + e.ChannelID + ">")
		case *slack.RichTextSectionBroadcastElement:
			b.WriteString("<!" + e.Range + ">")
		}
	}
}
