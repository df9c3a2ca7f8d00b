package evalreport

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/model/evaluate"
	"github.com/seed134e4861/topicd/model/features"
	"github.com/seed134e4861/topicd/model/naivebayes"
)

// WriteMarkdown prints the report: the models, then per topic precision,
// recall, F1 and TP/FP/FN, micro- and macro-F1, the share of no-topic items
// left untagged, and the same per language and per length bucket, on the
// development set; the calibration of the last model's probabilities, and
// what it makes of the development items in page furniture and of the HTML
// pages; then, if evaluated, the same tables in cross-validation; with
// Verbose, the development items the last model gets wrong.
func (r *Report) WriteMarkdown(w io.Writer) error {
	ew := &errWriter{w: w}
	ew.printf("Decision threshold %v; a text needs %d known features to get any topic.\n\n", r.opts.Threshold, naivebayes.MinKnownFeatures)
	ew.printf("| model | training documents | version |\n|---|---|---|\n")
	for _, em := range r.models {
		ew.printf("| %s | %d (%s) | %s |\n", em.name, len(em.corpus.Documents), languageCounts(em.corpus.Documents), em.model.Version())
	}
	ew.printf("\n### Development set: %d held-out items (%s)\n\n", len(r.dev.Documents), languageCounts(r.dev.Documents))
	writeComparison(ew, r.models, r.dev.Documents, devTopics)
	writeLengths(ew, r.models, r.dev.Documents)
	writeCalibration(ew, r.models[len(r.models)-1], r.dev.Documents)
	r.writeForms(ew)
	if r.opts.Folds > 0 {
		ew.printf("\n### %d-fold cross-validation over each model's own training corpus\n\n", r.opts.Folds)
		ew.printf("Document i (by path) is in fold i mod %d; a corpus of fewer documents is cut in one fold per document.\n\n", r.opts.Folds)
		for _, em := range r.models {
			ew.printf("#### %s: %d documents (%s)\n\n", em.name, len(em.corpus.Documents), languageCounts(em.corpus.Documents))
			writeComparison(ew, []*evalModel{em}, em.corpus.Documents, cvTopics)
			ew.printf("\n")
		}
	}
	if r.opts.Verbose {
		r.writeMistakes(ew)
	}
	return ew.err
}

// writeMistakes lists the development items the last model gets wrong.
func (r *Report) writeMistakes(w *errWriter) {
	w.printf("\n### Development items the full model gets wrong\n\n| item | labels | predicted |\n|---|---|---|\n")
	last := r.models[len(r.models)-1]
	for i, d := range r.dev.Documents {
		got := slices.Sorted(slices.Values(last.dev[i].Topics))
		if !slices.Equal(d.Topics, got) {
			w.printf("| %s | %s | %s |\n", d.ID, topicList(d.Topics), topicList(got))
		}
	}
}

// devTopics and cvTopics return a model's predicted topics of the
// development items and, in cross-validation, of its training documents.
func devTopics(em *evalModel) [][]string { return evaluate.TopicsOf(em.dev) }
func cvTopics(em *evalModel) [][]string  { return evaluate.TopicsOf(em.cv) }

// writeComparison prints, for docs and each model's predictions of them, the
// per-topic table, the summary rows, and the per-language table.
func writeComparison(w *errWriter, models []*evalModel, docs []corpus.Document, pred func(*evalModel) [][]string) {
	evals := make([]evaluate.Evaluation, len(models))
	for i, em := range models {
		evals[i] = evaluate.Evaluate(docs, pred(em))
	}
	writeTopics(w, models, evals)
	writeSummary(w, models, evals)
	writeLanguages(w, models, docs, pred)
}

// writeTopics prints the per-topic table and its micro row.
func writeTopics(w *errWriter, models []*evalModel, evals []evaluate.Evaluation) {
	w.printf("| topic |")
	for _, em := range models {
		w.printf(" %s: P | R | F1 | TP/FP/FN |", em.name)
	}
	w.printf("\n|---|%s\n", strings.Repeat("--:|--:|--:|--:|", len(models)))
	row := func(name string, count func(evaluate.Evaluation) evaluate.Outcomes) {
		w.printf("| %s |", name)
		for _, e := range evals {
			c := count(e)
			w.printf(" %.2f | %.2f | %.2f | %d/%d/%d |", c.Precision(), c.Recall(), c.F1(), c.TP, c.FP, c.FN)
		}
		w.printf("\n")
	}
	for t, topic := range evals[0].Topics {
		row(topic, func(e evaluate.Evaluation) evaluate.Outcomes { return e.Outcomes[t] })
	}
	row("**micro**", evaluate.Evaluation.Micro)
}

