package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"clausebot/bot"
)

// lookupFail maps a Searcher's reference error to a one-line message: an
// unknown or malformed reference is a usage error (exit 2).
func (c *cli) lookupFail(cmd string, err error) int {
	switch bot.ErrorCode(err) {
	case bot.ENOTFOUND, bot.EINVALID:
		return c.fail(cmd, exitUsage, errors.New(bot.ErrorMessage(err)))
	}
	return c.fail(cmd, exitFail, err)
}

// clause prints one clause by reference: 二·12, 二.12, 2.12, "二 12".
func (c *cli) clause(ctx context.Context, args []string) int {
	const usage = "clause [--docs DIR] REF   (e.g. 二.12, 2.12, doc:二·12)"
	fs := flag.NewFlagSet("clause", flag.ContinueOnError)
	docs, synonyms := docsFlags(fs, c.getenv)
	if code, ok := c.parseFlags(fs, usage, args); !ok {
		return code
	}
	ref := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if ref == "" {
		return c.fail("clause", exitUsage, fmt.Errorf("no reference (usage: clausebot %s)", usage))
	}
	x, err := c.openIndex(ctx, *docs, *synonyms)
	if err != nil {
		return c.fail("clause", exitUsage, err)
	}
	defer x.Close()
	cl, err := x.Clause(ctx, ref)
	if err != nil {
		return c.lookupFail("clause", err)
	}
	fmt.Fprintf(c.stdout, "[%s] %s\n%s\n", cl.Ref, cl.DocTitle, cl.Text)
	return exitOK
}

// section prints all clauses of a section: 二, 2, doc:二, 0 (the preamble).
func (c *cli) section(ctx context.Context, args []string) int {
	const usage = "section [--docs DIR] N   (e.g. 二, 2, doc:二; 0 is the preamble)"
	fs := flag.NewFlagSet("section", flag.ContinueOnError)
	docs, synonyms := docsFlags(fs, c.getenv)
	if code, ok := c.parseFlags(fs, usage, args); !ok {
		return code
	}
	ref := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if ref == "" {
		return c.fail("section", exitUsage, fmt.Errorf("no section (usage: clausebot %s)", usage))
	}
	x, err := c.openIndex(ctx, *docs, *synonyms)
	if err != nil {
		return c.fail("section", exitUsage, err)
	}
	defer x.Close()
	cls, err := x.Section(ctx, ref)
	if err != nil {
		return c.lookupFail("section", err)
	}
	w := bufio.NewWriter(c.stdout)
	defer w.Flush()
	fmt.Fprintf(w, "%s — section %s, %d clauses\n", cls[0].DocTitle, cls[0].Section, len(cls))
	for _, cl := range cls {
		fmt.Fprintf(w, "\n[%s]\n%s\n", cl.Ref, cl.Text)
	}
	return exitOK
}

// sources lists the loaded documents with their sections and warnings.
func (c *cli) sources(ctx context.Context, args []string) int {
	const usage = "sources [--docs DIR]"
	fs := flag.NewFlagSet("sources", flag.ContinueOnError)
	docs, synonyms := docsFlags(fs, c.getenv)
	if code, ok := c.parseFlags(fs, usage, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return c.fail("sources", exitUsage, fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	x, err := c.openIndex(ctx, *docs, *synonyms)
	if err != nil {
		return c.fail("sources", exitUsage, err)
	}
	defer x.Close()
	w := bufio.NewWriter(c.stdout)
	defer w.Flush()
	for i, d := range x.Documents() {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s\n", d.Title)
		fmt.Fprintf(w, "  id:        %s\n  file:      %s\n", d.ID, d.File)
		if d.Date != "" {
			fmt.Fprintf(w, "  date:      %s\n", d.Date)
		}
		if d.Lang != "" {
			fmt.Fprintf(w, "  language:  %s\n", d.Lang)
		}
		fmt.Fprintf(w, "  clauses:   %d\n", d.Clauses)
		secs := make([]string, len(d.Sections))
		for j, s := range d.Sections {
			secs[j] = fmt.Sprintf("%s (%d)", s.Label, s.Clauses)
		}
		fmt.Fprintf(w, "  sections:  %s\n", strings.Join(secs, ", "))
		if d.Truncated {
			fmt.Fprintf(w, "  truncated: yes, the text ends early (after section %s)\n", d.Sections[len(d.Sections)-1].Label)
		} else {
			fmt.Fprintf(w, "  truncated: no\n")
		}
		for _, m := range d.Warnings {
			fmt.Fprintf(w, "  warning:   %s\n", m)
		}
	}
	return exitOK
}
