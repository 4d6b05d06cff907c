package index

import (
	"sort"
	"strings"
)

// keyed is a unit or sub-unit a reference can name, as document.byKey
// keeps it: its target with the component lists as numbers in
// Index.comps, sorted by the key of the last component of base. A target
// is 88 bytes and the map of slices of them that byKey was cost about 130
// bytes a clause at 100k clauses (BenchmarkScale's heap profile); this is
// 20, in one sorted array per document with no pointer for the GC to
// follow (with the key as a string it was 40: 19 MB of the 1M-clause
// reopen's live heap).
type keyed struct {
	unit, sub int32
	needs     int32
	anc, base int32 // into Index.comps
}

// keyOf returns the key of e's last component; comps is Index.comps (or
// the interner's table while an indexBuilder runs).
func keyOf(comps [][]comp, e keyed) string {
	b := comps[e.base]
	return b[len(b)-1].key
}

// targets appends to out the targets of d whose last component's key is k.
func (x *Index) targets(d *document, k string, out []target) []target {
	i := sort.Search(len(d.byKey), func(i int) bool { return keyOf(x.comps, d.byKey[i]) >= k })
	for ; i < len(d.byKey) && keyOf(x.comps, d.byKey[i]) == k; i++ {
		e := d.byKey[i]
		out = append(out, target{doc: d, unit: int(e.unit), sub: int(e.sub), needs: int(e.needs), anc: x.comps[e.anc], base: x.comps[e.base]})
	}
	return out
}

// interner makes one copy of each distinct reference component list (and
// of each component string) for all documents: most are the same from
// document to document (第一条, 第一章, 二 …), and each document's parse
// (from the parse cache, a decoded copy per document) is garbage once the
// index is made. At 100k generated clauses the lists were 140 bytes a
// clause.
type interner struct {
	strs  map[string]string
	ids   map[string]int32 // a list's encoding (see comps) → its number in table
	table [][]comp
	buf   strings.Builder
}

func newInterner() *interner {
	return &interner{strs: map[string]string{}, ids: map[string]int32{}}
}

// str returns the one copy of s.
func (n *interner) str(s string) string {
	if t, ok := n.strs[s]; ok {
		return t
	}
	n.strs[s] = s
	return s
}

// id returns the number in table of a list equal to cs, adding it if
// needed.
func (n *interner) id(cs []comp) int32 {
	n.buf.Reset()
	for _, c := range cs {
		n.buf.WriteByte(c.k)
		n.buf.WriteByte(c.style)
		n.buf.WriteString(c.key)
		n.buf.WriteByte(0)
		n.buf.WriteString(c.label)
		n.buf.WriteByte(0)
		n.buf.WriteString(c.title)
		n.buf.WriteByte(0)
	}
	enc := n.buf.String()
	if id, ok := n.ids[enc]; ok {
		return id
	}
	out := make([]comp, len(cs))
	for i, c := range cs {
		out[i] = comp{k: c.k, style: c.style, key: n.str(c.key), label: n.str(c.label), title: n.str(c.title)}
	}
	id := int32(len(n.table))
	n.table = append(n.table, out)
	n.ids[enc] = id
	return id
}

// comps returns the one copy of a list equal to cs.
func (n *interner) comps(cs []comp) []comp { return n.table[n.id(cs)] }

// newKeyed returns t as document.byKey keeps it, given the numbers of
// its lists in the interner's table.
func newKeyed(t target, anc, base int32) keyed {
	return keyed{unit: int32(t.unit), sub: int32(t.sub), needs: int32(t.needs), anc: anc, base: base}
}
