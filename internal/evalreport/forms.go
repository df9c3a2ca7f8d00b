package evalreport

import (
	"fmt"
	"strings"

	"github.com/seed134e4861/topicd/model"
	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/model/evaluate"
	"github.com/seed134e4861/topicd/model/features"
	"github.com/seed134e4861/topicd/model/pagetext/htmltext"
)

// forms holds what the last model makes of the forms texts come in: the
// development items in page furniture, and the HTML pages.
type forms struct {
	wrapped []evaluate.Prediction // for each development item, wrapped by wrapDev
	html    []evaluate.Prediction // for each HTML page
	// articles holds the predictions for the article texts of the HTML
	// pages that have one (Options.Articles): article i is page pageOf[i]'s.
	articles []evaluate.Prediction
	pageOf   []int
}

// evaluateForms classifies, with the last model, the development items in
// page furniture and the HTML pages, when the options hold them.
func (r *Report) evaluateForms() error {
	last := r.models[len(r.models)-1]
	if len(r.opts.Furniture) > 0 {
		var err error
		if r.forms.wrapped, err = evaluate.Score(last.model, wrapDev(r.dev.Documents, r.opts.Furniture), r.opts.Threshold); err != nil {
			return fmt.Errorf("%s model, in page furniture: %w", last.name, err)
		}
	}
	if r.opts.HTML != nil {
		pages := make([]string, len(r.opts.HTML.Documents))
		for i, d := range r.opts.HTML.Documents {
			text, err := htmltext.FromHTML(d.Text)
			if err != nil {
				text = "-" // no text: classified as a text of no known feature
			}
			pages[i] = text
		}
		var err error
		if r.forms.html, err = evaluate.Score(last.model, pages, r.opts.Threshold); err != nil {
			return fmt.Errorf("%s model, HTML pages: %w", last.name, err)
		}
		if err := r.evaluateArticles(last); err != nil {
			return err
		}
	}
	return nil
}

// evaluateArticles classifies the article text of each HTML page that has
// one in Options.Articles.
func (r *Report) evaluateArticles(last *evalModel) error {
	var texts []string
	r.forms.pageOf = nil
	for i, d := range r.opts.HTML.Documents {
		if text, ok := r.opts.Articles[d.ID]; ok {
			texts, r.forms.pageOf = append(texts, text), append(r.forms.pageOf, i)
		}
	}
	if len(texts) == 0 {
		return nil
	}
	var err error
	if r.forms.articles, err = evaluate.Score(last.model, texts, r.opts.Threshold); err != nil {
		return fmt.Errorf("%s model, articles of the HTML pages: %w", last.name, err)
	}
	return nil
}

// sameAsArticle counts the article texts whose page (pageOf[i] for
// article i) gets the topics they get.
func sameAsArticle(pages, articles [][]string, pageOf []int) int {
	same := 0
	for i, p := range pageOf {
		same += evaluate.Unchanged(articles[i:i+1], pages[p:p+1])
	}
	return same
}

// wrapDev wraps development item i in a block of page furniture of its
// language (as features.DetectLanguage tells it; English when it cannot):
// block i mod n of the n blocks of that language, so every run wraps each
// item alike (see evaluate.Wrap).
func wrapDev(docs []corpus.Document, furniture map[string][]string) []string {
	out := make([]string, len(docs))
	for i, d := range docs {
		blocks := furniture[features.DetectLanguage(d.Text)]
		if len(blocks) == 0 {
			blocks = furniture[features.English]
		}
		if len(blocks) == 0 {
			out[i] = d.Text
			continue
		}
		out[i] = evaluate.Wrap(d.Text, blocks[i%len(blocks)])
	}
	return out
}

