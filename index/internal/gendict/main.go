// Command gendict writes the pruned Chinese word list that package index
// embeds for word segmentation (index/dict/zh_s.txt.gz).
//
// gse's full zh_s dictionary (352k words) takes about 2 s and 200+ MB to
// load, which a one-shot "clausebot ask" cannot afford. The n most frequent
// words of the same dictionary keep nearly all of its segmentation quality
// for policy text at a fraction of the cost; index's tests and benchmarks
// measure the result. Run it with "go generate ./index".
package main

import (
	"bufio"
	"compress/gzip"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

func main() {
	src := flag.String("src", "", "gse's data/dict/zh/s_1.txt (default: from the module cache)")
	out := flag.String("out", "dict/zh_s.txt.gz", "output file")
	n := flag.Int("n", 60000, "number of words to keep")
	flag.Parse()
	if *src == "" {
		*src = filepath.Join(os.Getenv("GOMODCACHE"), "github.com/go-ego/gse@v0.80.3/data/dict/zh/s_1.txt")
	}
	if err := run(*src, *out, *n); err != nil {
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
