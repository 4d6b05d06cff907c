//go:build unix

package index

import (
	"fmt"
	"io/fs"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// mergeSpace returns an error when the file system holding the generation
// dir has less free space than a merge of it needs: a new segment as large
// as the generation's files, and 1 MiB for bleve's root and the manifest.
// (A merge writes the merged segment beside the old ones, which it removes
// only once the new root is written.)
func mergeSpace(dir string) error {
	var size int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if info, err := d.Info(); err == nil {
			size += info.Size()
		}
		return nil
	})
	if err != nil {
		return err
	}
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return nil // cannot tell: merge as before
	}
	free := int64(st.Bavail) * int64(st.Bsize)
	if need := size + 1<<20; free < need {
		return fmt.Errorf("not enough free space to merge %s: %d KiB free, %d KiB needed", dir, free>>10, need>>10)
	}
	return nil
}
