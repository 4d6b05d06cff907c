package main

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"clausebot/bot/slack/slackfake"
)

// soakQuestions mixes literal, colloquial and off-topic questions, so the
// load covers answers and abstentions.
var soakQuestions = []string{
	"中俄在北斗卫星导航方面有什么合作？",
	"两国怎样改善贸易结构",
	"双方如何看待抗击疫情的国际合作",
	"机电领域合作",
	"能源合作",
	"衛星導航",
	"世界杯冠军是谁",
	"明天北京天气",
}

// loadResult is what a load run measured.
type loadResult struct {
	questions  int
	answered   int // questions whose reply arrived
	duration   time.Duration
	throughput float64 // replies per second
	p50, p99   time.Duration
	maxLatency time.Duration
	rss        []float64 // resident memory samples, bytes
}

// runLoad sends questions at rate per second for d, from users distinct
// users each in their own direct-message channel, through a running serve
// in Slack HTTP mode; then waits for every reply and measures.
func runLoad(t *testing.T, r *running, fake *slackfake.Server, users int, rate float64, d time.Duration) loadResult {
	t.Helper()
	chans := make([]string, users)
	for i := range chans {
		chans[i] = fmt.Sprintf("DLOAD%05d", i)
	}
	fake.AddChannel(chans...)
	sc := &slackClient{r: r, fake: fake}

	var mu sync.Mutex
	sends := make(map[string][]time.Time) // channel → send times, in order
	jobs := make(chan int, 1024)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range jobs {
				ch := chans[n%users]
				at := time.Now()
				mu.Lock()
				sends[ch] = append(sends[ch], at)
				mu.Unlock()
				if err := sc.send(ch, "U"+ch[1:], soakQuestions[n%len(soakQuestions)]); err != nil {
					t.Errorf("question %d: %v", n, err)
				}
			}
		}()
	}

	var rss []float64
	sample := func() {
		if v, err := strconv.ParseFloat(r.metric(t, "process_resident_memory_bytes"), 64); err == nil {
			rss = append(rss, v)
		}
	}
	sample()
	start := time.Now()
	tick := time.NewTicker(time.Duration(float64(time.Second) / rate))
	nextSample := start.Add(5 * time.Second)
	n := 0
	for time.Since(start) < d {
		<-tick.C
		jobs <- n
		n++
		if time.Now().After(nextSample) {
			sample()
			nextSample = nextSample.Add(5 * time.Second)
		}
	}
	tick.Stop()
	close(jobs)
	wg.Wait()

	// Every question must be answered: nothing lost.
	deadline := time.Now().Add(2 * time.Minute)
	var posts []slackfake.Post
	for {
		posts = fake.Posts()
		got := 0
		for _, p := range posts {
			if len(p.Channel) > 5 && p.Channel[:5] == "DLOAD" {
				got++
			}
		}
		if got >= n || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	sample()

	received := make(map[string][]time.Time)
	for _, p := range posts {
		if len(p.Channel) > 5 && p.Channel[:5] == "DLOAD" {
			received[p.Channel] = append(received[p.Channel], p.At)
		}
	}
	var lat []time.Duration
	res := loadResult{questions: n, rss: rss}
	var last time.Time
	for ch, ss := range sends {
		rs := received[ch]
		if len(rs) != len(ss) {
			t.Errorf("channel %s: %d questions, %d replies", ch, len(ss), len(rs))
		}
		for i := 0; i < len(ss) && i < len(rs); i++ {
			lat = append(lat, rs[i].Sub(ss[i]))
			res.answered++
			if rs[i].After(last) {
				last = rs[i]
			}
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	if len(lat) > 0 {
		res.p50 = lat[len(lat)/2]
		res.p99 = lat[len(lat)*99/100]
		res.maxLatency = lat[len(lat)-1]
	}
	res.duration = last.Sub(start)
	if res.duration > 0 {
		res.throughput = float64(res.answered) / res.duration.Seconds()
	}
	return res
}

func (l loadResult) report(t *testing.T) {
	t.Helper()
	mb := func(b float64) string { return fmt.Sprintf("%.0f MB", b/1e6) }
	var samples []string
	for _, v := range l.rss {
		samples = append(samples, mb(v))
	}
	t.Logf("questions %d, replies %d, %.1f replies/s over %v; latency p50 %v p99 %v max %v; RSS %v",
		l.questions, l.answered, l.throughput, l.duration.Round(time.Millisecond),
		l.p50.Round(time.Microsecond), l.p99.Round(time.Microsecond), l.maxLatency.Round(time.Microsecond), samples)
}

// TestServeBurst is the always-on slice of the load test: a burst of
// questions from many users at once, every one answered exactly once.
func TestServeBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("load")
	}
	fake := slackfake.New(t)
	r := startServe(t, slackEnv(fake, ""))
	serveWaitFor(t, "/readyz 200", func() bool { code, _ := r.readyz(t); return code == 200 })
	res := runLoad(t, r, fake, 200, 200, time.Second)
	res.report(t)
	if res.answered != res.questions {
		t.Errorf("answered %d of %d questions", res.answered, res.questions)
	}
	if got := r.metric(t, `clausebot_send_errors_total{platform="slack"}`); got != "0" {
		t.Errorf("send errors = %s, want 0", got)
	}
}

