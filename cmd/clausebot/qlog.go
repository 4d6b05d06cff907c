package main

import (
	"context"
	"crypto/rand"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/text/width"

	"clausebot/bot"
	"clausebot/bot/qlog"
	"clausebot/config"
)

// questionLogDSN resolves the db setting: the value itself, the default
// file questions.db in the state folder ($XDG_STATE_HOME/clausebot, else
// $HOME/.local/state/clausebot), or "" with the reason the log is off.
func questionLogDSN(db string, getenv func(string) string) (dsn, off string) {
	switch db {
	case config.DBOff:
		return "", "db is off"
	case "":
	default:
		return db, ""
	}
	dir := getenv("XDG_STATE_HOME")
	if dir == "" {
		home := getenv("HOME")
		if home == "" {
			return "", "db is not set and there is no XDG_STATE_HOME or HOME to keep questions.db in"
		}
		dir = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(dir, "clausebot", "questions.db"), ""
}

// openQuestionLog opens the question log for serve. A log that cannot be
// opened is a warning, not a failure: the bot answers without it (and
// without feedback buttons).
func (s *server) openQuestionLog(ctx context.Context) {
	if s.qlogOff != "" {
		s.log.Info("question log off", "reason", s.qlogOff)
		return
	}
	// clausebot_qlog_up says whether the configured log is open, so an
	// operator can alert on a log that failed to open at start.
	s.metrics.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "clausebot_qlog_up",
		Help: "1 if the configured question log is open, 0 if it could not be opened (answers go on without it; restart to retry).",
	}, func() float64 {
		if st, _ := s.qlogState.Load().(string); st == "open" {
			return 1
		}
		return 0
	}))
	if !qlog.IsPostgres(s.qlogDSN) {
		if err := os.MkdirAll(filepath.Dir(s.qlogDSN), 0o700); err != nil {
			s.log.Warn("question log off: cannot create its folder", "err", err)
			s.qlogState.Store("off: cannot create its folder")
			return
		}
	}
	key := []byte(s.cfg.LogKey.Value())
	if len(key) == 0 {
		key = make([]byte, 32)
		_, _ = rand.Read(key)
		s.log.Warn("log_key is not set: chat and user hashes in the question log use a random key for this run only, so they cannot be linked across restarts or replicas (set CLAUSEBOT_LOG_KEY)")
	}
	octx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	l, err := qlog.Open(octx, s.qlogDSN, qlog.Options{
		Key:          key,
		LogQuestions: s.cfg.LogQuestions,
		Retention:    s.cfg.LogRetention,
		Logger:       s.log.With("component", "qlog"),
	})
	if err != nil {
		s.log.Warn("question log off: cannot open its database; answering without it", "err", err)
		s.qlogState.Store("off: cannot open its database (see the log); restart to retry")
		return
	}
	s.qlog = l
	s.qlogState.Store("open")
	s.metrics.reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "clausebot_qlog_rows_written_total",
			Help: "Question log rows (questions and votes) written to the database.",
		}, func() float64 { return float64(l.Stats().Written) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "clausebot_qlog_rows_dropped_total",
			Help: "Question log rows dropped: queue full, database down, locked or full. Answers are not affected.",
		}, func() float64 { return float64(l.Stats().Dropped) }),
	)
	s.log.Info("question log open", "db", qlog.Redact(s.qlogDSN), "log_questions", s.cfg.LogQuestions, "retention", s.cfg.LogRetention.String())
}

// closeQuestionLog writes what the log has queued and closes it.
func (s *server) closeQuestionLog() {
	if s.qlog == nil {
		return
	}
	if err := s.qlog.Close(); err != nil {
		s.log.Warn("closing the question log", "err", err)
	}
	if st := s.qlog.Stats(); st.Dropped > 0 {
		s.log.Warn("question log rows dropped while running", "rows", st.Dropped, "written", st.Written)
	}
	s.qlog = nil
}

