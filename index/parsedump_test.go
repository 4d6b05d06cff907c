package index

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// parseDumpEnv names a file that TestDumpParse writes: everything parsing
// makes of a document (metadata, warnings, every node of its tree, its
// units and sections, and what prepare computes from them), for the
// documents of ../testdata and testdata, the seed, every .md and .txt file
// of the repository read both as Markdown and as plain text, and the
// corpus BenchmarkScale generates (CLAUSEBOT_DUMP_PARSE_CLAUSES clauses,
// default 100,000). Two dumps, before and after a change to parsing, must
// be byte-identical when the change is meant to keep its output.
const parseDumpEnv = "CLAUSEBOT_DUMP_PARSE"

func TestDumpParse(t *testing.T) {
	path := os.Getenv(parseDumpEnv)
	if path == "" {
		t.Skip("set " + parseDumpEnv + "=FILE to dump every parsed document")
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	defer w.Flush()
	parse := func(name string, data []byte) {
		pd, warns := parseData(context.Background(), name, data, 1<<30)
		dumpParsed(w, name, pd, warns)
	}
	// Files as the loader reads them.
	for _, root := range []string{"../testdata", "testdata", "seed"} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, ".jsonl") || strings.HasSuffix(p, ".golden") {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			parse(p, data)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// Every text file of the repository, as Markdown and as plain text:
	// more shapes of text than the test documents have.
	err = filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !(strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".txt")) {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		text, _, err := decode(p, data)
		if err != nil {
			return nil
		}
		for _, markdown := range []bool{true, false} {
			pd, err := parseText(p, text, markdown, nil, "")
			var warns []Warning
			if err != nil {
				warns = []Warning{{File: p, Msg: err.Error()}}
			}
			dumpParsed(w, fmt.Sprintf("%s markdown=%v", p, markdown), pd, warns)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	clauses := envInt("CLAUSEBOT_DUMP_PARSE_CLAUSES", 100000)
	genCorpusEach(t, (clauses+49)/50, 50, parse)
}

// dumpParsed writes pd (nil when the file was skipped) and the warnings
// about it in a stable text form: nodes are named by their position in a
// preorder walk of the tree.
func dumpParsed(w *bufio.Writer, name string, pd *parsedDoc, warns []Warning) {
	fmt.Fprintf(w, "=== %s\n", name)
	for _, x := range warns {
		fmt.Fprintf(w, "warn %+v\n", x)
	}
	if pd == nil {
		return
	}
	pd.prepare()
	fmt.Fprintf(w, "meta %+v\n", pd.meta)
	for _, x := range pd.warnings {
		fmt.Fprintf(w, "warning %+v\n", x)
	}
	ids := map[*node]int{}
	var walk func(n *node, depth int)
	walk = func(n *node, depth int) {
		ids[n] = len(ids)
		parent := -1
		if n.parent != nil {
			parent = ids[n.parent]
		}
		fmt.Fprintf(w, "node %d parent=%d depth=%d %+v text=%q heading=%v line=%d page=%d\n", ids[n], parent, depth, n.mark, n.text, n.heading, n.line, n.page)
		for _, k := range n.kids {
			walk(k, depth+1)
		}
	}
	walk(pd.tree.root, 0)
	nodes := func(ns []*node) []int {
		var out []int
		for _, n := range ns {
			out = append(out, ids[n])
		}
		return out
	}
	for i, u := range pd.tree.units {
		fmt.Fprintf(w, "unit %d node=%d text=%q line=%d page=%d base=%+v needs=%d anc=%v heads=%q lead=%q subs=%+v ctx=%q\n",
			i, ids[u.node], u.text, u.line, u.page, u.base, u.needs, nodes(u.anc), u.heads, u.lead, u.subs, u.ctx)
		fmt.Fprintf(w, "  edits=%+v copy=%x\n", pd.edits[i], pd.copyKeys[i])
	}
	for i, s := range pd.tree.sections {
		fmt.Fprintf(w, "section %d node=%d base=%+v needs=%d anc=%v units=%v depth=%d\n", i, ids[s.node], s.base, s.needs, nodes(s.anc), s.units, s.depth)
	}
	for i, x := range pd.tree.warns {
		fmt.Fprintf(w, "treewarn %d %+v\n", i, x)
	}
	fmt.Fprintf(w, "lang %q\n", pd.lang)
}
