package evaluate

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLengthOf(t *testing.T) {
	words := func(n int) string { return strings.TrimSpace(strings.Repeat("mot ", n)) }
	for _, tt := range []struct {
		text string
		want Length
	}{
		{"", Short},
		{words(40), Short},
		{words(41), Medium},
		{"  " + words(250) + "\n", Medium},
		{words(251), Long},
		{strings.ReplaceAll(words(41), " ", "\n\t"), Medium},
	} {
		if got := LengthOf(tt.text); got != tt.want {
			t.Errorf("LengthOf(%d words) = %v, want %v", len(strings.Fields(tt.text)), got, tt.want)
		}
	}
}

func TestParseFurniture(t *testing.T) {
	text := "Menu | News\nShare\n---\n\n© 2025 Paper\n\n---\n  \n---\nLast block\r\nfooter\r\n"
	want := []string{"Menu | News\nShare", "© 2025 Paper", "Last block\nfooter"}
	if diff := cmp.Diff(want, ParseFurniture(text)); diff != "" {
		t.Errorf("ParseFurniture(%q) (-want +got):\n%s", text, diff)
	}
}

func TestWrap(t *testing.T) {
	for _, tt := range []struct{ text, block, want string }{
		{"Article.", "menu\nshare\nread more\ncookies\nfooter", "menu\nshare\nArticle.\nread more\ncookies\nfooter"},
		{"Article.", "menu\nfooter", "menu\nArticle.\nfooter"},
		{"Article.", "footer", "Article.\nfooter"},
	} {
		if got := Wrap(tt.text, tt.block); got != tt.want {
			t.Errorf("Wrap(%q, %q) = %q, want %q", tt.text, tt.block, got, tt.want)
		}
	}
}

func TestUnchanged(t *testing.T) {
	before := [][]string{{"leak", "hacktivism"}, nil, {"leak"}, {}, {"state_actor"}}
	after := [][]string{{"hacktivism", "leak"}, {}, nil, {"leak"}, {"state_actor"}}
	if got := Unchanged(before, after); got != 3 {
		t.Errorf("Unchanged(%q, %q) = %d, want 3", before, after, got)
	}
}
