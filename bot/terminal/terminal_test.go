package terminal

import (
	"bytes"
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clausebot/bot"
	"clausebot/bot/bottest"
	"clausebot/bot/qlog"
)

// driver drives one Adapter per user, as separate terminals on one Bot.
type driver struct {
	b     *bot.Bot
	mu    sync.Mutex
	users map[string]*Adapter
}

func (d *driver) adapter(user string) *Adapter {
	d.mu.Lock()
	defer d.mu.Unlock()
	a, ok := d.users[user]
	if !ok {
		a = New(d.b, strings.NewReader(""), &bytes.Buffer{}, Options{UserID: user, ChatID: user, Mode: ModeScripted, Style: StyleMarks})
		d.users[user] = a
	}
	return a
}

func (d *driver) Send(t *testing.T, user, text string) []bottest.Seen {
	t.Helper()
	if strings.ContainsAny(text, "\n\r") {
		t.Fatalf("the terminal reads one message per line; %q has a line break", text)
	}
	return decode(d.adapter(user).Line(context.Background(), text))
}

func (d *driver) Press(t *testing.T, user string, on bottest.Seen, label string) []bottest.Seen {
	t.Helper()
	for i, l := range on.Buttons {
		if l == label {
			return decode(d.adapter(user).Line(context.Background(), strconv.Itoa(i+1)))
		}
	}
	t.Fatalf("no button %q on the message; buttons %q", label, on.Buttons)
	return nil
}

var buttonLine = regexp.MustCompile(`^\[(\d+)\] (.*)$`)

// decode reads a rendered reply the way a user does: the bold marks, the
// numbered choices, and the rest as text.
func decode(out string) []bottest.Seen {
	if out == "" {
		return nil
	}
	s := bottest.Seen{Raw: out}
	var text []string
	for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if m := buttonLine.FindStringSubmatch(line); m != nil {
			s.Buttons = append(s.Buttons, m[2])
			continue
		}
		text = append(text, line)
	}
	plain := strings.Join(text, "\n")
	for _, m := range boldRun.FindAllStringSubmatch(plain, -1) {
		s.Bold = append(s.Bold, m[1])
	}
	s.Text = strings.NewReplacer("【", "", "】", "").Replace(plain)
	return []bottest.Seen{s}
}

var boldRun = regexp.MustCompile(`【([^【】]*)】`)

func TestBehaviour(t *testing.T) {
	bottest.Run(t, func(t *testing.T, b *bot.Bot) bottest.Driver {
		return &driver{b: b, users: map[string]*Adapter{}}
	})
}

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got; go test -update rewrites it):\n%s", path, diff)
	}
}

// TestGolden renders a scripted session in both bold styles.
func TestGolden(t *testing.T) {
	script := strings.Join([]string{
		"你好", "北斗卫星导航", "1", "/clause 二.12", "2", "投资合作", "/more",
		"/section 五", "/section 三", "/sources", "What is the weather in Paris?", "/frobnicate",
	}, "\n")
	for _, tt := range []struct {
		name  string
		style Style
	}{{"session_marks.golden", StyleMarks}, {"session_ansi.golden", StyleANSI}} {
		t.Run(tt.name, func(t *testing.T) {
			b := bot.New(bottest.SeedIndex(t), bot.Options{RatePerMinute: -1})
			var out bytes.Buffer
			a := New(b, strings.NewReader(script), &out, Options{Mode: ModeScripted, Style: tt.style})
			if err := a.Run(context.Background()); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name, out.String())
		})
	}
}

