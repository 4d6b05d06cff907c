package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// pollLimit is the most updates one getUpdates returns (Telegram's maximum).
const pollLimit = 100

// poller tracks which fetched updates are still being handled, so the
// offset sent to Telegram confirms only updates that are done.
type poller struct {
	mu       sync.Mutex
	pending  map[int]bool // fetched, not yet handled
	maxTaken int          // highest update id taken
	progress chan struct{}
}

// offset is the getUpdates offset that confirms every handled update and
// no unhandled one: the lowest pending id, or one past the highest taken.
func (p *poller) offset() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	low := 0
	for id := range p.pending {
		if low == 0 || id < low {
			low = id
		}
	}
	if low != 0 {
		return low
	}
	if p.maxTaken != 0 {
		return p.maxTaken + 1
	}
	return 0
}

func (p *poller) done(id int) {
	p.mu.Lock()
	delete(p.pending, id)
	p.mu.Unlock()
	select {
	case p.progress <- struct{}{}:
	default:
	}
}

// poll drives getUpdates until ctx ends. Updates are handled concurrently
// across chats and in order within one; the offset advances only past
// updates whose replies have gone out, so a crash or restart re-fetches
// exactly the unhandled ones. At shutdown it stops fetching, lets the
// updates in flight finish, and confirms them with one last getUpdates, so
// the next instance neither loses nor repeats them.
func (a *Adapter) poll(ctx, work context.Context, cancelWork context.CancelFunc) error {
	// getUpdates is refused while a webhook is set (say, left by an earlier
	// webhook deployment). Pending updates are kept.
	if _, err := a.call(ctx, "deleteWebhook", tgbotapi.Params{"drop_pending_updates": "false"}, nil); err != nil {
		if fatal(err) {
			return err
		}
		a.log.Warn("telegram: deleteWebhook failed; polling may be refused", "err", err)
	}
	p := &poller{pending: make(map[int]bool), progress: make(chan struct{}, 1)}
	a.ready.Store(true)
	backoff := a.backoffBase
	var runErr error
	confirmed := 0
	for ctx.Err() == nil {
		offset := p.offset()
		updates, err := a.pollOnce(ctx, p, offset)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			if errors.Is(err, errConfirm) {
				continue // a reply went out: confirm it now, not at the next update
			}
			if fatal(err) {
				runErr = &startError{
					msg: fmt.Sprintf("telegram: getUpdates: Telegram refused the bot token (%s; revoked?); check TELEGRAM_BOT_TOKEN", describe(err)),
					err: err,
				}
				break
			}
			// Not connected now: /readyz says so until a poll succeeds.
			a.ready.Store(false)
			wait := backoff
			if d, ok := retryAfter(err, a.retryUnit); ok {
				wait = d
			} else {
				backoff = min(2*backoff, a.backoffMax)
			}
			a.log.Warn("telegram: getUpdates failed; retrying", "wait", wait, "err", describe(err))
			_ = sleep(ctx, wait)
			continue
		}
		confirmed = offset
		backoff = a.backoffBase
		a.ready.Store(true)
		fresh := 0
		for i := range updates {
			u := &updates[i]
			if err := checkUpdate(&u.Update); err != nil {
				// Confirmed like a handled one: left unconfirmed it would
				// come back after every restart.
				// (An id of 0 or less cannot be confirmed by an offset; the
				// next confirmation passes it anyway.)
				if u.UpdateID <= 0 {
					a.skipMalformed(&u.Update, err)
				} else if a.take(u.UpdateID, p) {
					a.skipMalformed(&u.Update, err)
					p.done(u.UpdateID)
				}
				continue
			}
			if !a.take(u.UpdateID, p) {
				continue
			}
			fresh++
			a.runner.Go(updateKey(&u.Update), func() {
				a.handleUpdate(work, u)
				if work.Err() == nil {
					a.markHandled(work, u.UpdateID)
					p.done(u.UpdateID)
				}
			})
		}
		if fresh == 0 && len(updates) > 0 && p.offset() == offset {
			// Telegram returned only updates we are still handling, and
			// will again at once, since the offset cannot pass them. Wait
			// for one to finish, or for inFlightRepoll, rather than ask
			// again in a tight loop; but not for longer: updates from other
			// chats may be waiting behind a slow answer. (The signal is
			// buffered, so a finish between the check and here is not lost.)
			t := time.NewTimer(inFlightRepoll)
			select {
			case <-p.progress:
			case <-t.C:
			case <-ctx.Done():
			}
			t.Stop()
		}
	}
	abandoned := !a.drain(cancelWork)
	if off := p.offset(); off > confirmed {
		// Confirm what was handled since the last poll; a zero timeout and
		// a limit of one make this cheap, and the update it may return is
		// left unconfirmed for the next instance.
		cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, err := a.api.Call(cctx, "getUpdates", tgbotapi.Params{"offset": strconv.Itoa(off), "limit": "1", "timeout": "0"})
		cancel()
		if err != nil {
			a.log.Warn("telegram: could not confirm the last handled updates; they may be answered again after a restart", "err", err)
		}
	}
	if runErr == nil && abandoned {
		runErr = errAbandoned(a.cfg.ShutdownTimeout)
	}
	return runErr
}