// qlogFlags adds --db and --since to a command reading the log.
func qlogFlags(fs *flag.FlagSet, getenv func(string) string) (db, since *string) {
	db = fs.String("db", getenv("CLAUSEBOT_DB"), "the question log: a SQLite file or a postgres:// URL (default: $CLAUSEBOT_DB, else questions.db in the state folder)")
	since = fs.String("since", "7d", "how far back: 7d, 36h, 90m")
	return db, since
}

// parseSince reads a --since value: a Go duration, or whole days ("7d").
func parseSince(s string) (time.Duration, error) {
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(d)
		if err == nil && n > 0 && n <= 36500 {
			return time.Duration(n) * 24 * time.Hour, nil
		}
	} else if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return d, nil
	}
	return 0, fmt.Errorf("--since: want a period such as 7d, 36h or 90m, got %q", s)
}

// openLogReader opens the question log named by --db for reading.
func (c *cli) openLogReader(ctx context.Context, db string) (*qlog.Reader, error) {
	dsn, off := questionLogDSN(db, c.getenv)
	if off != "" {
		return nil, errors.New("no question log: " + off + " (give --db or set CLAUSEBOT_DB)")
	}
	if !qlog.IsPostgres(dsn) {
		if _, err := os.Stat(dsn); err != nil {
			return nil, fmt.Errorf("no question log at %s: %w (give --db or set CLAUSEBOT_DB)", dsn, errors.Unwrap(err))
		}
	}
	return qlog.OpenReader(ctx, dsn)
}

const reportUsage = "report [--db DSN] [--since 7d] [--top N] [--json|--csv]"

// report prints what the question log says about the last --since: the
// most frequent unanswered questions, the answers voted down with the
// reference people said was right, per-document and per-section use, and
// the abstention rate per day.
func (c *cli) report(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	db, since := qlogFlags(fs, c.getenv)
	top := fs.Int("top", 20, "entries in each list")
	asJSON := fs.Bool("json", false, "print JSON")
	asCSV := fs.Bool("csv", false, "print CSV: table,item,detail,count,rate")
	if code, ok := c.parseFlags(fs, reportUsage, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return c.fail("report", exitUsage, fmt.Errorf("unexpected argument %q (usage: clausebot %s)", fs.Arg(0), reportUsage))
	}
	if *asJSON && *asCSV {
		return c.fail("report", exitUsage, errors.New("--json and --csv: choose one"))
	}
	if *top < 1 || *top > 10000 {
		return c.fail("report", exitUsage, fmt.Errorf("--top must be between 1 and 10000, got %d", *top))
	}
	period, err := parseSince(*since)
	if err != nil {
		return c.fail("report", exitUsage, err)
	}
	r, err := c.openLogReader(ctx, *db)
	if err != nil {
		return c.fail("report", exitUsage, err)
	}
	defer r.Close()
	rep, err := r.Report(ctx, time.Now().Add(-period), *top)
	if err != nil {
		return c.fail("report", exitFail, err)
	}
	switch {
	case *asJSON:
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		err = enc.Encode(rep)
	case *asCSV:
		err = writeReportCSV(c.stdout, rep)
	default:
		err = writeReportText(c.stdout, rep, *since)
	}
	if err != nil {
		return c.fail("report", exitFail, err)
	}
	return exitOK
}