func TestRender(t *testing.T) {
	text := "——在北斗 - 格洛纳斯卫星导航系统的基础上"
	at := strings.Index(text, "北斗")
	tests := []struct {
		name  string
		r     bot.Reply
		style Style
		want  string
	}{
		{"text", bot.Reply{Blocks: []bot.Block{{Kind: bot.TextBlock, Text: "a\nb"}}}, StyleMarks, "a\nb\n"},
		{"clause marks", bot.Reply{Blocks: []bot.Block{{Kind: bot.ClauseBlock, Text: text, Bold: []bot.Span{{Start: at, End: at + len("北斗")}}, Ref: "二·23", Doc: "公报"}}},
			StyleMarks, "——在【北斗】 - 格洛纳斯卫星导航系统的基础上\n   — 二·23 · 公报\n"},
		{"clause ansi", bot.Reply{Blocks: []bot.Block{{Kind: bot.ClauseBlock, Text: text, Bold: []bot.Span{{Start: at, End: at + len("北斗")}}, Ref: "二·23"}}},
			StyleANSI, "——在\x1b[1m北斗\x1b[22m - 格洛纳斯卫星导航系统的基础上\n   — 二·23\n"},
		{"clause plain", bot.Reply{Blocks: []bot.Block{{Kind: bot.ClauseBlock, Text: text, Bold: []bot.Span{{Start: at, End: at + len("北斗")}}, Ref: "二·23", Doc: "公报"}}},
			StylePlain, text + "\n   — 二·23 · 公报\n"},
		{"auto is plain", bot.Reply{Blocks: []bot.Block{{Kind: bot.ClauseBlock, Text: text, Bold: []bot.Span{{Start: at, End: at + len("北斗")}}}}},
			StyleAuto, text + "\n"},
		{"bad spans skipped", bot.Reply{Blocks: []bot.Block{{Kind: bot.ClauseBlock, Text: "abc", Bold: []bot.Span{{Start: 2, End: 9}, {Start: 1, End: 2}, {Start: 0, End: 1}}}}},
			StyleMarks, "a【b】c\n"},
		{"control characters", bot.Reply{Blocks: []bot.Block{{Kind: bot.ClauseBlock, Text: "a\x1b[31mred\x07", Ref: "1·1"}}},
			StyleMarks, "a\uFFFD[31mred\uFFFD\n   — 1·1\n"},
		{"buttons", bot.Reply{Blocks: []bot.Block{{Kind: bot.TextBlock, Text: "x"}}, Buttons: []bot.Button{{Label: "More results"}, {Label: "Show whole section"}}},
			StyleMarks, "x\n\n[1] More results\n[2] Show whole section\n"},
		{"markup is literal", bot.Reply{Blocks: []bot.Block{{Kind: bot.TextBlock, Text: "<b>&amp;<!channel>"}}}, StyleMarks, "<b>&amp;<!channel>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Render(tt.r, tt.style); got != tt.want {
				t.Errorf("Render:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestNumbersPressButtons checks a number presses a button of the latest
// reply that had buttons; a small number out of their range is said to be
// no choice; anything else is a question.
func TestNumbersPressButtons(t *testing.T) {
	h := &recorder{}
	a := New(h, strings.NewReader(""), &bytes.Buffer{}, Options{Mode: ModeScripted, Style: StyleMarks, UserID: "me"})
	ctx := context.Background()
	a.Line(ctx, "1") // no buttons yet: a message
	h.reply = bot.Reply{Blocks: []bot.Block{{Text: "x"}}, Buttons: []bot.Button{{Label: "A", Data: "da"}, {Label: "B", Data: "db"}}}
	a.Line(ctx, "question")
	h.reply = bot.Reply{Blocks: []bot.Block{{Text: "no buttons"}}}
	a.Line(ctx, "2")                                                // presses B of the earlier reply
	if r := a.Line(ctx, "3"); !strings.Contains(r, "no choice 3") { // out of range: said so, not asked
		t.Errorf("3 out of range: %q", r)
	}
	a.Line(ctx, "2030") // a large number is a question
	a.Line(ctx, "  ")   // blank: nothing
	want := []string{"msg:1", "msg:question", "press:db", "msg:2030"}
	if diff := cmp.Diff(want, h.calls); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
	if h.last.UserID != "me" || !h.last.Direct || h.last.Platform != bot.Terminal {
		t.Errorf("message %+v: want a direct terminal message from me", h.last)
	}
}

// recorder is a bot.Handler that records what the adapter asked: a
// routing test of the adapter alone.
type recorder struct {
	calls []string
	reply bot.Reply
	last  bot.Message
}

func (r *recorder) Handle(_ context.Context, m bot.Message) (bot.Reply, bool) {
	r.calls = append(r.calls, "msg:"+m.Text)
	r.last = m
	return r.reply, true
}

func (r *recorder) Press(_ context.Context, a bot.Action) (bot.Reply, bool) {
	r.calls = append(r.calls, "press:"+a.Data)
	return r.reply, true
}

func (r *recorder) Inline(context.Context, bot.InlineQuery) (bot.InlineResults, error) {
	return bot.InlineResults{}, nil
}

// TestRunStopsOnCancel checks Run returns when ctx is cancelled while the
// input is still open.
func TestRunStopsOnCancel(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	a := New(&recorder{}, pr, &bytes.Buffer{}, Options{Mode: ModeScripted})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
}

// TestVoteChoices checks that in the terminal 👍/👎 are numbered choices
// like any button, and that the choices stay usable after the thanks.
func TestVoteChoices(t *testing.T) {
	l, err := qlog.Open(context.Background(), filepath.Join(t.TempDir(), "q.db"), qlog.Options{Key: []byte("terminal-test-key-0123456789")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	a := New(bot.New(bottest.SeedIndex(t), bot.Options{RatePerMinute: -1, QuestionLog: l}), strings.NewReader(""), io.Discard,
		Options{Mode: ModeScripted, Style: StyleMarks})
	out := a.Line(context.Background(), "北斗")
	m := regexp.MustCompile(`\[(\d+)\] 👎`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no numbered 👎 choice in:\n%s", out)
	}
	down := a.Line(context.Background(), m[1])
	if !strings.Contains(down, "哪一条才对") || !strings.Contains(down, "都不对") {
		t.Fatalf("after 👎:\n%s", down)
	}
	none := regexp.MustCompile(`\[(\d+)\] 都不对`).FindStringSubmatch(down)
	if got := a.Line(context.Background(), none[1]); !strings.Contains(got, "都不对") {
		t.Errorf("after 都不对:\n%s", got)
	}
}

// TestNoSuchChoice checks that a number that is not one of the choices
// shown is answered as such, not searched as a question.
func TestNoSuchChoice(t *testing.T) {
	var out bytes.Buffer
	a := New(bot.New(bottest.SeedIndex(t), bot.Options{}), strings.NewReader(""), &out, Options{})
	if r := a.Line(context.Background(), "北斗"); !strings.Contains(r, "[1]") {
		t.Fatalf("the answer shows no choices: %q", r)
	}
	if r := a.Line(context.Background(), "7"); !strings.Contains(r, "没有选项 7") {
		t.Errorf("7 with fewer choices: %q, want a note that there is no such choice", r)
	}
	// One choice: "type 1", not "a number from 1 to 1" (a trial's).
	a.buttons, a.lang = a.buttons[:1], bot.Russian
	if r := a.Line(context.Background(), "2"); !strings.Contains(r, "введите 1 ") || strings.Contains(r, "от 1 до 1") {
		t.Errorf("2 with one choice: %q, want to be told to type 1", r)
	}
}
