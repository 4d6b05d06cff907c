package redisstate

import (
	"context"
	"errors"
	"math"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
)

// firstSeen sets every key with NX only if none exists: one round trip,
// atomic, so two replicas handed the same event agree on who answers.
// KEYS are the keys; ARGV[1] is the ttl in milliseconds.
var firstSeen = redis.NewScript(`
for i = 1, #KEYS do
  if redis.call("EXISTS", KEYS[i]) == 1 then return 0 end
end
for i = 1, #KEYS do
  redis.call("SET", KEYS[i], "1", "PX", ARGV[1])
end
return 1`)

// FirstSeen implements bot.Dedup. Keys live under prefix+"seen:".
func (s *State) FirstSeen(ctx context.Context, ttl time.Duration, keys ...string) bool {
	rkeys := make([]string, 0, len(keys))
	for _, k := range keys {
		if k != "" {
			rkeys = append(rkeys, s.key("seen", k))
		}
	}
	if len(rkeys) == 0 {
		return true
	}
	if s.use() {
		cctx, cancel := s.ctx(ctx)
		n, err := firstSeen.Run(cctx, s.rdb, rkeys, ms(ttl)).Int()
		cancel()
		if err == nil {
			return n == 1
		}
		s.failed(err)
	}
	return s.local.firstSeen(ttl, rkeys)
}

// Seen implements bot.Dedup.
func (s *State) Seen(ctx context.Context, key string) bool {
	k := s.key("seen", key)
	if s.use() {
		cctx, cancel := s.ctx(ctx)
		n, err := s.rdb.Exists(cctx, k).Result()
		cancel()
		if err == nil {
			return n > 0
		}
		s.failed(err)
	}
	return s.local.seen(k)
}

// Allow implements bot.Limiter with GCRA (github.com/go-redis/redis_rate):
// the bucket is one key, "rate:"+prefix+"user:"+key (redis_rate puts its
// own "rate:" first), and the user's notice flag another, prefix+"warned:"+key.
func (s *State) Allow(ctx context.Context, key string, perMinute float64, burst int) (allowed, notice bool) {
	if perMinute < 0 {
		return true, false
	}
	k, wk := s.key("user", key), s.key("warned", key)
	if s.use() {
		ok, err := s.allowRedis(ctx, k, wk, perMinute/60, burst)
		if err == nil {
			return ok.allowed, ok.notice
		}
		s.failed(err)
	}
	return s.local.allow(k, perMinute/60, burst)
}

type verdict struct{ allowed, notice bool }

func (s *State) allowRedis(ctx context.Context, k, wk string, perSecond float64, burst int) (verdict, error) {
	cctx, cancel := s.ctx(ctx)
	defer cancel()
	lim := limit(perSecond, burst)
	res, err := s.rate.Allow(cctx, k, lim)
	if err != nil {
		return verdict{}, err
	}
	if res.Allowed > 0 {
		return verdict{allowed: true}, nil
	}
	// The notice flag lives until the bucket has a token again. The next
	// message after that is allowed, so "first refusal since the last
	// allowed message" is "first refusal while the flag is unset", and the
	// allowed path needs no second round trip to clear it.
	ttl := max(res.RetryAfter, time.Millisecond)
	set, err := s.rdb.SetNX(cctx, wk, "1", ttl).Result()
	if err != nil {
		return verdict{}, err
	}
	return verdict{notice: set}, nil
}

// Wait implements bot.Pacer with GCRA: it asks Redis for a slot and, when
// refused, sleeps for as long as Redis says and asks again. Keys are
// "rate:"+prefix+"pace:"+key.
func (s *State) Wait(ctx context.Context, key string, perSecond float64, burst int) error {
	if math.IsInf(perSecond, 1) || perSecond <= 0 {
		return nil
	}
	k := s.key("pace", key)
	lim := limit(perSecond, burst)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !s.use() {
			return s.local.wait(ctx, k, perSecond, burst)
		}
		cctx, cancel := s.ctx(ctx)
		res, err := s.rate.Allow(cctx, k, lim)
		cancel()
		if err != nil {
			s.failed(err)
			return s.local.wait(ctx, k, perSecond, burst)
		}
		if res.Allowed > 0 {
			return nil
		}
		d := res.RetryAfter
		if d <= 0 {
			d = time.Millisecond
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Count implements bot.Counters. Keys live under prefix+"count:".
func (s *State) Count(ctx context.Context, key string) int64 {
	k := s.key("count", key)
	if s.use() {
		cctx, cancel := s.ctx(ctx)
		n, err := s.rdb.Get(cctx, k).Int64()
		cancel()
		if err == nil || errors.Is(err, redis.Nil) {
			return n
		}
		s.failed(err)
	}
	return s.local.count(k)
}

// addScript adds ARGV[1] and sets the ttl (ARGV[2], ms) on a new key.
var addScript = redis.NewScript(`
local n = redis.call("INCRBY", KEYS[1], ARGV[1])
if redis.call("PTTL", KEYS[1]) < 0 then redis.call("PEXPIRE", KEYS[1], ARGV[2]) end
return n`)

// Add implements bot.Counters.
func (s *State) Add(ctx context.Context, key string, n int64, ttl time.Duration) int64 {
	k := s.key("count", key)
	if s.use() {
		cctx, cancel := s.ctx(ctx)
		v, err := addScript.Run(cctx, s.rdb, []string{k}, n, ms(ttl)).Int64()
		cancel()
		if err == nil {
			return v
		}
		s.failed(err)
	}
	return s.local.add(k, n, ttl)
}

// limit is the GCRA limit for perSecond events a second with bursts of
// burst. GCRA depends only on the interval between events (Period/Rate)
// and the burst, so a fractional rate becomes one event per period.
func limit(perSecond float64, burst int) redis_rate.Limit {
	return redis_rate.Limit{
		Rate:   1,
		Period: time.Duration(float64(time.Second) / perSecond),
		Burst:  max(burst, 1),
	}
}

// ms is d in whole milliseconds, at least 1.
func ms(d time.Duration) int64 { return max(d.Milliseconds(), 1) }

// Get implements bot.Store. Keys live under prefix+"kv:".
func (s *State) Get(ctx context.Context, key string) (string, bool) {
	k := s.key("kv", key)
	if s.use() {
		cctx, cancel := s.ctx(ctx)
		v, err := s.rdb.Get(cctx, k).Result()
		cancel()
		if err == nil {
			return v, true
		}
		if errors.Is(err, redis.Nil) {
			return "", false
		}
		s.failed(err)
	}
	return s.local.get(k)
}

// Set implements bot.Store.
func (s *State) Set(ctx context.Context, key, value string, ttl time.Duration) {
	k := s.key("kv", key)
	if s.use() {
		cctx, cancel := s.ctx(ctx)
		err := s.rdb.Set(cctx, k, value, time.Duration(ms(ttl))*time.Millisecond).Err()
		cancel()
		if err == nil {
			return
		}
		s.failed(err)
	}
	s.local.set(k, value, ttl)
}
