// Package redisstate keeps the bot's shared state in Redis, so that several
// replicas of clausebot behave as one bot: a Slack retry that reaches
// another replica is not answered twice, a user's rate limit and Telegram's
// send pacing hold across replicas, and only one replica long-polls
// Telegram at a time.
//
// A State implements bot.Dedup, bot.Limiter, bot.Pacer, bot.Counters,
// bot.Lease and bot.Store. Every key it writes starts with its prefix and expires. When
// Redis does not answer within the timeout, the State falls back to
// in-process state: it logs that once, counts it (Fallback, FallbackOps),
// probes Redis every second and goes back to it when it answers. The
// server (cmd/clausebot) builds one State from the `redis:` configuration
// and hands it to the core and the adapters.
package redisstate

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"

	"clausebot/bot"
)

// Options configures a State.
type Options struct {
	// URL is the Redis URL: redis://[user:password@]host:port/db, or
	// rediss:// for TLS. It may carry a password; it is never logged.
	URL string
	// Prefix starts every key; default "clausebot:". Replicas of one bot
	// share it; bots sharing one Redis need different ones.
	Prefix string
	// Timeout bounds each Redis call, dial included; past it the call is
	// answered from in-process state. Default 250 ms.
	Timeout time.Duration
	// ProbeInterval is how often an unreachable Redis is tried again.
	// Default 1 s.
	ProbeInterval time.Duration
	// Logger receives the fallback and recovery lines; default discard.
	Logger *slog.Logger
}

// Defaults for Options.
const (
	DefaultPrefix        = "clausebot:"
	DefaultTimeout       = 250 * time.Millisecond
	DefaultProbeInterval = time.Second
)

// State is the shared state on Redis, with its in-process fallback. It is
// safe for concurrent use. Close it when done.
type State struct {
	rdb     *redis.Client
	rate    *redis_rate.Limiter
	prefix  string
	timeout time.Duration
	probe   time.Duration
	log     *slog.Logger
	addr    string // host:port, no credentials: for logs and /readyz
	id      string // this process's lease owner id

	local *local

	down        atomic.Bool
	fallbackOps atomic.Uint64
	mu          sync.Mutex // guards since, lastErr, probing
	since       time.Time
	lastErr     string
	probing     bool
	closed      chan struct{}
	closeOnce   sync.Once
}

var (
	_ bot.Dedup    = (*State)(nil)
	_ bot.Limiter  = (*State)(nil)
	_ bot.Pacer    = (*State)(nil)
	_ bot.Counters = (*State)(nil)
	_ bot.Lease    = (*State)(nil)
	_ bot.Store    = (*State)(nil)
)

// ParseURL checks a Redis URL and returns its address, host:port, with no
// credentials. The error never contains the URL, which may carry a
// password.
func ParseURL(raw string) (addr string, err error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", errors.New("not a URL")
	}
	if u.Scheme != "redis" && u.Scheme != "rediss" {
		return "", fmt.Errorf("want a redis:// or rediss:// URL, got scheme %q", u.Scheme)
	}
	opt, err := redis.ParseURL(raw)
	if err != nil {
		// go-redis's errors may quote the URL; say what is wrong in our
		// words instead.
		return "", errors.New("not a valid redis URL (redis://[user:password@]host:port/db)")
	}
	return opt.Addr, nil
}

// New builds a State. It does not wait for Redis: the first calls find out
// whether it answers, and fall back if not.
func New(opts Options) (*State, error) {
	addr, err := ParseURL(opts.URL)
	if err != nil {
		return nil, fmt.Errorf("redis: url: %w", err)
	}
	ropt, _ := redis.ParseURL(opts.URL) // checked by ParseURL
	if opts.Prefix == "" {
		opts.Prefix = DefaultPrefix
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.ProbeInterval <= 0 {
		opts.ProbeInterval = DefaultProbeInterval
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	// go-redis has one logger for the whole process; the first State's
	// logger gets its lines.
	setLoggerOnce.Do(func() { redis.SetLogger(quietLogger{opts.Logger}) })
	ropt.DialTimeout = opts.Timeout
	ropt.ReadTimeout = opts.Timeout
	ropt.WriteTimeout = opts.Timeout
	ropt.ContextTimeoutEnabled = true
	ropt.MaxRetries = -1 // a retry would double the wait; the fallback answers instead
	ropt.DisableIdentity = true
	ropt.PoolTimeout = opts.Timeout
	rdb := redis.NewClient(ropt)
	var id [8]byte
	_, _ = rand.Read(id[:])
	return &State{
		rdb:     rdb,
		rate:    redis_rate.NewLimiter(rdb),
		prefix:  opts.Prefix,
		timeout: opts.Timeout,
		probe:   opts.ProbeInterval,
		log:     opts.Logger.With("redis", addr),
		addr:    addr,
		id:      hex.EncodeToString(id[:]),
		local:   newLocal(),
		closed:  make(chan struct{}),
	}, nil
}

// Close stops the probing and closes the connections.
func (s *State) Close() error {
	s.closeOnce.Do(func() { close(s.closed) })
	return s.rdb.Close()
}

// Ping checks that Redis answers within the timeout.
func (s *State) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	if err := s.rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redis: ping %s: %w", s.addr, scrub(err))
	}
	return nil
}

