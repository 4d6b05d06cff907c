package bot

import (
	"context"
	"log/slog"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"clausebot/internal/lazyre"
)

// section shows one page of a section's clauses; pg < 0 means the first.
func (b *Bot) section(ctx context.Context, c call, arg string, pg int) Reply {
	lang := c.lang
	arg = strings.TrimSpace(arg)
	if arg == "" {
		return text(KindNotice, lang, sprintf(wSectionUsage.in(lang), b.exampleSection(), sectionList(lang, b.defaultDoc())))
	}
	if len(arg) > maxRefBytes {
		return text(KindNoMatch, lang, sprintf(wNoSuchSect.in(lang), quote(arg), docTitle(b.defaultDoc()), sectionList(lang, b.defaultDoc())))
	}
	cl, err := b.s.Section(ctx, arg)
	if err != nil && ErrorCode(err) != ENOTFOUND && ErrorCode(err) != EINVALID {
		return b.errorReply(ctx, c, "section", err)
	}
	if err != nil || len(cl) == 0 {
		if c.press {
			return text(KindNotice, lang, wExpired.in(lang)) // the documents changed under the button
		}
		if choices := ErrorChoices(err); len(choices) > 0 {
			if doc, ok := b.inCurrentDoc(ctx, c, arg, true, choices); ok {
				r := b.section(ctx, c, doc, pg)
				r.Buttons = append(r.Buttons, Button{Label: sprintf(wOtherDocs.in(lang), arg), Data: b.whichData(lang, true, 0, arg)})
				return r
			}
			return b.sayWhich(ctx, c, arg, choices, true, 0)
		}
		if err != nil && (ErrorCode(err) == EINVALID || len(b.s.Documents()) > 1) {
			// Malformed, or among several documents: the Searcher's
			// reason names the documents.
			return text(KindNoMatch, lang, sprintf(wCannot.in(lang), reasonText(lang, err)))
		}
		msg, ok := b.explainSection(lang, arg)
		if !ok {
			msg = sprintf(wCannot.in(lang), reasonText(lang, err))
		}
		return text(KindNoMatch, lang, msg)
	}
	pages := (len(cl) + sectionPageSize - 1) / sectionPageSize
	pg = min(max(pg, 0), pages-1)
	from, to := pg*sectionPageSize, min((pg+1)*sectionPageSize, len(cl))
	first := cl[0]
	b.setDoc(ctx, chatKey(c.platform, c.chat), first.DocID) // the document the chat is reading now
	ref := sectionRef(first)
	title := ""
	if info, ok := b.sectionInfo(first.DocID, first.Section); ok && info.Title != "" {
		if lang == Chinese {
			title = "（" + info.Title + "）"
		} else {
			title = " (" + info.Title + ")"
		}
	}
	r := Reply{Kind: KindSection, Lang: lang}
	head := sprintf(wSectionHead.in(lang), sectionName(lang, first.Section), title, first.DocTitle, from+1, to, len(cl))
	switch {
	case len(cl) == 1: // "1 clause", not "clauses 1–1 of 1"
		head = sprintf(wSectionOnly.in(lang), sectionName(lang, first.Section), title, first.DocTitle, nClause.count(lang, 1))
	case to-from == 1:
		head = sprintf(wSectionAt.in(lang), sectionName(lang, first.Section), title, first.DocTitle, to, len(cl))
	}
	r.Blocks = append(r.Blocks, Block{Kind: TextBlock, Text: head})
	for _, x := range cl[from:to] {
		r.Blocks = append(r.Blocks, Block{Kind: ClauseBlock, Text: x.Text, Ref: x.Ref, Doc: x.DocTitle})
	}
	if pg > 0 {
		r.Buttons = append(r.Buttons, Button{Label: wPrevPage.in(lang), Data: b.sectionData(lang, ref, pg-1)})
	}
	if pg < pages-1 {
		r.Buttons = append(r.Buttons, Button{Label: wNextPage.in(lang), Data: b.sectionData(lang, ref, pg+1)})
		b.setBrowsing(ctx, chatKey(c.platform, c.chat), strconv.Itoa(pg+1)+":"+ref)
	} else {
		b.setBrowsing(ctx, chatKey(c.platform, c.chat), "end:"+ref)
	}
	return r
}

