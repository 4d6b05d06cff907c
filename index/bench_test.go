package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"clausebot/bot"
)

var benchQuestions = []string{
	"中俄在北斗卫星导航方面有什么合作？", "衛星導航", "农业投资环境", "两国怎样改善贸易结构",
	"PPP", "跨境電商", "国际月球科研站", "世界杯冠军是谁", "边境口岸协定修订", "网络安全合作",
}

// benchLatency runs the questions b.N times each and reports p50 and p99,
// and logs the slowest question's median (what a tail is made of).
func benchLatency(b *testing.B, x *Index) {
	ctx := context.Background()
	var lat []time.Duration
	per := map[string][]time.Duration{}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		q := benchQuestions[i%len(benchQuestions)]
		t0 := time.Now()
		if _, err := x.Search(ctx, bot.Query{Text: q}); err != nil {
			b.Fatal(err)
		}
		d := time.Since(t0)
		lat = append(lat, d)
		per[q] = append(per[q], d)
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	slow, slowMed := "", time.Duration(0)
	for q, ds := range per {
		slices.Sort(ds)
		if m := ds[len(ds)/2]; m > slowMed {
			slow, slowMed = q, m
		}
	}
	b.Logf("slowest question %q: median %v", slow, slowMed)
}

func BenchmarkQuerySeed(b *testing.B) { benchLatency(b, mustSeed(b)) }

// BenchmarkLoadSeed is the cost every process pays at start.
func BenchmarkLoadSeed(b *testing.B) {
	mustSeed(b) // the word list is loaded once per process; measure it apart
	for b.Loop() {
		x, err := Load(context.Background(), Seed(), Options{})
		if err != nil {
			b.Fatal(err)
		}
		x.Close()
	}
}

// genCorpus recombines the seed's clauses into docs documents of n clauses
// each, so vocabulary and lengths stay realistic.
func genCorpus(b testing.TB, docs, n int) fstest.MapFS {
	fsys := fstest.MapFS{}
	genCorpusEach(b, docs, n, func(name string, data []byte) {
		fsys[name] = &fstest.MapFile{Data: data}
	})
	return fsys
}

// genCorpusEach is genCorpus handing each file to emit as it is made, so
// that a large corpus can be written to disk without being held whole.
func genCorpusEach(b testing.TB, docs, n int, emit func(name string, data []byte)) {
	seed := mustSeed(b)
	var texts [][]rune
	for _, c := range seed.clauses {
		texts = append(texts, []rune(c.Text))
	}
	r := rand.New(rand.NewPCG(1, 2))
	var sb strings.Builder
	for d := 0; d < docs; d++ {
		sb.Reset()
		fmt.Fprintf(&sb, "文件%d\n\n", d)
		per := n / 5
		for s := 1; s <= 5; s++ {
			fmt.Fprintf(&sb, "%s\n\n", bot.ChineseNumeral(s))
			for i := 0; i < per; i++ {
				// Splice two clause halves so clauses are not all duplicates.
				a, c := texts[r.IntN(len(texts))], texts[r.IntN(len(texts))]
				sb.WriteString(string(a[:len(a)/2]) + string(c[len(c)/2:]) + "\n\n")
			}
		}
		emit(fmt.Sprintf("d%05d.txt", d), []byte(sb.String()))
	}
}

// BenchmarkBuild reports indexing speed in clauses per second (20k clauses).
func BenchmarkBuild(b *testing.B) {
	fsys := genCorpus(b, 400, 50)
	var n int
	b.ResetTimer()
	for b.Loop() {
		x, err := Load(context.Background(), fsys, Options{})
		if err != nil {
			b.Fatal(err)
		}
		n = x.Len()
		x.Close()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "clauses/s")
}

// BenchmarkQuery1M builds a 1M-clause corpus (20k documents × 50) and
// measures build speed, live heap and query latency. It takes minutes and
// ~8 GB at peak: run it alone with -bench Query1M -benchtime 200x.
func BenchmarkQuery1M(b *testing.B) { benchBig(b, 20000) }

// BenchmarkQuery100k is BenchmarkQuery1M at a tenth of the size, quick
// enough to run while working on the engine.
func BenchmarkQuery100k(b *testing.B) { benchBig(b, 2000) }

