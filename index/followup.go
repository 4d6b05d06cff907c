package index

import (
	"strings"

	"clausebot/bot"
)

// followUpMissing returns why the article a follow-up question cites is
// not in the chat's current document doc (bot.Query.Doc): "what about
// Article 60?" after Article 5 of the Hague Convention, which has 59, is
// told the Convention has no Article 60, rather than shown other
// documents' Article 60 or clauses that happen to hold "60". The error is
// the one the clause command gives for doc's reference (ENOTFOUND, with a
// bot.Reason naming doc's title).
//
// It returns nil, leaving the question to Search as before, when the
// question cites no article, names a law (citedNames) or another document
// more than doc (titleAffinity), when doc is not loaded, when doc does
// not number its clauses as the citation does (a 通知 without 第X条, a
// treaty asked about 第十条), or when doc has the article.
func (x *Index) followUpMissing(q, doc string, sameLang bool) error {
	ref, cur, prefix := x.followUpDoc(q, doc, sameLang)
	if cur == nil || !x.citesLike(cur, ref) {
		return nil
	}
	_, err := x.lookup(prefix+firstArticle(ref), false)
	if bot.ErrorCode(err) != bot.ENOTFOUND {
		return nil
	}
	return err
}

// citesLike reports whether one of d's clauses has a reference of the
// form of the cited reference ref (第X条, Article N, Статья N; see
// citedRef), so that a citation in that form can be looked up in d.
func (x *Index) citesLike(d *document, ref string) bool {
	kind := citeKind(ref)
	for _, s := range d.sections {
		for _, i := range s.clauses {
			c := &x.clauses[i]
			if r, _, ok := citedRef(strings.TrimPrefix(c.Ref, d.ID+":")); ok && citeKind(r) == kind {
				return true
			}
		}
	}
	return false
}

// citeKind names the form of a reference citedRef returned: 'z' for
// 第X条, 'e' for Article N, 'r' for Статья N.
func citeKind(ref string) byte {
	switch {
	case strings.HasPrefix(ref, "Article "):
		return 'e'
	case strings.HasPrefix(ref, "Статья "):
		return 'r'
	}
	return 'z'
}

// followUpCited returns the article a follow-up cites in the document the
// chat is reading, in that document's own numbering ("and Article 22,
// about maintenance?" after 网络安全法 第二十一条 is its 第二十二条), or -1:
// when the question names no law and no other document's title fits it
// better (followUpDoc).
func (x *Index) followUpCited(q, doc string, sameLang bool) int {
	ref, cur, prefix := x.followUpDoc(q, doc, sameLang)
	if cur == nil {
		return -1
	}
	t, err := x.lookup(prefix+articleIn(firstArticle(ref), cur.Lang), false)
	if err != nil {
		return -1
	}
	return t.unit
}

// followUpDoc returns what a follow-up cites (citedRef) and the document
// the chat is reading (ID doc) with its reference prefix, when the
// question names no law and no other document's title fits it better
// (titleAffinity); cur is nil otherwise. With sameLang (bot.Query.SameLang)
// a citation in the numbering of the question's own language is the
// current document's even when another document is numbered so: the asker
// goes on reading it ("and Article 22?" in English after English answers
// from a Chinese law is its 第二十二条).
func (x *Index) followUpDoc(q, doc string, sameLang bool) (ref string, cur *document, prefix string) {
	ref, _, ok := citedRef(q)
	if !ok || len(citedNames(q)) > 0 {
		return "", nil, ""
	}
	for _, d := range x.docs {
		if d.ID == doc {
			cur = d
		}
	}
	if cur == nil {
		return "", nil, ""
	}
	if !x.citesLike(cur, ref) && !(sameLang && refStyle(ref) == bot.ScriptLang(q)) && x.heldInStyle(ref, cur) {
		// Another document numbers its articles as cited and has this one
		// ("What does Article 4 say?" while reading a Russian law, with an
		// English regulation loaded): its article, not this one's Статья 4.
		return "", nil, ""
	}
	own := titleAffinity(q, cur)
	for _, d := range x.docs {
		if d != cur && titleAffinity(q, d) > own {
			return "", nil, ""
		}
	}
	if x.multi {
		prefix = cur.ID + ":"
	}
	return ref, cur, prefix
}

// heldInStyle reports whether a document other than cur has the article
// ref cites, numbered in the citation's style (Статья 5 of a Russian law
// for "а статья 5?", not an English Article 5).
func (x *Index) heldInStyle(ref string, cur *document) bool {
	ref, style := firstArticle(ref), refStyle(ref)
	for _, d := range x.docs {
		if d == cur || !x.citesLike(d, ref) {
			continue
		}
		prefix := ""
		if x.multi {
			prefix = d.ID + ":"
		}
		if t, err := x.lookup(prefix+ref, false); err == nil && refStyle(t.ref()) == style {
			return true
		}
	}
	return false
}
