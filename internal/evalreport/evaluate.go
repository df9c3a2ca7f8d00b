// Package evalreport evaluates models trained on corpora, on a held-out
// development set and in cross-validation over each training corpus, and
// writes the comparison as Markdown tables: what "server eval" prints. For
// the last model it also measures, on the development set, the calibration
// of its probabilities and its verdicts per length bucket, in page
// furniture and on HTML pages. Evaluate computes (evaluate.go, forms.go);
// WriteMarkdown renders (markdown.go, forms.go).
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
	Threshold float64 // decision probability, in (0, 1]
	Folds     int     // if > 0, also evaluate each model in this many-fold cross-validation over its corpus
	Verbose   bool    // list the development items the last model gets wrong
	// HTML, if set, holds held-out raw HTML pages: the last model
	// classifies the text htmltext.FromHTML extracts from each.
	HTML *corpus.Corpus
	// Articles, if set, maps the ID of an HTML page to the text of the
	// article it carries (its headline, lede and body, as a reader tells
	// them from the page's furniture): the last model also classifies
	// each, and the report says how many pages get the topics of their
	// article text, which measures the HTML path apart from the model.
	Articles map[string]string
	// Furniture, if set, holds blocks of page furniture by language
	// (features.English, ...): the last model classifies each development
	// item wrapped in one (see wrapDev).
	Furniture map[string][]string
}

// Report is the evaluation of each corpus's model, ready to print.
type Report struct {
	opts   Options
	dev    *corpus.Corpus
	models []*evalModel
	forms  forms
}

// evalModel is one model of the comparison: its corpus, the model trained
// on it, and its predictions.
type evalModel struct {
	name   string
	corpus *corpus.Corpus
	model  *naivebayes.Model
	dev    []evaluate.Prediction // for each development item
	cv     []evaluate.Prediction // for each training document, by a model trained without its fold
}

// Evaluate trains a model on each corpus and predicts the topics of dev's
// items with it (and, with Folds, of each training document with a model
// trained without its fold); the last model also classifies the
// development items in page furniture and the HTML pages, if given. It
// fails before training when a development text is also a training text.
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
		if em.dev, err = evaluate.Score(em.model, texts(dev.Documents), opts.Threshold); err != nil {
			return nil, fmt.Errorf("%s model: %w", em.name, err)
		}
		if opts.Folds > 0 {
			if em.cv, err = evaluate.CrossValidate(em.corpus, opts.Folds, opts.Threshold); err != nil {
				return nil, fmt.Errorf("%s model, cross-validation: %w", em.name, err)
			}
		}
		r.models = append(r.models, em)
	}
	if len(r.models) > 0 {
		if err := r.evaluateForms(); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// texts returns the texts of docs.
func texts(docs []corpus.Document) []string {
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = d.Text
	}
	return out
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
