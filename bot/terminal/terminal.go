// Package terminal is clausebot's adapter for a terminal: it reads
// messages from an io.Reader and writes the rendered replies to an
// io.Writer, so anyone can try the bot without a Slack or Telegram account
// (`clausebot chat`), and scripts and tests can drive it line by line.
//
// Replies are plain text. A clause is followed by its reference and
// document on an indented line starting with "—". Matched terms are bold
// with ANSI bold (ESC[1m … ESC[22m) when the output is a terminal; piped
// output prints clauses verbatim, so what is copied or grepped from it is
// the document's own text, unless the caller asks for 【 and 】 marks.
// Buttons become numbered choices, "[1] More results"; typing the number
// presses the button of the latest reply that had buttons.
//
// When the input is a terminal the adapter is interactive: it shows a
// prompt and edits lines with golang.org/x/term. Otherwise it is
// scripted: one message per line, replies printed with a blank line after
// each, no prompt, and Run returns nil at end of input.
package terminal

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode"

	"golang.org/x/term"

	"clausebot/bot"
)

// Mode chooses between interactive and scripted input.
type Mode int

// The input modes.
const (
	ModeAuto        Mode = iota // interactive when the input is a terminal
	ModeInteractive             // prompt and line editing; needs a terminal
	ModeScripted                // one message per line, no prompt
)

// Style chooses how bold text is shown.
type Style int

// The bold styles.
const (
	StyleAuto  Style = iota // ANSI when the output is a terminal, else plain
	StyleANSI               // ESC[1m … ESC[22m
	StyleMarks              // 【 … 】
	StylePlain              // no marking: clauses exactly as in the document
)

// Options configures an Adapter. The zero value is usable.
type Options struct {
	// UserID and ChatID name the local user; default "local".
	UserID string
	ChatID string
	// LangHint is the user's language ("zh", "en"), e.g. from $LANG. The
	// text of each message decides first.
	LangHint string
	Mode     Mode
	Style    Style
	// Prompt is the interactive prompt; default "> ".
	Prompt string
	// Welcome is printed once when interactive; default a short hint.
	Welcome string
}

// Adapter is the terminal adapter. Its Run reads until the input ends or
// ctx is cancelled.
type Adapter struct {
	h       bot.Handler
	in      io.Reader
	out     io.Writer
	opts    Options
	style   Style
	ready   atomic.Bool
	buttons []bot.Button // of the latest reply that had any
	lang    bot.Lang     // of the latest reply
}

var _ bot.Adapter = (*Adapter)(nil)

// New returns an Adapter that passes messages read from in to h and
// writes the replies to out.
func New(h bot.Handler, in io.Reader, out io.Writer, opts Options) *Adapter {
	if opts.UserID == "" {
		opts.UserID = "local"
	}
	if opts.ChatID == "" {
		opts.ChatID = "local"
	}
	if opts.Prompt == "" {
		opts.Prompt = "> "
	}
	if opts.Welcome == "" {
		opts.Welcome = "clausebot: type a question or /help; a number presses a button; Ctrl-D quits."
	}
	a := &Adapter{h: h, in: in, out: out, opts: opts, style: opts.Style}
	if a.style == StyleAuto {
		a.style = StylePlain
		if isTerminal(out) {
			a.style = StyleANSI
		}
	}
	if a.opts.Mode == ModeAuto {
		a.opts.Mode = ModeScripted
		if isTerminal(in) && isTerminal(out) {
			a.opts.Mode = ModeInteractive
		}
	}
	return a
}

// Platform returns bot.Terminal.
func (a *Adapter) Platform() bot.Platform { return bot.Terminal }

// Ready reports whether Run is reading input.
func (a *Adapter) Ready() bool { return a.ready.Load() }

// Register does nothing: the terminal needs no HTTP endpoint.
func (a *Adapter) Register(*http.ServeMux) {}

// Run reads messages until the input ends (it then returns nil) or ctx is
// cancelled.
func (a *Adapter) Run(ctx context.Context) error {
	a.ready.Store(true)
	defer a.ready.Store(false)
	if a.opts.Mode == ModeInteractive {
		return a.interactive(ctx)
	}
	return a.scripted(ctx)
}

// maxLine bounds one input line. Longer lines are cut off and the bot then
// reports the question as too long, rather than the scanner failing.
const maxLine = 1 << 20

func (a *Adapter) scripted(ctx context.Context) error {
	lines := make(chan string)
	errc := make(chan error, 1)
	go func() {
		defer close(errc)
		defer close(lines) // before errc closes: its error is sent first
		lr := NewLineReader(a.in, maxLine)
		for {
			line, _, err := lr.Next()
			if err != nil {
				if err != io.EOF {
					errc <- err
				}
				return
			}
			select {
			case lines <- line:
			case <-ctx.Done():
				return
			}
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case line, ok := <-lines:
			if !ok {
				if err, _ := <-errc; err != nil {
					return fmt.Errorf("terminal: read: %w", err)
				}
				return nil
			}
			if out := a.Line(ctx, line); out != "" {
				if _, err := io.WriteString(a.out, out+"\n"); err != nil {
					return fmt.Errorf("terminal: write: %w", err)
				}
			}
		}
	}
}

