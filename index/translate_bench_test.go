package index

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"clausebot/bot"
	"clausebot/index/cedict"
)

// BenchmarkAskEnglishOneShot runs a one-shot `clausebot ask` on the seed
// with a Chinese question and with an English one, side by side, and
// reports each one's wall time (ms/ask) and peak RSS (MB): the difference
// is what the first English question pays for CC-CEDICT (decompressing
// the table and restricting it to the documents' headwords). A
// Chinese-only process pays nothing for it (cedict.TestNothingAtInit and
// TestChineseSkipsDictionary).
func BenchmarkAskEnglishOneShot(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "clausebot")
	build := exec.Command("go", "build", "-o", bin, "clausebot/cmd/clausebot")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		b.Skipf("cannot build clausebot: %v", err)
	}
	self, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct{ name, q string }{
		{"zh", "中俄在北斗卫星导航方面有什么合作？"},
		{"en", "What cooperation is there on satellite navigation?"},
	} {
		b.Run(c.name, func(b *testing.B) { benchAskProbe(b, self, bin, c.q) })
	}
}

// BenchmarkEnglishQuestion measures an English question about the seed
// once the dictionary is loaded and restricted (every question after the
// first), next to a Chinese one; µs per question.
func BenchmarkEnglishQuestion(b *testing.B) {
	x := mustSeed(b)
	for _, c := range []struct{ name, q string }{
		{"zh", "中俄在北斗卫星导航方面有什么合作？"},
		{"en", "What cooperation is there on satellite navigation?"},
	} {
		b.Run(c.name, func(b *testing.B) {
			ctx := context.Background()
			if _, err := x.Search(ctx, bot.Query{Text: c.q}); err != nil { // the first: loads
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := x.Search(ctx, bot.Query{Text: c.q}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/question")
		})
	}
}

// TestChineseSkipsDictionary checks that Chinese questions, and English
// ones that English documents answer, never load CC-CEDICT. It runs in a
// fresh process, since the table is loaded once per process.
func TestChineseSkipsDictionary(t *testing.T) {
	if os.Getenv("CLAUSEBOT_CEDICT_PROBE") == "" {
		self, err := os.Executable()
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(self, "-test.run=^TestChineseSkipsDictionary$", "-test.v")
		cmd.Env = append(os.Environ(), "CLAUSEBOT_CEDICT_PROBE=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("probe: %v\n%s", err, out)
		}
		return
	}
	x := mustSeed(t)
	for _, q := range []string{"中俄在北斗卫星导航方面有什么合作？", "大豆合作", "今天天气怎么样"} {
		mustSearch(t, x, q)
	}
	if cedict.Loaded() {
		t.Fatal("a Chinese question loaded the dictionary")
	}
	mustSearch(t, x, "What cooperation is there on satellite navigation?")
	if !cedict.Loaded() {
		t.Fatal("an English question about a Chinese document did not load the dictionary: is translation still wired?")
	}
}
