package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/seed134e4861/topicd/internal/buildinfo"
	"github.com/seed134e4861/topicd/model/features"
)

// printVersion prints which build this is (see package buildinfo) and the
// version of the model it serves by default, trained on the embedded
// corpus (which takes a moment).
func printVersion(w io.Writer) error {
	m, err := loadModel(nil, "")
	if err != nil {
		return fmt.Errorf("training the embedded model: %w", err)
	}
	b := buildinfo.Read()
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "topicd\t%s\nrevision\t%s\ntime\t%s\ngo\t%s\n", b.Module, b.Revision, b.Time, b.Go)
	fmt.Fprintf(tw, "model\t%s (embedded corpus)\ntokenizer\t%s\n", m.Version(), features.Version)
	return tw.Flush()
}
