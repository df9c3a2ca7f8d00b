package model

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// DefaultThreshold is the probability at or above which a topic is assigned.
const DefaultThreshold = 0.5

// A Model classifies text. It is immutable and safe for concurrent use.
type Model struct {
	header  header
	payload []byte
	snap    snapshot
	version string
}

// Info describes a model.
type Info struct {
	// Version is a hash of the model's content: the same corpus gives the
	// same version.
	Version string
	// Topics are the topics the model scores, sorted by name.
	Topics []string
	// Documents is the number of training documents.
	Documents int
	// TopicDocuments counts the training documents of each topic, in the
	// order of Topics.
	TopicDocuments []int
	// VocabularySize is the number of distinct tokens learned.
	VocabularySize int
	// Tokenizer names the tokenization rules (TokenizerVersion).
	Tokenizer string
	// Threshold is the probability at or above which a topic is assigned.
	Threshold float64
}

// A Score is one topic's probability for a text.
type Score struct {
	Topic       string
	Probability float64
}

// A Result is the classification of one text.
type Result struct {
	// Topics are the topics assigned, most probable first; empty when none
	// applies.
	Topics []string
	// Scores holds every topic of the model, most probable first, ties
	// broken by topic name.
	Scores []Score
	// Tokens is the number of tokens of the text; KnownTokens the number the
	// model learned in training.
	Tokens, KnownTokens int
}

// Info returns the model's description.
func (m *Model) Info() Info {
	return Info{
		Version:        m.version,
		Topics:         slices.Clone(m.header.Topics),
		Documents:      m.header.Documents,
		TopicDocuments: slices.Clone(m.header.TopicDocuments),
		VocabularySize: len(m.snap.index),
		Tokenizer:      m.header.Tokenizer,
		Threshold:      DefaultThreshold,
	}
}

// Version returns the model's version, a hash of its content.
func (m *Model) Version() string { return m.version }

// Classify scores text against every topic and assigns those whose
// probability is at least DefaultThreshold. Each topic's probability comes
// from its own binary naive-Bayes classifier (see snapshot), so the
// probabilities of a text need not sum to 1.
//
// A text with no token the model knows gets no topic: its scores are then the
// priors alone, which say nothing about the text. A text with no non-space
// character is an error wrapping ErrEmptyText.
func (m *Model) Classify(text string) (Result, error) {
	if strings.TrimSpace(text) == "" {
		return Result{}, ErrEmptyText
	}
	tokens := Tokenize(text)
	odds := make([]float64, len(m.snap.topics))
	known := m.snap.logOdds(tokens, odds)
	r := Result{
		Scores:      make([]Score, len(odds)),
		Tokens:      len(tokens),
		KnownTokens: known,
	}
	for t, l := range odds {
		r.Scores[t] = Score{Topic: m.snap.topics[t], Probability: probability(l)}
	}
	slices.SortStableFunc(r.Scores, func(a, b Score) int {
		if c := cmp.Compare(b.Probability, a.Probability); c != 0 {
			return c
		}
		return strings.Compare(a.Topic, b.Topic)
	})
	if known > 0 {
		for _, s := range r.Scores {
			if s.Probability >= DefaultThreshold {
				r.Topics = append(r.Topics, s.Topic)
			}
		}
	}
	return r, nil
}

// String describes the model in one line.
func (m *Model) String() string {
	return fmt.Sprintf("model %s (%d documents, %d tokens, topics %s)",
		m.version, m.header.Documents, len(m.snap.index), strings.Join(m.header.Topics, ","))
}
