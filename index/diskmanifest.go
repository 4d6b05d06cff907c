package index

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// manifestFile is manifest.json as written: the generation and versions
// in JSON for people, and the documents and the stat cache (manifest.Docs,
// Files and Stats) as one binary table (encodeTable; base64 in the JSON).
// At 10,000 files those were 3 MB of JSON whose encoding and decoding took
// a sixth of the CPU time of an update of one file (BenchmarkDiskFolder);
// the table is about a third of that size and decodes without reflection.
type manifestFile struct {
	Format    int    `json:"format"`
	Analysis  string `json:"analysis"`
	Gen       string `json:"gen"`
	Churn     int    `json:"churn,omitempty"`
	Documents int    `json:"documents"`
	Table     []byte `json:"table"`
}

// encodeTable encodes m's documents (key, clauses, file) and its stat
// cache, each in map order.
func encodeTable(m manifest) []byte {
	e := &encoder{b: make([]byte, 0, 64+len(m.Docs)*40+len(m.Stats)*96)}
	e.uint(uint64(len(m.Docs)))
	for k, n := range m.Docs {
		e.str(k)
		e.int(n)
		e.str(m.Files[k])
	}
	e.uint(uint64(len(m.Stats)))
	for p, st := range m.Stats {
		e.str(p)
		e.int(int(st.Size))
		e.int(int(st.Mtime))
		e.int(int(st.Ctime))
		e.uint(st.Ino)
		e.uint(st.Dev)
		e.int(int(st.Max))
		e.str(st.Key)
	}
	return e.b
}

// decodeTable fills in m's documents and stat cache from encodeTable's
// bytes; its strings share one copy of them.
func decodeTable(m *manifest, table []byte) error {
	d := &decoder{s: string(table)}
	n := d.count()
	m.Docs = make(map[string]int, n)
	m.Files = make(map[string]string, n)
	for range n {
		k, c, f := d.str(), d.int(), d.str()
		m.Docs[k] = c
		if f != "" {
			m.Files[k] = f
		}
	}
	n = d.count()
	m.Stats = make(map[string]fileStat, n)
	for range n {
		p := d.str()
		m.Stats[p] = fileStat{Size: int64(d.int()), Mtime: int64(d.int()), Ctime: int64(d.int()), Ino: d.uint(), Dev: d.uint(),
			Max: int64(d.int()), Key: d.str()}
	}
	if d.err != nil || d.i != len(d.s) {
		return errCorrupt
	}
	return nil
}

func readManifest(dir string) (manifest, error) {
	m, _, err := readManifestAgain(dir, nil, manifest{})
	return m, err
}

// readManifestAgain reads the manifest; when its bytes are prevRaw it
// returns prev, decoded from them before (the stat cache reads it before
// the folder is locked, buildDisk again once it holds the lock). The
// documents and stat cache of a manifest of another format are left
// empty: the folder is rebuilt.
func readManifestAgain(dir string, prevRaw []byte, prev manifest) (manifest, []byte, error) {
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return manifest{}, nil, err
	}
	if prevRaw != nil && bytes.Equal(data, prevRaw) {
		return prev, data, nil
	}
	var f manifestFile
	if err := json.Unmarshal(data, &f); err != nil {
		return manifest{}, nil, fmt.Errorf("manifest.json: %w", err)
	}
	if strings.ContainsAny(f.Gen, `/\`) || f.Gen == ".." {
		return manifest{}, nil, fmt.Errorf("manifest.json: bad generation %q", f.Gen)
	}
	m := manifest{Format: f.Format, Analysis: f.Analysis, Gen: f.Gen, Churn: f.Churn}
	if f.Format == indexFormat {
		if err := decodeTable(&m, f.Table); err != nil {
			return manifest{}, nil, fmt.Errorf("manifest.json: %w", err)
		}
	}
	return m, data, nil
}

// writeManifest replaces the manifest atomically: a new file, synced,
// renamed over the old one, and the folder synced.
func writeManifest(dir string, m manifest) error {
	data, err := json.Marshal(manifestFile{Format: m.Format, Analysis: m.Analysis, Gen: m.Gen, Churn: m.Churn,
		Documents: len(m.Docs), Table: encodeTable(m)})
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, "manifest.json.tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dir, "manifest.json")); err != nil {
		os.Remove(tmp)
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