// writeLengths prints the development set's table by length bucket.
func writeLengths(w *errWriter, models []*evalModel, docs []corpus.Document) {
	groups := make([]group, 3)
	for b := range groups {
		groups[b].name = evaluate.Length(b).String()
	}
	for i, d := range docs {
		b := evaluate.LengthOf(d.Text)
		groups[b].idx = append(groups[b].idx, i)
	}
	var kept []group
	for _, g := range groups {
		if len(g.idx) > 0 {
			kept = append(kept, g)
		}
	}
	writeGroups(w, "length", models, docs, devTopics, kept)
}

// writeCalibration prints the calibration of the last model's probabilities
// on the development set: per topic and pooled Brier score, log-loss and
// ECE, the share of decisions wrong at 99% confidence or more, and the
// pooled reliability table.
func writeCalibration(w *errWriter, em *evalModel, docs []corpus.Document) {
	w.printf("\n### Calibration of the %s model's probabilities, development set\n\n", em.name)
	w.printf("| topic | Brier | log-loss | ECE |\n|---|--:|--:|--:|\n")
	var all []float64
	var labels []bool
	for t, topic := range model.Topics() {
		p, y := evaluate.Pairs(docs, em.dev, t)
		all, labels = append(all, p...), append(labels, y...)
		c := evaluate.Calibrate(p, y)
		w.printf("| %s | %.3f | %.3f | %.3f |\n", topic, c.Brier, c.LogLoss, c.ECE)
	}
	c := evaluate.Calibrate(all, labels)
	w.printf("| **pooled** | %.3f | %.3f | %.3f |\n", c.Brier, c.LogLoss, c.ECE)
	wrong, total := evaluate.ConfidentlyWrong(all, labels, 0.99)
	w.printf("\nTopic decisions (item x topic) wrong at 99%% confidence or more: %d/%d (%.1f%%).\n", wrong, total, 100*float64(wrong)/float64(max(total, 1)))
	w.printf("\n| probability | decisions | mean predicted | observed rate |\n|---|--:|--:|--:|\n")
	for _, b := range evaluate.Reliability(all, labels) {
		w.printf("| %.1f-%.1f | %d | %.3f | %.3f |\n", b.Lo, b.Hi, b.Items, b.MeanPredicted, b.ObservedRate)
	}
}

// writeForms prints what the last model makes of the development items in
// page furniture and of the HTML pages.
func (r *Report) writeForms(w *errWriter) {
	if r.forms.wrapped == nil && r.forms.html == nil {
		return
	}
	last := r.models[len(r.models)-1]
	w.printf("\n### Page furniture and HTML pages, %s model\n\n| check | result |\n|---|--:|\n", last.name)
	if r.forms.wrapped != nil {
		n := evaluate.Unchanged(evaluate.TopicsOf(last.dev), evaluate.TopicsOf(r.forms.wrapped))
		w.printf("| development items whose topics do not change in page furniture | %d/%d (%s) |\n", n, len(last.dev), percent(n, len(last.dev)))
		e := evaluate.Evaluate(r.dev.Documents, evaluate.TopicsOf(r.forms.wrapped))
		w.printf("| development items in page furniture: micro-F1 | %.3f |\n", e.Micro().F1())
	}
	if r.forms.html != nil {
		e := evaluate.Evaluate(r.opts.HTML.Documents, evaluate.TopicsOf(r.forms.html))
		w.printf("| HTML pages that get exactly their labels | %d/%d (%s) |\n", e.Exact, e.Items, percent(e.Exact, e.Items))
		w.printf("| HTML pages: micro-F1 | %.3f |\n", e.Micro().F1())
		if r.forms.articles != nil {
			same, of := sameAsArticle(evaluate.TopicsOf(r.forms.html), evaluate.TopicsOf(r.forms.articles), r.forms.pageOf), len(r.forms.pageOf)
			w.printf("| HTML pages that get the topics of their article text | %d/%d (%s) |\n", same, of, percent(same, of))
		}
	}
}

// percent formats a/b as a whole percentage, "-" when b is 0.
func percent(a, b int) string {
	if b == 0 {
		return "-"
	}
	return strings.TrimSpace(fmt.Sprintf("%.0f%%", 100*float64(a)/float64(b)))
}
