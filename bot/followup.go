package bot

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/width"

	"clausebot/internal/lazyre"
)

// A follow-up continues the chat's reading of its current document
// (currentDoc) and clause (currentClause) without naming either: "那第二
// 十二条呢", "and Article 22?", "а статья 66?" (an article of the same
// document, read in that document's own numbering), "下一条呢", "next
// article", "следующая статья" (the next article, as the ▶ button), and
// "第三项是什么" (an item of the article being read). Anything more than
// that ("and Article 22 of the Hague Convention?") is left to the
// Searcher, which ranks the current document's article first (Query.Doc).

var (
	// stepRE is a message asking for the next or previous clause, after
	// normalizeWords: group 1 is set for the next, group 2 for the previous.
	stepRE = lazyre.New(`^(?:那么?|and|then|so|а|и)?\s*(?:the\s+|what about the\s+)?(?:(下一条|next(?: article| clause| one)?|следующ(?:ая|ую|ий)(?: статья| статью| пункт)?)|(上一条|previous(?: article| clause| one)?|prev|preceding(?: article| clause)?|предыдущ(?:ая|ую|ий)(?: статья| статью| пункт)?))\s*(?:呢|是什么|吧|please)?$`)
	// itemRE is a message asking for an item (项) or paragraph (款) of
	// the article being read, after normalizeWords.
	itemRE = lazyre.New(`^(?:那么?)?(?:这条的|本条的|它的)?第\s*([一二三四五六七八九十]+|\d{1,2})\s*(项|款)\s*(?:呢|是什么|说了什么|说什么|的内容|内容|怎么规定|规定了什么)?$`)
	// paraEnRE and partRuRE ask for a paragraph of the English or
	// Russian article being read, after normalizeWords: "and paragraph
	// 2?", "а часть 3?".
	paraEnRE = lazyre.New(`^(?:and |what about |what does |show me )?(?:the )?paragraph (\d{1,2})(?: say| says)?$`)
	partRuRE = lazyre.New(`^(?:а |и )?(?:что (?:в|во|говорится в) )?(?:часть|части|ч) (\d{1,2})$`)
	// citeAnyRE is any article citation citedNumbers reads.
	citeAnyRE = lazyre.New(`第\s*(?:[一二三四五六七八九十百千零〇两]+|\d+)\s*条|(?i:\b(?:article|art\.)\s*\d+)|(?i:(?:стать[яиюейё]|ст\.)\s*\d+)`)
)

// followUpFillerZh are the Chinese words a bare follow-up citation may
// hold besides the citation ("那第二十二条呢", "第五条是什么").
var followUpFillerZh = []string{"那么", "那", "呢", "吗", "是什么", "说了什么", "说什么", "怎么说", "怎么规定", "规定了什么", "规定什么", "的内容", "内容", "呀", "啊", "还有", "再看", "看看", "又"}

// followUpFiller are the English and Russian words a bare follow-up
// citation may hold ("and Article 22?", "what about Article 60?", "а что в
// статье 200?").
var followUpFiller = set("and", "what", "about", "how", "then", "so", "the", "does", "do", "it", "is", "say", "says", "show", "me", "а", "и", "что", "в", "о", "про", "там", "говорится", "сказано", "как", "тогда", "насчёт", "насчет", "покажи")

// bareCitation returns the article number a message cites when it is a
// bare follow-up: one article citation and nothing else but filler words
// ("那第二十二条呢", "and Article 22?", "а ст. 1144?"); ok is false when it
// cites none or several, or says anything more (a document's name).
func bareCitation(q string) (n int, ok bool) {
	nums := citedNumbers(q)
	if len(nums) != 1 {
		return 0, false
	}
	rest := normalizeWords(citeAnyRE().ReplaceAllString(q, " "))
	if rest == "\x00" {
		return 0, false
	}
	for _, f := range followUpFillerZh {
		rest = strings.ReplaceAll(rest, f, " ")
	}
	for _, w := range strings.Fields(rest) {
		if !followUpFiller[w] {
			return 0, false
		}
	}
	return nums[0], true
}

// step returns +1 for a message asking for the next clause ("下一条呢",
// "next article", "следующая статья"), -1 for the previous one, 0 for any
// other message.
func step(q string) int {
	m := stepRE().FindStringSubmatch(normalizeWords(q))
	switch {
	case m == nil:
		return 0
	case m[1] != "":
		return 1
	}
	return -1
}

