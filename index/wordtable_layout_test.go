package index

import (
	"encoding/binary"
	"testing"
	"unicode/utf8"
)

// TestWordTableGroups checks the grouped layout of the embedded table:
// every group's words start with its character, are in byte order, and
// together they are all n words; a character with no words has no group.
func TestWordTableGroups(t *testing.T) {
	wt := mustTable(t)
	total := 0
	for gi := 0; gi < wt.groups; gi++ {
		r := rune(binary.LittleEndian.Uint32(wt.runes[4*gi:]))
		if gi > 0 && rune(binary.LittleEndian.Uint32(wt.runes[4*gi-4:])) >= r {
			t.Fatalf("group %d (%q) is not after the one before it", gi, r)
		}
		g, ok := wt.group(r)
		if !ok {
			t.Fatalf("group %q: not found or damaged", r)
		}
		for i := 0; i < g.n; i++ {
			if i > 0 && string(g.suffix(i-1)) >= string(g.suffix(i)) {
				t.Fatalf("group %q: word %d not after word %d", r, i, i-1)
			}
			if !utf8.Valid(g.suffix(i)) {
				t.Fatalf("group %q: word %d is not UTF-8", r, i)
			}
		}
		total += g.n
	}
	if total != wt.n {
		t.Errorf("groups hold %d words, table says %d", total, wt.n)
	}
	if _, ok := wt.group(0x10FFFF); ok {
		t.Error("U+10FFFF has a group")
	}
}

// TestLoadWordTableDamaged checks that a table that is not one, or is cut
// short, is an error, and that a damaged group reads as absent, not a
// panic.
func TestLoadWordTableDamaged(t *testing.T) {
	if _, err := loadWordTable("x", []byte("CBWORDS1 old layout")); err == nil {
		t.Error("an old table loaded")
	}
	head := binary.LittleEndian.AppendUint32([]byte(wordTableMagic), 1)
	head = binary.LittleEndian.AppendUint64(head, 0)
	if _, err := loadWordTable("x", binary.LittleEndian.AppendUint32(head, 1000)); err == nil {
		t.Error("a table without its directory loaded")
	}
	// One group, 中, whose record claims more words than the body holds.
	data := binary.LittleEndian.AppendUint32(head, 1)
	data = binary.LittleEndian.AppendUint32(data, '中')
	data = binary.LittleEndian.AppendUint32(data, 0)
	data = binary.LittleEndian.AppendUint32(data, 50)
	wt, err := loadWordTable("x", data)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := wt.group('中'); ok {
		t.Error("a cut-short group reads as present")
	}
	if f, ok := wt.Find("中国"); ok || f != 0 {
		t.Errorf("Find in a damaged group = %v, %v", f, ok)
	}
	if got := wt.Cut("中国"); len(got) != 2 {
		t.Errorf("Cut over a damaged table = %q, want one piece per character", got)
	}
}
