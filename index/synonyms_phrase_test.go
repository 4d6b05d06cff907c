package index

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"clausebot/bot"
)

// handbookFS has one clause saying "work from home" and one saying "WFH".
var handbookFS = fstest.MapFS{"handbook.md": {Data: []byte("# Staff Handbook\n\n## 1. Working hours\n\n" +
	"Staff may work from home two days a week with the approval of their manager.\n\n" +
	"Office hours are from nine to five on weekdays.\n\n## 2. Equipment\n\n" +
	"Employees on WFH days must keep the company laptop locked when unattended.\n\n" +
	"The canteen serves lunch from noon.\n")}}

// A synonym group with a multi-word member matches the phrase both ways:
// the phrase in the question finds the single word in a clause, and the
// single word finds the phrase.
func TestSynonymPhrase(t *testing.T) {
	syn := filepath.Join(t.TempDir(), "synonyms.txt")
	if err := os.WriteFile(syn, []byte("WFH, work from home\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	load := func(file string) *Index {
		x, err := Load(ctx, handbookFS, Options{Synonyms: file})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { x.Close() })
		return x
	}
	with, without := load(syn), load("")
	for _, tc := range []struct {
		q, want, match string
		bold           string // highlighted in the answer
	}{
		{"work from home laptop", "WFH days", MatchSynonym, "WFH"},
		{"laptop rules when I work from home", "WFH days", MatchSynonym, "WFH"},
		{"WFH approval", "work from home two days", MatchSynonym, "work from home"},
		{"work from home approval", "work from home two days", MatchDirect, "work"},
	} {
		res, err := with.Search(ctx, bot.Query{Text: tc.q, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Text, tc.want) {
			t.Errorf("%q: %+v, want the clause with %q", tc.q, res.Hits, tc.want)
			continue
		}
		h := res.Hits[0]
		if got := with.HowMatched(tc.q, h); got != tc.match {
			t.Errorf("%q: matched %q, want %q", tc.q, got, tc.match)
		}
		bold := false
		for _, sp := range h.Highlights {
			bold = bold || strings.Contains(h.Text[sp.Start:sp.End], tc.bold)
		}
		if !bold {
			t.Errorf("%q: %q not highlighted in %q (%v)", tc.q, tc.bold, h.Text, h.Highlights)
		}
	}
	// Without the group the phrase does not find the word: the group is
	// what does it.
	res, err := without.Search(ctx, bot.Query{Text: "work from home laptop", Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) > 0 && strings.Contains(res.Hits[0].Text, "WFH") {
		t.Errorf("without synonyms the WFH clause comes first; the case proves nothing")
	}
}

// TestSynonymHyphenated checks that a synonym term written with a hyphen
// matches as a whole (the built-in COVID-19 / 新冠肺炎 group): the hyphen
// is not content, and once kept the term from matching at all.
func TestSynonymHyphenated(t *testing.T) {
	x := mustSeed(t)
	res, err := x.Search(context.Background(), bot.Query{Text: "COVID-19"})
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("COVID-19: %v, %d hits; want the clauses on 新冠肺炎疫情", err, len(res.Hits))
	}
	if c := res.Hits[0]; !strings.Contains(c.Text, "疫情") || c.Via != "" {
		t.Errorf("COVID-19: top hit %s (via %q), want a clause on 疫情 found directly, through the synonym", c.Ref, c.Via)
	}
}

// TestSynonymEveryOccurrence checks that a synonym term the question
// spells twice is found twice, so that both occurrences' characters count
// as held when a clause has one of its alternatives.
func TestSynonymEveryOccurrence(t *testing.T) {
	x := mustSeed(t)
	qa := x.analyzeQuestion("政府部门找网店要数据，网店必须给吗")
	var at []int
	for _, a := range qa.alts {
		if string(qa.runes[a.start:a.end]) == "网店" {
			at = append(at, a.start)
		}
	}
	slices.Sort(at)
	if !slices.Equal(at, []int{5, 11}) {
		t.Errorf("网店 found at runes %v, want [5 11]", at)
	}
}
