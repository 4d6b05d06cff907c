package main

import (
	"context"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"clausebot/bot/slack/slackfake"
)

// TestServeHelperProcess is not a test: it is `clausebot serve` run in a
// child process by startServeProcess, with main's signal handling, so tests
// can send it real signals and measure its memory alone.
func TestServeHelperProcess(t *testing.T) {
	if os.Getenv("CLAUSEBOT_SERVE_HELPER") != "1" {
		t.Skip("helper process for the serve tests")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, []string{"serve"}, os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// startServeProcess runs serve in a child process with env (on top of a
// minimal environment) and waits until it serves.
func startServeProcess(t *testing.T, env map[string]string) (*running, *os.Process) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestServeHelperProcess$")
	cmd.Env = []string{
		"CLAUSEBOT_SERVE_HELPER=1",
		"PATH=" + os.Getenv("PATH"),
		"CLAUSEBOT_ADDR=127.0.0.1:0",
		"CLAUSEBOT_LOG_FORMAT=json",
		"CLAUSEBOT_SHUTDOWN_TIMEOUT=20s",
	}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	r := &running{logs: &logBuffer{}, done: make(chan int, 1)}
	cmd.Stderr = r.logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		cmd.Wait()
		r.done <- cmd.ProcessState.ExitCode()
	}()
	r.cancel = func() { cmd.Process.Signal(syscall.SIGTERM) }
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-r.done:
		case <-time.After(60 * time.Second):
			cmd.Process.Kill()
			t.Errorf("serve process did not stop")
		}
	})
	serveWaitFor(t, "the serve process to start", func() bool {
		if rec := r.logs.find(t, "serving"); rec != nil {
			r.addr = "http://" + rec["addr"].(string)
			return true
		}
		return false
	})
	return r, cmd.Process
}

// TestServeProcessSignals sends real signals to a serve process: SIGHUP
// reloads a changed folder, and SIGTERM with a reply in flight still
// delivers it and exits 0.
func TestServeProcessSignals(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	fake := slackfake.New(t)
	docs := mustServeDocs(t)
	env := slackEnv(fake, docs)
	env["CLAUSEBOT_RELOAD_WATCH"] = "false"
	r, proc := startServeProcess(t, env)
	serveWaitFor(t, "/readyz 200", func() bool { code, _ := r.readyz(t); return code == 200 })

	doc := "测试文件\n\n一、航天\n\n双方同意推进月球科研站合作。\n"
	if err := os.WriteFile(filepath.Join(docs, "moon.txt"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := proc.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	serveWaitFor(t, "the SIGHUP reload", func() bool {
		_, rd := r.readyz(t)
		return rd.Reload != nil && rd.Reload.Trigger == "signal" && rd.Reload.Result == reloadOK && rd.Index.Documents == 2
	})

	sc := &slackClient{r: r, fake: fake}
	fake.RateLimit("chat.postMessage", 2)
	before := fake.Calls("chat.postMessage")
	sc.ask(t, slackfake.DM, "U1", "月球科研站合作")
	serveWaitFor(t, "the reply to be in flight", func() bool { return fake.Calls("chat.postMessage") > before })
	if err := proc.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-r.done:
		r.done <- code
		if code != exitOK {
			t.Errorf("exit = %d after SIGTERM, want 0\n%s", code, r.logs)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not stop on SIGTERM")
	}
	posts := fake.Posts()
	if len(posts) != 1 || !strings.Contains(posts[0].Decode().Text, "月球科研站") {
		t.Errorf("posts after SIGTERM = %d, want the one reply in flight, delivered", len(posts))
	}
}
