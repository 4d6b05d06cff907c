//go:build !unix

package index

import (
	"fmt"
	"os"
	"path/filepath"
)

// lockDir takes the index folder's lock by creating DIR/lock exclusively;
// unlike the flock used on Unix, a crash leaves it behind.
func lockDir(dir string) (unlock func(), err error) {
	p := filepath.Join(dir, "lock")
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if os.IsExist(err) {
		return nil, fmt.Errorf("%w (or a crashed one left %s: remove it)", ErrDirBusy, p)
	}
	if err != nil {
		return nil, err
	}
	f.Close()
	return func() { os.Remove(p) }, nil
}
