package index

import (
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// The garbage collector's target (GOGC) is set from the live heap while a
// library is opened and once it is loaded: the heap may grow by
// gcHeadroom over what the last collection found live, or by a quarter of
// it (minGCPercent) when that is more, instead of doubling as at Go's
// 100. A small library keeps 100 (under 128 MiB of live heap, about
// 250,000 generated clauses); 1M clauses, 478 MB live, run at 25. That
// is what keeps a reopened library's peak near its live heap: at 1M
// generated clauses (BenchmarkScale, same folder, three runs each at load
// 7–8), peak RSS 683–686 MB against 860–882 MB with GOGC=100, for
// 3.5–4.7 CPU-s of open against 2.9–4.0 (docs/operations.md). A fixed
// headroom, not a fixed percentage, so that a collection comes after
// about as many questions whatever the size of the library (one
// allocates about 120 KB: a collection every 1,000 questions or more),
// not every 240 at 200,000 clauses as with a fixed 25, which showed in
// p99 (49–52 ms against 25 ms) and doubled that open's wall time.
//
// It applies only when the user set neither GOGC nor GOMEMLIMIT and the
// program left both at Go's defaults (cmd/clausebot lowers GOGC for a
// small library itself). During a Load it is set as the clause table of a
// reopen grows (while every document added was read from the parse
// cache: see indexBuilder.add), and after the Load; a Load starts back at
// 100, and goes back to it at the first document it parses, so that a
// build or an update is not made to collect more often over its growing
// bleve index.
var gcHeadroom uint64 = 128 << 20 // bytes; a variable for its test

const minGCPercent = 25

var (
	gcMu   sync.Mutex
	gcOurs uint64 // the target tuneGC last set, 0 before
)

// gcState reads the collector's target and memory limit, and the live
// heap found by the last collection (bytes).
func gcState() (percent, limit, live uint64) {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}, {Name: "/gc/gomemlimit:bytes"}, {Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	for _, v := range s {
		if v.Value.Kind() != metrics.KindUint64 {
			return 0, 0, 0
		}
	}
	return s[0].Value.Uint64(), s[1].Value.Uint64(), s[2].Value.Uint64()
}

// ownsGC reports whether the target is Go's default or tuneGC's, with no
// memory limit, and neither set by the user; called with gcMu held.
func ownsGC(percent, limit uint64) bool {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" || limit != math.MaxInt64 {
		return false
	}
	// (A program's SetGCPercent(-1) reads as 0, as gcOurs before any.)
	return percent == 100 || (gcOurs != 0 && percent == gcOurs)
}

// tuneGC sets the collector's target from the live heap (see gcHeadroom),
// when it is Go's default or tuneGC's.
func tuneGC() {
	gcMu.Lock()
	defer gcMu.Unlock()
	percent, limit, live := gcState()
	if !ownsGC(percent, limit) {
		return
	}
	p := uint64(100)
	if live > gcHeadroom {
		p = max(minGCPercent, gcHeadroom*100/live)
	}
	if p != percent {
		debug.SetGCPercent(int(p))
	}
	gcOurs = p
}

// resetGC sets the collector's target back to Go's default when tuneGC
// set it (a Load starts there).
func resetGC() {
	gcMu.Lock()
	defer gcMu.Unlock()
	percent, limit, _ := gcState()
	if gcOurs != 0 && percent == gcOurs && ownsGC(percent, limit) {
		debug.SetGCPercent(100)
	}
}
