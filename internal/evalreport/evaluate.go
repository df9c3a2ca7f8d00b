// Package evalreport evaluates models trained on corpora, on a held-out
// development set and in leave-one-out over each training corpus, and
// writes the comparison as Markdown tables: what "server eval" prints.
// Evaluate computes (evaluate.go); WriteMarkdown renders (markdown.go).
package evalreport

import (
	"errors"
	"fmt"
	"strings"

	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/model/evaluate"
	"github.com/seed134e4861/topicd/model/naivebayes"
)

// Corpus is a training corpus of the comparison, under the name its model
// has in the tables, such as "seeds only" or "full".
type Corpus struct {
	Name   string
	Corpus *corpus.Corpus
}

// Options choose what Evaluate computes and WriteMarkdown prints.
type Options struct {
	Threshold   float64 // decision probability, in (0, 1]
	LeaveOneOut bool    // also evaluate each model in leave-one-out over its corpus
	Verbose     bool    // list the development items the last model gets wrong
}

// Report is the evaluation of each corpus's model, ready to print.
type Report struct {
	opts   Options
	dev    *corpus.Corpus
	models []*evalModel
}

// evalModel is one model of the comparison: its corpus, the model trained
// on it, and its predictions.
type evalModel struct {
	name   string
	corpus *corpus.Corpus
	model  *naivebayes.Model
	dev    [][]string // topics predicted for each development item
	loo    [][]string // topics predicted for each training document, left out
}

// Evaluate trains a model on each corpus and predicts the topics of dev's
// items with it (and, with LeaveOneOut, of each training document with a
// model trained without it). It fails before training when a development
// text is also a training text.
func Evaluate(dev *corpus.Corpus, corpora []Corpus, opts Options) (*Report, error) {
	r := &Report{opts: opts, dev: dev}
	for _, c := range corpora {
		if err := checkHeldOut(c.Corpus, dev); err != nil {
			return nil, err
		}
	}
	for _, c := range corpora {
		em := &evalModel{name: c.Name, corpus: c.Corpus}
		var err error
		if em.model, err = naivebayes.Train(em.corpus); err != nil {
			return nil, fmt.Errorf("%s model: %w", em.name, err)
		}
		if em.dev, err = evaluate.Predict(em.model, dev.Documents, opts.Threshold); err != nil {
			return nil, fmt.Errorf("%s model: %w", em.name, err)
		}
		if opts.LeaveOneOut {
			if em.loo, err = evaluate.LeaveOneOut(em.corpus, opts.Threshold); err != nil {
				return nil, fmt.Errorf("%s model, leave-one-out: %w", em.name, err)
			}
		}
		r.models = append(r.models, em)
	}
	return r, nil
}

// checkHeldOut fails when a development text is also a training text.
func checkHeldOut(train, dev *corpus.Corpus) error {
	texts := make(map[string]string, len(train.Documents))
	for _, d := range train.Documents {
		texts[strings.TrimSpace(d.Text)] = d.ID
	}
	var errs []error
	for _, d := range dev.Documents {
		if id, ok := texts[strings.TrimSpace(d.Text)]; ok {
			errs = append(errs, fmt.Errorf("development item %s is training document %s", d.ID, id))
		}
	}
	return errors.Join(errs...)
}
