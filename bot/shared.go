package bot

import (
	"context"
	"encoding/json"
	"strings"
	"time"
)

// The core's conversation state (paging, long button data, each chat's
// language) lives in Options.Store when there is one, so replicas sharing
// it continue each other's conversations, and in the Bot's own LRUs
// otherwise. These helpers are the one place that chooses.

// sharedPage is a page as stored in Options.Store.
type sharedPage struct {
	Platform Platform `json:"p"`
	Chat     string   `json:"c"`
	Question string   `json:"q"`
	Total    int      `json:"t"`
	Next     int      `json:"n"`
	Doc      string   `json:"d,omitempty"`
	Asked    string   `json:"qd,omitempty"`
	SameLang bool     `json:"ql,omitempty"`
}

// putPage stores the paging state of the question id.
func (b *Bot) putPage(ctx context.Context, id string, p *page) {
	if b.opts.Store == nil {
		b.pages.Add(id, p)
		return
	}
	v, _ := json.Marshal(sharedPage{p.platform, p.chat, p.question, p.total, p.next, p.doc, p.asked, p.sameLang})
	b.opts.Store.Set(ctx, "page:"+id, string(v), b.opts.PageTTL)
}

// getPage returns the paging state of the question id. From the Store it
// is a copy, stored again with putPage when it changes; its time is now,
// the Store's ttl having judged its age.
func (b *Bot) getPage(ctx context.Context, id string) (*page, bool) {
	if b.opts.Store == nil {
		return b.pages.Get(id)
	}
	v, ok := b.opts.Store.Get(ctx, "page:"+id)
	if !ok {
		return nil, false
	}
	var sp sharedPage
	if json.Unmarshal([]byte(v), &sp) != nil {
		return nil, false
	}
	return &page{platform: sp.Platform, chat: sp.Chat, question: sp.Question, total: sp.Total, next: sp.Next, at: b.opts.Now(), doc: sp.Doc, asked: sp.Asked, sameLang: sp.SameLang}, true
}

// setLast records id as the chat's last question.
func (b *Bot) setLast(ctx context.Context, chat, id string) {
	b.setBrowsing(ctx, chat, "")
	if b.opts.Store == nil {
		b.last.Add(chat, id)
		return
	}
	b.opts.Store.Set(ctx, "last:"+chat, id, b.opts.PageTTL)
}

// setBrowsing records what /more shows next in the chat when its last
// paged reply was a section's: "PAGE:REF" (see sectionData), "end:REF"
// after its last page, "" when its last was a question's results (then
// /more pages those: setLast clears it).
func (b *Bot) setBrowsing(ctx context.Context, chat, next string) {
	if b.opts.Store == nil {
		if next == "" {
			b.browsing.Remove(chat)
		} else {
			b.browsing.Add(chat, stored{data: next, at: b.opts.Now()})
		}
		return
	}
	b.opts.Store.Set(ctx, "browse:"+chat, next, b.opts.PageTTL)
}

// getBrowsing returns what setBrowsing recorded, "" when nothing or when
// it was recorded more than PageTTL ago.
func (b *Bot) getBrowsing(ctx context.Context, chat string) string {
	if b.opts.Store == nil {
		st, ok := b.browsing.Get(chat)
		if !ok || b.opts.Now().Sub(st.at) > b.opts.PageTTL {
			return ""
		}
		return st.data
	}
	v, _ := b.opts.Store.Get(ctx, "browse:"+chat)
	return v
}

// getLast returns the id of the chat's last question.
func (b *Bot) getLast(ctx context.Context, chat string) (string, bool) {
	if b.opts.Store == nil {
		return b.last.Get(chat)
	}
	return b.opts.Store.Get(ctx, "last:"+chat)
}

// setDoc records doc as the chat's current document (see currentDoc),
// with no current clause.
func (b *Bot) setDoc(ctx context.Context, chat, doc string) { b.setReading(ctx, chat, doc, "") }

// setReading records doc as the chat's current document and ref, a clause
// reference in it ("" for none), as the clause the chat is reading: that
// of its last answer or of the clause it browsed (see currentClause).
func (b *Bot) setReading(ctx context.Context, chat, doc, ref string) {
	if b.opts.Store == nil {
		b.docs.Add(chat, chatDoc{doc: doc, ref: ref, at: b.opts.Now()})
		return
	}
	b.opts.Store.Set(ctx, "doc:"+chat, doc, b.opts.PageTTL)
	b.opts.Store.Set(ctx, "ref:"+chat, doc+"\x00"+ref, b.opts.PageTTL)
}

// getDoc returns the chat's current document, false when it has none or
// it was set more than PageTTL ago.
func (b *Bot) getDoc(ctx context.Context, chat string) (string, bool) {
	if b.opts.Store == nil {
		d, ok := b.docs.Get(chat)
		if !ok || b.opts.Now().Sub(d.at) > b.opts.PageTTL {
			return "", false
		}
		return d.doc, true
	}
	return b.opts.Store.Get(ctx, "doc:"+chat)
}

// getRef returns the clause the chat is reading (see setReading), false
// when it has none, it was set more than PageTTL ago, or the chat has
// moved to another document since.
func (b *Bot) getRef(ctx context.Context, chat string) (string, bool) {
	if b.opts.Store == nil {
		d, ok := b.docs.Get(chat)
		if !ok || b.opts.Now().Sub(d.at) > b.opts.PageTTL || d.ref == "" {
			return "", false
		}
		return d.ref, true
	}
	v, ok := b.opts.Store.Get(ctx, "ref:"+chat)
	doc, ref, found := strings.Cut(v, "\x00")
	if !ok || !found || ref == "" {
		return "", false
	}
	if cur, ok := b.opts.Store.Get(ctx, "doc:"+chat); !ok || cur != doc {
		return "", false // set by a replica that keeps no reference
	}
	return ref, true
}

// putCursor keeps button data too long for a button under id.
func (b *Bot) putCursor(id, data string) {
	if b.opts.Store == nil {
		b.cursors.Add(id, stored{data: data, at: b.opts.Now()})
		return
	}
	b.opts.Store.Set(context.Background(), "cursor:"+id, data, b.opts.PageTTL)
}

// getCursor returns the button data kept under id, and when it was kept.
func (b *Bot) getCursor(id string) (stored, bool) {
	if b.opts.Store == nil {
		return b.cursors.Get(id)
	}
	v, ok := b.opts.Store.Get(context.Background(), "cursor:"+id)
	return stored{data: v, at: b.opts.Now()}, ok
}

// setLang remembers the chat's language.
func (b *Bot) setLang(key string, l Lang, now time.Time) {
	if b.opts.Store == nil {
		b.langs.Add(key, spokenLang{lang: l, at: now})
		return
	}
	b.opts.Store.Set(context.Background(), "lang:"+key, string(l), langMemoryTTL)
}

// getLang returns the chat's remembered language and when it was last
// used.
func (b *Bot) getLang(key string) (spokenLang, bool) {
	if b.opts.Store == nil {
		return b.langs.Get(key)
	}
	v, ok := b.opts.Store.Get(context.Background(), "lang:"+key)
	l, known := ParseLang(v)
	if !ok || !known {
		return spokenLang{}, false
	}
	return spokenLang{lang: l, at: b.opts.Now()}, true
}
