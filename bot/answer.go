package bot

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"clausebot/internal/lazyre"
)

// ask answers a question: the first page of results, or a plain "no
// match" that never shows an unrelated clause.
func (b *Bot) ask(ctx context.Context, c call, q string) Reply {
	q = strings.TrimSpace(q)
	if q == "" {
		return text(KindNotice, c.lang, sprintf(wAskUsage.in(c.lang), b.exampleQuestion(ctx, c.lang)))
	}
	if n := utf8.RuneCountInString(q); n > b.opts.MaxQuestionRunes {
		return text(KindNotice, c.lang, sprintf(wTooLong.in(c.lang), n, b.opts.MaxQuestionRunes))
	}
	if d := step(q); d != 0 {
		if r, ok := b.stepAnswer(ctx, c, d); ok {
			return r // "下一条呢": as the ▶ button
		}
	}
	if r, ok := b.itemAnswer(ctx, c, q); ok {
		return r // "第三项是什么": of the article being read
	}
	if r, ok := b.missingSectionQuestion(ctx, c, q); ok {
		return r
	}
	b.opts.Metrics.Question(c.platform)
	t0 := b.opts.Now()
	asked := b.versionIn(b.currentDoc(ctx, c), ScriptLang(q))
	var res Results
	if cl, ok, err := b.followUpArticle(ctx, c, asked, q); ok {
		// "and Article 22?" while reading 网络安全法: its 第二十二条 alone.
		if err != nil {
			return b.errorReply(ctx, c, "search", err)
		}
		res = Results{Hits: []Hit{{Clause: cl, Score: citedScore}}, Total: 1}
	} else {
		var err error
		if res, err = b.s.Search(ctx, Query{Text: q, Limit: b.opts.Results, Doc: asked, SameLang: c.sameLang}); err != nil {
			if r := ErrorReason(err); r.Kind == ReasonSeveralDocuments && len(ErrorChoices(err)) > 0 {
				// "第六章讲什么" with several documents having one: which?
				return b.sayWhich(ctx, c, r.Ref, ErrorChoices(err), true, 0)
			}
			return b.errorReply(ctx, c, "search", err)
		}
	}
	latency := b.opts.Now().Sub(t0)
	b.opts.Metrics.Answered(c.platform, len(res.Hits) == 0, latency)
	id := newID()
	b.logQuestion(c, id, q, res, latency)
	doc := ""
	if len(res.Hits) > 0 {
		doc = res.Hits[0].DocID
		b.setReading(ctx, chatKey(c.platform, c.chat), doc, res.Hits[0].Ref)
	}
	b.putPage(ctx, id, &page{
		platform: c.platform, chat: c.chat, question: q,
		total: res.Total, next: len(res.Hits), at: b.opts.Now(), doc: doc, asked: asked, sameLang: c.sameLang,
	})
	b.setLast(ctx, chatKey(c.platform, c.chat), id)
	if len(res.Hits) == 0 {
		// A vote on "no match" says whether abstaining was right.
		r := b.noMatch(ctx, c.lang, q)
		r.Blocks, r.Buttons = append(r.Blocks, nearBlocks(c.lang, q, res.Near)...), b.nearButtons(c.lang, res.Near)
		r.Buttons = append(r.Buttons, b.feedbackButtons(c.lang, id)...)
		return r
	}
	return b.answer(c.lang, q, id, 0, res)
}

// versionIn returns the language version of document doc in language l
// (a Document.Lang code) when doc has one and is in another language;
// doc otherwise. A follow-up asked in another language than the answer
// before it ("第三条呢？" after an English article) reads on in the asker's
// version: a trial saw the English text first.
func (b *Bot) versionIn(doc, l string) string {
	if doc == "" || l == "" {
		return doc
	}
	docs := b.s.Documents()
	group := ""
	for _, d := range docs {
		if d.ID == doc {
			if d.Lang == l || d.VersionOf == "" {
				return doc
			}
			group = d.VersionOf
		}
	}
	for _, d := range docs {
		if group != "" && d.VersionOf == group && d.Lang == l {
			return d.ID
		}
	}
	return doc
}

// citedScore is the Hit.Score of an article a question names by number,
// as package index scores it: named, not ranked.
const citedScore = 1000

