package app

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// Version describes this build from what the Go toolchain recorded in it:
// the main module's version and, when the build stamped them, the VCS
// revision, its time and whether the tree had uncommitted changes. A
// build without module information (or without a tag, such as
// "go build" in a checkout) says "(devel)".
func Version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(devel)"
	}
	return versionOf(bi)
}

func versionOf(bi *debug.BuildInfo) string {
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, at string
	var dirty bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return v
	}
	v += " " + rev[:min(len(rev), 12)]
	if dirty {
		v += "+dirty"
	}
	if at != "" {
		v += " " + at
	}
	return v
}

// runVersion prints the build's version and the Go release that built it.
func runVersion(stdout io.Writer) error {
	_, err := fmt.Fprintf(stdout, "flashback %s %s\n", Version(), runtime.Version())
	return err
}
