package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"clausebot/bot"
	"clausebot/config"
)

// TestServeLoggerMasksSecrets checks the last line of defence: whatever a
// library puts in a message, an attribute, a group or an error, the
// configured secrets never reach the output, in either format.
func TestServeLoggerMasksSecrets(t *testing.T) {
	const tok = "123:SuperSecretToken_x"
	const sign = "signing-secret-abc"
	for _, format := range []string{"json", "text"} {
		t.Run(format, func(t *testing.T) {
			cfg := config.Default()
			cfg.Log.Format = format
			cfg.Telegram.Token = tok
			cfg.Slack.SigningSecret = sign
			var buf bytes.Buffer
			log := newLogger(&buf, &cfg)
			ctx := bot.WithRequestID(context.Background(), "req-1")
			log.With("base", "https://api.telegram.org/bot"+tok+"/").InfoContext(ctx, "calling "+tok,
				"err", fmt.Errorf("post: %w", errors.New("dial https://api.telegram.org/bot"+tok+"/getMe: refused")),
				slog.Group("req", "url", "/bot"+tok+"/sendMessage", "sig", sign),
				"any", struct{ S string }{sign},
				"n", 42,
			)
			out := buf.String()
			for _, s := range []string{tok, sign, "SuperSecretToken"} {
				if strings.Contains(out, s) {
					t.Errorf("output contains %q:\n%s", s, out)
				}
			}
			for _, want := range []string{"req-1", config.Redacted, "42", "refused"} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

func TestServeLoggerLevels(t *testing.T) {
	for _, tt := range []struct {
		level      string
		debug, inf bool
	}{
		{"debug", true, true},
		{"info", false, true},
		{"warn", false, false},
		{"error", false, false},
	} {
		cfg := config.Default()
		cfg.Log.Level = tt.level
		log := newLogger(&bytes.Buffer{}, &cfg)
		ctx := context.Background()
		if got := log.Enabled(ctx, slog.LevelDebug); got != tt.debug {
			t.Errorf("level %s: debug enabled = %v, want %v", tt.level, got, tt.debug)
		}
		if got := log.Enabled(ctx, slog.LevelInfo); got != tt.inf {
			t.Errorf("level %s: info enabled = %v, want %v", tt.level, got, tt.inf)
		}
	}
}

// TestServeLoggerDurationsAsStrings: every duration, wherever it is logged
// from (an adapter's retry wait, a group, a With), reads like the docs and
// the configuration write it ("1s", "500ms"), never as nanoseconds.
func TestServeLoggerDurationsAsStrings(t *testing.T) {
	for _, format := range []string{"json", "text"} {
		t.Run(format, func(t *testing.T) {
			cfg := config.Default()
			cfg.Log.Format = format
			cfg.Slack.SigningSecret = "signing-secret-abc" // the masking path too
			var buf bytes.Buffer
			log := newLogger(&buf, &cfg)
			log.With("timeout", 20*time.Second).Info("retried", "wait", 500*time.Millisecond,
				slog.Group("backoff", "next", 2*time.Second))
			out := buf.String()
			for _, want := range []string{"500ms", "20s", "2s"} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			if strings.Contains(out, "500000000") {
				t.Errorf("a duration is logged in nanoseconds:\n%s", out)
			}
		})
	}
}
