package naivebayes

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/seed134e4861/topicd/model/features"
)

// newsPage is a small news page around an article on a hack-and-leak
// attributed to a state, with its menu, share buttons, related links,
// cookie banner and footer.
const newsPage = `<!DOCTYPE html>
<html lang="en"><head><title>Hackers leak campaign emails | The Daily Ledger</title>
<script>var analytics = {cookies: "accept"};</script></head>
<body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a> <a href="/sport">Sport</a></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept all cookies</button></div>
<main><article>
<h1>Hackers leak campaign emails</h1>
<p class="byline">By Staff Reporter, 12 March 2024</p>
<p>Hackers working for Russia's military intelligence service stole thousands of emails from the campaign of a
presidential candidate and published them on a website days before the election, officials said on Tuesday.</p>
<p>The government attributed the intrusion to APT28, also known as Fancy Bear, a group of the GRU that has
targeted elections in several countries. Investigators said the stolen documents were leaked to sway voters.</p>
<p>The election commission said the vote would go ahead as planned, and that no voting machine had been touched.</p>
</article></main>
<aside><h2>Read more</h2><ul><li><a href="/a">Markets close higher on tech rally</a></li><li><a href="/b">Local team wins the cup</a></li></ul></aside>
<footer>Share: Facebook | X | LinkedIn | Email. © 2024 The Daily Ledger. All rights reserved.</footer>
</body></html>`

// newsArticle is newsPage's article alone, as plain text.
const newsArticle = `Hackers leak campaign emails

Hackers working for Russia's military intelligence service stole thousands of emails from the campaign of a presidential candidate and published them on a website days before the election, officials said on Tuesday.

The government attributed the intrusion to APT28, also known as Fancy Bear, a group of the GRU that has targeted elections in several countries. Investigators said the stolen documents were leaked to sway voters.

The election commission said the vote would go ahead as planned, and that no voting machine had been touched.`

// TestClassifyHTML checks that a page gets the topics of its article.
func TestClassifyHTML(t *testing.T) {
	m := embeddedModel(t)
	page, err := m.ClassifyHTML(newsPage, Options{})
	if err != nil {
		t.Fatalf("ClassifyHTML: %v", err)
	}
	article, err := m.Classify(newsArticle)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Topics) == 0 || !slices.Equal(page.Topics, article.Topics) {
		t.Errorf("ClassifyHTML(page) = topics %q, want its article's %q, and some", page.Topics, article.Topics)
	}
	if page.Language != features.English || page.Abstained {
		t.Errorf("ClassifyHTML(page) = language %q, abstained %v; want en, not abstained", page.Language, page.Abstained)
	}
}

// TestClassifyHTMLOptions checks that ClassifyHTML applies its options.
func TestClassifyHTMLOptions(t *testing.T) {
	m := embeddedModel(t)
	r, err := m.ClassifyHTML(newsPage, Options{Threshold: 1, Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Threshold != 1 || len(r.Scores[0].Evidence) == 0 {
		t.Errorf("ClassifyHTML(threshold 1, explain) = threshold %v, evidence %v; want 1, some", r.Threshold, r.Scores[0].Evidence)
	}
	if _, err := m.ClassifyHTML(newsPage, Options{Threshold: 2}); !errors.Is(err, ErrBadThreshold) {
		t.Errorf("ClassifyHTML(threshold 2) error %v, want ErrBadThreshold", err)
	}
}

// TestClassifyHTMLErrors checks the errors of pages that hold no article.
func TestClassifyHTMLErrors(t *testing.T) {
	m := embeddedModel(t)
	for _, tt := range []struct {
		name, page string
		want       error
	}{
		{"empty", "", ErrNoPageText},
		{"no body text", "<html><head><title></title><script>x()</script></head><body><nav></nav></body></html>", ErrNoPageText},
		{"spaces", "<p>   \n\t </p>", ErrNoPageText},
		{"too large", "<p>" + strings.Repeat("a ", 2<<20+1) + "</p>", ErrPageTooLarge},
	} {
		if _, err := m.ClassifyHTML(tt.page, Options{}); !errors.Is(err, tt.want) {
			t.Errorf("%s: ClassifyHTML error %v, want %v", tt.name, err, tt.want)
		}
	}
}

// BenchmarkClassifyHTML is the HTML path on newsPage (about 2 KB): extract
// the article (htmltext.FromHTML), then classify it. htmltext's own
// benchmarks time the extraction alone.
func BenchmarkClassifyHTML(b *testing.B) {
	m := embeddedModel(b)
	b.SetBytes(int64(len(newsPage)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.ClassifyHTML(newsPage, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
