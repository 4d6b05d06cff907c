package index

import (
	"context"
	"runtime/metrics"
	"testing"
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
