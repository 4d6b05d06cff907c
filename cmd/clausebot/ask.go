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
	"unicode/utf8"

	"golang.org/x/term"

	"clausebot/bot"
	"clausebot/bot/terminal"
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
	// Versions are the same clause in the document's other language
	// versions, each with its language, reference and text.
	Versions []bot.Version `json:"versions,omitempty"`
	// Match says how sure the answer is: "direct" (the question's own
	// words), "synonym" (a term only through its synonym group) or
	// "translation" (an English question through the dictionary).
	Match string `json:"match"`
	// Highlights are the matched terms as UTF-8 byte offsets into Text,
	// half-open [start, end): Go and Rust string slicing.
	Highlights []bot.Span `json:"highlights"`
	// HighlightRunes are the same spans as offsets in Unicode code points
	// (Python str slicing, JavaScript's Array.from(text)).
	HighlightRunes []bot.Span `json:"highlight_runes"`
	// Parts are an article's paragraphs and items with their references,
	// as UTF-8 byte offsets into Text (start, end) and in code points
	// (rune_start, rune_end).
	Parts []askPart `json:"parts,omitempty"`
}

// askPart is a bot.Part with its offsets also in code points.
type askPart struct {
	bot.Part
	RuneStart int `json:"rune_start"`
	RuneEnd   int `json:"rune_end"`
}

// runeOffsets converts UTF-8 byte offsets into s to code-point offsets.
// Offsets inside a character or past the end count the whole character.
func runeOffsets(s string, byteOffs ...int) []int {
	out := make([]int, len(byteOffs))
	for i, b := range byteOffs {
		b = min(max(b, 0), len(s))
		out[i] = utf8.RuneCountInString(s[:b])
	}
	return out
}

// newAskResult is h as ask --json prints it, for question q.
func newAskResult(x *index.Index, q string, h bot.Hit) askResult {
	r := askResult{Doc: h.DocID, Title: h.DocTitle, Ref: h.Ref, Section: h.Section, Path: h.Path, Lead: h.Lead,
		Text: h.Text, Page: h.Page, Score: h.Score, Via: h.Via, Match: x.HowMatched(q, h), Versions: h.Versions,
		Highlights: h.Highlights, HighlightRunes: []bot.Span{}}
	if r.Highlights == nil {
		r.Highlights = []bot.Span{}
	}
	for _, sp := range h.Highlights {
		o := runeOffsets(h.Text, sp.Start, sp.End)
		r.HighlightRunes = append(r.HighlightRunes, bot.Span{Start: o[0], End: o[1]})
	}
	for _, p := range h.Parts {
		o := runeOffsets(h.Text, p.Start, p.End)
		r.Parts = append(r.Parts, askPart{Part: p, RuneStart: o[0], RuneEnd: o[1]})
	}
	return r
}

