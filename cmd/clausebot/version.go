package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is the release, set at build time:
//
//	go build -ldflags "-X main.version=v1.4.0" ./cmd/clausebot
//
// .ci/build sets it from $CLAUSEBOT_VERSION. "dev" means an untagged build.
var version = "dev"

// buildInfo is what a binary knows about how it was built.
type buildInfo struct {
	Version   string // main.version
	GoVersion string // the toolchain, "go1.26.8"
	Platform  string // GOOS/GOARCH
	Revision  string // the VCS commit, "" when not stamped (-buildvcs=false)
	Modified  bool   // the work tree had uncommitted changes
}

// readBuildInfo collects buildInfo from the binary.
func readBuildInfo() buildInfo {
	b := buildInfo{Version: version, GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				b.Revision = s.Value
			case "vcs.modified":
				b.Modified = s.Value == "true"
			}
		}
	}
	return b
}

// String is the one line `clausebot version` prints:
// "clausebot v1.4.0 (go1.26.8 linux/amd64, commit 1a2b3c4d5e6f)".
func (b buildInfo) String() string {
	s := fmt.Sprintf("clausebot %s (%s %s", b.Version, b.GoVersion, b.Platform)
	if b.Revision != "" {
		s += ", commit " + b.Revision[:min(12, len(b.Revision))]
		if b.Modified {
			s += "+modified"
		}
	}
	return s + ")"
}

// versionCmd prints the version line.
func (c *cli) versionCmd(ctx context.Context, args []string) int {
	if len(args) > 0 {
		if args[0] == "-h" || args[0] == "--help" {
			fmt.Fprintln(c.stdout, "usage: clausebot version")
			return exitOK
		}
		fmt.Fprintf(c.stderr, "clausebot version: unexpected argument %q (usage: clausebot version)\n", args[0])
		return exitUsage
	}
	fmt.Fprintln(c.stdout, readBuildInfo())
	return exitOK
}
