// Package qlog is clausebot's question log: one row per question the bot
// searched (when, where, a keyed hash of who, the question unless turned
// off, the references returned with their scores, whether it abstained,
// how it matched, how long it took) and the 👍/👎 votes people gave the
// answers. It implements bot.QuestionLog for the core, and the reads
// behind `clausebot report` and `clausebot eval --from-log`.
//
// It keeps its rows in SQLite (modernc.org/sqlite, pure Go) by default, or
// in PostgreSQL (lib/pq) when the DSN is a postgres:// URL, which several
// replicas can share. Both go through one database/sql code path; the
// schema is migrated with goose at Open from the SQL files embedded under
// migrations/, which are the same for both databases.
//
// Writes never hold up a reply: LogQuestion and LogVote only queue, and a
// background writer stores the queue in batches, one transaction each. A
// full queue, a database that is down, locked or full drops the rows,
// counts them (Stats) and logs a warning, at most one a minute.
package qlog

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lib/pq"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	_ "modernc.org/sqlite" // registers "sqlite"

	"clausebot/bot"
	"clausebot/internal/lazyre"
)

//go:embed migrations/*.sql
var migrations embed.FS

// SchemaVersion is the newest migration in migrations/.
const SchemaVersion = 2

// Defaults for Options.
const (
	DefaultRetention     = 90 * 24 * time.Hour
	DefaultQueueSize     = 4096
	DefaultBatchSize     = 256
	DefaultFlushInterval = 500 * time.Millisecond
	DefaultPurgeInterval = time.Hour
	DefaultWriteTimeout  = 5 * time.Second
)

// Options configures a Log. Key is required; the rest have defaults.
type Options struct {
	// Key is the secret the chat and user ids are hashed with
	// (HMAC-SHA256). Without it a hash cannot be linked back to an id, even
	// by trying every id. At least 16 bytes.
	Key []byte
	// LogQuestions stores the question text; false stores NULL instead
	// and keeps everything else.
	LogQuestions bool
	// Retention is how long rows are kept; default 90 days. Older rows are
	// deleted at Open and every PurgeInterval after.
	Retention time.Duration
	// PurgeInterval is how often old rows are deleted; default 1 hour.
	PurgeInterval time.Duration
	// QueueSize bounds the rows waiting to be written; beyond it rows are
	// dropped. Default 4096.
	QueueSize int
	// BatchSize is the most rows written in one transaction; default 256.
	BatchSize int
	// FlushInterval is the longest a queued row waits for its batch to
	// fill; default 500 ms.
	FlushInterval time.Duration
	// WriteTimeout bounds one batch's transaction; default 5 s.
	WriteTimeout time.Duration
	// Logger receives warnings (rows dropped, purge failed); nil discards.
	Logger *slog.Logger
	// Now is the clock for retention; nil is time.Now.
	Now func() time.Time
}

