package pagetext

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/seed134e4861/topicd/internal/golden"
)

// pageTexts returns the hand-written plain-text pages in testdata/text.
func pageTexts(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob("testdata/text/*-page.txt")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no pages in testdata/text: %v", err)
	}
	var out []string
	for _, f := range files {
		out = append(out, golden.Read(tb, f))
	}
	return out
}

// TestStripFurniturePages runs whole hand-written pages, one per language,
// against their golden output: the headline and the article's paragraphs.
func TestStripFurniturePages(t *testing.T) {
	files, _ := filepath.Glob("testdata/text/*-page.txt")
	for _, f := range files {
		got := StripFurniture(golden.Read(t, f))
		golden.Check(t, "StripFurniture("+f+")", strings.TrimSuffix(f, ".txt")+".golden", got)
	}
}
