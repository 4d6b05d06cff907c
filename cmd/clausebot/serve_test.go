package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"clausebot/bot"
	"clausebot/bot/bottest"
	"clausebot/bot/slack/slackfake"
	"clausebot/bot/telegram/tgfake"
	"clausebot/index"
)

// records parses the JSON log lines written so far.
// logBuffer is a log sink that tests can read while the server writes,
// with helpers to parse its JSON lines.
type logBuffer struct{ bottest.Buffer }

func (b *logBuffer) records(t testing.TB) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(b.String()))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("log line is not JSON: %q: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	return out
}

// find returns the first log record with this msg, if any.
func (b *logBuffer) find(t testing.TB, msg string) map[string]any {
	t.Helper()
	for _, r := range b.records(t) {
		if r["msg"] == msg {
			return r
		}
	}
	return nil
}

// running is a serve started by startServe.
type running struct {
	addr   string // http://127.0.0.1:port
	logs   *logBuffer
	cancel context.CancelFunc
	done   chan int
}

// startServe runs `clausebot serve` through run() with env, and waits until
// it logs that it is serving. The server is stopped when the test ends.
func startServe(t testing.TB, env map[string]string) *running {
	t.Helper()
	base := map[string]string{
		"CLAUSEBOT_ADDR":             "127.0.0.1:0",
		"CLAUSEBOT_LOG_FORMAT":       "json",
		"CLAUSEBOT_SHUTDOWN_TIMEOUT": "20s",
	}
	for k, v := range env {
		base[k] = v
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{logs: &logBuffer{}, cancel: cancel, done: make(chan int, 1)}
	go func() {
		r.done <- run(ctx, []string{"serve"}, func(k string) string { return base[k] }, strings.NewReader(""), io.Discard, r.logs)
	}()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if rec := r.logs.find(t, "serving"); rec != nil {
			r.addr = "http://" + rec["addr"].(string)
			break
		}
		select {
		case code := <-r.done:
			r.done <- code
			if r.logs.find(t, "serving") != nil {
				continue // it served, then stopped: the caller checks why
			}
			t.Fatalf("serve exited with %d before serving:\n%s", code, r.logs)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s", r.logs)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Cleanup(func() {
		r.cancel()
		select {
		case <-r.done:
		case <-time.After(60 * time.Second):
			t.Errorf("serve did not stop")
		}
	})
	return r
}

// stop cancels serve's context (what SIGTERM does through main) and returns
// its exit code.
func (r *running) stop(t testing.TB) int {
	t.Helper()
	r.cancel()
	select {
	case code := <-r.done:
		r.done <- code // for the cleanup
		return code
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not stop:\n%s", r.logs)
	}
	return -1
}

