package index

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unsafe"
)

// parseCache keeps each document's parse in the index folder, keyed by a
// hash of the file's path and bytes, the size limit and analysisStamp, so
// that reopening a folder whose documents have not changed reads no
// document's structure again: parsing was most of a start once the bleve
// index was kept on disk. The entries are grouped in 256 shards
// (parsed/<first two hex digits of the key>.bin, encoded as diskcodec.go
// says): one file per document cost a file open per document (and, when
// they were gobs, a type description each), and one file for all would be
// rewritten whole for one changed document.
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
	shards map[string]map[string]string // loaded shards by name: entries (encodeEntry) by key
	dirty  map[string]bool              // shards with new entries
	used   map[string]bool              // keys read or written by this Load
	// fresh holds the documents parsed by this Load by key, and freshKey
	// their keys, until release encodes them (with their docKey, known by
	// then); docKeys maps each document read or parsed to its docKey when
	// known (see release).
	fresh    map[string]*parsedDoc
	freshKey map[*parsedDoc]string
	docKeys  map[*parsedDoc]string
	// spill holds the entries release encoded, by shard, in temporary
	// files that save makes the shards from: held in memory until save
	// they were about 1.2 bytes a byte of text (see release).
	spill map[string]*spillFile
	// entry and framed are release's buffers, reused from one document
	// to the next (with mu held): an entry is encoded into entry, framed
	// into framed and written to its spill file. Encoded afresh, then
	// copied into a string and framed into a slice of its own, the entries
	// were a quarter of what a build's parsing allocated (BenchmarkScale's
	// allocation profile at 200,000 clauses: 280 MB of 1.0 GB).
	entry, framed []byte
}

// spillFile is a temporary file of shard entries, each framed as in a
// shard file (appendShardEntry).
type spillFile struct {
	f *os.File
	w *bufio.Writer
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
	Size  int64
	Mtime int64
	Ctime int64
	Ino   uint64
	Dev   uint64
	Max   int64
	Key   string
}

func (a fileStat) sameFile(b fileStat) bool {
	return a.Size == b.Size && a.Mtime == b.Mtime && a.Ctime == b.Ctime && a.Ino == b.Ino && a.Dev == b.Dev && a.Max == b.Max
}

func newParseCache(indexDir string) *parseCache {
	pc := &parseCache{dir: filepath.Join(indexDir, "parsed"), stamp: analysisStamp(),
		shards: map[string]map[string]string{}, dirty: map[string]bool{}, fresh: map[string]*parsedDoc{},
		freshKey: map[*parsedDoc]string{}, spill: map[string]*spillFile{}}
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
	// Sized once for the files the stat cache names: grown entry by
	// entry they were rehashed a dozen times at 10,000 files.
	n := len(pc.stats)
	pc.newStats, pc.used, pc.docKeys = make(map[string]fileStat, n), make(map[string]bool, n), make(map[*parsedDoc]string, n)
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
				sh := readShard(filepath.Join(pc.dir, name+shardExt))
				pc.mu.Lock()
				if _, loaded := pc.shards[name]; !loaded {
					pc.shards[name] = sh
				}
				pc.mu.Unlock()
			}
		}()
	}
}

// shardExt ends a shard file's name (see diskcodec.go).
const shardExt = ".bin"

// readShard reads a shard file; one that cannot be read is empty.
func readShard(file string) map[string]string {
	if raw, err := os.ReadFile(file); err == nil {
		if sh := decodeShard(raw); sh != nil {
			return sh
		}
	}
	return map[string]string{}
}