// writeReportCSV writes the report as one CSV table whose first column
// names the part: summary, unanswered, voted_down, document, section, day.
func writeReportCSV(w io.Writer, rep qlog.Report) error {
	cw := csv.NewWriter(w)
	n := strconv.Itoa
	rate := func(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }
	rows := [][]string{{"table", "item", "detail", "count", "rate"}}
	abstention := 0.0
	if rep.Questions > 0 {
		abstention = float64(rep.Abstained) / float64(rep.Questions)
	}
	rows = append(rows,
		[]string{"summary", "questions", "", n(rep.Questions), ""},
		[]string{"summary", "abstained", "", n(rep.Abstained), rate(abstention)},
		[]string{"summary", "votes_up", "", n(rep.VotesUp), ""},
		[]string{"summary", "votes_down", "", n(rep.VotesDown), ""})
	for _, u := range rep.Unanswered {
		rows = append(rows, []string{"unanswered", u.Question, u.Last.Format(time.RFC3339), n(u.Count), ""})
	}
	for _, d := range rep.VotedDown {
		rows = append(rows, []string{"voted_down", d.Question, d.Given + " -> " + d.Correct, n(d.Count), ""})
	}
	for _, u := range rep.Documents {
		rows = append(rows, []string{"document", u.Doc, "", n(u.Count), ""})
	}
	for _, u := range rep.Sections {
		rows = append(rows, []string{"section", u.Doc, u.Section, n(u.Count), ""})
	}
	for _, d := range rep.Days {
		rows = append(rows, []string{"day", d.Day, n(d.Abstained) + " abstained", n(d.Questions), rate(d.Rate)})
	}
	for _, r := range rows {
		for i, f := range r {
			r[i] = csvSafe(f)
		}
	}
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("writing CSV: %w", err)
	}
	return nil
}

// csvSafe keeps a user's question from being read as a formula by a
// spreadsheet.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) && s != "-" {
		return "'" + s
	}
	return s
}

// writeReportText writes the report for a terminal.
func writeReportText(w io.Writer, rep qlog.Report, since string) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	p := func(format string, args ...any) { fmt.Fprintf(tw, format, args...) }
	pct := func(a, b int) string {
		if b == 0 {
			return "-"
		}
		return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(b))
	}
	p("Question log since %s (%s)\n\n", rep.Since.Format("2006-01-02 15:04 UTC"), since)
	p("questions\t%d\n", rep.Questions)
	p("abstained\t%d\t%s\n", rep.Abstained, pct(rep.Abstained, rep.Questions))
	p("votes\t👍 %d\t👎 %d\n", rep.VotesUp, rep.VotesDown)
	if !rep.TextLogged && rep.Questions > 0 {
		p("\n(question text is not logged: log_questions is false)\n")
	}
	p("\nMost frequent unanswered questions\n")
	if len(rep.Unanswered) == 0 {
		p("  none\n")
	}
	var rows [][]string
	for _, u := range rep.Unanswered {
		rows = append(rows, []string{fmt.Sprintf("%d×", u.Count), oneLine(u.Question), "(last " + u.Last.Format("2006-01-02") + ")"})
	}
	p("%s", wideTable(rows))
	p("\nAnswers voted down\n")
	if len(rep.VotedDown) == 0 {
		p("  none\n")
	}
	rows = nil
	for _, d := range rep.VotedDown {
		right := d.Correct
		switch right {
		case "":
			right = "(not said)"
		case "none":
			right = "none of them"
		}
		given := d.Given
		if given == "" {
			given = "no match"
		}
		rows = append(rows, []string{fmt.Sprintf("%d×", d.Count), oneLine(d.Question), "gave " + given, "right: " + right})
	}
	p("%s", wideTable(rows))
	p("\nUse by document (best clause of an answer)\n")
	for _, u := range rep.Documents {
		p("  %d\t%s\n", u.Count, u.Doc)
	}
	p("\nUse by section\n")
	for _, u := range rep.Sections {
		p("  %d\t%s\t%s\n", u.Count, u.Doc, u.Section)
	}
	p("\nAbstention rate by day (UTC)\n")
	for _, d := range rep.Days {
		p("  %s\t%d questions\t%d abstained\t%s\n", d.Day, d.Questions, d.Abstained, pct(d.Abstained, d.Questions))
	}
	return tw.Flush()
}

