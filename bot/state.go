package bot

import (
	"context"
	"time"
)

// The interfaces below are the state the core and the adapters keep between
// messages, narrowed so that several replicas of the bot can share it. Each
// one is optional: nil leaves the core or the adapter with its own
// in-process state, exactly as a single process keeps it. bot/redisstate
// implements them all on Redis.
//
// None of them returns an error. An implementation that cannot reach its
// store answers from in-process state instead, and reports that on its own
// (logs, metrics, /readyz): a chat answer never fails because shared state
// is away.

// Dedup is a set of recently handled ids (Slack event, envelope and
// command ids, Telegram update ids).
type Dedup interface {
	// FirstSeen records keys for ttl and reports whether none of them had
	// been recorded before. It is atomic: of two callers racing with a
	// common key, only one gets true. Empty keys are ignored; with no
	// non-empty key it reports true.
	FirstSeen(ctx context.Context, ttl time.Duration, keys ...string) bool
	// Seen reports whether key is recorded now, without recording it.
	Seen(ctx context.Context, key string) bool
}

// Limiter is a set of per-key rate limits: buckets that refill at a steady
// rate and hold at most burst tokens (GCRA, or a token bucket).
type Limiter interface {
	// Allow takes one token from key's bucket, which refills perMinute
	// tokens a minute and holds burst. When none is left, notice says
	// whether this is the first refusal since the key's last allowed call,
	// which gets the one polite notice; later refusals get silence.
	Allow(ctx context.Context, key string, perMinute float64, burst int) (allowed, notice bool)
}

// Pacer spaces out events that share a key (messages to one chat, or all
// messages of a bot) across every caller that shares the Pacer.
type Pacer interface {
	// Wait blocks until one more event may happen under key, at most
	// perSecond a second on average with bursts of burst, and reserves it.
	// It returns ctx's error if ctx ends first.
	Wait(ctx context.Context, key string, perSecond float64, burst int) error
}

// Counters count uses of something that expires (a Slack response_url
// takes five posts in its 30 minutes).
type Counters interface {
	// Count returns key's count, 0 if it has none or it expired.
	Count(ctx context.Context, key string) int64
	// Add adds n to key's count, starts its ttl when the key is new, and
	// returns the new count.
	Add(ctx context.Context, key string, n int64, ttl time.Duration) int64
}

// Lease lets one of several replicas do something only one may do at a time
// (Telegram allows one getUpdates consumer per bot).
type Lease interface {
	// Hold blocks until this caller holds the lease named name, then runs
	// fn with a context that is cancelled when the lease is lost (it could
	// not be renewed within its ttl) or ctx ends. It renews the lease while
	// fn runs, and gives it up when fn returns. After fn returns because the
	// lease was lost, Hold waits for the lease again; it returns when ctx
	// ends, or with fn's error when fn returns one while still holding the
	// lease.
	Hold(ctx context.Context, name string, ttl time.Duration, fn func(ctx context.Context) error) error
}

// Store keeps small values for a while: the core's paging state, button
// data too long for a button, and each chat's language, so that a button
// pressed on one replica's answer works on another.
type Store interface {
	// Get returns key's value, false if there is none or it expired.
	Get(ctx context.Context, key string) (string, bool)
	// Set stores value under key for ttl, replacing any earlier value.
	Set(ctx context.Context, key, value string, ttl time.Duration)
}
