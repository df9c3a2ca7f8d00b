package naivebayes

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"

	"github.com/seed134e4861/topicd/model"
	"github.com/seed134e4861/topicd/model/features"
)

// Counts are what training learned, and all a model is made of: New
// compiles them into a Model, and a model file (package modelfile) stores
// them. The JSON names of the fields are part of the model's version (see
// Model.Version).
type Counts struct {
	// Tokenizer is the features.Version of the features counted.
	Tokenizer string `json:"tokenizer"`
	// Alpha is the additive smoothing of the feature probabilities.
	Alpha float64 `json:"alpha"`
	// Topics are the model's topics: distinct, sorted, and known to
	// package model.
	Topics []string `json:"topics"`
	// Documents is the number of training documents.
	Documents int `json:"documents"`
	// TopicDocuments counts the training documents carrying each topic, in
	// the order of Topics.
	TopicDocuments []int `json:"topic_documents"`
	// Classes holds, for each topic in the order of Topics, the feature
	// counts of its two classes.
	Classes []TopicCounts `json:"classes"`
	// Calibration holds, for each topic in the order of Topics, the map
	// from its naive-Bayes log-odds to its probability, fitted in
	// cross-validation at training time; empty for raw naive-Bayes
	// probabilities.
	Calibration []TopicCalibration `json:"calibration,omitempty"`
}

// TopicCounts are the feature counts of one topic's binary classifier:
// those of the documents that carry the topic (Yes) and of those that do
// not (No, the class "not:TOPIC" of the training store).
type TopicCounts struct {
	Yes ClassCounts `json:"yes"`
	No  ClassCounts `json:"no"`
}

// ClassCounts are the feature counts of one class.
type ClassCounts struct {
	// Features gives, for each feature the class learned, how many times
	// its documents hold it: a whole number from 1 to 2^53, kept as a
	// float64 as jbrukh/bayesian keeps it.
	Features map[string]float64 `json:"features"`
	// Total is the sum of Features.
	Total int `json:"total"`
}

// maxAlpha bounds the smoothing a model may declare.
const maxAlpha = 100

// notPrefix names a topic's negative class.
const notPrefix = "not:"

// check reports the first thing wrong with the counts. Unless balanced is
// set, a topic that no document (or every document) carries is accepted.
func (c *Counts) check(balanced bool) error {
	if c.Tokenizer != features.Version {
		return fmt.Errorf("tokenizer %s, this binary has %q", quoteShort(c.Tokenizer), features.Version)
	}
	k := len(c.Topics)
	if k == 0 || !slices.IsSorted(c.Topics) || len(slices.Compact(slices.Clone(c.Topics))) != k {
		return errors.New("topics must be distinct and sorted")
	}
	for _, t := range c.Topics {
		if !model.IsTopic(t) {
			return fmt.Errorf("unknown topic %s", quoteShort(t))
		}
	}
	if !(c.Alpha > 0 && c.Alpha <= maxAlpha) {
		return fmt.Errorf("smoothing alpha %v is not in (0, %d]", c.Alpha, maxAlpha)
	}
	if len(c.TopicDocuments) != k {
		return errors.New("one document count per topic is needed")
	}
	if len(c.Classes) != k {
		return errors.New("the counts of two classes per topic are needed")
	}
	if c.Documents <= 0 {
		return fmt.Errorf("%d documents, want at least one", c.Documents)
	}
	if len(c.Calibration) != 0 && len(c.Calibration) != k {
		return errors.New("one calibration per topic is needed, or none")
	}
	for t, topic := range c.Topics {
		if len(c.Calibration) != 0 {
			if err := c.Calibration[t].check(topic); err != nil {
				return err
			}
		}
		if dy := c.TopicDocuments[t]; dy < 0 || dy > c.Documents || (balanced && (dy == 0 || dy == c.Documents)) {
			return fmt.Errorf("topic %q: %d of %d documents carry it; both classes need documents", topic, dy, c.Documents)
		}
		if err := c.Classes[t].Yes.check(topic); err != nil {
			return err
		}
		if err := c.Classes[t].No.check(notPrefix + topic); err != nil {
			return err
		}
	}
	return nil
}

// check reports the first count of the class that is not a positive whole
// number, or a total that is not their sum.
func (d *ClassCounts) check(class string) error {
	sum := 0.0
	for _, w := range slices.Sorted(maps.Keys(d.Features)) {
		n := d.Features[w]
		if n < 1 || n != math.Trunc(n) || n > 1<<53 {
			return fmt.Errorf("class %q: count of %s is %v, want a positive whole number", class, quoteShort(w), n)
		}
		sum += n
	}
	if float64(d.Total) != sum {
		return fmt.Errorf("class %q: total %d does not match its counts (%v)", class, d.Total, sum)
	}
	return nil
}

// maxQuoted is how many bytes of a string from the counts an error quotes.
const maxQuoted = 64

// quoteShort quotes s for an error, cut to maxQuoted bytes: counts may come
// from a hostile model file, whose strings an error must not copy whole
// into a log.
func quoteShort(s string) string {
	if len(s) <= maxQuoted {
		return strconv.Quote(s)
	}
	return strconv.Quote(s[:maxQuoted]) + "..."
}

// clone returns a deep copy of the counts, with an empty map for a class
// that learned nothing, so that the copy's canonical form (see version)
// does not depend on how the counts were built.
func (c *Counts) clone() Counts {
	out := *c
	out.Topics = slices.Clone(c.Topics)
	out.TopicDocuments = slices.Clone(c.TopicDocuments)
	out.Classes = slices.Clone(c.Classes)
	out.Calibration = slices.Clone(c.Calibration)
	for i := range out.Classes {
		for _, d := range []*ClassCounts{&out.Classes[i].Yes, &out.Classes[i].No} {
			d.Features = maps.Clone(d.Features)
			if d.Features == nil {
				d.Features = map[string]float64{}
			}
		}
	}
	return out
}

// version derives a model's version from its counts: a hash of their
// canonical form, their JSON encoding (encoding/json writes struct fields
// in order, map keys sorted, and each float64 in its shortest form), so the
// same counts give the same version however they were obtained.
func (c *Counts) version() string {
	b, err := json.Marshal(c)
	if err != nil {
		// Checked counts hold no NaN or infinity, the only values json
		// refuses.
		panic(fmt.Sprintf("naivebayes: encoding checked counts: %v", err))
	}
	sum := sha256.Sum256(b)
	return "nb-" + hex.EncodeToString(sum[:8])
}

// Vocabulary returns every feature any class learned, sorted: the rows of
// the compiled model, and the order of a model file's counts.
func (c *Counts) Vocabulary() []string {
	set := map[string]struct{}{}
	for _, tc := range c.Classes {
		for w := range tc.Yes.Features {
			set[w] = struct{}{}
		}
		for w := range tc.No.Features {
			set[w] = struct{}{}
		}
	}
	return slices.Sorted(maps.Keys(set))
}
