//go:build unix

package index

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMergeSpace checks that a merge is not started when the generation's
// files would not fit again on their file system (scorch retries such a
// merge for ever): a sparse 8 TiB file stands for a generation larger than
// the free space, and a small one fits.
func TestMergeSpace(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "small.zap"), []byte("segment"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := mergeSpace(dir); err != nil {
		t.Fatalf("a 7-byte generation: %v", err)
	}
	f, err := os.Create(filepath.Join(dir, "store", "huge.zap"))
	if err != nil {
		os.Mkdir(filepath.Join(dir, "store"), 0o700)
		if f, err = os.Create(filepath.Join(dir, "store", "huge.zap")); err != nil {
			t.Fatal(err)
		}
	}
	defer f.Close()
	if err := f.Truncate(8 << 40); err != nil {
		t.Skipf("no sparse 8 TiB file here: %v", err)
	}
	if err := mergeSpace(dir); err == nil || !strings.Contains(err.Error(), "not enough free space") || !strings.Contains(err.Error(), dir) {
		t.Errorf("an 8 TiB generation: %v, want 'not enough free space' naming %s", err, dir)
	}
}