// clause shows one clause in full, with its neighbours one button away.
func (b *Bot) clause(ctx context.Context, c call, arg string) Reply {
	lang := c.lang
	arg = strings.TrimSpace(arg)
	if arg == "" {
		return text(KindNotice, lang, sprintf(wClauseUsage.in(lang), b.clauseExample(ctx, lang)))
	}
	if len(arg) > maxRefBytes {
		return text(KindNoMatch, lang, sprintf(wBadClause.in(lang), quote(arg), b.clauseExample(ctx, lang)))
	}
	cl, err := b.s.Clause(ctx, arg)
	if err != nil {
		switch {
		case ErrorCode(err) == EINTERNAL:
			return b.errorReply(ctx, c, "clause", err)
		case c.press:
			return text(KindNotice, lang, wExpired.in(lang))
		case len(ErrorChoices(err)) > 0:
			if doc, ok := b.inCurrentDoc(ctx, c, arg, false, ErrorChoices(err)); ok {
				r := b.clause(ctx, c, doc)
				r.Buttons = append(r.Buttons, Button{Label: sprintf(wOtherDocs.in(lang), arg), Data: b.whichData(lang, false, 0, arg)})
				return r
			}
			return b.sayWhich(ctx, c, arg, ErrorChoices(err), false, 0)
		case ErrorCode(err) == ENOTFOUND:
			// No document has "Article 22" as typed, and the chat reads a
			// Chinese law: its 第二十二条 (a trial got "no document has
			// it" unless another document had an Article 22).
			if doc, ok := b.inCurrentDoc(ctx, c, arg, false, nil); ok {
				return b.clause(ctx, c, doc)
			}
			if len(b.s.Documents()) > 1 {
				return text(KindNoMatch, lang, sprintf(wCannot.in(lang), reasonText(lang, err)))
			}
		case ErrorCode(err) == EINVALID && strings.Contains(ErrorMessage(err), "ambiguous"),
			ErrorCode(err) == EINVALID && strings.Contains(ErrorMessage(err), "several documents"),
			len(b.s.Documents()) > 1:
			return text(KindNoMatch, lang, sprintf(wCannot.in(lang), reasonText(lang, err)))
		}
		return text(KindNoMatch, lang, b.explainClause(ctx, lang, arg))
	}
	b.setReading(ctx, chatKey(c.platform, c.chat), cl.DocID, cl.Ref) // the document and clause the chat is reading now
	r := Reply{Kind: KindClause, Lang: lang}
	if cl.Lead != "" {
		r.Blocks = append(r.Blocks, Block{Kind: TextBlock, Text: leadLine(cl.Lead)})
	}
	r.Blocks = append(r.Blocks, Block{Kind: ClauseBlock, Text: cl.Text, Ref: cl.Ref, Doc: docLine(cl)})
	r.Blocks = append(r.Blocks, versionBlocks(cl, lang)...)
	at := cl // the clause whose neighbours the buttons show
	if art, ok := articleOfPart(cl.Ref); ok {
		// A paragraph or an item: its article's neighbours (a trial's
		// "/clause ч. 2 ст. 65" had no buttons at all).
		if a, err := b.s.Clause(ctx, art); err == nil {
			at = a
		}
	}
	sec := sectionRef(at)
	list, err := b.s.Section(ctx, sec)
	if err != nil {
		return r // the clause itself is the answer; neighbours are a convenience
	}
	for i, x := range list {
		if x.Ref != at.Ref {
			continue
		}
		// At a section's first or last clause, the buttons go on into
		// the section before or after, as "上一条"/"下一条" do (a trial's
		// 网络安全法 第十四条, the last of 第一章, had no 第十五条 ▶): see
		// neighbour.
		prev, _ := b.neighbour(ctx, at, -1)
		next, _ := b.neighbour(ctx, at, 1)
		if prev != "" && prev != at.Ref {
			r.Buttons = append(r.Buttons, Button{Label: "◀ " + prev, Data: b.clauseData(lang, prev)})
		}
		if next != "" && next != at.Ref {
			r.Buttons = append(r.Buttons, Button{Label: next + " ▶", Data: b.clauseData(lang, next)})
		}
		r.Buttons = append(r.Buttons, Button{Label: wWholeSection.in(lang), Data: b.sectionData(lang, sec, i/sectionPageSize)})
		break
	}
	return r
}

// maxSkippedShown bounds the files not loaded that /sources names.
const maxSkippedShown = 10

