package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"clausebot/bot"
	"clausebot/bot/terminal"
	"clausebot/index"
)

const chatUsage = "chat [--docs DIR] [--index DIR|off] [--synonyms FILE] [--lang zh|en|ru] [--color auto|always|never] [--marks] [--db DSN]"

// chat talks to the bot in the terminal: the same core as Slack and
// Telegram, rendered as plain text. With stdin not a terminal it reads one
// message per line and prints the replies, so it can be scripted.
func (c *cli) chat(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("chat", flag.ContinueOnError)
	docs, synonyms, indexDir := docsFlags(fs, c.getenv)
	lang := fs.String("lang", "", "language of the bot's own words when a message does not decide: zh, en or ru (default: from $LANG, else en)")
	color := fs.String("color", "auto", "bold matched terms with ANSI codes: auto (when stdout is a terminal and $NO_COLOR is unset), always or never; without them clauses are printed verbatim")
	marks := fs.Bool("marks", false, "where matched terms are not bold (piped output, --color never, $NO_COLOR), mark them 【like this】 instead of printing clauses verbatim")
	db := fs.String("db", "", "log questions and 👍/👎 votes to this question log (a SQLite file or postgres:// URL); default: no log")
	if code, ok := c.parseFlags(fs, chatUsage, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(c.stderr, "clausebot chat: unexpected argument %q (usage: clausebot %s)\n", fs.Arg(0), chatUsage)
		return exitUsage
	}
	def, ok := bot.ParseLang(*lang)
	if !ok && *lang != "" {
		fmt.Fprintf(c.stderr, "clausebot chat: --lang must be zh, en or ru, not %q\n", *lang)
		return exitUsage
	}
	// Without ANSI bold a clause is printed verbatim, so a copy or a grep
	// of the output is the document's own text; --marks brings 【】 back.
	plain := terminal.StylePlain
	if *marks {
		plain = terminal.StyleMarks
	}
	var style terminal.Style
	switch *color {
	case "auto":
		style = terminal.StyleAuto
		if c.getenv("NO_COLOR") != "" || !isTerminal(c.stdout) {
			style = plain
		}
	case "always":
		style = terminal.StyleANSI
	case "never":
		style = plain
	default:
		fmt.Fprintf(c.stderr, "clausebot chat: --color must be auto, always or never, not %q\n", *color)
		return exitUsage
	}
	x, err := c.openIndex(ctx, *docs, *synonyms, *indexDir)
	if err != nil {
		return c.fail("chat", exitUsage, err)
	}
	live := index.NewLive(x)
	defer func() { live.Current().Close() }()
	ql, closeLog, err := c.chatQuestionLog(ctx, *db)
	if err != nil {
		return c.fail("chat", exitUsage, err)
	}
	defer closeLog()
	b := bot.New(live, bot.Options{
		QuestionLog:   ql,
		DefaultLang:   def,
		RatePerMinute: -1, // the local user is the operator
		Admins:        []string{string(bot.Terminal) + ":local"},
		Reload: func(ctx context.Context) (bot.Reloaded, error) {
			next, err := c.openIndex(ctx, *docs, *synonyms, *indexDir)
			if err != nil {
				return bot.Reloaded{}, err
			}
			live.Swap(next)
			return bot.Reloaded{Summary: docsSummary(next.Documents()), Skipped: skippedFiles(next)}, nil
		},
	})
	a := terminal.New(b, c.stdin, c.stdout, terminal.Options{LangHint: langFromEnv(c.getenv), Style: style})
	if err := a.Run(ctx); err != nil {
		return c.fail("chat", exitFail, err)
	}
	return exitOK
}

// langFromEnv turns $LC_ALL, $LC_MESSAGES or $LANG ("zh_CN.UTF-8") into a
// language hint ("zh_CN").
func langFromEnv(getenv func(string) string) string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" && v != "C" && v != "POSIX" {
			v, _, _ = strings.Cut(v, ".")
			return v
		}
	}
	return ""
}

// docsSummary describes loaded documents in one line for /reload.
func docsSummary(docs []bot.Document) string {
	n := 0
	for _, d := range docs {
		n += d.Clauses
	}
	return chatPlural(len(docs), "document") + ", " + chatPlural(n, "clause")
}

func chatPlural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
