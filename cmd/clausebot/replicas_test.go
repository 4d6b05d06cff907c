package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"clausebot/bot/redisstate/redistest"
	"clausebot/bot/slack/slackfake"
	"clausebot/bot/telegram/tgfake"
)

// The tests below run two `clausebot serve` processes against one fake
// platform and the machine's Redis, as two replicas of one bot behind a
// load balancer. Each test has its own key prefix.

// startReplicas starts n serve processes with env and a shared Redis
// prefix.
func startReplicas(t *testing.T, n int, env map[string]string) ([]*running, []*os.Process) {
	t.Helper()
	url, prefix := redistest.Must(t)
	env["CLAUSEBOT_REDIS_URL"] = url
	env["CLAUSEBOT_REDIS_PREFIX"] = prefix
	var rs []*running
	var ps []*os.Process
	for range n {
		r, p := startServeProcess(t, env)
		if r.logs.find(t, "redis: connected; replicas share dedup, rate limits, pacing and the polling lease") == nil {
			t.Fatalf("replica did not connect to Redis:\n%s", r.logs)
		}
		rs = append(rs, r)
		ps = append(ps, p)
	}
	return rs, ps
}

// postSlackEvent posts a signed event body to one replica, as Slack does;
// retry > 0 marks a redelivery. It first waits for the replica's /readyz:
// "serving" is logged when the HTTP server listens, and the Slack adapter
// answers 503 (for Slack to retry) until it is ready, which on a loaded
// machine can come later.
func postSlackEvent(t *testing.T, r *running, body []byte, retry int) {
	t.Helper()
	serveWaitFor(t, "/readyz 200", func() bool { code, _ := r.readyz(t); return code == 200 })
	req, err := http.NewRequest(http.MethodPost, r.addr+"/slack/events", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	tsh, sig := slackfake.Sign(slackfake.SigningSecret, time.Now(), body)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Slack-Request-Timestamp", tsh)
	req.Header.Set("X-Slack-Signature", sig)
	if retry > 0 {
		req.Header.Set("X-Slack-Retry-Num", fmt.Sprint(retry))
		req.Header.Set("X-Slack-Retry-Reason", "http_timeout")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /slack/events = %d, want 200", resp.StatusCode)
	}
}

func sumMetric(t *testing.T, rs []*running, series string) int {
	t.Helper()
	n := 0
	for _, r := range rs {
		var v int
		fmt.Sscan(r.metric(t, series), &v)
		n += v
	}
	return n
}

// TestReplicasSlackRetryAnsweredOnce: an event and its retries, delivered
// to different replicas (one after the other, and both at once), get one
// answer.
func TestReplicasSlackRetryAnsweredOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	fake := slackfake.New(t)
	fake.AddChannel("D1", "D2")
	rs, _ := startReplicas(t, 2, slackEnv(fake, ""))

	ts := fmt.Sprintf("%d.000001", time.Now().Unix())
	body := slackfake.EventBody("EvRETRY1", slackfake.TeamID, slackfake.DirectMessage("D1", "U1", beidouQ, ts))
	postSlackEvent(t, rs[0], body, 0)
	postSlackEvent(t, rs[1], body, 1)
	postSlackEvent(t, rs[1], body, 2)

	ts2 := fmt.Sprintf("%d.000002", time.Now().Unix())
	body2 := slackfake.EventBody("EvRETRY2", slackfake.TeamID, slackfake.DirectMessage("D2", "U2", beidouQ, ts2))
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			postSlackEvent(t, rs[i%2], body2, i)
		}()
	}
	wg.Wait()

	if _, err := fake.WaitPosts(2, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	// Every delivery was decided before its 200; a duplicate would be
	// handled (and counted) at once. Give it time to show.
	time.Sleep(time.Second)
	for _, ch := range []string{"D1", "D2"} {
		if got := slackAnswersIn(fake, ch); len(got) != 1 {
			t.Errorf("answers in %s = %d, want 1: %q", ch, len(got), got)
		}
	}
	if got := sumMetric(t, rs, `clausebot_questions_total{platform="slack"}`); got != 2 {
		t.Errorf("questions handled over both replicas = %d, want 2", got)
	}
}

