package telegram

import (
	"context"
	"sync"
)

// runner runs work for many keys at once while keeping the work of one key
// in order: updates from one chat are handled one after another (so its
// replies keep their order and its pacing applies), while other chats are
// not held up behind it.
type runner struct {
	mu     sync.Mutex
	queues map[string][]func() // a key is present while its goroutine runs
	wg     sync.WaitGroup
}

func newRunner() *runner { return &runner{queues: make(map[string][]func())} }

// Go queues f behind the work already queued for key.
func (r *runner) Go(key string, f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	q, busy := r.queues[key]
	r.queues[key] = append(q, f)
	if !busy {
		r.wg.Add(1)
		go r.drain(key)
	}
}

func (r *runner) drain(key string) {
	defer r.wg.Done()
	for {
		r.mu.Lock()
		q := r.queues[key]
		if len(q) == 0 {
			delete(r.queues, key)
			r.mu.Unlock()
			return
		}
		f := q[0]
		q[0] = nil
		r.queues[key] = q[1:]
		r.mu.Unlock()
		f()
	}
}

// Wait waits until all queued work is done or ctx ends, and reports whether
// everything finished.
func (r *runner) Wait(ctx context.Context) bool {
	done := make(chan struct{})
	go func() {
		r.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-ctx.Done():
		return false
	}
}
