package index

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"

	"clausebot/bot"
	"clausebot/internal/lazyre"
)

// Questions that cite a division above the article: "网络安全法第六章讲什么",
// "What does Chapter 2 of the Hague Convention say?", "О чём глава 6
// Водного кодекса?". Word overlap cannot find a chapter (its number is in
// no clause's words: the first of these got 第六条), so the citation is
// read like an article's (see citedRef) and looked up as /section would
// (Index.lookup). A question that asks nothing else gets the section's
// clauses in order; one that asks about something in it ("网络安全法第六章
// 对侵害个人信息的行为怎么处罚") is searched within the section, on its words
// without the citation.

var (
	// reSecZh: 第六章, 第6章, 第三章第二节, 第二编, 第二部分.
	reSecZh = lazyre.New(`第\s*(` + cnNum + `|\d+|[IVXLC]+)\s*(章|节|编|部分)(?:\s*第\s*(` + cnNum + `|\d+)\s*节)?`)
	// reSecEn: Chapter 2, chapter II, Part IV, Section 3, chapter 3
	// section 2.
	reSecEn = lazyre.New(`(?i)\b(chapter|part|section)\s+(\d+|[ivxlc]+)\b(?:,?\s+section\s+(\d+|[ivxlc]+)\b)?`)
	// reSecRu: глава 5, в главе 5, главу 6, раздел II (Go's \b is ASCII
	// only, so the boundaries are spelled out).
	reSecRu = lazyre.New(`(?i)(?:^|[^\p{L}])(глав(?:а|е|у|ы|ой)|раздел(?:а|е|ом)?)\s+(\d+|[ivxlc]+)(?:$|[^\p{L}\p{N}])`)
)

// citedSection returns the section a question cites, typed as a section
// reference ("第六章", "第三章 第二节", "Chapter 2", "Part IV", "Глава 5"),
// and the question with the citation removed; ok is false when it cites
// none, or when it cites an article (citedRef), which is more precise:
// "网络安全法第六章第五十九条" is that article.
func citedSection(q string) (ref, rest string, ok bool) {
	if _, _, art := citedRef(q); art {
		return "", q, false
	}
	if !strings.Contains(q, "第") && strings.IndexFunc(q, func(r rune) bool { return unicode.IsLetter(r) && !unicode.Is(unicode.Han, r) }) < 0 {
		// reSecZh needs 第, the others a Latin or Cyrillic word (full
		// width too): most questions cite no section.
		return "", q, false
	}
	q = norm.NFKC.String(width.Narrow.String(q)) // 第６章, Chapter ２, 第Ⅱ部分
	if m := reSecZh().FindStringSubmatchIndex(q); m != nil {
		ref = "第" + q[m[2]:m[3]] + q[m[4]:m[5]]
		if m[6] >= 0 {
			ref += " 第" + q[m[6]:m[7]] + "节"
		}
		return ref, q[:m[0]] + " " + q[m[1]:], true
	}
	if m := reSecEn().FindStringSubmatchIndex(q); m != nil {
		kind := strings.ToLower(q[m[2]:m[3]])
		ref = strings.ToUpper(kind[:1]) + kind[1:] + " " + strings.ToUpper(q[m[4]:m[5]])
		if m[6] >= 0 {
			ref += " Section " + strings.ToUpper(q[m[6]:m[7]])
		}
		return ref, q[:m[0]] + " " + q[m[1]:], true
	}
	if m := reSecRu().FindStringSubmatchIndex(q); m != nil {
		kind := "Глава"
		if strings.HasPrefix(strings.ToLower(q[m[2]:m[3]]), "раздел") {
			kind = "Раздел"
		}
		return kind + " " + strings.ToUpper(q[m[4]:m[5]]), q[:m[2]] + " " + q[m[5]:], true
	}
	return "", q, false
}

// sectionAskWords are what a question asking for a whole section says
// besides its citation and its document's name: 讲什么, 主要内容, "summarise
// …", "What is in …", "о чём", "содержание". Alphabetic words as stems.
var sectionAskWords = toSet(
	"内容", "主要", "讲", "讲了", "讲的", "说", "说了", "规定", "关于", "哪些", "概括", "总结", "简述", "介绍",
	"summar", "summaris", "summariz", "content", "overview", "outlin", "in",
	"содержани", "кратк", "чем", "чём",
)