func benchBig(b *testing.B, docs int) {
	fsys := genCorpus(b, docs, 50)
	t0 := time.Now()
	x, err := Load(context.Background(), fsys, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	took := time.Since(t0)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.Logf("built %d clauses in %v (%.0f clauses/s), live heap %d MiB", x.Len(), took, float64(x.Len())/took.Seconds(), ms.HeapAlloc>>20)
	b.ReportMetric(float64(x.Len())/took.Seconds(), "build-clauses/s")
	b.ReportMetric(float64(ms.HeapAlloc>>20), "heap-MiB")
	benchLatency(b, x)
}

// BenchmarkAskOneShot builds the clausebot binary and runs one ask on the
// seed, reporting wall time and peak RSS.
func BenchmarkAskOneShot(b *testing.B) {
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
	b.ResetTimer()
	benchAskProbe(b, self, bin, "")
}

// benchAskProbe runs one-shot asks of question q ("" the default) with
// the clausebot binary bin, through a probe copy of the test binary self,
// and reports ms/ask and the peak RSS in MB.
func benchAskProbe(b *testing.B, self, bin, q string) {
	var maxRSS int64
	for b.Loop() {
		// Linux charges a child's ru_maxrss with the memory of the process
		// it was started from (Go starts children with a vfork-style clone,
		// and exec records the old mm's high-water mark), so measuring ask
		// straight from this benchmark would report this process's heap.
		// A fresh, small copy of the test binary starts ask instead and
		// reports the clean figure.
		probe := exec.Command(self, "-test.run=^$")
		probe.Env = append(os.Environ(), rssProbeEnv+"="+bin)
		if q != "" {
			probe.Env = append(probe.Env, rssProbeQuestionEnv+"="+q)
		}
		out, err := probe.CombinedOutput()
		if err != nil {
			b.Fatalf("ask: %v\n%s", err, out)
		}
		var kb int64
		if _, err := fmt.Sscan(lastLine(string(out)), &kb); err != nil {
			b.Fatalf("rss probe printed %q: %v", out, err)
		}
		maxRSS = max(maxRSS, kb)
	}
	b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/ask")
	b.ReportMetric(float64(maxRSS)/1024, "peak-RSS-MB")
}

// rssProbeEnv, when set to a clausebot binary, makes the test binary run
// that binary's ask once and print its peak RSS in KiB instead of testing.
const rssProbeEnv = "CLAUSEBOT_RSS_PROBE"

// rssProbeQuestionEnv is the question the probe asks (default: the
// README's Chinese one).
const rssProbeQuestionEnv = "CLAUSEBOT_RSS_PROBE_Q"

func TestMain(m *testing.M) {
	scaleMain()
	if bin := os.Getenv(rssProbeEnv); bin != "" {
		q := os.Getenv(rssProbeQuestionEnv)
		if q == "" {
			q = "中俄在北斗卫星导航方面有什么合作？"
		}
		cmd := exec.Command(bin, "ask", q)
		if out, err := cmd.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "%v\n%s", err, out)
			os.Exit(1)
		}
		ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		if !ok {
			fmt.Fprintln(os.Stderr, "no rusage on this platform")
			os.Exit(1)
		}
		fmt.Println(ru.Maxrss)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// lawShaped writes a generated law of about size bytes: 编/章/节 headings,
// articles of two or three 款 with （一） items, as the real laws in
// testdata/documents are laid out.
func lawShaped(size int) string {
	var b strings.Builder
	b.WriteString("# 中华人民共和国测试法\n\n2021年8月20日 第十三届全国人民代表大会常务委员会第三十次会议通过\n\n")
	art := 0
	for ch := 1; b.Len() < size; ch++ {
		fmt.Fprintf(&b, "## 第%s章 第%s章的标题\n\n", bot.ChineseNumeral(ch), bot.ChineseNumeral(ch))
		for sec := 1; sec <= 3; sec++ {
			fmt.Fprintf(&b, "### 第%s节 一般规定\n\n", bot.ChineseNumeral(sec))
			for range 10 {
				art++
				fmt.Fprintf(&b, "第%s条 国家建立健全数据安全管理制度，加强数据安全保护，促进数据依法合理有效利用，保障个人、组织的合法权益。\n\n", bot.ChineseNumeral(art))
				b.WriteString("有关部门应当履行下列职责：\n\n（一）制定数据安全标准；\n\n（二）组织开展风险评估；\n\n（三）依法处理违法行为。\n\n")
				b.WriteString("违反前款规定的，由有关主管部门责令改正，给予警告，可以并处罚款。\n\n")
			}
		}
	}
	return b.String()
}

// BenchmarkParse measures parsing alone (hygiene, metadata, tree, units
// and references) in MB/s on the largest real document and on a
// generated law-shaped document of 1 MB and of 10 MB: equal MB/s at both
// sizes is the check that parsing stays linear.
func BenchmarkParse(b *testing.B) {
	largest, err := os.ReadFile(filepath.Join("..", "testdata", "documents", "ru", "grazhdansky_kodeks_rf_chast3_pravo-102073578.txt"))
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name, file, text string
	}{
		{"largest-shared", "grazhdansky.txt", string(largest)},
		{"law-1MB", "law.md", lawShaped(1 << 20)},
		{"law-10MB", "law.md", lawShaped(10 << 20)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(tc.text)))
			units := 0
			for b.Loop() {
				d, err := parseDocument(tc.file, tc.text)
				if err != nil {
					b.Fatal(err)
				}
				units = len(d.tree.units)
			}
			b.ReportMetric(float64(units), "units")
		})
	}
}