// sources lists the loaded documents.
func (b *Bot) sources(c call) Reply {
	lang := c.lang
	docs := b.s.Documents()
	if len(docs) == 0 {
		return text(KindSources, lang, wNoDocs.in(lang))
	}
	r := Reply{Kind: KindSources, Lang: lang, Blocks: []Block{{Kind: TextBlock, Text: wSourcesHead.in(lang)}}}
	for i, d := range docs {
		date := d.Date
		if date == "" {
			date = wNoDate.in(lang)
		}
		line := sprintf(wSourceLine.in(lang), date, sourceSections(lang, d), nClause.count(lang, d.Clauses))
		if d.Effective != "" {
			// The date it takes effect, which a document without a date
			// of its own often states (a trial's 办法 was "日期：不详",
			// 施行 2025-03-01).
			line += sprintf(wEffective.in(lang), d.Effective)
		}
		if len(docs) > 1 {
			// How to name it in a reference (/clause hague:Article 5): a
			// trial found no way to learn it in chat.
			line += sprintf(wSourceID.in(lang), shortDocName(docs, d.ID))
		}
		lines := []string{strconv.Itoa(i+1) + ". " + docTitle(d), line}
		if d.Truncated {
			last := "?"
			if s := d.Sections; len(s) > 0 {
				last = s[len(s)-1].Label
			}
			lines = append(lines, sprintf(wTruncNote.in(lang), last))
		}
		r.Blocks = append(r.Blocks, Block{Kind: TextBlock, Text: strings.Join(lines, "\n")})
	}
	if sl, ok := b.s.(SkipLister); ok {
		// The files not loaded, with why: a chat's users could not tell
		// a document they expected was missing (a trial's broken.pdf,
		// empty.docx). At most maxSkippedShown, then how many more.
		if sk := sl.Skipped(); len(sk) > 0 {
			lines := []string{sprintf(wSkippedHead.in(lang), len(sk))}
			for i, f := range sk {
				if i == maxSkippedShown {
					lines = append(lines, "…")
					break
				}
				lines = append(lines, "• "+f.File+": "+strings.TrimPrefix(f.Reason, "skipped: "))
			}
			r.Blocks = append(r.Blocks, Block{Kind: TextBlock, Text: strings.Join(lines, "\n")})
		}
	}
	if len(docs) == 1 {
		for _, s := range docs[0].Sections {
			// The outermost sections: a chapter's button shows its 节 too,
			// and 第一节 alone named no chapter (a trial's 网络安全法 had
			// 第七章 crowded out by its 节).
			if s.Label == PreambleLabel || s.Depth > 0 || len(r.Buttons) >= 8 {
				continue
			}
			label := sectionName(lang, s.Label)
			r.Buttons = append(r.Buttons, Button{Label: label, Data: b.sectionData(lang, s.Label, 0)})
		}
	}
	return r
}

// help says what the bot can do, with example questions from the loaded
// documents; the examples are also buttons that ask them.
func (b *Bot) help(ctx context.Context, c call, group bool) Reply {
	lang := c.lang
	r := Reply{Kind: KindHelp, Lang: lang}
	r.Blocks = append(r.Blocks, Block{Kind: TextBlock, Text: wIntro.in(lang)})
	lines := []string{wCommands.in(lang)}
	section, clause := b.helpExamples(ctx, lang)
	for _, cmd := range Commands(lang) {
		usage := "/" + cmd.Name
		if cmd.Usage != "" {
			usage += " " + cmd.Usage
		}
		desc := cmd.Description
		if section != "" {
			// The examples Commands gives are the seed's ("/section 2",
			// "/clause 2.12"): with other documents, ones they have (a
			// trial's /help offered the seed's over 15 laws and treaties).
			desc = reSectionExample().ReplaceAllString(desc, "/section "+section)
			desc = reClauseExample().ReplaceAllString(desc, "/clause "+clause)
		}
		lines = append(lines, usage+" — "+desc)
	}
	r.Blocks = append(r.Blocks, Block{Kind: TextBlock, Text: strings.Join(lines, "\n")})
	if ex := b.examples(ctx, lang); len(ex) > 0 {
		lines := []string{wTryExamples.in(lang)}
		for _, e := range ex {
			lines = append(lines, "• "+e)
			r.Buttons = append(r.Buttons, Button{Label: e, Data: b.askData(lang, e)})
		}
		r.Blocks = append(r.Blocks, Block{Kind: TextBlock, Text: strings.Join(lines, "\n")})
	}
	hint := wJustAsk.in(lang)
	if group {
		hint = wGroupAsk.in(lang)
	}
	r.Blocks = append(r.Blocks, Block{Kind: TextBlock, Text: hint})
	return r
}

// reload runs Options.Reload for an admin. To anyone else /reload does not
// exist, so it is not advertised.
func (b *Bot) reload(ctx context.Context, c call) Reply {
	if b.opts.Reload == nil || !b.admins[string(c.platform)+":"+c.user] {
		return text(KindError, c.lang, sprintf(wUnknownCmd.in(c.lang), "/reload"))
	}
	oldDocs, oldClauses := b.corpusSize()
	rep, err := b.opts.Reload(ctx)
	if err != nil {
		b.logf(ctx, slog.LevelError, "reload failed", slog.String("platform", string(c.platform)), slog.String("user", c.user), slog.Any("err", err))
		why := err.Error()
		if ErrorReason(err).Kind != ReasonNone {
			why = reasonText(c.lang, err) // the files not loaded, in the admin's language
		}
		return text(KindError, c.lang, sprintf(wCannot.in(c.lang), why))
	}
	b.logf(ctx, slog.LevelInfo, "reloaded", slog.String("platform", string(c.platform)), slog.String("user", c.user),
		slog.String("summary", rep.Summary), slog.Any("skipped", rep.Skipped))
	summary := rep.Summary
	if c.lang != English {
		// Options.Reload summarises in English, for the log; the admin
		// reads the counts in the conversation's language.
		summary = b.reloadSummary(c.lang, oldDocs, oldClauses)
	}
	if len(rep.Skipped) > 0 {
		summary += listSep(c.lang) + sprintf(wSkippedFiles.in(c.lang), nFile.count(c.lang, len(rep.Skipped)), fileList(c.lang, rep.Skipped))
	}
	return text(KindNotice, c.lang, sprintf(wReloaded.in(c.lang), summary))
}