// sectionQuestion reads a question citing a section (see citedSection).
// The section is looked for in the documents the question names
// (namedDocs), else in doc (the chat's current document, "" for none) when
// it has one, else in every document. It returns:
//   - whole: the section's clauses in document order, when the question
//     asks nothing besides the citation, its document's name and
//     sectionAskWords; with the section in several documents, the first
//     clause of each, so the asker sees the candidates (as citedClauses
//     does for an article);
//   - in and rest: otherwise, the clauses of the section(s) and the
//     question analysed without its citation, for Search to rank within;
//   - err: the lookup's ENOTFOUND error (with its bot.Reason) when the
//     question names one document and it has no such section
//     ("网络安全法第十章讲什么").
//
// All are zero when the question cites no section or no document has it.
func (x *Index) sectionQuestion(ct, doc string) (whole []int, in map[int]bool, rest question, err error) {
	ref, restText, ok := citedSection(ct)
	if !ok {
		return nil, nil, question{}, nil
	}
	bare := "" // the number alone, for a part or section (see below)
	if n, ok := strings.CutPrefix(ref, "Part "); ok {
		bare = n
	} else if n, ok := strings.CutPrefix(ref, "Section "); ok {
		bare = n
	} else if n, ok := strings.CutSuffix(ref, "部分"); ok && !strings.Contains(n, " ") {
		bare = strings.TrimPrefix(n, "第")
	}
	var named map[*document]bool
	if mayNameDocument(strings.ToLower(ct)) {
		named = x.namedDocs(ct)
	}
	if named == nil {
		named = x.kindNamed(restText) // "通知第二部分讲什么": the one notice
	}
	cands := x.docs
	if named != nil {
		cands = nil
		for _, d := range x.docs {
			if named[d] {
				cands = append(cands, d)
			}
		}
	}
	var found []*section
	var docs []*document
	var lastErr, curErr error
	var cur *document
	for _, d := range cands {
		prefix := ""
		if x.multi {
			prefix = d.ID + ":"
		}
		t, err := x.lookup(prefix+ref, true)
		if err != nil && bare != "" {
			// 第二部分, Part 2, section 2 of a document numbered 一、二 …
			// with no kind word (the seed): its section 二.
			t2, err2 := x.lookup(prefix+bare, true)
			if err2 == nil {
				t, err = t2, nil
			} else if bot.ErrorCode(err2) == bot.ENOTFOUND {
				err = err2 // its reason says why 五 is missing (truncated, skipped)
			}
		}
		if named == nil && d.ID == doc {
			cur, curErr = d, err
		}
		if err != nil || t.sec == nil || len(t.sec.clauses) == 0 {
			lastErr = err
			continue
		}
		found = append(found, t.sec)
		docs = append(docs, d)
	}
	// The documents numbered in the citation's style hold it (第二章 is a
	// Chinese document's, Глава 2 a Russian one's, Part 3 an English
	// one's), when any does; the document the chat is reading wins among
	// them. Only when none has it is it read in another style (第二章 as
	// the Глава 2 of the one document with it, a version's chapter).
	style := refStyle(ref)
	labels := make([]string, len(found))
	for i, s := range found {
		labels[i] = s.Label
	}
	if keep := keepStyle(labels, style); len(keep) < len(found) {
		var fs []*section
		var ds []*document
		for _, k := range keep {
			fs, ds = append(fs, found[k]), append(ds, docs[k])
		}
		found, docs = fs, ds
	}
	if cur != nil {
		if i := slices.Index(docs, cur); i >= 0 {
			found, docs = found[i:i+1], docs[i:i+1]
		} else if curErr != nil && x.docHasStyle(cur, style, true) {
			// The document the chat is reading, numbered so, lacks it
			// ("а глава 8?" after the Водный кодекс's Глава 6): said so,
			// as for an article (a trial got other documents' 第八章).
			return nil, nil, question{}, curErr
		}
	}
	if len(found) == 0 && len(cands) == 1 && (named != nil || len(x.docs) == 1) && lastErr != nil {
		// The document named, or the only one loaded (the seed's 第五部分:
		// it is truncated in 四), lacks it: said so.
		return nil, nil, question{}, lastErr
	}
	if len(found) == 0 {
		return nil, nil, question{}, nil
	}
	found, docs = oneVersion(found, docs, bot.ScriptLang(ct))
	rest = x.analyzeQuestion(restText)
	if x.onlyNames(rest, restText, docs) {
		if len(found) == 1 {
			return found[0].clauses, nil, question{}, nil
		}
		if i := pickNamed(rest, docs); i >= 0 {
			// "What does Chapter 2 of the handbook say?": the one
			// document whose title holds a word of the question.
			return found[i].clauses, nil, question{}, nil
		}
		// "第六章讲什么" with no document named or read: which one? (as
		// /section asks, with a choice for each)
		e := bot.Errorf(bot.EINVALID, "%q is in several documents; say which: %s", ref, strings.Join(secRefs(docs, found), ", "))
		e.Reason = bot.Reason{Kind: bot.ReasonSeveralDocuments, Ref: ref}
		for _, d := range docs {
			e.Reason.List = append(e.Reason.List, d.ID)
		}
		e.Choices = secRefs(docs, found)
		return nil, nil, question{}, e
	}
	in = map[int]bool{}
	for _, s := range found {
		for _, c := range s.clauses {
			in[c] = true
		}
	}
	return nil, in, rest, nil
}

