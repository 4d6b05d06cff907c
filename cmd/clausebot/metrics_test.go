package main

import (
	"bytes"
	"context"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"clausebot/bot"
)

func TestMetrics(t *testing.T) {
	m := newMetrics(bot.Telegram, bot.Slack)
	m.Question(bot.Telegram)
	m.Question(bot.Telegram)
	m.Question(bot.Slack)
	m.Answered(bot.Telegram, false, 20*time.Millisecond)
	m.Answered(bot.Slack, true, 3*time.Millisecond)
	m.RateLimited(bot.Telegram)
	m.Sent(bot.Telegram)
	m.Sent(bot.Slack)
	m.SendError(bot.Slack)
	m.SendRetry(bot.Telegram)
	m.indexLoaded(2, 71)
	at := time.Unix(1700000000, 0)
	m.reloaded(at, reloadOK)
	m.reloaded(at.Add(time.Minute), reloadUnchanged) // does not move the last-reload gauges

	got := map[string]float64{
		"questions telegram": testutil.ToFloat64(m.questions.WithLabelValues("telegram")),
		"questions slack":    testutil.ToFloat64(m.questions.WithLabelValues("slack")),
		"answered":           testutil.ToFloat64(m.answered),
		"abstained":          testutil.ToFloat64(m.abstained),
		"rate limited":       testutil.ToFloat64(m.rateLimited),
		"sent":               testutil.ToFloat64(m.sent),
		"send errors slack":  testutil.ToFloat64(m.sendErrors.WithLabelValues("slack")),
		"send errors tg":     testutil.ToFloat64(m.sendErrors.WithLabelValues("telegram")),
		"retries telegram":   testutil.ToFloat64(m.sendRetries.WithLabelValues("telegram")),
		"clauses":            testutil.ToFloat64(m.indexClauses),
		"documents":          testutil.ToFloat64(m.indexDocuments),
		"reload time":        testutil.ToFloat64(m.reloadTime),
		"reload success":     testutil.ToFloat64(m.reloadSuccess),
	}
	want := map[string]float64{
		"questions telegram": 2, "questions slack": 1, "answered": 1, "abstained": 1,
		"rate limited": 1, "sent": 2, "send errors slack": 1, "send errors tg": 0,
		"retries telegram": 1, "clauses": 71, "documents": 2,
		"reload time": 1700000000, "reload success": 1,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("metrics (-want +got):\n%s", diff)
	}
	m.reloaded(at.Add(2*time.Minute), reloadFailed)
	if got := testutil.ToFloat64(m.reloadSuccess); got != 0 {
		t.Errorf("reload success after a failure = %v, want 0", got)
	}
	if n := testutil.CollectAndCount(m.latency); n != 1 {
		t.Errorf("latency histogram series = %d, want 1", n)
	}

	// Every bot series is named clausebot_*, alongside the standard Go and
	// process collectors.
	families, err := m.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var ours []string
	var goSeen, procSeen bool
	for _, f := range families {
		name := f.GetName()
		switch {
		case strings.HasPrefix(name, "clausebot_"):
			ours = append(ours, name)
		case strings.HasPrefix(name, "go_"):
			goSeen = true
		case strings.HasPrefix(name, "process_"):
			procSeen = true
		default:
			t.Errorf("unexpected metric family %s", name)
		}
	}
	sort.Strings(ours)
	wantOurs := []string{
		"clausebot_abstained_total", "clausebot_answer_latency_seconds", "clausebot_answered_total",
		"clausebot_build_info", "clausebot_index_clauses", "clausebot_index_documents", "clausebot_last_reload_success",
		"clausebot_last_reload_timestamp_seconds", "clausebot_messages_sent_total", "clausebot_questions_total",
		"clausebot_rate_limited_total", "clausebot_reloads_total", "clausebot_send_errors_total",
		"clausebot_send_retries_total",
	}
	if diff := cmp.Diff(wantOurs, ours); diff != "" {
		t.Errorf("clausebot families (-want +got):\n%s", diff)
	}
	if !goSeen || !procSeen {
		t.Errorf("go collector %v, process collector %v; want both", goSeen, procSeen)
	}
}

// TestBuildInfo: clausebot_build_info is 1 with the labels `clausebot
// version` prints, and the version command prints one line.
func TestBuildInfo(t *testing.T) {
	m := newMetrics()
	bi := readBuildInfo()
	if got := testutil.ToFloat64(m.buildInfo.WithLabelValues(bi.Version, bi.GoVersion, bi.Revision)); got != 1 {
		t.Errorf("clausebot_build_info{version=%q,goversion=%q} = %v, want 1", bi.Version, bi.GoVersion, got)
	}
	if n := testutil.CollectAndCount(m.buildInfo); n != 1 {
		t.Errorf("clausebot_build_info has %d series, want 1", n)
	}
	for _, args := range [][]string{{"version"}, {"--version"}} {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &out, &errOut); code != exitOK {
			t.Fatalf("%v: exit %d; stderr %s", args, code, errOut.String())
		}
		want := "clausebot " + version + " (" + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH
		if got := out.String(); !strings.HasPrefix(got, want) || strings.Count(got, "\n") != 1 {
			t.Errorf("%v printed %q, want one line starting %q", args, got, want)
		}
	}
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"version", "extra"}, func(string) string { return "" }, strings.NewReader(""), &out, &errOut); code != exitUsage {
		t.Errorf("version extra: exit %d, want %d", code, exitUsage)
	}
}
