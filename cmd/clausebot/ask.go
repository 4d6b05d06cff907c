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
	"strings"

	"golang.org/x/term"

	"clausebot/bot"
	"clausebot/index"
)

const askUsage = "ask [--docs DIR] [--index DIR|off] [--synonyms FILE] [-k N] [--json] QUESTION…  (no QUESTION: one per line from stdin)"

// askResult is one clause in ask --json output.
type askResult struct {
	Doc     string   `json:"doc"`
	Title   string   `json:"title"`
	Ref     string   `json:"ref"`
	Section string   `json:"section"`
	Path    []string `json:"path,omitempty"` // the containers and headings above, as printed
	Lead    string   `json:"lead,omitempty"` // the sentence introducing a list item
	Text    string   `json:"text"`
	Page    int      `json:"page,omitempty"` // the PDF page it starts on
	Score   float64  `json:"score"`
	Via     string   `json:"via,omitempty"` // how it was reached when not by the question's own words
	// Highlights are UTF-8 byte offsets into Text, half-open [start, end).
	Highlights []bot.Span `json:"highlights"`
	// Parts are an article's paragraphs and items with their references,
	// as UTF-8 byte offsets into Text.
	Parts []bot.Part `json:"parts,omitempty"`
}

// askAnswer is one line of ask --json output.
type askAnswer struct {
	Question string      `json:"question"`
	Results  []askResult `json:"results"`
}

// ask answers the question given as arguments, or each line of stdin.
func (c *cli) ask(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("ask", flag.ContinueOnError)
	docs, synonyms, indexDir := docsFlags(fs, c.getenv)
	k := fs.Int("k", 3, "number of clauses to show per question")
	asJSON := fs.Bool("json", false, "print one JSON object per question")
	if code, ok := c.parseFlags(fs, askUsage, args); !ok {
		return code
	}
	if *k < 1 || *k > 100 {
		return c.fail("ask", exitUsage, fmt.Errorf("-k must be between 1 and 100, got %d", *k))
	}
	var questions func() (string, bool)
	if fs.NArg() > 0 {
		q := strings.TrimSpace(strings.Join(fs.Args(), " "))
		if q == "" {
			return c.fail("ask", exitUsage, errors.New("the question is empty"))
		}
		done := false
		questions = func() (string, bool) {
			if done {
				return "", false
			}
			done = true
			return q, true
		}
	} else {
		sc := bufio.NewScanner(c.stdin)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		questions = func() (string, bool) {
			for sc.Scan() {
				if q := strings.TrimSpace(sc.Text()); q != "" {
					return q, true
				}
			}
			return "", false
		}
	}
	x, err := c.openIndex(ctx, *docs, *synonyms, *indexDir)
	if err != nil {
		return c.fail("ask", exitUsage, err)
	}
	defer x.Close()
	bold := !*asJSON && isTerminal(c.stdout)
	enc := json.NewEncoder(c.stdout)
	enc.SetEscapeHTML(false)
	w := bufio.NewWriter(c.stdout)
	defer w.Flush()
	n := 0
	for {
		q, ok := questions()
		if !ok {
			break
		}
		n++
		res, err := x.Search(ctx, bot.Query{Text: q, Limit: *k})
		if err != nil {
			w.Flush()
			if bot.ErrorCode(err) == bot.EINVALID {
				return c.fail("ask", exitUsage, errors.New(bot.ErrorMessage(err)))
			}
			return c.fail("ask", exitFail, err)
		}
		if *asJSON {
			a := askAnswer{Question: q, Results: []askResult{}}
			for _, h := range res.Hits {
				a.Results = append(a.Results, askResult{Doc: h.DocID, Title: h.DocTitle, Ref: h.Ref, Section: h.Section, Path: h.Path, Lead: h.Lead, Text: h.Text, Page: h.Page, Score: h.Score, Via: h.Via, Highlights: h.Highlights, Parts: h.Parts})
			}
			w.Flush()
			if err := enc.Encode(a); err != nil {
				return c.fail("ask", exitFail, err)
			}
			continue
		}
		if fs.NArg() == 0 {
			if n > 1 {
				fmt.Fprintln(w)
			}
			fmt.Fprintf(w, "Q: %s\n", q)
		}
		printHits(w, x, res, bold)
	}
	if n == 0 {
		w.Flush()
		return c.fail("ask", exitUsage, errors.New("no question: give one as arguments or one per line on stdin"))
	}
	return exitOK
}

// printHits prints search results for a person: reference, document title
// and score, then the clause word for word (matched terms in bold on a
// terminal only, so piped output can be quoted as it is).
func printHits(w io.Writer, x *index.Index, res bot.Results, bold bool) {
	if len(res.Hits) == 0 {
		fmt.Fprintln(w, "No clause in the documents covers this question.")
		return
	}
	for i, h := range res.Hits {
		where := h.DocTitle
		if len(h.Path) > 0 {
			where += " › " + strings.Join(h.Path, " › ")
		}
		if h.Page > 0 {
			where += fmt.Sprintf(" · p. %d", h.Page)
		}
		fmt.Fprintf(w, "%d. [%s] %s  (score %.3f)\n", i+1, h.Ref, where, h.Score)
		if h.Via != "" {
			fmt.Fprintf(w, "   (%s)\n", h.Via)
		}
		if h.Lead != "" {
			fmt.Fprintf(w, "   %s\n", h.Lead) // the list's lead-in, then the item
		}
		text := h.Text
		if bold {
			text = markSpans(text, h.Highlights, "\x1b[1m", "\x1b[0m")
		}
		for _, line := range strings.Split(text, "\n") {
			fmt.Fprintf(w, "   %s\n", line)
		}
	}
	if res.Total > len(res.Hits) {
		fmt.Fprintf(w, "(%d more; use -k to see them)\n", res.Total-len(res.Hits))
	}
}

// markSpans wraps each span of s in open/close.
func markSpans(s string, spans []bot.Span, open, close string) string {
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		if sp.Start < last || sp.End > len(s) || sp.Start >= sp.End {
			continue
		}
		b.WriteString(s[last:sp.Start])
		b.WriteString(open)
		b.WriteString(s[sp.Start:sp.End])
		b.WriteString(close)
		last = sp.End
	}
	b.WriteString(s[last:])
	return b.String()
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
