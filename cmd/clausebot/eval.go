package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"clausebot/bot"
)

const evalUsage = "eval --gold FILE.jsonl [--docs DIR] [--min-hit1 X] | eval --from-log [--db DSN] [--since 7d] [--docs DIR] [--out FILE]"

// goldQuestion is one line of a gold file. A hit is a result whose text
// contains one of Gold; an empty Gold expects the bot to abstain.
type goldQuestion struct {
	Q    string   `json:"q"`
	Gold []string `json:"gold"`
}

// evalScore is the outcome of a gold set.
type evalScore struct {
	N, OnTopic, OffTopic int
	Hit1, Hit3, MRR5     float64 // over all questions: an off-topic one scores when the bot abstains
	Abstained            int     // off-topic questions the bot correctly abstained on
	FalseAbstain         int     // on-topic questions it wrongly abstained on
	// NearGold counts the wrongly abstained questions whose gold clause is
	// among the near clauses shown instead (bot.Results.Near); OffNear the
	// rightly abstained off-topic ones shown near clauses all the same.
	NearGold, OffNear int
	Misses            []string
}

// eval scores the engine against a gold question set and fails under
// --min-hit1.
func (c *cli) eval(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	docs, synonyms, indexDir := docsFlags(fs, c.getenv)
	gold := fs.String("gold", "", "gold questions, JSON lines {\"q\": …, \"gold\": [substrings]}")
	minHit1 := fs.Float64("min-hit1", 0, "exit 1 when hit@1 is below this (0..1)")
	fromLog := fs.Bool("from-log", false, "write a gold file from the question log's confirmed and corrected answers (qlog.go)")
	db, since := qlogFlags(fs, c.getenv)
	out := fs.String("out", "", "with --from-log: write the gold file here instead of stdout")
	if code, ok := c.parseFlags(fs, evalUsage, args); !ok {
		return code
	}
	if *fromLog {
		if *gold != "" || fs.NArg() > 0 {
			return c.fail("eval", exitUsage, fmt.Errorf("--from-log writes a gold file; it takes no --gold or arguments (usage: clausebot %s)", evalUsage))
		}
		return c.evalFromLog(ctx, *db, *since, *docs, *synonyms, *indexDir, *out)
	}
	if *gold == "" {
		return c.fail("eval", exitUsage, fmt.Errorf("--gold FILE is required (usage: clausebot %s)", evalUsage))
	}
	if fs.NArg() > 0 {
		return c.fail("eval", exitUsage, fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	if *minHit1 < 0 || *minHit1 > 1 {
		return c.fail("eval", exitUsage, fmt.Errorf("--min-hit1 must be between 0 and 1, got %v", *minHit1))
	}
	qs, err := readGold(*gold)
	if err != nil {
		return c.fail("eval", exitUsage, err)
	}
	x, err := c.openIndex(ctx, *docs, *synonyms, *indexDir)
	if err != nil {
		return c.fail("eval", exitUsage, err)
	}
	defer x.Close()
	s, err := score(ctx, x, qs)
	if err != nil {
		return c.fail("eval", exitFail, err)
	}
	printScore(c.stdout, *gold, s)
	// A gold file run against the wrong documents scores as misses; say so.
	absent, on := 0, 0
	for _, g := range qs {
		if len(g.Gold) == 0 {
			continue
		}
		on++
		if !slices.ContainsFunc(g.Gold, x.Contains) {
			absent++
		}
	}
	if absent > 0 {
		fmt.Fprintf(c.stderr, "clausebot eval: %d of %d on-topic questions have gold text that no loaded document contains: are these the documents the gold file was written for (--docs)?\n", absent, on)
	}
	if s.Hit1 < *minHit1 {
		fmt.Fprintf(c.stderr, "clausebot eval: hit@1 %.3f is below --min-hit1 %.3f\n", s.Hit1, *minHit1)
		return exitFail
	}
	return exitOK
}

// readGold reads a gold file, naming the line of any bad entry.
func readGold(name string) ([]goldQuestion, error) {
	f, err := os.Open(name)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("gold file %s does not exist", name)
		}
		return nil, fmt.Errorf("gold file: %w", err)
	}
	defer f.Close()
	var qs []goldQuestion
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		var g goldQuestion
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&g); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, n, err)
		}
		if strings.TrimSpace(g.Q) == "" {
			return nil, fmt.Errorf("%s:%d: empty \"q\"", name, n)
		}
		if g.Gold == nil {
			return nil, fmt.Errorf("%s:%d: missing \"gold\" (use [] for a question the bot must not answer)", name, n)
		}
		qs = append(qs, g)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("gold file %s: %w", name, err)
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("gold file %s has no questions", name)
	}
	return qs, nil
}