// currentDoc is the chat's current document, "" for none: the document
// of its last answer, or of the clause or section it browsed since
// (/clause, /section, their buttons), whichever came last, if that was
// less than PageTTL ago. A question that finds nothing leaves it as it
// was. A follow-up citing an article without naming a document ("那第
// 四十三条呢", "what about Article 60?") is looked up in it first
// (Query.Doc).
func (b *Bot) currentDoc(ctx context.Context, c call) string {
	key := chatKey(c.platform, c.chat)
	if doc, ok := b.getDoc(ctx, key); ok {
		return doc
	}
	// State written before the current document was kept on its own (a
	// replica of an older version sharing the Store): the page of the
	// chat's last question names the document of its answer.
	id, ok := b.getLast(ctx, key)
	if !ok {
		return ""
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if p, ok := b.getPage(ctx, id); ok && p.platform == c.platform && p.chat == c.chat {
		return p.doc
	}
	return ""
}

// more shows the next results of the chat's last question.
func (b *Bot) more(ctx context.Context, c call) Reply {
	// The chat's last paged reply was a section's: its next page ("/section
	// 二" then "/more" told the user to ask a question first).
	if next := b.getBrowsing(ctx, chatKey(c.platform, c.chat)); next != "" {
		pg, ref, _ := strings.Cut(next, ":")
		if pg == "end" {
			// Not "no more results for «…:Глава 5»": a section is no query.
			name := ref
			if i := strings.LastIndex(ref, ":"); i >= 0 {
				name = ref[i+1:]
			}
			return text(KindNotice, c.lang, sprintf(wSectionEnd.in(c.lang), sectionName(c.lang, name)))
		}
		n, _ := strconv.Atoi(pg)
		return b.section(ctx, c, ref, n)
	}
	id, ok := b.getLast(ctx, chatKey(c.platform, c.chat))
	if !ok {
		return text(KindNotice, c.lang, wNoQuestion.in(c.lang))
	}
	b.mu.Lock()
	p, ok := b.getPage(ctx, id)
	var offset int
	if ok {
		offset = p.next
	}
	b.mu.Unlock()
	if !ok {
		return text(KindNotice, c.lang, wNoQuestion.in(c.lang))
	}
	return b.page(ctx, c, id, offset)
}

// page shows results of a stored question from offset.
func (b *Bot) page(ctx context.Context, c call, id string, offset int) Reply {
	now := b.opts.Now()
	b.mu.Lock()
	p, ok := b.getPage(ctx, id)
	if ok && (now.Sub(p.at) > b.opts.PageTTL || p.platform != c.platform || p.chat != c.chat) {
		ok = false // expired, or a forged button from another chat
	}
	var q, asked string
	var total int
	sameLang := false
	if ok {
		p.at = now
		q, total, asked, sameLang = p.question, p.total, p.asked, p.sameLang
	}
	b.mu.Unlock()
	lang := c.lang // the chat's language now, which may not be the question's
	if !ok {
		return text(KindNotice, lang, wExpired.in(lang))
	}
	if offset >= total {
		return text(KindNotice, lang, sprintf(wNoMore.in(lang), quote(q)))
	}
	res, err := b.s.Search(ctx, Query{Text: q, Offset: offset, Limit: b.opts.Results, Doc: asked, SameLang: sameLang})
	if err != nil {
		return b.errorReply(ctx, c, "search", err)
	}
	if len(res.Hits) == 0 {
		return text(KindNotice, lang, sprintf(wNoMore.in(lang), quote(q)))
	}
	b.mu.Lock()
	p.next = offset + len(res.Hits)
	p.total = res.Total
	b.mu.Unlock()
	if b.opts.Store != nil {
		b.putPage(ctx, id, p) // a copy: store it back
	}
	b.setLast(ctx, chatKey(c.platform, c.chat), id)
	if p.doc != "" {
		b.setDoc(ctx, chatKey(c.platform, c.chat), p.doc)
	}
	return b.answer(lang, q, id, offset, res)
}

// FocusText says, in lang, which part of a long message the answer is
// to (bot.Results.Focus), as ask prints it above the results.
func FocusText(lang Lang, focus string) string {
	return sprintf(wFocus.in(lang), quote(focus))
}

// answer lays out one page of results: the best in full with its matched
// terms bold, the rest shortened around their first match.
func (b *Bot) answer(lang Lang, q string, id string, offset int, res Results) Reply {
	hits := res.Hits
	total := max(res.Total, offset+len(hits))
	r := Reply{Kind: KindAnswer, Lang: lang}
	asked := q
	if res.Focus != "" {
		asked = res.Focus // the question of a long message that was answered
	}
	var head string
	switch {
	case total == 1:
		head = sprintf(wHeaderOne.in(lang), quote(asked))
	case len(hits) == 1:
		head = sprintf(wHeaderAt.in(lang), offset+1, total, quote(asked))
	default:
		head = sprintf(wHeader.in(lang), offset+1, offset+len(hits), total, quote(asked))
	}
	r.Blocks = append(r.Blocks, Block{Kind: TextBlock, Text: head})
	if via := hits[0].Via; strings.HasPrefix(via, "translation: ") {
		// Say which English words became which Chinese terms, so the
		// asker can judge a guessed sense.
		r.Blocks = append(r.Blocks, Block{Kind: TextBlock, Text: sprintf(wVia.in(lang), strings.TrimPrefix(via, "translation: "))})
	}
	var refButtons []Button
	for i, h := range hits {
		spans := termSpans(h.Text, validSpans(h.Text, h.Highlights), q)
		blk := Block{Kind: ClauseBlock, Text: h.Text, Bold: spans, Ref: h.Ref, Doc: docLine(h.Clause)}
		if i == 0 && !citesArticle(q, h.Ref) && h.Score < citedScore {
			// A cited article is shown whole, from its start (title, part
			// 1 …), however long: the asker named it, and adapters page a
			// long reply; so is one the engine chose whole for the
			// question (citedScore: a document's first article for "О чём
			// Водный кодекс?", a chapter's first, which a trial saw cut to
			// its ч. 2 and п. 12). Any other long article: its best part.
			if p, ok := bestPart(h.Clause, spans); ok {
				// A long article: the paragraph that matches, under its
				// own reference, and the whole article one button away.
				blk.Text, blk.Bold, blk.Ref, blk.Shortened = h.Text[p.Start:p.End], clipSpans(spans, p.Start, p.End), p.Ref, true
				refButtons = append(refButtons, Button{Label: sprintf(wFullText.in(lang), h.Ref), Data: b.clauseData(lang, h.Ref)})
			}
		}
		if i == 0 && h.Lead != "" {
			r.Blocks = append(r.Blocks, Block{Kind: TextBlock, Text: leadLine(h.Lead)})
		}
		if i > 0 && h.Score >= citedScore {
			// A cited clause, or one of a chapter the question asks
			// about: from its start, as /section shows it (a trial's
			// "What does Chapter 2 of the Hague Convention say?" showed
			// Article 6 from "…paragraph 1. 2. The provisions").
			blk.Text, _, blk.Shortened = shorten(h.Text, nil, excerptWidth)
			blk.Bold = termSpans(blk.Text, clipSpans(spans, 0, len(strings.TrimSuffix(blk.Text, "…"))), q)
		} else if i > 0 {
			blk.Text, blk.Bold, blk.Shortened = shorten(h.Text, spans, excerptWidth)
			blk.Bold = termSpans(blk.Text, blk.Bold, q) // a span the cut clipped
			if blk.Shortened {
				refButtons = append(refButtons, Button{Label: sprintf(wFullText.in(lang), h.Ref), Data: b.clauseData(lang, h.Ref)})
			}
		}
		r.Blocks = append(r.Blocks, blk)
		if i == 0 {
			// The same clause in the document's other language versions,
			// each under its own form of the shared reference.
			r.Blocks = append(r.Blocks, versionBlocks(h.Clause, lang)...)
		}
	}
	next := offset + len(hits)
	if next < total {
		r.Buttons = append(r.Buttons, Button{Label: wMore.in(lang), Data: b.moreData(lang, id, next)})
	} else if offset > 0 {
		r.Blocks = append(r.Blocks, Block{Kind: TextBlock, Text: wLastMatch.in(lang)})
	}
	best := hits[0]
	if sec := sectionRef(best.Clause); sec != "" {
		r.Buttons = append(r.Buttons, Button{Label: wWholeSection.in(lang),
			Data: b.sectionData(lang, sec, (best.N-1)/sectionPageSize)})
	}
	r.Buttons = append(r.Buttons, refButtons...)
	r.Buttons = append(r.Buttons, b.feedbackButtons(lang, id)...)
	return r
}

// nearBlocks shows the near clauses of a question no clause answers
// (Results.Near): a line saying they are not an answer, then each as an
// excerpt around its matched words under its reference, as an answer's
// further hits are shown. None when near is empty.
func nearBlocks(lang Lang, q string, near []Hit) []Block {
	if len(near) == 0 {
		return nil
	}
	blocks := []Block{{Kind: TextBlock, Text: wNear.in(lang)}}
	for _, h := range near {
		spans := termSpans(h.Text, validSpans(h.Text, h.Highlights), q)
		blk := Block{Kind: ClauseBlock, Ref: h.Ref, Doc: docLine(h.Clause)}
		blk.Text, blk.Bold, blk.Shortened = shorten(h.Text, spans, excerptWidth)
		blk.Bold = termSpans(blk.Text, blk.Bold, q)
		blocks = append(blocks, blk)
	}
	return blocks
}

// nearButtons opens each near clause whole.
func (b *Bot) nearButtons(lang Lang, near []Hit) []Button {
	var bs []Button
	for _, h := range near {
		bs = append(bs, Button{Label: sprintf(wFullText.in(lang), h.Ref), Data: b.clauseData(lang, h.Ref)})
	}
	return bs
}

// NearText is the line before the near clauses of a question no clause
// answers (Results.Near), in lang: for front ends without blocks
// (clausebot ask).
func NearText(lang Lang) string { return wNear.in(lang) }

// noMatch says plainly that nothing matched and where to look instead.
func (b *Bot) noMatch(ctx context.Context, lang Lang, q string) Reply {
	msg := sprintf(wNoMatch.in(lang), quote(q), b.exampleSectionFor(lang))
	if note := b.langNote(ctx, lang, q); note != "" {
		// The likeliest reason comes first: no wording of the question
		// could match documents in another language.
		msg = note + "\n\n" + msg
	}
	if note, first := ScriptNote(b.s.Documents(), q, lang); first {
		msg = note + "\n\n" + msg
	} else if note != "" {
		msg = msg + "\n\n" + note
	}
	return text(KindNoMatch, lang, msg)
}

// ScriptNote is the note a no-answer to q carries on the documents its
// script could not search (RussianNote, ChineseNote), or "", and whether
// it goes before the no-answer: only when no document is in the
// question's language, so that none could have answered. With Russian
// documents loaded, they were searched and the likeliest reason is that
// none has it (a trial saw the note open every Russian no-answer, the
// weather's included).
func ScriptNote(docs []Document, q string, lang Lang) (note string, first bool) {
	if note := RussianNote(docs, q, lang); note != "" {
		return note, !slices.ContainsFunc(docs, func(d Document) bool { return d.Lang == "ru" })
	}
	return ChineseNote(docs, q, lang), false
}

// RussianNote says, in lang, where a Russian question (by its script, q)
// that found nothing can be answered from, given the loaded documents;
// "" for a question in another script, or when every document is Russian
// or has a Russian version. Russian questions are matched only against
// Russian text: there is no dictionary from Russian into the other
// languages (CC-CEDICT looks Chinese text up for English questions).
//   - No Russian document: said so, with the documents' languages.
//   - Russian documents beside others with no Russian version: the
//     Russian ones were searched, the others (Chinese and English alike)
//     could not be; how many, and which (a trial's Russian questions
//     about the communiqué, with the Russian codes beside it, got only
//     "no clause"; a later one's note named the two Chinese documents
//     and not the English one).
func RussianNote(docs []Document, q string, lang Lang) string {
	if ScriptLang(q) != "ru" {
		return ""
	}
	out, anyRu := unsearched(docs, "ru")
	if len(out) == 0 {
		return ""
	}
	var langs []string
	for _, d := range out {
		if !slices.Contains(langs, d.Lang) {
			langs = append(langs, d.Lang)
		}
	}
	if !anyRu {
		in, dicts := make([]string, len(langs)), make([]string, len(langs))
		for i, l := range langs {
			in[i], dicts[i] = langName(l, lang), ruDictName(l, lang)
		}
		return sprintf(wRussianOnly.in(lang), strings.Join(dicts, wOr.in(lang)), strings.Join(in, wOr.in(lang)))
	}
	if len(out) > maxNotRuNamed {
		// Counted by language, not named: a trial's note over the 15
		// documents named five titles of up to 90 characters each and
		// ran to 700 characters before the answer's own "no clause".
		return sprintf(wRussianNotRuMany.in(lang), len(out), len(docs), countByLang(out, lang))
	}
	names := make([]string, len(out))
	for i, d := range out {
		names[i] = sprintf(wDocInLang.in(lang), docTitle(d), langName(d.Lang, lang))
	}
	sep := "; "
	if lang == Chinese {
		sep = "、"
	}
	return sprintf(wRussianNotRu.in(lang), len(out), strings.Join(names, sep))
}

// ChineseNote says, in lang, which loaded documents a Chinese question (by
// its script, q) that found nothing could not search: those without
// Chinese text, beside Chinese ones (with no Chinese document at all,
// langNote speaks instead). A Chinese question is matched against Chinese
// text only (no dictionary from Chinese into English or Russian), so a
// trial's "年假有多少天" beside an English handbook got a bare "no
// clause". "" for another script, or when every document has Chinese
// text.
func ChineseNote(docs []Document, q string, lang Lang) string {
	if ScriptLang(q) != "zh" {
		return ""
	}
	out, anyZh := unsearched(docs, "zh")
	if !anyZh || len(out) == 0 {
		return ""
	}
	return sprintf(wChineseNotZh.in(lang), len(out), len(docs), countByLang(out, lang))
}

// unsearched returns the documents of docs that a question in the
// language code ql cannot search, as they come: those in another known
// language with no version in ql (a document of unknown language is left
// out: a wrong hint is worse than none). anyIn reports whether a document
// is in ql.
func unsearched(docs []Document, ql string) (out []Document, anyIn bool) {
	has := map[string]bool{} // the VersionOf of the versions in ql
	for _, d := range docs {
		if d.Lang == ql {
			anyIn = true
			if d.VersionOf != "" {
				has[d.VersionOf] = true
			}
		}
	}
	for _, d := range docs {
		if d.Lang == "" || d.Lang == ql || d.VersionOf != "" && has[d.VersionOf] {
			continue
		}
		out = append(out, d)
	}
	return out, anyIn
}

// countByLang counts docs by language, in lang and in the order the
// languages first come: "4 на английском, 9 на китайском", "英文4份、中文9份".
func countByLang(docs []Document, lang Lang) string {
	var langs []string
	n := map[string]int{}
	for _, d := range docs {
		if n[d.Lang] == 0 {
			langs = append(langs, d.Lang)
		}
		n[d.Lang]++
	}
	counts := make([]string, len(langs))
	for i, l := range langs {
		counts[i] = sprintf(wDocCount.in(lang), n[l], langNameIn(l, lang))
	}
	sep := ", "
	if lang == Chinese {
		sep = "、"
	}
	return strings.Join(counts, sep)
}

// langNameIn names, in lang, the language code as "in that language"
// takes it: Chinese, 中文, китайском (на китайском).
func langNameIn(code string, l Lang) string {
	if l == Russian {
		if w, ok := map[string]string{"zh": "китайском", "en": "английском", "ru": "русском"}[code]; ok {
			return w
		}
	}
	return langName(code, l)
}

// ruDictName names, in lang, the dictionary from Russian into the
// language code (Russian–Chinese, 俄汉, русско-китайского).
func ruDictName(code string, lang Lang) string {
	names := map[string]words{
		"zh": {"Russian–Chinese", "俄汉", "русско-китайского"},
		"en": {"Russian–English", "俄英", "русско-английского"},
	}
	if w, ok := names[code]; ok {
		return w.in(lang)
	}
	return "Russian–" + langName(code, English)
}

// maxNotRuNamed is the most documents RussianNote names; more are
// counted by language.
const maxNotRuNamed = 3

// langNote says, in lang, that the loaded documents are in another language
// than the question q, with an example question taken from them; "" when
// the question's language is that of a document, cannot be told, or a
// document's language is unknown (Document.Lang ""), since a wrong hint
// is worse than none.
func (b *Bot) langNote(ctx context.Context, lang Lang, q string) string {
	ql := ScriptLang(q)
	if ql == "" {
		return ""
	}
	var langs []string
	for _, d := range b.s.Documents() {
		switch {
		case d.Lang == "" || d.Lang == ql:
			return ""
		case !slices.Contains(langs, d.Lang):
			langs = append(langs, d.Lang)
		}
	}
	if len(langs) == 0 {
		return ""
	}
	names := make([]string, len(langs))
	for i, l := range langs {
		names[i] = langName(l, lang)
	}
	in := strings.Join(names, wOr.in(lang))
	// English over Chinese documents went through the English–Chinese
	// dictionary: said so, so that "try asking in Chinese" does not read
	// as "English is not understood" (a trial's reading of it).
	translated := ql == "en" && slices.Equal(langs, []string{"zh"})
	for _, l := range langs {
		for _, ex := range b.examples(ctx, Lang(l)) {
			if ScriptLang(ex) == l {
				if translated {
					return sprintf(wDocsZhTranslatedEx.in(lang), in, in, ex)
				}
				return sprintf(wDocsInLangEx.in(lang), in, in, ex)
			}
		}
	}
	if translated {
		return sprintf(wDocsZhTranslated.in(lang), in, in)
	}
	return sprintf(wDocsInLang.in(lang), in, in)
}

// ScriptLang tells the language of a question from its script, as a
// Document.Lang code (package index reads a question's language with it
// too): "zh" for any Han, else "ru" when Cyrillic letters
// outnumber Latin ones, else "en" for Latin letters; "" for none.
func ScriptLang(s string) string {
	latin, cyrillic := 0, 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			return "zh"
		case unicode.Is(unicode.Cyrillic, r):
			cyrillic++
		case unicode.Is(unicode.Latin, r):
			latin++
		}
	}
	switch {
	case cyrillic > latin:
		return "ru"
	case latin > 0:
		return "en"
	}
	return ""
}