// listSep separates the parts of a summary in lang: "; ", or "；".
func listSep(lang Lang) string {
	if lang == Chinese {
		return "；"
	}
	return "; "
}

// fileList names the first maxSkippedNamed files in lang, and counts
// the rest: "a.pdf, b.txt, c.doc and 2 more".
func fileList(lang Lang, files []string) string {
	sep := ", "
	if lang == Chinese {
		sep = "、"
	}
	if len(files) <= maxSkippedNamed {
		return strings.Join(files, sep)
	}
	return sprintf(wAndMore.in(lang), strings.Join(files[:maxSkippedNamed], sep), len(files)-maxSkippedNamed)
}

// corpusSize counts the loaded documents and their clauses.
func (b *Bot) corpusSize() (docs, clauses int) {
	for _, d := range b.s.Documents() {
		docs++
		clauses += d.Clauses
	}
	return docs, clauses
}

// reloadSummary says in lang what is loaded now and what was before, with
// the number of warnings the documents raised, if any: "1个文件，共70条
// （之前：1个文件，共68条）".
func (b *Bot) reloadSummary(lang Lang, oldDocs, oldClauses int) string {
	docs, clauses := b.corpusSize()
	s := sprintf(wReloadCounts.in(lang), nDocument.count(lang, docs), nClause.count(lang, clauses),
		nDocument.count(lang, oldDocs), nClause.count(lang, oldClauses))
	warnings := 0
	for _, d := range b.s.Documents() {
		warnings += len(d.Warnings)
	}
	if warnings > 0 {
		s += listSep(lang) + nWarning.count(lang, warnings)
	}
	return s
}

// sectionName names a section in a heading: "第二部分"/"Section 二" for a
// bare number, the label itself for one that says what it is ("第一章",
// "Chapter VII", "Глава 2").
func sectionName(lang Lang, label string) string {
	if _, ok := ParseSectionNumber(label); ok || label == PreambleLabel {
		switch lang {
		case Chinese:
			return "第" + label + "部分"
		case Russian:
			return "Раздел " + label
		}
		return "Section " + label
	}
	return label
}

// explainSection says why a section is missing: a gap in the numbering, a
// truncated document, or no such section at all. ok is false when the
// section does exist, so the caller reports the Searcher's error instead.
func (b *Bot) explainSection(lang Lang, arg string) (string, bool) {
	docs := b.s.Documents()
	if len(docs) == 0 {
		return wNoDocs.in(lang), true
	}
	d, label := pickDoc(docs, arg)
	title, list := docTitle(d), sectionList(lang, d)
	n, ok := ParseSectionNumber(label)
	if !ok {
		return sprintf(wNoSuchSect.in(lang), quote(label), title, list), true
	}
	var lower, upper *SectionInfo
	var lowerN, upperN int
	for i := range d.Sections {
		s := &d.Sections[i]
		sn, ok := ParseSectionNumber(s.Label)
		if !ok || s.Label == PreambleLabel {
			continue
		}
		switch {
		case sn == n:
			return "", false
		case sn < n && sn > lowerN:
			lower, lowerN = s, sn
		case sn > n && (upper == nil || sn < upperN):
			upper, upperN = s, sn
		}
	}
	shown := label
	if ref := lower; ref != nil || upper != nil {
		if ref == nil {
			ref = upper
		}
		shown = labelLike(n, label, ref.Label)
	}
	switch {
	case lower != nil && upper != nil:
		return sprintf(wGap.in(lang), title, shown, lower.Label, upper.Label), true
	case lower != nil && d.Truncated:
		return sprintf(wTruncated.in(lang), title, d.Sections[len(d.Sections)-1].Label, shown), true
	case lower != nil:
		return sprintf(wPastEnd.in(lang), title, shown, lower.Label), true
	}
	return sprintf(wNoSuchSect.in(lang), quote(label), title, list), true
}

// clauseArgRE splits a typed clause reference into section and number.
var clauseArgRE = lazyre.New(`^(.+?)\s*[.·．\s]\s*(\d+)$`)

