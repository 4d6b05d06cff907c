package bot

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Button data is a compact cursor, at most MaxButtonData bytes:
//
//	m<l>:<id>:<offset>    more results of the question stored under id
//	s<l>:<page>:<ref>     a page of a section ("二", "doc:二")
//	c<l>:<ref>            one clause ("二·12")
//	a<l>:<question>       ask a question (help's examples)
//	v<l>:<id>:<vote>      a vote on the answer id (see voteData)
//	w<l>:<page>:<s|c>:<ref> a page of the candidates of an ambiguous section
//	                      (s) or clause (c) reference (see sayWhich)
//	x:<id>                any of the above, kept server-side because it is
//	                      too long to fit
//
// <l> is the language of the reply it came from ('e', 'z' or 'r'), so a Chinese
// conversation stays Chinese through its buttons. The data comes back from
// the network: decode checks every part and treats anything else as not
// ours.

type curKind int

const (
	curExpired curKind = iota // ours, but its state is gone
	curMore
	curSection
	curClause
	curAsk
	curVote
	curWhich
)

// cursor is decoded button data.
type cursor struct {
	kind curKind
	lang Lang
	id   string // curMore
	n    int    // curMore: offset; curSection, curWhich: page
	ref  string // curSection, curClause, curWhich: reference; curAsk: question
	sec  bool   // curWhich: ref is a section reference, not a clause's
}

// Bounds for numbers in cursors: far above any real document, far below
// anything that could overflow or make a Searcher work hard.
const maxCursorNumber = 100000

func langCode(l Lang) byte {
	switch l {
	case Chinese:
		return 'z'
	case Russian:
		return 'r'
	}
	return 'e'
}

// data returns button data for s, keeping it server-side when it is too
// long for the platform.
func (b *Bot) data(s string) string {
	if len(s) <= MaxButtonData {
		return s
	}
	id := newID()
	b.putCursor(id, s)
	return "x:" + id
}

func (b *Bot) moreData(l Lang, id string, offset int) string {
	return b.data("m" + string(langCode(l)) + ":" + id + ":" + strconv.Itoa(offset))
}

func (b *Bot) sectionData(l Lang, ref string, page int) string {
	return b.data("s" + string(langCode(l)) + ":" + strconv.Itoa(page) + ":" + ref)
}

func (b *Bot) clauseData(l Lang, ref string) string {
	return b.data("c" + string(langCode(l)) + ":" + ref)
}

func (b *Bot) whichData(l Lang, sections bool, page int, ref string) string {
	kind := "c"
	if sections {
		kind = "s"
	}
	return b.data("w" + string(langCode(l)) + ":" + strconv.Itoa(page) + ":" + kind + ":" + ref)
}

func (b *Bot) askData(l Lang, q string) string {
	return b.data("a" + string(langCode(l)) + ":" + q)
}

// decode parses button data. ok is false when it is not ours.
func (b *Bot) decode(d string) (cursor, bool) {
	if len(d) > MaxButtonData || !utf8.ValidString(d) || strings.ContainsFunc(d, unicode.IsControl) {
		return cursor{}, false
	}
	if id, found := strings.CutPrefix(d, "x:"); found {
		if !validID(id) {
			return cursor{}, false
		}
		st, ok := b.getCursor(id)
		if !ok || b.opts.Now().Sub(st.at) > b.opts.PageTTL {
			return cursor{kind: curExpired, lang: b.opts.DefaultLang}, true
		}
		d = st.data // made by us: no length limit applies
	}
	if len(d) < 4 || d[2] != ':' {
		return cursor{}, false
	}
	c := cursor{lang: English}
	switch d[1] {
	case 'e':
	case 'z':
		c.lang = Chinese
	case 'r':
		c.lang = Russian
	default:
		return cursor{}, false
	}
	rest := d[3:]
	switch d[0] {
	case 'm':
		id, off, ok := strings.Cut(rest, ":")
		n, err := strconv.Atoi(off)
		if !ok || !validID(id) || err != nil || n < 0 || n > maxCursorNumber {
			return cursor{}, false
		}
		c.kind, c.id, c.n = curMore, id, n
	case 's':
		pg, ref, ok := strings.Cut(rest, ":")
		n, err := strconv.Atoi(pg)
		if !ok || err != nil || n < 0 || n > maxCursorNumber || ref == "" || len(ref) > maxRefBytes {
			return cursor{}, false
		}
		c.kind, c.n, c.ref = curSection, n, ref
	case 'c':
		if rest == "" || len(rest) > maxRefBytes {
			return cursor{}, false
		}
		c.kind, c.ref = curClause, rest
	case 'v':
		if !decodeVote(rest, &c) {
			return cursor{}, false
		}
	case 'w':
		pg, rest, ok1 := strings.Cut(rest, ":")
		kind, ref, ok2 := strings.Cut(rest, ":")
		n, err := strconv.Atoi(pg)
		if !ok1 || !ok2 || err != nil || n < 0 || n > maxCursorNumber || (kind != "s" && kind != "c") || ref == "" || len(ref) > maxRefBytes {
			return cursor{}, false
		}
		c.kind, c.n, c.sec, c.ref = curWhich, n, kind == "s", ref
	case 'a':
		if strings.TrimSpace(rest) == "" {
			return cursor{}, false
		}
		c.kind, c.ref = curAsk, rest
	default:
		return cursor{}, false
	}
	return c, true
}

// validID reports whether id looks like one newID made.
func validID(id string) bool {
	if len(id) != 8 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
