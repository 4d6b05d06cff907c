package cedict

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReach measures how far the bridge alone can reach on the shared
// English questions about the seed: for each question, the candidates that
// occur in the seed document, and whether one of them (two or more
// characters) lies inside a gold substring. It is an upper bound: it says
// nothing about ranking. Off-topic questions (no gold) count when they get
// any such candidate, a way to a false answer.
//
//	CEDICT_REACH=1 go test -run TestReach -v ./index/cedict
//
// CEDICT_REACH may also name the question file (default
// ../../../shared/eval/english.jsonl, seen from this package).
func TestReach(t *testing.T) {
	path := os.Getenv("CEDICT_REACH")
	if path == "" {
		t.Skip("set CEDICT_REACH=1 (or a .jsonl path) to measure")
	}
	if path == "1" {
		path = "../../../shared/eval/english.jsonl"
	}
	seeds, _ := filepath.Glob("../seed/*.txt")
	var seed strings.Builder
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		seed.Write(b)
	}
	doc := seed.String()
	if doc == "" {
		t.Fatal("no seed document under ../seed")
	}
	inDoc := Default().RestrictText(doc)
	n := 0
	inDoc.Headwords(func(string) bool { n++; return true })
	t.Logf("%d headwords occur in the seed", n)

	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var on, onReach, onReachStrong, onAny, off, offAny, offStrong int
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var q struct {
			Q    string   `json:"q"`
			Gold []string `json:"gold"`
		}
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			t.Fatal(err)
		}
		cs := inDoc.LookupText(q.Q)
		var parts []string
		hit, strong := false, false
		for _, c := range cs {
			inGold := false
			for _, g := range q.Gold {
				inGold = inGold || strings.Contains(g, c.Headword)
			}
			mark := ""
			if inGold {
				mark = "✓"
				hit = true
				strong = strong || c.Weight >= 0.5
			}
			parts = append(parts, fmt.Sprintf("%s%s %.2f", c, mark, c.Weight))
		}
		maxW := 0.0
		if len(cs) > 0 {
			maxW = cs[0].Weight
		}
		if len(q.Gold) > 0 {
			on++
			if len(cs) > 0 {
				onAny++
			}
			if hit {
				onReach++
			}
			if strong {
				onReachStrong++
			}
			t.Logf("on  %-5v %q gold %q\n      %s", hit, q.Q, q.Gold, strings.Join(parts, "; "))
		} else {
			off++
			if len(cs) > 0 {
				offAny++
			}
			if maxW >= 0.5 {
				offStrong++
			}
			t.Logf("off %-5v %q\n      %s", len(cs) > 0, q.Q, strings.Join(parts, "; "))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("on-topic: %d/%d have a candidate in the seed; %d/%d have one inside the gold (%d/%d with weight ≥ 0.5)",
		onAny, on, onReach, on, onReachStrong, on)
	t.Logf("off-topic: %d/%d have a candidate in the seed (%d/%d with weight ≥ 0.5)", offAny, off, offStrong, off)
}