// explainClause says why a clause reference found nothing.
func (b *Bot) explainClause(ctx context.Context, lang Lang, arg string) string {
	bad := sprintf(wBadClause.in(lang), quote(arg), b.clauseExample(ctx, lang))
	prefix, rest := "", arg
	if p, r, ok := strings.Cut(arg, ":"); ok {
		prefix, rest = p+":", r
	}
	if _, ok := ParseSectionNumber(strings.TrimSpace(rest)); ok {
		// "/clause 五": a section's number, which a truncated document
		// may not reach: said as /section 五 says it.
		if msg, ok := b.explainSection(lang, arg); ok {
			return msg
		}
	}
	m := clauseArgRE().FindStringSubmatch(strings.TrimSpace(rest))
	if m == nil {
		return bad
	}
	if cl, err := b.s.Section(ctx, prefix+m[1]); err == nil && len(cl) > 0 {
		return sprintf(wNoSuchClause.in(lang), arg, cl[0].Section, cl[0].DocTitle, nClause.count(lang, len(cl)))
	}
	if msg, ok := b.explainSection(lang, prefix+m[1]); ok {
		return msg
	}
	return bad
}

// pickDoc finds the document a reference names ("doc:二") or the default
// one, and returns the rest of the reference.
func pickDoc(docs []Document, ref string) (Document, string) {
	if p, rest, ok := strings.Cut(ref, ":"); ok {
		for _, d := range docs {
			if d.ID == p {
				return d, strings.TrimSpace(rest)
			}
		}
	}
	return docs[0], strings.TrimSpace(ref)
}

// labelLike writes section number n in the numbering style of like, so
// "/section 5" on a Chinese document talks about section 五.
func labelLike(n int, typed, like string) string {
	if _, ok := ParseChineseNumeral(like); ok {
		return ChineseNumeral(n)
	}
	if _, ok := ParseRomanNumeral(like); ok && like[0] < 0x80 {
		if strings.ToLower(like) == like {
			return strings.ToLower(RomanNumeral(n))
		}
		return RomanNumeral(n)
	}
	return typed
}

func (b *Bot) defaultDoc() Document {
	if docs := b.s.Documents(); len(docs) > 0 {
		return docs[0]
	}
	return Document{}
}

func (b *Bot) sectionInfo(docID, label string) (SectionInfo, bool) {
	for _, d := range b.s.Documents() {
		if d.ID != docID {
			continue
		}
		for _, s := range d.Sections {
			if s.Label == label {
				return s, true
			}
		}
	}
	return SectionInfo{}, false
}

func docTitle(d Document) string {
	if d.Title != "" {
		return d.Title
	}
	return d.ID
}

// sourceSections names a document's sections for /sources: those of
// sectionList, after the preamble (section 0) when the document has one,
// as the CLI's sources lists it.
func sourceSections(lang Lang, d Document) string {
	list := sectionList(lang, d)
	for _, s := range d.Sections {
		if s.Label != PreambleLabel {
			continue
		}
		if list == "" {
			return wPreamble.in(lang)
		}
		sep := ", "
		if lang == Chinese {
			sep = "、"
		}
		return wPreamble.in(lang) + sep + list
	}
	return list
}

// sectionList names a document's sections: "一, 二, 四".
func sectionList(lang Lang, d Document) string {
	var labels []string
	for _, s := range d.Sections {
		if s.Label != PreambleLabel {
			labels = append(labels, s.Label)
		}
	}
	sep := ", "
	if lang == Chinese {
		sep = "、"
	}
	return strings.Join(labels, sep)
}

// exampleSection is the label of the default document's largest section,
// the most useful one to suggest browsing.
func (b *Bot) exampleSection() string {
	best := SectionInfo{Label: "1"}
	for _, s := range b.defaultDoc().Sections {
		if s.Label != PreambleLabel && s.Clauses > best.Clauses {
			best = s
		}
	}
	return best.Label
}

// exampleSectionFor is a section reference that exists, as the user would
// type it, for a reply in lang: the largest section of the first document
// in that language (else of the first document), with the document's ID
// in front when several are loaded ("网络安全法-2016-11-07:第三章").
func (b *Bot) exampleSectionFor(lang Lang) string {
	docs := b.s.Documents()
	if len(docs) < 2 {
		return b.exampleSection()
	}
	// The document in the asker's language with the shortest name to
	// type, and its largest section.
	var d *Document
	name := ""
	for i := range docs {
		x := &docs[i]
		if x.Lang != string(lang) && d != nil {
			continue
		}
		n := shortDocName(docs, x.ID)
		if d == nil || d.Lang != string(lang) && x.Lang == string(lang) || utf8.RuneCountInString(n) < utf8.RuneCountInString(name) {
			d, name = x, n
		}
	}
	best := SectionInfo{}
	for _, s := range d.Sections {
		if s.Label != PreambleLabel && s.Clauses > best.Clauses {
			best = s
		}
	}
	if best.Label == "" {
		return b.exampleSection()
	}
	return name + ":" + best.Label
}

