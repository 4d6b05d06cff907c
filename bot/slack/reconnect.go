package slack

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// reconnectGate spaces out Socket Mode connects. slack-go backs off only when
// a connect fails; a server that accepts the websocket and drops it at once
// (a flapping proxy, a Slack incident) makes it reconnect in a tight loop,
// burning CPU and apps.connections.open calls until Slack rate-limits the
// app. The gate makes every connect wait at least min after the previous
// one, doubling the wait up to max while connects keep coming within
// stable of each other, and forgets it once a connection has lasted stable.
type reconnectGate struct {
	min, max, stable time.Duration
	now              func() time.Time
	sleep            func(ctx context.Context, d time.Duration) error
	// onWait, if set, is told of every wait before it starts, so the
	// adapter can log the spacing a reconnect really gets.
	onWait func(d time.Duration)

	mu    sync.Mutex
	last  time.Time     // when the last connect was let through
	delay time.Duration // the current spacing; 0 after a stable spell
}

// Default reconnect spacing: the first quick reconnect waits a second, a
// server that keeps dropping us is retried at most every minute, and a
// connection that lived a minute resets the backoff.
const (
	reconnectMin    = time.Second
	reconnectMax    = time.Minute
	reconnectStable = time.Minute
)

func newReconnectGate(min, max, stable time.Duration, now func() time.Time) *reconnectGate {
	return &reconnectGate{min: min, max: max, stable: stable, now: now, sleep: sleepCtx}
}

// wait blocks until the next connect may go, or ctx ends.
func (g *reconnectGate) wait(ctx context.Context) error {
	g.mu.Lock()
	now := g.now()
	if g.last.IsZero() {
		g.last = now
		g.mu.Unlock()
		return nil
	}
	switch {
	case now.Sub(g.last) >= g.stable:
		g.delay = 0
	case g.delay == 0:
		g.delay = g.min
	default:
		g.delay = min(2*g.delay, g.max)
	}
	wake := g.last.Add(g.delay)
	if wake.Before(now) {
		wake = now
	}
	// Reserve the slot before sleeping, so concurrent connects queue up.
	g.last = wake
	onWait := g.onWait
	g.mu.Unlock()
	if d := wake.Sub(now); d > 0 && onWait != nil {
		onWait(d)
	}
	return g.sleep(ctx, wake.Sub(now))
}

// gatedTransport sends apps.connections.open, the first step of every
// Socket Mode (re)connect, through the gate, and everything else straight
// on. Gating the open rather than the websocket dial keeps the URL it
// returns fresh: Slack's socket URLs are short-lived.
//
// The gate's wait can be longer than any sensible request timeout (up to
// reconnectMax), so it must not run inside one: the client it serves has no
// overall Timeout, and the transport applies that timeout itself to each
// request once the gate has let it through.
type gatedTransport struct {
	gate    *reconnectGate
	next    http.RoundTripper
	timeout time.Duration // per request, after the gate; 0 for none
}

func (t gatedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, "/apps.connections.open") {
		if err := t.gate.wait(r.Context()); err != nil {
			if r.Body != nil {
				r.Body.Close() // RoundTrip must close it, even on error
			}
			return nil, err
		}
	}
	if t.timeout <= 0 {
		return t.next.RoundTrip(r)
	}
	ctx, cancel := context.WithTimeout(r.Context(), t.timeout)
	resp, err := t.next.RoundTrip(r.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, err
	}
	// The timeout covers reading the body too, as http.Client's does.
	resp.Body = cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelOnClose releases a request's timeout when its body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// gatedClient returns a copy of c whose apps.connections.open calls pass
// through the gate, with c's Timeout applied to each request after the
// gate's wait rather than around it.
func (g *reconnectGate) gatedClient(c *http.Client) *http.Client {
	out := *c
	next := c.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	out.Transport = gatedTransport{gate: g, next: next, timeout: c.Timeout}
	out.Timeout = 0
	return &out
}

// sleepCtx sleeps for d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
