package index

import (
	"context"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"

	"clausebot/bot"
)

// TestLoadCollects checks that Load ends with a forced garbage collection
// from collectAfterLoad clauses on.
func TestLoadCollects(t *testing.T) {
	forced := func() uint64 {
		s := []metrics.Sample{{Name: "/gc/cycles/forced:gc-cycles"}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	defer func(n int) { collectAfterLoad = n }(collectAfterLoad)
	collectAfterLoad = 1
	before := forced()
	x, err := Load(context.Background(), Seed(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if forced() == before {
		t.Errorf("no collection forced by a Load of %d clauses with collectAfterLoad 1", x.Len())
	}
}

// TestLoadTunesGC checks the rule of gcHeadroom: a Load whose live heap
// is over it sets the collector's target to what keeps the heap within
// it (at least minGCPercent), one under it leaves Go's 100, and neither
// changes a target set by the user (GOGC, GOMEMLIMIT) or the program.
func TestLoadTunesGC(t *testing.T) {
	gogc := func() uint64 {
		s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	defer func(n uint64) { gcHeadroom = n }(gcHeadroom)
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	load := func() {
		x, err := Load(context.Background(), Seed(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		x.Close()
	}
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	gcHeadroom = 1 << 40
	if load(); gogc() != 100 {
		t.Errorf("a live heap under the headroom: GOGC %d, want 100", gogc())
	}
	gcHeadroom = 1
	if load(); gogc() != minGCPercent {
		t.Errorf("a live heap far over the headroom: GOGC %d, want %d", gogc(), minGCPercent)
	}
	// The live heap of the last collection, which tuneGC reads.
	runtime.GC()
	_, _, live := gcState()
	gcHeadroom = live / 2
	if tuneGC(); gogc() < 45 || gogc() > 55 {
		t.Errorf("a live heap twice the headroom: GOGC %d, want 50", gogc())
	}
	gcHeadroom = 1
	debug.SetGCPercent(100)
	t.Setenv("GOGC", "100")
	if load(); gogc() != 100 {
		t.Errorf("GOGC set by the user: GOGC %d, want 100", gogc())
	}
	t.Setenv("GOGC", "")
	for _, p := range []int{150, -1} {
		debug.SetGCPercent(p)
		want := gogc()
		if load(); gogc() != want {
			t.Errorf("GOGC %d set by the program: GOGC %d after a load, want %d", p, gogc(), want)
		}
	}
}

// publicClauses returns x's clauses as bot.Clause, in order.
func publicClauses(x *Index) []bot.Clause {
	out := make([]bot.Clause, len(x.clauses))
	for i := range x.clauses {
		out[i] = x.clauses[i].public()
	}
	return out
}

// TestBuilderTunesGC checks when a Load's indexBuilder sets the
// collector's target as documents are added (see gcHeadroom): while every
// document so far was read from the parse cache (a reopen), and back to
// Go's 100 at the first one the Load parsed (a build or an update); never
// for a Load without an index folder.
func TestBuilderTunesGC(t *testing.T) {
	gogc := func() uint64 {
		s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	defer func(n uint64) { gcHeadroom = n }(gcHeadroom)
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	gcHeadroom = 1 // any live heap is over it
	runtime.GC()
	docs := parsedTestDocuments(t)
	if len(docs) < 4 {
		t.Fatalf("%d test documents, want 4", len(docs))
	}
	// As the parse cache gives a document it read (see parseCache.read).
	cached := func(pd *parsedDoc) *parsedDoc { pd.reread = func() *parsedDoc { return nil }; return pd }
	ib := newIndexBuilder(nil, newParseCache(t.TempDir()), len(docs))
	if ib.add(cached(docs[0])); gogc() != minGCPercent {
		t.Errorf("a reopen's first document: GOGC %d, want %d", gogc(), minGCPercent)
	}
	if ib.add(docs[1]); gogc() != 100 {
		t.Errorf("a document parsed after one read from the cache: GOGC %d, want 100", gogc())
	}
	if ib.add(cached(docs[2])); gogc() != 100 {
		t.Errorf("a cached document after a parsed one: GOGC %d, want 100", gogc())
	}
	if newIndexBuilder(nil, nil, 1).add(cached(docs[3])); gogc() != 100 {
		t.Errorf("a Load without an index folder: GOGC %d, want 100", gogc())
	}
}