// shortDocName is the shortest way to name document id in a reference:
// its id up to the first "-" (网络安全法 for 网络安全法-2016-11-07) when no
// other document's id starts so, the whole id otherwise. (The Searcher
// takes a unique start of an id as the document.)
func shortDocName(docs []Document, id string) string {
	head, _, found := strings.Cut(id, "-")
	if !found || utf8.RuneCountInString(head) < 2 {
		return id
	}
	for _, d := range docs {
		if d.ID != id && strings.HasPrefix(strings.ToLower(d.ID), strings.ToLower(head)) {
			return id
		}
	}
	return head
}

// clauseExample is a clause reference for a usage message: with several
// documents, one that names its document, as /help gives it
// (helpExamples; a trial's /clause alone suggested "/clause DEEL V.12",
// a section of one treaty's Dutch text), else exampleRef.
func (b *Bot) clauseExample(ctx context.Context, lang Lang) string {
	if _, clause := b.helpExamples(ctx, lang); clause != "" && len(b.s.Documents()) > 1 {
		return clause
	}
	return b.exampleRef()
}

// exampleRef is a clause reference that exists, for usage messages.
func (b *Bot) exampleRef() string {
	label := b.exampleSection()
	n := 1
	if info, ok := b.sectionInfo(b.defaultDoc().ID, label); ok {
		n = max(1, min(12, info.Clauses))
	}
	return label + "." + strconv.Itoa(n)
}

func (b *Bot) exampleQuestion(ctx context.Context, lang Lang) string {
	if ex := b.examples(ctx, lang); len(ex) > 0 {
		return ex[0]
	}
	return "…"
}

// maxExamples is the number of example questions help shows.
const maxExamples = 3

// examples picks example questions from the loaded documents in the
// language lang (a Document.Lang code), or from all of them when none is
// in lang: a short phrase from clauses of different sections, asked the
// way a person would ask it, in the phrase's own language ("关于…有什么
// 规定？", "What does it say about …?"; see askAbout), each checked to
// find its own clause first, so every example works. A Chinese greeting
// over Chinese and English documents gets Chinese examples, an English
// one English examples. They are chosen once per set of documents and
// language.
func (b *Bot) examples(ctx context.Context, lang Lang) []string {
	all := b.s.Documents()
	var docs []Document
	for _, d := range all {
		if d.Lang == string(lang) {
			docs = append(docs, d)
		}
	}
	if len(docs) == 0 {
		docs = all
	}
	var key strings.Builder
	for _, d := range all {
		key.WriteString(d.ID + "/" + strconv.Itoa(d.Clauses) + ";")
	}
	b.exMu.Lock()
	defer b.exMu.Unlock()
	if b.exKey != key.String() {
		b.exKey, b.exList = key.String(), map[Lang][]string{}
	}
	if ex, ok := b.exList[lang]; ok {
		return ex
	}
	multi := len(all) > 1
	type cand struct {
		phrase string
		ref    string
		score  int
	}
	var perSection [][]cand
	for di, d := range docs {
		if di >= maxExamples {
			break
		}
		for _, s := range d.Sections {
			ref := s.Label
			if multi {
				ref = d.ID + ":" + s.Label
			}
			if s.Label == PreambleLabel {
				continue
			}
			cl, err := b.s.Section(ctx, ref)
			if err != nil {
				continue
			}
			var cs []cand
			for _, c := range cl {
				if m := ruArticleTitleRE().FindStringSubmatch(c.Text); m != nil && len(strings.Fields(m[1])) <= 8 && wellCut(m[1]) {
					// A Russian article's title ("Статья 1112. Наследство")
					// is a topic in the nominative, which the phrases cut
					// from its text seldom are ("обладавшего имуществом на
					// территории …" was a trial's example).
					cs = append(cs, cand{m[1], c.Ref, 200})
				}
				for _, p := range phrases(c.Text) {
					if sc := phraseScore(p); sc > 0 {
						cs = append(cs, cand{p, c.Ref, sc})
					}
				}
			}
			sort.SliceStable(cs, func(i, j int) bool { return cs[i].score > cs[j].score })
			perSection = append(perSection, cs)
		}
	}
	var out []string
	tries := 0
	for round := 0; round < 3 && len(out) < maxExamples; round++ {
		for _, cs := range perSection {
			if len(out) >= maxExamples || tries >= 4*maxExamples || round >= len(cs) {
				continue
			}
			c := cs[round]
			tries++
			q := askAbout(c.phrase)
			if slices.Contains(out, q) {
				continue // the same words in two places (a document and its copy)
			}
			res, err := b.s.Search(ctx, Query{Text: q, Limit: 1})
			if err != nil || len(res.Hits) == 0 || res.Hits[0].Ref != c.ref {
				continue
			}
			out = append(out, q)
		}
	}
	if out == nil {
		out = []string{}
	}
	b.exList[lang] = out
	return out
}

