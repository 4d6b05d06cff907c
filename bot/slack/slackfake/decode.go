package slackfake

import (
	"encoding/json"
	"strings"
)

// Button is a button element of a posted message.
type Button struct {
	ActionID string
	Value    string
	Label    string
}

// Decoded is a posted message read back as a person sees it.
type Decoded struct {
	// Text is the visible text of the section and context blocks, one
	// block a line, with entities unescaped and markup removed.
	Text string
	// Bold are the bold runs of the section and rich_text blocks, in
	// order; adjacent bold text elements make one run.
	Bold []string
	// Buttons are the buttons of the actions blocks.
	Buttons []Button
	// Sections, RichTexts and Contexts count the blocks of each kind.
	Sections, RichTexts, Contexts int
}

// Decode reads a message's blocks back as plain text, bold runs and
// buttons, undoing the adapter's mrkdwn escaping (entities and the word
// joiners around literal * _ ~ `). rich_text is taken as it stands: its
// text elements are what a person copies.
func (p Post) Decode() Decoded {
	var d Decoded
	var blocks []struct {
		Type     string            `json:"type"`
		Text     *textObject       `json:"text"`
		Elements []json.RawMessage `json:"elements"`
	}
	if json.Unmarshal(p.Blocks, &blocks) != nil {
		return d
	}
	var lines []string
	for _, b := range blocks {
		switch b.Type {
		case "section":
			if b.Text == nil {
				continue
			}
			d.Sections++
			text, bold := DecodeMrkdwn(b.Text.Text)
			lines = append(lines, text)
			d.Bold = append(d.Bold, bold...)
		case "rich_text":
			d.RichTexts++
			text, bold := decodeRichText(b.Elements)
			lines = append(lines, text)
			d.Bold = append(d.Bold, bold...)
		case "context":
			d.Contexts++
			var parts []string
			for _, e := range b.Elements {
				var t textObject
				if json.Unmarshal(e, &t) == nil && t.Text != "" {
					text, _ := DecodeMrkdwn(t.Text)
					parts = append(parts, text)
				}
			}
			lines = append(lines, strings.Join(parts, " "))
		case "actions":
			for _, e := range b.Elements {
				var btn struct {
					ActionID string     `json:"action_id"`
					Value    string     `json:"value"`
					Text     textObject `json:"text"`
				}
				if json.Unmarshal(e, &btn) == nil {
					d.Buttons = append(d.Buttons, Button{ActionID: btn.ActionID, Value: btn.Value, Label: btn.Text.Text})
				}
			}
		}
	}
	d.Text = strings.Join(lines, "\n")
	return d
}

// DecodeMrkdwn returns the visible text of an adapter-rendered mrkdwn
// string and its bold runs. A * between two word joiners is a literal
// character; any other * opens or closes bold.
func DecodeMrkdwn(s string) (text string, bold []string) {
	const wj, zwsp = "\u2060", "\u200b"
	var out, cur strings.Builder
	inBold := false
	for i := 0; i < len(s); {
		rest := s[i:]
		switch {
		case strings.HasPrefix(rest, wj):
			// \u2060X\u2060: a literal formatting character.
			inner := rest[len(wj):]
			if len(inner) >= 1+len(wj) && strings.HasPrefix(inner[1:], wj) {
				out.WriteByte(inner[0])
				if inBold {
					cur.WriteByte(inner[0])
				}
				i += 2*len(wj) + 1
				continue
			}
			i += len(wj)
		case strings.HasPrefix(rest, zwsp):
			i += len(zwsp)
		case rest[0] == '*':
			if inBold {
				bold = append(bold, unescape(cur.String()))
				cur.Reset()
			}
			inBold = !inBold
			i++
		default:
			out.WriteByte(rest[0])
			if inBold {
				cur.WriteByte(rest[0])
			}
			i++
		}
	}
	return unescape(out.String()), bold
}

var unescape = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace

// decodeRichText returns the text of a rich_text block's elements, as a
// person copying it gets it, and its bold runs.
func decodeRichText(elements []json.RawMessage) (text string, bold []string) {
	var out, cur strings.Builder
	endRun := func() {
		if cur.Len() > 0 {
			bold = append(bold, cur.String())
			cur.Reset()
		}
	}
	for _, raw := range elements {
		var el struct {
			Type     string `json:"type"`
			Elements []struct {
				Type  string `json:"type"`
				Text  string `json:"text"`
				URL   string `json:"url"`
				Style struct {
					Bold bool `json:"bold"`
				} `json:"style"`
			} `json:"elements"`
		}
		if json.Unmarshal(raw, &el) != nil {
			continue
		}
		for _, in := range el.Elements {
			t := in.Text
			if in.Type == "link" && t == "" {
				t = in.URL
			}
			out.WriteString(t)
			if in.Style.Bold {
				cur.WriteString(t)
			} else {
				endRun()
			}
		}
		endRun()
	}
	return out.String(), bold
}
