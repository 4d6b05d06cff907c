package index

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"clausebot/bot"
)

// answersDumpEnv names a file that TestDumpAnswers writes: every answer
// (order, references, scores, highlights, via) to every question of the
// gold sets, on the seed and on testdata/documents, as JSON lines. Two
// dumps, before and after a change to the engine, must be byte-identical
// when the change is meant to keep answers as they are.
const answersDumpEnv = "CLAUSEBOT_DUMP_ANSWERS"

func TestDumpAnswers(t *testing.T) {
	path := os.Getenv(answersDumpEnv)
	if path == "" {
		t.Skip("set " + answersDumpEnv + "=FILE to dump every answer")
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	docs, err := Load(context.Background(), os.DirFS("../testdata/documents"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer docs.Close()
	for _, run := range []struct {
		x    *Index
		sets []string
	}{
		{mustSeed(t), []string{"../testdata/questions.jsonl", "../testdata/english.jsonl", "testdata/everyday.jsonl", "testdata/unseen.jsonl", "testdata/heldout.jsonl"}},
		{docs, []string{"../testdata/documents.jsonl", "../testdata/russian.jsonl"}},
	} {
		for _, set := range run.sets {
			for _, g := range readGold(t, set) {
				for _, page := range []bot.Query{{Text: g.Q}, {Text: g.Q, Offset: 5, Limit: 3}} {
					// An error (a reference to a document not loaded) is
					// an answer too: it is dumped, not fatal.
					r, err := run.x.Search(context.Background(), page)
					msg := ""
					if err != nil {
						msg = err.Error()
					}
					enc.Encode(struct {
						Set, Q string
						Off    int
						R      bot.Results
						Err    string `json:",omitempty"`
					}{set, g.Q, page.Offset, r, msg})
				}
			}
		}
	}
}
