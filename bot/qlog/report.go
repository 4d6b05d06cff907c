package qlog

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Reader reads a question log for `clausebot report` and `clausebot eval
// --from-log`.
type Reader struct {
	db *sql.DB
	pg bool
}

// OpenReader opens the question log at dsn (migrating it, like Open) for
// reading. Close it when done.
func OpenReader(ctx context.Context, dsn string) (*Reader, error) {
	db, err := OpenDB(ctx, dsn)
	if err != nil {
		return nil, err
	}
	return &Reader{db: db, pg: IsPostgres(dsn)}, nil
}

// Reader returns a Reader over the log's own database. Closing the Log
// closes it too.
func (l *Log) Reader() *Reader { return &Reader{db: l.db, pg: l.postgres} }

// Close closes the database.
func (r *Reader) Close() error { return r.db.Close() }

// Report is what the log says about a period: what went unanswered, what
// was voted down, what is read, and how often the bot abstained.
type Report struct {
	Since      time.Time    `json:"since"`
	Questions  int          `json:"questions"`
	Abstained  int          `json:"abstained"`
	VotesUp    int          `json:"votes_up"`
	VotesDown  int          `json:"votes_down"`
	Unanswered []Unanswered `json:"unanswered"`
	VotedDown  []VotedDown  `json:"voted_down"`
	Documents  []Use        `json:"documents"`
	Sections   []Use        `json:"sections"`
	Days       []Day        `json:"days"`
	// TextLogged is false when no question of the period has its text
	// (log_questions: false), so the lists of questions are empty.
	TextLogged bool `json:"text_logged"`
}

// Unanswered is a question the bot abstained on, with how often it was
// asked (compared ignoring case and surrounding space).
type Unanswered struct {
	Question string    `json:"q"`
	Count    int       `json:"count"`
	Last     time.Time `json:"last"`
}

// VotedDown is an answer voted 👎: the question, the reference the bot
// gave first ("" when it said "no match"), and the one people said was right ("none" for none of them,
// "" when they did not say), with the number of such votes.
type VotedDown struct {
	Question string `json:"q"`
	Given    string `json:"given"`
	Correct  string `json:"correct"`
	Count    int    `json:"count"`
}

// Use counts how often a document (Section "") or one of its sections gave
// an answer's best clause.
type Use struct {
	Doc     string `json:"doc"`
	Section string `json:"section,omitempty"`
	Count   int    `json:"count"`
}

// Day is one UTC day's questions and abstentions.
type Day struct {
	Day       string  `json:"day"` // YYYY-MM-DD
	Questions int     `json:"questions"`
	Abstained int     `json:"abstained"`
	Rate      float64 `json:"abstention_rate"`
}

