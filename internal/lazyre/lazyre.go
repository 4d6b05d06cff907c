// Package lazyre declares regular expressions that are compiled on their
// first use instead of at package init, so a process pays only for the
// ones it runs.
//
// Compiling clausebot's package-level expressions at init cost every
// process about 11 ms of CPU and 1.5 MB of heap before main (perf over 20
// one-shot `clausebot ask` runs, issue 11), most of it for expressions a
// one-shot question on the seed never runs (the Telegram and Slack
// validators, the parsers of Russian and English documents, the question
// log's DSN check).
package lazyre

import (
	"errors"
	"fmt"
	"regexp"
	"sync"
)

var (
	mu    sync.Mutex
	exprs []string
)

// New returns a function that compiles expr on its first call (as
// regexp.MustCompile: an invalid expression panics) and returns that same
// *regexp.Regexp on every call, from any goroutine. CheckAll compiles
// every expression given to New, so a test finds an invalid one.
func New(expr string) func() *regexp.Regexp {
	mu.Lock()
	exprs = append(exprs, expr)
	mu.Unlock()
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// CheckAll compiles every expression New has been given in this process
// (those of every package linked in) and returns an error naming each one
// that does not compile, or nil. It keeps nothing it compiles.
func CheckAll() error {
	mu.Lock()
	all := append([]string(nil), exprs...)
	mu.Unlock()
	var errs []error
	for _, e := range all {
		if _, err := regexp.Compile(e); err != nil {
			errs = append(errs, fmt.Errorf("lazyre: %q: %w", e, err))
		}
	}
	return errors.Join(errs...)
}

// Count is how many expressions New has been given in this process.
func Count() int {
	mu.Lock()
	defer mu.Unlock()
	return len(exprs)
}
