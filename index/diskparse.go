package index

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// parseCache keeps each document's parse in the index folder, keyed by a
// hash of the file's path and bytes, the size limit and analysisStamp, so
// that reopening a folder whose documents have not changed reads no
// document's structure again: parsing was most of a start once the bleve
// index was kept on disk. The entries are grouped in 256 shards
// (parsed/<first two hex digits of the key>.gob): one file per document
// cost a file open and gob's type description per document, and one file
// for all would be rewritten whole for one changed document.
type parseCache struct {
	dir   string
	stamp string

	// The stat cache (see fileStat): the manifest's entries, the
	// manifest's modification time (ns) that decides which are racily
	// clean, and the entries of this Load.
	stats map[string]fileStat
	racy  int64
	// The manifest as read then, and its bytes (see readManifestAgain).
	manifest    manifest
	manifestRaw []byte
	newStats    map[string]fileStat
	// statsDirty is set when the entries of this Load should be written
	// even if the index does not change: one differs from the manifest's,
	// or was racily clean (re-hashed until a manifest newer than it is
	// written).
	statsDirty bool
	statHits   int // files neither read nor hashed

	wg     sync.WaitGroup // prefetch
	mu     sync.Mutex
	shards map[string]map[string]snapDoc // loaded shards by name
	dirty  map[string]bool               // shards with new entries
	used   map[string]bool               // keys read or written by this Load
	// taken counts per shard the entries read and removed from it (see
	// take); save reads them back from the file before rewriting it.
	taken map[string]int
}

// fileStat is what the manifest keeps of a document file read through a
// file system that gives inodes (fileIdentity), as git's index does: when
// a file's size, modification and change times (ns), inode and device are
// those recorded, and the size limit is the same, its parse-cache key is
// taken as recorded and the file is neither read nor hashed. Git's
// "racily clean" rule applies: an entry whose file was modified or changed
// no earlier than the manifest was written (its mtime, same clock and
// granularity as the files') could have been changed again within the
// same clock tick unseen, so that file is read and hashed again.
type fileStat struct {
	Size  int64  `json:"size"`
	Mtime int64  `json:"mtime"`
	Ctime int64  `json:"ctime"`
	Ino   uint64 `json:"ino"`
	Dev   uint64 `json:"dev"`
	Max   int64  `json:"max"`
	Key   string `json:"key"`
}

func (a fileStat) sameFile(b fileStat) bool {
	return a.Size == b.Size && a.Mtime == b.Mtime && a.Ctime == b.Ctime && a.Ino == b.Ino && a.Dev == b.Dev && a.Max == b.Max
}

func newParseCache(indexDir string) *parseCache {
	pc := &parseCache{dir: filepath.Join(indexDir, "parsed"), stamp: analysisStamp(),
		shards: map[string]map[string]snapDoc{}, dirty: map[string]bool{}, used: map[string]bool{}, taken: map[string]int{},
		newStats: map[string]fileStat{}}
	// The stat cache of a manifest of this analysis. Read before the
	// folder is locked, as the shards are: the manifest is only ever
	// replaced whole, and an entry names a content hash, never a
	// generation.
	info, serr := os.Stat(filepath.Join(indexDir, "manifest.json"))
	if m, raw, err := readManifestAgain(indexDir, nil, manifest{}); err == nil && serr == nil {
		pc.manifest, pc.manifestRaw = m, raw
		if m.Format == indexFormat && m.Analysis == pc.stamp {
			pc.stats, pc.racy = m.Stats, info.ModTime().UnixNano()
		}
	}
	pc.prefetch()
	return pc
}

