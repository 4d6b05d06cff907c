package index

import (
	"encoding/binary"
	"hash/crc32"
	"unsafe"
)

// derivedFile is the name of a generation's derived data (see derived).
// It was a gob (derived.gob); encoding and decoding its 0.75 MB at 10,000
// files, through reflection, was a twentieth of an update's CPU time and
// 2 MB of garbage (BenchmarkDiskFolder).
const derivedFile = "derived.bin"

// derivedMagic starts derivedFile; a change of the encoding changes it.
const derivedMagic = "clausebot-derived 1\n"

// encodeDerived encodes d: derivedMagic, Terms, the document frequencies
// (term, count), each document's words (key, clauses, words in all, then
// each clause's words), both in map order, all
// varint-framed (see encoder), and a CRC-32C of what comes before it.
func encodeDerived(d derived) []byte {
	e := &encoder{b: make([]byte, 0, 64+12*len(d.DF)+20*len(d.Words))}
	e.b = append(e.b, derivedMagic...)
	e.uint(uint64(d.Terms))
	e.uint(uint64(len(d.DF)))
	for t, n := range d.DF {
		e.str(t)
		e.int(int(n))
	}
	e.uint(uint64(len(d.Words)))
	for k, ws := range d.Words {
		n := 0
		for _, w := range ws {
			n += len(w)
		}
		e.str(k)
		e.uint(uint64(len(ws)))
		e.uint(uint64(n))
		for _, w := range ws {
			e.uint(uint64(len(w)))
			for _, s := range w {
				e.str(s)
			}
		}
	}
	return binary.LittleEndian.AppendUint32(e.b, crc32.Checksum(e.b, crcTable()))
}

// decodeDerived decodes what encodeDerived wrote; ok is false for
// anything else. Its strings share raw, which is never written to after.
func decodeDerived(raw []byte) (d derived, ok bool) {
	if len(raw) < len(derivedMagic)+4 || string(raw[:len(derivedMagic)]) != derivedMagic {
		return derived{}, false
	}
	body := raw[:len(raw)-4]
	if binary.LittleEndian.Uint32(raw[len(body):]) != crc32.Checksum(body, crcTable()) {
		return derived{}, false
	}
	dec := &decoder{s: unsafe.String(unsafe.SliceData(body), len(body)), i: len(derivedMagic)}
	d.Terms = int(dec.uint())
	n := dec.count()
	d.DF = make(map[string]int32, n)
	for range n {
		t := dec.str()
		d.DF[t] = int32(dec.int())
	}
	n = dec.count()
	d.Words = make(map[string][][]string, n)
	for range n {
		k := dec.str()
		ws := slab[[]string](dec, dec.uint())
		pool := slab[string](dec, dec.uint())
		for i := range ws {
			ws[i] = take(dec, &pool, dec.count())
			for j := range ws[i] {
				ws[i][j] = dec.str()
			}
		}
		d.Words[k] = ws
	}
	if dec.err != nil || dec.i != len(dec.s) {
		return derived{}, false
	}
	return d, true
}