// lookup decodes the entry key of the shards (read here when not yet
// loaded), or returns the document this Load parsed under it; nil when
// there is none (or it does not decode: it is then dropped). The shard is
// read and the entry decoded without pc.mu held, so that the workers of
// the walk decode in parallel.
//
// The document is decoded whole when full is set; otherwise only its
// head (decodeHead), and the rest is decoded (parsedDoc.full) by
// readDocs's worker just before the document is added.
func (pc *parseCache) lookup(key string, full bool) *parsedDoc {
	name := key[:min(2, len(key))]
	pc.mu.Lock()
	pd := pc.fresh[key]
	sh, loaded := pc.shards[name]
	pc.mu.Unlock()
	if pd != nil {
		return pd
	}
	if !loaded {
		read := readShard(filepath.Join(pc.dir, name+shardExt))
		pc.mu.Lock()
		if sh, loaded = pc.shards[name]; !loaded {
			sh = read
			pc.shards[name] = sh
		}
		pc.mu.Unlock()
	}
	pc.mu.Lock()
	enc, ok := sh[key]
	pc.mu.Unlock()
	if !ok {
		return nil
	}
	decode := decodeHead
	if full {
		decode = decodeEntry
	}
	pd, dkey, err := decode(enc)
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if err != nil {
		delete(sh, key)
		return nil
	}
	if dkey != "" {
		pc.docKeys[pd] = dkey
	}
	return pd
}

