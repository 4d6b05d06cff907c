package bottest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"clausebot/bot"
)

// testIMECommands: commands typed on a Chinese keyboard, with "／"
// (full-width) or "、" (the key for "/") in place of "/", work as the ASCII
// ones do, in a direct chat and addressed in a group; in group chatter
// "、" stays text.
func testIMECommands(t *testing.T, e *env) {
	h := e.newHarness(t, e.seed, bot.Options{})
	want := e.section(t, "二")
	for _, text := range []string{"／section 二", "、section 二", "、ｓｅｃｔｉｏｎ 二"} {
		seen := h.send("alice", text)
		mustContain(t, seen, want[0].Text, want[0].Ref)
	}
	sec := want[11]
	mustContain(t, h.send("alice", "、clause ２.１２"), sec.Text, sec.Ref)
	mustContain(t, h.send("alice", "／sources"), e.title)
	if _, ok := h.drv.(GroupDriver); ok {
		mustContain(t, h.sendGroup("bob", "、clause 二.12", true), sec.Text, sec.Ref)
		if seen := h.sendGroup("bob", "、clause 二.12", false); len(seen) != 0 {
			t.Errorf("group chatter starting with 、 was answered: %q", texts(seen))
		}
	}
}

// testFullWidthRefs: a reference typed alone with full-width digits or
// dots opens the clause, exactly as "/clause 二.12" does.
func testFullWidthRefs(t *testing.T, e *env) {
	h := e.newHarness(t, e.seed, bot.Options{})
	sec := e.section(t, "二")
	if len(sec) < 12 {
		t.Fatalf("section 二 has %d clauses; the case needs 12", len(sec))
	}
	want := sec[11]
	for _, text := range []string{"二．１２", "二·１２", "２.１２", "２．１２", "二・12", "/clause ２.１２"} {
		seen := h.send("alice", text)
		mustContain(t, seen, want.Text, want.Ref)
		if got := firstRef(squash(joinText(seen))); got != want.Ref {
			t.Errorf("%q shows %s first, want %s", text, got, want.Ref)
		}
	}
}

// longTitleFS is a document whose title is 5,000 characters.
var longTitleFS = fstest.MapFS{
	"long.md": {Data: []byte("---\ntitle: " + strings.Repeat("Rules on weather stations and their reporting duties ", 95) + "\n---\n\n" +
		"## 1. General\n\n" +
		"Weather stations report rainfall to the regional office every morning.\n\n" +
		"Weather stations report snowfall to the regional office every evening.\n")},
}

// testLongTitle: a document with a 5,000-character title is still
// answered, its clause whole and its reference shown, within the
// platform's limits (which each adapter's fake enforces); the title may be
// shortened, but its start is shown.
func testLongTitle(t *testing.T, e *env) {
	x := mustIndex(t, longTitleFS)
	title := x.Documents()[0].Title
	if len([]rune(title)) < 4096 {
		t.Fatalf("the title is %d characters; the case needs one longer than a message", len([]rune(title)))
	}
	h := e.newHarness(t, x, bot.Options{})
	h.compare = false // the mirror shows the whole title; platforms shorten it
	for _, q := range []string{"weather stations rainfall", "/clause 1·2", "/section 1"} {
		seen := h.send("alice", q)
		if len(seen) == 0 {
			t.Fatalf("%q: nothing seen", q)
		}
		all := squash(joinText(seen))
		if !strings.Contains(all, squash("Weather stations report")) {
			t.Errorf("%q: no clause in %.200q", q, joinText(seen))
		}
		if !strings.Contains(all, squash(title[:40])) {
			t.Errorf("%q: the title's start %q is not shown", q, title[:40])
		}
	}
}

// testAttachment: a question sent with a picture or file (its caption, the
// message's text) is answered as the same question alone is.
func testAttachment(t *testing.T, e *env) {
	h := e.newHarness(t, e.seed, bot.Options{})
	d, ok := h.drv.(AttachmentDriver)
	if !ok {
		t.Skip("the driver does not implement bottest.AttachmentDriver")
	}
	want := e.seedClause(t, "北斗")
	seen := d.SendWithAttachment(t, "alice", "中俄在北斗卫星导航方面有什么合作？")
	mustContain(t, seen, want.Text, want.Ref, e.title)
	seen = d.SendWithAttachment(t, "alice", "/clause 二.12")
	sec := e.section(t, "二")
	mustContain(t, seen, sec[11].Text, sec[11].Ref)
}

// hugeFS is a document of one line of about a megabyte: one clause far
// longer than any platform's message (a pasted web page, a text export
// without line breaks).
var hugeFS = func() fstest.MapFS {
	var b strings.Builder
	b.WriteString("Dock rules. ")
	for i := 0; b.Len() < 1<<20; i++ {
		fmt.Fprintf(&b, "Berth %d is kept clear for pilot boats at tide %d. ", i, i%7)
	}
	return fstest.MapFS{"huge.txt": {Data: []byte(b.String() + "\n")}}
}()

// testHugeClause: a clause of a megabyte is answered, opened by reference
// and shown in its section within the platform's limits (which each
// adapter's fake enforces), its start shown, and not whole: a note gives
// its length and the file that holds all of it, and the user sees a few
// screens, not a megabyte.
func testHugeClause(t *testing.T, e *env) {
	x := mustIndex(t, hugeFS)
	cl, err := x.Section(context.Background(), bot.PreambleLabel)
	if err != nil || len(cl) != 1 || len(cl[0].Text) < 1<<20 {
		t.Fatalf("the huge document is not one clause of a megabyte: %d clauses, %v", len(cl), err)
	}
	h := e.newHarness(t, x, bot.Options{})
	for _, q := range []string{"pilot boats berth tide", "/clause " + cl[0].Ref, "/section " + bot.PreambleLabel} {
		seen := h.send("alice", q)
		all := joinText(seen)
		switch {
		case !strings.Contains(squash(all), squash(cl[0].Text[:200])):
			t.Errorf("%q: the clause's start is not shown: %.300q", q, all)
		case !strings.Contains(all, "huge.txt"):
			t.Errorf("%q: no note naming the file with the whole clause", q)
		case len(all) > 100000:
			t.Errorf("%q: %d bytes shown for one clause, want a few screens", q, len(all))
		}
	}
}