// Fallback reports whether the State is answering from in-process state
// now, because Redis did not answer.
func (s *State) Fallback() bool { return s.down.Load() }

// FallbackOps returns the number of calls answered from in-process state
// since the start.
func (s *State) FallbackOps() uint64 { return s.fallbackOps.Load() }

// Status is the State's condition, for /readyz.
type Status struct {
	Addr     string    `json:"addr"`
	Prefix   string    `json:"prefix"`
	Fallback bool      `json:"fallback"`
	Since    time.Time `json:"since,omitzero"`
	Error    string    `json:"error,omitempty"`
	// FallbackOps is how many calls were answered in-process since start.
	FallbackOps uint64 `json:"fallback_ops"`
}

// Status returns the State's condition now. Since and Error describe the
// current fallback, if any.
func (s *State) Status() Status {
	st := Status{Addr: s.addr, Prefix: s.prefix, Fallback: s.down.Load(), FallbackOps: s.fallbackOps.Load()}
	if st.Fallback {
		s.mu.Lock()
		st.Since, st.Error = s.since, s.lastErr
		s.mu.Unlock()
	}
	return st
}

// key returns the prefixed Redis key.
func (s *State) key(parts ...string) string {
	return s.prefix + strings.Join(parts, ":")
}

// use reports whether to call Redis; false means answer in-process.
func (s *State) use() bool {
	if s.down.Load() {
		s.fallbackOps.Add(1)
		return false
	}
	return true
}

// failed records a Redis error and switches to the fallback. It reports
// true, so callers can write `if err != nil && s.failed(err)`. redis.Nil is
// not a failure.
func (s *State) failed(err error) bool {
	s.fallbackOps.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastErr = scrub(err).Error()
	if s.down.CompareAndSwap(false, true) {
		s.since = time.Now()
		s.log.Warn("redis: unreachable; using in-process state (each replica on its own) until it answers again", "err", s.lastErr)
	}
	if !s.probing {
		s.probing = true
		go s.probeLoop()
	}
	return true
}

// probeLoop pings Redis until it answers, then switches back to it.
func (s *State) probeLoop() {
	t := time.NewTicker(s.probe)
	defer t.Stop()
	for {
		select {
		case <-s.closed:
			return
		case <-t.C:
		}
		if err := s.Ping(context.Background()); err != nil {
			s.mu.Lock()
			s.lastErr = err.Error()
			s.mu.Unlock()
			continue
		}
		s.mu.Lock()
		s.probing = false
		s.down.Store(false)
		d := time.Since(s.since).Round(time.Millisecond)
		s.since, s.lastErr = time.Time{}, ""
		s.mu.Unlock()
		s.log.Info("redis: reachable again; shared state resumed", "after", d)
		return
	}
}

// ctx bounds one Redis call by the timeout.
func (s *State) ctx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), s.timeout)
}

// scrub returns err with any URL userinfo removed: go-redis does not put
// the password in its errors, but a dial error may quote what it was given.
func scrub(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if i := strings.Index(msg, "@"); i >= 0 && strings.Contains(msg, "://") {
		if j := strings.Index(msg, "://"); j < i {
			msg = msg[:j+3] + "***" + msg[i:]
		}
	}
	return errors.New(msg)
}

// Check pings Redis and, when it does not answer, switches to the fallback
// at once (logged once, like any failure), so the server's start-up says
// whether the replicas share their state.
func (s *State) Check(ctx context.Context) error {
	err := s.Ping(ctx)
	if err != nil {
		s.failed(err)
	}
	return err
}

// quietLogger takes go-redis's own log lines, which it would otherwise
// print to stderr in its own format (breaking JSON logs), and passes them
// on at debug level: every failure that matters is reported by the State.
type quietLogger struct{ log *slog.Logger }

func (q quietLogger) Printf(ctx context.Context, format string, v ...any) {
	q.log.DebugContext(ctx, "redis: client", "detail", scrub(fmt.Errorf(format, v...)).Error())
}

var setLoggerOnce sync.Once