// docKey returns pd's docKey as the cache holds it, or "".
func (pc *parseCache) docKey(pd *parsedDoc) string {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.docKeys[pd]
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
			same := found && old.sameFile(*st)
			clean := same && max(old.Mtime, old.Ctime) < pc.racy
			var pd *parsedDoc
			if clean {
				pd = pc.lookup(old.Key, false)
			}
			pc.mu.Lock()
			if same && !clean {
				pc.statsDirty = true // racily clean: write a newer manifest
			}
			clean = pd != nil
			if clean {
				pc.used[old.Key] = true
				pc.newStats[p] = old
				pc.statHits++
			}
			pc.mu.Unlock()
			if clean {
				pd.reread = rereader(ctx, fsys, p, limit)
				return pd, nil
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
	cached := pc.lookup(key, false)
	pc.mu.Lock()
	pc.used[key] = true
	if st != nil {
		st.Key = key
		if old, found := pc.stats[p]; !found || old != *st {
			pc.statsDirty = true
		}
		pc.newStats[p] = *st
	}
	pc.mu.Unlock()
	if cached != nil {
		cached.reread = rereader(ctx, fsys, p, limit)
		return cached, nil
	}
	pd, w := parseData(ctx, p, data, limit) // read once: readDocument would read it again
	if pd == nil {
		return pd, w
	}
	pc.mu.Lock()
	pc.fresh[key] = pd
	pc.freshKey[pd] = key
	pc.dirty[key[:2]] = true
	pc.mu.Unlock()
	return pd, w
}

// rereader returns the reread of a document whose parse came from the
// cache: it reads and parses the file again, for when the rest of its
// entry does not decode (see parsedDoc.full).
func rereader(ctx context.Context, fsys fs.FS, p string, limit int64) func() *parsedDoc {
	return func() *parsedDoc {
		pd, _ := readDocument(ctx, fsys, p, limit)
		return pd
	}
}

// release is told that Load is done with pd, whose docKey is dkey ("" for
// a copy not indexed): when this Load parsed it, its entry is encoded now
// and written to its shard's spill file, and nothing here holds the parse
// any longer. Kept until save, the parses of a new folder were the
// largest part of its build's peak heap (BenchmarkScale's heap profile at
// 200,000 clauses: 190 MB of 500). An entry that cannot be spilled (a
// full disk) is kept in memory, as before. pc may be nil.
func (pc *parseCache) release(pd *parsedDoc, dkey string) {
	if pc == nil {
		return
	}
	pc.mu.Lock()
	key, fresh := pc.freshKey[pd]
	if fresh {
		delete(pc.freshKey, pd)
		delete(pc.fresh, key)
		if _, ok := pc.docKeys[pd]; !ok && dkey != "" {
			pc.docKeys[pd] = dkey
		}
		dkey = pc.docKeys[pd]
	}
	delete(pc.docKeys, pd)
	pc.mu.Unlock()
	if !fresh {
		return
	}
	name := key[:2]
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.entry = appendEntry(pc.entry[:0], pd, dkey)
	// Read only until the next release, which it is not kept past.
	enc := unsafe.String(unsafe.SliceData(pc.entry), len(pc.entry))
	sf := pc.spill[name]
	if sf == nil && os.MkdirAll(pc.dir, 0o700) == nil {
		if f, err := os.CreateTemp(pc.dir, name+"-*"+spillExt); err == nil {
			sf = &spillFile{f: f, w: bufio.NewWriterSize(f, 16<<10)}
			pc.spill[name] = sf
		}
	}
	if sf != nil {
		pc.framed = appendShardEntry(pc.framed[:0], key, enc)
		if _, err := sf.w.Write(pc.framed); err == nil {
			return
		}
		// The file is unusable now: its entries are lost (parsed again
		// next time); this one is kept in memory.
		sf.f.Close()
		os.Remove(sf.f.Name())
		delete(pc.spill, name)
	}
	if pc.shards[name] == nil {
		pc.shards[name] = map[string]string{}
	}
	pc.shards[name][key] = strings.Clone(enc)
	pc.dirty[name] = true
}

// spillExt ends a spill file's name; save removes any it did not make (a
// crash's).
const spillExt = ".spill"

// discard removes the spill files, when Load fails before saving. pc may
// be nil.
func (pc *parseCache) discard() {
	if pc == nil {
		return
	}
	pc.wg.Wait()
	pc.mu.Lock()
	defer pc.mu.Unlock()
	for name, sf := range pc.spill {
		if sf != nil {
			sf.f.Close()
			os.Remove(sf.f.Name())
		}
		delete(pc.spill, name)
	}
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
// not written costs a parse on the next start, nothing else. A shard's
// new entries are copied from its spill file (see release).
func (pc *parseCache) save() {
	pc.wg.Wait()
	pc.mu.Lock()
	defer pc.mu.Unlock()
	spilled := map[string]bool{}
	for _, sf := range pc.spill {
		if sf != nil {
			spilled[filepath.Base(sf.f.Name())] = true
		}
	}
	ents, _ := os.ReadDir(pc.dir)
	for _, e := range ents {
		if spilled[e.Name()] {
			continue
		}
		name, ok := strings.CutSuffix(e.Name(), shardExt)
		if _, loaded := pc.shards[name]; !ok || !loaded {
			// No document of this Load is in it, or it is left from an
			// older encoding (.gob) or a crash (.tmp, .spill).
			os.Remove(filepath.Join(pc.dir, e.Name()))
		}
	}
	for key, pd := range pc.fresh {
		// Not released (Load does release every document it parsed).
		name := key[:2]
		if pc.shards[name] == nil {
			pc.shards[name] = map[string]string{}
		}
		pc.shards[name][key] = encodeEntry(pd, pc.docKeys[pd])
	}
	for name, sh := range pc.shards {
		for k := range sh {
			if !pc.used[k] {
				delete(sh, k)
				pc.dirty[name] = true
			}
		}
	}
	names := map[string]bool{}
	for name := range pc.shards {
		names[name] = true
	}
	for name, sf := range pc.spill {
		if sf != nil {
			names[name] = true
		}
	}
	for name := range names {
		sh, sf := pc.shards[name], pc.spill[name]
		if !pc.dirty[name] && sf == nil {
			continue
		}
		file := filepath.Join(pc.dir, name+shardExt)
		if len(sh) == 0 && sf == nil {
			os.Remove(file)
			continue
		}
		if os.MkdirAll(pc.dir, 0o700) != nil {
			continue
		}
		tmp := file + ".tmp"
		if writeShard(tmp, sh, sf) != nil || os.Rename(tmp, file) != nil {
			os.Remove(tmp) // a full disk: the part written would hold its space
		}
	}
	for name, sf := range pc.spill {
		if sf != nil {
			sf.f.Close()
			os.Remove(sf.f.Name())
		}
		delete(pc.spill, name)
	}
}

// writeShard writes a shard file of the entries sh and those of the spill
// file sf (nil for none).
func writeShard(file string, sh map[string]string, sf *spillFile) error {
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err = f.Write(encodeShard(sh)); err == nil && sf != nil {
		if err = sf.w.Flush(); err == nil {
			if _, err = sf.f.Seek(0, io.SeekStart); err == nil {
				_, err = io.Copy(f, sf.f)
			}
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