func (o Options) withDefaults() Options {
	if o.Retention <= 0 {
		o.Retention = DefaultRetention
	}
	if o.PurgeInterval <= 0 {
		o.PurgeInterval = DefaultPurgeInterval
	}
	if o.QueueSize <= 0 {
		o.QueueSize = DefaultQueueSize
	}
	if o.BatchSize <= 0 {
		o.BatchSize = DefaultBatchSize
	}
	if o.FlushInterval <= 0 {
		o.FlushInterval = DefaultFlushInterval
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = DefaultWriteTimeout
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// MinKeyBytes is the shortest Options.Key accepted.
const MinKeyBytes = 16

// Log is an open question log. It is safe for concurrent use.
type Log struct {
	db       *sql.DB
	postgres bool
	opts     Options
	log      *slog.Logger

	queue chan record
	stop  chan struct{}
	done  chan struct{}
	once  sync.Once

	written atomic.Int64
	dropped atomic.Int64
	warnMu  sync.Mutex
	warned  time.Time // the last "rows dropped" warning
	pending int64     // rows dropped since that warning; guarded by warnMu
}

var _ bot.QuestionLog = (*Log)(nil)

// record is one queued row: a question or a vote, still with raw ids.
type record struct {
	q *bot.LoggedQuestion
	v *bot.Vote
}

// IsPostgres reports whether dsn names a PostgreSQL database
// (postgres:// or postgresql://) rather than a SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Redact returns dsn with any password replaced by "***", for messages.
func Redact(dsn string) string {
	if !IsPostgres(dsn) {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://***"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "***")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "***")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// OpenDB opens the database dsn names, a SQLite file path or a
// postgres:// URL, and migrates its schema to SchemaVersion. Errors name
// the database, with any password masked.
func OpenDB(ctx context.Context, dsn string) (*sql.DB, error) {
	db, pg, err := open(dsn)
	if err != nil {
		return nil, err
	}
	if err := migrate(ctx, db, pg, SchemaVersion); err != nil {
		db.Close()
		return nil, fmt.Errorf("question log %s: %w", Redact(dsn), err)
	}
	return db, nil
}

// CheckDSN reports what is wrong with dsn as a question log's database,
// without quoting it: a postgres:// URL that does not parse or carries a
// password (it would show in config check and logs; PGPASSWORD or
// ~/.pgpass keep it out), another scheme, or a PostgreSQL keyword string
// ("host=… dbname=…"), which would otherwise be taken for a SQLite file
// name. nil for a SQLite path or a good URL.
func CheckDSN(dsn string) error {
	switch {
	case IsPostgres(dsn):
		u, err := url.Parse(dsn)
		if err != nil {
			return errors.New("question log: not a valid postgres:// URL")
		}
		if _, ok := u.User.Password(); ok || u.Query().Has("password") {
			return errors.New("question log: the postgres:// URL must not carry a password (it would show in config check and logs); set PGPASSWORD or use ~/.pgpass")
		}
	case strings.Contains(dsn, "://"):
		return fmt.Errorf("question log: want a SQLite file path or a postgres:// URL, got a %s URL", dsn[:strings.Index(dsn, "://")])
	case reKeywordDSN().MatchString(dsn):
		return errors.New("question log: that is a PostgreSQL keyword string (host=… dbname=…); write it as a postgres://user@host/dbname URL")
	}
	return nil
}

// reKeywordDSN matches a libpq keyword/value connection string.
var reKeywordDSN = lazyre.New(`(?i)(^|\s)(host|hostaddr|dbname|user|password|port|sslmode)\s*=`)

// postgresConnector is the PostgreSQL connector for a postgres:// URL,
// read as libpq reads it (with the PG* environment variables and
// ~/.pgpass) by lib/pq, except that an unset sslmode means "prefer" (try
// TLS, fall back to plain), libpq's default and the one this log had with
// pgx, instead of lib/pq's "require". The error is lib/pq's for a URL or
// environment it cannot use (e.g. $PGGSSENCMODE, which it does not
// support).
//
// lib/pq replaced pgx (v5, through its database/sql driver) for the one-
// shot commands' memory: every process runs the package inits and the
// interface tables of what it links, and pgx's 512 of the binary's 2,305
// interface tables and its code cost `clausebot ask` on the seed 0.7 MB of
// peak RSS (30.55 → 29.87 and 30.54 → 29.82 MB, medians of 21
// alternating runs, two runs; see docs/operations.md, "Start-up of a
// one-shot command").
func postgresConnector(dsn string) (*pq.Connector, error) {
	cfg, err := pq.NewConfig(dsn)
	if err != nil {
		return nil, err
	}
	if cfg.SSLMode == "" {
		cfg.SSLMode = pq.SSLModePrefer
	}
	return pq.NewConnectorConfig(cfg)
}

// open opens dsn without migrating it.
func open(dsn string) (*sql.DB, bool, error) {
	if dsn == "" {
		return nil, false, errors.New("question log: no database given")
	}
	if err := CheckDSN(dsn); err != nil {
		return nil, false, err
	}
	if IsPostgres(dsn) {
		c, err := postgresConnector(dsn)
		if err != nil {
			return nil, false, fmt.Errorf("question log %s: %w", Redact(dsn), err)
		}
		return sql.OpenDB(c), true, nil
	}
	if dir := filepath.Dir(dsn); dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, false, fmt.Errorf("question log %s: the folder %s does not exist", dsn, dir)
		}
	}
	// WAL lets `clausebot report` read while serve writes; the busy
	// timeout makes a writer wait for the other's lock instead of failing.
	// The path is escaped: a '#' or '?' in it would end the file name.
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: dsn}).EscapedPath()+"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		return nil, false, fmt.Errorf("question log %s: %w", dsn, err)
	}
	// One writer at a time is SQLite's model; a single connection also
	// keeps the pragmas, which are per connection.
	db.SetMaxOpenConns(1)
	return db, false, nil
}