// versionBlocks show the same clause in the document's other language
// versions, each under its own form of the shared reference.
func versionBlocks(c Clause, lang Lang) []Block {
	var out []Block
	for _, v := range c.Versions {
		label := wVersion
		if v.Unaligned {
			label = wVersionUnaligned
		}
		out = append(out, Block{Kind: ClauseBlock, Text: v.Text, Ref: v.Ref, Doc: sprintf(label.in(lang), langName(v.Lang, lang))})
	}
	return out
}

// langName names a Document.Lang code in the bot's language l.
func langName(code string, l Lang) string {
	names := map[string]words{"zh": {"Chinese", "中文", "китайский"}, "en": {"English", "英文", "английский"}, "ru": {"Russian", "俄文", "русский"}}
	if w, ok := names[code]; ok {
		return w.in(l)
	}
	return code
}

// errorReply shows a user-safe error, or logs an internal one and says only
// "internal error".
func (b *Bot) errorReply(ctx context.Context, c call, what string, err error) Reply {
	if ErrorCode(err) == EINTERNAL || ctx.Err() != nil {
		b.logf(ctx, slog.LevelError, what+" failed", slog.String("platform", string(c.platform)), slog.Any("err", err))
		return text(KindError, c.lang, wInternal.in(c.lang))
	}
	if k := ErrorReason(err).Kind; k == ReasonNotLoaded || k == ReasonOtherLanguage {
		// An answer, not a failure: the law asked about is not loaded.
		return text(KindNoMatch, c.lang, reasonText(c.lang, err))
	}
	return text(KindError, c.lang, sprintf(wCannot.in(c.lang), reasonText(c.lang, err)))
}

