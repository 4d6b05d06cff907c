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
//
// The "ping" case is the floor: three PINGs, the same number of round trips
// with no work, so a loaded machine's scheduling can be told from ours.
func BenchmarkMessageState(b *testing.B) {
	b.Run("state", func(b *testing.B) {
		s := mustStatesB(b)[0]
		ctx := context.Background()
		measure(b, func(i int) {
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
		})
		if s.Fallback() {
			b.Fatal("fell back: Redis did not answer within the timeout")
		}
	})
	b.Run("ping", func(b *testing.B) {
		s := mustStatesB(b)[0]
		ctx := context.Background()
		measure(b, func(int) {
			for range 3 {
				if err := s.Ping(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}

// measure runs fn b.N times and reports its p50 and p99 in milliseconds.
func measure(b *testing.B, fn func(i int)) {
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		fn(i)
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}
