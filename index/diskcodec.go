package index

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"sync"
	"unsafe"
)

// The parse cache's binary encoding (see parseCache). gob was most of an
// update of one file in 10,000 (BenchmarkDiskFolder): decoding every
// cached parse through reflection, a snapshot type in between, and the
// garbage of both (about 0.2 CPU-s of decoding and as much of GC). This
// encoding is decoded by hand straight into a parsedDoc: its strings are
// substrings of the shard file's bytes, read as one string (no allocation
// per string), and its nodes, units, sections and small slices come from
// a few slabs per document, sized by the entry's header.
//
// A shard file is shardMagic, then its entries, each: the cache key and
// the entry (encodeEntry), each with its length before it (see encoder),
// and a CRC-32C of both (4 bytes, little-endian). An entry whose checksum
// is wrong, a shard that does not decode and an entry that does not are
// cache misses: the file is parsed again.

// shardMagic starts a shard file; a change of the encoding changes it.
const shardMagic = "clausebot-parse-cache 2\n"

// crcTable is made on first use: crc32 builds its Castagnoli tables
// then, and a process that never opens an index folder (a one-shot ask
// on the seed) does not pay 54 KB of start-up heap for them.
var crcTable = sync.OnceValue(func() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) })

var errCorrupt = errors.New("corrupt parse cache entry")

// encoder appends the varint-framed values of the encoding.
type encoder struct{ b []byte }

func (e *encoder) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) int(v int)     { e.b = binary.AppendVarint(e.b, int64(v)) }
func (e *encoder) byte(v byte)   { e.b = append(e.b, v) }
func (e *encoder) str(s string) {
	e.uint(uint64(len(s)))
	e.b = append(e.b, s...)
}

func (e *encoder) comps(cs []comp) {
	e.uint(uint64(len(cs)))
	for _, c := range cs {
		e.byte(c.k)
		e.byte(c.style)
		e.str(c.key)
		e.str(c.label)
		e.str(c.title)
	}
}

// decoder reads what encoder wrote from a string; the first problem
// (running off the end, a length out of range) sticks in err and every
// later read gives zero values.
type decoder struct {
	s   string
	i   int
	err error
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = errCorrupt
	}
	d.i = len(d.s)
}

