package qlog

import (
	"bytes"
	"context"
	"database/sql"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clausebot/bot"
)

// mustReader closes l (writing its queue) and opens the same database
// again for reading.
func mustReader(t *testing.T, l *Log, dsn string) *Reader {
	t.Helper()
	if err := l.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	r, err := OpenReader(context.Background(), dsn)
	if err != nil {
		t.Fatalf("OpenReader: %v", err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// TestQuestionsAndVotes checks what one question and its votes leave in
// the database: hashed ids only, the text, the hits in order, and one vote
// per user per answer, the latest.
func TestQuestionsAndVotes(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
		l := mustOpen(t, dsn, Options{LogQuestions: true, Now: func() time.Time { return now }})
		q := question("AAAAAAAA", now, "北斗合作", false, "seed:二·12", "seed:二·3")
		l.LogQuestion(q)
		vote := bot.Vote{QuestionID: q.ID, At: now, Platform: bot.Telegram, ChatID: q.ChatID, UserID: q.UserID}
		down := vote
		down.Correct = "seed:二·3"
		l.LogVote(down)
		up := vote
		up.Up = true
		up.At = now.Add(time.Minute)
		l.LogVote(up) // the same user changes their mind
		other := down
		other.UserID = "someone-else"
		l.LogVote(other)
		r := mustReader(t, l, dsn)

		var chat, user, text, lang, match string
		var abstained int
		var latency int64
		err := r.db.QueryRow(`SELECT chat_hash, user_hash, question, lang, abstained, matched_by, latency_us FROM questions`).
			Scan(&chat, &user, &text, &lang, &abstained, &match, &latency)
		if err != nil {
			t.Fatal(err)
		}
		got := []any{chat, user, text, lang, abstained, match, latency}
		want := []any{hashID(testKey, "chat", bot.Telegram, q.ChatID), hashID(testKey, "user", bot.Telegram, q.UserID),
			"北斗合作", "zh", 0, "direct", int64(1500)}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("question row (-want +got):\n%s", d)
		}
		for _, raw := range []string{q.ChatID, q.UserID} {
			if strings.Contains(chat+user, raw) {
				t.Errorf("a raw id %q is stored", raw)
			}
		}
		var refs []string
		rows, err := r.db.Query(`SELECT ref FROM hits ORDER BY pos`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			_ = rows.Scan(&s)
			refs = append(refs, s)
		}
		rows.Close()
		if d := cmp.Diff([]string{"seed:二·12", "seed:二·3"}, refs); d != "" {
			t.Errorf("hits (-want +got):\n%s", d)
		}
		type voteRow struct {
			User    string
			Up      int
			Correct string
		}
		var votes []voteRow
		rows, err = r.db.Query(`SELECT user_hash, up, correct FROM votes ORDER BY up DESC`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var v voteRow
			_ = rows.Scan(&v.User, &v.Up, &v.Correct)
			votes = append(votes, v)
		}
		rows.Close()
		wantVotes := []voteRow{
			{hashID(testKey, "user", bot.Telegram, q.UserID), 1, ""},
			{hashID(testKey, "user", bot.Telegram, "someone-else"), 0, "seed:二·3"},
		}
		if d := cmp.Diff(wantVotes, votes); d != "" {
			t.Errorf("votes (-want +got):\n%s", d)
		}
	})
}

// TestQuestionTextOff checks log_questions: false: the row is kept, its
// text is NULL.
func TestQuestionTextOff(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		l := mustOpen(t, dsn, Options{LogQuestions: false})
		l.LogQuestion(question("BBBBBBBB", time.Now(), "a secret question", true))
		r := mustReader(t, l, dsn)
		var text sql.NullString
		if err := r.db.QueryRow(`SELECT question FROM questions`).Scan(&text); err != nil {
			t.Fatal(err)
		}
		if text.Valid {
			t.Errorf("question = %q, want NULL with LogQuestions off", text.String)
		}
	})
}