// migrate brings the schema up to version with goose. PostgreSQL replicas
// starting together take an advisory lock so only one migrates.
func migrate(ctx context.Context, db *sql.DB, pg bool, version int64) error {
	dialect := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if pg {
		dialect = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return fmt.Errorf("migrations: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	fsys, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	p, err := goose.NewProvider(dialect, db, fsys, opts...)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.UpTo(ctx, version); err != nil {
		return fmt.Errorf("migrating the schema: %w", err)
	}
	return nil
}

// Open opens (creating and migrating as needed) the question log at dsn, a
// SQLite file path or a postgres:// URL, starts its writer and deletes
// rows older than the retention. Close it to flush the queue.
func Open(ctx context.Context, dsn string, opts Options) (*Log, error) {
	if len(opts.Key) < MinKeyBytes {
		return nil, fmt.Errorf("question log: the hashing key must be at least %d bytes, got %d", MinKeyBytes, len(opts.Key))
	}
	db, err := OpenDB(ctx, dsn)
	if err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	l := &Log{
		db: db, postgres: IsPostgres(dsn), opts: opts, log: opts.Logger,
		queue: make(chan record, opts.QueueSize),
		stop:  make(chan struct{}),
		done:  make(chan struct{}),
	}
	go l.run()
	return l, nil
}

// LogQuestion queues q. It never blocks: with the queue full the row is
// dropped and counted.
func (l *Log) LogQuestion(q bot.LoggedQuestion) { l.enqueue(record{q: &q}) }

// LogVote queues v, which replaces the same user's earlier vote on the same
// answer. It never blocks.
func (l *Log) LogVote(v bot.Vote) { l.enqueue(record{v: &v}) }

func (l *Log) enqueue(r record) {
	select {
	case l.queue <- r:
	default:
		l.drop(1, errors.New("queue full: the database is not keeping up"))
	}
}

// Stats are the log's counters since Open.
type Stats struct {
	Written int64 // rows stored (questions and votes)
	Dropped int64 // rows lost: queue full, database down or full
	Queued  int   // rows waiting now
}

// Stats returns the log's counters.
func (l *Log) Stats() Stats {
	return Stats{Written: l.written.Load(), Dropped: l.dropped.Load(), Queued: len(l.queue)}
}

// Close writes what is queued, stops the writer and closes the database.
// Rows logged after Close are dropped.
func (l *Log) Close() error {
	l.once.Do(func() { close(l.stop) })
	<-l.done
	return l.db.Close()
}

// run is the writer: it batches the queue into transactions and deletes
// expired rows every PurgeInterval.
func (l *Log) run() {
	defer close(l.done)
	flush := time.NewTicker(l.opts.FlushInterval)
	defer flush.Stop()
	purge := time.NewTicker(l.opts.PurgeInterval)
	defer purge.Stop()
	l.purgeLogged()
	batch := make([]record, 0, l.opts.BatchSize)
	for {
		select {
		case r := <-l.queue:
			batch = append(batch, r)
			if len(batch) >= l.opts.BatchSize {
				batch = l.write(batch)
			}
		case <-flush.C:
			batch = l.write(batch)
		case <-purge.C:
			l.purgeLogged()
		case <-l.stop:
		drain:
			for {
				select {
				case r := <-l.queue:
					batch = append(batch, r)
					if len(batch) >= l.opts.BatchSize {
						batch = l.write(batch)
					}
				default:
					break drain
				}
			}
			l.write(batch)
			return
		}
	}
}

// write stores batch in one transaction, or drops it, and returns batch
// emptied for reuse.
func (l *Log) write(batch []record) []record {
	if len(batch) == 0 {
		return batch
	}
	ctx, cancel := context.WithTimeout(context.Background(), l.opts.WriteTimeout)
	defer cancel()
	if err := l.store(ctx, batch); err != nil {
		l.drop(len(batch), err)
	} else {
		l.written.Add(int64(len(batch)))
	}
	clear(batch)
	return batch[:0]
}

// The statements, written with ? and rebound to $n for PostgreSQL. Both
// databases take ON CONFLICT: a vote replaces the user's earlier one.
const (
	insertQuestion = `INSERT INTO questions (id, at_ms, platform, chat_hash, user_hash, question, lang, abstained, matched_by, latency_us)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`
	insertHit  = `INSERT INTO hits (question_id, pos, ref, doc, section, score) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (question_id, pos) DO NOTHING`
	upsertVote = `INSERT INTO votes (question_id, user_hash, at_ms, up, correct) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (question_id, user_hash) DO UPDATE SET at_ms = excluded.at_ms, up = excluded.up, correct = excluded.correct`
)

// store writes batch in one transaction.
func (l *Log) store(ctx context.Context, batch []record) error {
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	var qs, hs, vs *sql.Stmt
	prepare := func(s **sql.Stmt, query string) error {
		if *s != nil {
			return nil
		}
		st, err := tx.PrepareContext(ctx, l.rebind(query))
		if err != nil {
			return fmt.Errorf("prepare: %w", err)
		}
		*s = st
		return nil
	}
	for _, r := range batch {
		switch {
		case r.q != nil:
			q := r.q
			if err := prepare(&qs, insertQuestion); err != nil {
				return err
			}
			var text any // NULL unless questions are logged
			if l.opts.LogQuestions {
				text = q.Text
			}
			if _, err := qs.ExecContext(ctx, q.ID, q.At.UnixMilli(), string(q.Platform),
				l.Hash("chat", q.Platform, q.ChatID), l.Hash("user", q.Platform, q.UserID),
				text, string(q.Lang), boolInt(q.Abstained), q.Match, q.Latency.Microseconds()); err != nil {
				return fmt.Errorf("insert question: %w", err)
			}
			for i, h := range q.Hits {
				if err := prepare(&hs, insertHit); err != nil {
					return err
				}
				if _, err := hs.ExecContext(ctx, q.ID, i+1, h.Ref, h.DocID, h.Section, h.Score); err != nil {
					return fmt.Errorf("insert hit: %w", err)
				}
			}
		case r.v != nil:
			v := r.v
			if err := prepare(&vs, upsertVote); err != nil {
				return err
			}
			if _, err := vs.ExecContext(ctx, v.QuestionID, l.Hash("user", v.Platform, v.UserID),
				v.At.UnixMilli(), boolInt(v.Up), v.Correct); err != nil {
				return fmt.Errorf("upsert vote: %w", err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// drop counts n lost rows and warns, at most once a minute, with the
// number lost since the last warning.
func (l *Log) drop(n int, err error) {
	l.dropped.Add(int64(n))
	now := time.Now()
	l.warnMu.Lock()
	l.pending += int64(n)
	if !l.warned.IsZero() && now.Sub(l.warned) < time.Minute {
		l.warnMu.Unlock()
		return
	}
	lost := l.pending
	l.warned, l.pending = now, 0
	l.warnMu.Unlock()
	l.log.Warn("question log: rows dropped; answers are not affected", "rows", lost, "err", err)
}

// Hash is the keyed hash a chat or user id is stored as: HMAC-SHA256 with
// the log's key over kind ("chat" or "user"), platform and id, the first
// 16 bytes in hex. It is stable for one key, and cannot be reversed or
// matched against guessed ids without the key.
func (l *Log) Hash(kind string, p bot.Platform, id string) string {
	return hashID(l.opts.Key, kind, p, id)
}

func hashID(key []byte, kind string, p bot.Platform, id string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(p))
	m.Write([]byte{0})
	m.Write([]byte(id))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// Purge deletes the questions asked before the retention window (now −
// Retention), with their hits and votes, and votes cast before it. It
// returns the number of questions deleted.
func (l *Log) Purge(ctx context.Context) (int64, error) {
	cutoff := l.opts.Now().Add(-l.opts.Retention).UnixMilli()
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("question log: purge: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck
	for _, s := range []string{
		`DELETE FROM hits WHERE question_id IN (SELECT id FROM questions WHERE at_ms < ?)`,
		`DELETE FROM votes WHERE at_ms < ? OR question_id IN (SELECT id FROM questions WHERE at_ms < ?)`,
	} {
		args := []any{cutoff}
		if strings.Count(s, "?") == 2 {
			args = append(args, cutoff)
		}
		if _, err := tx.ExecContext(ctx, l.rebind(s), args...); err != nil {
			return 0, fmt.Errorf("question log: purge: %w", err)
		}
	}
	res, err := tx.ExecContext(ctx, l.rebind(`DELETE FROM questions WHERE at_ms < ?`), cutoff)
	if err != nil {
		return 0, fmt.Errorf("question log: purge: %w", err)
	}
	n, _ := res.RowsAffected()
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("question log: purge: %w", err)
	}
	return n, nil
}

func (l *Log) purgeLogged() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	n, err := l.Purge(ctx)
	if err != nil {
		l.log.Warn("question log: deleting old rows failed; will retry", "err", err)
		return
	}
	if n > 0 {
		l.log.Info("question log: old rows deleted", "questions", n, "retention", l.opts.Retention.String())
	}
}

// rebind turns ? placeholders into PostgreSQL's $1, $2 … The statements
// here have no ? inside string literals.
func (l *Log) rebind(q string) string { return rebind(q, l.postgres) }

func rebind(q string, pg bool) string {
	if !pg {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
