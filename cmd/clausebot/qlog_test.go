package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"clausebot/bot"
	"clausebot/bot/qlog"
	"clausebot/bot/telegram/tgfake"
)

// runCmd runs clausebot with args and env, returning the exit code,
// stdout and stderr.
func runCmd(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// mustLogFile writes a question log with a few questions and votes over
// the seed: one confirmed, one corrected, one "none", one unanswered
// twice.
func mustLogFile(t *testing.T) string {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "questions.db")
	l, err := qlog.Open(context.Background(), dsn, qlog.Options{Key: []byte("cmd-test-key-0123456789"), LogQuestions: true})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	q := func(id, text string, refs ...string) {
		e := bot.LoggedQuestion{ID: id, At: now, Platform: bot.Telegram, ChatID: "1", UserID: "2", Text: text, Lang: bot.Chinese,
			Abstained: len(refs) == 0, Latency: time.Millisecond}
		for _, r := range refs {
			e.Hits = append(e.Hits, bot.LoggedHit{Ref: r, DocID: "seed", Section: strings.Split(r, "·")[0], Score: 1})
		}
		l.LogQuestion(e)
	}
	vote := func(id string, up bool, correct string) {
		l.LogVote(bot.Vote{QuestionID: id, At: now, Platform: bot.Telegram, ChatID: "1", UserID: "2", Up: up, Correct: correct})
	}
	q("AAAAAAA1", beidouQ, "二·23", "二·38")
	vote("AAAAAAA1", true, "")
	q("AAAAAAA2", "能源合作", "二·5", "二·3")
	vote("AAAAAAA2", false, "二·3")
	q("AAAAAAA3", "=cmd|' /C calc'!A0", "二·1")
	vote("AAAAAAA3", false, "none")
	q("AAAAAAA4", "明天天气怎么样")
	q("AAAAAAA5", "明天天气怎么样 ")
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return dsn
}

// TestReportCommand checks the three forms of clausebot report.
func TestReportCommand(t *testing.T) {
	dsn := mustLogFile(t)
	code, out, errOut := runCmd(t, nil, "report", "--db", dsn, "--since", "1d", "--json")
	if code != exitOK {
		t.Fatalf("report --json: exit %d: %s", code, errOut)
	}
	var rep qlog.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("report --json: %v\n%s", err, out)
	}
	if rep.Questions != 5 || rep.Abstained != 2 || rep.VotesUp != 1 || rep.VotesDown != 2 {
		t.Errorf("report totals %+v", rep)
	}
	if len(rep.Unanswered) != 1 || rep.Unanswered[0].Count != 2 {
		t.Errorf("unanswered %+v, want the weather question twice", rep.Unanswered)
	}
	if len(rep.Documents) != 1 || rep.Documents[0] != (qlog.Use{Doc: "seed", Count: 3}) {
		t.Errorf("documents %+v", rep.Documents)
	}

	code, out, _ = runCmd(t, nil, "report", "--db", dsn, "--csv")
	if code != exitOK || !strings.HasPrefix(out, "table,item,detail,count,rate\n") || !strings.Contains(out, "voted_down,能源合作,二·5 -> 二·3,1,") {
		t.Errorf("report --csv: exit %d\n%s", code, out)
	}
	if strings.Contains(out, "\n=cmd") || strings.Contains(out, ",=cmd") {
		t.Errorf("report --csv lets a question start with '=' (a spreadsheet formula):\n%s", out)
	}

	code, out, _ = runCmd(t, nil, "report", "--db", dsn)
	for _, want := range []string{"Most frequent unanswered questions", "2×", "明天天气怎么样", "right: 二·3", "right: none of them", "Abstention rate by day"} {
		if !strings.Contains(out, want) {
			t.Errorf("report text lacks %q:\n%s", want, out)
		}
	}
	if code != exitOK {
		t.Errorf("report: exit %d", code)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"report", "--db", dsn, "--since", "yesterday"}, "want a period such as 7d"},
		{[]string{"report", "--db", dsn, "--json", "--csv"}, "choose one"},
		{[]string{"report", "--db", filepath.Join(t.TempDir(), "missing.db")}, "no question log at"},
		{[]string{"report"}, "no question log"},
	} {
		code, _, errOut := runCmd(t, nil, tc.args...)
		if code != exitUsage || !strings.Contains(errOut, tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", tc.args, code, errOut, exitUsage, tc.want)
		}
	}
}