// Report reads the log from since on, listing at most top entries in each
// list (0 means 20).
func (r *Reader) Report(ctx context.Context, since time.Time, top int) (Report, error) {
	if top <= 0 {
		top = 20
	}
	from := since.UnixMilli()
	rep := Report{Since: since.UTC()}
	q := func(query string, args []any, scan func(*sql.Rows) error) error {
		rows, err := r.db.QueryContext(ctx, rebind(query, r.pg), args...)
		if err != nil {
			return fmt.Errorf("question log: report: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return fmt.Errorf("question log: report: %w", err)
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("question log: report: %w", err)
		}
		return nil
	}
	var withText int
	err := q(`SELECT COUNT(*), COALESCE(SUM(abstained), 0), COUNT(question) FROM questions WHERE at_ms >= ?`, []any{from},
		func(rows *sql.Rows) error { return rows.Scan(&rep.Questions, &rep.Abstained, &withText) })
	if err != nil {
		return rep, err
	}
	rep.TextLogged = withText > 0
	err = q(`SELECT COALESCE(SUM(v.up), 0), COUNT(*) - COALESCE(SUM(v.up), 0) FROM votes v JOIN questions q ON q.id = v.question_id WHERE q.at_ms >= ?`, []any{from},
		func(rows *sql.Rows) error { return rows.Scan(&rep.VotesUp, &rep.VotesDown) })
	if err != nil {
		return rep, err
	}
	err = q(`SELECT LOWER(TRIM(question)) AS k, MIN(question), COUNT(*) AS n, MAX(at_ms) FROM questions
WHERE abstained = 1 AND question IS NOT NULL AND at_ms >= ? GROUP BY k ORDER BY n DESC, k LIMIT ?`, []any{from, top},
		func(rows *sql.Rows) error {
			var u Unanswered
			var k string
			var last int64
			if err := rows.Scan(&k, &u.Question, &u.Count, &last); err != nil {
				return err
			}
			u.Last = time.UnixMilli(last).UTC()
			rep.Unanswered = append(rep.Unanswered, u)
			return nil
		})
	if err != nil {
		return rep, err
	}
	err = q(`SELECT COALESCE(q.question, ''), COALESCE(h.ref, ''), v.correct, COUNT(*) AS n FROM votes v
JOIN questions q ON q.id = v.question_id
LEFT JOIN hits h ON h.question_id = q.id AND h.pos = 1
WHERE v.up = 0 AND q.at_ms >= ?
GROUP BY q.question, h.ref, v.correct ORDER BY n DESC, h.ref, v.correct LIMIT ?`, []any{from, top},
		func(rows *sql.Rows) error {
			var d VotedDown
			if err := rows.Scan(&d.Question, &d.Given, &d.Correct, &d.Count); err != nil {
				return err
			}
			rep.VotedDown = append(rep.VotedDown, d)
			return nil
		})
	if err != nil {
		return rep, err
	}
	err = q(`SELECT h.doc, COUNT(*) AS n FROM hits h JOIN questions q ON q.id = h.question_id
WHERE h.pos = 1 AND q.at_ms >= ? GROUP BY h.doc ORDER BY n DESC, h.doc LIMIT ?`, []any{from, top},
		func(rows *sql.Rows) error {
			var u Use
			if err := rows.Scan(&u.Doc, &u.Count); err != nil {
				return err
			}
			rep.Documents = append(rep.Documents, u)
			return nil
		})
	if err != nil {
		return rep, err
	}
	err = q(`SELECT h.doc, h.section, COUNT(*) AS n FROM hits h JOIN questions q ON q.id = h.question_id
WHERE h.pos = 1 AND q.at_ms >= ? GROUP BY h.doc, h.section ORDER BY n DESC, h.doc, h.section LIMIT ?`, []any{from, top},
		func(rows *sql.Rows) error {
			var u Use
			if err := rows.Scan(&u.Doc, &u.Section, &u.Count); err != nil {
				return err
			}
			rep.Sections = append(rep.Sections, u)
			return nil
		})
	if err != nil {
		return rep, err
	}
	// Ties are broken here, byte-wise, not by the database's collation,
	// so both databases print the same report.
	sort.SliceStable(rep.Unanswered, func(i, j int) bool {
		a, b := rep.Unanswered[i], rep.Unanswered[j]
		return a.Count > b.Count || a.Count == b.Count && a.Question < b.Question
	})
	sort.SliceStable(rep.VotedDown, func(i, j int) bool {
		a, b := rep.VotedDown[i], rep.VotedDown[j]
		return a.Count > b.Count || a.Count == b.Count && (a.Given < b.Given || a.Given == b.Given && a.Correct < b.Correct)
	})
	byUse := func(u []Use) func(i, j int) bool {
		return func(i, j int) bool {
			a, b := u[i], u[j]
			return a.Count > b.Count || a.Count == b.Count && (a.Doc < b.Doc || a.Doc == b.Doc && a.Section < b.Section)
		}
	}
	sort.SliceStable(rep.Documents, byUse(rep.Documents))
	sort.SliceStable(rep.Sections, byUse(rep.Sections))
	const day = 24 * 60 * 60 * 1000
	err = q(`SELECT at_ms / 86400000 AS d, COUNT(*), COALESCE(SUM(abstained), 0) FROM questions WHERE at_ms >= ? GROUP BY d ORDER BY d`,
		[]any{from},
		func(rows *sql.Rows) error {
			var d Day
			var n int64
			if err := rows.Scan(&n, &d.Questions, &d.Abstained); err != nil {
				return err
			}
			d.Day = time.UnixMilli(n * day).UTC().Format(time.DateOnly)
			if d.Questions > 0 {
				d.Rate = float64(d.Abstained) / float64(d.Questions)
			}
			rep.Days = append(rep.Days, d)
			return nil
		})
	return rep, err
}

// Gold is a question people confirmed or corrected: Ref is the reference
// that answers it ("" when none of the documents' clauses does).
type Gold struct {
	Question string
	Ref      string
}

// Gold returns the questions asked since since whose answers were
// confirmed (👍: the best clause given; on "no match", no clause) or
// corrected (👎 with the right reference, or "none"), one per distinct
// question, in the order first asked. A question whose votes disagree is left out and counted in
// conflicts. Questions logged without their text cannot be used.
func (r *Reader) Gold(ctx context.Context, since time.Time) (gold []Gold, conflicts int, err error) {
	rows, err := r.db.QueryContext(ctx, rebind(`SELECT q.question, q.at_ms, v.up, v.correct, COALESCE(h.ref, '') FROM votes v
JOIN questions q ON q.id = v.question_id
LEFT JOIN hits h ON h.question_id = q.id AND h.pos = 1
WHERE q.at_ms >= ? AND q.question IS NOT NULL AND (v.up = 1 OR v.correct <> '')
ORDER BY q.at_ms, q.id`, r.pg), since.UnixMilli())
	if err != nil {
		return nil, 0, fmt.Errorf("question log: gold: %w", err)
	}
	defer rows.Close()
	type entry struct {
		q     string
		first int64
		refs  map[string]bool
	}
	byKey := map[string]*entry{}
	for rows.Next() {
		var q, correct, top string
		var at int64
		var up int
		if err := rows.Scan(&q, &at, &up, &correct, &top); err != nil {
			return nil, 0, fmt.Errorf("question log: gold: %w", err)
		}
		ref := correct
		if up == 1 {
			ref = top
		} else if correct == "none" {
			ref = ""
		}
		k := strings.ToLower(strings.TrimSpace(q))
		e, ok := byKey[k]
		if !ok {
			e = &entry{q: strings.TrimSpace(q), first: at, refs: map[string]bool{}}
			byKey[k] = e
		}
		e.refs[ref] = true
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("question log: gold: %w", err)
	}
	entries := make([]*entry, 0, len(byKey))
	for _, e := range byKey {
		entries = append(entries, e)
	}
	sort.Slice(entries, func(i, j int) bool {
		if entries[i].first != entries[j].first {
			return entries[i].first < entries[j].first
		}
		return entries[i].q < entries[j].q
	})
	for _, e := range entries {
		if len(e.refs) != 1 {
			conflicts++
			continue
		}
		for ref := range e.refs {
			gold = append(gold, Gold{Question: e.q, Ref: ref})
		}
	}
	return gold, conflicts, nil
}
