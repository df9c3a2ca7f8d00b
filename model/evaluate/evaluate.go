// Package evaluate measures a model's topics against labels: per-topic
// outcomes (true and false positives and negatives), precision, recall and
// F1, on a labelled set or in cross-validation over a training corpus; the
// calibration of its probabilities (calibration.go); and how its verdicts
// hold up across the forms texts come in: length buckets, page furniture
// (forms.go).
package evaluate

import (
	"slices"

	"github.com/seed134e4861/topicd/model"
	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/model/features"
	"github.com/seed134e4861/topicd/model/naivebayes"
)

// Outcomes are the outcomes of one topic's yes/no decisions over a set of
// texts: true positives, false positives, false negatives and true
// negatives.
type Outcomes struct {
	TP, FP, FN, TN int
}

func (c *Outcomes) add(o Outcomes) {
	c.TP += o.TP
	c.FP += o.FP
	c.FN += o.FN
	c.TN += o.TN
}

// Precision is TP/(TP+FP), or 0 when nothing was predicted.
func (c Outcomes) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP/(TP+FN), or 0 when nothing was to be found.
func (c Outcomes) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 is the harmonic mean of precision and recall: 2TP/(2TP+FP+FN), or 0
// when there was nothing to find and nothing was predicted.
func (c Outcomes) F1() float64 { return ratio(2*c.TP, 2*c.TP+c.FP+c.FN) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// An Evaluation compares predicted topics with the labels of a set of texts.
type Evaluation struct {
	// Topics are the topics evaluated, sorted; Outcomes holds their
	// outcomes in the same order.
	Topics   []string
	Outcomes []Outcomes
	// Items is the number of texts; Exact how many got exactly their labels.
	Items, Exact int
	// NoTopic is the number of texts labelled with no topic; Untagged how
	// many of those got no topic.
	NoTopic, Untagged int
}

// Evaluate scores predictions against the labels of docs: predicted[i] holds
// the topics assigned to docs[i].
func Evaluate(docs []corpus.Document, predicted [][]string) Evaluation {
	topics := model.Topics()
	e := Evaluation{Topics: topics, Outcomes: make([]Outcomes, len(topics))}
	for i, d := range docs {
		e.Items++
		if slices.Equal(d.Topics, slices.Sorted(slices.Values(predicted[i]))) {
			e.Exact++
		}
		if len(d.Topics) == 0 {
			e.NoTopic++
			if len(predicted[i]) == 0 {
				e.Untagged++
			}
		}
		for t, topic := range topics {
			gold, got := slices.Contains(d.Topics, topic), slices.Contains(predicted[i], topic)
			switch {
			case gold && got:
				e.Outcomes[t].TP++
			case got:
				e.Outcomes[t].FP++
			case gold:
				e.Outcomes[t].FN++
			default:
				e.Outcomes[t].TN++
			}
		}
	}
	return e
}

// Micro returns the outcomes pooled over all topics; its F1 is the micro-F1.
func (e Evaluation) Micro() Outcomes {
	var all Outcomes
	for _, c := range e.Outcomes {
		all.add(c)
	}
	return all
}

// MacroF1 is the mean of the topics' F1.
func (e Evaluation) MacroF1() float64 {
	if len(e.Outcomes) == 0 {
		return 0
	}
	sum := 0.0
	for _, c := range e.Outcomes {
		sum += c.F1()
	}
	return sum / float64(len(e.Outcomes))
}

// UntaggedShare is the share of the texts labelled with no topic that got
// none, or 0 when there were none.
func (e Evaluation) UntaggedShare() float64 { return ratio(e.Untagged, e.NoTopic) }

// Predict classifies every document of docs with m at the given decision
// threshold and returns the topics assigned to each.
func Predict(m *naivebayes.Model, docs []corpus.Document, threshold float64) ([][]string, error) {
	texts := make([]string, len(docs))
	for i, d := range docs {
		texts[i] = d.Text
	}
	preds, err := Score(m, texts, threshold)
	if err != nil {
		return nil, err
	}
	return TopicsOf(preds), nil
}

// A Prediction is a model's verdict on one text: the topics it assigned,
// and every topic's probability in the order of model.Topics().
type Prediction struct {
	Topics        []string
	Probabilities []float64
}

// Score classifies every text with m at the given decision threshold.
func Score(m *naivebayes.Model, texts []string, threshold float64) ([]Prediction, error) {
	topics := model.Topics()
	out := make([]Prediction, len(texts))
	for i, text := range texts {
		r, err := m.ClassifyWith(text, naivebayes.Options{Threshold: threshold})
		if err != nil {
			return nil, err
		}
		out[i] = Prediction{Topics: r.Topics, Probabilities: make([]float64, len(topics))}
		for _, s := range r.Scores {
			if t := slices.Index(topics, s.Topic); t >= 0 {
				out[i].Probabilities[t] = s.Probability
			}
		}
	}
	return out, nil
}

// TopicsOf returns the topics assigned in each prediction.
func TopicsOf(preds []Prediction) [][]string {
	out := make([][]string, len(preds))
	for i, p := range preds {
		out[i] = p.Topics
	}
	return out
}

// Pairs returns, for topic number t of model.Topics(), each document's
// probability of it in preds and whether its labels carry it: the input
// of Calibrate.
func Pairs(docs []corpus.Document, preds []Prediction, t int) (probs []float64, labels []bool) {
	topic := model.Topics()[t]
	probs, labels = make([]float64, len(docs)), make([]bool, len(docs))
	for i, d := range docs {
		probs[i], labels[i] = preds[i].Probabilities[t], slices.Contains(d.Topics, topic)
	}
	return probs, labels
}

// CrossValidate predicts every document of the corpus with a model trained
// on the others of k folds, at the given decision threshold: document i
// (in the corpus's order, by ID) is in fold i mod k, so the folds are the
// same on every run. k is capped at the number of documents (then it is
// leave-one-out). As in LeaveOneOut, a topic with no example (or no
// counter-example) outside a fold gets probability 0 (or 1) in it.
func CrossValidate(c *corpus.Corpus, k int, threshold float64) ([]Prediction, error) {
	n := len(c.Documents)
	k = min(k, n)
	feats := make([][]string, n)
	for i, d := range c.Documents {
		feats[i] = features.Features(d.Text)
	}
	out := make([]Prediction, n)
	for f := range k {
		var docs, held []corpus.Document
		var fs [][]string
		var idx []int
		for i, d := range c.Documents {
			if i%k == f {
				held, idx = append(held, d), append(idx, i)
				continue
			}
			docs, fs = append(docs, d), append(fs, feats[i])
		}
		m, err := naivebayes.TrainFeatures(docs, fs)
		if err != nil {
			return nil, err
		}
		texts := make([]string, len(held))
		for j, d := range held {
			texts[j] = d.Text
		}
		preds, err := Score(m, texts, threshold)
		if err != nil {
			return nil, err
		}
		for j, i := range idx {
			out[i] = preds[j]
		}
	}
	return out, nil
}

// LeaveOneOut predicts every document of the corpus with a model trained on
// all the others, at the given decision threshold.
//
// When leaving a document out leaves a topic with no example (or no
// counter-example), that topic's prior is 0 (or 1) and so is its
// probability for the document: naive Bayes cannot predict a topic it has
// never seen.
func LeaveOneOut(c *corpus.Corpus, threshold float64) ([][]string, error) {
	out := make([][]string, len(c.Documents))
	feats := make([][]string, len(c.Documents))
	for i, d := range c.Documents {
		feats[i] = features.Features(d.Text)
	}
	for i, d := range c.Documents {
		rest := slices.Delete(slices.Clone(c.Documents), i, i+1)
		m, err := naivebayes.TrainFeatures(rest, slices.Delete(slices.Clone(feats), i, i+1))
		if err != nil {
			return nil, err
		}
		r, err := m.ClassifyWith(d.Text, naivebayes.Options{Threshold: threshold})
		if err != nil {
			return nil, err
		}
		out[i] = r.Topics
	}
	return out, nil
}