// TestReplicasSlackSocketMode: each replica holds its own Socket Mode
// connection. The fake sends every envelope on every connection (Slack sends
// each to one; this is the harder case), and an event's retry comes in a
// new envelope: still one answer.
func TestReplicasSlackSocketMode(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	fake := slackfake.New(t)
	rs, _ := startReplicas(t, 2, map[string]string{
		"SLACK_BOT_TOKEN": slackfake.BotToken,
		"SLACK_APP_TOKEN": slackfake.AppToken,
		"SLACK_API_URL":   fake.APIURL(),
	})
	if err := fake.WaitConnections(2, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		serveWaitFor(t, "/readyz 200", func() bool { code, _ := r.readyz(t); return code == 200 })
	}
	body := slackfake.EventBody("EvSockR1", slackfake.TeamID, slackfake.DirectMessage(slackfake.DM, "U1", beidouQ, "1700000000.000200"))
	fake.SendEvent("env-r1", body)
	fake.SendEvent("env-r2", body) // Slack's retry: a new envelope, the same event
	for _, env := range []string{"env-r1", "env-r2"} {
		if err := fake.WaitAcked(env, 30*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := fake.WaitPosts(1, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	if got := slackAnswersIn(fake, slackfake.DM); len(got) != 1 {
		t.Errorf("answers = %d over 2 Socket Mode replicas, want 1", len(got))
	}
}

// TestReplicasRateLimitOnce: one user's burst, spread over both replicas,
// is limited once: burst 3, then one notice, then silence.
func TestReplicasRateLimitOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	fake := slackfake.New(t)
	env := slackEnv(fake, "")
	env["CLAUSEBOT_RATE_PER_MINUTE"] = "0.1" // no token comes back during the test
	env["CLAUSEBOT_RATE_BURST"] = "3"
	fake.AddChannel("D9")
	rs, _ := startReplicas(t, 2, env)
	sc := &slackClient{fake: fake}
	for i := range 10 {
		sc.r = rs[i%2]
		sc.ask(t, "D9", "U9", beidouQ)
	}
	if _, err := fake.WaitPosts(4, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	// Every message is counted once handled: 3 answered, 7 limited.
	deadline := time.Now().Add(30 * time.Second)
	for sumMetric(t, rs, "clausebot_rate_limited_total")+sumMetric(t, rs, `clausebot_questions_total{platform="slack"}`) < 10 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // a fifth answer, if any, would be posted by now
	answers, notices := 0, 0
	for _, txt := range slackAnswersIn(fake, "D9") {
		switch {
		case strings.Contains(txt, "北斗"):
			answers++
		case strings.Contains(txt, "频繁") || strings.Contains(txt, "faster than"):
			notices++
		}
	}
	if answers != 3 || notices != 1 {
		t.Errorf("10 messages over 2 replicas, burst 3: %d answers and %d notices, want 3 and 1", answers, notices)
	}
	if got := sumMetric(t, rs, "clausebot_rate_limited_total"); got != 7 {
		t.Errorf("rate-limited over both replicas = %d, want 7", got)
	}
}

// TestReplicasTelegramPacing: webhook updates to both replicas are answered
// under Telegram's 30 messages a second, counted over both.
func TestReplicasTelegramPacing(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	tg := tgfake.New(t, tgfake.Options{})
	const secret = "replica_secret"
	env := map[string]string{
		"TELEGRAM_BOT_TOKEN":      tg.Token(),
		"TELEGRAM_API_ENDPOINT":   tg.Endpoint(),
		"TELEGRAM_WEBHOOK_URL":    "https://bot.example.com/telegram/webhook",
		"TELEGRAM_WEBHOOK_SECRET": secret,
	}
	rs, _ := startReplicas(t, 2, env)
	for _, r := range rs {
		serveWaitFor(t, "/readyz 200", func() bool { code, _ := r.readyz(t); return code == 200 })
	}
	const n = 45
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			chat := int64(5000 + i)
			u := tgbotapi.Update{UpdateID: 100 + i, Message: &tgbotapi.Message{
				MessageID: 1, Date: int(time.Now().Unix()), Text: "/help",
				From:     &tgbotapi.User{ID: chat, FirstName: "U", LanguageCode: "en"},
				Chat:     &tgbotapi.Chat{ID: chat, Type: "private"},
				Entities: []tgbotapi.MessageEntity{{Type: "bot_command", Offset: 0, Length: 5}},
			}}
			body, _ := json.Marshal(u)
			req, _ := http.NewRequest(http.MethodPost, rs[i%2].addr+"/telegram/webhook", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Errorf("webhook = %d", resp.StatusCode)
			}
		}()
	}
	wg.Wait()
	if !tg.WaitFor(60*time.Second, func(s *tgfake.Server) bool { return len(s.Calls("sendMessage")) >= n }) {
		t.Fatalf("sent %d of %d", len(tg.Calls("sendMessage")), n)
	}
	var at []time.Time
	for _, c := range tg.Calls("sendMessage") {
		at = append(at, c.At)
	}
	sort.Slice(at, func(i, j int) bool { return at[i].Before(at[j]) })
	// 30 a second with no burst: n sends take at least (n-1)/30 s, however
	// loaded the machine (a load only spreads them more).
	if span, want := at[len(at)-1].Sub(at[0]), time.Duration(n-1)*time.Second/30; span < want*95/100 {
		t.Errorf("%d sends over 2 replicas took %v, want at least %v (30/s)", n, span, want)
	}
	// No second holds more than 30, plus a little for the network's jitter
	// between the pacer and the fake (31 fit a closed second exactly).
	most := 0
	for i := range at {
		j := sort.Search(len(at), func(j int) bool { return at[j].Sub(at[i]) >= time.Second })
		most = max(most, j-i)
	}
	if most > 33 {
		t.Errorf("at most %d sends in one second over 2 replicas, want about 30", most)
	}
	t.Logf("%d sends: span %v, busiest second %d", n, at[len(at)-1].Sub(at[0]), most)
}

// TestReplicasPollingTakeover: of two polling replicas one polls; killed,
// it is replaced by the other within 10 s, and every update is answered
// exactly once.
func TestReplicasPollingTakeover(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	tg := tgfake.New(t, tgfake.Options{})
	env := map[string]string{
		"TELEGRAM_BOT_TOKEN":        tg.Token(),
		"TELEGRAM_API_ENDPOINT":     tg.Endpoint(),
		"CLAUSEBOT_REDIS_LEASE_TTL": "2s",
	}
	rs, ps := startReplicas(t, 2, env)
	const polling = "telegram: holding the polling lease; polling"
	holder := -1
	serveWaitFor(t, "one replica to hold the polling lease", func() bool {
		for i, r := range rs {
			if r.logs.find(t, polling) != nil {
				holder = i
				return true
			}
		}
		return false
	})
	other := 1 - holder
	lastID := 0
	ask := func(from, to int) {
		for i := from; i < to; i++ {
			lastID, _ = tg.Private(tgfake.User(int64(8000+i), "en"), "/help")
		}
	}
	answered := func(upTo int) func(*tgfake.Server) bool {
		return func(s *tgfake.Server) bool {
			for i := range upTo {
				if len(s.SentTo(int64(8000+i))) == 0 {
					return false
				}
			}
			return true
		}
	}
	ask(0, 10)
	if !tg.WaitFor(30*time.Second, answered(10)) {
		t.Fatalf("first 10 not answered")
	}
	if rs[other].logs.find(t, polling) != nil {
		t.Fatal("both replicas polled at once")
	}
	// Killed between updates: an answer sent but not yet recorded would
	// be sent again by the next replica, as by a restarted single one.
	if !tg.WaitFor(30*time.Second, func(s *tgfake.Server) bool { return s.Confirmed() > lastID }) {
		t.Fatal("the first 10 were never confirmed")
	}
	killed := time.Now()
	if err := ps[holder].Kill(); err != nil {
		t.Fatal(err)
	}
	ask(10, 20) // while nobody polls
	serveWaitFor(t, "the other replica to take over", func() bool { return rs[other].logs.find(t, polling) != nil })
	if d := time.Since(killed); d > 10*time.Second {
		t.Errorf("took over %v after the kill, want within 10 s", d)
	}
	if !tg.WaitFor(30*time.Second, answered(20)) {
		t.Fatalf("updates sent while nobody polled were lost:\n%s", rs[other].logs)
	}
	time.Sleep(time.Second)
	for i := range 20 {
		if got := len(tg.SentTo(int64(8000 + i))); got != 1 {
			t.Errorf("chat %d got %d replies, want 1", 8000+i, got)
		}
	}
	t.Logf("takeover %v after the kill", time.Since(killed))
}

// TestReplicasRedisStops: with Redis gone mid-run a replica still answers,
// and says so in /metrics and /readyz while staying ready; when Redis is
// back, so is the shared state.
func TestReplicasRedisStops(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	srv := redistest.StartServer(t)
	fake := slackfake.New(t)
	fake.AddChannel("D1", "D2", "D3")
	env := slackEnv(fake, "")
	env["CLAUSEBOT_REDIS_URL"] = "redis://:s3cretpass@127.0.0.1:" + fmt.Sprint(srv.Port) + "/0"
	env["CLAUSEBOT_REDIS_TIMEOUT"] = "200ms"
	r := startServe(t, env)
	serveWaitFor(t, "/readyz 200", func() bool { code, _ := r.readyz(t); return code == 200 })
	sc := &slackClient{r: r, fake: fake}
	sc.ask(t, "D1", "U1", beidouQ)
	if _, err := fake.WaitPosts(1, 30*time.Second); err != nil {
		t.Fatalf("%v\n%s", err, r.logs)
	}
	if got := r.metric(t, "clausebot_redis_fallback"); got != "0" {
		t.Errorf("clausebot_redis_fallback = %q with Redis up, want 0", got)
	}

	srv.Stop(t)
	sc.ask(t, "D2", "U2", beidouQ)
	if _, err := fake.WaitPosts(2, 30*time.Second); err != nil {
		t.Fatalf("no answer with Redis stopped: %v\n%s", err, r.logs)
	}
	if got := r.metric(t, "clausebot_redis_fallback"); got != "1" {
		t.Errorf("clausebot_redis_fallback = %q with Redis stopped, want 1", got)
	}
	code, rd := r.readyz(t)
	if code != 200 || rd.Redis == nil || !rd.Redis.Fallback || rd.Redis.Error == "" {
		t.Errorf("/readyz = %d, redis %+v; want 200 and the fallback with its error", code, rd.Redis)
	}
	srv.Start(t)
	serveWaitFor(t, "the shared state to resume", func() bool { _, rd := r.readyz(t); return rd.Redis != nil && !rd.Redis.Fallback })
	sc.ask(t, "D3", "U3", beidouQ)
	if _, err := fake.WaitPosts(3, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(r.logs.String(), "redis: unreachable"); n != 1 {
		t.Errorf("fallback logged %d times, want once", n)
	}
	if strings.Contains(r.logs.String(), "s3cretpass") {
		t.Error("the Redis password reached the logs")
	}
}

// TestConfigCheckRedis: config check names Redis's host, and never shows
// the URL or its password.
func TestConfigCheckRedis(t *testing.T) {
	var out, errb bytes.Buffer
	env := map[string]string{"CLAUSEBOT_REDIS_URL": "redis://app:s3cretpass@redis.internal:6380/2", "CLAUSEBOT_REDIS_PREFIX": "team-a:"}
	code := run(t.Context(), []string{"config", "check"}, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
	if code != exitOK {
		t.Fatalf("config check = %d\n%s%s", code, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "# shared state: Redis at redis.internal:6380, keys under team-a:") {
		t.Errorf("config check does not name Redis:\n%s", out.String())
	}
	if strings.Contains(out.String()+errb.String(), "s3cretpass") {
		t.Errorf("config check shows the Redis password:\n%s", out.String())
	}

	env["CLAUSEBOT_REDIS_URL"] = "http://app:s3cretpass@redis.internal:6380"
	out.Reset()
	errb.Reset()
	if code := run(t.Context(), []string{"config", "check"}, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb); code != exitUsage {
		t.Errorf("config check with an http URL = %d, want %d", code, exitUsage)
	}
	if !strings.Contains(errb.String(), "redis.url (env CLAUSEBOT_REDIS_URL): want a redis:// or rediss:// URL") || strings.Contains(out.String()+errb.String(), "s3cretpass") {
		t.Errorf("error = %q, want the key and source, without the password", errb.String())
	}
}