// currentClause returns the clause the chat is reading: that of its last
// answer, or the clause it browsed since, in its current document.
func (b *Bot) currentClause(ctx context.Context, c call) (Clause, bool) {
	ref, ok := b.getRef(ctx, chatKey(c.platform, c.chat))
	if !ok {
		return Clause{}, false
	}
	cl, err := b.s.Clause(ctx, ref)
	return cl, err == nil
}

// docRef writes a reference in document doc as the Searcher takes it:
// "doc:ref" with several documents loaded, ref alone with one.
func (b *Bot) docRef(doc, ref string) string {
	if len(b.s.Documents()) > 1 {
		return doc + ":" + ref
	}
	return ref
}

// articleRef writes article n as document doc numbers its articles: like
// the article like, when that is one (第二十一条 → 第n条, Article 9 →
// Article n), else by the document's language (Document.Lang: 第n条,
// Статья n, Article n).
func (b *Bot) articleRef(doc string, n int, like string) string {
	form := ""
	if i := strings.LastIndex(like, ":"); i >= 0 {
		like = like[i+1:]
	}
	if _, ok := articleNumber(like); ok {
		switch {
		case strings.HasPrefix(like, "第"):
			form = "zh"
		case strings.HasPrefix(like, "Статья"):
			form = "ru"
		default:
			form = "en"
		}
	} else {
		for _, d := range b.s.Documents() {
			if d.ID == doc {
				form = d.Lang
			}
		}
	}
	num := strconv.Itoa(n)
	switch form {
	case "zh":
		return b.docRef(doc, "第"+ChineseNumeral(n)+"条")
	case "ru":
		return b.docRef(doc, "Статья "+num)
	}
	return b.docRef(doc, "Article "+num)
}

// followUpArticle returns the article a bare follow-up citation (see
// bareCitation) names in the chat's current document doc, read in that
// document's own numbering: "and Article 22?" while reading 网络安全法 is
// its 第二十二条, "那第二十二条呢" while reading the Hague Convention its
// Article 22. When the chat is reading an article of doc and doc has no
// article of that number, err is the Searcher's ENOTFOUND error naming
// doc ("what about Article 600?" after Статья 65 of the Water Code). ok is
// false when q is no bare citation, or doc does not number articles so;
// the Searcher then answers.
func (b *Bot) followUpArticle(ctx context.Context, c call, doc, q string) (cl Clause, ok bool, err error) {
	n, ok := bareCitation(q)
	if doc == "" || !ok {
		return Clause{}, false, nil
	}
	like, _ := b.getRef(ctx, chatKey(c.platform, c.chat))
	if style := citeStyle(q); !(c.sameLang && style == string(c.lang)) && b.heldElsewhere(ctx, doc, like, style, n) {
		// "Что говорится в статье 5?" while reading an English
		// regulation, with a Russian law loaded: the law's Статья 5 (the
		// Searcher finds it), not the regulation's Article 5.
		return Clause{}, false, nil
	}
	cl, err = b.s.Clause(ctx, b.articleRef(doc, n, like))
	if err != nil {
		_, reading := articleNumber(like)
		if reading && ErrorCode(err) == ENOTFOUND && len(ErrorChoices(err)) == 0 {
			return Clause{}, true, err
		}
		return Clause{}, false, nil
	}
	if _, whole := articleNumber(cl.Ref); !whole {
		return Clause{}, false, nil // not an article: leave it to the Searcher
	}
	return cl, true, nil
}

// citeStyle returns the numbering style of the article q cites: "zh" for
// 第五条, "en" for Article 5, "ru" for статья 5; "" for none.
func citeStyle(q string) string {
	q = width.Narrow.String(q)
	switch {
	case citeZhRE().MatchString(q):
		return "zh"
	case citeEnRE().MatchString(q):
		return "en"
	case citeRuRE().MatchString(q):
		return "ru"
	}
	return ""
}

