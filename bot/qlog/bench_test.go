package qlog

import (
	"context"
	"io"
	"sort"
	"strconv"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"clausebot/bot"
	"clausebot/bot/bottest"
	"clausebot/bot/telegram"
	"clausebot/bot/telegram/tgfake"
	"clausebot/bot/terminal"
)

// benchQuestions mix answered and unanswered questions.
var benchQuestions = []string{"北斗", "中俄在北斗卫星导航方面有什么合作？", "能源合作", "明天天气怎么样", "人文交流"}

// benchLogs runs run once per database, with a log open on it. run
// alternates each question between a bot without the log and one with it,
// so the load of a shared machine falls on both alike and the difference
// is the log's.
func benchLogs(b *testing.B, run func(b *testing.B, ql bot.QuestionLog)) {
	b.Run("sqlite", func(b *testing.B) {
		run(b, mustOpen(b, b.TempDir()+"/bench.db", Options{LogQuestions: true}))
	})
	b.Run("postgres", func(b *testing.B) {
		run(b, mustOpen(b, mustPostgres(b), Options{LogQuestions: true}))
	})
}

// reportLatency reports the p50 and p99 of off and on in milliseconds,
// and the p99 the log adds.
func reportLatency(b *testing.B, off, on []time.Duration) {
	pct := func(lat []time.Duration, p int) float64 {
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		return float64(lat[len(lat)*p/100].Nanoseconds()) / 1e6
	}
	b.ReportMetric(pct(off, 50), "off-ms-p50")
	b.ReportMetric(pct(off, 99), "off-ms-p99")
	b.ReportMetric(pct(on, 50), "on-ms-p50")
	b.ReportMetric(pct(on, 99), "on-ms-p99")
	b.ReportMetric(0, "ns/op") // the percentiles are the figures
}

// tgBot is a Telegram adapter running against its own loopback fake.
type tgBot struct {
	fake *tgfake.Server
}

func startTelegram(b *testing.B, h bot.Handler) tgBot {
	fake := tgfake.New(b, tgfake.Options{})
	a, err := telegram.New(telegram.Config{
		Token: fake.Token(), APIEndpoint: fake.Endpoint(),
		ChatRate: rate.Inf, GroupRate: rate.Inf, GlobalRate: rate.Inf,
		PollTimeout: 5 * time.Second, ShutdownTimeout: 10 * time.Second,
	}, h)
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	b.Cleanup(func() { cancel(); <-done })
	for !a.Ready() {
		time.Sleep(10 * time.Millisecond)
	}
	return tgBot{fake}
}

// ask sends q as user and returns the time until the reply reached the
// fake.
func (t tgBot) ask(b *testing.B, user int64, q string) time.Duration {
	n := len(t.fake.Sent())
	start := time.Now()
	t.fake.Private(tgfake.User(user, "zh"), q)
	if !t.fake.WaitSent(n+1, 30*time.Second) {
		b.Fatalf("no reply to %q", q)
	}
	return t.fake.Sent()[n].At.Sub(start)
}

// BenchmarkReplyTelegram measures a question's round trip through the
// Telegram adapter and its loopback fake (update in → sendMessage
// received), with the log off and on: what a user waits.
//
//	go test -run '^$' -bench ReplyTelegram -benchtime 400x ./bot/qlog
func BenchmarkReplyTelegram(b *testing.B) {
	idx := bottest.SeedIndex(b)
	benchLogs(b, func(b *testing.B, ql bot.QuestionLog) {
		off := startTelegram(b, bot.New(idx, bot.Options{RatePerMinute: -1}))
		on := startTelegram(b, bot.New(idx, bot.Options{RatePerMinute: -1, QuestionLog: ql}))
		latOff := make([]time.Duration, 0, b.N)
		latOn := make([]time.Duration, 0, b.N)
		b.ResetTimer()
		for i := range b.N {
			q := benchQuestions[i%len(benchQuestions)]
			latOff = append(latOff, off.ask(b, int64(10000+i), q))
			latOn = append(latOn, on.ask(b, int64(10000+i), q))
		}
		b.StopTimer()
		reportLatency(b, latOff, latOn)
	})
}

