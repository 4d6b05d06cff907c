package index

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// parsedTestDocuments parses every document of testdata/documents.
func parsedTestDocuments(t *testing.T) []*parsedDoc {
	t.Helper()
	fsys := os.DirFS(filepath.Join("..", "testdata", "documents"))
	var pds []*parsedDoc
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !IsDocument(p) {
			return err
		}
		if pd, _ := readDocument(context.Background(), fsys, p, DefaultMaxFileSize); pd != nil {
			pds = append(pds, pd)
		}
		return nil
	})
	if err != nil || len(pds) < 10 {
		t.Fatalf("parsing testdata/documents: %d documents, %v", len(pds), err)
	}
	return pds
}

// TestParseCacheCodec checks that a document's cache entry decodes to
// what was parsed: the same entry again, and an index made from it with
// the same clauses, references and sections as one made from the parse.
func TestParseCacheCodec(t *testing.T) {
	sh := map[string]string{}
	for i, pd := range parsedTestDocuments(t) {
		enc := encodeEntry(pd, "key")
		sh[string(rune('a'+i))] = enc
		got, dkey, err := decodeEntry(enc)
		if err != nil || dkey != "key" {
			t.Fatalf("%s: decodeEntry: %q, %v", pd.file, dkey, err)
		}
		if again := encodeEntry(got, "key"); again != enc {
			t.Errorf("%s: the decoded document encodes differently", pd.file)
		}
		want, have := newIndex([]*parsedDoc{pd}, nil, nil), newIndex([]*parsedDoc{got}, nil, nil)
		if diff := cmp.Diff(want.Documents(), have.Documents()); diff != "" {
			t.Errorf("%s: documents differ (-parsed +decoded):\n%s", pd.file, diff)
		}
		if len(want.clauses) != len(have.clauses) {
			t.Fatalf("%s: %d clauses decoded, want %d", pd.file, len(have.clauses), len(want.clauses))
		}
		for j := range want.clauses {
			w, h := &want.clauses[j], &have.clauses[j]
			if diff := cmp.Diff(w.public(), h.public()); diff != "" || w.norm() != h.norm() || w.ctx != h.ctx || w.hctx != h.hctx {
				t.Errorf("%s: clause %s differs:\n%s", pd.file, w.Ref, diff)
			}
		}
	}
	if diff := cmp.Diff(sh, decodeShard(encodeShard(sh))); diff != "" {
		t.Errorf("shard round trip (-want +got):\n%s", diff)
	}
}

// TestParseCacheHead checks the entries a Load reads: decoded to their
// head only (decodeHead), they give the index the whole decode gives once
// an indexBuilder decodes the rest (addDoc, here through newIndex); a
// rest that does not decode is parsed again from the file (reread), or,
// with no file, leaves no units.
func TestParseCacheHead(t *testing.T) {
	for _, pd := range parsedTestDocuments(t) {
		enc := encodeEntry(pd, "key")
		head, dkey, err := decodeHead(enc)
		if err != nil || dkey != "key" || head.tree != nil || head.numUnits() != len(pd.tree.units) || !slices.Equal(head.copyKeys, pd.copyKeys) {
			t.Fatalf("%s: decodeHead: %q, %v, %d units", pd.file, dkey, err, head.numUnits())
		}
		want, have := newIndex([]*parsedDoc{pd}, nil, nil), newIndex([]*parsedDoc{head}, nil, nil)
		if diff := cmp.Diff(want.Documents(), have.Documents()); diff != "" {
			t.Errorf("%s: documents differ (-parsed +decoded):\n%s", pd.file, diff)
		}
		for j := range want.clauses {
			if w, h := &want.clauses[j], &have.clauses[j]; w.Ref != h.Ref || w.Text != h.Text || w.norm() != h.norm() {
				t.Fatalf("%s: clause %s differs from %s", pd.file, h.Ref, w.Ref)
			}
		}
		cut, _, _ := decodeHead(enc)
		cut.body = cut.body[:len(cut.body)-1]
		cut.reread = func() *parsedDoc { return pd }
		if cut.full(); cut.tree != pd.tree || cut.body != "" {
			t.Fatalf("%s: a rest that does not decode was not parsed again", pd.file)
		}
		cut, _, _ = decodeHead(enc)
		cut.body = cut.body[1:]
		if cut.full(); cut.tree == nil || cut.numUnits() != 0 || newIndex([]*parsedDoc{cut}, nil, nil).Len() != 0 {
			t.Fatalf("%s: a rest that does not decode, with no file: %d units", pd.file, cut.numUnits())
		}
	}
}

// TestParseCacheCorrupt checks that a damaged shard or entry is a cache
// miss, never a panic or a wrong document: a changed byte drops its entry
// (checksum), a cut shard is dropped or loses its last entry, and an entry
// cut short fails to decode.
func TestParseCacheCorrupt(t *testing.T) {
	pds := parsedTestDocuments(t)
	// The two smallest: every third byte of the shard is changed in turn.
	slices.SortFunc(pds, func(a, b *parsedDoc) int { return len(a.tree.units) - len(b.tree.units) })
	sh := map[string]string{"k1": encodeEntry(pds[0], "a"), "k2": encodeEntry(pds[1], "b")}
	raw := encodeShard(sh)
	for n := range len(raw) {
		got := decodeShard(raw[:n])
		for k, v := range got {
			if sh[k] != v {
				t.Fatalf("shard cut at %d: entry %s differs", n, k)
			}
		}
		if len(got) == 2 {
			t.Fatalf("shard cut at %d of %d: both entries kept", n, len(raw))
		}
	}
	bad := append([]byte(nil), raw...)
	for i := len(shardMagic); i < len(raw); i += 3 {
		bad[i] ^= 0x5a
		for k, v := range decodeShard(bad) {
			if sh[k] != v {
				t.Fatalf("byte %d changed: entry %s decoded with a change", i, k)
			}
		}
		bad[i] ^= 0x5a
	}
	enc := sh["k1"]
	for n := range len(enc) {
		if pd, _, err := decodeEntry(enc[:n]); err == nil || pd != nil {
			t.Fatalf("entry cut at %d of %d decoded", n, len(enc))
		}
	}
}

// TestDerivedCodec checks that a generation's derived data decodes to
// what was written, and that a cut or changed file does not decode.
func TestDerivedCodec(t *testing.T) {
	d := derived{DF: map[string]int32{"押金": 3, "a": 1, "退还": 70000}, Terms: 12345,
		Words: map[string][][]string{"k1": {nil, {"deposit", "return"}, {"tenant"}}, "k2": {{"x"}}, "k3": {}}}
	raw := encodeDerived(d)
	got, ok := decodeDerived(raw)
	if !ok {
		t.Fatal("decodeDerived failed")
	}
	if diff := cmp.Diff(d, got); diff != "" {
		t.Errorf("derived round trip (-want +got):\n%s", diff)
	}
	for n := range len(raw) {
		if _, ok := decodeDerived(raw[:n]); ok {
			t.Fatalf("cut at %d of %d: decoded", n, len(raw))
		}
	}
	bad := append([]byte(nil), raw...)
	for i := range bad {
		bad[i] ^= 0x21
		if _, ok := decodeDerived(bad); ok {
			t.Fatalf("byte %d changed: decoded", i)
		}
		bad[i] ^= 0x21
	}
}
