package htmltext

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/seed134e4861/topicd/model/pagetext"
	"golang.org/x/net/html"
)

// Sentinel errors of FromHTML. Callers test for them with errors.Is.
var (
	// ErrNoText is returned for a page with no visible text.
	ErrNoText = errors.New("page has no text")
	// ErrTooLarge is returned for a page longer than MaxHTMLBytes.
	ErrTooLarge = errors.New("page too large")
)

// Bounds of FromHTML.
const (
	// MaxHTMLBytes is the longest page FromHTML reads: 4 MiB, several
	// times a news page with its inline scripts.
	MaxHTMLBytes = 4 << 20
	// maxElements is the most elements Readability is run on; a larger
	// page goes straight to the visible-text fallback, which is linear.
	maxElements = 20000
	// minArticleRunes is the shortest article Readability must find for
	// FromHTML to trust it: Readability's own threshold (its
	// CharThresholds). Below it, Readability has given up on its stricter
	// passes and returned whatever was longest, navigation included.
	minArticleRunes = 500
)

// FromHTML returns the main text of a page's raw HTML as plain text: the
// title, a blank line, then the article's paragraphs separated by blank
// lines, each paragraph on one line with its spaces collapsed.
//
// The article is found by Readability (codeberg.org/readeck/go-readability/v2,
// a port of Mozilla's Readability.js), which scores the page's blocks by
// their text, commas, link density and class names and keeps the best one
// with its siblings. When it finds less than 500 characters (a short page,
// a list of links, odd markup), FromHTML falls back to the page's visible
// body text without script, style, nav, header, footer, aside, form and
// hidden elements. Either way the text, title first, then goes through
// pagetext.StripFurniture, since articles carry their own furniture that
// Readability keeps: bylines, datelines, inline "Lire aussi" links.
//
// Cost: the page is parsed once by golang.org/x/net/html; Readability then
// copies the document and makes up to four scoring passes over it, and is
// only run on pages of at most 20,000 elements (larger ones take the
// fallback, one walk of the tree). Pages over MaxHTMLBytes are refused
// with ErrTooLarge. BenchmarkFromHTML times a 10 KB page; a 3.4 MB page of
// 19,000 paragraphs took 0.6 s on one core. FromHTML returns ErrNoText
// when no visible text remains. It is deterministic: no network, no clock.
func FromHTML(page string) (string, error) {
	if len(page) > MaxHTMLBytes {
		return "", fmt.Errorf("%w: %d bytes, at most %d", ErrTooLarge, len(page), MaxHTMLBytes)
	}
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil { // only read errors, which a strings.Reader has none of
		return "", fmt.Errorf("parse html: %w", err)
	}
	title, article := readArticle(doc)
	if utf8.RuneCountInString(article) < minArticleRunes {
		article = visibleText(doc)
	}
	if title != "" && !strings.HasPrefix(article, title) {
		article = strings.TrimSpace(title + "\n\n" + article)
	}
	if article == "" {
		return "", ErrNoText
	}
	return pagetext.StripFurniture(article), nil
}

// readArticle runs Readability on a copy of doc and returns the article's
// title and text, normalised by paragraphs; "" for the text when there is
// none or the page has more than maxElements elements.
func readArticle(doc *html.Node) (title, text string) {
	p := readability.NewParser()
	p.MaxElemsToParse = maxElements
	a, err := p.ParseDocument(doc, nil)
	if err != nil || a.Node == nil {
		return "", ""
	}
	var b strings.Builder
	if err := a.RenderText(&b); err != nil {
		return "", ""
	}
	return paragraphs(a.Title()), paragraphs(b.String())
}
