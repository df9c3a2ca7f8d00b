package model

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"io/fs"
	"slices"

	"github.com/jbrukh/bayesian"
)

// notPrefix names a topic's negative class in the training store.
const notPrefix = "not:"

// storeClasses returns the classes of the training store: for each topic, in
// order, the topic itself and its negative class "not:TOPIC".
func storeClasses(topics []string) []bayesian.Class {
	classes := make([]bayesian.Class, 0, 2*len(topics))
	for _, t := range topics {
		classes = append(classes, bayesian.Class(t), bayesian.Class(notPrefix+t))
	}
	return classes
}

// Train trains a model on the corpus: for every topic, each document's tokens
// are learned by the topic's class when the document carries the topic and by
// its "not:" class when it does not. The training store is one
// bayesian.Classifier holding both classes of every topic, so its Learned count
// is the number of documents times the number of topics.
//
// Training is deterministic: the same corpus gives the same model, byte for
// byte, and so the same version.
func Train(c *Corpus) (*Model, error) { return train(c, true) }

// train trains a model on the corpus. Unless balanced is set, a topic may
// lack examples or counter-examples: its prior is then 0 or 1. Only
// LeaveOneOut asks for that; a model file never holds such a model.
func train(c *Corpus, balanced bool) (*Model, error) {
	if c == nil || len(c.Documents) == 0 {
		return nil, fmt.Errorf("%w: no documents", ErrBadCorpus)
	}
	feats := make([][]string, len(c.Documents))
	for i, d := range c.Documents {
		feats[i] = Features(d.Text)
	}
	return trainFeatures(c.Documents, feats, balanced)
}

// trainFeatures trains a model on the documents, feats[i] holding the
// features of docs[i].
func trainFeatures(docs []Document, feats [][]string, balanced bool) (*Model, error) {
	if errs := checkBalance(docs); balanced && len(errs) > 0 {
		return nil, fmt.Errorf("%w: %w", ErrBadCorpus, errors.Join(errs...))
	}
	store := bayesian.NewClassifier(storeClasses(topics[:])...)
	h := header{
		Tokenizer:      TokenizerVersion,
		Alpha:          Alpha,
		Topics:         Topics(),
		Documents:      len(docs),
		TopicDocuments: make([]int, len(topics)),
	}
	for i, d := range docs {
		for j, t := range topics {
			class := bayesian.Class(notPrefix + t)
			if slices.Contains(d.Topics, t) {
				class = bayesian.Class(t)
				h.TopicDocuments[j]++
			}
			store.Learn(feats[i], class)
		}
	}
	payload, err := encodeStore(store)
	if err != nil {
		return nil, err
	}
	return newModel(h, payload, balanced)
}

// TrainFS loads the corpus in fsys (see LoadCorpus) and trains a model on it.
func TrainFS(fsys fs.FS) (*Model, error) {
	c, err := LoadCorpus(fsys)
	if err != nil {
		return nil, err
	}
	return Train(c)
}

// newModel builds a model from a header and a training-store payload, checking
// that the two agree. Training and loading a file both come through here, so a
// trained model and the same model read back from its file are the same.
// Unless balanced is set, a topic may lack examples or counter-examples.
func newModel(h header, payload []byte, balanced bool) (*Model, error) {
	if h.Tokenizer != TokenizerVersion {
		return nil, fmt.Errorf("%w: tokenizer %q, this binary has %q", ErrBadModelFile, h.Tokenizer, TokenizerVersion)
	}
	if err := checkStore(payload); err != nil {
		return nil, fmt.Errorf("%w: training store: %w", ErrBadModelFile, err)
	}
	var store gobClassifier
	if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(&store); err != nil {
		return nil, fmt.Errorf("%w: training store: %w", ErrBadModelFile, err)
	}
	// The library must read the payload too: it is its format.
	if _, err := bayesian.NewClassifierFromReader(bytes.NewReader(payload)); err != nil {
		return nil, fmt.Errorf("%w: training store: %w", ErrBadModelFile, err)
	}
	snap, err := compile(h, &store, balanced)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadModelFile, err)
	}
	return &Model{header: h, payload: payload, snap: snap, version: version(h, payload)}, nil
}