// BenchmarkReplyCore measures the same replies through the terminal
// adapter, which calls the core directly: no network, so the log's own
// cost on the reply path (building the row, queueing it) is not lost in
// the noise of a round trip.
//
//	go test -run '^$' -bench ReplyCore -benchtime 4000x ./bot/qlog
func BenchmarkReplyCore(b *testing.B) {
	idx := bottest.SeedIndex(b)
	benchLogs(b, func(b *testing.B, ql bot.QuestionLog) {
		ctx := context.Background()
		off := terminal.New(bot.New(idx, bot.Options{RatePerMinute: -1}), nil, io.Discard, terminal.Options{})
		on := terminal.New(bot.New(idx, bot.Options{RatePerMinute: -1, QuestionLog: ql}), nil, io.Discard, terminal.Options{})
		latOff := make([]time.Duration, 0, b.N)
		latOn := make([]time.Duration, 0, b.N)
		timed := func(a *terminal.Adapter, q string) time.Duration {
			start := time.Now()
			if a.Line(ctx, q) == "" {
				b.Fatal("no reply")
			}
			return time.Since(start)
		}
		b.ResetTimer()
		for i := range b.N {
			q := benchQuestions[i%len(benchQuestions)]
			latOff = append(latOff, timed(off, q))
			latOn = append(latOn, timed(on, q))
		}
		b.StopTimer()
		reportLatency(b, latOff, latOn)
	})
}

// BenchmarkLogQuestion measures what the log itself costs a reply:
// LogQuestion's own time (the row is only queued), as p50 and p99.
//
//	go test -run '^$' -bench LogQuestion -benchtime 20000x ./bot/qlog
func BenchmarkLogQuestion(b *testing.B) {
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run(db, func(b *testing.B) {
			dsn := b.TempDir() + "/bench.db"
			if db == "postgres" {
				dsn = mustPostgres(b)
			}
			l := mustOpen(b, dsn, Options{LogQuestions: true})
			now := time.Now()
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := range b.N {
				q := question("C"+strconv.FormatInt(int64(10000000+i), 10)[1:], now, "北斗合作", false, "d:一·1", "d:一·2", "d:二·3")
				start := time.Now()
				l.LogQuestion(q)
				lat = append(lat, time.Since(start))
			}
			b.StopTimer()
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "µs-p50")
			b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds())/1e3, "µs-p99")
			b.ReportMetric(float64(l.Stats().Dropped), "dropped")
		})
	}
}

// BenchmarkWrite measures rows written per second: questions with three
// hits each, queued as fast as they come, until Close has stored them all.
//
//	go test -run '^$' -bench Write -benchtime 20000x ./bot/qlog
func BenchmarkWrite(b *testing.B) {
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run(db, func(b *testing.B) {
			dsn := b.TempDir() + "/bench.db"
			if db == "postgres" {
				dsn = mustPostgres(b)
			}
			l, err := Open(context.Background(), dsn, Options{Key: testKey, LogQuestions: true, QueueSize: b.N + 1})
			if err != nil {
				b.Fatal(err)
			}
			now := time.Now()
			b.ResetTimer()
			start := time.Now()
			for i := range b.N {
				l.LogQuestion(question("B"+strconv.FormatInt(int64(10000000+i), 10)[1:], now, "北斗合作", false, "d:一·1", "d:一·2", "d:二·3"))
			}
			if err := l.Close(); err != nil {
				b.Fatal(err)
			}
			el := time.Since(start)
			b.StopTimer()
			if s := l.Stats(); s.Written != int64(b.N) {
				b.Fatalf("written %d of %d (dropped %d)", s.Written, b.N, s.Dropped)
			}
			b.ReportMetric(float64(b.N)/el.Seconds(), "questions/s")
			b.ReportMetric(float64(4*b.N)/el.Seconds(), "rows/s") // a question and its three hits
		})
	}
}