// ruArticleTitleRE is a Russian article's heading line and its title.
var ruArticleTitleRE = lazyre.New(`^Статья[\s\x{00a0}]+[0-9.¹²³⁴⁵⁶⁷⁸⁹]+\.?[\s\x{00a0}]+([^\n()]{3,80}?)\.?\n`)

// itemNumberRE matches an item's or article's number at the start of a
// phrase ("4. ", "6.1. ", "16¹. ", "(a) ", "1) ", "第五条 "), which is not
// part of what anyone would ask. Documents separate the number with a
// space or a no-break space.
var itemNumberRE = lazyre.New(`^Статья[\s\x{00a0}]+[0-9.¹²³⁴⁵⁶⁷⁸⁹]+\.?[\s\x{00a0}]+|^\(?[0-9]{1,3}(?:\.[0-9]{1,3})*[¹²³⁴⁵⁶⁷⁸⁹]*[.)][\s\x{00a0}]+|^\([a-zа-я]{1,2}\)[\s\x{00a0}]+|^[a-zа-я]\)[\s\x{00a0}]*|^第[一二三四五六七八九十百千零〇两0-9]+条(?:之[一二三四五六七八九十]+)?[\s\x{00a0}\x{3000}]*`)

// phrases cuts clause text at clause punctuation and line breaks into
// candidate examples: a clause's title, its paragraphs and items are
// separate lines, and an example runs across none of them.
func phrases(text string) []string {
	parts := strings.FieldsFunc(text, func(r rune) bool {
		return r == '\n' || r == '\r' || strings.ContainsRune("，。；：！？,;:!?", r)
	})
	out := parts[:0]
	for _, p := range parts {
		p = strings.TrimLeft(strings.TrimSpace(p), "——-— \t")
		p = strings.TrimRight(strings.TrimSpace(p), ".")
		p = strings.TrimSpace(itemNumberRE().ReplaceAllString(p, ""))
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// phraseScore rates a phrase as an example question: short but specific,
// with no brackets or quotes to type; 0 means unusable.
func phraseScore(p string) int {
	if strings.ContainsAny(p, "《》（）()“”\"「」[]") {
		return 0
	}
	han, words := 0, len(strings.Fields(p))
	for _, r := range p {
		if unicode.Is(unicode.Han, r) {
			han++
		}
	}
	if han > 0 {
		n := utf8.RuneCountInString(p)
		if n < 6 || n > 16 || strings.HasPrefix(p, "双方") {
			return 0
		}
		return 100 - 5*abs(n-10)
	}
	if words < 3 || words > 10 || !wellCut(p) {
		return 0
	}
	return 100 - 5*abs(words-6)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// maxChoices is the number of candidates one "which did you mean?" reply
// offers as buttons; the others are a page button away. With the two page
// buttons a reply has at most 10, within Slack's 25 elements of an actions
// block and Telegram's 100 buttons of an inline keyboard.
const maxChoices = 8

// inCurrentDoc returns arg, a section (sections) or clause reference that
// names no document and is in several, prefixed with the chat's current
// document ("网络安全法-2016-11-07:第二章"), when that document has it: the
// chat reading 网络安全法 means its 第二章. ok is false otherwise.
//
// With choices (the documents that have arg as typed, in its numbering
// style), the current document wins only when it is one of them: "/clause
// Article 22" while reading a Chinese law, with English treaties that
// have an Article 22, asks which of those.
func (b *Bot) inCurrentDoc(ctx context.Context, c call, arg string, sections bool, choices []string) (string, bool) {
	if c.press || strings.ContainsAny(arg, ":：") {
		return "", false
	}
	doc := b.currentDoc(ctx, c)
	if doc == "" {
		return "", false
	}
	if len(choices) > 0 && !slices.ContainsFunc(choices, func(ch string) bool { return strings.HasPrefix(ch, doc+":") }) {
		return "", false
	}
	ref := doc + ":" + arg
	if sections {
		cl, err := b.s.Section(ctx, ref)
		return ref, err == nil && len(cl) > 0
	}
	_, err := b.s.Clause(ctx, ref)
	return ref, err == nil
}

// which shows page pg of the candidates of the ambiguous reference arg
// (a "More choices" button of sayWhich).
func (b *Bot) which(ctx context.Context, c call, arg string, sections bool, pg int) Reply {
	var err error
	if sections {
		_, err = b.s.Section(ctx, arg)
	} else {
		_, err = b.s.Clause(ctx, arg)
	}
	if ErrorCode(err) == EINTERNAL {
		return b.errorReply(ctx, c, "which", err)
	}
	choices := ErrorChoices(err)
	if len(choices) == 0 {
		return text(KindNotice, c.lang, wExpired.in(c.lang)) // the documents changed under the button
	}
	return b.sayWhich(ctx, c, arg, choices, sections, pg)
}

// sayWhich asks, in the user's language, which of several sections or
// clauses a reference meant, with a button for each candidate on page pg
// (maxChoices a page; the chat's current document's first), buttons to
// the other pages, and, when the candidates are in several documents, how
// to name one's document when typing ("/section 网络安全法:第二章").
func (b *Bot) sayWhich(ctx context.Context, c call, arg string, choices []string, sections bool, pg int) Reply {
	lang := c.lang
	if cur := b.currentDoc(ctx, c); cur != "" {
		choices = slices.Clone(choices)
		slices.SortStableFunc(choices, func(x, y string) int {
			return boolInt(!strings.HasPrefix(x, cur+":")) - boolInt(!strings.HasPrefix(y, cur+":"))
		})
	}
	pages := (len(choices) + maxChoices - 1) / maxChoices
	pg = min(max(pg, 0), pages-1)
	from, to := pg*maxChoices, min((pg+1)*maxChoices, len(choices))
	msg := sprintf(wSayWhich.in(lang), quote(arg))
	if pages > 1 {
		msg = sprintf(wSayWhichPage.in(lang), quote(arg), len(choices), from+1, to)
	}
	docs := b.s.Documents()
	if ex := typedChoice(docs, choices, lang); ex != "" {
		cmd := "/clause "
		if sections {
			cmd = "/section "
		}
		msg += "\n" + sprintf(wTypeDoc.in(lang), cmd+ex)
	}
	r := text(KindNoMatch, lang, msg)
	for _, ch := range choices[from:to] {
		data := b.clauseData(lang, ch)
		if sections {
			data = b.sectionData(lang, ch, 0)
		}
		label := ch
		if id, rest, ok := strings.Cut(ch, ":"); ok && len(docs) > 1 {
			label = shortDocName(docs, id) + ":" + rest
		}
		r.Buttons = append(r.Buttons, Button{Label: label, Data: data})
	}
	if pg > 0 {
		r.Buttons = append(r.Buttons, Button{Label: wPrevPage.in(lang), Data: b.whichData(lang, sections, pg-1, arg)})
	}
	if pg < pages-1 {
		r.Buttons = append(r.Buttons, Button{Label: wNextPage.in(lang), Data: b.whichData(lang, sections, pg+1, arg)})
	}
	return r
}

// typedChoice is one of choices ("网络安全法-2016-11-07:第二章") as a user
// would type it, with the document's short name ("网络安全法:第二章"): of a
// document in the chat's language lang if one is among them, the shortest
// to type. It is "" when the choices name no documents.
func typedChoice(docs []Document, choices []string, lang Lang) string {
	docLang := map[string]string{}
	for _, d := range docs {
		docLang[d.ID] = d.Lang
	}
	best, bestIn := "", false
	for _, ch := range choices {
		id, label, ok := strings.Cut(ch, ":")
		if !ok || len(docs) < 2 {
			return ""
		}
		typed := shortDocName(docs, id) + ":" + label
		in := docLang[id] == string(lang)
		if best == "" || in && !bestIn || in == bestIn && utf8.RuneCountInString(typed) < utf8.RuneCountInString(best) {
			best, bestIn = typed, in
		}
	}
	return best
}

func boolInt(v bool) int {
	if v {
		return 1
	}
	return 0
}

var (
	reSectionExample = lazyre.New(`/section (?:2|二)\b`)
	reClauseExample  = lazyre.New(`/clause (?:2|二)\.12\b`)
)

// helpExamples are a section and a clause reference the loaded documents
// have, as a user would type them ("hague:CHAPTER II",
// "hague:Article 5"), for /help's command list; "" and "" when the
// examples Commands gives (the seed's 二 and 二.12) exist, as with the
// seed alone.
func (b *Bot) helpExamples(ctx context.Context, lang Lang) (section, clause string) {
	docs := b.s.Documents()
	if len(docs) < 2 {
		if _, err := b.s.Clause(ctx, "2.12"); err == nil {
			return "", ""
		}
	}
	section = b.exampleSectionFor(lang)
	cls, err := b.s.Section(ctx, section)
	if err != nil || len(cls) == 0 {
		return "", ""
	}
	clause = cls[0].Ref
	if id, ref, ok := strings.Cut(clause, ":"); ok && len(docs) > 1 {
		clause = shortDocName(docs, id) + ":" + ref
	}
	return section, clause
}
