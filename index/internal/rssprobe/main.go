// Command rssprobe runs a command once and prints its wall time and peak
// resident set size, for the one-shot benchmarks (BenchmarkAskSideBySide,
// BenchmarkAskOneShot): one line "WALL_NS MAXRSS_KIB" on stdout, after the
// command's own output, which goes to /dev/null unless it fails.
//
// It exists because Linux charges a child's ru_maxrss with the memory of
// the process that started it: Go starts children with a vfork-style clone
// sharing the parent's memory, and exec records that memory's high-water
// mark in the child's maxrss. A benchmark that started the command itself
// would report its own heap. This program is small (a few MB), so the
// figure it reports is the command's own unless the command peaks below
// that.
//
// usage: rssprobe COMMAND [ARGUMENT…]
package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: rssprobe COMMAND [ARGUMENT…]")
		os.Exit(2)
	}
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	t0 := time.Now()
	err := cmd.Run()
	wall := time.Since(t0)
	if err != nil {
		fmt.Fprintf(os.Stderr, "rssprobe: %s: %v\n%s", os.Args[1], err, stderr.Bytes())
		os.Exit(1)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		fmt.Fprintln(os.Stderr, "rssprobe: no rusage on this platform")
		os.Exit(1)
	}
	fmt.Println(wall.Nanoseconds(), ru.Maxrss)
}
