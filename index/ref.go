package index

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"clausebot/bot"
)

// refSeps separate a section from a clause number in a typed reference:
// "二·12", "二.12", "二 12", "二、12", "二-12", "二/12", "二#12". Full-width
// forms are folded first.
const refSeps = "·・•.。 、-/#"

// parsedRef is a reference as typed, split but not yet resolved.
type parsedRef struct {
	doc     string // "" when not given
	section string
	clause  int // 0 for a section reference
}

// foldRef folds full-width characters and spaces in a typed reference.
func foldRef(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		r = foldRune(r)
		if unicode.IsSpace(r) {
			r = ' '
		}
		b.WriteRune(r)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// splitDoc splits off a "doc:" prefix.
func splitDoc(s string) (doc, rest string) {
	if i := strings.IndexAny(s, ":："); i > 0 {
		return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+len(string([]rune(s[i:])[0])):])
	}
	return "", s
}

// parseClauseRef splits "doc:二·12" into its parts.
func parseClauseRef(ref string) (parsedRef, error) {
	s := foldRef(ref)
	if s == "" {
		return parsedRef{}, bot.Errorf(bot.EINVALID, "empty reference: give one like 二·12 or 2.12")
	}
	doc, rest := splitDoc(s)
	i := strings.LastIndexAny(rest, refSeps)
	if i <= 0 {
		return parsedRef{}, bot.Errorf(bot.EINVALID, "%q is not a clause reference: give the section and the clause number, like 二·12 or 2.12", ref)
	}
	sec := strings.TrimRight(strings.TrimSpace(rest[:i]), refSeps)
	num := strings.TrimSpace(rest[i+len(string([]rune(rest[i:])[0])):])
	n, ok := parseNumber(num)
	if !ok || sec == "" {
		return parsedRef{}, bot.Errorf(bot.EINVALID, "%q is not a clause reference: give the section and the clause number, like 二·12 or 2.12", ref)
	}
	if n < 1 {
		return parsedRef{}, bot.Errorf(bot.EINVALID, "clause numbers start at 1 (got %q)", ref)
	}
	return parsedRef{doc: doc, section: sec, clause: n}, nil
}

// parseNumber reads a clause number: Arabic or Chinese ("12", "十二").
// Zero and negative numbers are read too, so the caller can say that
// clause numbers start at 1; Roman numerals are not, since no document
// numbers its paragraphs that way. A run of Chinese digits without a zero
// ("一二") is ambiguous and not read (see bot.ParseChineseNumeral).
func parseNumber(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	return bot.ParseChineseNumeral(s)
}

// sectionValue reads a typed section as a number: "2", "二", "II", "ii",
// "Ⅱ", "第二部分"; "0" is the preamble. A user typing a reference may use
// either case for a Roman numeral, unlike a heading (see heading).
func sectionValue(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	if n, ok := bot.ParseSectionNumber(s); ok {
		return n, true
	}
	if m := reOrdinal.FindStringSubmatch(s); m != nil {
		return bot.ParseSectionNumber(m[1])
	}
	return 0, false
}

// docSections are the sections a reference resolved to, with their
// documents.
type docSection struct {
	doc *document
	sec *section
}

