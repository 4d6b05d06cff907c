package main

import (
	"context"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"

	"clausebot/bot/redisstate"
	"clausebot/config"
)

// openShared builds the shared state of the replicas when redis.url is set,
// and registers its metrics; nil, nil when it is not. Redis is not
// required to answer: without it the State answers from in-process state
// and says so in the log, in /metrics and in /readyz.
func openShared(cfg *config.Config, log *slog.Logger, m *metrics) (*redisstate.State, error) {
	if !cfg.RedisEnabled() {
		return nil, nil
	}
	st, err := redisstate.New(redisstate.Options{
		URL:     cfg.Redis.URL.Value(),
		Prefix:  cfg.Redis.Prefix,
		Timeout: cfg.Redis.Timeout,
		Logger:  log.With("component", "redis"),
	})
	if err != nil {
		return nil, err // "redis: url: …", never the URL itself
	}
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "clausebot_redis_fallback",
			Help: "1 while Redis does not answer and shared state (dedup, rate limits, pacing, the polling lease) is kept in this process only.",
		}, func() float64 {
			if st.Fallback() {
				return 1
			}
			return 0
		}),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "clausebot_redis_fallback_ops_total",
			Help: "Shared-state operations answered from in-process state because Redis did not answer.",
		}, func() float64 { return float64(st.FallbackOps()) }),
	)
	return st, nil
}

// redisSummary is config check's line about the shared state. It names
// the host, never the URL, which may carry a password.
func redisSummary(cfg *config.Config) string {
	addr, err := redisstate.ParseURL(cfg.Redis.URL.Value())
	if err != nil {
		addr = "(invalid URL)"
	}
	return "shared state: Redis at " + addr + ", keys under " + cfg.Redis.Prefix + " (dedup, rate limits, pacing, the Telegram polling lease)"
}

// checkShared says at start whether Redis answers.
func (s *server) checkShared(ctx context.Context) {
	if s.shared == nil {
		return
	}
	st := s.shared.Status()
	if err := s.shared.Check(ctx); err == nil {
		s.log.Info("redis: connected; replicas share dedup, rate limits, pacing and the polling lease", "redis", st.Addr, "prefix", st.Prefix)
	}
}
