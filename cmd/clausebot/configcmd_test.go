package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"clausebot/config"
	"clausebot/index"
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
		"clausebot_last_reload_timestamp_seconds", "clausebot_last_reload_success", "clausebot_build_info",
	} {
		if !strings.Contains(doc, "`"+m+"`") {
			t.Errorf("docs/operations.md does not document %s", m)
		}
	}
}

// TestConfigCheckMaxFileSize: config check shows the limit in force, 8 MiB
// by default, which is the engine's own default.
func TestConfigCheckMaxFileSize(t *testing.T) {
	if config.DefaultMaxFileSize != index.DefaultMaxFileSize {
		t.Fatalf("config.DefaultMaxFileSize = %d, index.DefaultMaxFileSize = %d", config.DefaultMaxFileSize, index.DefaultMaxFileSize)
	}
	for _, tc := range []struct {
		env  map[string]string
		want []string
	}{
		{nil, []string{"max_file_size: 8388608\n", "# documents larger than 8 MiB are skipped"}},
		{map[string]string{"CLAUSEBOT_MAX_FILE_SIZE": "524288"}, []string{"max_file_size: 524288 # from env CLAUSEBOT_MAX_FILE_SIZE", "larger than 512 KiB"}},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"config", "check"}, func(k string) string { return tc.env[k] }, strings.NewReader(""), &stdout, &stderr)
		if code != exitOK {
			t.Fatalf("exit = %d; stderr:\n%s", code, stderr.String())
		}
		for _, w := range tc.want {
			if !strings.Contains(stdout.String(), w) {
				t.Errorf("env %v: output lacks %q:\n%s", tc.env, w, stdout.String())
			}
		}
	}
}

// TestConfigCheckLoadsBack: config check's output, given back as the
// configuration file with the same environment, loads and prints the same
// settings, with secrets set inline, from files, or both; it never shows
// a secret.
func TestConfigCheckLoadsBack(t *testing.T) {
	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token")
	if err := os.WriteFile(tokenFile, []byte("4242:FileTelegramToken\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "in.yaml")
	if err := os.WriteFile(file, []byte("bot:\n  results: 4\nslack:\n  signing_secret: file-signing-secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T, path string, env map[string]string) string {
		t.Helper()
		args := []string{"config", "check"}
		if path != "" {
			args = append(args, "--config", path)
		}
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
		if code != exitOK {
			t.Fatalf("config check %v: exit %d; stderr:\n%s", args, code, stderr.String())
		}
		for _, secret := range []string{"FileTelegramToken", "InlineTelegramToken", "file-signing-secret", "xoxb-secret"} {
			if strings.Contains(stdout.String()+stderr.String(), secret) {
				t.Fatalf("config check shows %q", secret)
			}
		}
		return stdout.String()
	}
	// settings is the output without comments: what was set, not where.
	settings := func(out string) string {
		var lines []string
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, "#") {
				continue
			}
			l, _, _ = strings.Cut(l, " # ")
			lines = append(lines, l)
		}
		return strings.Join(lines, "\n")
	}
	for _, tc := range []struct {
		name string
		path string
		env  map[string]string
	}{
		{"secret from a file", "", map[string]string{"TELEGRAM_BOT_TOKEN_FILE": tokenFile}},
		{"secret inline", "", map[string]string{"TELEGRAM_BOT_TOKEN": "4242:InlineTelegramToken"}},
		{"secrets in the file and the environment", file, map[string]string{"TELEGRAM_BOT_TOKEN_FILE": tokenFile, "SLACK_BOT_TOKEN": "xoxb-secret", "SLACK_SIGNING_SECRET": "env-signing-secret"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			first := check(t, tc.path, tc.env)
			back := filepath.Join(t.TempDir(), "effective.yaml")
			if err := os.WriteFile(back, []byte(first), 0o600); err != nil {
				t.Fatal(err)
			}
			second := check(t, back, tc.env)
			if a, b := settings(first), settings(second); a != b {
				t.Errorf("loaded back, the settings differ:\nfirst:\n%s\nsecond:\n%s", a, b)
			}
		})
	}
}