// oneVersion keeps one section per document of a version group, the one
// in lang when there is one (else the first), as citedClauses keeps one
// article: the language versions of one document are not several
// documents to choose from ("第一章讲什么" over agreement.zh/.ru/.en
// asked which of the three).
func oneVersion(secs []*section, docs []*document, lang string) ([]*section, []*document) {
	var outS []*section
	var outD []*document
	groups := map[string]int{} // a version group → its index in out
	for i, d := range docs {
		if d.VersionOf != "" {
			if k, ok := groups[d.VersionOf]; ok {
				if d.Lang == lang && outD[k].Lang != lang {
					outS[k], outD[k] = secs[i], d
				}
				continue
			}
			groups[d.VersionOf] = len(outD)
		}
		outS, outD = append(outS, secs[i]), append(outD, d)
	}
	return outS, outD
}

// secRefs are the sections' references as /section takes them ("doc:第六章").
func secRefs(docs []*document, secs []*section) []string {
	out := make([]string, len(secs))
	for i, s := range secs {
		out[i] = docs[i].ID + ":" + s.Label
	}
	return out
}

// onlyCitation reports whether a question citing an article (citedRef)
// asks nothing besides the citation and the name of a cited clause's
// document: its answer is the cited articles alone.
func (x *Index) onlyCitation(ct string, cited []int) bool {
	_, rest, ok := citedRef(ct)
	if !ok {
		return false
	}
	var docs []*document
	for _, i := range cited {
		docs = append(docs, x.clauses[i].doc)
	}
	rq := x.analyzeQuestion(rest)
	if x.onlyRussianName(rq, ct) {
		return true
	}
	return x.onlyNames(rq, rest, docs)
}

// onlyRussianName reports whether every content word of q (a citing
// question without its citation) is a word of the Russian law names the
// question cites: "статья 4 закона об иностранных инвестициях" asks for
// the article alone, though no title holds the name's words when it is a
// Chinese or English law (docsForNames).
func (x *Index) onlyRussianName(q question, ct string) bool {
	var stems []string
	for _, n := range citedNames(ct) {
		if n.russian() {
			for _, w := range strings.Fields(strings.ToLower(n.name)) {
				stems = append(stems, x.ruStemIn(stem(w)))
			}
		}
	}
	if len(stems) == 0 || len(q.units) == 0 {
		return false
	}
	for _, u := range q.units {
		if !u.word || !slices.Contains(stems, u.text) && !sectionAskWords[u.text] {
			return false
		}
	}
	return true
}