// TestHashKeyed checks that a stored hash cannot be matched against
// guessed ids without the key: the same id under another key, or with no
// key, gives an unrelated value, and chats and users hash apart.
func TestHashKeyed(t *testing.T) {
	id := "123456789" // a Telegram user id: small enough to enumerate
	h := hashID(testKey, "user", bot.Telegram, id)
	for name, other := range map[string]string{
		"another key":      hashID([]byte("another-key-of-16-bytes"), "user", bot.Telegram, id),
		"no key":           hashID(nil, "user", bot.Telegram, id),
		"as a chat":        hashID(testKey, "chat", bot.Telegram, id),
		"on slack":         hashID(testKey, "user", bot.Slack, id),
		"the next user id": hashID(testKey, "user", bot.Telegram, "123456790"),
	} {
		if other == h {
			t.Errorf("%s: same hash %s", name, h)
		}
	}
	if len(h) != 32 || strings.Contains(h, id) {
		t.Errorf("hash %q: want 32 hex digits, not containing the id", h)
	}
	if _, err := Open(context.Background(), "unused.db", Options{Key: []byte("short")}); err == nil || !strings.Contains(err.Error(), "at least 16 bytes") {
		t.Errorf("Open with a short key: err = %v, want a clear refusal", err)
	}
}

// TestRetention checks that Purge deletes exactly the rows older than the
// retention window, with their hits and votes, and old votes on their own.
func TestRetention(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
		ret := 90 * 24 * time.Hour
		// Huge intervals: only the explicit Purge below runs, and the
		// one at Open, before anything is logged.
		l := mustOpen(t, dsn, Options{Retention: ret, Now: func() time.Time { return now }, LogQuestions: true})
		cut := now.Add(-ret)
		for _, q := range []bot.LoggedQuestion{
			question("OLD00001", cut.Add(-24*time.Hour), "old", false, "d:一·1"),
			question("OLD00002", cut.Add(-time.Millisecond), "just too old", false, "d:一·1"),
			question("KEEP0001", cut, "exactly at the cut-off", false, "d:一·1"),
			question("KEEP0002", now, "new", false, "d:一·1", "d:一·2"),
		} {
			l.LogQuestion(q)
			l.LogVote(bot.Vote{QuestionID: q.ID, At: q.At, Platform: q.Platform, UserID: q.UserID, Up: true})
		}
		// A vote cast before the cut-off on a question that is kept.
		l.LogVote(bot.Vote{QuestionID: "KEEP0002", At: cut.Add(-time.Hour), Platform: bot.Slack, UserID: "U1", Up: true})
		r := mustReader(t, l, dsn)
		l2 := &Log{db: r.db, postgres: r.pg, opts: Options{Retention: ret, Now: func() time.Time { return now }}}
		n, err := l2.Purge(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n != 2 {
			t.Errorf("Purge deleted %d questions, want 2", n)
		}
		ids := func(query string) []string {
			rows, err := r.db.Query(query)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var out []string
			for rows.Next() {
				var s string
				_ = rows.Scan(&s)
				out = append(out, s)
			}
			return out
		}
		want := []string{"KEEP0001", "KEEP0002"}
		for _, table := range []string{"questions", "hits", "votes"} {
			col := "question_id"
			if table == "questions" {
				col = "id"
			}
			got := ids("SELECT DISTINCT " + col + " FROM " + table + " ORDER BY " + col)
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("%s left (-want +got):\n%s", table, d)
			}
		}
		if got := count(t, r.db, "votes"); got != 2 {
			t.Errorf("votes left: %d, want 2 (the old vote on a kept question goes too)", got)
		}
	})
}

