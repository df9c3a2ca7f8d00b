package pagetext

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// pageTexts returns the hand-written plain-text pages in testdata/text.
func pageTexts(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob("testdata/text/*-page.txt")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no pages in testdata/text: %v", err)
	}
	var out []string
	for _, f := range files {
		out = append(out, readFile(tb, f))
	}
	return out
}

func readFile(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// checkGolden compares got with the golden file name, or rewrites it with
// -update.
func checkGolden(t *testing.T, call, name, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(name, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want := readFile(t, name)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s mismatch with %s (-want +got):\n%s", call, name, diff)
	}
}

// TestStripFurniturePages runs whole hand-written pages, one per language,
// against their golden output: the headline and the article's paragraphs.
func TestStripFurniturePages(t *testing.T) {
	files, _ := filepath.Glob("testdata/text/*-page.txt")
	for _, f := range files {
		got := StripFurniture(readFile(t, f))
		checkGolden(t, "StripFurniture("+f+")", strings.TrimSuffix(f, ".txt")+".golden", got)
	}
}
