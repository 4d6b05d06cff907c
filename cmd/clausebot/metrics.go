package main

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"clausebot/bot"
)

// metrics is the server's bot.Metrics, kept in a registry of its own so
// tests can run several servers in one process and nothing registered by a
// library behind our back shows up in /metrics.
//
// The bot's own series are all named clausebot_*; the Go and process
// collectors keep their standard go_* and process_* names so the usual
// dashboards and alerts work unchanged.
type metrics struct {
	reg *prometheus.Registry

	questions      *prometheus.CounterVec
	answered       prometheus.Counter
	abstained      prometheus.Counter
	latency        prometheus.Histogram
	sent           prometheus.Counter
	sendErrors     *prometheus.CounterVec
	sendRetries    *prometheus.CounterVec
	rateLimited    prometheus.Counter
	indexClauses   prometheus.Gauge
	indexDocuments prometheus.Gauge
	reloadTime     prometheus.Gauge
	reloadSuccess  prometheus.Gauge
	reloads        *prometheus.CounterVec
	buildInfo      *prometheus.GaugeVec
}

var _ bot.Metrics = (*metrics)(nil)

// newMetrics registers every series. platforms are pre-declared so their
// counters read 0 (rather than being absent) before the first event, which
// keeps rate() and absent() alerts honest.
func newMetrics(platforms ...bot.Platform) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "clausebot_questions_total",
			Help: "Questions received, by platform.",
		}, []string{"platform"}),
		answered: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "clausebot_answered_total",
			Help: "Questions answered with at least one clause.",
		}),
		abstained: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "clausebot_abstained_total",
			Help: "Questions the documents do not cover (no clause shown).",
		}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "clausebot_answer_latency_seconds",
			Help: "Time from receiving a question to having its answer, before sending.",
			// Searches take milliseconds; the top buckets catch a
			// machine in trouble.
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}),
		sent: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "clausebot_messages_sent_total",
			Help: "Messages sent to users (all platforms).",
		}),
		sendErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "clausebot_send_errors_total",
			Help: "Messages that could not be sent, by platform.",
		}, []string{"platform"}),
		sendRetries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "clausebot_send_retries_total",
			Help: "Sends retried after a flood limit or a transient error, by platform.",
		}, []string{"platform"}),
		rateLimited: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "clausebot_rate_limited_total",
			Help: "Messages refused because their user exceeded the per-user rate limit.",
		}),
		indexClauses: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "clausebot_index_clauses",
			Help: "Clauses in the index being served.",
		}),
		indexDocuments: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "clausebot_index_documents",
			Help: "Documents in the index being served.",
		}),
		reloadTime: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "clausebot_last_reload_timestamp_seconds",
			Help: "Unix time of the last reload attempt (the initial load counts).",
		}),
		reloadSuccess: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "clausebot_last_reload_success",
			Help: "1 if the last reload attempt was swapped in, 0 if it failed and the old index is still served.",
		}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "clausebot_reloads_total",
			Help: "Reload attempts, by result (ok, failed, unchanged).",
		}, []string{"result"}),
		buildInfo: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "clausebot_build_info",
			Help: "Always 1; the labels say which build is running: version, Go toolchain, commit (\"\" when not stamped).",
		}, []string{"version", "goversion", "revision"}),
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.questions, m.answered, m.abstained, m.latency, m.sent, m.sendErrors,
		m.sendRetries, m.rateLimited, m.indexClauses, m.indexDocuments,
		m.reloadTime, m.reloadSuccess, m.reloads, m.buildInfo,
	)
	bi := readBuildInfo()
	m.buildInfo.WithLabelValues(bi.Version, bi.GoVersion, bi.Revision).Set(1)
	for _, p := range platforms {
		m.questions.WithLabelValues(string(p))
		m.sendErrors.WithLabelValues(string(p))
		m.sendRetries.WithLabelValues(string(p))
	}
	for _, r := range []string{reloadOK, reloadFailed, reloadUnchanged} {
		m.reloads.WithLabelValues(r)
	}
	return m
}

// Question implements bot.Metrics.
func (m *metrics) Question(p bot.Platform) { m.questions.WithLabelValues(string(p)).Inc() }

// Answered implements bot.Metrics.
func (m *metrics) Answered(p bot.Platform, abstained bool, latency time.Duration) {
	if abstained {
		m.abstained.Inc()
	} else {
		m.answered.Inc()
	}
	m.latency.Observe(latency.Seconds())
}

// RateLimited implements bot.Metrics.
func (m *metrics) RateLimited(bot.Platform) { m.rateLimited.Inc() }

// Sent implements bot.Metrics.
func (m *metrics) Sent(bot.Platform) { m.sent.Inc() }

// SendError implements bot.Metrics.
func (m *metrics) SendError(p bot.Platform) { m.sendErrors.WithLabelValues(string(p)).Inc() }

// SendRetry implements bot.Metrics.
func (m *metrics) SendRetry(p bot.Platform) { m.sendRetries.WithLabelValues(string(p)).Inc() }

// indexLoaded records the index now served.
func (m *metrics) indexLoaded(documents, clauses int) {
	m.indexDocuments.Set(float64(documents))
	m.indexClauses.Set(float64(clauses))
}

// The results of a reload attempt.
const (
	reloadOK        = "ok"
	reloadFailed    = "failed"
	reloadUnchanged = "unchanged"
)

// reloaded records a reload attempt.
func (m *metrics) reloaded(at time.Time, result string) {
	m.reloads.WithLabelValues(result).Inc()
	if result == reloadUnchanged {
		return
	}
	m.reloadTime.Set(float64(at.UnixNano()) / 1e9)
	if result == reloadOK {
		m.reloadSuccess.Set(1)
	} else {
		m.reloadSuccess.Set(0)
	}
}

// handler serves /metrics.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		Registry:          m.reg, // also counts scrape errors
		EnableOpenMetrics: true,
	})
}
