package naivebayes

import (
	"errors"
	"fmt"

	"github.com/seed134e4861/topicd/model/pagetext/htmltext"
)

// ClassifyHTML classifies the main article of a web page, given its raw
// HTML as a crawler fetched it: htmltext.FromHTML extracts the article's
// title and text, without the page's menus, share buttons, related links
// and footers, and ClassifyWith classifies that text with o. A page with no
// visible text is an error wrapping ErrNoPageText, one over
// htmltext.MaxHTMLBytes an error wrapping ErrPageTooLarge; both wrap
// htmltext's own error too.
func (m *Model) ClassifyHTML(page string, o Options) (Result, error) {
	text, err := htmltext.FromHTML(page)
	switch {
	case errors.Is(err, htmltext.ErrNoText):
		return Result{}, fmt.Errorf("%w: %w", ErrNoPageText, err)
	case errors.Is(err, htmltext.ErrTooLarge):
		return Result{}, fmt.Errorf("%w: %w", ErrPageTooLarge, err)
	case err != nil:
		return Result{}, fmt.Errorf("read page: %w", err)
	}
	r, err := m.ClassifyWith(text, o)
	if errors.Is(err, ErrEmptyText) { // furniture alone: nothing of an article
		return Result{}, fmt.Errorf("%w: %w", ErrNoPageText, err)
	}
	return r, err
}