// TestMigrations checks both ways a database reaches the current schema:
// from empty, and from version 1 holding rows, which are kept (latency
// moved from fractional milliseconds to microseconds).
func TestMigrations(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		t.Run("from empty", func(t *testing.T) {
			// Each subtest of one backend shares the database: the
			// empty case runs first and checks the version table.
			db, pg := mustDB(t, dsn)
			if err := migrate(ctx, db, pg, SchemaVersion); err != nil {
				t.Fatal(err)
			}
			var v int64
			if err := db.QueryRow(`SELECT MAX(version_id) FROM goose_db_version`).Scan(&v); err != nil {
				t.Fatal(err)
			}
			if v != SchemaVersion {
				t.Errorf("schema version %d, want %d", v, SchemaVersion)
			}
			if _, err := db.Exec(`SELECT latency_us FROM questions`); err != nil {
				t.Errorf("the current schema lacks latency_us: %v", err)
			}
			// Running again is a no-op.
			if err := migrate(ctx, db, pg, SchemaVersion); err != nil {
				t.Errorf("migrating a current database again: %v", err)
			}
		})
	})
	eachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db, pg := mustDB(t, dsn)
		if err := migrate(ctx, db, pg, 1); err != nil {
			t.Fatalf("migrate to 1: %v", err)
		}
		for _, s := range []string{
			`INSERT INTO questions (id, at_ms, platform, chat_hash, user_hash, question, lang, abstained, matched_by, latency_ms)
			 VALUES ('V1000001', 1764500000000, 'slack', 'c', 'u', '北斗', 'zh', 0, 'direct', 1.25)`,
			`INSERT INTO questions (id, at_ms, platform, chat_hash, user_hash, question, lang, abstained, matched_by, latency_ms)
			 VALUES ('V1000002', 1764500000001, 'telegram', 'c', 'u2', NULL, 'en', 1, '', 0.0004)`,
			`INSERT INTO hits (question_id, pos, ref, doc, section, score) VALUES ('V1000001', 1, 'seed:二·12', 'seed', '二', 0.9)`,
			`INSERT INTO votes (question_id, user_hash, at_ms, up, correct) VALUES ('V1000001', 'u', 1764500000500, 0, 'none')`,
		} {
			if _, err := db.Exec(s); err != nil {
				t.Fatalf("v1 insert: %v", err)
			}
		}
		db.Close()
		l := mustOpen(t, dsn, Options{Retention: 100 * 365 * 24 * time.Hour})
		r := mustReader(t, l, dsn)
		type row struct {
			ID        string
			Question  sql.NullString
			LatencyUS int64
		}
		var got []row
		rows, err := r.db.Query(`SELECT id, question, latency_us FROM questions ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var x row
			if err := rows.Scan(&x.ID, &x.Question, &x.LatencyUS); err != nil {
				t.Fatal(err)
			}
			got = append(got, x)
		}
		rows.Close()
		want := []row{{"V1000001", sql.NullString{String: "北斗", Valid: true}, 1250}, {"V1000002", sql.NullString{}, 0}}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("questions after the upgrade (-want +got):\n%s", d)
		}
		if n := count(t, r.db, "hits") + count(t, r.db, "votes"); n != 2 {
			t.Errorf("hits and votes after the upgrade: %d rows, want 2", n)
		}
		if _, err := r.db.Exec(`SELECT latency_ms FROM questions`); err == nil {
			t.Error("latency_ms is still there after the upgrade")
		}
	})
}

// TestDatabaseDownDropsRows checks that a database that has gone away
// costs rows, counted, and never a blocked caller.
func TestDatabaseDownDropsRows(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		var logs bytes.Buffer
		l := mustOpen(t, dsn, Options{LogQuestions: true, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
		l.db.Close() // the database is gone
		for i := range 10 {
			l.LogQuestion(question("DOWN000"+string(rune('0'+i)), time.Now(), "q", true))
		}
		_ = l.Close()
		if s := l.Stats(); s.Dropped != 10 || s.Written != 0 {
			t.Errorf("stats %+v, want 10 dropped, 0 written", s)
		}
		if !strings.Contains(logs.String(), "question log: rows dropped; answers are not affected") {
			t.Errorf("no warning about the dropped rows in the logs:\n%s", logs.String())
		}
		if strings.Contains(logs.String(), "user-DOWN") {
			t.Errorf("a raw id appears in the logs:\n%s", logs.String())
		}
	})
}

// TestLockedDatabaseNeverBlocks holds a lock that stops every write, then
// logs more rows than the queue holds: each call returns at once, the
// excess is dropped and counted, and once the lock goes the rest is
// written.
func TestLockedDatabaseNeverBlocks(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		const queue, rows = 4, 100
		l := mustOpen(t, dsn, Options{LogQuestions: true, QueueSize: queue, BatchSize: 1, WriteTimeout: time.Minute})
		other, pg := mustDB(t, dsn)
		conn, err := other.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		lockStmt := "BEGIN EXCLUSIVE"
		if pg {
			lockStmt = "BEGIN; LOCK TABLE questions IN ACCESS EXCLUSIVE MODE"
		}
		if _, err := conn.ExecContext(ctx, lockStmt); err != nil {
			t.Fatalf("lock: %v", err)
		}
		for i := range rows {
			l.LogQuestion(question(strings.Repeat("L", 4)+fourDigits(i), time.Now(), "q", true))
		}
		// The writer holds at most one batch of one row; the queue four.
		if d := l.Stats().Dropped; d < rows-queue-1 {
			t.Errorf("dropped %d while locked, want at least %d", d, rows-queue-1)
		}
		if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
			t.Fatalf("unlock: %v", err)
		}
		_ = l.Close()
		if s := l.Stats(); s.Dropped+s.Written != rows || s.Written == 0 {
			t.Errorf("stats %+v: want written+dropped = %d, some written after the lock", s, rows)
		}
	})
}

func fourDigits(i int) string {
	const d = "0123456789"
	return string([]byte{d[i/1000%10], d[i/100%10], d[i/10%10], d[i%10]})
}
