package config

import (
	"net/url"
	"strings"
	"time"

	"clausebot/internal/lazyre"
)

// MinLogKeyBytes is the shortest log_key accepted.
const MinLogKeyBytes = 16

// validateQuestionLog checks db, log_retention and log_key.
func (c *Config) validateQuestionLog(bad func(key, format string, args ...any)) {
	if db := c.DB; strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://") {
		u, err := url.Parse(db)
		switch {
		case err != nil:
			// url's error quotes the URL: say what is wrong without it.
			bad("db", "not a valid postgres:// URL")
		case hasPassword(u):
			bad("db", "must not carry a password (it would show in config check and logs); set PGPASSWORD or use ~/.pgpass")
		}
	} else if strings.Contains(db, "://") {
		bad("db", "want a SQLite file path, a postgres:// URL or %q, got a %s URL", DBOff, db[:strings.Index(db, "://")])
	} else if reKeywordDSN().MatchString(db) {
		// Not quoted: a keyword string may hold password=.
		bad("db", "is a PostgreSQL keyword string (host=… dbname=…); write it as a postgres://user@host/dbname URL")
	}
	if c.LogRetention < time.Hour {
		bad("log_retention", "must be at least 1h, got %v", c.LogRetention)
	}
	if k := c.LogKey.Value(); k != "" && len(k) < MinLogKeyBytes {
		bad("log_key", "must be at least %d bytes, got %d (try: openssl rand -hex 32)", MinLogKeyBytes, len(k))
	}
}

// reKeywordDSN matches a libpq keyword/value connection string, which would
// otherwise be taken for a SQLite file name.
var reKeywordDSN = lazyre.New(`(?i)(^|\s)(host|hostaddr|dbname|user|password|port|sslmode)\s*=`)

func hasPassword(u *url.URL) bool {
	if _, ok := u.User.Password(); ok {
		return true
	}
	return u.Query().Has("password")
}
