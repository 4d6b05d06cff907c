//go:build unix

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// runEnv runs clausebot with args and an environment.
func runEnv(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// mustDocsFolder writes a small documents folder.
func mustDocsFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "押金.txt"), []byte("第一条 租赁押金应当在合同终止后三十日内退还。\n\n第二条 出租人不得无故扣留押金。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestIndexFolder checks where the engine commands keep the index of a documents folder:
// under $XDG_CACHE_HOME by default, in --index or $CLAUSEBOT_INDEX when
// given, nowhere with "off" or for the embedded seed.
func TestIndexFolder(t *testing.T) {
	docs := mustDocsFolder(t)
	q := "第一条"
	manifest := func(dir string) bool {
		_, err := os.Stat(filepath.Join(dir, "manifest.json"))
		return err == nil
	}

	cache := t.TempDir()
	code, out, errs := runEnv(t, map[string]string{"XDG_CACHE_HOME": cache}, "clause", "--docs", docs, q)
	if code != exitOK || !strings.Contains(out, "三十日") {
		t.Fatalf("ask: exit %d, out %q, err %q", code, out, errs)
	}
	if want := indexDir("", docs, func(k string) string { return map[string]string{"XDG_CACHE_HOME": cache}[k] }); !strings.HasPrefix(want, cache) || !manifest(want) {
		t.Errorf("default index folder %s: no manifest, or not under %s", want, cache)
	}

	flagDir, envDir := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	runEnv(t, nil, "clause", "--index", flagDir, "--docs", docs, q)
	runEnv(t, map[string]string{"CLAUSEBOT_INDEX": envDir}, "clause", "--docs", docs, q)
	if !manifest(flagDir) || !manifest(envDir) {
		t.Errorf("--index %s: manifest %v; CLAUSEBOT_INDEX %s: manifest %v", flagDir, manifest(flagDir), envDir, manifest(envDir))
	}

	offCache := t.TempDir()
	runEnv(t, map[string]string{"XDG_CACHE_HOME": offCache, "CLAUSEBOT_INDEX": "off"}, "clause", "--docs", docs, q)
	runEnv(t, map[string]string{"XDG_CACHE_HOME": offCache}, "clause", q) // the seed
	if ents, _ := os.ReadDir(offCache); len(ents) != 0 {
		t.Errorf("with off and for the seed, the cache got %d entries, want none", len(ents))
	}
}

// TestIndexFolderBusy checks that a command on a folder another process holds
// still answers, from memory, and says why on stderr.
func TestIndexFolderBusy(t *testing.T) {
	docs, dir := mustDocsFolder(t), t.TempDir()
	f, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.WriteString("4242\n")
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runEnv(t, nil, "clause", "--index", dir, "--docs", docs, "第一条")
	if code != exitOK || !strings.Contains(out, "三十日") {
		t.Fatalf("ask on a busy folder: exit %d, out %q, err %q", code, out, errs)
	}
	for _, want := range []string{dir, "another clausebot process (pid 4242)", "indexing in memory this time"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr %q does not say %q", errs, want)
		}
	}
}

// TestIndexFolderDamaged checks that a command on an index folder whose
// manifest was damaged still answers, rebuilt, and says so on stderr,
// naming the folder (found by a fresh-user trial: the rebuild was silent);
// the next command, on the rebuilt folder, says nothing.
func TestIndexFolderDamaged(t *testing.T) {
	docs, dir := mustDocsFolder(t), t.TempDir()
	if code, _, errs := runEnv(t, nil, "clause", "--index", dir, "--docs", docs, "第一条"); code != exitOK {
		t.Fatalf("first build: exit %d, %s", code, errs)
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), []byte("garbage{"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runEnv(t, nil, "clause", "--index", dir, "--docs", docs, "第一条")
	if code != exitOK || !strings.Contains(out, "三十日") {
		t.Fatalf("clause on a damaged folder: exit %d, out %q, err %q", code, out, errs)
	}
	for _, want := range []string{"clausebot: warning: ", "unreadable manifest; rebuilding", dir} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr %q does not say %q", errs, want)
		}
	}
	if _, _, errs := runEnv(t, nil, "clause", "--index", dir, "--docs", docs, "第一条"); strings.Contains(errs, "warning") {
		t.Errorf("the rebuilt folder still warns: %q", errs)
	}
}
