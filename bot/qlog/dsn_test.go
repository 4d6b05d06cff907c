package qlog

import (
	"strings"
	"testing"
)

// TestCheckDSN checks that every command's --db is held to the rules
// config's db is: no password in a URL, no other scheme, and no keyword
// string taken for a SQLite file name; and that no message quotes it.
func TestCheckDSN(t *testing.T) {
	for _, c := range []struct{ dsn, want string }{
		{"/var/lib/clausebot/questions.db", ""},
		{"questions.db", ""},
		{"postgres://postgres@127.0.0.1:5432/test", ""},
		{"postgres://u:hunter2@db/x", "must not carry a password"},
		{"postgresql://db/x?password=hunter2", "must not carry a password"},
		{"mysql://db/x", "got a mysql URL"},
		{"host=127.0.0.1 password=hunter2 dbname=test", "keyword string"},
		{"dbname=test", "keyword string"},
	} {
		err := CheckDSN(c.dsn)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("CheckDSN(%q) = %v, want nil", c.dsn, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("CheckDSN(%q) = %v, want %q", c.dsn, err, c.want)
		case err != nil && strings.Contains(err.Error(), "hunter2"):
			t.Errorf("CheckDSN(%q) quotes the password: %v", c.dsn, err)
		}
	}
}
