package qlog

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"clausebot/bot"
)

// testKey is the hashing key of the tests' logs.
var testKey = []byte("0123456789abcdef-test-key")

// postgresBase is the test PostgreSQL, overridable with
// CLAUSEBOT_TEST_POSTGRES. Its user is tried as written, then as root.
func postgresBase() string {
	if s := os.Getenv("CLAUSEBOT_TEST_POSTGRES"); s != "" {
		return s
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

// eachDB runs f once against a fresh SQLite file and once against a fresh
// schema of the real PostgreSQL, so both go through the same tests.
func eachDB(t *testing.T, f func(t *testing.T, dsn string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { f(t, filepath.Join(t.TempDir(), "log.db")) })
	t.Run("postgres", func(t *testing.T) { f(t, mustPostgres(t)) })
}

// mustPostgres creates a schema of its own in the test PostgreSQL and
// returns a DSN whose search_path is that schema, so tests and test
// packages running at once never see each other's tables. The schema is
// dropped at cleanup. An unreachable server fails the test: it is never
// skipped.
func mustPostgres(t testing.TB) string {
	t.Helper()
	base := postgresBase()
	var db *sql.DB
	var errs []string
	for _, dsn := range []string{base, strings.Replace(base, "postgres://postgres@", "postgres://root@", 1)} {
		c, err := postgresConnector(dsn)
		if err == nil {
			d := sql.OpenDB(c)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			err = d.PingContext(ctx)
			cancel()
			if err == nil {
				db, base = d, dsn
				break
			}
			d.Close()
		}
		errs = append(errs, err.Error())
	}
	if db == nil {
		t.Fatalf("PostgreSQL is needed at %s (trust auth, database test) and is not reachable: %s\n"+
			"start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start (.ci/run does this)",
			Redact(base), strings.Join(errs, "; "))
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "qlog_test_" + hex.EncodeToString(b[:])
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := db.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		db.Close()
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}

// mustOpen opens a Log at dsn with opts (Key filled in) and closes it at
// cleanup.
func mustOpen(t testing.TB, dsn string, opts Options) *Log {
	t.Helper()
	if opts.Key == nil {
		opts.Key = testKey
	}
	l, err := Open(context.Background(), dsn, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = l.Close() })
	return l
}

// mustDB opens the database at dsn directly, unmigrated.
func mustDB(t testing.TB, dsn string) (*sql.DB, bool) {
	t.Helper()
	db, pg, err := open(dsn)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db, pg
}

// question is a logged question for tests.
func question(id string, at time.Time, text string, abstained bool, refs ...string) bot.LoggedQuestion {
	q := bot.LoggedQuestion{
		ID: id, At: at, Platform: bot.Telegram, ChatID: "-100" + id, UserID: "user-" + id,
		Text: text, Lang: bot.Chinese, Abstained: abstained, Latency: 1500 * time.Microsecond,
	}
	if !abstained {
		q.Match = bot.MatchDirect
	}
	for i, r := range refs {
		doc, sec, _ := strings.Cut(r, ":")
		if i := strings.Index(sec, "·"); i > 0 {
			sec = sec[:i]
		}
		q.Hits = append(q.Hits, bot.LoggedHit{Ref: r, DocID: doc, Section: sec, Score: 1 / float64(i+1)})
	}
	return q
}

// count returns the number of rows of table.
func count(t testing.TB, db *sql.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}
