package index

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestFinderMatchesContains checks finder.scan against strings.Contains on
// random texts and needles drawn from a small alphabet of Chinese, Latin
// and Cyrillic runes (so that needles overlap, repeat, share first runes
// and straddle the norm boundary), for both the whole text and its first
// nn bytes.
func TestFinderMatchesContains(t *testing.T) {
	alphabet := []rune("合作中俄国际经济两国ab-é合я ，")
	rnd := rand.New(rand.NewPCG(1, 2))
	str := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteRune(alphabet[rnd.IntN(len(alphabet))])
		}
		return b.String()
	}
	for round := range 2000 {
		var f finder
		var needles []string
		var ks []int32
		for range 1 + rnd.IntN(70) { // past 64: more than one word of bits
			s := str(1 + rnd.IntN(3))
			k := f.add(s)
			if f.needles[k] != s {
				t.Fatalf("add(%q) = %d, which is %q", s, k, f.needles[k])
			}
			needles, ks = append(needles, s), append(ks, k)
		}
		f.seal()
		text := str(rnd.IntN(40))
		nn := 0
		for i := range text { // a rune boundary
			if rnd.IntN(3) == 0 {
				break
			}
			nn = i
		}
		var fd found
		f.scan(text, nn, &fd)
		for i, s := range needles {
			k := ks[i]
			if got, want := fd.has(k), strings.Contains(text, s); got != want {
				t.Fatalf("round %d: has(%q) in %q = %v, want %v", round, s, text, got, want)
			}
			if got, want := fd.hasNorm(k), strings.Contains(text[:nn], s); got != want {
				t.Fatalf("round %d: hasNorm(%q) in %q[:%d] = %v, want %v", round, s, text, nn, got, want)
			}
		}
		if fd.has(-1) || fd.hasNorm(-1) {
			t.Fatal("needle -1 found")
		}
	}
}
