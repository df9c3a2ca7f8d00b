package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"text/tabwriter"

	"github.com/seed134e4861/topicd/model/features"
)

// printVersion prints what build this is: the module's version, the VCS
// revision and time it was built from (with "modified" when the work tree
// had changes), the Go version, and the version of the model it serves by
// default, trained at start on the embedded corpus (training it takes a
// moment). A field the build does not record, such as the revision of a
// build with -buildvcs=false, is printed as "unknown".
func printVersion(w io.Writer) error {
	module, revision, vcsTime, modified := "unknown", "unknown", "unknown", ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; v != "" {
			module = bi.Main.Path + " " + v
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.time":
				vcsTime = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					modified = " (modified)"
				}
			}
		}
	}
	m, err := loadModel(nil, "")
	if err != nil {
		return fmt.Errorf("training the embedded model: %w", err)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "topicd\t%s\n", module)
	fmt.Fprintf(tw, "revision\t%s%s\n", revision, modified)
	fmt.Fprintf(tw, "time\t%s\n", vcsTime)
	fmt.Fprintf(tw, "go\t%s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(tw, "model\t%s (embedded corpus)\n", m.Version())
	fmt.Fprintf(tw, "tokenizer\t%s\n", features.Version)
	return tw.Flush()
}