// askAnswer is one line of ask --json output.
type askAnswer struct {
	Question string      `json:"question"`
	Results  []askResult `json:"results"`
	// Note says, in the question's language, why there is no result: a
	// cited law is not loaded or lacks the article, or no clause matched
	// (with what could not be searched: see noMatchNote).
	Note string `json:"note,omitempty"`
	// Near are the clauses closest to a question no clause answers
	// (bot.Results.Near): no answer, but where to look first.
	Near []askResult `json:"near,omitempty"`
	// Focus is the part of a long message the results answer, when the
	// whole message found nothing (bot.Results.Focus).
	Focus string `json:"focus,omitempty"`
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
	// lineRunes is the length of the question questions last returned,
	// in runes, when read from stdin (where it may be kept only in part);
	// readErr is stdin's error other than its end.
	lineRunes := 0
	var readErr error
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
		// Lines of any length: one over the question limit is kept only
		// in part (what the notice needs), and the lines after it are
		// still asked.
		lr := terminal.NewLineReader(c.stdin, 64<<10)
		questions = func() (string, bool) {
			for {
				line, runes, err := lr.Next()
				if err != nil {
					if err != io.EOF {
						readErr = err
					}
					return "", false
				}
				if q := strings.TrimSpace(line); q != "" {
					lineRunes = runes
					return q, true
				}
			}
		}
	}
	x, err := c.openIndex(ctx, *docs, *synonyms, *indexDir)
	if err != nil {
		return c.fail("ask", exitUsage, err)
	}
	defer func() { x.Close() }() // x may be reopened (repaired, below)
	repaired := false
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
		// A line of a file or a terminal may carry escape sequences and
		// control characters: not the question's words, and not to be
		// echoed onto a terminal.
		q = bot.Printable(q)
		n++
		lang := bot.DetectLang(q, "", bot.English)
		var res bot.Results
		var err error
		note := ""
		if runes := max(lineRunes, utf8.RuneCountInString(q)); runes > bot.DefaultMaxQuestionRunes {
			// As the chat does: a question that long is a pasted
			// document, not a question, and searching it says "no
			// clause" for the wrong reason (a trial's 9,610 characters).
			note = bot.TooLongText(lang, runes, bot.DefaultMaxQuestionRunes)
		} else if res, err = x.Search(ctx, bot.Query{Text: q, Limit: *k}); err != nil && (bot.ErrorCode(err) == bot.ENOTFOUND && bot.ErrorReason(err).Kind != bot.ReasonNone || bot.ErrorReason(err).Kind == bot.ReasonSeveralDocuments) {
			// A cited law not loaded, an article its law lacks: the
			// answer to this question, as the chat gives it (the next
			// questions of a batch are still asked).
			note, err = bot.ReasonText(lang, err), nil
		}
		if errors.Is(err, index.ErrDamagedSegment) && !repaired {
			// Damage to the index folder found by this question (the
			// generation is marked so): the folder is opened again, which
			// rebuilds it, and the batch goes on.
			repaired = true
			fmt.Fprintf(c.stderr, "clausebot: warning: %v; rebuilding the index folder\n", err)
			x.Close()
			var y *index.Index
			if y, err = c.openIndex(ctx, *docs, *synonyms, *indexDir); err != nil {
				w.Flush()
				return c.fail("ask", exitFail, err)
			}
			x = y
			res, err = x.Search(ctx, bot.Query{Text: q, Limit: *k})
		}
		if err != nil {
			w.Flush()
			if bot.ErrorCode(err) == bot.EINVALID {
				return c.fail("ask", exitUsage, errors.New(bot.ErrorMessage(err)))
			}
			return c.fail("ask", exitFail, err)
		}
		if *asJSON {
			if note == "" && len(res.Hits) == 0 {
				note = noMatchNote(x, q, lang)
			}
			a := askAnswer{Question: q, Results: []askResult{}, Note: note, Focus: res.Focus}
			for _, h := range res.Hits {
				a.Results = append(a.Results, newAskResult(x, q, h))
			}
			for _, h := range res.Near {
				a.Near = append(a.Near, newAskResult(x, q, h))
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
			fmt.Fprintf(w, "Q: %s\n", echoQuestion(q))
		}
		switch {
		case note != "":
			fmt.Fprintln(w, note)
		case len(res.Hits) == 0:
			fmt.Fprintln(w, noMatchNote(x, q, lang))
			printNear(w, res.Near[:min(len(res.Near), *k)], lang, clauseCommand(*docs, *indexDir, c.getenv))
		default:
			if res.Focus != "" {
				fmt.Fprintln(w, bot.FocusText(lang, res.Focus))
			}
			printHits(w, x, q, res, bold, lang, clauseCommand(*docs, *indexDir, c.getenv))
		}
	}
	if readErr != nil {
		w.Flush()
		return c.fail("ask", exitFail, fmt.Errorf("reading the questions: %w", readErr))
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
//
// A clause longer than a reply carries (a file of one 600 KB line) is cut
// as a reply cuts it, with the same note, in lang, saying where all of it
// is (bot.CapHit).
//
// The first hit, when it is a long article the question does not cite,
// is its best-matching paragraph or item under its own reference, as a
// chat shows it (bot.FocusPart), with the command that shows it whole: a
// trial's question on the width of a river's protection zone printed
// all 11,000 characters of Статья 65.
func printHits(w io.Writer, x *index.Index, q string, res bot.Results, bold bool, lang bot.Lang, clauseCmd string) {
	for i, h := range res.Hits {
		whole := ""
		if p, ok := bot.FocusPart(h, q); ok && i == 0 {
			whole = h.Ref
			h.Text, h.Ref, h.Highlights, h.Lead = h.Text[p.Start:p.End], p.Ref, clipHighlights(h.Highlights, p.Start, p.End), ""
		}
		h, cut := bot.CapHit(h, x.Documents(), lang)
		where := h.DocTitle
		if len(h.Path) > 0 {
			where += " › " + strings.Join(h.Path, " › ")
		}
		if h.Page > 0 {
			where += fmt.Sprintf(" · p. %d", h.Page)
		}
		if h.Score >= 1000 {
			// A cited or defining clause: named by the question, not
			// scored (the 1000 of --json).
			fmt.Fprintf(w, "%d. [%s] %s\n", i+1, h.Ref, where)
		} else {
			fmt.Fprintf(w, "%d. [%s] %s  (score %.3f)\n", i+1, h.Ref, where, h.Score)
		}
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
		if cut != "" {
			fmt.Fprintf(w, "   (%s)\n", cut)
		}
		if whole != "" {
			f, ok := wholeArticle[lang]
			if !ok {
				f = wholeArticle[bot.English]
			}
			fmt.Fprintf(w, "   %s\n", fmt.Sprintf(f, whole, fmt.Sprintf("%s %q", clauseCmd, whole)))
		}
		for _, v := range h.Versions {
			fmt.Fprintf(w, "   = [%s] (%s)\n", v.Ref, versionLabel(v))
			for _, line := range strings.Split(v.Text, "\n") {
				fmt.Fprintf(w, "     %s\n", line)
			}
		}
	}
	if res.Total > len(res.Hits) {
		fmt.Fprintf(w, "(%d more; use -k to see them)\n", res.Total-len(res.Hits))
	}
}

// printNear prints the near clauses of a question no clause answers
// (bot.Results.Near) under the line saying they may not answer it: each
// marked "~", not numbered and not scored as an answer is, with the
// first nearExcerpt runes of its text and the command that prints it
// whole. Nothing when near is empty.
func printNear(w io.Writer, near []bot.Hit, lang bot.Lang, clauseCmd string) {
	if len(near) == 0 {
		return
	}
	fmt.Fprintln(w, bot.NearText(lang))
	for _, h := range near {
		where := h.DocTitle
		if len(h.Path) > 0 {
			where += " › " + strings.Join(h.Path, " › ")
		}
		fmt.Fprintf(w, "~ [%s] %s\n", h.Ref, where)
		text := strings.Join(strings.Fields(h.Text), " ")
		if rs := []rune(text); len(rs) > nearExcerpt {
			text = string(rs[:nearExcerpt]) + "…"
		}
		fmt.Fprintf(w, "   %s\n   (%s %q)\n", text, clauseCmd, h.Ref)
	}
}

// nearExcerpt is how much of a near clause ask prints, in runes: about
// two lines of a terminal in Chinese.
const nearExcerpt = 80

// wholeArticle is ask's line under a part of a long article, in the
// question's language: the article, and the command that prints it all.
var wholeArticle = map[bot.Lang]string{
	bot.English: "(part of %s; all of it: %s)",
	bot.Chinese: "（%s的一部分；全文：%s）",
	bot.Russian: "(часть %s; целиком: %s)",
}

// clauseCommand is the clause command that looks a reference up in the
// documents ask read, as the user can paste it: the program as it was run
// (./cb, not always clausebot; "clausebot" under go run and in tests), with
// the folder when it came from --docs rather than $CLAUSEBOT_DOCS (pasted,
// the hint without it named "no document" of the seed), and --index when
// given (a trial's hints named neither).
func clauseCommand(docs, index string, getenv func(string) string) string {
	cmd := progName() + " clause"
	if docs != "" && docs != getenv("CLAUSEBOT_DOCS") {
		cmd += " --docs " + shellQuote(docs)
	}
	if index != "" && index != getenv("CLAUSEBOT_INDEX") {
		cmd += " --index " + shellQuote(index)
	}
	return cmd
}

// progName is the program as the user ran it (os.Args[0]), or
// "clausebot" for a go run or go test build, whose path is a temporary
// one.
func progName() string {
	a := os.Args[0]
	if a == "" || strings.Contains(a, "go-build") || strings.HasSuffix(a, ".test") || strings.ContainsAny(a, " '\"$") {
		return "clausebot"
	}
	return a
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// clipHighlights keeps the spans inside [start, end) of a text, shifted
// to the part's own offsets.
func clipHighlights(spans []bot.Span, start, end int) []bot.Span {
	var out []bot.Span
	for _, s := range spans {
		if s.Start >= start && s.End <= end {
			out = append(out, bot.Span{Start: s.Start - start, End: s.End - start})
		}
	}
	return out
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

// versionLabel says which language version v is, and warns when it was
// paired by numbering over structures that differ (bot.Version.Unaligned).
func versionLabel(v bot.Version) string {
	if v.Unaligned {
		return v.Lang + " version, numbered the same; ⚠ the versions do not align: check it"
	}
	return v.Lang + " version"
}

// echoQuestion is a question from stdin as ask echoes it: up to 200
// runes, then "…" (a pasted document was echoed whole, 420 KB, before
// its too-long notice).
func echoQuestion(q string) string {
	const most = 200
	if utf8.RuneCountInString(q) <= most {
		return q
	}
	i := 0
	for k := 0; k < most; k++ {
		_, n := utf8.DecodeRuneInString(q[i:])
		i += n
	}
	return q[:i] + "…"
}

// noMatchNote is what ask says, in lang, of a question no clause answers:
// that none does, with the note on what its script could not search
// before or after it, as the bot says it (bot.ScriptNote).
func noMatchNote(x *index.Index, q string, lang bot.Lang) string {
	msg := bot.NoMatchText(lang)
	if note, first := bot.ScriptNote(x.Documents(), q, lang); first {
		msg = note + "\n" + msg
	} else if note != "" {
		msg += "\n" + note
	}
	return msg
}