// TestServeSoak sends questions from many users through the fake platform
// for a minute (CLAUSEBOT_SOAK_DURATION) at CLAUSEBOT_SOAK_RATE questions
// per second, and checks that nothing is lost and memory stays flat. It
// runs only with CLAUSEBOT_SOAK=1: it takes minutes of CPU.
func TestServeSoak(t *testing.T) {
	if os.Getenv("CLAUSEBOT_SOAK") != "1" {
		t.Skip("set CLAUSEBOT_SOAK=1 to run the soak test")
	}
	d := time.Minute
	if v := os.Getenv("CLAUSEBOT_SOAK_DURATION"); v != "" {
		var err error
		if d, err = time.ParseDuration(v); err != nil {
			t.Fatal(err)
		}
	}
	rate := 100.0
	if v := os.Getenv("CLAUSEBOT_SOAK_RATE"); v != "" {
		var err error
		if rate, err = strconv.ParseFloat(v, 64); err != nil {
			t.Fatal(err)
		}
	}
	fake := slackfake.New(t)
	// serve runs in its own process, so the RSS measured (its own
	// process_resident_memory_bytes) is the server's alone, not the fake's
	// that records every post.
	r, _ := startServeProcess(t, slackEnv(fake, ""))
	serveWaitFor(t, "/readyz 200", func() bool { code, _ := r.readyz(t); return code == 200 })

	// 2000 users: each asks about every 20 s at 100/s, like real users
	// and well within the per-user rate limit and Slack's per-channel pace.
	res := runLoad(t, r, fake, 2000, rate, d)
	res.report(t)
	t.Logf("GOMAXPROCS %d (test and server share the machine)", runtime.GOMAXPROCS(0))
	if res.answered != res.questions {
		t.Errorf("answered %d of %d questions", res.answered, res.questions)
	}
	for _, series := range []string{`clausebot_send_errors_total{platform="slack"}`, "clausebot_rate_limited_total"} {
		if got := r.metric(t, series); got != "0" {
			t.Errorf("%s = %s, want 0", series, got)
		}
	}
	// Flat memory: after warm-up, the last samples are not well above the
	// first ones. The bound is loose on purpose: the GC's own pacing moves
	// RSS by tens of percent; a leak grows without bound.
	if n := len(res.rss); n >= 6 {
		early := (res.rss[1] + res.rss[2]) / 2
		late := (res.rss[n-2] + res.rss[n-1]) / 2
		t.Logf("RSS early %.0f MB, late %.0f MB (%+.0f%%)", early/1e6, late/1e6, 100*(late-early)/early)
		if late > early*1.5 {
			t.Errorf("RSS grew from %.0f MB to %.0f MB during the soak", early/1e6, late/1e6)
		}
	}
	if code := r.stop(t); code != exitOK {
		t.Errorf("exit = %d, want 0", code)
	}
}

// BenchmarkServeQuestion measures one question's round trip through serve:
// signed Slack event in, search, Block Kit reply posted to the fake, one
// question at a time (go test -bench ServeQuestion -benchtime 200x).
func BenchmarkServeQuestion(b *testing.B) {
	fake := slackfake.New(b)
	r := startServe(b, slackEnv(fake, ""))
	serveWaitFor(b, "/readyz 200", func() bool { code, _ := r.readyz(b); return code == 200 })
	sc := &slackClient{r: r, fake: fake}
	chans := make([]string, b.N)
	for i := range chans {
		chans[i] = fmt.Sprintf("DBENCH%06d", i)
	}
	fake.AddChannel(chans...)
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if err := sc.send(chans[i], "U"+chans[i][1:], soakQuestions[i%len(soakQuestions)]); err != nil {
			b.Fatal(err)
		}
		if _, err := fake.WaitPosts(i+1, 30*time.Second); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}
