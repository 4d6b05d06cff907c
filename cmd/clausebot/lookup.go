package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"clausebot/bot"
	"clausebot/index"
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

// clause prints one clause by reference: 第十二条, 第十二条第二款, Article 5(2),
// Статья 12 ч. 2, 三（二）1, 二·12, 2.12, doc:二·12.
func (c *cli) clause(ctx context.Context, args []string) int {
	const usage = "clause [--docs DIR] REF   (e.g. 第十二条, 第十二条第二款, Article 5(2), 二.12, doc:二·12)"
	x, ref, code, ok := c.openForLookup(ctx, "clause", usage, "reference", args)
	if !ok {
		return code
	}
	defer x.Close()
	cl, err := x.Clause(ctx, ref)
	if err != nil {
		return c.lookupFail("clause", err)
	}
	where := cl.DocTitle
	if len(cl.Path) > 0 {
		where += " › " + strings.Join(cl.Path, " › ")
	}
	if cl.Page > 0 {
		where += fmt.Sprintf(" · p. %d", cl.Page)
	}
	if cl.Lead != "" {
		fmt.Fprintf(c.stdout, "[%s] %s\n%s\n%s\n", cl.Ref, where, cl.Lead, cl.Text)
	} else {
		fmt.Fprintf(c.stdout, "[%s] %s\n%s\n", cl.Ref, where, cl.Text)
	}
	for _, v := range cl.Versions {
		fmt.Fprintf(c.stdout, "= [%s] (%s)\n%s\n", v.Ref, versionLabel(v), v.Text)
	}
	return exitOK
}

// section prints all clauses of a section: 第三章, Chapter VII, Глава 2, 二,
// 2, doc:二, 0 (the preamble).
func (c *cli) section(ctx context.Context, args []string) int {
	const usage = "section [--docs DIR] N   (e.g. 第三章, Chapter VII, 二, 2, doc:二; 0 is the preamble)"
	x, ref, code, ok := c.openForLookup(ctx, "section", usage, "section", args)
	if !ok {
		return code
	}
	defer x.Close()
	cls, err := x.Section(ctx, ref)
	if err != nil {
		return c.lookupFail("section", err)
	}
	w := bufio.NewWriter(c.stdout)
	defer w.Flush()
	fmt.Fprintf(w, "%s — section %s, %s\n", cls[0].DocTitle, cls[0].Section, countNoun(len(cls), "clause"))
	for _, cl := range cls {
		fmt.Fprintf(w, "\n[%s]\n%s\n", cl.Ref, cl.Text)
	}
	return exitOK
}

// sources lists the loaded documents with their sections and warnings.
func (c *cli) sources(ctx context.Context, args []string) int {
	const usage = "sources [--docs DIR]"
	fs := flag.NewFlagSet("sources", flag.ContinueOnError)
	docs, synonyms, indexDir := docsFlags(fs, c.getenv)
	if code, ok := c.parseFlags(fs, usage, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return c.fail("sources", exitUsage, fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	x, err := c.openIndex(ctx, *docs, *synonyms, *indexDir)
	if err != nil {
		return c.fail("sources", exitUsage, err)
	}
	defer x.Close()
	w := bufio.NewWriter(c.stdout)
	defer w.Flush()
	all := x.Documents()
	unaligned := map[string]bool{} // VersionOf of the groups whose versions do not align
	for _, d := range all {
		for _, m := range d.Warnings {
			if d.VersionOf != "" && strings.HasPrefix(m, "versions do not align") {
				unaligned[d.VersionOf] = true
			}
		}
	}
	for i, d := range all {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s\n", d.Title)
		fmt.Fprintf(w, "  id:        %s\n  file:      %s\n", d.ID, d.File)
		if d.Number != "" {
			fmt.Fprintf(w, "  number:    %s\n", d.Number)
		}
		if d.Date != "" {
			fmt.Fprintf(w, "  date:      %s\n", d.Date)
		}
		if d.Effective != "" {
			fmt.Fprintf(w, "  effective: %s\n", d.Effective)
		}
		if d.Lang != "" {
			fmt.Fprintf(w, "  language:  %s\n", d.Lang)
		}
		if d.VersionOf != "" && unaligned[d.VersionOf] {
			fmt.Fprintf(w, "  versions:  %s (paired with its other language versions by numbering, but their structures differ: see the warnings; answers flag each pairing to check)\n", d.VersionOf)
		} else if d.VersionOf != "" {
			fmt.Fprintf(w, "  versions:  %s (aligned with its other language versions)\n", d.VersionOf)
		}
		fmt.Fprintf(w, "  clauses:   %d\n", d.Clauses)
		var secs []string
		for _, s := range d.Sections {
			if s.Depth == 0 { // the outermost; `section` opens the inner ones too
				secs = append(secs, fmt.Sprintf("%s (%d)", s.Label, s.Clauses))
			}
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
	if sk := x.Skipped(); len(sk) > 0 {
		// In the list, not only on stderr: a trial's broken.pdf and
		// empty.docx were nowhere in it.
		fmt.Fprintf(w, "\nNot loaded (%d):\n", len(sk))
		for _, f := range sk {
			fmt.Fprintf(w, "  %s: %s\n", f.File, strings.TrimPrefix(f.Reason, "skipped: "))
		}
	}
	return exitOK
}

// openForLookup parses a lookup command's flags and its one argument (what
// names it in the error when it is missing) and opens the index. When ok is
// false the command has reported the problem and must exit with code.
func (c *cli) openForLookup(ctx context.Context, name, usage, what string, args []string) (x *index.Index, ref string, code int, ok bool) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	docs, synonyms, indexDir := docsFlags(fs, c.getenv)
	if code, ok := c.parseFlags(fs, usage, args); !ok {
		return nil, "", code, false
	}
	ref = strings.TrimSpace(strings.Join(fs.Args(), " "))
	if ref == "" {
		return nil, "", c.fail(name, exitUsage, fmt.Errorf("no %s (usage: clausebot %s)", what, usage)), false
	}
	x, err := c.openIndex(ctx, *docs, *synonyms, *indexDir)
	if err != nil {
		return nil, "", c.fail(name, exitUsage, err), false
	}
	return x, ref, exitOK, true
}
