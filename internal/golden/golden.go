// Package golden compares test output with golden files, and rewrites
// them when the test binary runs with -update. It is for tests only.
package golden

import (
	"flag"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// Read returns the content of the file name, failing tb on an error.
func Read(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// Check compares got, what call returned, with the golden file name, or
// rewrites the file with -update.
func Check(t *testing.T, call, name, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(name, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want := Read(t, name)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s mismatch with %s (-want +got):\n%s", call, name, diff)
	}
}
