package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"clausebot/config"
)

func TestConfigCheck(t *testing.T) {
	const token = "4242:VerySecretTelegramToken"
	path := filepath.Join(t.TempDir(), "clausebot.yaml")
	if err := os.WriteFile(path, []byte("bot:\n  results: 4\nslack:\n  signing_secret: file-signing-secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"TELEGRAM_BOT_TOKEN": token, "SLACK_BOT_TOKEN": "xoxb-secret-bot", "CLAUSEBOT_RESULTS": "6"}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"config", "check", "--config", path}, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit = %d, want 0; stderr:\n%s", code, stderr.String())
	}
	out := stdout.String()
	for _, secret := range []string{token, "VerySecret", "file-signing-secret", "xoxb-secret-bot"} {
		if strings.Contains(out+stderr.String(), secret) {
			t.Errorf("config check shows the secret %q:\n%s", secret, out)
		}
	}
	for _, want := range []string{
		"token: '***' # from env TELEGRAM_BOT_TOKEN",
		"signing_secret: '***' # from " + path,
		"results: 6 # from env CLAUSEBOT_RESULTS", // the environment beats the file
		"# telegram: long polling",
		"# slack: HTTP mode",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("config check output lacks %q:\n%s", want, out)
		}
	}
}

func TestConfigCheckErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want []string
	}{
		{"no subcommand", []string{"config"}, nil, []string{"usage: clausebot config check"}},
		{"unknown subcommand", []string{"config", "show"}, nil, []string{"usage: clausebot config check"}},
		{"bad flag", []string{"config", "check", "--nope"}, nil, []string{"flag provided but not defined"}},
		{"bad values", []string{"config", "check"}, map[string]string{"CLAUSEBOT_LANG": "fr", "SLACK_BOT_TOKEN": "xoxb-x"},
			[]string{"invalid configuration", "bot.lang (env CLAUSEBOT_LANG): want one of en, zh", "slack.app_token: missing"}},
		{"missing file", []string{"config", "check", "--config", "/nonexistent/clausebot.yaml"}, nil, []string{"cannot read the configuration file", "/nonexistent/clausebot.yaml"}},
		{"file from env", []string{"config", "check"}, map[string]string{"CLAUSEBOT_CONFIG": "/nonexistent/env.yaml"}, []string{"/nonexistent/env.yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, func(k string) string { return tt.env[k] }, strings.NewReader(""), &stdout, &stderr)
			if code != exitUsage {
				t.Errorf("exit = %d, want %d", code, exitUsage)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr.String())
				}
			}
		})
	}
}

// TestOperationsDocListsEveryKey keeps docs/operations.md's configuration
// reference complete: every key and environment variable is in it.
func TestOperationsDocListsEveryKey(t *testing.T) {
	doc := repoFile(t, "docs/operations.md")
	for _, k := range config.Keys() {
		row := "| `" + k.Name + "` | `" + k.Env + "` |"
		if !strings.Contains(doc, row) {
			t.Errorf("docs/operations.md has no row starting %s", row)
		}
	}
	for _, m := range []string{
		"clausebot_questions_total", "clausebot_answered_total", "clausebot_abstained_total",
		"clausebot_answer_latency_seconds", "clausebot_messages_sent_total", "clausebot_send_errors_total",
		"clausebot_send_retries_total", "clausebot_rate_limited_total", "clausebot_index_clauses",
		"clausebot_last_reload_timestamp_seconds", "clausebot_last_reload_success",
	} {
		if !strings.Contains(doc, "`"+m+"`") {
			t.Errorf("docs/operations.md does not document %s", m)
		}
	}
}
