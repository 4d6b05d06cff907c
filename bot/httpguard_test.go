package bot

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRecoverHTTP(t *testing.T) {
	var logs strings.Builder
	log := slog.New(slog.NewTextHandler(&logs, nil))
	mux := http.NewServeMux()
	mux.HandleFunc("/before", func(w http.ResponseWriter, r *http.Request) {
		var m map[string]int
		m["x"] = 1 // nil map: panics before any status
	})
	mux.HandleFunc("/after", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusAccepted)
		panic("late")
	})
	srv := httptest.NewServer(RecoverHTTP(log, mux))
	defer srv.Close()
	for _, tc := range []struct {
		path string
		want int
	}{{"/before", http.StatusInternalServerError}, {"/after", http.StatusAccepted}} {
		resp, err := http.Get(srv.URL + tc.path)
		if err != nil {
			t.Fatalf("GET %s: %v (connection dropped, no status)", tc.path, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("GET %s: status %d, want %d", tc.path, resp.StatusCode, tc.want)
		}
		if tc.want == 500 && strings.Contains(string(body), "nil map") {
			t.Errorf("GET %s: the panic value reached the client: %q", tc.path, body)
		}
	}
	if got := strings.Count(logs.String(), "panic serving HTTP request"); got != 2 {
		t.Errorf("%d panics logged, want 2:\n%s", got, logs.String())
	}
}
