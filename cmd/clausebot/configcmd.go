package main

import (
	"clausebot/bot/qlog"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"clausebot/config"
	"clausebot/index"
)

// config runs "clausebot config check": it loads and validates the
// configuration exactly as serve would and prints the effective result,
// every secret shown as ***.
func (c *cli) config(ctx context.Context, args []string) int {
	if len(args) == 0 || (args[0] != "check" && args[0] != "-h" && args[0] != "--help") {
		fmt.Fprintln(c.stderr, "usage: clausebot config check [--config FILE]")
		return exitUsage
	}
	if args[0] != "check" {
		fmt.Fprintln(c.stdout, "usage: clausebot config check [--config FILE]")
		return exitOK
	}
	fs := flag.NewFlagSet("config check", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	path := configFlag(fs, c.getenv)
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(c.stderr, "clausebot config check: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	cfg, ok := c.loadConfig("config check", *path)
	if !ok {
		return exitUsage
	}
	out, err := cfg.Effective()
	if err != nil {
		fmt.Fprintf(c.stderr, "clausebot config check: %v\n", err)
		return exitFail
	}
	if *path != "" {
		fmt.Fprintf(c.stdout, "# configuration: %s, overridden by the environment where set\n", *path)
	} else {
		fmt.Fprintln(c.stdout, "# configuration: defaults, overridden by the environment where set")
	}
	for _, line := range configSummary(&cfg) {
		fmt.Fprintf(c.stdout, "# %s\n", line)
	}
	// What the empty defaults of db and index resolve to on this machine.
	if dsn, off := questionLogDSN(cfg.DB, c.getenv); off != "" {
		fmt.Fprintf(c.stdout, "# question log: off (%s)\n", off)
	} else {
		fmt.Fprintf(c.stdout, "# question log: %s\n", qlog.Redact(dsn))
	}
	if dir := indexDir(cfg.Index, cfg.Docs, c.getenv); dir != "" {
		fmt.Fprintf(c.stdout, "# index folder: %s\n", dir)
	} else {
		fmt.Fprintln(c.stdout, "# index folder: none, the index is kept in memory")
	}
	c.stdout.Write(out)
	return exitOK
}

// configFlag declares --config, whose default is $CLAUSEBOT_CONFIG.
func configFlag(fs *flag.FlagSet, getenv func(string) string) *string {
	return fs.String("config", getenv("CLAUSEBOT_CONFIG"), "YAML configuration file (default $CLAUSEBOT_CONFIG); the environment overrides it")
}

// loadConfig loads and validates the configuration, printing every problem
// to stderr. ok is false when there was one.
func (c *cli) loadConfig(cmd, path string) (config.Config, bool) {
	cfg, err := config.Load(path, c.getenv)
	if err != nil {
		printConfigError(c.stderr, cmd, err)
		return cfg, false
	}
	return cfg, true
}

func printConfigError(w io.Writer, cmd string, err error) {
	var ce *config.Error
	if !errors.As(err, &ce) {
		fmt.Fprintf(w, "clausebot %s: %v\n", cmd, err)
		return
	}
	fmt.Fprintf(w, "clausebot %s: invalid configuration:\n", cmd)
	for _, p := range ce.Problems {
		fmt.Fprintf(w, "  %s\n", p)
	}
}

// configSummary says in words what serve would run with this configuration.
func configSummary(cfg *config.Config) []string {
	var out []string
	docs := "the embedded seed corpus"
	if cfg.Docs != "" {
		docs = cfg.Docs
	}
	out = append(out, "documents: "+docs)
	out = append(out, "documents larger than "+byteSize(cfg.MaxFileSize)+" are skipped (max_file_size)")
	switch {
	case !cfg.TelegramEnabled():
		out = append(out, "telegram: off (set TELEGRAM_BOT_TOKEN to enable)")
	case cfg.Telegram.WebhookURL != "":
		out = append(out, "telegram: webhook at "+cfg.Telegram.WebhookURL)
	default:
		out = append(out, "telegram: long polling")
	}
	switch cfg.SlackMode() {
	case config.SlackSocketMode:
		out = append(out, "slack: Socket Mode")
	case config.SlackHTTPMode:
		out = append(out, "slack: HTTP mode (/slack/events, /slack/commands, /slack/interactive)")
	default:
		out = append(out, "slack: off (set SLACK_BOT_TOKEN with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET to enable)")
	}
	if cfg.RedisEnabled() {
		out = append(out, redisSummary(cfg))
	}
	out = append(out, "listening on "+cfg.Addr+" (/healthz, /readyz, /metrics)")
	return out
}

// byteSize writes n bytes for a person: "8 MiB", "512 KiB", "1000 bytes";
// 0 is the engine's default.
func byteSize(n int64) string {
	if n <= 0 {
		n = index.DefaultMaxFileSize
	}
	switch {
	case n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