// excerptWidth is the display width of a shortened result, in columns: a
// Han character counts two, so an excerpt is about 50 Chinese characters or
// 100 Latin ones, a line or two in any chat.
const excerptWidth = 100

// shorten cuts text to about width columns around the first bold span,
// marking each cut with "…", and moves the spans into the excerpt. Cuts
// fall on rune boundaries, and between words in alphabetic scripts.
func shorten(text string, bold []Span, width int) (string, []Span, bool) {
	if displayWidth(text) <= width {
		return text, bold, false
	}
	focus := 0
	if len(bold) > 0 {
		focus = bold[0].Start
	}
	// Start a little before the match, at a clause boundary if one is near.
	start := back(text, focus, width/4)
	if i := strings.LastIndexAny(text[start:focus], "，。；：,;:"); i >= 0 {
		_, w := utf8.DecodeRuneInString(text[start+i:])
		start += i + w
	} else if start > 0 {
		start = wordStart(text, start)
	}
	if displayWidth(text[:start]) <= width/10 {
		start = 0 // cutting off a few characters helps no one
	}
	end := forward(text, start, width)
	if end < len(text) {
		end = wordEnd(text, start, end)
	}
	// A cut inside a matched word would leave part of it in bold ("…在【中】…"
	// from 中俄): show the whole word, a few characters over the width.
	for _, sp := range bold {
		if sp.Start < end && end < sp.End && utf8.RuneCountInString(text[end:sp.End]) <= 8 {
			end = sp.End
		}
	}
	// Keep the excerpt full-length when the match was near the end.
	if end == len(text) {
		start = back(text, len(text), width)
		// at the end of a clause if one ends a little after, not inside
		// a word or sentence ("…报。对劳动者…", a trial's chat excerpt)
		if i := strings.IndexAny(text[start:], "，。；：,;:"); i >= 0 && start+i < focus && displayWidth(text[start:start+i]) <= width/4 {
			_, w := utf8.DecodeRuneInString(text[start+i:])
			start += i + w
		} else {
			start = wordStart(text, start)
		}
	}
	excerpt := strings.TrimSpace(text[start:end])
	if start > 0 {
		// A cut inside a leading "——" would leave a stray dash after "…".
		excerpt = strings.TrimLeft(excerpt, "—–- ")
	}
	lead := start + strings.Index(text[start:end], excerpt)
	var b strings.Builder
	prefix := 0
	if lead > 0 {
		b.WriteString("…")
		prefix = len("…")
	}
	b.WriteString(excerpt)
	if lead+len(excerpt) < len(text) {
		b.WriteString("…")
	}
	var spans []Span
	for _, s := range bold {
		lo, hi := max(s.Start, lead), min(s.End, lead+len(excerpt))
		if lo < hi {
			spans = append(spans, Span{lo - lead + prefix, hi - lead + prefix})
		}
	}
	return b.String(), spans, true
}

