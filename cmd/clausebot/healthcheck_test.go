package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestProbeURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "http://127.0.0.1:8080/healthz"},
		{":9000", "http://127.0.0.1:9000/healthz"},
		{"0.0.0.0:9000", "http://127.0.0.1:9000/healthz"},
		{"[::]:9000", "http://127.0.0.1:9000/healthz"},
		{"10.0.0.5:80", "http://10.0.0.5:80/healthz"},
		{"[::1]:80", "http://[::1]:80/healthz"},
		{"http://127.0.0.1:1234", "http://127.0.0.1:1234/healthz"},
		{"http://127.0.0.1:1234/custom", "http://127.0.0.1:1234/custom"},
	}
	for _, tt := range tests {
		got, err := probeURL(tt.in, "/healthz")
		if err != nil || got != tt.want {
			t.Errorf("probeURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"8080", "ftp://x/", "http://"} {
		if got, err := probeURL(bad, "/healthz"); err == nil {
			t.Errorf("probeURL(%q) = %q, want an error", bad, got)
		}
	}
}

func TestHealthcheck(t *testing.T) {
	healthy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte("ok\n"))
	}))
	defer healthy.Close()
	sick := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "not ready", http.StatusServiceUnavailable)
	}))
	defer sick.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closedAddr := closed.Listener.Addr().String()
	closed.Close()

	tests := []struct {
		name string
		args []string
		env  map[string]string
		code int
		out  string
	}{
		{"healthy", []string{"--addr", healthy.URL}, nil, exitOK, "200 OK"},
		{"from CLAUSEBOT_ADDR", nil, map[string]string{"CLAUSEBOT_ADDR": healthy.Listener.Addr().String()}, exitOK, "200 OK"},
		{"unhealthy", []string{"--addr", sick.URL}, nil, exitFail, "503"},
		{"down", []string{"--addr", closedAddr}, nil, exitFail, "refused"},
		{"bad addr", []string{"--addr", "nonsense"}, nil, exitUsage, "want an http URL or host:port"},
		{"extra arg", []string{"x"}, nil, exitUsage, "unexpected argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append([]string{"healthcheck"}, tt.args...), func(k string) string { return tt.env[k] }, strings.NewReader(""), &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit = %d, want %d (stderr %q)", code, tt.code, stderr.String())
			}
			if got := stdout.String() + stderr.String(); !strings.Contains(got, tt.out) {
				t.Errorf("output = %q, want it to contain %q", got, tt.out)
			}
		})
	}
}