// findSection resolves a section within the named document, or across all
// documents. A label as printed wins over a number ("2" finds 二).
func (x *Index) findSection(doc, sec, ref string) (docSection, error) {
	docs := x.docs
	if doc != "" {
		docs = nil
		for _, d := range x.docs {
			if strings.EqualFold(d.ID, doc) {
				docs = []*document{d}
			}
		}
		if docs == nil {
			return docSection{}, bot.Errorf(bot.ENOTFOUND, "no document %q: the documents are %s", doc, x.docIDs())
		}
	}
	var exact, byValue []docSection
	v, hasValue := sectionValue(sec)
	for _, d := range docs {
		for i := range d.sections {
			s := &d.sections[i]
			switch {
			case strings.EqualFold(s.Label, sec):
				exact = append(exact, docSection{d, s})
			case hasValue && s.value == v && (v > 0 || s.Label == bot.PreambleLabel),
				// Unnumbered (Markdown) headings answer to their position.
				hasValue && v > 0 && s.value == 0 && s.kind == kindMarkdown && s.ordinal == v:
				byValue = append(byValue, docSection{d, s})
			}
		}
	}
	found := exact
	if len(found) == 0 {
		found = byValue
	}
	// One match per document: the first (a repeated label warns at load).
	var uniq []docSection
	seen := map[*document]bool{}
	for _, f := range found {
		if !seen[f.doc] {
			seen[f.doc] = true
			uniq = append(uniq, f)
		}
	}
	switch {
	case len(uniq) == 1:
		return uniq[0], nil
	case len(uniq) > 1:
		var opts []string
		for _, f := range uniq {
			opts = append(opts, f.doc.ID+":"+f.sec.Label)
		}
		return docSection{}, bot.Errorf(bot.EINVALID, "%q is in several documents; say which: %s", ref, strings.Join(opts, ", "))
	}
	if len(docs) == 1 {
		d := docs[0]
		msg := fmt.Sprintf("there is no section %s in %s (its sections are %s)", sec, d.Title, sectionLabels(d))
		maxv := 0
		for _, s := range d.sections {
			maxv = max(maxv, s.value)
		}
		switch {
		case hasValue && v > maxv && d.Truncated:
			msg += fmt.Sprintf("; the document is truncated: its text ends in section %s", d.sections[len(d.sections)-1].Label)
		case hasValue && v > 0 && v < maxv:
			msg += "; the document's numbering skips it"
		}
		return docSection{}, bot.Errorf(bot.ENOTFOUND, "%s", msg)
	}
	return docSection{}, bot.Errorf(bot.ENOTFOUND, "no document has a section %s", sec)
}

func sectionLabels(d *document) string {
	ls := make([]string, len(d.sections))
	for i, s := range d.sections {
		ls[i] = s.Label
	}
	return strings.Join(ls, ", ")
}

func (x *Index) docIDs() string {
	ids := make([]string, len(x.docs))
	for i, d := range x.docs {
		ids[i] = d.ID
	}
	return strings.Join(ids, ", ")
}

// Clause returns the clause a reference names: "二·12", "二.12", "2.12",
// "二 12", full-width forms, "II.3", and with several documents
// "doc:二·12". An unknown reference is ENOTFOUND; a malformed one EINVALID.
func (x *Index) Clause(ctx context.Context, ref string) (bot.Clause, error) {
	p, err := parseClauseRef(ref)
	if err != nil {
		return bot.Clause{}, err
	}
	ds, err := x.findSection(p.doc, p.section, ref)
	if err != nil {
		return bot.Clause{}, err
	}
	if p.clause > len(ds.sec.clauses) {
		return bot.Clause{}, bot.Errorf(bot.ENOTFOUND, "section %s of %s has %d clauses; there is no clause %d", ds.sec.Label, ds.doc.Title, len(ds.sec.clauses), p.clause)
	}
	return x.clauses[ds.sec.clauses[p.clause-1]].Clause, nil
}

// Section returns the clauses of a section: "二", "2", "II", "0" (the
// preamble), or "doc:二".
func (x *Index) Section(ctx context.Context, ref string) ([]bot.Clause, error) {
	s := foldRef(ref)
	if s == "" {
		return nil, bot.Errorf(bot.EINVALID, "empty section: give one like 二 or 2")
	}
	doc, sec := splitDoc(s)
	if sec == "" {
		return nil, bot.Errorf(bot.EINVALID, "%q names no section: give one like 二 or 2", ref)
	}
	ds, err := x.findSection(doc, sec, ref)
	if err != nil {
		return nil, err
	}
	out := make([]bot.Clause, len(ds.sec.clauses))
	for i, ci := range ds.sec.clauses {
		out[i] = x.clauses[ci].Clause
	}
	return out, nil
}
