package bot

import (
	"strings"
	"unicode/utf8"
)

// maxClauseRunes is the longest clause text, in runes, a reply carries:
// the longest article of the test documents (Статья 65 of the Water Code,
// about 11,000 runes) fits whole, within about five Telegram messages or
// two Slack ones, while a clause that is a whole file of one line (a 5 MB
// .txt) is not sent, or printed in a terminal, whole.
const maxClauseRunes = 20000

// capClauses cuts each clause block of r longer than maxClauseRunes to
// its start, at the last good boundary (see Split), ending it in "…", and
// follows it with a note, in r's language, of how long the clause is and
// where all of it can be read: the document's file.
func (b *Bot) capClauses(r Reply) Reply {
	var out []Block
	for i, blk := range r.Blocks {
		cut, ok := capAt(blk.Text)
		if blk.Kind != ClauseBlock || !ok {
			if out != nil {
				out = append(out, blk)
			}
			continue
		}
		if out == nil {
			out = append(make([]Block, 0, len(r.Blocks)+1), r.Blocks[:i]...)
		}
		short := blk
		short.Text = strings.TrimRight(blk.Text[:cut], " \t\r\n") + "…"
		short.Bold = clipSpans(blk.Bold, 0, cut)
		short.Shortened = true
		out = append(out, short, Block{Kind: TextBlock, Text: sprintf(wClauseCut.in(r.Lang),
			blk.Ref, utf8.RuneCountInString(blk.Text), utf8.RuneCountInString(short.Text)-1, b.docFile(blk.Ref))})
	}
	if out != nil {
		r.Blocks = out
	}
	return r
}

// capHit cuts a hit's text as capClauses cuts a clause block, without the
// note: an inline result shows a clause's start anyway.
func capHit(h Hit) Hit {
	if cut, ok := capAt(h.Text); ok {
		h.Text = strings.TrimRight(h.Text[:cut], " \t\r\n") + "…"
		h.Highlights = clipSpans(h.Highlights, 0, cut)
		h.Parts = nil
	}
	return h
}

// capAt returns the byte offset to cut text at when it is longer than
// maxClauseRunes: after the best boundary (a paragraph, a line, a
// sentence …; see bestCut) in its first maxClauseRunes runes, or at that
// rune when it has none. ok is false for text short enough to keep.
func capAt(text string) (cut int, ok bool) {
	if len(text) <= maxClauseRunes { // fewer bytes than the limit: fewer runes
		return 0, false
	}
	n, fit := 0, -1
	for i := range text {
		if n == maxClauseRunes {
			fit = i
			break
		}
		n++
	}
	if fit < 0 {
		return 0, false
	}
	if c := bestCut(text[:fit]); c > 0 {
		return c, true
	}
	return fit, true
}

// docFile names the file of the document a clause reference is in
// ("doc:Article 5", or a bare reference with one document loaded), or, when
// the Searcher does not say, the document's title.
func (b *Bot) docFile(ref string) string { return docFile(b.s.Documents(), ref) }

// CapHit cuts a hit's text longer than maxClauseRunes as a reply cuts a
// clause (capClauses), for a front end without a Bot (the ask command),
// and returns the note a reply adds after it, in lang, naming the file in
// docs that holds all of it; "" when the text is short enough to keep.
func CapHit(h Hit, docs []Document, lang Lang) (Hit, string) {
	short := capHit(h)
	if len(short.Text) == len(h.Text) {
		return h, ""
	}
	return short, sprintf(wClauseCut.in(lang), h.Ref, utf8.RuneCountInString(h.Text), utf8.RuneCountInString(short.Text)-1, docFile(docs, h.Ref))
}

func docFile(docs []Document, ref string) string {
	id, _, named := strings.Cut(ref, ":")
	for _, d := range docs {
		if named && len(docs) > 1 && d.ID != id || !named && len(docs) > 1 {
			continue
		}
		if d.File != "" {
			return d.File
		}
		return d.Title
	}
	return "?"
}
