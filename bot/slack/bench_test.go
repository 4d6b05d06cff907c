package slack

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"clausebot/bot/slack/slackfake"
)

// BenchmarkEventToPost measures events handled per second end to end — a
// signed Events API request in, a real Bot over the seed index, Block Kit
// rendering, chat.postMessage to the loopback fake — and the delay from
// the event to its post. Pacing is off (each event is its own DM).
func BenchmarkEventToPost(b *testing.B) {
	fake := slackfake.New(b)
	r := mustHTTP(b, fake, mustBot(b), nil)
	questions := []string{question, "两国怎样改善贸易结构", "原产地名称保护", "服务贸易", "机电领域合作"}
	b.ResetTimer()
	start := time.Now()
	sent := make([]time.Time, b.N)
	for i := 0; i < b.N; i++ {
		ch := fmt.Sprintf("DBENCH%d", i)
		fake.AddChannel(ch)
		body := slackfake.EventBody(fmt.Sprintf("EvBench%d", i), slackfake.TeamID,
			slackfake.DirectMessage(ch, "U"+ch, questions[i%len(questions)], fmt.Sprintf("40.%d", i)))
		sent[i] = time.Now()
		r.serve(slackfake.EventRequest(body))
	}
	r.idle(b)
	elapsed := time.Since(start)
	b.StopTimer()
	first := map[string]time.Time{}
	for _, p := range fake.Posts() {
		if _, ok := first[p.Channel]; !ok {
			first[p.Channel] = p.At
		}
	}
	var lat []time.Duration
	for i := 0; i < b.N; i++ {
		if at, ok := first[fmt.Sprintf("DBENCH%d", i)]; ok {
			lat = append(lat, at.Sub(sent[i]))
		}
	}
	if len(lat) != b.N {
		b.Fatalf("%d of %d events answered", len(lat), b.N)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "events/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkEventToPostSerial measures the delay from one event to its
// chat.postMessage with nothing else queued.
func BenchmarkEventToPostSerial(b *testing.B) {
	fake := slackfake.New(b)
	r := mustHTTP(b, fake, mustBot(b), nil)
	var total time.Duration
	for i := 0; i < b.N; i++ {
		body := slackfake.EventBody(fmt.Sprintf("EvSer%d", i), slackfake.TeamID,
			slackfake.DirectMessage(slackfake.DM, "UASKER", question, fmt.Sprintf("41.%d", i)))
		before := len(fake.Posts())
		t0 := time.Now()
		r.serve(slackfake.EventRequest(body))
		posts, err := fake.WaitPosts(before+1, 30*time.Second)
		if err != nil {
			b.Fatal(err)
		}
		total += posts[before].At.Sub(t0)
		r.idle(b)
	}
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/event→post")
}