// heldElsewhere reports whether a bare follow-up citing article n in
// style (citeStyle) means another document than doc, the chat's current
// one: doc does not number its articles in that style (as like, the
// article being read, shows, else by its language), and another loaded
// document has article n numbered so. The citation's style decides which
// documents can hold it; doc wins only among them, and is read in its own
// numbering ("and Article 22?" while reading a Chinese law is its 第二十二
// 条) only when no document numbered so has the article.
func (b *Bot) heldElsewhere(ctx context.Context, doc, like, style string, n int) bool {
	docs := b.s.Documents()
	if style == "" || len(docs) < 2 {
		return false
	}
	own := ""
	if _, ok := articleNumber(like); ok && strings.HasPrefix(like, doc+":") {
		own = refStyle(like)
	} else {
		for _, d := range docs {
			if d.ID == doc {
				own = d.Lang
			}
		}
	}
	if own == style {
		return false
	}
	ref := "Article " + strconv.Itoa(n)
	switch style {
	case "zh":
		ref = "第" + ChineseNumeral(n) + "条"
	case "ru":
		ref = "Статья " + strconv.Itoa(n)
	}
	cl, err := b.s.Clause(ctx, ref)
	if err != nil {
		for _, ch := range ErrorChoices(err) {
			if !strings.HasPrefix(ch, doc+":") && refStyle(ch) == style {
				return true
			}
		}
		return false
	}
	return cl.DocID != doc && refStyle(cl.Ref) == style
}

// refStyle is the numbering style of an article reference: "zh" for
// 第五条, "ru" for Статья 5, "en" for Article 5 (after any "doc:" prefix);
// "" for any other.
func refStyle(ref string) string {
	if i := strings.LastIndex(ref, ":"); i >= 0 {
		ref = ref[i+1:]
	}
	switch {
	case strings.HasPrefix(ref, "第"):
		return "zh"
	case strings.HasPrefix(ref, "Статья"):
		return "ru"
	case strings.HasPrefix(ref, "Article"):
		return "en"
	}
	return ""
}

// stepAnswer shows the clause after (d = 1) or before (d = -1) the one the
// chat is reading, as its ▶ and ◀ buttons do; at the end of its section,
// the next article by number, or the first clause of the next section (the
// last of the previous one). ok is false when the chat is reading no
// clause.
func (b *Bot) stepAnswer(ctx context.Context, c call, d int) (Reply, bool) {
	cur, ok := b.currentClause(ctx, c)
	if !ok {
		return Reply{}, false
	}
	if art, ok := articleOfPart(cur.Ref); ok {
		// Reading a paragraph or an item: the next article is its
		// article's next ("следующая статья" after Статья 1142 п. 2 went
		// to the next chapter's first article).
		if a, err := b.s.Clause(ctx, art); err == nil {
			cur = a
		}
	}
	if ref, ok := b.neighbour(ctx, cur, d); ok {
		return b.clause(ctx, c, ref), true
	}
	w := wNoNextClause
	if d < 0 {
		w = wNoPrevClause
	}
	return text(KindNoMatch, c.lang, sprintf(w.in(c.lang), cur.Ref, cur.DocTitle)), true
}

// neighbour returns the reference of the clause after cur (d = 1) or
// before it (d = -1), as the ▶/◀ buttons and "下一条"/"上一条" step: the
// next clause of its section; for an article, the article numbered next
// when the section's next clause is no article (a note such as Глава 3's
// "(Наименование в редакции …)" stood between Статья 10 and 11); at the
// section's end, the article numbered next, else the first (last) clause
// of the next (previous) section. ok is false at the document's end.
func (b *Bot) neighbour(ctx context.Context, cur Clause, d int) (string, bool) {
	_, isArticle := articleNumber(cur.Ref)
	if list, err := b.s.Section(ctx, sectionRef(cur)); err == nil {
		for i, x := range list {
			if x.Ref != cur.Ref || i+d < 0 || i+d >= len(list) {
				continue
			}
			if _, ok := articleNumber(list[i+d].Ref); ok || !isArticle {
				return list[i+d].Ref, true
			}
			if ref, ok := b.numbered(ctx, cur, d); ok {
				return ref, true
			}
			return list[i+d].Ref, true
		}
	}
	if ref, ok := b.numbered(ctx, cur, d); ok {
		return ref, true
	}
	return b.nextSection(ctx, cur, d)
}

