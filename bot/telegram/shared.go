package telegram

import (
	"context"
	"strconv"
	"time"
)

// State shared between replicas (Config.Shared, Config.Lease). With none
// configured, each of these falls back to the adapter's own in-process
// state, as a single process has always kept it.

// handledTTL is how long an update id is remembered as handled. Telegram
// keeps an unconfirmed update for 24 hours.
const handledTTL = 24 * time.Hour

// firstUpdate records a webhook update id and reports whether it is new
// to every replica.
func (a *Adapter) firstUpdate(ctx context.Context, id int) bool {
	if a.cfg.Shared != nil {
		ok := a.cfg.Shared.FirstSeen(ctx, handledTTL, updateKeyShared(id))
		if ok {
			a.seen.Add(id, struct{}{})
		}
		return ok
	}
	seen, _ := a.seen.ContainsOrAdd(id, struct{}{})
	return !seen
}

// markHandled records that a polled update has been answered, for a
// replica that takes the polling lease before this one confirmed it.
// Polled updates are recorded when handled, not when taken: an update
// taken by a replica that died before answering must be answered by the
// next.
func (a *Adapter) markHandled(ctx context.Context, id int) {
	if a.cfg.Shared != nil {
		a.cfg.Shared.FirstSeen(ctx, handledTTL, updateKeyShared(id))
	}
}

// handledElsewhere reports whether another replica has answered a polled
// update.
func (a *Adapter) handledElsewhere(id int) bool {
	if a.cfg.Shared == nil {
		return false
	}
	if _, ok := a.seen.Peek(id); ok {
		return false // ours: the in-process check decides
	}
	return a.cfg.Shared.Seen(context.Background(), updateKeyShared(id))
}

func updateKeyShared(id int) string { return "telegram:update:" + strconv.Itoa(id) }

// pollLeased long-polls, holding the polling lease first when there is one.
// While another replica holds it, this one stands by: it counts as ready
// (it is healthy and would take over), and says so in its log.
func (a *Adapter) pollLeased(ctx, work context.Context, cancelWork context.CancelFunc) error {
	if a.cfg.Lease == nil {
		return a.poll(ctx, work, cancelWork)
	}
	ttl := a.cfg.LeaseTTL
	if ttl <= 0 {
		ttl = DefaultLeaseTTL
	}
	a.ready.Store(true)
	return a.cfg.Lease.Hold(ctx, "telegram-poll", ttl, func(lctx context.Context) error {
		a.log.Info("telegram: holding the polling lease; polling")
		// Each turn at the lease gets its own replies in flight: losing it
		// drains them, and the next turn must not start cancelled.
		w, cw := context.WithCancel(context.WithoutCancel(work))
		defer cw()
		err := a.poll(lctx, w, cw)
		a.ready.Store(true)
		return err
	})
}
