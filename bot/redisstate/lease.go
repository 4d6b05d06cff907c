package redisstate

import (
	"context"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// claim takes or renews a lease: it sets KEYS[1] to ARGV[1] (the owner)
// for ARGV[2] ms if the key is free or already ours, and reports whether
// the lease is ours now.
var claim = redis.NewScript(`
local v = redis.call("GET", KEYS[1])
if v == false or v == ARGV[1] then
  redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])
  return 1
end
return 0`)

// release deletes KEYS[1] if it still holds ARGV[1].
var release = redis.NewScript(`
if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end
return 0`)

// Hold implements bot.Lease with one key, prefix+"lease:"+name, holding the
// owner's random id for ttl (SET PX), renewed every ttl/3 and tried every
// ttl/5 by those waiting for it. A holder that dies stops renewing, so
// another replica holds it within ttl plus one try.
//
// While Redis is unreachable every replica counts as holding the lease, so
// the work goes on (each replica on its own); when Redis answers again the
// first renewal keeps it and the others lose it.
func (s *State) Hold(ctx context.Context, name string, ttl time.Duration, fn func(ctx context.Context) error) error {
	k := s.key("lease", name)
	try := max(ttl/5, 20*time.Millisecond)
	log := s.log.With("lease", name)
	for {
		waited := false
		for !s.claim(ctx, k, ttl) {
			if !waited {
				log.Info("redis: lease held by another replica; standing by")
				waited = true
			}
			t := time.NewTimer(try)
			select {
			case <-ctx.Done():
				t.Stop()
				return nil
			case <-t.C:
			}
		}
		if ctx.Err() != nil {
			s.release(k)
			return nil
		}
		log.Info("redis: lease taken")
		lctx, cancel := context.WithCancel(ctx)
		var (
			lost bool
			wg   sync.WaitGroup
		)
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := time.NewTicker(max(ttl/3, 10*time.Millisecond))
			defer t.Stop()
			for {
				select {
				case <-lctx.Done():
					return
				case <-t.C:
				}
				if !s.claim(lctx, k, ttl) {
					lost = true
					cancel()
					return
				}
			}
		}()
		err := fn(lctx)
		cancel()
		wg.Wait()
		if lost && ctx.Err() == nil {
			log.Warn("redis: lease lost to another replica; standing by")
			continue
		}
		s.release(k)
		return err
	}
}

// claim runs the claim script; on a Redis error the lease counts as ours.
func (s *State) claim(ctx context.Context, k string, ttl time.Duration) bool {
	if !s.use() {
		return true
	}
	cctx, cancel := s.ctx(ctx)
	defer cancel()
	n, err := claim.Run(cctx, s.rdb, []string{k}, s.id, ms(ttl)).Int()
	if err != nil {
		s.failed(err)
		return true
	}
	return n == 1
}

// release gives the lease up, so a waiting replica need not wait for its
// ttl. Failing is harmless: the key expires.
func (s *State) release(k string) {
	if s.down.Load() {
		return
	}
	cctx, cancel := s.ctx(context.Background())
	defer cancel()
	_ = release.Run(cctx, s.rdb, []string{k}, s.id).Err()
}
