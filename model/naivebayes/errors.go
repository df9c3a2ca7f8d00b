package naivebayes

import "errors"

// Sentinel errors of the package. Callers test for them with errors.Is; the
// errors returned wrap them with the details.
var (
	// ErrEmptyText is returned for a text that holds no non-space character.
	ErrEmptyText = errors.New("text is empty")
	// ErrBadThreshold is returned for a decision threshold outside (0, 1].
	ErrBadThreshold = errors.New("bad threshold")
)

// Sentinel errors of ClassifyHTML: the page cannot be read as an article.
var (
	// ErrNoPageText is returned for a page that holds no visible text.
	ErrNoPageText = errors.New("page has no text")
	// ErrPageTooLarge is returned for a page longer than
	// htmltext.MaxHTMLBytes.
	ErrPageTooLarge = errors.New("page too large")
)
