package bot

import (
	"fmt"
	"log/slog"
	"net/http"
)

// RecoverHTTP wraps h so that a panic while serving a request is logged (as
// an error, with the method, path and panic value; never the body) and
// answered 500 "internal error", instead of net/http's default of dropping
// the connection with no status, which platforms read as a network fault
// and redeliver. If h has already written its status the response is left
// as it is. http.ErrAbortHandler is passed through: it asks net/http to
// abort the response on purpose.
//
// Every adapter wraps the handlers it registers with it, and the server
// wraps its whole mux.
func RecoverHTTP(log *slog.Logger, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			if p == http.ErrAbortHandler {
				panic(p)
			}
			log.ErrorContext(r.Context(), "panic serving HTTP request", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(p))
			if !sw.wrote {
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		h.ServeHTTP(sw, r)
	})
}

// statusWriter remembers whether a status has been written.
type statusWriter struct {
	http.ResponseWriter
	wrote bool
}

func (w *statusWriter) WriteHeader(code int) {
	w.wrote = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
