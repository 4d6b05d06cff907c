package bottest

import (
	"context"
	"log/slog"
	"strings"
	"sync"
)

// PanicWatch is a slog.Handler that keeps only the log records whose
// message mentions a panic: the adapters log every panic they recover
// ("… panic …") and go on, so a fuzz target checks Panics after each input
// to see one. It keeps nothing else, so it does not grow with the number of
// inputs, as a buffer of every line would.
type PanicWatch struct {
	mu     sync.Mutex
	panics []string
}

// Enabled implements slog.Handler.
func (w *PanicWatch) Enabled(context.Context, slog.Level) bool { return true }

// Handle implements slog.Handler.
func (w *PanicWatch) Handle(_ context.Context, r slog.Record) error {
	if !strings.Contains(r.Message, "panic") {
		return nil
	}
	line := r.Message
	r.Attrs(func(a slog.Attr) bool {
		line += " " + a.String()
		return true
	})
	w.mu.Lock()
	w.panics = append(w.panics, line)
	w.mu.Unlock()
	return nil
}

// WithAttrs implements slog.Handler.
func (w *PanicWatch) WithAttrs([]slog.Attr) slog.Handler { return w }

// WithGroup implements slog.Handler.
func (w *PanicWatch) WithGroup(string) slog.Handler { return w }

// Panics returns the panic records logged so far, each as its message and
// attributes on one line.
func (w *PanicWatch) Panics() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.panics...)
}
