package model

import "errors"

// Sentinel errors of the package. Callers test for them with errors.Is; the
// errors returned wrap them with the details (which file, which line, why).
var (
	// ErrEmptyText is returned for a text that holds no non-space character.
	ErrEmptyText = errors.New("text is empty")
	// ErrBadCorpus is returned when a training corpus cannot be used: a
	// malformed manifest line, an unknown topic, a missing or empty file, a
	// duplicate id, or a topic without positive or negative examples.
	ErrBadCorpus = errors.New("bad corpus")
	// ErrBadModelFile is returned when a model file is corrupt, truncated,
	// not a topicd model file, or written by an incompatible version.
	ErrBadModelFile = errors.New("bad model file")
	// ErrBadThreshold is returned for a decision threshold outside (0, 1].
	ErrBadThreshold = errors.New("bad threshold")
)
