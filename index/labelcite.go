package index

import (
	"strings"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"

	"clausebot/bot"
	"clausebot/internal/lazyre"
)

// Questions that are, or hold, a label reference of a document numbered
// by outline rather than by article: a government opinion's 二（一）2
// (part 二, its point （一）, item 2), the seed's 二·12, "2.12". Typed in
// a chat or to `clausebot ask`, the reference was read as words: 二（一）2
// got 两用物项出口管制条例's 第十二条 (its 二 and 2), the seed's own 二·12
// an abstention. Only a label with structure is read so (a part and its
// point or paragraph): a lone 二 or （一） is too common in text to mean a
// reference.

// reLabelRef matches a structured outline label: 二（一）2, 二、（一）, 二(一),
// 二·12, 二.12, 2.12 (the ASCII and full-width dots as the middle dot).
var reLabelRef = lazyre.New(`(?:^|[^0-9A-Za-z])((?:` + cnNum + `)、?\s*[（(]\s*(?:` + cnNum + `)\s*[）)]\s*\d{0,3}|(?:` + cnNum + `|\d{1,2})\s*[·．.]\s*\d{1,3})(?:$|[^0-9A-Za-z.·．])`)

// citedLabel returns the label reference a question holds, in the form
// the documents print it (二（一）2, 二·12), and the question without it.
func citedLabel(q string) (ref, rest string, ok bool) {
	q = norm.NFKC.String(width.Widen.String(q))
	q = norm.NFC.String(width.Narrow.String(q))
	m := reLabelRef().FindStringSubmatchIndex(q)
	if m == nil {
		return "", q, false
	}
	return normLabel(q[m[2]:m[3]]), q[:m[2]] + " " + q[m[3]:], true
}

// normLabel types a label as references print it: full-width brackets,
// no enumeration comma or spaces, a middle dot between part and
// paragraph.
func normLabel(s string) string {
	return strings.NewReplacer("、", "", " ", "", "(", "（", ")", "）", ".", "·", "．", "·").Replace(s)
}

// labelQuestion reads a question holding a label reference (citedLabel).
// The label is looked up (Index.lookup, as /clause and /section do) in
// the documents the question names (namedDocs), else in doc (the chat's
// current document) when it has it, else in every document; a document
// whose reference prints as the label exactly (二（一）2 as 二（一）2, not
// a paragraph 二·1 read from （一）) is preferred to one that matched it
// loosely. It returns:
//   - whole: the clause or the section's clauses, when the question asks
//     nothing besides the label, a document's name and sectionAskWords;
//   - in and rest: the section's clauses and the question without the
//     label, for Search to rank within, when it asks about something in
//     the section;
//   - err: EINVALID with the choices (bot.ReasonSeveralDocuments) when
//     the label is in several documents and the question names none.
//
// All are zero when the question holds no label or no document has it.
func (x *Index) labelQuestion(ct, doc string) (whole []int, in map[int]bool, rest question, err error) {
	ref, restText, ok := citedLabel(ct)
	if !ok {
		return nil, nil, question{}, nil
	}
	var named map[*document]bool
	if mayNameDocument(strings.ToLower(ct)) {
		named = x.namedDocs(ct)
	}
	type hit struct {
		d     *document
		t     target
		exact bool
	}
	var hits []hit
	for _, d := range x.docs {
		if named != nil && !named[d] {
			continue
		}
		prefix := ""
		if x.multi {
			prefix = d.ID + ":"
		}
		t, err := x.lookup(prefix+ref, false) // a clause: 二（一）2
		if err != nil || normLabel(t.ref()) != ref {
			if ts, errs := x.lookup(prefix+ref, true); errs == nil && (err != nil || normLabel(ts.ref()) == ref) {
				t, err = ts, nil // a section: 二（一）
			}
		}
		if err != nil {
			continue
		}
		hits = append(hits, hit{d, t, normLabel(t.ref()) == ref})
	}
	exact := hits[:0:0]
	for _, h := range hits {
		if h.exact {
			exact = append(exact, h)
		}
	}
	if len(exact) > 0 {
		hits = exact
	}
	if len(hits) > 1 && named == nil {
		// "城市更新 二（一）2": the documents whose titles the question
		// names most (titleAffinity), as citedClauses ranks them.
		best, aff := 0, make([]int, len(hits))
		for i, h := range hits {
			aff[i] = titleAffinity(restText, h.d)
			best = max(best, aff[i])
		}
		if best >= 2 { // one shared character is chance (了, 是)
			var keep []hit
			for i, h := range hits {
				if aff[i] == best {
					keep = append(keep, h)
				}
			}
			hits = keep
		}
	}
	for _, h := range hits {
		if h.d.ID == doc && named == nil {
			hits = []hit{h} // the document the chat is reading
			break
		}
	}
	if len(hits) == 0 {
		// A question that is nothing but the label ("二·13", "2.12说了什么")
		// no document has: said so, as /clause says it, rather than
		// answered with the clauses holding its numbers (a trial got the
		// plant treaty's Article 12 for 二·12).
		if len(x.analyzeQuestion(restText).units) > 0 || len(citedNames(ct)) > 0 {
			return nil, nil, question{}, nil
		}
		var one *document
		for _, d := range x.docs {
			if named == nil || named[d] {
				if one != nil {
					one = nil
					break
				}
				one = d
			}
		}
		if one != nil {
			prefix := ""
			if x.multi {
				prefix = one.ID + ":"
			}
			if _, err := x.lookup(prefix+ref, false); bot.ErrorCode(err) == bot.ENOTFOUND {
				return nil, nil, question{}, err // its reason: past the section's last clause, truncated …
			}
		}
		e := bot.Errorf(bot.ENOTFOUND, "no loaded document has a clause %s", ref)
		e.Reason = bot.Reason{Kind: bot.ReasonNoSuchClause, Ref: ref}
		return nil, nil, question{}, e
	}
	units := func(h hit) []int {
		if h.t.sec != nil && len(h.t.sec.clauses) > 0 {
			return h.t.sec.clauses
		}
		return []int{h.t.unit}
	}
	var docs []*document
	for _, h := range hits {
		docs = append(docs, h.d)
	}
	rest = x.analyzeQuestion(restText)
	if x.onlyNames(rest, restText, docs) {
		if len(hits) == 1 {
			return units(hits[0]), nil, question{}, nil
		}
		var choices []string
		e := bot.Errorf(bot.EINVALID, "%q is in several documents; say which", ref)
		e.Reason = bot.Reason{Kind: bot.ReasonSeveralDocuments, Ref: ref}
		for _, h := range hits {
			choices = append(choices, h.d.ID+":"+h.t.ref())
			e.Reason.List = append(e.Reason.List, h.d.ID)
		}
		e.Choices = choices
		e.Message += ": " + strings.Join(choices, ", ")
		return nil, nil, question{}, e
	}
	in = map[int]bool{}
	for _, h := range hits {
		for _, u := range units(h) {
			in[u] = true
		}
	}
	return nil, in, rest, nil
}
