package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/seed134e4861/topicd/internal/servingtest"
)

// TestHTML checks that --html sends each input as a page, whose article is
// tagged: the same topics as the article's text.
func TestHTML(t *testing.T) {
	addr := startServer(t)
	page := filepath.Join(t.TempDir(), "page.html")
	if err := os.WriteFile(page, []byte(servingtest.OnTopicPage), 0o644); err != nil {
		t.Fatal(err)
	}
	article := decodeResults(t, mustRun(t, addr, "", "--json", servingtest.OnTopicPageArticle))
	for _, tt := range []struct {
		name  string
		stdin string
		args  []string
	}{
		{"file", "", []string{"--json", "--html", "-f", page}},
		{"stdin", servingtest.OnTopicPage, []string{"--json", "--html"}},
		{"arg", "", []string{"--json", "--html", servingtest.OnTopicPage}},
	} {
		results := decodeResults(t, mustRun(t, addr, tt.stdin, tt.args...))
		if len(results) != 1 || len(results[0].Topics) == 0 || !slices.Equal(slices.Sorted(slices.Values(results[0].Topics)), slices.Sorted(slices.Values(article[0].Topics))) {
			t.Errorf("%s: topicctl %q = %+v, want one result with its article's topics %q", tt.name, tt.args, results, article[0].Topics)
		}
	}
	// Without --html, the page is text: its markup counts as words.
	text := decodeResults(t, mustRun(t, addr, "", "--json", "-f", page))
	if len(text) != 1 || text[0].Tokens <= decodeResults(t, mustRun(t, addr, "", "--json", "--html", "-f", page))[0].Tokens {
		t.Errorf("topicctl -f page.html without --html = %+v, want more features than the article's", text)
	}
	if _, err := topicctl(t, addr, "", "--html", "<html><body></body></html>"); status.Code(err) != codes.InvalidArgument {
		t.Errorf("topicctl --html with a page without text = %v, want the server's InvalidArgument", err)
	}
}

// TestLanguageTable checks that the table names each text's language and
// why the model abstained.
func TestLanguageTable(t *testing.T) {
	addr := startServer(t)
	for _, tt := range []struct {
		text string
		want []string // lines, as regular expressions
	}{
		{servingtest.OnTopicText, []string{`^arg 1 +topics: \S.* +language fr +threshold`}},
		{servingtest.GermanText, []string{`^arg 1 +topics: \(none\) +language de +threshold`, `^  abstained: unsupported language \(de\)$`}},
		{servingtest.SpanishText, []string{`language es`, `^  abstained: unsupported language \(es\)$`}},
		{"zzzz qqqq xylophone", []string{`language und`, `^  abstained: weak evidence \(0 known features\)$`}},
	} {
		out := mustRun(t, addr, "", tt.text)
		for _, want := range tt.want {
			if !regexp.MustCompile("(?m)" + want).MatchString(out) {
				t.Errorf("topicctl %.30q table lacks a line matching %q:\n%s", tt.text, want, out)
			}
		}
		if tt.text == servingtest.OnTopicText && strings.Contains(out, "abstained") {
			t.Errorf("topicctl %.30q table says the model abstained:\n%s", tt.text, out)
		}
	}
}

func TestInfoTable(t *testing.T) {
	addr := startServer(t)
	out := mustRun(t, addr, "", "info")
	if !regexp.MustCompile(`(?m)^languages +en, fr, vi$`).MatchString(out) {
		t.Errorf("topicctl info lacks the languages:\n%s", out)
	}
}

func mustRun(t *testing.T, addr, stdin string, args ...string) string {
	t.Helper()
	out, err := topicctl(t, addr, stdin, args...)
	if err != nil {
		t.Fatalf("topicctl %q: %v", args, err)
	}
	return out
}
