//go:build linux

package index

import (
	"io/fs"
	"syscall"
)

// fileIdentity returns the inode, device and change time (ns) of a file
// read through os.DirFS, which git's index also compares: a file
// rewritten with its size and modification time restored still has a new
// change time. ok is false for a file system that does not give them (an
// fs.FS in memory), whose files are then always read and hashed.
func fileIdentity(info fs.FileInfo) (ino, dev uint64, ctimeNs int64, ok bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, 0, false
	}
	return uint64(st.Ino), uint64(st.Dev), st.Ctim.Nano(), true
}
