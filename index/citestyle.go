package index

import (
	"strings"
	"unicode"
)

// A citation is written in one document language's numbering style:
// 第五条 and 第二章 are how Chinese documents number, Статья 5 and Глава 2
// how Russian ones do, Article 5, Chapter 2 and Part 3 how English ones
// do. References match across styles (第二章 is Глава 2 is Chapter 2:
// one document's language versions, a document cited in another
// language), but where several documents have what a citation names, the
// ones numbered in its style are meant: "О чём глава 2?" is the Russian
// law's Глава 2, not a Chinese 办法's 第二章; only when none of them is
// numbered so is another style's read (refStyle, keepStyle).

// refStyle returns the numbering style a reference or citation is written
// in: "zh" for one with Han characters (第五条, 第二章, 二（一）), "ru" for
// Cyrillic (Статья 5, Глава 2), "en" for Latin words (Article 5, Part 3);
// "" for digits and Roman numerals alone (5, II, 3(a)), which any
// document numbers.
func refStyle(ref string) string {
	latin := false
	for _, w := range strings.FieldsFunc(ref, func(r rune) bool { return !unicode.IsLetter(r) }) {
		for _, r := range w {
			switch {
			case unicode.Is(unicode.Han, r):
				return "zh"
			case unicode.Is(unicode.Cyrillic, r):
				return "ru"
			}
		}
		if !romanOnly(w) {
			latin = true
		}
	}
	if latin {
		return "en"
	}
	return ""
}

// romanOnly reports whether a word is a Roman numeral or a single letter
// (an item's "a"): no style of its own.
func romanOnly(w string) bool {
	if len(w) <= 1 {
		return true
	}
	return strings.Trim(strings.ToLower(w), "ivxlcdm") == ""
}

// keepStyle returns the indexes of refs (the references found for a
// citation, one per candidate) written in style, when style is set and
// some are but not all; every index otherwise.
func keepStyle(refs []string, style string) []int {
	var same, all []int
	for i, r := range refs {
		all = append(all, i)
		if style != "" && refStyle(r) == style {
			same = append(same, i)
		}
	}
	if len(same) == 0 {
		return all
	}
	return same
}

// docHasStyle reports whether document d numbers its sections (sections)
// or clauses in style: one of their labels or references is written so.
func (x *Index) docHasStyle(d *document, style string, sections bool) bool {
	if style == "" {
		return false
	}
	for _, s := range d.sections {
		if sections {
			if refStyle(s.Label) == style {
				return true
			}
			continue
		}
		for _, i := range s.clauses {
			if refStyle(strings.TrimPrefix(x.clauses[i].Ref, d.ID+":")) == style {
				return true
			}
		}
	}
	return false
}

// inStyle keeps, of targets found in several documents for the reference
// typed, those whose own reference is in the typed one's style (see
// keepStyle): "/section Глава 2" is the Russian law's, not also a Chinese
// document's 第二章. Targets in one document, or in the versions of one,
// are kept as they are.
func (x *Index) inStyle(found []target, typed string) []target {
	several, versions := false, found[0].doc.VersionOf != ""
	refs := make([]string, len(found))
	for i, f := range found {
		several = several || f.doc != found[0].doc
		versions = versions && f.doc.VersionOf == found[0].doc.VersionOf
		refs[i] = f.ref()
	}
	if !several || versions {
		// One document, or the language versions of one: /section 第二章
		// over them offers each version's (the chat's asker is shown
		// theirs, oneVersion).
		return found
	}
	keep := keepStyle(refs, refStyle(typed))
	if len(keep) == len(found) {
		return found
	}
	out := make([]target, len(keep))
	for i, k := range keep {
		out[i] = found[k]
	}
	return out
}
