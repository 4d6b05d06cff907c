package bot_test

import (
	"context"
	"testing"
	"time"

	"clausebot/bot"
)

// timed is a Searcher that adds up the time spent inside the real one, so
// the core's own cost is measured exactly rather than as the difference of
// two noisy search timings.
type timed struct {
	bot.Searcher
	in time.Duration
}

func (t *timed) Search(ctx context.Context, q bot.Query) (bot.Results, error) {
	t0 := time.Now()
	defer func() { t.in += time.Since(t0) }()
	return t.Searcher.Search(ctx, q)
}

func (t *timed) Section(ctx context.Context, ref string) ([]bot.Clause, error) {
	t0 := time.Now()
	defer func() { t.in += time.Since(t0) }()
	return t.Searcher.Section(ctx, ref)
}

func (t *timed) Clause(ctx context.Context, ref string) (bot.Clause, error) {
	t0 := time.Now()
	defer func() { t.in += time.Since(t0) }()
	return t.Searcher.Clause(ctx, ref)
}

// BenchmarkOverhead measures what the core adds per message on top of the
// Searcher calls it makes: routing, language, rate limit, paging state,
// cursors, excerpts and building the Reply, with the default logger
// (discarding) and rate limit (high enough never to refuse). Target:
// < 50 µs per message.
func BenchmarkOverhead(b *testing.B) {
	for _, tc := range []struct{ name, text string }{
		{"answer", "投资合作"},
		{"long-question", "中俄总理第二十六次定期会晤是在什么时候举行的"},
		{"no-match", "What is the weather in Paris?"},
		{"section", "/section 二"},
		{"clause", "/clause 二.12"},
		{"help", "/help"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			s := &timed{Searcher: mustSeed(b)}
			bt := bot.New(s, bot.Options{RatePerMinute: 1e9, RateBurst: 1 << 30})
			ctx := context.Background()
			var total time.Duration
			s.in = 0
			for b.Loop() {
				t0 := time.Now()
				if _, ok := bt.Handle(ctx, bot.Message{Platform: bot.Telegram, ChatID: "c", UserID: "u", Text: tc.text, Direct: true}); !ok {
					b.Fatal("not handled")
				}
				total += time.Since(t0)
			}
			n := float64(b.N)
			b.ReportMetric(float64(s.in.Nanoseconds())/n, "searcher-ns/msg")
			b.ReportMetric(float64((total-s.in).Nanoseconds())/n, "overhead-ns/msg")
		})
	}
}

// BenchmarkPress measures a "More results" press end to end.
func BenchmarkPress(b *testing.B) {
	bt := bot.New(mustSeed(b), bot.Options{RatePerMinute: -1, Results: 1})
	ctx := context.Background()
	r, _ := bt.Handle(ctx, bot.Message{Platform: bot.Telegram, ChatID: "c", UserID: "u", Text: "合作", Direct: true})
	data := r.Buttons[0].Data
	for b.Loop() {
		if _, ok := bt.Press(ctx, bot.Action{Platform: bot.Telegram, ChatID: "c", UserID: "u", Data: data}); !ok {
			b.Fatal("not handled")
		}
	}
}
