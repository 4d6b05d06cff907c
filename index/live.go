package index

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"clausebot/bot"
)

// Live is a Searcher whose Index can be replaced while it serves, for hot
// reload. It is safe for concurrent use.
//
// A search holds its Index's read lock for as long as it runs, and Swap
// closes the old Index by taking its write lock, so an Index is never
// closed under a running search: Close waits for the last one to finish.
// A search that picks up the old Index just as it is closed sees that it is
// closed and retries on the new one, so no search fails or comes back empty
// because of a swap.
type Live struct {
	cur    atomic.Pointer[Index]
	repair atomic.Pointer[func() <-chan struct{}]
}

// repairWait bounds how long a search that found the index damaged waits
// for its repair before failing (OnDamaged): a rebuild of the seed or of
// a library of a few MB takes a few seconds (docs/operations.md), one of
// a large library minutes, and the asker is then better told to try
// again than kept waiting.
const repairWait = 20 * time.Second

// OnDamaged sets repair, which a search that finds the served index
// damaged (ErrDamagedSegment) calls: it starts a rebuild that Swaps the
// repaired Index in (a reload: Load rebuilds a generation marked damaged)
// and returns a channel closed when that has ended, well or not; calls
// while one runs return its channel. The search waits for it, at most
// repairWait or until its context is done, and asks the repaired Index.
func (l *Live) OnDamaged(repair func() <-chan struct{}) { l.repair.Store(&repair) }

var _ bot.Searcher = (*Live)(nil)

// NewLive returns a Live serving x.
func NewLive(x *Index) *Live {
	l := &Live{}
	l.cur.Store(x)
	return l
}

// Current returns the Index being served. A caller that keeps it across a
// Swap finds Search failing on it once it is closed; use the Live instead.
func (l *Live) Current() *Index { return l.cur.Load() }

// Swap serves next from now on and closes the previous Index once the
// searches running on it have finished. It returns after that close.
func (l *Live) Swap(next *Index) {
	old := l.cur.Swap(next)
	if old != nil && old != next {
		old.Close()
	}
}

// Search searches the current Index.
func (l *Live) Search(ctx context.Context, q bot.Query) (bot.Results, error) {
	repaired := false
	for {
		x := l.cur.Load()
		r, err := x.Search(ctx, q)
		if errors.Is(err, errClosed) && l.cur.Load() != x {
			continue // swapped under us: the new Index is already current
		}
		if errors.Is(err, ErrDamagedSegment) && !repaired {
			repaired = true
			if l.awaitRepair(ctx) && l.cur.Load() != x {
				continue
			}
		}
		return r, err
	}
}

// awaitRepair starts the repair set by OnDamaged, if any, and waits for
// it (see repairWait). It reports whether the repair ended in time.
func (l *Live) awaitRepair(ctx context.Context) bool {
	f := l.repair.Load()
	if f == nil {
		return false
	}
	done := (*f)()
	t := time.NewTimer(repairWait)
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	return false
}

// Clause looks a clause up in the current Index.
func (l *Live) Clause(ctx context.Context, ref string) (bot.Clause, error) {
	return l.cur.Load().Clause(ctx, ref)
}

// Section lists a section of the current Index.
func (l *Live) Section(ctx context.Context, ref string) ([]bot.Clause, error) {
	return l.cur.Load().Section(ctx, ref)
}

// Documents lists the current Index's documents.
func (l *Live) Documents() []bot.Document { return l.cur.Load().Documents() }

// Skipped lists the files the current Index did not load.
func (l *Live) Skipped() []bot.SkippedFile { return l.cur.Load().Skipped() }
