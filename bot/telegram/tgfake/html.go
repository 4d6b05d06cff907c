package tgfake

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
)

// supportedTags are the tags Telegram's HTML parse mode accepts.
var supportedTags = map[string]bool{
	"b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true,
	"s": true, "strike": true, "del": true, "span": true, "tg-spoiler": true,
	"a": true, "code": true, "pre": true, "blockquote": true, "tg-emoji": true,
}

// Bold is a run of text that a message shows in bold.
type Bold struct {
	Offset int // in UTF-16 units, as Telegram counts
	Length int
	Text   string
}

// ParseHTML parses text in Telegram's HTML parse mode the way the Bot API
// does: only the supported tags, properly nested and closed, and the named
// entities &lt; &gt; &amp; &quot; plus numeric ones. It returns the plain
// text and the bold runs, or an error worded like Telegram's.
func ParseHTML(s string) (string, []Bold, error) {
	var out strings.Builder
	var stack []string
	var bolds []Bold
	var boldStart []int
	units := 0
	write := func(t string) {
		out.WriteString(t)
		units += len(utf16.Encode([]rune(t)))
	}
	for i := 0; i < len(s); {
		switch c := s[i]; c {
		case '<':
			j := strings.IndexByte(s[i:], '>')
			if j < 0 {
				return "", nil, fmt.Errorf("can't parse entities: Unclosed start tag at byte offset %d", i)
			}
			tag := s[i+1 : i+j]
			if strings.HasPrefix(tag, "/") {
				name := strings.ToLower(strings.TrimSpace(tag[1:]))
				if len(stack) == 0 || stack[len(stack)-1] != name {
					return "", nil, fmt.Errorf("can't parse entities: Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", i, top(stack), name)
				}
				stack = stack[:len(stack)-1]
				if name == "b" || name == "strong" {
					start := boldStart[len(boldStart)-1]
					boldStart = boldStart[:len(boldStart)-1]
					text := out.String()
					bolds = append(bolds, Bold{Offset: start, Length: units - start, Text: utf16Slice(text, start, units)})
				}
			} else {
				name := strings.ToLower(strings.Fields(tag + " ")[0])
				if !supportedTags[name] {
					return "", nil, fmt.Errorf("can't parse entities: Unsupported start tag \"%s\" at byte offset %d", name, i)
				}
				stack = append(stack, name)
				if name == "b" || name == "strong" {
					boldStart = append(boldStart, units)
				}
			}
			i += j + 1
		case '>':
			// Telegram tolerates a bare '>', but a renderer that leaves one
			// unescaped has forgotten to escape, which tests should see.
			return "", nil, fmt.Errorf("can't parse entities: unescaped '>' at byte offset %d", i)
		case '&':
			j := strings.IndexByte(s[i:], ';')
			if j < 0 || j > 10 {
				return "", nil, fmt.Errorf("can't parse entities: Character entity expected at byte offset %d", i)
			}
			r, ok := entity(s[i+1 : i+j])
			if !ok {
				return "", nil, fmt.Errorf("can't parse entities: Unsupported HTML entity \"%s\" at byte offset %d", s[i:i+j+1], i)
			}
			write(r)
			i += j + 1
		default:
			j := strings.IndexAny(s[i:], "<>&")
			if j < 0 {
				j = len(s) - i
			}
			write(s[i : i+j])
			i += j
		}
	}
	if len(stack) > 0 {
		return "", nil, fmt.Errorf("can't parse entities: Can't find end tag corresponding to start tag \"%s\"", stack[len(stack)-1])
	}
	return out.String(), bolds, nil
}

func top(stack []string) string {
	if len(stack) == 0 {
		return ""
	}
	return stack[len(stack)-1]
}

func entity(name string) (string, bool) {
	switch name {
	case "lt":
		return "<", true
	case "gt":
		return ">", true
	case "amp":
		return "&", true
	case "quot":
		return `"`, true
	}
	if strings.HasPrefix(name, "#") {
		var n uint64
		var err error
		if strings.HasPrefix(name, "#x") || strings.HasPrefix(name, "#X") {
			n, err = strconv.ParseUint(name[2:], 16, 32)
		} else {
			n, err = strconv.ParseUint(name[1:], 10, 32)
		}
		if err == nil && n > 0 && n <= 0x10FFFF {
			return string(rune(n)), true
		}
	}
	return "", false
}

// utf16Len counts UTF-16 code units.
func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

// utf16Slice returns s[from:to] counted in UTF-16 units.
func utf16Slice(s string, from, to int) string {
	u := utf16.Encode([]rune(s))
	return string(utf16.Decode(u[from:to]))
}