// runeWidth is a rune's display width: 2 for wide (East Asian) runes.
func runeWidth(r rune) int {
	if r >= 0x1100 && (unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Hangul, unicode.Hiragana, unicode.Katakana) ||
		(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFF60)) {
		return 2
	}
	return 1
}

func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

// back returns the byte offset n columns before i.
func back(s string, i, n int) int {
	for n > 0 && i > 0 {
		r, w := utf8.DecodeLastRuneInString(s[:i])
		i -= w
		n -= runeWidth(r)
	}
	return i
}

// forward returns the byte offset at most n columns after i.
func forward(s string, i, n int) int {
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if n -= runeWidth(r); n < 0 {
			break
		}
		i += w
	}
	return i
}

// wordStart moves i forward to the start of a word if it is inside one.
func wordStart(s string, i int) int {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	if !isWordRune(r) {
		return i
	}
	for j := i; j < len(s) && j-i < 40; {
		r, w := utf8.DecodeRuneInString(s[j:])
		if !isWordRune(r) {
			return j
		}
		j += w
	}
	return i
}

// wordEnd moves end back to the end of a word if it is inside one, never
// before start.
func wordEnd(s string, start, end int) int {
	r, _ := utf8.DecodeRuneInString(s[end:])
	if !isWordRune(r) {
		return end
	}
	for j := end; j > start && end-j < 40; {
		r, w := utf8.DecodeLastRuneInString(s[:j])
		if !isWordRune(r) {
			return j
		}
		j -= w
	}
	return end
}

