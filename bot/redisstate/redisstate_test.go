package redisstate_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"clausebot/bot/redisstate"
	"clausebot/bot/redisstate/redistest"
)

func mustStatesB(b *testing.B) []*redisstate.State {
	b.Helper()
	url, prefix := redistest.Must(b)
	s, err := redisstate.New(redisstate.Options{URL: url, Prefix: prefix})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return []*redisstate.State{s}
}

// mustStates returns n States on the machine's Redis sharing one fresh
// prefix, as n replicas of one bot would.
func mustStates(t *testing.T, n int) []*redisstate.State {
	t.Helper()
	url, prefix := redistest.Must(t)
	out := make([]*redisstate.State, n)
	for i := range out {
		s, err := redisstate.New(redisstate.Options{URL: url, Prefix: prefix, Timeout: 2 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		out[i] = s
	}
	return out
}

func TestFirstSeenAcrossReplicas(t *testing.T) {
	ss := mustStates(t, 2)
	ctx := context.Background()
	var wins atomic.Int32
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ss[i%2].FirstSeen(ctx, time.Hour, "ev1", "env1") {
				wins.Add(1)
			}
		}()
	}
	wg.Wait()
	if got := wins.Load(); got != 1 {
		t.Errorf("FirstSeen of one event on 20 callers over 2 replicas: %d true, want 1", got)
	}
	// One key in common is enough to be the same event.
	if ss[1].FirstSeen(ctx, time.Hour, "env2", "ev1") {
		t.Error("FirstSeen(env2, ev1) after ev1: true, want false")
	}
	if !ss[0].FirstSeen(ctx, time.Hour, "", "ev3") || !ss[1].Seen(ctx, "ev3") {
		t.Error("ev3: want new, then seen on the other replica")
	}
	if ss[0].Seen(ctx, "ev4") {
		t.Error("Seen(ev4) before it was recorded: true")
	}
	if !ss[0].FirstSeen(ctx, time.Hour) {
		t.Error("FirstSeen with no key: false, want true")
	}
}

