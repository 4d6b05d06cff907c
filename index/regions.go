package index

import (
	_ "embed"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// A bilateral document (the seed is a Sino-Russian communiqué) answers about
// its parties only: "中国和日本在卫星导航上有合作吗" matched the communiqué's
// 中俄卫星导航 clause on its specific words, though the question is about
// Japan, which no document mentions. A question that names a country the
// documents never mention gets no answer from a document about two or more
// other countries. A law or a multilateral treaty, which names one country
// or none again and again, still answers it: "日本企业在中国投资要遵守什么" is
// a question for 外商投资法.

//go:generate go run ./internal/genregions -out dict/regions.txt
//go:embed dict/regions.txt
var regionsFile string

// region is a country as the documents and questions may name it: its
// Chinese name, and the Snowball stems of its one-word English and Russian
// names, space-separated (made by genregions).
type region struct {
	zh    string
	stems string
}

// regions parses the embedded table on first use; its strings are slices
// of the embedded text (a one-shot ask pays one allocation).
var regions = sync.OnceValue(func() []region {
	out := make([]region, 0, 300)
	for rest := regionsFile; rest != ""; {
		var l string
		l, rest, _ = strings.Cut(rest, "\n")
		if strings.HasPrefix(l, "#") {
			continue
		}
		_, l, _ = strings.Cut(l, "\t") // code
		zh, stems, ok := strings.Cut(l, "\t")
		if ok {
			out = append(out, region{zh: zh, stems: stems})
		}
	}
	return out
})

// hasStem reports whether r's stems hold s.
func (r region) hasStem(s string) bool {
	for w := range strings.FieldsSeq(r.stems) {
		if w == s {
			return true
		}
	}
	return false
}

// namedRegions returns the regions a question names: its Chinese words and
// chains equal to a Chinese name, its alphabetic words to a name's stem.
func namedRegions(q question) []int {
	var out []int
	for i, r := range regions() {
		for _, u := range q.units {
			if u.word && r.hasStem(u.text) || !u.word && u.text == r.zh {
				out = append(out, i)
				break
			}
		}
		for _, c := range q.chains {
			if c.text == r.zh && (len(out) == 0 || out[len(out)-1] != i) {
				out = append(out, i)
			}
		}
	}
	return out
}

// mentioned reports whether any clause may name region r: its Chinese
// name's characters (bigrams) or one of its stems occur in the corpus.
func (x *Index) mentioned(r region) bool {
	if utf8.RuneCountInString(r.zh) >= 2 && x.unitDF(unit{text: r.zh}) > 0 {
		return true
	}
	for s := range strings.FieldsSeq(r.stems) {
		if x.df[s] > 0 {
			return true
		}
	}
	return false
}

// Thresholds for a document's parties (see parties): named in at least
// partyMinClauses clauses and partyMinShare of all its clauses. The seed
// names 俄罗斯 in 11 of its 102 clauses and 中国 in 5; 外商投资法 names 中国 in 13
// of 79; the Hague Convention names the Netherlands (its depositary) in 2
// of 620 and the Geneva Convention six countries once each.
const (
	partyMinClauses = 3
	partyMinShare   = 0.02
)

// docRegions is what a document says about countries (see parties).
type docRegions struct {
	parties  []int  // the countries it is about
	mentions []bool // by region: named in at least one clause
}

// parties returns the countries a document is about (indexes into
// regions()): those it names (as words, see containsWord) in at least
// partyMinClauses clauses and partyMinShare of its clauses.
func (x *Index) parties(d *document) []int { return x.regionsOf(d).parties }

// regionsOf counts, once per document on the first question that needs
// it (one naming a country), which countries it names and how often, and
// keeps the result.
func (x *Index) regionsOf(d *document) docRegions {
	if dr, ok := x.partyCount.Load(d); ok {
		return dr.(docRegions)
	}
	var idx []int
	for _, s := range d.sections {
		idx = append(idx, s.clauses...)
	}
	dr := docRegions{parties: []int{}, mentions: make([]bool, len(regions()))}
	for ri, r := range regions() {
		if !x.mentioned(r) {
			continue
		}
		k := 0
		for _, i := range idx {
			c := &x.clauses[i]
			if utf8.RuneCountInString(r.zh) >= 2 && strings.Contains(c.Text, r.zh) && containsWord(normalizeString(c.Text), r.zh) {
				k++
				continue
			}
			for s := range strings.FieldsSeq(r.stems) {
				if _, ok := slices.BinarySearch(c.words, s); ok {
					k++
					break
				}
			}
		}
		dr.mentions[ri] = k > 0
		if k >= partyMinClauses && float64(k) >= partyMinShare*float64(len(idx)) {
			dr.parties = append(dr.parties, ri)
		}
	}
	x.partyCount.Store(d, dr)
	return dr
}

// partyUnits marks, for a candidate clause, the question's units that name
// a party of the clause's document (see parties): a bilateral document is
// about both its parties in every clause, mostly without naming them
// (中俄, 双方, 两国), so "中国和俄罗斯在海关方面有什么合作" is about 海关 there,
// not about the clauses that happen to spell out both names. nil when no
// unit names a party.
func (x *Index) partyUnits(named [][]int, i int) []bool {
	if named == nil {
		return nil
	}
	d := x.docOf(i)
	if d == nil {
		return nil
	}
	dr := x.regionsOf(d)
	ps := dr.parties
	var out []bool
	for u, rs := range named {
		for _, r := range rs {
			// A country the document never names, asked about a
			// document that is not about two countries (those do not
			// answer it, see dropOthers), beside two or more other
			// words: a circumstance, not what is asked ("Наследство
			// гражданина Германии" is about inheritance).
			absent := len(ps) < 2 && !dr.mentions[r]
			if slices.Contains(ps, r) || absent && len(named) >= 3 {
				if out == nil {
					out = make([]bool, len(named))
				}
				out[u] = true
			}
		}
	}
	return out
}

// unitRegions returns, for each unit of a question, the regions it names;
// nil when it names none.
func unitRegions(q question) [][]int {
	var out [][]int
	for ri, r := range regions() {
		for u, un := range q.units {
			if un.word && r.hasStem(un.text) || !un.word && un.text == r.zh {
				if out == nil {
					out = make([][]int, len(q.units))
				}
				out[u] = append(out[u], ri)
			}
		}
	}
	return out
}

// namesAbsentCountry reports whether a question names a country no
// document mentions.
func (x *Index) namesAbsentCountry(q question) bool {
	for _, r := range namedRegions(q) {
		if !x.mentioned(regions()[r]) {
			return true
		}
	}
	return false
}

// dropOthers removes the hits from documents about two or more countries
// (see parties), for a question that names a country no document
// mentions: those documents do not answer it. A cited article (score
// +Inf) stays.
func (x *Index) dropOthers(q question, hs []scored) []scored {
	if len(hs) == 0 || !x.namesAbsentCountry(q) {
		return hs
	}
	return slices.DeleteFunc(hs, func(h scored) bool {
		d := x.docOf(h.idx)
		return !math.IsInf(h.score, 1) && d != nil && len(x.parties(d)) >= 2
	})
}

// docOf returns the document clause i belongs to.
func (x *Index) docOf(i int) *document {
	x.docByIDOnce.Do(func() {
		x.docByID = make(map[string]*document, len(x.docs))
		for _, d := range x.docs {
			x.docByID[d.ID] = d
		}
	})
	return x.docByID[x.clauses[i].DocID()]
}
