package bottest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode"

	"clausebot/bot"
	"clausebot/internal/lazyre"
)

// Clock is a fake clock for Options.Now. It only moves when told to.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a Clock set to a fixed instant.
func NewClock() *Clock {
	return &Clock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Counts is a bot.Metrics that counts the core's events.
type Counts struct {
	bot.NopMetrics
	NQuestions, NAnswered, NAbstained, NRateLimited atomic.Int64
}

var _ bot.Metrics = (*Counts)(nil)

// Question counts a question put to the Searcher.
func (c *Counts) Question(bot.Platform) { c.NQuestions.Add(1) }

// Answered counts an answered question, and abstentions separately.
func (c *Counts) Answered(_ bot.Platform, abstained bool, _ time.Duration) {
	c.NAnswered.Add(1)
	if abstained {
		c.NAbstained.Add(1)
	}
}

// RateLimited counts a refused message.
func (c *Counts) RateLimited(bot.Platform) { c.NRateLimited.Add(1) }

// harness drives one adapter and, in step, a mirror Bot with the same
// options, so each step's rendering can be checked against the Reply it
// came from.
type harness struct {
	t      *testing.T
	e      *env
	drv    Driver
	mirror *bot.Bot
	// history is the mirror's replies per user, with the mirror chat each
	// was given in, to find a pressed button's data and where the press
	// comes from.
	history map[string][]given
	compare bool
}

// newHarness builds a Bot over s with opts and a driver around it.
func (e *env) newHarness(t *testing.T, s bot.Searcher, opts bot.Options) *harness {
	t.Helper()
	if opts.RatePerMinute == 0 {
		opts.RatePerMinute = -1 // cases send many messages; RateLimit tests the limit
	}
	b := bot.New(s, opts)
	m := opts
	m.RatePerMinute = -1 // the mirror must answer every step the driver sees
	m.Metrics = nil
	m.Logger = nil
	return &harness{t: t, e: e, drv: e.newDrv(t, b), mirror: bot.New(s, m), history: map[string][]given{}, compare: true}
}

// send sends text as user and checks the rendering against the mirror.
func (h *harness) send(user, text string) []Seen {
	h.t.Helper()
	seen := h.drv.Send(h.t, user, text)
	if !h.compare {
		return seen
	}
	want, ok := h.mirror.Handle(context.Background(), bot.Message{
		Platform: bot.Terminal, ChatID: "mirror-" + user, UserID: user, Text: text, Direct: true,
	})
	if ok {
		h.history[user] = append(h.history[user], given{want, "mirror-" + user})
	}
	h.check(fmt.Sprintf("send %q", text), want, ok, seen)
	return seen
}

// group returns the driver as a GroupDriver, skipping the case when it is
// not one.
func (h *harness) group() GroupDriver {
	h.t.Helper()
	g, ok := h.drv.(GroupDriver)
	if !ok {
		h.t.Skip("the driver does not implement bottest.GroupDriver")
	}
	return g
}

// sendGroup sends text as user in the group chat and checks the rendering
// against the mirror, like send.
func (h *harness) sendGroup(user, text string, mentioned bool) []Seen {
	h.t.Helper()
	seen := h.group().SendGroup(h.t, user, text, mentioned)
	if !h.compare {
		return seen
	}
	want, ok := h.mirror.Handle(context.Background(), bot.Message{
		Platform: bot.Terminal, ChatID: "mirror-group", UserID: user, Text: text, Mentioned: mentioned,
	})
	if ok {
		h.history[user] = append(h.history[user], given{want, "mirror-group"})
	}
	h.check(fmt.Sprintf("group send %q (mentioned %v)", text, mentioned), want, ok, seen)
	return seen
}

// press presses label on the message on, and checks it like send.
func (h *harness) press(user string, on Seen, label string) []Seen {
	h.t.Helper()
	seen := h.drv.Press(h.t, user, on, label)
	if !h.compare {
		return seen
	}
	prev, ok := h.find(user, on)
	if !ok {
		h.t.Fatalf("press %q: the mirror has no reply to %s with buttons %q", label, user, on.Buttons)
	}
	var data string
	for _, b := range prev.reply.Buttons {
		if b.Label == label {
			data = b.Data
		}
	}
	if data == "" {
		h.t.Fatalf("press %q: the reply has no such button; buttons: %q", label, labels(prev.reply.Buttons))
	}
	want, ok := h.mirror.Press(context.Background(), bot.Action{
		Platform: bot.Terminal, ChatID: prev.chat, UserID: user, Data: data,
	})
	if ok {
		h.history[user] = append(h.history[user], given{want, prev.chat})
	}
	h.check(fmt.Sprintf("press %q", label), want, ok, seen)
	return seen
}

// given is a reply of the mirror and the chat it was given in.
type given struct {
	reply bot.Reply
	chat  string
}

// find returns the mirror's latest reply to user with the buttons of on:
// the reply the user pressed a button of, even an older one.
func (h *harness) find(user string, on Seen) (given, bool) {
	hist := h.history[user]
	for i := len(hist) - 1; i >= 0; i-- {
		if strings.Join(labels(hist[i].reply.Buttons), "\x00") == strings.Join(on.Buttons, "\x00") {
			return hist[i], true
		}
	}
	return given{}, false
}

func labels(bs []bot.Button) []string {
	var out []string
	for _, b := range bs {
		out = append(out, b.Label)
	}
	return out
}

// check compares what the user saw with the Reply it should show: every
// line of the bot's words, every clause with its reference and document,
// every matched term in bold, and the buttons in order.
func (h *harness) check(step string, want bot.Reply, ok bool, seen []Seen) {
	h.t.Helper()
	if !ok {
		if len(seen) != 0 {
			h.t.Errorf("%s: the bot stays silent, but the user saw %d messages: %q", step, len(seen), texts(seen))
		}
		return
	}
	if len(seen) == 0 {
		h.t.Errorf("%s: the user saw nothing; want a reply of kind %v", step, want.Kind)
		return
	}
	all := squash(joinText(seen))
	var bold []string
	var buttons []string
	for _, s := range seen {
		for _, b := range s.Bold {
			bold = append(bold, squash(b))
		}
		buttons = append(buttons, s.Buttons...)
	}
	for _, blk := range want.Blocks {
		for _, line := range strings.Split(blk.Text, "\n") {
			if l := squash(line); l != "" && !strings.Contains(all, l) {
				h.t.Errorf("%s: the user does not see the line %q\nsaw: %s", step, line, joinText(seen))
			}
		}
		if blk.Kind != bot.ClauseBlock {
			continue
		}
		for _, part := range []string{blk.Ref, blk.Doc} {
			if part != "" && !strings.Contains(all, squash(part)) {
				h.t.Errorf("%s: the user does not see %q next to clause %s", step, part, blk.Ref)
			}
		}
		for _, sp := range blk.Bold {
			term := squash(blk.Text[sp.Start:sp.End])
			if term != "" && !containsPart(bold, term) {
				h.t.Errorf("%s: matched term %q of %s is not bold; bold runs: %q", step, blk.Text[sp.Start:sp.End], blk.Ref, bold)
			}
		}
	}
	if got, want := strings.Join(buttons, " | "), strings.Join(labels(want.Buttons), " | "); got != want {
		h.t.Errorf("%s: buttons\n got: %s\nwant: %s", step, got, want)
	}
}

// containsPart reports whether term is (part of) one of the runs. A term
// may be split over two runs only when a message was split; requiring it
// whole keeps the check simple and strict.
func containsPart(runs []string, term string) bool {
	for _, r := range runs {
		if strings.Contains(r, term) {
			return true
		}
	}
	return false
}

// squash removes white space, which platforms may reflow or add around
// blocks and at split points.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func joinText(seen []Seen) string { return strings.Join(texts(seen), "\n") }

func texts(seen []Seen) []string {
	var out []string
	for _, s := range seen {
		out = append(out, s.Text)
	}
	return out
}

func allButtons(seen []Seen) []string {
	var out []string
	for _, s := range seen {
		out = append(out, s.Buttons...)
	}
	return out
}

// withButton returns the message that carries the button, for Press.
func withButton(t *testing.T, seen []Seen, label string) Seen {
	t.Helper()
	for _, s := range seen {
		for _, b := range s.Buttons {
			if b == label {
				return s
			}
		}
	}
	t.Fatalf("no button %q; buttons: %q\nsaw: %s", label, allButtons(seen), joinText(seen))
	return Seen{}
}

func hasButton(seen []Seen, label string) bool {
	for _, b := range allButtons(seen) {
		if b == label {
			return true
		}
	}
	return false
}

// refRE finds clause references ("二·12") in what the user saw.
var refRE = lazyre.New(`[一二三四五六七八九十]+·\d+`)

// mustContain fails unless the joined text contains every want (white
// space ignored).
func mustContain(t *testing.T, seen []Seen, wants ...string) {
	t.Helper()
	all := squash(joinText(seen))
	for _, w := range wants {
		if !strings.Contains(all, squash(w)) {
			t.Errorf("the user does not see %q\nsaw: %s", w, joinText(seen))
		}
	}
}

// mustNotContain fails if the joined text contains any of the strings.
func mustNotContain(t *testing.T, seen []Seen, nots ...string) {
	t.Helper()
	all := squash(joinText(seen))
	for _, n := range nots {
		if strings.Contains(all, squash(n)) {
			t.Errorf("the user sees %q, and must not\nsaw: %s", n, joinText(seen))
		}
	}
}
