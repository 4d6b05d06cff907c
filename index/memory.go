package index

import (
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
)

// A process that opens a library of lowGCClauses clauses or more runs
// with the garbage collector's target at lowGCPercent instead of Go's
// 100: the heap may then grow a quarter over what the last collection
// found live, not double. That is what keeps a reopened library's peak
// near its live heap. At 1M generated clauses (BenchmarkScale, live heap
// 624 MB, same machine and folder): peak RSS 994 MB at 100, 942 at 50,
// 896 at 25, for an open of 3.4–5.3 CPU-s either way and about 120 KB
// allocated a question (a collection every 1,300 questions at 25, each
// marking the index: about 0.3 CPU-s, or 0.2 ms a question).
//
// It applies only when the user set neither GOGC nor GOMEMLIMIT and the
// program left both at Go's defaults (cmd/clausebot lowers GOGC for a
// small library itself). A reopen (every document read from the parse
// cache) is lowered before the clause table is made, where its heap grows;
// a build or an update only once it is done, since building at 25 would
// collect four times as often over the growing bleve index. The setting
// stays for the life of the process (GOGC is process-wide): a later load
// of a small library keeps it.
var lowGCClauses = 100_000 // a variable for its test

const lowGCPercent = 25

// lowerGC sets the collector's target to lowGCPercent when the user and
// the program left it as Go starts it, and reports whether it did.
func lowerGC() bool {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return false
	}
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}, {Name: "/gc/gomemlimit:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 || s[0].Value.Uint64() != 100 ||
		s[1].Value.Kind() != metrics.KindUint64 || s[1].Value.Uint64() != math.MaxInt64 {
		return false
	}
	debug.SetGCPercent(lowGCPercent)
	return true
}