// TestEvalFromLog checks that the gold file written from the log holds the
// confirmed and corrected questions, and that eval --gold reads it back
// and scores it.
func TestEvalFromLog(t *testing.T) {
	dsn := mustLogFile(t)
	gold := filepath.Join(t.TempDir(), "gold.jsonl")
	code, _, errOut := runCmd(t, nil, "eval", "--from-log", "--db", dsn, "--out", gold)
	if code != exitOK {
		t.Fatalf("eval --from-log: exit %d: %s", code, errOut)
	}
	data, err := os.ReadFile(gold)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 3 {
		t.Fatalf("gold file has %d lines, want 3:\n%s", len(lines), data)
	}
	byQ := map[string][]string{}
	for _, l := range lines {
		var g goldQuestion
		if err := json.Unmarshal([]byte(l), &g); err != nil || g.Gold == nil {
			t.Fatalf("gold line %s: %v", l, err)
		}
		byQ[g.Q] = g.Gold
	}
	if g := byQ[beidouQ]; len(g) != 1 || !strings.Contains(g[0], "北斗") {
		t.Errorf("the confirmed 北斗 question: gold %q, want its clause's text", g)
	}
	if g := byQ["能源合作"]; len(g) != 1 || strings.Contains(g[0], "北斗") {
		t.Errorf("the corrected question: gold %q, want the text of 二·3", g)
	}
	if g, ok := byQ["=cmd|' /C calc'!A0"]; !ok || len(g) != 0 {
		t.Errorf("a 'none' correction should be an off-topic line ([]), got %q", g)
	}
	code, out, errOut := runCmd(t, nil, "eval", "--gold", gold)
	if code != exitOK || !strings.Contains(out, "3 questions") {
		t.Errorf("eval --gold on the log's gold file: exit %d\n%s%s", code, out, errOut)
	}
}

// TestServeQuestionLog runs serve with a question log: a Telegram answer
// carries 👍/👎, a press is acknowledged on the message itself (the
// callback notice), and after the stop the log holds the question and
// the vote, under hashed ids.
func TestServeQuestionLog(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	tg := tgfake.New(t, tgfake.Options{})
	dsn := filepath.Join(t.TempDir(), "questions.db")
	r := startServe(t, map[string]string{
		"TELEGRAM_BOT_TOKEN":    tg.Token(),
		"TELEGRAM_API_ENDPOINT": tg.Endpoint(),
		"CLAUSEBOT_DB":          dsn,
		"CLAUSEBOT_LOG_KEY":     "serve-test-key-0123456789",
	})
	user := tgfake.User(4343, "zh-hans")
	tg.Private(user, beidouQ)
	if !tg.WaitFor(30*time.Second, func(s *tgfake.Server) bool { return len(s.SentTo(4343)) > 0 }) {
		t.Fatalf("no answer:\n%s", r.logs)
	}
	m := tg.SentTo(4343)[0]
	var up string
	for _, row := range m.Keyboard.InlineKeyboard {
		for _, b := range row {
			if b.Text == "👍" && b.CallbackData != nil {
				up = *b.CallbackData
			}
		}
	}
	if up == "" {
		t.Fatalf("the answer has no 👍 button: %+v", m.Keyboard)
	}
	tg.Press(user, 4343, m.MessageID, up)
	if !tg.WaitFor(30*time.Second, func(s *tgfake.Server) bool {
		for _, a := range s.CallbackAnswers() {
			if strings.Contains(a.Text, "👍") {
				return true
			}
		}
		return false
	}) {
		t.Fatalf("no acknowledgement of the vote: %+v", tg.CallbackAnswers())
	}
	if n := len(tg.SentTo(4343)); n != 1 {
		t.Errorf("%d messages in the chat after a 👍, want only the answer (the thanks is a notice)", n)
	}
	if code := r.stop(t); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	code, out, errOut := runCmd(t, nil, "report", "--db", dsn, "--json")
	if code != exitOK {
		t.Fatalf("report: %s", errOut)
	}
	var rep qlog.Report
	_ = json.Unmarshal([]byte(out), &rep)
	if rep.Questions != 1 || rep.VotesUp != 1 {
		t.Errorf("log after serve: %d questions, %d 👍; want 1 and 1", rep.Questions, rep.VotesUp)
	}
	raw, _ := os.ReadFile(dsn)
	if bytes.Contains(raw, []byte("4343")) {
		t.Error("the raw Telegram id is in the database file")
	}
}

