package index

import (
	"context"
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

// TestLoadLowersGC checks the rule of lowGCClauses: a Load of that many
// clauses sets the collector's target to lowGCPercent, unless GOGC or
// GOMEMLIMIT is set or the program changed the target itself.
func TestLoadLowersGC(t *testing.T) {
	gogc := func() uint64 {
		s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	defer func(n int) { lowGCClauses = n }(lowGCClauses)
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
	lowGCClauses = 1 << 30
	if load(); gogc() != 100 {
		t.Errorf("a small library: GOGC %d, want 100", gogc())
	}
	lowGCClauses = 1
	if load(); gogc() != lowGCPercent {
		t.Errorf("a large library: GOGC %d, want %d", gogc(), lowGCPercent)
	}
	debug.SetGCPercent(100)
	t.Setenv("GOGC", "100")
	if load(); gogc() != 100 {
		t.Errorf("GOGC set by the user: GOGC %d, want 100", gogc())
	}
	t.Setenv("GOGC", "")
	debug.SetGCPercent(150)
	if load(); gogc() != 150 {
		t.Errorf("GOGC set by the program: GOGC %d, want 150", gogc())
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
