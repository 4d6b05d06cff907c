package index

import (
	"math"
	"testing"
)

// TestDropFaint checks that a ranked hit scoring under faintScore of the
// best ranked one is dropped, while the first ranked hit and cited ones
// (+Inf) stay, whatever their order.
func TestDropFaint(t *testing.T) {
	inf := math.Inf(1)
	hs := []scored{{idx: 1, score: inf}, {idx: 2, score: 0.5}, {idx: 3, score: 0.2}, {idx: 4, score: 0.5 * faintScore * 0.9}, {idx: 5, score: inf}}
	var got []int
	for _, h := range dropFaint(hs) {
		got = append(got, h.idx)
	}
	want := []int{1, 2, 3, 5}
	if len(got) != len(want) {
		t.Fatalf("dropFaint kept %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("dropFaint kept %v, want %v", got, want)
		}
	}
	if got := dropFaint([]scored{{idx: 7, score: 1e-9}}); len(got) != 1 {
		t.Errorf("dropFaint dropped a lone faint hit: %v", got)
	}
}
