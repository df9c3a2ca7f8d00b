package pagetext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzStripFurniture checks that StripFurniture never panics, never makes
// the text longer, keeps only lines of its input, in order, never empties a
// text that has a non-space character, is idempotent, and gives what
// stripFurniturePlain, its plain twin, gives.
func FuzzStripFurniture(f *testing.F) {
	for _, tt := range stripTests {
		f.Add(tt.in)
	}
	for _, p := range pageTexts(f) {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := StripFurniture(in)
		if want := stripFurniturePlain(in); out != want {
			t.Fatalf("StripFurniture(%q) = %q, want %q (stripFurniturePlain)", in, out, want)
		}
		if len(out) > len(in) {
			t.Fatalf("StripFurniture(%q) = %q, longer than its input", in, out)
		}
		if strings.TrimSpace(in) != "" && strings.TrimSpace(out) == "" {
			t.Fatalf("StripFurniture(%q) = %q, want text", in, out)
		}
		if utf8.ValidString(in) && !utf8.ValidString(out) {
			t.Fatalf("StripFurniture(%q) = %q, not UTF-8", in, out)
		}
		if !subsequence(strings.Split(out, "\n"), strings.Split(in, "\n")) {
			t.Fatalf("StripFurniture(%q) = %q, lines not taken from the input in order", in, out)
		}
		if again := StripFurniture(out); again != out {
			t.Fatalf("StripFurniture(%q) = %q, want %q (idempotent)", out, again, out)
		}
	})
}

// subsequence reports whether the non-empty elements of sub appear in s in
// the same order.
func subsequence(sub, s []string) bool {
	i := 0
	for _, x := range sub {
		if x == "" {
			continue
		}
		for i < len(s) && s[i] != x {
			i++
		}
		if i == len(s) {
			return false
		}
		i++
	}
	return true
}