// validSpans drops spans that do not fit text or fall inside a rune, and
// sorts and merges the rest, so a Searcher bug can never break rendering.
func validSpans(text string, spans []Span) []Span {
	var out []Span
	for _, s := range spans {
		if s.Start < 0 || s.End > len(text) || s.Start >= s.End ||
			!utf8.RuneStart(text[s.Start]) || (s.End < len(text) && !utf8.RuneStart(text[s.End])) {
			continue
		}
		out = append(out, s)
	}
	return MergeSpans(out)
}

// termSpans drops the bold spans of a single character that is not itself
// a term of the question q: a Searcher matching on single characters (to
// find words the segmenter split differently) leaves isolated 【中】 and
// 【国】 all over a clause, which say nothing to the reader and hide the
// real matches. Longer spans are kept, and so is a one-character span
// when q has that character standing alone ("茶", "茶 价格", "vitamin C").
func termSpans(text string, spans []Span, q string) []Span {
	out := spans[:0:0]
	for _, sp := range spans {
		s := text[sp.Start:sp.End]
		if utf8.RuneCountInString(s) >= 2 || standsAlone(q, s) {
			out = append(out, sp)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// standsAlone reports whether the one-character string c occurs in q with
// no letter or digit (Han included) right before or after it, comparing
// case-insensitively.
func standsAlone(q, c string) bool {
	for i := 0; i < len(q); {
		j := indexFold(q[i:], c)
		if j < 0 {
			return false
		}
		_, size := utf8.DecodeRuneInString(q[i+j:])
		start, end := i+j, i+j+size
		before, _ := utf8.DecodeLastRuneInString(q[:start])
		after, _ := utf8.DecodeRuneInString(q[end:])
		if (start == 0 || !isTermRune(before)) && (end == len(q) || !isTermRune(after)) {
			return true
		}
		i = end
	}
	return false
}

func isTermRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// indexFold is strings.Index ignoring case, for one-character needles.
func indexFold(s, c string) int {
	r, _ := utf8.DecodeRuneInString(c)
	return strings.IndexFunc(s, func(x rune) bool { return x == r || unicode.SimpleFold(x) == r || unicode.SimpleFold(r) == x })
}

// sectionRef returns the reference of a clause's section: its Ref up to the
// "·" ("二" from "二·12", "doc:二" from "doc:二·12"), else its Section,
// with the document's id when the Ref names it ("doc:第三章").
func sectionRef(c Clause) string {
	if i := strings.LastIndex(c.Ref, "·"); i > 0 {
		return c.Ref[:i]
	}
	if c.DocID != "" && strings.HasPrefix(c.Ref, c.DocID+":") && c.Section != "" {
		return c.DocID + ":" + c.Section
	}
	return c.Section
}

// docLine is the document line under a clause: its title and the
// containers above it ("中华人民共和国网络安全法 › 第三章 网络运行安全").
func docLine(c Clause) string {
	s := c.DocTitle
	if len(c.Path) > 0 {
		s += " › " + strings.Join(c.Path, " › ")
	}
	if c.Page > 0 {
		s += sprintf(" · p. %d", c.Page) // a PDF's page, to check the clause in print
	}
	return s
}

// longArticle is the length, in runes, from which an answer shows the
// matching paragraph of an article rather than all of it: about a screen
// of a phone chat.
const longArticle = 600

// FocusPart returns, for the first hit of question q, the part of a long
// article an answer shows instead of all of it (see bestPart): the
// paragraph or item with the most of the question's matched bytes,
// under its own reference. ok is false for an article q cites by
// number, or one the engine chose whole for it (citedScore), which is
// shown whole, and for a short clause or one without parts. The offsets of the Part are byte offsets into h.Text.
func FocusPart(h Hit, q string) (Part, bool) {
	if citesArticle(q, h.Ref) || h.Score >= citedScore {
		return Part{}, false
	}
	return bestPart(h.Clause, termSpans(h.Text, validSpans(h.Text, h.Highlights), q))
}

// bestPart picks, in a long article, the paragraph or item with the most
// matched bytes; ok is false for a short clause or one without parts.
func bestPart(c Clause, spans []Span) (Part, bool) {
	if utf8.RuneCountInString(c.Text) < longArticle || len(c.Parts) < 2 {
		return Part{}, false
	}
	best, most := -1, 0
	for i, p := range c.Parts {
		if p.Start < 0 || p.End > len(c.Text) || p.Start >= p.End {
			continue
		}
		n := 0
		for _, s := range spans {
			n += max(0, min(s.End, p.End)-max(s.Start, p.Start))
		}
		// Prefer the innermost part on a tie: an item over its paragraph.
		if n > most || n == most && n > 0 && best >= 0 && p.Start >= c.Parts[best].Start && p.End <= c.Parts[best].End {
			best, most = i, n
		}
	}
	if best < 0 {
		return Part{}, false
	}
	return c.Parts[best], true
}

// leadLine shows the sentence that introduces a list item: the last
// sentence of its lead-in paragraph, "…为此，双方商定：".
func leadLine(lead string) string {
	lead = strings.TrimSpace(lead)
	body := strings.TrimRight(lead, "：:")
	if i := strings.LastIndexAny(body, "。.;；!?！？"); i >= 0 && i < len(body)-1 {
		_, n := utf8.DecodeRuneInString(body[i:])
		return "…" + strings.TrimSpace(lead[i+n:])
	}
	return lead
}

// chatKey names a chat across platforms.
func chatKey(p Platform, chat string) string { return string(p) + ":" + chat }

// reANSIEscape is a terminal's control sequence (ECMA-48 CSI: ESC [,
// parameters, intermediates, a final byte), left out whole by quote.
var reANSIEscape = lazyre.New("\x1b\\[[0-?]*[ -/]*[@-~]")

// quote shortens a user's question for echoing it back, to at most 80
// columns (displayWidth), its runs of white space as one space. Control
// characters (a terminal's escape sequences, BEL) and the bidirectional
// overrides and isolates (U+202A–U+202E, U+2066–U+2069, which can make
// the echo read other than what was asked) are left out: the echo is the
// bot's text, not the asker's.
func quote(q string) string {
	q = strings.Join(strings.FieldsFunc(Printable(q), unicode.IsSpace), " ")
	if displayWidth(q) <= 80 {
		return q
	}
	return q[:forward(q, 0, 77)] + "…"
}

// Printable is s without terminal escape sequences (reANSIEscape),
// control characters other than white space, and bidirectional overrides
// and isolates (U+202A–U+202E, U+2066–U+2069): text a user sent, made safe
// to echo on a screen.
func Printable(s string) string {
	s = reANSIEscape().ReplaceAllString(s, "")
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && !unicode.IsSpace(r) || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
			return -1
		}
		return r
	}, s)
}