// prefetch decodes, on other goroutines while the documents folder is
// walked, the shards the stat cache's entries name, in the order the walk
// will need them (lexical by path). Decoding the shards was a fifth of a
// reopen of 10,000 files (BenchmarkDiskFolder), and the walk mostly waits
// on stat calls meanwhile. save waits for it.
func (pc *parseCache) prefetch() {
	if len(pc.stats) == 0 {
		return
	}
	paths := make([]string, 0, len(pc.stats))
	for p := range pc.stats {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	seen := map[string]bool{}
	var names []string
	for _, p := range paths {
		if k := pc.stats[p].Key; len(k) >= 2 && !seen[k[:2]] {
			seen[k[:2]] = true
			names = append(names, k[:2])
		}
	}
	next := make(chan string, len(names))
	for _, n := range names {
		next <- n
	}
	close(next)
	for range max(1, runtime.GOMAXPROCS(0)) {
		pc.wg.Add(1)
		go func() {
			defer pc.wg.Done()
			for name := range next {
				pc.mu.Lock()
				_, loaded := pc.shards[name]
				pc.mu.Unlock()
				if loaded {
					continue
				}
				sh := readShard(filepath.Join(pc.dir, name+".gob"))
				pc.mu.Lock()
				if _, loaded := pc.shards[name]; !loaded {
					pc.shards[name] = sh
				}
				pc.mu.Unlock()
			}
		}()
	}
}

// shard returns the loaded shard name, reading it on first use; a shard
// that cannot be read is empty (its documents are parsed again).
func (pc *parseCache) shard(name string) map[string]snapDoc {
	if sh, ok := pc.shards[name]; ok {
		return sh
	}
	sh := readShard(filepath.Join(pc.dir, name+".gob"))
	pc.shards[name] = sh
	return sh
}

// readShard reads a shard file; one that cannot be read is empty.
func readShard(file string) map[string]snapDoc {
	sh := map[string]snapDoc{}
	if raw, err := os.ReadFile(file); err == nil {
		if gob.NewDecoder(bytes.NewReader(raw)).Decode(&sh) != nil {
			sh = map[string]snapDoc{}
		}
	}
	return sh
}

// take returns the entry key of shard name and removes it from the
// loaded shard, so that the decoded entries of a reopen are freed as
// their documents are read rather than held until save: they were a
// copy of every document's parse alive with the index being made.
// Called with pc.mu held.
func (pc *parseCache) take(name, key string) (snapDoc, bool) {
	sh := pc.shard(name)
	s, ok := sh[key]
	if ok {
		delete(sh, key)
		pc.taken[name]++
	}
	return s, ok
}

// read is readDocument through the cache. A file that cannot be read, or
// is skipped, is never cached: its warning is made again each time.
func (pc *parseCache) read(ctx context.Context, fsys fs.FS, p string, limit int64) (*parsedDoc, []Warning) {
	// The stat cache: taken before the file is read, so that a change
	// made while it is read shows as a different stat next time.
	var st *fileStat
	if info, err := fs.Stat(fsys, p); err == nil && info.Mode().IsRegular() && info.Size() <= limit {
		if ino, dev, ctime, ok := fileIdentity(info); ok {
			st = &fileStat{Size: info.Size(), Mtime: info.ModTime().UnixNano(), Ctime: ctime, Ino: ino, Dev: dev, Max: limit}
			old, found := pc.stats[p]
			clean := found && old.sameFile(*st) && max(old.Mtime, old.Ctime) < pc.racy
			pc.mu.Lock()
			if found && old.sameFile(*st) && !clean {
				pc.statsDirty = true // racily clean: write a newer manifest
			}
			var s snapDoc
			if clean {
				s, clean = pc.take(old.Key[:min(2, len(old.Key))], old.Key)
			}
			if clean {
				pc.used[old.Key] = true
				pc.newStats[p] = old
				pc.statHits++
			}
			pc.mu.Unlock()
			if clean {
				return s.parsedDoc(), nil
			}
		}
	}
	data, err := readBounded(fsys, p, limit)
	if err != nil {
		return readDocument(ctx, fsys, p, limit)
	}
	h := sha256.New()
	h.Write([]byte(pc.stamp + "\x00" + p + "\x00" + strconv.FormatInt(limit, 10) + "\x00"))
	h.Write(data)
	key := hex.EncodeToString(h.Sum(nil)[:16])
	name := key[:2]
	pc.mu.Lock()
	pc.used[key] = true
	s, ok := pc.take(name, key)
	if st != nil {
		st.Key = key
		if old, found := pc.stats[p]; !found || old != *st {
			pc.statsDirty = true
		}
		pc.newStats[p] = *st
	}
	pc.mu.Unlock()
	if ok {
		return s.parsedDoc(), nil
	}
	pd, w := readDocument(ctx, fsys, p, limit)
	if pd == nil {
		return pd, w
	}
	pc.mu.Lock()
	pc.shards[name][key] = snapshot(pd)
	pc.dirty[name] = true
	pc.mu.Unlock()
	return pd, w
}

// statsChanged reports whether the stat cache of this Load should be
// written to the manifest even though the index is unchanged.
func (pc *parseCache) statsChanged() bool {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.statsDirty || len(pc.newStats) != len(pc.stats)
}

// save writes the shards that changed, without the entries this Load did
// not use (documents changed or gone), and removes the shards no document
// uses. Called with the folder locked; each shard is replaced by a rename,
// so a crash leaves the old one or the new one. It is best effort: a shard
// not written costs a parse on the next start, nothing else.
func (pc *parseCache) save() {
	pc.wg.Wait()
	pc.mu.Lock()
	defer pc.mu.Unlock()
	ents, _ := os.ReadDir(pc.dir)
	for _, e := range ents {
		name, ok := strings.CutSuffix(e.Name(), ".gob")
		if _, loaded := pc.shards[name]; ok && !loaded {
			os.Remove(filepath.Join(pc.dir, e.Name())) // no document of this Load is in it
		}
	}
	for name, sh := range pc.shards {
		for k := range sh {
			if !pc.used[k] {
				delete(sh, k)
				pc.dirty[name] = true
			}
		}
		if !pc.dirty[name] {
			continue
		}
		file := filepath.Join(pc.dir, name+".gob")
		if pc.taken[name] > 0 {
			// The entries take removed: the same in the file, whose key
			// is a hash of what they were parsed from.
			for k, s := range readShard(file) {
				if _, ok := sh[k]; !ok && pc.used[k] {
					sh[k] = s
				}
			}
		}
		if len(sh) == 0 {
			os.Remove(file)
			continue
		}
		var buf bytes.Buffer
		if gob.NewEncoder(&buf).Encode(sh) != nil || os.MkdirAll(pc.dir, 0o700) != nil {
			continue
		}
		tmp := file + ".tmp"
		if os.WriteFile(tmp, buf.Bytes(), 0o600) == nil && os.Rename(tmp, file) != nil {
			os.Remove(tmp)
		}
	}
}

// snapDoc is a parsedDoc in a form gob can write: the nodes a unit or a
// section points to become indexes into Nodes, and only the fields
// addDocument and dropCopies read are kept.
type snapDoc struct {
	File     string
	Meta     snapMeta
	Warnings []Warning
	Nodes    []snapNode
	Units    []snapUnit
	Sections []snapSection
	// Prepared says Edits and CopyKeys hold parsedDoc.prepare's results
	// (an entry written before they were kept has neither).
	Prepared bool
	Edits    [][]snapEdit
	CopyKeys []uint64
	Lang     string
}

type snapEdit struct {
	At uint32
	R  rune
}

type snapMeta struct {
	Title, Number, Date, Effective string
	Truncated                      bool
	VersionOf, Lang                string
}

type snapNode struct {
	Kind                      nodeKind
	CK, Style                 byte
	Scheme, Label, Key, Title string
	Value, Body               int
	Text                      string
}

type snapComp struct {
	K, Style          byte
	Key, Label, Title string
}

type snapUnit struct {
	Text       string
	Line, Page int
	Base       []snapComp
	Needs      int
	Anc        []int
	Heads      []string
	Lead       string
	Subs       []snapSub
	Ctx        string
}

type snapSub struct {
	Comps      []snapComp
	Start, End int
}

type snapSection struct {
	Node  int
	Base  []snapComp
	Needs int
	Anc   []int
	Units []int
	Depth int
}

func snapComps(cs []comp) []snapComp {
	out := make([]snapComp, len(cs))
	for i, c := range cs {
		out[i] = snapComp{K: c.k, Style: c.style, Key: c.key, Label: c.label, Title: c.title}
	}
	return out
}

func (s snapDoc) comps(cs []snapComp) []comp {
	out := make([]comp, len(cs))
	for i, c := range cs {
		out[i] = comp{k: c.K, style: c.Style, key: c.Key, label: c.Label, title: c.Title}
	}
	return out
}

// snapshot flattens pd.
func snapshot(pd *parsedDoc) snapDoc {
	s := snapDoc{File: pd.file, Warnings: pd.warnings,
		Meta: snapMeta{pd.meta.title, pd.meta.number, pd.meta.date, pd.meta.effective, pd.meta.truncated, pd.meta.versionOf, pd.meta.lang}}
	ids := map[*node]int{}
	nodeID := func(n *node) int {
		if id, ok := ids[n]; ok {
			return id
		}
		ids[n] = len(s.Nodes)
		s.Nodes = append(s.Nodes, snapNode{Kind: n.kind, CK: n.ck, Style: n.style, Scheme: n.scheme, Label: n.label,
			Key: n.key, Title: n.title, Value: n.value, Body: n.body, Text: n.text})
		return ids[n]
	}
	nodeIDs := func(ns []*node) []int {
		out := make([]int, len(ns))
		for i, n := range ns {
			out[i] = nodeID(n)
		}
		return out
	}
	pd.prepare()
	s.Prepared, s.CopyKeys, s.Lang = true, pd.copyKeys, pd.lang
	s.Edits = make([][]snapEdit, len(pd.edits))
	for i, es := range pd.edits {
		for _, e := range es {
			s.Edits[i] = append(s.Edits[i], snapEdit{e.at, e.r})
		}
	}
	for _, u := range pd.tree.units {
		su := snapUnit{Text: u.text, Line: u.line, Page: u.page, Base: snapComps(u.base), Needs: u.needs,
			Anc: nodeIDs(u.anc), Heads: u.heads, Lead: u.lead, Ctx: u.ctx}
		for _, sub := range u.subs {
			su.Subs = append(su.Subs, snapSub{Comps: snapComps(sub.comps), Start: sub.start, End: sub.end})
		}
		s.Units = append(s.Units, su)
	}
	for _, sec := range pd.tree.sections {
		s.Sections = append(s.Sections, snapSection{Node: nodeID(sec.node), Base: snapComps(sec.base), Needs: sec.needs,
			Anc: nodeIDs(sec.anc), Units: sec.units, Depth: sec.depth})
	}
	return s
}

// parsedDoc rebuilds what snapshot flattened. The nodes have no parent,
// children or unit node: nothing after parsing walks the tree.
func (s snapDoc) parsedDoc() *parsedDoc {
	nodes := make([]*node, len(s.Nodes))
	for i, n := range s.Nodes {
		nodes[i] = &node{mark: mark{kind: n.Kind, ck: n.CK, style: n.Style, scheme: n.Scheme, label: n.Label,
			key: n.Key, title: n.Title, value: n.Value, body: n.Body}, text: n.Text}
	}
	pick := func(ids []int) []*node {
		out := make([]*node, len(ids))
		for i, id := range ids {
			out[i] = nodes[id]
		}
		return out
	}
	t := &docTree{}
	for _, u := range s.Units {
		du := &docUnit{text: u.Text, line: u.Line, page: u.Page, base: s.comps(u.Base), needs: u.Needs,
			anc: pick(u.Anc), heads: u.Heads, lead: u.Lead, ctx: u.Ctx}
		for _, sub := range u.Subs {
			du.subs = append(du.subs, subUnit{comps: s.comps(sub.Comps), start: sub.Start, end: sub.End})
		}
		t.units = append(t.units, du)
	}
	for _, sec := range s.Sections {
		t.sections = append(t.sections, &docSection{node: nodes[sec.Node], base: s.comps(sec.Base), needs: sec.Needs,
			anc: pick(sec.Anc), units: sec.Units, depth: sec.Depth})
	}
	pd := &parsedDoc{file: s.File, tree: t, warnings: s.Warnings,
		meta: docMeta{title: s.Meta.Title, number: s.Meta.Number, date: s.Meta.Date, effective: s.Meta.Effective, truncated: s.Meta.Truncated, versionOf: s.Meta.VersionOf, lang: s.Meta.Lang}}
	if s.Prepared && len(s.Edits) == len(t.units) && len(s.CopyKeys) == len(t.units) {
		pd.prepared, pd.copyKeys, pd.lang = true, s.CopyKeys, s.Lang
		pd.edits = make([][]normEdit, len(s.Edits))
		for i, es := range s.Edits {
			if len(es) == 0 {
				continue
			}
			pd.edits[i] = make([]normEdit, len(es))
			for j, e := range es {
				pd.edits[i][j] = normEdit{e.At, e.R}
			}
		}
	}
	return pd
}
