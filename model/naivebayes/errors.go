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