// TestChatWithLog checks clausebot chat --db: the answer offers 👍/👎 as
// numbered choices, typing the number votes, and the vote is in the log.
func TestChatWithLog(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "chat.db")
	var out, errOut bytes.Buffer
	// A first run finds the 👍 choice's number; a second asks again and
	// types it.
	code := run(context.Background(), []string{"chat", "--db", dsn}, func(string) string { return "" },
		strings.NewReader(beidouQ+"\n"), &out, &errOut)
	if code != exitOK {
		t.Fatalf("chat: exit %d: %s", code, errOut.String())
	}
	var up string
	for _, line := range strings.Split(out.String(), "\n") {
		if n, ok := strings.CutSuffix(line, "] 👍"); ok && strings.HasPrefix(n, "[") {
			up = n[1:]
		}
	}
	if up == "" {
		t.Fatalf("no numbered 👍 choice:\n%s", out.String())
	}
	out.Reset()
	code = run(context.Background(), []string{"chat", "--db", dsn}, func(string) string { return "" },
		strings.NewReader(beidouQ+"\n"+up+"\n"), &out, &errOut)
	if code != exitOK || !strings.Contains(out.String(), "👍") {
		t.Fatalf("chat vote: exit %d:\n%s", code, out.String())
	}
	code, rep, _ := runCmd(t, nil, "report", "--db", dsn, "--json")
	if code != exitOK || !strings.Contains(rep, `"questions": 2`) || !strings.Contains(rep, `"votes_up": 1`) {
		t.Errorf("report after chat: %s", rep)
	}
}

// TestServeQuestionLogUnopenable checks that a question log that cannot be
// opened at start shows, for an operator to alert on: /readyz says why
// (and stays ready: answers go on) and clausebot_qlog_up is 0.
func TestServeQuestionLogUnopenable(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	tg := tgfake.New(t, tgfake.Options{})
	bad := filepath.Join(t.TempDir(), "questions.db")
	if err := os.WriteFile(bad, bytes.Repeat([]byte{0x5a, 0xa5, 0x00, 0xff}, 4096), 0o600); err != nil {
		t.Fatal(err)
	}
	r := startServe(t, map[string]string{
		"TELEGRAM_BOT_TOKEN":    tg.Token(),
		"TELEGRAM_API_ENDPOINT": tg.Endpoint(),
		"CLAUSEBOT_DB":          bad,
		"CLAUSEBOT_LOG_KEY":     "serve-test-key-0123456789",
	})
	serveWaitFor(t, "/readyz 200", func() bool { code, _ := r.readyz(t); return code == 200 })
	if _, rd := r.readyz(t); !strings.HasPrefix(rd.QuestionLog, "off: cannot open") {
		t.Errorf("/readyz question_log = %q, want the reason it is off", rd.QuestionLog)
	}
	if got := r.metric(t, "clausebot_qlog_up"); got != "0" {
		t.Errorf("clausebot_qlog_up = %q, want 0", got)
	}
	if code := r.stop(t); code != exitOK {
		t.Fatalf("exit %d", code)
	}
}

// TestWideTable: the report's columns line up by display width: a row
// after a Chinese question starts its next column where one after an
// English question does (tabwriter counted runes, and a trial saw them
// apart).
func TestWideTable(t *testing.T) {
	out := wideTable([][]string{{"2×", "今天天气怎么样？", "(last 2026-12-01)"}, {"1×", "What is BDS?", "(last 2026-12-02)"}})
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%q", out)
	}
	col := func(l string) int { return displayWidth(l[:strings.Index(l, "(last")]) }
	if a, b := col(lines[0]), col(lines[1]); a != b {
		t.Errorf("the third column starts at %d and %d:\n%s", a, b, out)
	}
}
