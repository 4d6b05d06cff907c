package bottest

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"clausebot/bot"
	"clausebot/index"
)

// seed is the real index of the embedded seed, built once per test binary
// and shared: searches never modify it, and it lives as long as the process.
var seed = sync.OnceValues(func() (*index.Index, error) {
	return index.Load(context.Background(), index.Seed(), index.Options{})
})

// SeedIndex returns the real index of the embedded seed document, shared by
// every test of the binary. Tests must not close it.
func SeedIndex(t testing.TB) *index.Index {
	t.Helper()
	x, err := seed()
	if err != nil {
		t.Fatalf("index.Load(seed): %v", err)
	}
	return x
}

// Buffer is a bytes.Buffer that a test can read while an adapter or server
// writes to it from other goroutines (a log sink, a terminal's output).
type Buffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p.
func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns everything written so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// SilentHandler is a bot.Handler that answers nothing, so an adapter's
// fuzz target measures the decoding of platform payloads, not the sending
// of replies (the renderers have fuzz targets of their own).
type SilentHandler struct{}

var _ bot.Handler = SilentHandler{}

// Handle stays silent.
func (SilentHandler) Handle(context.Context, bot.Message) (bot.Reply, bool) {
	return bot.Reply{}, false
}

// Press stays silent.
func (SilentHandler) Press(context.Context, bot.Action) (bot.Reply, bool) { return bot.Reply{}, false }

// Inline finds nothing.
func (SilentHandler) Inline(context.Context, bot.InlineQuery) (bot.InlineResults, error) {
	return bot.InlineResults{}, nil
}