// numbered returns the article numbered after cur (d = 1) or before it
// (d = -1), when cur is an article and its document has that one.
func (b *Bot) numbered(ctx context.Context, cur Clause, d int) (string, bool) {
	if n, ok := articleNumber(cur.Ref); ok && n+d > 0 {
		if cl, err := b.s.Clause(ctx, b.articleRef(cur.DocID, n+d, cur.Ref)); err == nil {
			return cl.Ref, true
		}
	}
	return "", false
}

// nextSection returns the clause after cur (d = 1) or before it (d = -1)
// in its document's order: within the outermost section holding it, then
// the first clause of the next outermost section (the last of the
// previous). Stepping by the sections as listed, inner ones included,
// went from the first clause of ITPGRFA's Annex II PART 1 back to the
// last of Annex II, the container listed before it. ok is false at the
// document's end.
func (b *Bot) nextSection(ctx context.Context, cur Clause, d int) (string, bool) {
	for _, doc := range b.s.Documents() {
		if doc.ID != cur.DocID && cur.DocID != "" {
			continue
		}
		var tops []string
		for _, s := range doc.Sections {
			if s.Depth == 0 && s.Clauses > 0 {
				tops = append(tops, s.Label)
			}
		}
		lists := map[int][]Clause{}
		list := func(k int) []Clause {
			if l, ok := lists[k]; ok {
				return l
			}
			l, _ := b.s.Section(ctx, b.docRef(doc.ID, tops[k]))
			lists[k] = l
			return l
		}
		for k := range tops {
			l := list(k)
			pos := slices.IndexFunc(l, func(c Clause) bool { return c.Ref == cur.Ref })
			if pos < 0 {
				continue
			}
			if pos+d >= 0 && pos+d < len(l) {
				return l[pos+d].Ref, true
			}
			for j := k + d; j >= 0 && j < len(tops); j += d {
				if l := list(j); len(l) > 0 {
					if d > 0 {
						return l[0].Ref, true
					}
					return l[len(l)-1].Ref, true
				}
			}
			return "", false
		}
	}
	return "", false
}

// itemAnswer shows an item or paragraph of the article the chat is
// reading, asked for in the article's own language: "第三项是什么" (item
// (三) of 第二十一条), "第二款呢", "and paragraph 2?" (Article 22(2)), "а
// часть 3?" (Статья 65 ч. 3); or says the article has none. ok is false
// when q asks for no item or paragraph, or the chat is reading no article
// numbered in that language.
func (b *Bot) itemAnswer(ctx context.Context, c call, q string) (Reply, bool) {
	key := normalizeWords(q)
	zh, en, ru := itemRE().FindStringSubmatch(key), paraEnRE().FindStringSubmatch(key), partRuRE().FindStringSubmatch(key)
	if zh == nil && en == nil && ru == nil {
		return Reply{}, false
	}
	cur, ok := b.currentClause(ctx, c)
	if !ok {
		return Reply{}, false
	}
	if _, ok := articleNumber(cur.Ref); !ok {
		return Reply{}, false
	}
	art := cur.Ref[strings.LastIndex(cur.Ref, ":")+1:]
	var suffix, shown string
	w := wNoParagraph
	switch {
	case zh != nil && strings.HasPrefix(art, "第"):
		n, ok := number(zh[1])
		if !ok {
			return Reply{}, false
		}
		suffix, shown = "第"+strconv.Itoa(n)+zh[2], ChineseNumeral(n)
		if zh[2] == "项" {
			w = wNoItem
		}
	case en != nil && strings.HasPrefix(art, "Article "):
		suffix, shown = "("+en[1]+")", en[1]
	case ru != nil && strings.HasPrefix(art, "Статья "):
		suffix, shown = " ч. "+ru[1], ru[1]
	default:
		return Reply{}, false
	}
	cl, err := b.s.Clause(ctx, cur.Ref+suffix)
	if err != nil {
		if ErrorCode(err) == EINTERNAL {
			return b.errorReply(ctx, c, "clause", err), true
		}
		return text(KindNoMatch, c.lang, sprintf(w.in(c.lang), cur.Ref, shown)), true
	}
	r := b.clause(ctx, c, cl.Ref)
	// Still reading the article: "下一条" goes to the next article.
	b.setReading(ctx, chatKey(c.platform, c.chat), cur.DocID, cur.Ref)
	return r, true
}
