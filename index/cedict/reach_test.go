package cedict

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
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
	// Lines of the seed as stand-ins for its clauses.
	var units []string
	for _, l := range strings.Split(doc, "\n") {
		if l = strings.TrimSpace(l); utf8.RuneCountInString(l) >= 10 {
			units = append(units, l)
		}
	}
	var on, onReach, onReachStrong, onAny, off, offAny, offStrong, rankHits int
	var onScores, offScores []float64
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
		top, score := rank(units, cs)
		topHit := false
		for _, g := range q.Gold {
			topHit = topHit || top >= 0 && strings.Contains(units[top], g)
		}
		if topHit {
			rankHits++
		}
		if len(q.Gold) > 0 {
			onScores = append(onScores, score)
		} else {
			offScores = append(offScores, score)
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
			t.Logf("on  %-5v top1 %-5v score %.2f %q gold %q\n      %s", hit, topHit, score, q.Q, q.Gold, strings.Join(parts, "; "))
		} else {
			off++
			if len(cs) > 0 {
				offAny++
			}
			if maxW >= 0.5 {
				offStrong++
			}
			t.Logf("off %-5v score %.2f %q\n      %s", len(cs) > 0, score, q.Q, strings.Join(parts, "; "))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("on-topic: %d/%d have a candidate in the seed; %d/%d have one inside the gold (%d/%d with weight ≥ 0.5)",
		onAny, on, onReach, on, onReachStrong, on)
	t.Logf("off-topic: %d/%d have a candidate in the seed (%d/%d with weight ≥ 0.5)", offAny, off, offStrong, off)
	slices.Sort(onScores)
	slices.Sort(offScores)
	t.Logf("bridge alone, lines of the seed ranked by Σ weight×idf: hit@1 %d/%d", rankHits, on)
	t.Logf("top scores, on-topic: %.2f", onScores)
	t.Logf("top scores, off-topic: %.2f", offScores)
}

// rank scores each unit by the question's candidates it holds: for every
// question word, the best weight×idf of a candidate from that word in the
// unit (idf = ln(units/units holding the headword)), summed over words.
// It returns the best unit (-1 if none scores) and its score. A rough
// stand-in for the real ranking, to see how far the bridge alone goes.
func rank(units []string, cs []Candidate) (int, float64) {
	df := map[string]int{}
	for _, c := range cs {
		for _, u := range units {
			if strings.Contains(u, c.Headword) {
				df[c.Headword]++
			}
		}
	}
	best, bestScore := -1, 0.0
	for i, u := range units {
		perWord := map[string]float64{}
		for _, c := range cs {
			if df[c.Headword] == 0 || !strings.Contains(u, c.Headword) {
				continue
			}
			v := c.Weight * math.Log(float64(len(units))/float64(df[c.Headword]))
			for _, w := range c.Words {
				perWord[w] = max(perWord[w], v)
			}
		}
		score := 0.0
		for _, v := range perWord {
			score += v
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	return best, bestScore
}
