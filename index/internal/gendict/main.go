// Command gendict writes the pruned Chinese word list package index
// segments with (index/dict/zh_s.txt.gz, "word freq" lines) and, from it,
// the word table index embeds (index/dict/zh_s.tab; see table.go for its
// layout and index/wordtable.go for its reader).
//
// gse's full zh_s dictionary (352k words) takes about 2 s and 200+ MB to
// load, which a one-shot "clausebot ask" cannot afford. The n most frequent
// words of the same dictionary keep nearly all of its segmentation quality
// for policy text at a fraction of the cost; index's tests and benchmarks
// measure the result. Run it with "go generate ./index".
//
// Even pruned, reading the list into gse at run time cost the first Chinese
// question 200 ms and 64 MB in 449k allocations, so the list is turned into
// a word table here (sorted, grouped by first character), which index uses
// in place: its load costs microseconds and no allocation
// (BenchmarkSegmenterLoad), and index cuts text with it exactly as gse did
// (TestWordTableCutMatchesGse). The list stays the source: genstop and
// those tests read it.
//
// Why 60k (round 5, measured when gse still loaded the list; the load and
// ask columns are that cost, which the table removes; all four question sets, hit@1 with false abstentions
// and false answers, from TestQuality; BenchmarkSegmenterLoad and
// BenchmarkAskOneShot, 5 runs each, on the shared 2-core machine):
//
//	words  own             shared        unseen       heldout          load    ask
//	40k    0.977 1/96 1/32 1.000 0/32 0/3 0.700 5/20 0.533 9/20 4/10  106 ms  258 ms  46 MB
//	60k    0.977 1/96 1/32 1.000 0/32 0/3 0.700 5/20 0.567 9/20 3/10  183 ms  307 ms  54 MB
//	80k    0.977 1/96 1/32 1.000 0/32 0/3 0.650 6/20 0.567 9/20 3/10  196 ms  386 ms  66 MB
//	100k   0.977 1/96 1/32 1.000 0/32 0/3 0.650 6/20 0.567 9/20 3/10  239 ms  558 ms  82 MB
//	150k   0.977 1/96 1/32 1.000 0/32 0/3 0.650 6/20 0.567 9/20 3/10  434 ms  713 ms 106 MB
//
// Seed query p99 does not depend on the list (0.57-0.64 ms for 40k to
// 100k in quiet runs; load from the other processes swings it to 4 ms).
// 40k answers one more held-out off-topic question.
//
// A longer list costs load time and memory and gains nothing. The words it
// splits wrongly are not rare in general language but missing from gse's
// corpus (两国 has frequency 3 in the full list), so no size fixes them;
// what the longer list adds are compounds and rare words that the
// documents do not hold whole: at 100k "漫游费" replaces 漫游, the specific
// word the clause has, and "出国手机漫游费能便宜点吗" loses its evidence and
// the answer; "钾肥生意会做大吗" is cut 生+意会; TestEvidenceMargin's fewest
// errors rise from 7 to 9.
//
// Merging a question's lone characters into the corpus's own bigrams (in
// two or more clauses: 两+国 → 两国, 两+国会 → 两国+会) at query time was
// tried too and dropped: own, shared and held-out unchanged, one unseen
// question lost ("两国要一起在月亮上建啥": one 两国 unit weighs less than 两
// and 国 did, coverage 0.516 under MinCoverage), TestEvidenceMargin's
// fewest errors 7 to 9.
package main

import (
	"bufio"
	"compress/gzip"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

func main() {
	src := flag.String("src", "", "gse's data/dict/zh/s_1.txt (default: from the module cache)")
	out := flag.String("out", "dict/zh_s.txt.gz", "output file")
	table := flag.String("table", "dict/zh_s.tab", "output file for the word table the segmenter loads (see index/wordtable.go)")
	n := flag.Int("n", 60000, "number of words to keep")
	flag.Parse()
	if *src == "" {
		// go generate does not export GOMODCACHE; ask the go command.
		cache, err := exec.Command("go", "env", "GOMODCACHE").Output()
		if err != nil {
			log.Fatalf("gendict: go env GOMODCACHE: %v (pass -src)", err)
		}
		*src = filepath.Join(strings.TrimSpace(string(cache)), "github.com/go-ego/gse@v0.80.3/data/dict/zh/s_1.txt")
	}
	if err := run(*src, *out, *n); err != nil {
		log.Fatal(err)
	}
	if err := writeTable(*out, *table); err != nil {
		log.Fatal(err)
	}
}

type entry struct {
	line string
	freq float64
}

func run(src, out string, n int) error {
	f, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("gendict: %w", err)
	}
	defer f.Close()
	var es []entry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 2 {
			continue
		}
		freq, err := strconv.ParseFloat(fs[1], 64)
		if err != nil {
			continue
		}
		es = append(es, entry{fs[0] + " " + fs[1], freq})
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("gendict: read %s: %w", src, err)
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].freq > es[j].freq })
	if len(es) > n {
		es = es[:n]
	}
	// Sorted by text so the generated file diffs well.
	sort.Slice(es, func(i, j int) bool { return es[i].line < es[j].line })
	o, err := os.Create(out)
	if err != nil {
		return fmt.Errorf("gendict: %w", err)
	}
	zw, _ := gzip.NewWriterLevel(o, gzip.BestCompression)
	w := bufio.NewWriter(zw)
	for _, e := range es {
		w.WriteString(e.line)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("gendict: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("gendict: %w", err)
	}
	return o.Close()
}
