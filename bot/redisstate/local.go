package redisstate

import (
	"context"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/time/rate"
)

// localSize bounds each in-process map of the fallback. Forgetting an entry
// forgives a user or lets a very old event through twice, so the bound is a
// memory cap, as in the adapters' own caches.
const localSize = 20000

// local is the in-process state a State answers from while Redis is away.
// It behaves as one process's state does without Redis: replicas no longer
// see each other's, and nothing is copied back when Redis returns.
type local struct {
	mu      sync.Mutex
	now     func() time.Time
	seenSet *lru.Cache[string, time.Time] // key → expiry
	buckets *lru.Cache[string, *localBucket]
	pacers  *lru.Cache[string, *rate.Limiter]
	counts  *lru.Cache[string, localCount]
	values  *lru.Cache[string, localValue]
}

type localBucket struct {
	lim    *rate.Limiter
	warned bool
}

type localCount struct {
	n       int64
	expires time.Time
}

func newLocal() *local {
	l := &local{now: time.Now}
	l.seenSet, _ = lru.New[string, time.Time](localSize)
	l.buckets, _ = lru.New[string, *localBucket](localSize)
	l.pacers, _ = lru.New[string, *rate.Limiter](localSize)
	l.counts, _ = lru.New[string, localCount](localSize)
	l.values, _ = lru.New[string, localValue](localSize)
	return l
}

func (l *local) firstSeen(ttl time.Duration, keys []string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	for _, k := range keys {
		if exp, ok := l.seenSet.Peek(k); ok && now.Before(exp) {
			return false
		}
	}
	for _, k := range keys {
		l.seenSet.Add(k, now.Add(ttl))
	}
	return true
}

func (l *local) seen(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	exp, ok := l.seenSet.Peek(key)
	return ok && l.now().Before(exp)
}

func (l *local) allow(key string, perSecond float64, burst int) (allowed, notice bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets.Get(key)
	if !ok {
		b = &localBucket{lim: rate.NewLimiter(rate.Limit(perSecond), max(burst, 1))}
		l.buckets.Add(key, b)
	}
	if b.lim.AllowN(l.now(), 1) {
		b.warned = false
		return true, false
	}
	if b.warned {
		return false, false
	}
	b.warned = true
	return false, true
}

func (l *local) wait(ctx context.Context, key string, perSecond float64, burst int) error {
	l.mu.Lock()
	lim, ok := l.pacers.Get(key)
	if !ok {
		lim = rate.NewLimiter(rate.Limit(perSecond), max(burst, 1))
		l.pacers.Add(key, lim)
	}
	l.mu.Unlock()
	return lim.Wait(ctx)
}

func (l *local) count(key string) int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	c, ok := l.counts.Get(key)
	if !ok || !l.now().Before(c.expires) {
		return 0
	}
	return c.n
}

func (l *local) add(key string, n int64, ttl time.Duration) int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	c, ok := l.counts.Get(key)
	if !ok || !now.Before(c.expires) {
		c = localCount{expires: now.Add(ttl)}
	}
	c.n += n
	l.counts.Add(key, c)
	return c.n
}

type localValue struct {
	v       string
	expires time.Time
}

func (l *local) get(key string) (string, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.values.Get(key)
	if !ok || !l.now().Before(e.expires) {
		return "", false
	}
	return e.v, true
}

func (l *local) set(key, v string, ttl time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.values.Add(key, localValue{v: v, expires: l.now().Add(ttl)})
}