// wideTable lays rows out in columns two spaces apart, each row indented
// by two, padding by display width: a Chinese character takes two
// columns of a terminal (East Asian Width, Unicode UAX #11), which
// tabwriter, counting runes, did not know, so the columns after a
// Chinese question stood apart from those after an English one. Its
// output has no tabs, so the report's tabwriter passes it through.
func wideTable(rows [][]string) string {
	var widths []int
	for _, r := range rows {
		for i, c := range r {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString("  ")
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(c)+2))
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// displayWidth is how many terminal columns s takes: two for East Asian
// wide and fullwidth characters, one for the others.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// oneLine shortens a question to one line of at most 60 characters.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > 60 {
		s = string([]rune(s)[:59]) + "…"
	}
	return s
}

// goldPrefixRunes is how much of a clause's text a gold line quotes: the
// start of the clause is enough to recognise it among the others, and
// stays readable.
const goldPrefixRunes = 40

// evalFromLog writes a gold file from the question log: each question
// people confirmed (👍) or corrected (👎 with a reference, or "none"),
// as {"q", "gold"} lines whose gold is the start of that clause's text (an
// empty list for "none"), ready for eval --gold.
func (c *cli) evalFromLog(ctx context.Context, db, since, docs, synonyms, indexDir, out string) int {
	period, err := parseSince(since)
	if err != nil {
		return c.fail("eval", exitUsage, err)
	}
	r, err := c.openLogReader(ctx, db)
	if err != nil {
		return c.fail("eval", exitUsage, err)
	}
	defer r.Close()
	gold, conflicts, err := r.Gold(ctx, time.Now().Add(-period))
	if err != nil {
		return c.fail("eval", exitFail, err)
	}
	x, err := c.openIndex(ctx, docs, synonyms, indexDir)
	if err != nil {
		return c.fail("eval", exitUsage, err)
	}
	defer x.Close()
	w := c.stdout
	if out != "" {
		f, err := os.Create(out)
		if err != nil {
			return c.fail("eval", exitUsage, fmt.Errorf("--out: %w", err))
		}
		defer f.Close()
		w = f
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	written, gone := 0, 0
	for _, g := range gold {
		line := goldQuestion{Q: g.Question, Gold: []string{}}
		if g.Ref != "" {
			cl, err := x.Clause(ctx, g.Ref)
			if err != nil {
				gone++ // the documents changed since the vote
				continue
			}
			text := strings.TrimSpace(strings.SplitN(cl.Text, "\n", 2)[0])
			if utf8.RuneCountInString(text) > goldPrefixRunes {
				text = string([]rune(text)[:goldPrefixRunes])
			}
			line.Gold = []string{text}
		}
		if err := enc.Encode(line); err != nil {
			return c.fail("eval", exitFail, err)
		}
		written++
	}
	fmt.Fprintf(c.stderr, "clausebot eval: %d gold questions from the log", written)
	if conflicts > 0 {
		fmt.Fprintf(c.stderr, "; %d left out because votes disagree", conflicts)
	}
	if gone > 0 {
		fmt.Fprintf(c.stderr, "; %d left out because their reference is no longer in the documents", gone)
	}
	fmt.Fprintln(c.stderr)
	return exitOK
}

// chatQuestionLog opens the question log for clausebot chat when --db
// names one; with none, chat logs nothing and shows no vote choices. The
// local user's ids are hashed under a random key: one terminal, one run.
func (c *cli) chatQuestionLog(ctx context.Context, db string) (bot.QuestionLog, func(), error) {
	if db == "" || db == config.DBOff {
		return nil, func() {}, nil
	}
	if !qlog.IsPostgres(db) {
		if err := os.MkdirAll(filepath.Dir(db), 0o700); err != nil {
			return nil, nil, fmt.Errorf("--db: %w", err)
		}
	}
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	l, err := qlog.Open(ctx, db, qlog.Options{Key: key, LogQuestions: true})
	if err != nil {
		return nil, nil, err
	}
	return l, func() {
		if err := l.Close(); err != nil {
			fmt.Fprintf(c.stderr, "clausebot chat: closing the question log: %v\n", err)
		}
	}, nil
}
