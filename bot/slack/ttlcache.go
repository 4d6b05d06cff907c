package slack

import (
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
)

// ttlCache is a size-bounded LRU whose entries also expire after ttl, as
// measured by now. Expiry is checked on read, so the cache runs no
// goroutine (hashicorp's expirable LRU starts one per cache that is never
// stopped) and tests can move time with a fake clock. An expired entry
// still holds its slot until read or evicted by size, which the size bound
// keeps harmless. It is safe for concurrent use.
type ttlCache[K comparable, V any] struct {
	c   *lru.Cache[K, ttlEntry[V]]
	ttl time.Duration
	now func() time.Time
}

type ttlEntry[V any] struct {
	v       V
	expires time.Time
}

// newTTLCache returns a cache of at most size entries, each kept for ttl.
func newTTLCache[K comparable, V any](size int, ttl time.Duration, now func() time.Time) *ttlCache[K, V] {
	c, err := lru.New[K, ttlEntry[V]](max(size, 1))
	if err != nil { // only for a size below 1, ruled out above
		panic(err)
	}
	return &ttlCache[K, V]{c: c, ttl: ttl, now: now}
}

// Add stores v under k for ttl from now, replacing any earlier value.
func (t *ttlCache[K, V]) Add(k K, v V) {
	t.c.Add(k, ttlEntry[V]{v: v, expires: t.now().Add(t.ttl)})
}

// Get returns the value under k unless it is missing or expired.
func (t *ttlCache[K, V]) Get(k K) (V, bool) {
	e, ok := t.c.Get(k)
	if !ok || !t.now().Before(e.expires) {
		if ok {
			t.c.Remove(k)
		}
		var zero V
		return zero, false
	}
	return e.v, true
}

// Contains reports whether k holds a value that has not expired, without
// making it more recently used.
func (t *ttlCache[K, V]) Contains(k K) bool {
	e, ok := t.c.Peek(k)
	return ok && t.now().Before(e.expires)
}