// sectionQuestionRE finds a question about a numbered section: "第五部分",
// "section 5", "part V". "第13条" is an article of a treaty the text cites,
// not a section, so 条 is left out.
var sectionQuestionRE = lazyre.New(`第\s*([一二三四五六七八九十百〇零]+|\d+)\s*(?:部分|节|章|段|部)|(?i:\b(?:section|part)\s+([ivxl]+|\d+)\b)`)

// missingSectionQuestion answers a question that asks about a section the
// document lacks (五 in a copy truncated inside 四) by saying so, instead of
// showing clauses from other sections.
func (b *Bot) missingSectionQuestion(ctx context.Context, c call, q string) (Reply, bool) {
	m := sectionQuestionRE().FindStringSubmatch(q)
	if m == nil {
		return Reply{}, false
	}
	label := m[1] + m[2]
	if cl, err := b.s.Section(ctx, label); err == nil && len(cl) > 0 {
		return Reply{}, false
	} else if err != nil && ErrorCode(err) != ENOTFOUND {
		return Reply{}, false // let the search answer; it reports its own errors
	}
	msg, ok := b.explainSection(c.lang, label)
	if !ok {
		return Reply{}, false
	}
	return text(KindNoMatch, c.lang, msg), true
}

// sprintf is fmt.Sprintf; a name of its own keeps the catalog's call sites short.
func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