// onlyNames reports whether every content unit of q (a question without
// its section citation) is a word of one of docs' titles, of the name the
// question gives one of them (namedByWordsOnly) or of sectionAskWords.
func (x *Index) onlyNames(q question, text string, docs []*document) bool {
	titles, words := x.docTitles()
	var byWords *document
	checked := false
	for _, u := range q.units {
		if sectionAskWords[u.text] {
			continue
		}
		ok := false
		for k, d := range x.docs {
			for _, e := range docs {
				if e != d {
					continue
				}
				if u.word {
					_, ok = slices.BinarySearch(words[k], u.text)
				} else {
					ok = strings.Contains(titles[k], u.text)
				}
			}
			if ok {
				break
			}
		}
		if !ok {
			if !checked {
				byWords, checked = x.namedByWordsOnly(q, text), true
			}
			if byWords == nil {
				return false
			}
			for _, d := range docs {
				ok = ok || d == byWords
			}
			if !ok {
				return false
			}
		}
	}
	return true
}

// kindWordsZh, kindWordsEn and kindStemsRu are the words that say what
// kind of document one is (a notice, a regulation, a law), as its title
// ends with them (Chinese) or holds them (English words, Russian stems).
// Words a question uses otherwise are left out: 规定 and 决定 are verbs
// ("第二章规定了什么"), "notice" and "order" everyday nouns, положения
// "provisions".
var (
	kindWordsZh = []string{"通知", "办法", "条例", "细则", "公约", "协定", "章程", "通告", "公告"}
	kindWordsEn = toSet("regulation", "regulations", "law", "act", "convention", "treaty", "protocol", "agreement", "charter", "directive", "statute", "decree")
	kindStemsRu = []string{"закон", "кодекс", "конвенц", "соглашен", "протокол", "постановлен"}
)

// kindNamed returns the documents a question names by their kind alone
// ("通知第二部分讲什么" with one notice loaded, "Part 3 of the regulation"),
// when it names a kind some but not all loaded documents are; nil
// otherwise.
func (x *Index) kindNamed(q string) map[*document]bool {
	q = strings.ToLower(q)
	qWords := strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) })
	out := map[*document]bool{}
	for _, d := range x.docs {
		title := strings.ToLower(d.Title)
		tWords := strings.FieldsFunc(title+" "+strings.ToLower(d.ID), func(r rune) bool { return !unicode.IsLetter(r) })
		zhTitle := strings.TrimRight(strings.Map(func(r rune) rune {
			if unicode.Is(unicode.Han, r) {
				return r
			}
			return ' '
		}, d.Title), " ")
		for _, w := range kindWordsZh {
			if strings.Contains(q, w) && strings.HasSuffix(zhTitle, w) {
				out[d] = true
			}
		}
		for _, w := range qWords {
			if kindWordsEn[w] && slices.Contains(tWords, w) {
				out[d] = true
			}
			for _, st := range kindStemsRu {
				if strings.HasPrefix(w, st) && slices.ContainsFunc(tWords, func(t string) bool { return strings.HasPrefix(t, st) }) {
					out[d] = true
				}
			}
		}
	}
	if len(out) == 0 || len(out) == len(x.docs) {
		return nil
	}
	return out
}

// pickNamed returns the index of the one document of docs whose title or
// file name holds a content word of the question that none of the others
// holds ("What does Chapter 2 of the handbook say?" beside a convention
// with a CHAPTER II: the Team Handbook), or -1 when none or several do. A
// trial was asked to say which, having said it. Alphabetic words are
// compared by stem, Chinese ones of two or more characters as written.
func pickNamed(q question, docs []*document) int {
	pick := -1
	for i, d := range docs {
		title := strings.ToLower(d.Title + " " + strings.ReplaceAll(d.ID, "-", " ") + " " + d.File)
		var stems []string
		for _, w := range strings.FieldsFunc(title, func(r rune) bool { return !unicode.IsLetter(r) }) {
			stems = append(stems, stem(w))
		}
		held := false
		for _, u := range q.units {
			if u.word && !isFiller(u.text) && slices.Contains(stems, u.text) || !u.word && utf8.RuneCountInString(u.text) > 1 && strings.Contains(title, u.text) {
				held = true
				break
			}
		}
		if held {
			if pick >= 0 {
				return -1
			}
			pick = i
		}
	}
	return pick
}