// score runs every gold question through s.
func score(ctx context.Context, s bot.Searcher, qs []goldQuestion) (evalScore, error) {
	var r evalScore
	for _, g := range qs {
		res, err := s.Search(ctx, bot.Query{Text: g.Q, Limit: 5})
		if bot.ErrorCode(err) == bot.ENOTFOUND || bot.ErrorReason(err).Kind == bot.ReasonSeveralDocuments {
			// The question cites what the documents lack (a law not
			// loaded, an article its law does not have): the bot tells
			// the asker so, which is an answer of no clause; so is asking
			// which of several documents' chapters it means.
			res, err = bot.Results{}, nil
		}
		if err != nil {
			return r, fmt.Errorf("%q: %w", g.Q, err)
		}
		r.N++
		if len(g.Gold) == 0 {
			r.OffTopic++
			if len(res.Hits) == 0 {
				r.Abstained++
				if len(res.Near) > 0 {
					r.OffNear++
				}
				r.Hit1++
				r.Hit3++
				r.MRR5++
			} else {
				r.Misses = append(r.Misses, fmt.Sprintf("%s\n    want: no answer\n    got:  [%s] %s", g.Q, res.Hits[0].Ref, excerpt(res.Hits[0].Text)))
			}
			continue
		}
		r.OnTopic++
		rank := 0
		for i, h := range res.Hits {
			if containsAny(h.Text, g.Gold) {
				rank = i + 1
				break
			}
		}
		if len(res.Hits) == 0 {
			r.FalseAbstain++
			if slices.ContainsFunc(res.Near, func(h bot.Hit) bool { return containsAny(h.Text, g.Gold) }) {
				r.NearGold++
			}
		}
		if rank == 1 {
			r.Hit1++
		}
		if rank >= 1 && rank <= 3 {
			r.Hit3++
		}
		if rank >= 1 {
			r.MRR5 += 1 / float64(rank)
		}
		if rank != 1 {
			got := "no answer (abstained)"
			if len(res.Hits) > 0 {
				got = fmt.Sprintf("[%s] %s", res.Hits[0].Ref, excerpt(res.Hits[0].Text))
			}
			where := "not in the top 5"
			if rank > 1 {
				where = fmt.Sprintf("at rank %d", rank)
			}
			r.Misses = append(r.Misses, fmt.Sprintf("%s\n    want: %q (%s)\n    got:  %s", g.Q, g.Gold, where, got))
		}
	}
	n := float64(r.N)
	r.Hit1, r.Hit3, r.MRR5 = r.Hit1/n, r.Hit3/n, r.MRR5/n
	return r, nil
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// excerpt shortens a clause for a one-line report.
func excerpt(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

func printScore(w io.Writer, name string, s evalScore) {
	fmt.Fprintf(w, "gold:       %s (%d questions: %d on-topic, %d off-topic)\n", name, s.N, s.OnTopic, s.OffTopic)
	fmt.Fprintf(w, "hit@1:      %.3f\n", s.Hit1)
	fmt.Fprintf(w, "hit@3:      %.3f\n", s.Hit3)
	fmt.Fprintf(w, "MRR@5:      %.3f\n", s.MRR5)
	if s.OffTopic > 0 {
		fmt.Fprintf(w, "abstention: %.3f of off-topic questions (%d/%d)\n", float64(s.Abstained)/float64(s.OffTopic), s.Abstained, s.OffTopic)
	}
	if s.OnTopic > 0 {
		fmt.Fprintf(w, "false abstention: %.3f of on-topic questions (%d/%d)\n", float64(s.FalseAbstain)/float64(s.OnTopic), s.FalseAbstain, s.OnTopic)
	}
	if s.FalseAbstain > 0 {
		fmt.Fprintf(w, "near:       the gold clause among the near clauses of %d of the %d false abstentions\n", s.NearGold, s.FalseAbstain)
	}
	if s.Abstained > 0 {
		fmt.Fprintf(w, "off near:   near clauses shown for %d of the %d off-topic abstentions\n", s.OffNear, s.Abstained)
	}
	fmt.Fprintf(w, "misses:     %d\n", len(s.Misses))
	for _, m := range s.Misses {
		fmt.Fprintf(w, "  - %s\n", m)
	}
}