func TestFirstSeenExpires(t *testing.T) {
	s := mustStates(t, 1)[0]
	ctx := context.Background()
	if !s.FirstSeen(ctx, 100*time.Millisecond, "k") {
		t.Fatal("first: false")
	}
	deadline := time.Now().Add(10 * time.Second)
	for !s.FirstSeen(ctx, 100*time.Millisecond, "k") {
		if time.Now().After(deadline) {
			t.Fatal("key still recorded 10 s after its 100 ms ttl")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestAllowIsSharedWithOneNotice(t *testing.T) {
	ss := mustStates(t, 2)
	ctx := context.Background()
	allowed, notices := 0, 0
	for i := range 10 {
		// One token a minute: none comes back during the test.
		ok, notice := ss[i%2].Allow(ctx, "slack:U1", 1, 3)
		if ok {
			allowed++
		}
		if notice {
			notices++
			if i != 3 {
				t.Errorf("notice on call %d, want it on the first refusal (3)", i)
			}
		}
	}
	if allowed != 3 || notices != 1 {
		t.Errorf("10 calls over 2 replicas, burst 3: allowed %d, notices %d; want 3 and 1", allowed, notices)
	}
	if ok, _ := ss[0].Allow(ctx, "slack:U2", 1, 3); !ok {
		t.Error("another user is limited too")
	}
	if ok, _ := ss[0].Allow(ctx, "terminal:local", -1, 1); !ok {
		t.Error("a negative rate must turn the limit off")
	}
}

func TestAllowNoticeAgainAfterAllowed(t *testing.T) {
	s := mustStates(t, 1)[0]
	ctx := context.Background()
	// One a minute: however slow the machine, the next calls come before
	// a new token.
	if ok, _ := s.Allow(ctx, "slow", 1, 1); !ok {
		t.Fatal("first call refused")
	}
	if ok, notice := s.Allow(ctx, "slow", 1, 1); ok || !notice {
		t.Fatalf("second call: ok=%v notice=%v, want refused with notice", ok, notice)
	}
	if ok, notice := s.Allow(ctx, "slow", 1, 1); ok || notice {
		t.Fatalf("third call: ok=%v notice=%v, want refused in silence", ok, notice)
	}
	// 30 a minute, a token every 2 s: the first refusal after each
	// allowed call carries the notice. (On a loaded machine more than 2 s
	// may pass between two calls, which are then both allowed: call until
	// one is refused.)
	firstRefusal := func(what string) {
		for i := 0; ; i++ {
			ok, notice := s.Allow(ctx, "u", 30, 1)
			if ok {
				if i > 5 {
					t.Fatalf("%s: allowed 6 times in a row at 30 a minute, burst 1", what)
				}
				continue
			}
			if !notice {
				t.Errorf("%s: first refusal without the notice", what)
			}
			return
		}
	}
	firstRefusal("first")
	deadline := time.Now().Add(10 * time.Second)
	for ok, _ := s.Allow(ctx, "u", 30, 1); !ok; ok, _ = s.Allow(ctx, "u", 30, 1) {
		if time.Now().After(deadline) {
			t.Fatal("never allowed again")
		}
		time.Sleep(20 * time.Millisecond)
	}
	firstRefusal("after an allowed call")
}

func TestWaitPacesAcrossReplicas(t *testing.T) {
	ss := mustStates(t, 2)
	ctx := context.Background()
	const n, perSecond = 11, 20.0
	start := time.Now()
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := ss[i%2].Wait(ctx, "global", perSecond, 1); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	// n events at 20/s with no burst take at least (n-1)/20 s; only the
	// lower bound is checked, so a slow machine cannot fail it.
	if got, want := time.Since(start), time.Duration(float64(n-1)/perSecond*float64(time.Second)); got < want {
		t.Errorf("%d paced events over 2 replicas took %v, want at least %v", n, got, want)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := ss[0].Wait(cctx, "global", 0.001, 1); err == nil {
		t.Error("Wait with a cancelled context: nil error")
	}
}

func TestCounters(t *testing.T) {
	ss := mustStates(t, 2)
	ctx := context.Background()
	if got := ss[0].Count(ctx, "url"); got != 0 {
		t.Errorf("Count of a new key = %d, want 0", got)
	}
	ss[0].Add(ctx, "url", 1, time.Hour)
	ss[1].Add(ctx, "url", 1, time.Hour)
	if got := ss[1].Add(ctx, "url", 3, time.Hour); got != 5 {
		t.Errorf("Add = %d, want 5", got)
	}
	if got := ss[0].Count(ctx, "url"); got != 5 {
		t.Errorf("Count on the other replica = %d, want 5", got)
	}
}

func TestLeaseOneHolderAndTakeover(t *testing.T) {
	ss := mustStates(t, 2)
	const ttl = 600 * time.Millisecond
	var holders, maxHolders atomic.Int32
	var held [2]atomic.Int32
	ctxs := make([]context.Context, 2)
	cancels := make([]context.CancelFunc, 2)
	done := make([]chan error, 2)
	for i := range ss {
		ctxs[i], cancels[i] = context.WithCancel(context.Background())
		defer cancels[i]()
		done[i] = make(chan error, 1)
		go func() {
			done[i] <- ss[i].Hold(ctxs[i], "poll", ttl, func(ctx context.Context) error {
				n := holders.Add(1)
				if n > maxHolders.Load() {
					maxHolders.Store(n)
				}
				held[i].Add(1)
				<-ctx.Done()
				holders.Add(-1)
				return nil
			})
		}()
	}
	first := -1
	deadline := time.Now().Add(10 * time.Second)
	for first < 0 {
		for i := range held {
			if held[i].Load() > 0 {
				first = i
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("nobody took the lease in 10 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(3 * ttl) // renewals keep it; the other keeps waiting
	other := 1 - first
	if held[other].Load() != 0 {
		t.Fatalf("replica %d took the lease while %d held it", other, first)
	}
	cancels[first]() // the holder stops and gives the lease up
	if err := <-done[first]; err != nil {
		t.Errorf("Hold returned %v", err)
	}
	deadline = time.Now().Add(10 * time.Second)
	for held[other].Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the other replica did not take the lease within 10 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if maxHolders.Load() != 1 {
		t.Errorf("at most %d held the lease at once, want 1", maxHolders.Load())
	}
}

func TestFallbackWhenRedisStops(t *testing.T) {
	srv := redistest.StartServer(t)
	var logs syncBuffer
	s, err := redisstate.New(redisstate.Options{
		URL: srv.URL(), Prefix: "fb:", Timeout: 300 * time.Millisecond, ProbeInterval: 100 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(&logs, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if !s.FirstSeen(ctx, time.Hour, "a") || s.Fallback() {
		t.Fatal("with Redis up: want a new key and no fallback")
	}
	srv.Stop(t)
	for i := range 5 {
		start := time.Now()
		got := s.FirstSeen(ctx, time.Hour, fmt.Sprint("b", i))
		if !got {
			t.Errorf("fallback FirstSeen(b%d) = false, want true", i)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("a call with Redis down took %v", d)
		}
	}
	if s.FirstSeen(ctx, time.Hour, "b0") {
		t.Error("fallback forgot b0")
	}
	if !s.Fallback() {
		t.Fatal("Fallback() = false with Redis stopped")
	}
	st := s.Status()
	if !st.Fallback || st.Error == "" || st.FallbackOps == 0 || st.Since.IsZero() {
		t.Errorf("Status = %+v, want fallback with an error, a time and ops", st)
	}
	if n := strings.Count(logs.String(), "redis: unreachable"); n != 1 {
		t.Errorf("logged the fallback %d times, want once:\n%s", n, logs.String())
	}
	srv.Start(t)
	deadline := time.Now().Add(10 * time.Second)
	for s.Fallback() {
		if time.Now().After(deadline) {
			t.Fatalf("still in fallback 10 s after Redis came back; status %+v", s.Status())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(logs.String(), "reachable again") {
		t.Errorf("recovery not logged:\n%s", logs.String())
	}
	if !s.FirstSeen(ctx, time.Hour, "c") || s.FirstSeen(ctx, time.Hour, "c") {
		t.Error("after recovery: want c new once")
	}
}

func TestURLNeverShown(t *testing.T) {
	for _, raw := range []string{
		"redis://user:hunter2@[::1",
		"http://user:hunter2@host:6379",
		"redis://user:hunter2@host:6379/notanumber",
	} {
		_, err := redisstate.New(redisstate.Options{URL: raw})
		if err == nil {
			t.Errorf("New(%q): no error", raw)
			continue
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("New(%q): error shows the password: %v", raw, err)
		}
	}
	s, err := redisstate.New(redisstate.Options{URL: "redis://:hunter2@127.0.0.1:1/0", Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.FirstSeen(context.Background(), time.Hour, "x")
	if err := s.Ping(context.Background()); err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("Ping to a closed port: %v, want an error without the password", err)
	}
	if st := s.Status(); strings.Contains(fmt.Sprint(st), "hunter2") || st.Addr != "127.0.0.1:1" {
		t.Errorf("Status = %+v", st)
	}
}

// syncBuffer is a bytes.Buffer safe for the logger's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
