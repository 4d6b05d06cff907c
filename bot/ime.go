package bot

import (
	"strings"
	"unicode/utf8"
)

// Chinese keyboards type what an English one types as "/" and digits as
// other characters: the key for "/" gives "、" (U+3001) with a Chinese input
// method, full-width mode gives "／" (U+FF0F) and "１２", and a reference is
// often typed with "．" (U+FF0E), "·" or the Japanese "・" (U+30FB). These
// functions read such input the way the ASCII form is read.

// imeSlashes are the characters a Chinese keyboard types for "/".
var imeSlashes = []string{"／", "、"}

// commandNames are the commands parse knows, for imeCommand.
var commandNames = set("ask", "q", "help", "start", "section", "clause", "sources", "more", "reload")

// imeCommand rewrites a command typed on a Chinese keyboard ("／section 二",
// "、clause ２.１２", "／ＨＥＬＰ") as its ASCII form ("/section 二"). Only a
// known command name counts, so text that merely starts with "、" stays a
// question; any other text is returned unchanged.
func imeCommand(text string) string {
	for _, sl := range imeSlashes {
		rest, ok := strings.CutPrefix(text, sl)
		if !ok {
			continue
		}
		name, arg := cutWord(rest)
		name = foldWidth(name)
		bare, _, _ := strings.Cut(strings.ToLower(name), "@")
		if !commandNames[bare] {
			return text
		}
		if arg == "" {
			return "/" + name
		}
		return "/" + name + " " + arg
	}
	return text
}

// foldWidth maps full-width ASCII forms (U+FF01–U+FF5E: "１２", "．",
// "ｓｅｃｔｉｏｎ") and the ideographic space to their ASCII characters,
// and the Japanese middle dot "・" to "·". Everything else is kept.
func foldWidth(s string) string {
	if !strings.ContainsFunc(s, isWide) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			b.WriteRune(r - 0xFF01 + '!')
		case r == '\u3000':
			b.WriteByte(' ')
		case r == '・' || r == '･':
			b.WriteRune('·')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isWide(r rune) bool {
	return r >= 0xFF01 && r <= 0xFF5E || r == '\u3000' || r == '・' || r == '･'
}

// bareRef reads text as a clause reference typed alone ("二.12", "２.１２",
// "二．１２", "二·１２", "doc:二·12"), returning it in ASCII-width form; ok
// is false for anything else.
func bareRef(text string) (ref string, ok bool) {
	if len(text) > maxRefBytes || !utf8.ValidString(text) {
		return "", false
	}
	ref = foldWidth(text)
	return ref, clauseRefRE().MatchString(ref)
}