// inFlightRepoll is how long polling pauses when getUpdates returned only
// updates still being handled: it bounds both the request rate while one
// answer is slow (one poll a second) and how long other chats' new updates
// wait behind it.
const inFlightRepoll = time.Second

// confirmDelay is how long a finished update may wait for others before
// the long poll is cut short to confirm it.
const confirmDelay = 20 * time.Millisecond

// errConfirm ends a long poll early because handled updates can be
// confirmed.
var errConfirm = errors.New("telegram: new updates to confirm")

// pollOnce is one getUpdates. While it waits, a finished update ends it
// early, so the next poll confirms that update at once: a crash then costs
// at most the replies of the last instant, not of a whole long poll.
func (a *Adapter) pollOnce(ctx context.Context, p *poller, offset int) ([]incoming, error) {
	pctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for {
			select {
			case <-p.progress:
				if p.offset() > offset {
					// Let replies finishing together share one confirmation:
					// cancelling a request costs a connection.
					select {
					case <-time.After(confirmDelay):
					case <-stop:
						return
					}
					cancel(errConfirm)
					return
				}
			case <-stop:
				return
			}
		}
	}()
	updates, err := a.getUpdates(pctx, offset, a.cfg.PollTimeout)
	if err != nil && errors.Is(context.Cause(pctx), errConfirm) && ctx.Err() == nil {
		return nil, errConfirm
	}
	return updates, err
}

// take marks an update as being handled, unless it already is or was.
func (a *Adapter) take(id int, p *poller) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pending[id] {
		return false
	}
	if a.handledElsewhere(id) {
		// Another replica answered it and died before confirming it:
		// confirm it now without answering again.
		a.seen.Add(id, struct{}{})
		p.maxTaken = max(p.maxTaken, id)
		return false
	}
	if ok, _ := a.seen.ContainsOrAdd(id, struct{}{}); ok {
		return false
	}
	p.pending[id] = true
	p.maxTaken = max(p.maxTaken, id)
	return true
}

// getUpdates fetches updates from offset, waiting up to timeout for some.
func (a *Adapter) getUpdates(ctx context.Context, offset int, timeout time.Duration) ([]incoming, error) {
	params := tgbotapi.Params{}
	params.AddNonZero("offset", offset)
	params.AddNonZero("limit", pollLimit)
	params.AddNonZero("timeout", int(timeout/time.Second))
	if err := params.AddInterface("allowed_updates", allowedUpdates); err != nil {
		return nil, err
	}
	res, err := a.do(ctx, "getUpdates", params, timeout+callTimeout)
	if err != nil {
		return nil, fmt.Errorf("telegram: getUpdates: %w", err)
	}
	var updates []incoming
	if err := json.Unmarshal(res, &updates); err != nil {
		return nil, fmt.Errorf("telegram: getUpdates: decoding result: %w", err)
	}
	return updates, nil
}