func (d *decoder) uint() uint64 {
	var v uint64
	for shift := uint(0); shift < 64; shift += 7 {
		if d.i >= len(d.s) {
			d.fail()
			return 0
		}
		c := d.s[d.i]
		d.i++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
	d.fail()
	return 0
}

func (d *decoder) int() int {
	u := d.uint()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	return int(v)
}

// count reads a length of at most what is left of the input (each item
// takes at least one byte), so that a corrupt length never allocates much.
func (d *decoder) count() int {
	n := d.uint()
	if n > uint64(len(d.s)-d.i) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *decoder) byte() byte {
	if d.i >= len(d.s) {
		d.fail()
		return 0
	}
	c := d.s[d.i]
	d.i++
	return c
}

func (d *decoder) str() string {
	n := d.count()
	s := d.s[d.i : d.i+n]
	d.i += n
	return s
}

// take returns n elements from the slab *pool, allocated once per entry
// at the size its header gives (more would be a corrupt entry); the
// result's capacity is n, so an append to it never writes over its
// neighbours.
func take[T any](d *decoder, pool *[]T, n int) []T {
	if n == 0 {
		return nil
	}
	if len(*pool) < n {
		d.fail()
		return nil
	}
	s := (*pool)[:n:n]
	*pool = (*pool)[n:]
	return s
}

// slab allocates a slab of n elements read from an entry's header, no
// more than the entry could hold (a corrupt count fails).
func slab[T any](d *decoder, n uint64) []T {
	if n > uint64(len(d.s)) {
		d.fail()
		return nil
	}
	return make([]T, n)
}

// encodeEntry encodes a cache entry: pd (prepared here), and dkey, the
// key of the document in the index folder (docKey; "" until known).
func encodeEntry(pd *parsedDoc, dkey string) string {
	return string(appendEntry(make([]byte, 0, 1024), pd, dkey))
}

// appendEntry appends encodeEntry(pd, dkey) to b.
func appendEntry(b []byte, pd *parsedDoc, dkey string) []byte {
	pd.prepare()
	e := &encoder{b: b}
	e.str(dkey)
	e.str(pd.file)
	// The head, decoded by itself (see decodeHead): the rest is decoded
	// only just before the document is added.
	e.uint(uint64(len(pd.tree.units)))
	for _, k := range pd.copyKeys {
		e.b = binary.LittleEndian.AppendUint64(e.b, k)
	}
	e.str(pd.lang)
	e.uint(uint64(len(pd.warnings)))
	for _, w := range pd.warnings {
		e.str(w.File)
		e.int(w.Line)
		e.str(w.Msg)
	}
	// The sizes of the decoder's slabs: comps, node pointers, strings,
	// ints, sub-units and edits over the whole document.
	var nComps, nPtrs, nStrs, nInts, nSubs, nEdits int
	for _, u := range pd.tree.units {
		nComps += len(u.base)
		nPtrs += len(u.anc)
		nStrs += len(u.heads)
		nSubs += len(u.subs)
		for _, s := range u.subs {
			nComps += len(s.comps)
		}
	}
	for _, s := range pd.tree.sections {
		nComps += len(s.base)
		nPtrs += len(s.anc)
		nInts += len(s.units)
	}
	for _, es := range pd.edits {
		nEdits += len(es)
	}
	for _, n := range []int{nComps, nPtrs, nStrs, nInts, nSubs, nEdits} {
		e.uint(uint64(n))
	}
	m := pd.meta
	e.str(m.title)
	e.str(m.number)
	e.str(m.date)
	e.str(m.effective)
	e.byte(boolByte(m.truncated))
	e.str(m.versionOf)
	e.str(m.lang)
	// The nodes units and sections point to, numbered as first met.
	ids := map[*node]int{}
	var nodes []*node
	nodeID := func(n *node) int {
		id, ok := ids[n]
		if !ok {
			id = len(nodes)
			ids[n] = id
			nodes = append(nodes, n)
		}
		return id
	}
	t := pd.tree
	for _, u := range t.units {
		for _, n := range u.anc {
			nodeID(n)
		}
	}
	for _, s := range t.sections {
		nodeID(s.node)
		for _, n := range s.anc {
			nodeID(n)
		}
	}
	e.uint(uint64(len(nodes)))
	for _, n := range nodes {
		e.byte(byte(n.kind))
		e.byte(n.ck)
		e.byte(n.style)
		e.str(n.scheme)
		e.str(n.label)
		e.str(n.key)
		e.str(n.title)
		e.int(n.value)
		e.int(n.body)
		e.str(n.text)
	}
	e.uint(uint64(len(t.units)))
	for _, u := range t.units {
		e.str(u.text)
		e.int(u.line)
		e.int(u.page)
		e.comps(u.base)
		e.int(u.needs)
		e.uint(uint64(len(u.anc)))
		for _, n := range u.anc {
			e.uint(uint64(ids[n]))
		}
		e.uint(uint64(len(u.heads)))
		for _, h := range u.heads {
			e.str(h)
		}
		e.str(u.lead)
		e.uint(uint64(len(u.subs)))
		for _, s := range u.subs {
			e.comps(s.comps)
			e.int(s.start)
			e.int(s.end)
		}
		e.str(u.ctx)
	}
	e.uint(uint64(len(t.sections)))
	for _, s := range t.sections {
		e.uint(uint64(ids[s.node]))
		e.comps(s.base)
		e.int(s.needs)
		e.uint(uint64(len(s.anc)))
		for _, n := range s.anc {
			e.uint(uint64(ids[n]))
		}
		e.uint(uint64(len(s.units)))
		for _, ui := range s.units {
			e.int(ui)
		}
		e.int(s.depth)
	}
	for _, es := range pd.edits {
		e.uint(uint64(len(es)))
		for _, ed := range es {
			e.uint(uint64(ed.at))
			e.int(int(ed.r))
		}
	}
	return e.b
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// decodeEntry decodes what encodeEntry wrote (its checksum is checked by
// decodeShard); the strings of the result are substrings of s. The nodes have no parent, children or unit node:
// nothing after parsing walks the tree.
func decodeEntry(s string) (pd *parsedDoc, dkey string, err error) {
	pd, dkey, err = decodeHead(s)
	if err == nil {
		err = pd.decodeBody()
	}
	if err != nil {
		return nil, "", err
	}
	return pd, dkey, nil
}

// decodeHead decodes the head of an entry: the document's file, number
// of units, copyKeys, language and warnings; the rest is kept in
// pd.body, still encoded, for decodeBody (parsedDoc.full), which readDocs
// calls just before the document is added, so that only the documents
// being added are ever decoded. (Decoding every document whole while the
// documents folder was walked, when Load added them only once all were
// read, held the parsed trees of the whole library at once: about 300
// bytes a clause, half the peak heap of a reopen at 1M clauses over its
// live heap, BenchmarkScale's GC trace.) An entry whose rest does not
// decode is parsed again from its file (parsedDoc.reread).
func decodeHead(s string) (pd *parsedDoc, dkey string, err error) {
	d := &decoder{s: s}
	dkey = d.str()
	pd = &parsedDoc{file: d.str(), prepared: true}
	n := d.count()
	if len(s)-d.i < 8*n {
		return nil, "", errCorrupt
	}
	pd.units = n
	pd.copyKeys = make([]uint64, n)
	for i := range pd.copyKeys {
		var k uint64
		for j := 7; j >= 0; j-- {
			k = k<<8 | uint64(s[d.i+j])
		}
		pd.copyKeys[i] = k
		d.i += 8
	}
	pd.lang = d.str()
	if n := d.count(); n > 0 {
		pd.warnings = make([]Warning, n)
		for i := range pd.warnings {
			pd.warnings[i] = Warning{File: d.str(), Line: d.int(), Msg: d.str()}
		}
	}
	if d.err != nil {
		return nil, "", d.err
	}
	pd.body = s[d.i:]
	if pd.body == "" {
		return nil, "", errCorrupt
	}
	return pd, dkey, nil
}

// decodeBody decodes the rest of an entry whose head decodeHead decoded
// (nothing when pd was parsed or is decoded already): its metadata, tree
// and edits.
func (pd *parsedDoc) decodeBody() error {
	if pd.body == "" {
		return nil
	}
	d := &decoder{s: pd.body}
	compPool, ptrPool, strPool := slab[comp](d, d.uint()), slab[*node](d, d.uint()), slab[string](d, d.uint())
	intPool, subPool, editPool := slab[int](d, d.uint()), slab[subUnit](d, d.uint()), slab[normEdit](d, d.uint())
	m := &pd.meta
	m.title, m.number, m.date, m.effective = d.str(), d.str(), d.str(), d.str()
	m.truncated = d.byte() != 0
	m.versionOf, m.lang = d.str(), d.str()
	nodes := make([]node, d.count())
	for i := range nodes {
		n := &nodes[i]
		n.kind, n.ck, n.style = nodeKind(d.byte()), d.byte(), d.byte()
		n.scheme, n.label, n.key, n.title = d.str(), d.str(), d.str(), d.str()
		n.value, n.body = d.int(), d.int()
		n.text = d.str()
	}
	comps := func() []comp {
		cs := take(d, &compPool, d.count())
		for i := range cs {
			cs[i] = comp{k: d.byte(), style: d.byte(), key: d.str(), label: d.str(), title: d.str()}
		}
		return cs
	}
	anc := func() []*node {
		ps := take(d, &ptrPool, d.count())
		for i := range ps {
			id := d.uint()
			if id >= uint64(len(nodes)) {
				d.fail()
				return nil
			}
			ps[i] = &nodes[id]
		}
		return ps
	}
	t := &docTree{}
	if d.count() != pd.units {
		return errCorrupt
	}
	units := make([]docUnit, pd.units)
	t.units = make([]*docUnit, len(units))
	for i := range units {
		u := &units[i]
		t.units[i] = u
		u.text, u.line, u.page = d.str(), d.int(), d.int()
		u.base, u.needs = comps(), d.int()
		u.anc = anc()
		u.heads = take(d, &strPool, d.count())
		for j := range u.heads {
			u.heads[j] = d.str()
		}
		u.lead = d.str()
		if n := d.count(); n > 0 {
			u.subs = take(d, &subPool, n)
			for j := range u.subs {
				u.subs[j] = subUnit{comps: comps(), start: d.int(), end: d.int()}
			}
		}
		u.ctx = d.str()
		if d.err != nil {
			return d.err
		}
	}
	secs := make([]docSection, d.count())
	t.sections = make([]*docSection, len(secs))
	for i := range secs {
		s := &secs[i]
		t.sections[i] = s
		id := d.uint()
		if id >= uint64(len(nodes)) {
			return errCorrupt
		}
		s.node = &nodes[id]
		s.base, s.needs = comps(), d.int()
		s.anc = anc()
		s.units = take(d, &intPool, d.count())
		for j := range s.units {
			s.units[j] = d.int()
		}
		s.depth = d.int()
	}
	edits := make([][]normEdit, len(units))
	for i := range edits {
		es := take(d, &editPool, d.count())
		for j := range es {
			es[j] = normEdit{at: uint32(d.uint()), r: rune(d.int())}
		}
		edits[i] = es
	}
	if d.err != nil || d.i != len(d.s) {
		return errCorrupt
	}
	pd.tree, pd.edits, pd.body = t, edits, ""
	return nil
}

// encodeShard encodes a shard: its entries by cache key.
func encodeShard(sh map[string]string) []byte {
	n := len(shardMagic)
	for k, v := range sh {
		n += len(k) + len(v) + 2*binary.MaxVarintLen64 + 4
	}
	b := append(make([]byte, 0, n), shardMagic...)
	for k, v := range sh {
		b = appendShardEntry(b, k, v)
	}
	return b
}

// appendShardEntry appends the entry v under the cache key k to b, framed
// as in a shard file.
func appendShardEntry(b []byte, k, v string) []byte {
	e := &encoder{b: b}
	from := len(e.b)
	e.str(k)
	e.str(v)
	return binary.LittleEndian.AppendUint32(e.b, crc32.Checksum(e.b[from:], crcTable()))
}

// decodeShard decodes a shard file's bytes into its entries, still
// encoded (decodeEntry decodes the ones used), leaving out the entries
// whose checksum is wrong; nil when it is not a shard.
func decodeShard(raw []byte) map[string]string {
	// The entries' strings share raw, never written to after this.
	s := unsafe.String(unsafe.SliceData(raw), len(raw))
	if len(s) < len(shardMagic) || s[:len(shardMagic)] != shardMagic {
		return nil
	}
	d := &decoder{s: s, i: len(shardMagic)}
	sh := map[string]string{}
	for d.i < len(s) {
		from := d.i
		k, v := d.str(), d.str()
		if d.err != nil || len(s)-d.i < 4 {
			return nil
		}
		if binary.LittleEndian.Uint32(raw[d.i:]) == crc32.Checksum(raw[from:d.i], crcTable()) {
			sh[k] = v
		}
		d.i += 4
	}
	return sh
}