// writeSummary prints the summary table: micro- and macro-F1, untagged
// no-topic items, exact items.
func writeSummary(w *errWriter, models []*evalModel, evals []evaluate.Evaluation) {
	w.printf("\n| summary |")
	for _, em := range models {
		w.printf(" %s |", em.name)
	}
	w.printf("\n|---|%s\n", strings.Repeat("--:|", len(models)))
	summary := func(name string, f func(evaluate.Evaluation) string) {
		w.printf("| %s |", name)
		for _, e := range evals {
			w.printf(" %s |", f(e))
		}
		w.printf("\n")
	}
	summary("micro-F1", func(e evaluate.Evaluation) string { return fmt.Sprintf("%.3f", e.Micro().F1()) })
	summary("macro-F1", func(e evaluate.Evaluation) string { return fmt.Sprintf("%.3f", e.MacroF1()) })
	summary("no-topic items left untagged", func(e evaluate.Evaluation) string {
		return fmt.Sprintf("%d/%d (%.0f%%)", e.Untagged, e.NoTopic, 100*e.UntaggedShare())
	})
	summary("items with exactly their labels", func(e evaluate.Evaluation) string {
		return fmt.Sprintf("%d/%d", e.Exact, e.Items)
	})
}

// writeLanguages prints the per-language table.
func writeLanguages(w *errWriter, models []*evalModel, docs []corpus.Document, pred func(*evalModel) [][]string) {
	var groups []group
	for _, g := range byLanguage(docs) {
		groups = append(groups, group{languageName(g.lang), g.idx})
	}
	writeGroups(w, "language", models, docs, pred, groups)
}

// group is some documents of a list, by their indexes, under a name.
type group struct {
	name string
	idx  []int
}

// writeGroups prints a table of micro-F1, macro-F1 and untagged no-topic
// items, for each group of docs, by each model.
func writeGroups(w *errWriter, what string, models []*evalModel, docs []corpus.Document, pred func(*evalModel) [][]string, groups []group) {
	w.printf("\n| %s | items |", what)
	for _, em := range models {
		w.printf(" %s: micro-F1 | macro-F1 | untagged |", em.name)
	}
	w.printf("\n|---|--:|%s\n", strings.Repeat("--:|--:|--:|", len(models)))
	for _, g := range groups {
		w.printf("| %s | %d |", g.name, len(g.idx))
		for _, em := range models {
			p := pred(em)
			var ds []corpus.Document
			var ps [][]string
			for _, i := range g.idx {
				ds, ps = append(ds, docs[i]), append(ps, p[i])
			}
			e := evaluate.Evaluate(ds, ps)
			w.printf(" %.3f | %.3f | %d/%d |", e.Micro().F1(), e.MacroF1(), e.Untagged, e.NoTopic)
		}
		w.printf("\n")
	}
}

// languageGroup is the documents of one language: their indexes in a list.
type languageGroup struct {
	lang string
	idx  []int
}

// byLanguage groups docs by the language DetectLanguage gives each, in a
// fixed order of languages, leaving out those no document has.
func byLanguage(docs []corpus.Document) []languageGroup {
	groups := []languageGroup{{lang: features.English}, {lang: features.French}, {lang: features.Vietnamese}, {lang: ""}}
	for i, d := range docs {
		lang := features.DetectLanguage(d.Text)
		for g := range groups {
			if groups[g].lang == lang {
				groups[g].idx = append(groups[g].idx, i)
			}
		}
	}
	return slices.DeleteFunc(groups, func(g languageGroup) bool { return len(g.idx) == 0 })
}

func languageCounts(docs []corpus.Document) string {
	var parts []string
	for _, g := range byLanguage(docs) {
		parts = append(parts, fmt.Sprintf("%s %d", languageName(g.lang), len(g.idx)))
	}
	return strings.Join(parts, ", ")
}

// languageName names a language code of DetectLanguage in the tables.
func languageName(code string) string {
	if code == "" {
		return "unknown"
	}
	return code
}

func topicList(topics []string) string {
	if len(topics) == 0 {
		return "-"
	}
	return strings.Join(topics, ", ")
}

// errWriter keeps the first write error, so a report is printed with plain
// calls and checked once.
type errWriter struct {
	w   io.Writer
	err error
}

func (w *errWriter) printf(format string, args ...any) {
	if w.err == nil {
		_, w.err = fmt.Fprintf(w.w, format, args...)
	}
}