func (a *Adapter) interactive(ctx context.Context) error {
	f, ok := a.in.(*os.File)
	if !ok {
		return errors.New("terminal: interactive mode needs a terminal as input")
	}
	old, err := term.MakeRaw(int(f.Fd()))
	if err != nil {
		return fmt.Errorf("terminal: raw mode: %w", err)
	}
	defer term.Restore(int(f.Fd()), old)
	t := term.NewTerminal(struct {
		io.Reader
		io.Writer
	}{a.in, a.out}, a.opts.Prompt)
	if w, _, err := term.GetSize(int(f.Fd())); err == nil {
		_ = t.SetSize(w, 0)
	}
	fmt.Fprintln(t, a.opts.Welcome)
	type result struct {
		line string
		err  error
	}
	for {
		lines := make(chan result, 1)
		go func() {
			l, err := t.ReadLine()
			lines <- result{l, err}
		}()
		select {
		case <-ctx.Done():
			return nil
		case r := <-lines:
			if r.err == io.EOF {
				return nil
			}
			if r.err != nil {
				return fmt.Errorf("terminal: read: %w", r.err)
			}
			if out := a.Line(ctx, r.line); out != "" {
				fmt.Fprint(t, out)
			}
		}
	}
}

// Line handles one line of input as a message, or as a button press when
// it is the number of one, and returns the rendered reply ("" when the bot
// stays silent).
func (a *Adapter) Line(ctx context.Context, line string) string {
	line = strings.TrimSpace(line)
	if line == "" {
		return ""
	}
	var r bot.Reply
	var ok bool
	n, err := strconv.Atoi(line)
	if err == nil && len(a.buttons) > 0 && (n < 1 || n > len(a.buttons)) && n < 100 {
		// A small bare number is a choice mistyped, not a question: asked,
		// it would be searched, and logged as an unanswered question.
		if len(a.buttons) == 1 {
			return fmt.Sprintf(noChoiceOne[a.lang], n) // not "from 1 to 1"
		}
		return fmt.Sprintf(noChoice[a.lang], n, len(a.buttons))
	}
	if err == nil && n >= 1 && n <= len(a.buttons) {
		r, ok = a.h.Press(ctx, bot.Action{
			Platform: bot.Terminal, ChatID: a.opts.ChatID, UserID: a.opts.UserID, Data: a.buttons[n-1].Data,
		})
	} else {
		r, ok = a.h.Handle(ctx, bot.Message{
			Platform: bot.Terminal, ChatID: a.opts.ChatID, UserID: a.opts.UserID,
			Text: line, Direct: true, LangHint: a.opts.LangHint,
		})
	}
	if !ok {
		return ""
	}
	if len(r.Buttons) > 0 {
		a.buttons = r.Buttons
	}
	a.lang = r.Lang
	return Render(r, a.style)
}

// noChoice says, in the last reply's language, that a number typed is not
// one of the choices shown.
var noChoice = map[bot.Lang]string{
	bot.English: "There is no choice %d: type a number from 1 to %d, or ask a question.\n",
	bot.Chinese: "没有选项 %d：请输入 1 到 %d 之间的数字，或直接提问。\n",
	bot.Russian: "Варианта %d нет: введите число от 1 до %d или задайте вопрос.\n",
	"":          "There is no choice %d: type a number from 1 to %d, or ask a question.\n",
}

// noChoiceOne is noChoice when the last reply had one choice.
var noChoiceOne = map[bot.Lang]string{
	bot.English: "There is no choice %d: type 1, or ask a question.\n",
	bot.Chinese: "没有选项 %d：请输入 1，或直接提问。\n",
	bot.Russian: "Варианта %d нет: введите 1 или задайте вопрос.\n",
	"":          "There is no choice %d: type 1, or ask a question.\n",
}

// Render renders a reply as plain text in the given style (StyleAuto is
// StylePlain). The result ends with a newline.
func Render(r bot.Reply, style Style) string {
	var open, close string
	switch style {
	case StyleANSI:
		open, close = "\x1b[1m", "\x1b[22m"
	case StyleMarks:
		open, close = "【", "】"
	}
	var b strings.Builder
	for i, blk := range r.Blocks {
		if i > 0 {
			b.WriteString("\n")
		}
		switch blk.Kind {
		case bot.ClauseBlock:
			b.WriteString(bolden(blk.Text, blk.Bold, open, close))
			b.WriteString("\n")
			ref := strings.TrimSpace(strings.Join(nonEmpty(blk.Ref, blk.Doc), " · "))
			if ref != "" {
				b.WriteString("   — " + clean(ref) + "\n")
			}
		default:
			b.WriteString(clean(blk.Text) + "\n")
		}
	}
	if len(r.Buttons) > 0 {
		b.WriteString("\n")
		for i, btn := range r.Buttons {
			fmt.Fprintf(&b, "[%d] %s\n", i+1, clean(btn.Label))
		}
	}
	return b.String()
}

// bolden wraps the spans of text in open/close marks. Spans that do not
// fit are skipped rather than trusted.
func bolden(text string, spans []bot.Span, open, close string) string {
	var b strings.Builder
	at := 0
	for _, s := range spans {
		if s.Start < at || s.End > len(text) || s.Start >= s.End {
			continue
		}
		b.WriteString(clean(text[at:s.Start]))
		b.WriteString(open + clean(text[s.Start:s.End]) + close)
		at = s.End
	}
	b.WriteString(clean(text[at:]))
	return b.String()
}

// clean replaces control characters other than newline and tab, so a
// document cannot send escape sequences to the user's terminal.
func clean(s string) string {
	if !strings.ContainsFunc(s, isUnsafe) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isUnsafe(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

func isUnsafe(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// isTerminal reports whether v is an *os.File connected to a terminal.
func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
