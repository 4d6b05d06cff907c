package slack

import (
	"sync/atomic"

	"clausebot/bot"
)

// countingMetrics counts the adapter's send events.
type countingMetrics struct {
	bot.NopMetrics
	sent, errors, retries atomic.Int64
}

func (m *countingMetrics) Sent(bot.Platform)      { m.sent.Add(1) }
func (m *countingMetrics) SendError(bot.Platform) { m.errors.Add(1) }
func (m *countingMetrics) SendRetry(bot.Platform) { m.retries.Add(1) }

var _ bot.Metrics = (*countingMetrics)(nil)
