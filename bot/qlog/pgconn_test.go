package qlog

import (
	"context"
	"database/sql"
	"encoding/binary"
	"io"
	"net"
	"os"
	"sync/atomic"
	"testing"
	"time"
)

// TestPostgresSSLModeDefault checks postgresConnector's one departure from
// lib/pq: a URL without sslmode tries TLS and, when the server has none,
// connects without it (libpq's and pgx's "prefer"), where lib/pq alone
// would fail; an explicit sslmode=require is still honoured. The server is
// a listener that answers PostgreSQL's SSLRequest with 'N' (no TLS) and
// records whether a plain startup message follows; it then hangs up, so
// the ping fails either way and only what reached it counts.
func TestPostgresSSLModeDefault(t *testing.T) {
	if v, ok := os.LookupEnv("PGSSLMODE"); ok {
		t.Setenv("PGSSLMODE", v) // restored at cleanup
		os.Unsetenv("PGSSLMODE")
	}
	for _, c := range []struct {
		query       string
		wantStartup bool
	}{
		{"", true},
		{"?sslmode=require", false},
		{"?sslmode=disable", true},
	} {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		var sslRequests, startups atomic.Int32
		go func() {
			for {
				conn, err := ln.Accept()
				if err != nil {
					return
				}
				go func() {
					defer conn.Close()
					conn.SetDeadline(time.Now().Add(10 * time.Second))
					for {
						var head [8]byte // length, then the request code
						if _, err := io.ReadFull(conn, head[:]); err != nil {
							return
						}
						switch binary.BigEndian.Uint32(head[4:]) {
						case 80877103: // SSLRequest
							sslRequests.Add(1)
							if _, err := conn.Write([]byte{'N'}); err != nil {
								return
							}
						case 3 << 16: // StartupMessage, protocol 3.0
							startups.Add(1)
							return
						default:
							return
						}
					}
				}()
			}
		}()
		connector, err := postgresConnector("postgres://clausebot@" + ln.Addr().String() + "/test" + c.query)
		if err != nil {
			t.Fatalf("%q: %v", c.query, err)
		}
		db := sql.OpenDB(connector)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if err := db.PingContext(ctx); err == nil {
			t.Errorf("%q: ping succeeded against a server that hangs up", c.query)
		}
		cancel()
		db.Close()
		ln.Close()
		if got := startups.Load() > 0; got != c.wantStartup {
			t.Errorf("%q: a plain startup message reached the server: %v, want %v (SSL requests: %d)",
				c.query, got, c.wantStartup, sslRequests.Load())
		}
		if c.query == "" && sslRequests.Load() == 0 {
			t.Errorf("no sslmode: TLS was not tried first")
		}
	}
}
