package telegram

import (
	"sort"
	"testing"
	"time"

	"clausebot/bot/telegram/tgfake"
)

// BenchmarkReplyLatency measures the delay from an update reaching the
// Bot API (the fake) to the bot's sendMessage arriving there, one question
// at a time: long-poll wake-up, routing, a real search, rendering, sending.
func BenchmarkReplyLatency(b *testing.B) {
	fake := tgfake.New(b, tgfake.Options{})
	mustRun(b, fake, mustBot(b), nil)
	qs := []string{"北斗", "中俄在北斗卫星导航方面有什么合作？", "/section 二", "能源合作", "/clause 二.12"}
	var lat []time.Duration
	b.ResetTimer()
	for i := range b.N {
		user := tgfake.User(int64(10000+i), "zh")
		n := len(fake.Sent())
		start := time.Now()
		fake.Private(user, qs[i%len(qs)])
		if !fake.WaitSent(n+1, 10*time.Second) {
			b.Fatalf("no reply to question %d", i)
		}
		lat = append(lat, fake.Sent()[n].At.Sub(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "ms-p50")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "ms-p99")
}

// BenchmarkRepliesPerSecond pushes questions from many chats at once and
// measures the replies per second that come out, pacing off (the defaults
// would cap it at Telegram's 30 messages/s).
func BenchmarkRepliesPerSecond(b *testing.B) {
	fake := tgfake.New(b, tgfake.Options{})
	mustRun(b, fake, mustBot(b), nil)
	qs := []string{"北斗", "能源合作", "/sources", "人文交流", "/help"}
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		fake.Private(tgfake.User(int64(20000+i%64), "zh"), qs[i%len(qs)])
	}
	if !fake.WaitSent(b.N, time.Minute) {
		b.Fatalf("only %d of %d replies", len(fake.Sent()), b.N)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "replies/s")
}
