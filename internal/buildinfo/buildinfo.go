// Package buildinfo tells which build of topicd is running, from the
// information the Go toolchain records in the binary
// (runtime/debug.ReadBuildInfo).
package buildinfo

import (
	"runtime"
	"runtime/debug"
)

// Info is what the build recorded. A field it did not record, such as the
// revision of a build with -buildvcs=false or outside a git checkout, is
// "unknown".
type Info struct {
	Module   string // the main module's path and version, such as "github.com/seed134e4861/topicd (devel)"
	Revision string // the VCS revision, with " (modified)" when the work tree had changes
	Time     string // the revision's commit time, RFC 3339
	Go       string // the Go version, OS and architecture
}

// Read returns the running binary's build information.
func Read() Info {
	info := Info{Module: "unknown", Revision: "unknown", Time: "unknown",
		Go: runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return info
	}
	if v := bi.Main.Version; v != "" {
		info.Module = bi.Main.Path + " " + v
	}
	modified := ""
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			info.Revision = s.Value
		case "vcs.time":
			info.Time = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = " (modified)"
			}
		}
	}
	if info.Revision != "unknown" {
		info.Revision += modified
	}
	return info
}
