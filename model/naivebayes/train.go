package naivebayes

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"io/fs"
	"slices"

	"github.com/jbrukh/bayesian"

	"github.com/seed134e4861/topicd/model"
	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/model/features"
)

// Train trains a model on the corpus: for every topic, each document's
// features (features.Features) are learned by the topic's class when the
// document carries the topic and by its "not:" class when it does not.
// jbrukh/bayesian does the learning (its Learn method), in one
// bayesian.Classifier holding both classes of every topic; its counts become
// the model's Counts.
//
// Training is deterministic: the same corpus gives the same counts, and so
// the same model and version. A corpus without examples and
// counter-examples of every topic is an error wrapping corpus.ErrBadCorpus.
func Train(c *corpus.Corpus) (*Model, error) {
	if c == nil || len(c.Documents) == 0 {
		return nil, fmt.Errorf("%w: no documents", corpus.ErrBadCorpus)
	}
	if err := corpus.CheckBalance(c.Documents); err != nil {
		return nil, err
	}
	feats := make([][]string, len(c.Documents))
	for i, d := range c.Documents {
		feats[i] = features.Features(d.Text)
	}
	return train(c.Documents, feats, true)
}

// TrainFS loads the corpus in fsys (see corpus.Load) and trains a model on
// it.
func TrainFS(fsys fs.FS) (*Model, error) {
	c, err := corpus.Load(fsys)
	if err != nil {
		return nil, err
	}
	return Train(c)
}

// TrainFeatures trains a model on docs whose features are already made:
// feats[i] must be features.Features(docs[i].Text). It is for training many
// models on overlapping documents, as leave-one-out evaluation does, making
// each text's features once.
//
// Unlike Train, it accepts documents that leave a topic without examples
// (or counter-examples): that topic's prior is then 0 (or 1) and decides
// alone. New refuses the counts of such a model, so no model file holds one.
func TrainFeatures(docs []corpus.Document, feats [][]string) (*Model, error) {
	if len(docs) == 0 || len(feats) != len(docs) {
		return nil, fmt.Errorf("%w: %d documents, features of %d", corpus.ErrBadCorpus, len(docs), len(feats))
	}
	return train(docs, feats, false)
}

// train learns the documents with jbrukh/bayesian, fits the calibration of
// each topic on held-out scores (fitCalibration), and builds a model of
// both.
func train(docs []corpus.Document, feats [][]string, balanced bool) (*Model, error) {
	topics := model.Topics()
	counts, err := countDocuments(docs, feats, topics)
	if err != nil {
		return nil, err
	}
	docs, feats = byID(docs, feats)
	held, err := crossValidated(docs, feats, topics)
	if err != nil {
		return nil, err
	}
	counts.Calibration = fitCalibration(docs, held, topics)
	return newModel(counts, balanced)
}

// countDocuments learns the documents with jbrukh/bayesian and returns its
// counts, unchecked.
func countDocuments(docs []corpus.Document, feats [][]string, topics []string) (Counts, error) {
	store, topicDocs := learn(docs, feats)
	counts, err := countsOf(store, topics)
	if err != nil {
		return Counts{}, err
	}
	counts.Tokenizer = features.Version
	counts.Alpha = Alpha
	counts.Documents = len(docs)
	counts.TopicDocuments = topicDocs
	return counts, nil
}

// storeClasses returns the classes of the training store: for each topic, in
// order, the topic itself and its negative class "not:TOPIC".
func storeClasses(topics []string) []bayesian.Class {
	classes := make([]bayesian.Class, 0, 2*len(topics))
	for _, t := range topics {
		classes = append(classes, bayesian.Class(t), bayesian.Class(notPrefix+t))
	}
	return classes
}

// learn trains the library's classifier on the documents, feats[i] holding
// the features of docs[i], and counts the documents carrying each topic.
func learn(docs []corpus.Document, feats [][]string) (*bayesian.Classifier, []int) {
	topics := model.Topics()
	store := bayesian.NewClassifier(storeClasses(topics)...)
	topicDocs := make([]int, len(topics))
	for i, d := range docs {
		for j, t := range topics {
			class := bayesian.Class(notPrefix + t)
			if slices.Contains(d.Topics, t) {
				class = bayesian.Class(t)
				topicDocs[j]++
			}
			store.Learn(feats[i], class)
		}
	}
	return store, topicDocs
}

// learnedCounts mirrors the part of the library's gob encoding of a
// classifier (v1.1.0's unexported serializableClassifier and classData)
// that holds what it learned: gob matches fields by name and skips the
// others, so a stream written by Classifier.WriteGob decodes into it.
type learnedCounts struct {
	Datas map[bayesian.Class]*struct {
		Freqs map[string]float64
		Total int
	}
}

// countsOf returns the feature counts of the topics' classes that store
// learned. The library has no exported accessor for its exact counts
// (WordsByClass divides them by the total), so they are read back from its
// own gob encoding: bytes written in this process, not a file.
func countsOf(store *bayesian.Classifier, topics []string) (Counts, error) {
	var b bytes.Buffer
	if err := store.WriteGob(&b); err != nil {
		return Counts{}, fmt.Errorf("encoding the training store: %w", err)
	}
	var learned learnedCounts
	if err := gob.NewDecoder(&b).Decode(&learned); err != nil {
		return Counts{}, fmt.Errorf("reading the training store back: %w", err)
	}
	c := Counts{Topics: topics, Classes: make([]TopicCounts, len(topics))}
	for i, t := range topics {
		for class, dst := range map[string]*ClassCounts{t: &c.Classes[i].Yes, notPrefix + t: &c.Classes[i].No} {
			if d := learned.Datas[bayesian.Class(class)]; d != nil {
				*dst = ClassCounts{Features: d.Freqs, Total: d.Total}
			}
		}
	}
	return c, nil
}
