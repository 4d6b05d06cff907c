package redisstate_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"
)

// BenchmarkMessageState is what Redis adds to one Slack message: the
// event's de-duplication, the user's rate limit and the channel's pacing,
// each one call to the machine's Redis over loopback. It reports p50 and
// p99 in milliseconds.
func BenchmarkMessageState(b *testing.B) {
	ss := mustStatesB(b)
	s := ss[0]
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		ev := fmt.Sprint(i)
		if !s.FirstSeen(ctx, time.Hour, "ev:"+ev, "ts:D1:"+ev) {
			b.Fatal("not new")
		}
		if ok, _ := s.Allow(ctx, "slack:U"+ev, 20, 5); !ok {
			b.Fatal("limited")
		}
		if err := s.Wait(ctx, "slack:channel:D"+ev, 1, 3); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	if s.Fallback() {
		b.Fatal("fell back: Redis did not answer within the timeout")
	}
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}
