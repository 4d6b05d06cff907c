// Command clausebot answers questions about policy documents with the
// matching clause, word for word, and its exact reference.
//
// Subcommands:
//
//	ask       answer questions from the command line
//	clause    print one clause by reference
//	section   print a whole section
//	sources   list the loaded documents
//	eval      score the engine against a gold question set
//	report    summarise the question log (unanswered, voted down, use)
//	chat      talk to the bot in the terminal
//	serve     run the Slack and Telegram adapters
//	config    check and print the effective configuration
//	healthcheck
//	          probe a running server's /healthz (for containers)
//	version   print the version, Go toolchain and commit
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes.
const (
	exitOK    = 0
	exitFail  = 1 // the command ran and failed (e.g. eval under --min-hit1)
	exitUsage = 2 // bad flags, arguments, configuration or references
)

// cli carries a command's environment, so tests drive run with their own.
type cli struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// oneShot is set for the commands that load the documents, answer and
	// exit (see oneShotCommands); openIndex then lowers the garbage
	// collector's target for a small corpus (see smallCorpusGC), and
	// restoreGC, when set, puts it back when the command returns.
	oneShot   bool
	restoreGC func()
}

// oneShotCommands load the documents, answer and exit: their peak memory is
// the process's, so openIndex trades a little GC work for it on a small
// corpus (smallCorpusGC). chat, serve and report run on.
var oneShotCommands = map[string]bool{"ask": true, "clause": true, "section": true, "sources": true, "eval": true}

// command is one subcommand.
type command struct {
	summary string
	run     func(c *cli, ctx context.Context, args []string) int
}

// commands lists the subcommands; each lives in the file of its name.
var commands = map[string]command{
	"ask":         {"answer a question (the arguments, joined), or one per line on stdin", (*cli).ask},
	"clause":      {"print one clause by reference, e.g. 二.12", (*cli).clause},
	"section":     {"print a whole section, e.g. 二", (*cli).section},
	"sources":     {"list the loaded documents", (*cli).sources},
	"eval":        {"score answers against a gold question set", (*cli).eval},
	"chat":        {"talk to the bot in the terminal", (*cli).chat},
	"serve":       {"run the configured Slack and Telegram adapters", (*cli).serve},
	"config":      {"config check: print the effective configuration", (*cli).config},
	"healthcheck": {"probe a running server's /healthz", (*cli).healthcheck},
	"version":     {"print the version, Go toolchain and commit", (*cli).versionCmd},
	"report":      {"what the question log says: unanswered, voted down, use", (*cli).report},
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := &cli{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 1 && args[0] == "--version" {
		args = []string{"version"}
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		c.usage(stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "clausebot: unknown command %q (run clausebot --help)\n", args[0])
		return exitUsage
	}
	c.oneShot = oneShotCommands[args[0]]
	defer func() {
		if c.restoreGC != nil {
			c.restoreGC()
		}
	}()
	return cmd.run(c, ctx, args[1:])
}

func (c *cli) usage(w io.Writer) {
	fmt.Fprintln(w, "usage: clausebot COMMAND [flags] [arguments]")
	fmt.Fprintln(w)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run clausebot COMMAND -h for a command's flags.")
}

// todo reports a subcommand that is not built yet.
func (c *cli) todo(name string) int {
	fmt.Fprintf(c.stderr, "clausebot: %s is not implemented yet\n", name)
	return exitFail
}