func (r *running) get(t testing.TB, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(r.addr + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func (r *running) readyz(t testing.TB) (int, readiness) {
	t.Helper()
	code, body := r.get(t, "/readyz")
	var rd readiness
	if err := json.Unmarshal([]byte(body), &rd); err != nil {
		t.Fatalf("/readyz is not JSON: %v\n%s", err, body)
	}
	return code, rd
}

// waitFor polls cond until it holds or a generous timeout passes.
func serveWaitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// metric returns the value of one series in /metrics text ("" if absent).
func (r *running) metric(t testing.TB, series string) string {
	t.Helper()
	_, body := r.get(t, "/metrics")
	for _, line := range strings.Split(body, "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			return v
		}
	}
	return ""
}

// mustServeDocs copies the embedded seed into a fresh folder.
func mustServeDocs(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	err := fs.WalkDir(index.Seed(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(index.Seed(), path)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(path)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, path), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// slackEnv is the environment for serve in Slack HTTP mode against fake.
func slackEnv(fake *slackfake.Server, docs string) map[string]string {
	return map[string]string{
		"SLACK_BOT_TOKEN":      slackfake.BotToken,
		"SLACK_SIGNING_SECRET": slackfake.SigningSecret,
		"SLACK_API_URL":        fake.APIURL(),
		"CLAUSEBOT_DOCS":       docs,
	}
}

// slackClient sends signed Slack events to a running serve.
type slackClient struct {
	r    *running
	fake *slackfake.Server
	seq  atomic.Int64
}

// ask sends a direct message from user in channel and fails the test
// unless serve answers the request 200, as Slack requires. Call it from the
// test's goroutine; other goroutines use send.
func (c *slackClient) ask(t testing.TB, channel, user, text string) {
	t.Helper()
	if err := c.send(channel, user, text); err != nil {
		t.Fatal(err)
	}
}

// send is ask for any goroutine: it returns what went wrong.
func (c *slackClient) send(channel, user, text string) error {
	n := c.seq.Add(1)
	ts := fmt.Sprintf("%d.%06d", time.Now().Unix(), n)
	body := slackfake.EventBody(fmt.Sprintf("Ev%08d", n), slackfake.TeamID, slackfake.DirectMessage(channel, user, text, ts))
	req, err := http.NewRequest(http.MethodPost, c.r.addr+"/slack/events", bytes.NewReader(body))
	if err != nil {
		return err
	}
	tsh, sig := slackfake.Sign(slackfake.SigningSecret, time.Now(), body)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Slack-Request-Timestamp", tsh)
	req.Header.Set("X-Slack-Signature", sig)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("POST /slack/events: %w", err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("POST /slack/events = %d, want 200", resp.StatusCode)
	}
	return nil
}

// slackAnswersIn returns the decoded text of the posts to channel.
func slackAnswersIn(fake *slackfake.Server, channel string) []string {
	var out []string
	for _, p := range fake.Posts() {
		if p.Channel == channel {
			out = append(out, p.Decode().Text)
		}
	}
	return out
}

const beidouQ = "中俄在北斗卫星导航方面有什么合作？"

func TestServeNothingConfigured(t *testing.T) {
	var stderr bytes.Buffer
	code := run(context.Background(), []string{"serve"}, func(string) string { return "" }, strings.NewReader(""), io.Discard, &stderr)
	if code != exitUsage {
		t.Errorf("exit = %d, want %d", code, exitUsage)
	}
	for _, want := range []string{"TELEGRAM_BOT_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "clausebot chat"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
}

func TestServeInvalidConfig(t *testing.T) {
	env := map[string]string{"TELEGRAM_BOT_TOKEN": "1:secrettoken", "CLAUSEBOT_RESULTS": "lots", "CLAUSEBOT_LOG_LEVEL": "chatty"}
	var stderr bytes.Buffer
	code := run(context.Background(), []string{"serve"}, func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, &stderr)
	if code != exitUsage {
		t.Errorf("exit = %d, want %d", code, exitUsage)
	}
	for _, want := range []string{"bot.results", "CLAUSEBOT_RESULTS", `"lots"`} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	if strings.Contains(stderr.String(), "secrettoken") {
		t.Errorf("stderr shows the token:\n%s", stderr.String())
	}
}

// TestServeEndToEnd drives serve in Slack HTTP mode through a loopback fake
// Slack: health, readiness, metrics moving after a question, a SIGHUP
// reload of a changed folder while questions keep flowing, a broken
// document that leaves the old index serving, and a stop with a reply in
// flight that is still delivered.
func TestServeEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	fake := slackfake.New(t)
	docs := mustServeDocs(t)
	env := slackEnv(fake, docs)
	env["CLAUSEBOT_RELOAD_WATCH"] = "false" // this test reloads by SIGHUP only
	env["CLAUSEBOT_ADMINS"] = "slack:UADMIN"
	r := startServe(t, env)
	sc := &slackClient{r: r, fake: fake}

	// Health and readiness.
	if code, body := r.get(t, "/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz = %d %q, want 200 ok", code, body)
	}
	serveWaitFor(t, "/readyz 200", func() bool { code, _ := r.readyz(t); return code == 200 })
	_, rd := r.readyz(t)
	if !rd.Index.Loaded || rd.Index.Documents != 1 || rd.Index.Clauses < 50 || len(rd.Adapters) != 1 || rd.Adapters[0].Platform != "slack" || !rd.Adapters[0].Ready {
		t.Errorf("/readyz = %+v, want the seed loaded and slack ready", rd)
	}

	// Metrics start at zero and move with a question.
	for series, want := range map[string]string{
		`clausebot_questions_total{platform="slack"}`: "0",
		`clausebot_answered_total`:                    "0",
		`clausebot_messages_sent_total`:               "0",
	} {
		if got := r.metric(t, series); got != want {
			t.Errorf("%s = %q before any question, want %q", series, got, want)
		}
	}
	if got := r.metric(t, "clausebot_index_clauses"); got != fmt.Sprint(rd.Index.Clauses) {
		t.Errorf("clausebot_index_clauses = %q, want %d", got, rd.Index.Clauses)
	}
	fake.AddChannel("D0FIRST")
	sc.ask(t, "D0FIRST", "U1", beidouQ)
	if _, err := fake.WaitPosts(1, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	if got := slackAnswersIn(fake, "D0FIRST"); len(got) == 0 || !strings.Contains(got[0], "北斗") || !strings.Contains(got[0], "二·") {
		t.Fatalf("answer = %q, want the 北斗 clause with its reference", got)
	}
	serveWaitFor(t, "metrics to move", func() bool {
		return r.metric(t, `clausebot_questions_total{platform="slack"}`) == "1" &&
			r.metric(t, "clausebot_answered_total") == "1" &&
			r.metric(t, "clausebot_messages_sent_total") != "0" &&
			r.metric(t, "clausebot_answer_latency_seconds_count") == "1"
	})
	for _, series := range []string{"go_goroutines", "process_resident_memory_bytes", "clausebot_last_reload_success"} {
		if r.metric(t, series) == "" {
			t.Errorf("/metrics lacks %s", series)
		}
	}

	// The request log line carries platform, chat, request id and latency,
	// and not the question (info level).
	serveWaitFor(t, "a message log line", func() bool { return r.logs.find(t, "message") != nil })
	rec := r.logs.find(t, "message")
	for _, k := range []string{"platform", "chat", "request_id", "latency_ms"} {
		if _, ok := rec[k]; !ok {
			t.Errorf("message log line lacks %q: %v", k, rec)
		}
	}
	// One message, one id: serve's line uses the id the adapter gave it.
	if id, _ := rec["request_id"].(string); !strings.HasPrefix(id, "sl-") {
		t.Errorf("message log line request_id = %q, want the Slack adapter's sl-… id", id)
	}
	if strings.Contains(r.logs.String(), "北斗卫星") {
		t.Errorf("the user's text is logged at info level")
	}

	// SIGHUP reload with a changed folder while questions keep flowing.
	var stopFlow atomic.Bool
	var sentQ atomic.Int64
	flowDone := make(chan struct{})
	go func() {
		defer close(flowDone)
		for i := 0; !stopFlow.Load(); i++ {
			ch := fmt.Sprintf("D1FLOW%03d", i)
			fake.AddChannel(ch)
			if err := sc.send(ch, fmt.Sprintf("UFLOW%d", i%7), beidouQ); err != nil {
				t.Errorf("question during the reload: %v", err)
				return
			}
			sentQ.Add(1)
			time.Sleep(5 * time.Millisecond)
		}
	}()
	serveWaitFor(t, "questions flowing", func() bool { return sentQ.Load() >= 5 })
	const extra = "测试文件\n\n一、量子\n\n双方同意加强量子计算与量子通信领域的合作。\n"
	if err := os.WriteFile(filepath.Join(docs, "quantum.txt"), []byte(extra), 0o644); err != nil {
		t.Fatal(err)
	}
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	serveWaitFor(t, "the reload", func() bool {
		_, rd := r.readyz(t)
		return rd.Reload != nil && rd.Reload.Result == reloadOK && rd.Index.Documents == 2
	})
	serveWaitFor(t, "more questions after the reload", func() bool { return sentQ.Load() >= 25 })
	stopFlow.Store(true)
	<-flowDone
	n := int(sentQ.Load())
	posts, err := fake.WaitPosts(n+1, 60*time.Second)
	if err != nil {
		t.Fatalf("%v (sent %d questions during the reload)", err, n)
	}
	for _, p := range posts {
		if strings.HasPrefix(p.Channel, "D1FLOW") && !strings.Contains(p.Decode().Text, "北斗") {
			t.Errorf("answer during the reload in %s = %q, want the 北斗 clause", p.Channel, p.Decode().Text)
		}
	}
	if got := r.metric(t, "clausebot_index_clauses"); got != fmt.Sprint(rd.Index.Clauses+1) {
		t.Errorf("clausebot_index_clauses after the reload = %q, want %d", got, rd.Index.Clauses+1)
	}
	fake.AddChannel("D2NEW")
	sc.ask(t, "D2NEW", "U2", "量子计算合作")
	serveWaitFor(t, "the new document's answer", func() bool { return len(slackAnswersIn(fake, "D2NEW")) > 0 })
	if got := slackAnswersIn(fake, "D2NEW")[0]; !strings.Contains(got, "量子计算与量子通信") {
		t.Errorf("answer from the new document = %q", got)
	}

	// A broken document: the reload fails, the old index keeps serving.
	if err := os.WriteFile(filepath.Join(docs, "broken.txt"), []byte{0, 1, 2, 0xff, 0xfe, 0, 0, 7}, 0o644); err != nil {
		t.Fatal(err)
	}
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	serveWaitFor(t, "the failed reload", func() bool {
		_, rd := r.readyz(t)
		return rd.Reload != nil && rd.Reload.Result == reloadFailed
	})
	code, rd := r.readyz(t)
	if code != 200 || rd.Index.Documents != 2 || !strings.Contains(rd.Reload.Error, "broken.txt") {
		t.Errorf("/readyz after a broken document = %d %+v, want 200, the 2 documents kept and the error naming broken.txt", code, rd)
	}
	if got := r.metric(t, "clausebot_last_reload_success"); got != "0" {
		t.Errorf("clausebot_last_reload_success = %q, want 0", got)
	}
	if rec := r.logs.find(t, "reload failed; still serving the previous index"); rec == nil || !strings.Contains(fmt.Sprint(rec["err"]), "broken.txt") {
		t.Errorf("no log line naming broken.txt for the failed reload: %v", rec)
	}
	fake.AddChannel("D3OLD")
	sc.ask(t, "D3OLD", "U3", "量子计算合作")
	serveWaitFor(t, "an answer from the kept index", func() bool { return len(slackAnswersIn(fake, "D3OLD")) > 0 })
	if got := slackAnswersIn(fake, "D3OLD")[0]; !strings.Contains(got, "量子计算与量子通信") {
		t.Errorf("answer after the failed reload = %q, want the kept index's clause", got)
	}

	// The admin /reload command reports the failure; others don't get it.
	os.Remove(filepath.Join(docs, "broken.txt"))
	fake.AddChannel("D4ADMIN")
	sc.ask(t, "D4ADMIN", "UADMIN", "/reload")
	serveWaitFor(t, "the /reload reply", func() bool { return len(slackAnswersIn(fake, "D4ADMIN")) > 0 })
	if got := slackAnswersIn(fake, "D4ADMIN")[0]; !strings.Contains(got, "2 documents") {
		t.Errorf("/reload reply = %q, want a summary with 2 documents", got)
	}

	okReloads := r.metric(t, `clausebot_reloads_total{result="ok"}`)
	fake.AddChannel("D4USER")
	sc.ask(t, "D4USER", "UNOBODY", "/reload")
	serveWaitFor(t, "the non-admin's /reload reply", func() bool { return len(slackAnswersIn(fake, "D4USER")) > 0 })
	if got := r.metric(t, `clausebot_reloads_total{result="ok"}`); got != okReloads {
		t.Errorf("a non-admin's /reload reloaded: ok reloads %s → %s", okReloads, got)
	}

	// Stop with a reply in flight: Slack answers the next post with 429
	// Retry-After 1, so the reply is still waiting when the stop begins.
	fake.AddChannel("D5LAST")
	fake.RateLimit("chat.postMessage", 1)
	before := fake.Calls("chat.postMessage")
	sc.ask(t, "D5LAST", "U5", beidouQ)
	serveWaitFor(t, "the reply to be in flight", func() bool { return fake.Calls("chat.postMessage") > before })
	if code := r.stop(t); code != exitOK {
		t.Errorf("exit = %d, want 0\n%s", code, r.logs)
	}
	if got := slackAnswersIn(fake, "D5LAST"); len(got) != 1 || !strings.Contains(got[0], "北斗") {
		t.Errorf("reply in flight at stop = %q, want it delivered once", got)
	}
	if r.logs.find(t, "stopped") == nil {
		t.Errorf("no 'stopped' log line")
	}
}

// TestServeTelegramAndSlack runs both adapters behind one listener: each
// answers, /readyz lists both, the metrics are per platform, and neither
// token nor secret reaches the logs, even when the Bot API drops
// connections (tgbotapi puts the token in every URL).
func TestServeTelegramAndSlack(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	tg := tgfake.New(t, tgfake.Options{})
	sl := slackfake.New(t)
	env := slackEnv(sl, "")
	env["TELEGRAM_BOT_TOKEN"] = tg.Token()
	env["TELEGRAM_API_ENDPOINT"] = tg.Endpoint()
	env["CLAUSEBOT_LOG_LEVEL"] = "debug" // the most verbose logs must still hide secrets
	r := startServe(t, env)
	serveWaitFor(t, "/readyz 200", func() bool { code, _ := r.readyz(t); return code == 200 })
	_, rd := r.readyz(t)
	if len(rd.Adapters) != 2 || rd.Adapters[0].Platform != "telegram" || rd.Adapters[1].Platform != "slack" {
		t.Fatalf("/readyz adapters = %+v, want telegram and slack", rd.Adapters)
	}

	tg.Fail("sendMessage", tgfake.Fault{Drop: true}) // the first send dies; the retry must deliver
	tg.Private(tgfake.User(4242, "zh-hans"), beidouQ)
	if !tg.WaitFor(30*time.Second, func(s *tgfake.Server) bool { return len(s.SentTo(4242)) > 0 }) {
		t.Fatalf("no Telegram answer:\n%s", r.logs)
	}
	if got := tg.SentTo(4242)[0].Text; !strings.Contains(got, "北斗") || !strings.Contains(got, "二·") {
		t.Errorf("Telegram answer = %q, want the 北斗 clause with its reference", got)
	}
	sc := &slackClient{r: r, fake: sl}
	sc.ask(t, slackfake.DM, "U1", beidouQ)
	if _, err := sl.WaitPosts(1, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	serveWaitFor(t, "per-platform metrics", func() bool {
		return r.metric(t, `clausebot_questions_total{platform="telegram"}`) == "1" &&
			r.metric(t, `clausebot_questions_total{platform="slack"}`) == "1"
	})
	if code := r.stop(t); code != exitOK {
		t.Errorf("exit = %d, want 0", code)
	}
	logs := r.logs.String()
	for _, secret := range []string{tg.Token(), slackfake.BotToken, slackfake.SigningSecret, strings.SplitN(tg.Token(), ":", 2)[1]} {
		if strings.Contains(logs, secret) {
			t.Errorf("the logs contain the secret %q", secret)
		}
	}
	// At debug level the question is logged; that is what debug is for.
	if !strings.Contains(logs, "北斗卫星导航") {
		t.Errorf("debug logs lack the user's text")
	}
}

// TestServeAdapterFailure checks the operator's choice when an adapter
// cannot start (a revoked token): stop the process, or carry on with the
// others.
func TestServeAdapterFailure(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	const wrong = "999:WrongTokenForThisBot_abcdef"
	t.Run("exit", func(t *testing.T) {
		tg := tgfake.New(t, tgfake.Options{})
		env := map[string]string{"TELEGRAM_BOT_TOKEN": wrong, "TELEGRAM_API_ENDPOINT": tg.Endpoint()}
		r := startServe(t, env)
		select {
		case code := <-r.done:
			r.done <- code
			if code != exitFail {
				t.Errorf("exit = %d, want %d", code, exitFail)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("serve kept running with its only adapter failed")
		}
		rec := r.logs.find(t, "adapter failed")
		if rec == nil || rec["platform"] != "telegram" {
			t.Fatalf("no 'adapter failed' log line for telegram:\n%s", r.logs)
		}
		// The error names the platform once and says what to fix.
		const wantErr = "telegram: getMe: Telegram refused the bot token (401 Unauthorized); check TELEGRAM_BOT_TOKEN and TELEGRAM_API_ENDPOINT"
		if got, _ := rec["err"].(string); got != wantErr {
			t.Errorf("adapter failed err = %q, want %q", got, wantErr)
		}
		if strings.Contains(r.logs.String(), "WrongTokenForThisBot") {
			t.Errorf("the logs contain the token:\n%s", r.logs)
		}
	})
	t.Run("continue", func(t *testing.T) {
		tg := tgfake.New(t, tgfake.Options{})
		sl := slackfake.New(t)
		env := slackEnv(sl, "")
		env["TELEGRAM_BOT_TOKEN"] = wrong
		env["TELEGRAM_API_ENDPOINT"] = tg.Endpoint()
		env["CLAUSEBOT_ON_ADAPTER_ERROR"] = "continue"
		r := startServe(t, env)
		serveWaitFor(t, "telegram to fail", func() bool { return r.logs.find(t, "adapter failed") != nil })
		serveWaitFor(t, "/readyz 200 with slack alone", func() bool { code, _ := r.readyz(t); return code == 200 })
		_, rd := r.readyz(t)
		if len(rd.Adapters) != 2 || rd.Adapters[0].State != "failed" || rd.Adapters[0].Error == "" || !rd.Adapters[1].Ready {
			t.Errorf("/readyz adapters = %+v, want telegram failed with its error and slack ready", rd.Adapters)
		}
		(&slackClient{r: r, fake: sl}).ask(t, slackfake.DM, "U1", beidouQ)
		if _, err := sl.WaitPosts(1, 30*time.Second); err != nil {
			t.Fatalf("slack stopped answering after telegram failed: %v", err)
		}
		if code := r.stop(t); code != exitOK {
			t.Errorf("exit = %d, want 0", code)
		}
	})
}

// TestServeWatchReload checks the fsnotify path: a document added in a new
// subfolder is picked up without a signal, and a change to a file that is
// not a document does not rebuild the index.
func TestServeWatchReload(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	sl := slackfake.New(t)
	docs := mustServeDocs(t)
	env := slackEnv(sl, docs)
	env["CLAUSEBOT_RELOAD_DEBOUNCE"] = "50ms"
	r := startServe(t, env)
	serveWaitFor(t, "the watcher", func() bool { return r.logs.find(t, "watching for changes") != nil })

	sub := filepath.Join(docs, "more", "deeper")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	doc := "测试文件\n\n一、海洋\n\n双方同意在极地航道开发方面深化合作。\n"
	if err := os.WriteFile(filepath.Join(sub, "polar.md"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	serveWaitFor(t, "the watch reload", func() bool {
		_, rd := r.readyz(t)
		return rd.Index.Documents == 2 && rd.Reload != nil && rd.Reload.Trigger == "watch" && rd.Reload.Result == reloadOK
	})
	okBefore := r.metric(t, `clausebot_reloads_total{result="ok"}`)

	// Not a document: the folder changes, the documents do not.
	if err := os.WriteFile(filepath.Join(docs, "notes.bak"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	serveWaitFor(t, "an unchanged reload", func() bool {
		v := r.metric(t, `clausebot_reloads_total{result="unchanged"}`)
		return v != "" && v != "0"
	})
	if got := r.metric(t, `clausebot_reloads_total{result="ok"}`); got != okBefore {
		t.Errorf("reloads ok = %s after a non-document change, want %s", got, okBefore)
	}
}

// TestServeTelegramWebhook checks Telegram's webhook mode on serve's one
// listener: the webhook is registered with its secret, forged updates are
// refused, and a real one is answered.
func TestServeTelegramWebhook(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	const secret = "hook_secret-123"
	tg := tgfake.New(t, tgfake.Options{})
	r := startServe(t, map[string]string{
		"TELEGRAM_BOT_TOKEN":      tg.Token(),
		"TELEGRAM_API_ENDPOINT":   tg.Endpoint(),
		"TELEGRAM_WEBHOOK_URL":    "https://127.0.0.1:8443/telegram/webhook",
		"TELEGRAM_WEBHOOK_SECRET": secret,
	})
	serveWaitFor(t, "/readyz 200", func() bool { code, _ := r.readyz(t); return code == 200 })
	if wh := tg.Webhook(); wh.URL != "https://127.0.0.1:8443/telegram/webhook" || wh.Secret != secret {
		t.Fatalf("registered webhook = %+v", wh)
	}
	user := tgfake.User(777, "zh-hans")
	tg.Private(user, "你好") // makes the chat known to the fake; nobody polls it
	post := func(hdr, body string) int {
		req, err := http.NewRequest(http.MethodPost, r.addr+"/telegram/webhook", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		if hdr != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", hdr)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	update := fmt.Sprintf(`{"update_id":900001,"message":{"message_id":51,"from":{"id":777,"first_name":"A","language_code":"zh-hans"},"chat":{"id":777,"type":"private"},"date":1,"text":%q}}`, beidouQ)
	if code := post("", update); code != http.StatusUnauthorized {
		t.Errorf("webhook without the secret = %d, want 401", code)
	}
	if code := post("wrong", update); code != http.StatusUnauthorized {
		t.Errorf("webhook with a wrong secret = %d, want 401", code)
	}
	if code := post(secret, update); code != http.StatusOK {
		t.Fatalf("webhook with the secret = %d, want 200", code)
	}
	if !tg.WaitFor(30*time.Second, func(s *tgfake.Server) bool { return len(s.SentTo(777)) > 0 }) {
		t.Fatalf("no answer to the webhook update:\n%s", r.logs)
	}
	if got := tg.SentTo(777)[0].Text; !strings.Contains(got, "北斗") {
		t.Errorf("answer = %q, want the 北斗 clause", got)
	}
	if strings.Contains(r.logs.String(), secret) {
		t.Errorf("the logs contain the webhook secret")
	}
}

// TestServeSlackSocketMode runs Slack's default mode: no inbound HTTP, the
// events arrive over the fake's Socket Mode websocket and are acknowledged.
func TestServeSlackSocketMode(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	fake := slackfake.New(t)
	r := startServe(t, map[string]string{
		"SLACK_BOT_TOKEN": slackfake.BotToken,
		"SLACK_APP_TOKEN": slackfake.AppToken,
		"SLACK_API_URL":   fake.APIURL(),
	})
	serveWaitFor(t, "/readyz 200", func() bool { code, _ := r.readyz(t); return code == 200 })
	// Socket Mode mounts nothing on the listener.
	if code, _ := r.get(t, "/slack/events"); code != http.StatusNotFound && code != http.StatusMethodNotAllowed {
		t.Errorf("GET /slack/events in Socket Mode = %d, want 404 or 405", code)
	}
	fake.SendEvent("env-1", slackfake.EventBody("EvSock1", slackfake.TeamID, slackfake.DirectMessage(slackfake.DM, "U1", beidouQ, "1700000000.000100")))
	if err := fake.WaitAcked("env-1", 30*time.Second); err != nil {
		t.Fatal(err)
	}
	posts, err := fake.WaitPosts(1, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if got := posts[0].Decode().Text; !strings.Contains(got, "北斗") {
		t.Errorf("Socket Mode answer = %q, want the 北斗 clause", got)
	}
	if code := r.stop(t); code != exitOK {
		t.Errorf("exit = %d, want 0", code)
	}
	if strings.Contains(r.logs.String(), slackfake.AppToken) {
		t.Error("the logs contain the app token")
	}
}

// TestServeStopAbandonsReplies checks that a stop whose timeout cuts a reply
// short is logged as such and exits 1, not 0.
func TestServeStopAbandonsReplies(t *testing.T) {
	fake := slackfake.New(t)
	env := slackEnv(fake, mustServeDocs(t))
	env["CLAUSEBOT_SHUTDOWN_TIMEOUT"] = "400ms"
	env["CLAUSEBOT_RELOAD_WATCH"] = "false"
	r := startServe(t, env)
	serveWaitFor(t, "/readyz 200", func() bool { code, _ := r.readyz(t); return code == 200 })
	// Slack asks the reply to wait 30 s: far past the stop timeout.
	fake.RateLimit("chat.postMessage", 30)
	sc := &slackClient{r: r, fake: fake}
	sc.ask(t, slackfake.DM, "U1", beidouQ)
	serveWaitFor(t, "the reply to be in flight", func() bool { return fake.Calls("chat.postMessage") > 0 })
	if code := r.stop(t); code != exitFail {
		t.Errorf("exit = %d after a stop that abandoned a reply, want %d\n%s", code, exitFail, r.logs)
	}
	rec := r.logs.find(t, "replies in flight abandoned at the stop timeout")
	if rec == nil {
		t.Fatalf("no log line about the abandoned reply:\n%s", r.logs)
	}
	if err, _ := rec["err"].(string); !strings.Contains(err, bot.ErrRepliesAbandoned.Error()) {
		t.Errorf("log line err = %q, want it to say %q", err, bot.ErrRepliesAbandoned)
	}
}

// TestServeTelegramFailureText checks the text serve logs when Telegram
// fails after start: the platform named once, the variable to check, no
// token; and that serve exits 1.
func TestServeTelegramFailureText(t *testing.T) {
	tg := tgfake.New(t, tgfake.Options{})
	r := startServe(t, map[string]string{"TELEGRAM_BOT_TOKEN": tg.Token(), "TELEGRAM_API_ENDPOINT": tg.Endpoint()})
	serveWaitFor(t, "/readyz 200", func() bool { code, _ := r.readyz(t); return code == 200 })
	tg.Fail("getUpdates", tgfake.Fault{Code: 401, Description: "Unauthorized"})
	// A message ends the long poll in progress; the next one is refused.
	tg.Private(tgfake.User(7, "en"), "/help")
	select {
	case code := <-r.done:
		r.done <- code
		if code != exitFail {
			t.Errorf("exit = %d, want %d", code, exitFail)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("serve kept running with its only adapter's token refused")
	}
	rec := r.logs.find(t, "adapter failed")
	if rec == nil {
		t.Fatalf("no 'adapter failed' line:\n%s", r.logs)
	}
	const want = "telegram: getUpdates: Telegram refused the bot token (401 Unauthorized; revoked?); check TELEGRAM_BOT_TOKEN"
	if got, _ := rec["err"].(string); got != want {
		t.Errorf("adapter failed err = %q\nwant %q", got, want)
	}
	if strings.Contains(r.logs.String(), tg.Token()) {
		t.Errorf("the logs contain the token")
	}
}
