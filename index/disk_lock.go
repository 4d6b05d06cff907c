//go:build unix

package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// lockDir takes the index folder's lock without waiting, so that one
// process at a time opens or updates it; the process that holds it is
// named in the error. The lock is released by the returned function, or by
// the process ending (a crash leaves no stale lock).
func lockDir(dir string) (unlock func(), err error) {
	p := filepath.Join(dir, "lock")
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		defer f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			buf := make([]byte, 32)
			n, _ := f.ReadAt(buf, 0)
			if pid := strings.TrimSpace(string(buf[:n])); pid != "" {
				return nil, fmt.Errorf("%w (pid %s): wait for it to finish loading, or give this one another index folder", ErrDirBusy, pid)
			}
			return nil, fmt.Errorf("%w: wait for it to finish loading, or give this one another index folder", ErrDirBusy)
		}
		return nil, fmt.Errorf("lock: %w", err)
	}
	f.Truncate(0)
	f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return func() {
		f.Truncate(0)
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
