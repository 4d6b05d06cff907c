package main

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"clausebot/bot/redisstate/redistest"
	"clausebot/bot/slack/slackfake"
)

// BenchmarkReplyLatency measures one Slack question's round trip through a
// running serve and the fake: the signed event in, the answer posted. With
// Redis, the event's de-duplication, the user's rate limit and the
// channel's pacing are each a call to the machine's Redis. It reports p50
// and p99 in milliseconds; run it with a fixed count for comparable runs:
//
//	go test ./cmd/clausebot -run '^$' -bench ReplyLatency -benchtime 400x
func BenchmarkReplyLatency(b *testing.B) {
	for _, withRedis := range []bool{false, true} {
		name := "memory"
		if withRedis {
			name = "redis"
		}
		b.Run(name, func(b *testing.B) {
			fake := slackfake.New(b)
			env := slackEnv(fake, "")
			if withRedis {
				url, prefix := redistest.Must(b)
				env["CLAUSEBOT_REDIS_URL"] = url
				env["CLAUSEBOT_REDIS_PREFIX"] = prefix
			}
			r := startServe(b, env)
			serveWaitFor(b, "/readyz 200", func() bool { code, _ := r.readyz(b); return code == 200 })
			sc := &slackClient{r: r, fake: fake}
			// Warm up: the first search loads what the index loads lazily.
			fake.AddChannel("DWARM")
			sc.ask(b, "DWARM", "UWARM", beidouQ)
			if _, err := fake.WaitPosts(1, 30*time.Second); err != nil {
				b.Fatal(err)
			}
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := range b.N {
				// A channel and a user of its own: neither pacing nor the
				// rate limit may wait.
				ch, user := fmt.Sprintf("DB%07d", i), fmt.Sprintf("UB%07d", i)
				fake.AddChannel(ch)
				start := time.Now()
				sc.ask(b, ch, user, beidouQ)
				if _, err := fake.WaitPosts(i+2, 30*time.Second); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
			}
			b.StopTimer()
			slices.Sort(lat)
			pct := func(p float64) float64 {
				return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
			}
			b.ReportMetric(pct(0.50), "p50-ms")
			b.ReportMetric(pct(0.99), "p99-ms")
		})
	}
}
