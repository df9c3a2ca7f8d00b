package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/model/evaluate"
	"github.com/seed134e4861/topicd/model/features"
	"github.com/seed134e4861/topicd/model/naivebayes"
)

// An evalModel is one model of the comparison: its corpus, the model trained
// on it, and its predictions.
type evalModel struct {
	name   string
	corpus *corpus.Corpus
	model  *naivebayes.Model
	dev    [][]string // topics predicted for each development item
	loo    [][]string // topics predicted for each training document, left out
}

// runEval trains the seeds-only and the full model and prints how each does on
// the held-out development set, per topic and per language, and in
// leave-one-out over its own training corpus.
func runEval(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: server eval [--corpus DIR]... [--dev DIR] [--threshold P] [--loo=false] [-v]\n\n"+
			"Evaluates the model trained on the five seed articles alone and the model trained on the\n"+
			"full corpus (by default the embedded seeds and supplement) on a held-out development set\n"+
			"(by default the embedded one), and in leave-one-out over each training corpus.\n"+
			"Prints Markdown tables: per topic precision, recall, F1 and TP/FP/FN; micro- and macro-F1;\n"+
			"the share of no-topic items left untagged; the same per language.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	var corpus corpusDirs
	addCorpusFlag(fs, &corpus, getenv, "evaluate the model trained on the corpus in `dir` as the full model")
	devDir := fs.String("dev", "", "the development set: a corpus `dir` never used for training (default: the embedded one)")
	threshold := fs.Float64("threshold", naivebayes.DefaultThreshold, "decision `probability` at or above which a topic is assigned")
	loo := fs.Bool("loo", true, "also run leave-one-out over each training corpus (trains one model per document)")
	verbose := fs.Bool("v", false, "list the development items the full model gets wrong")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("eval: unexpected argument %q (see eval -h)", fs.Arg(0))
	}
	if !(*threshold > 0 && *threshold <= 1) {
		return fmt.Errorf("eval: --threshold %v is not in (0, 1]", *threshold)
	}
	dev, err := devCorpus(*devDir)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	seedsOnly, err := seedsCorpus()
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	full, err := loadCorpus(corpus)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	models := []*evalModel{{name: "seeds only", corpus: seedsOnly}, {name: "full", corpus: full}}
	for _, em := range models {
		if err := checkHeldOut(em.corpus, dev); err != nil {
			return fmt.Errorf("eval: %w", err)
		}
		if em.model, err = naivebayes.Train(em.corpus); err != nil {
			return fmt.Errorf("eval: %s model: %w", em.name, err)
		}
		if em.dev, err = evaluate.Predict(em.model, dev.Documents, *threshold); err != nil {
			return fmt.Errorf("eval: %s model: %w", em.name, err)
		}
		if *loo {
			if em.loo, err = evaluate.LeaveOneOut(em.corpus, *threshold); err != nil {
				return fmt.Errorf("eval: %s model, leave-one-out: %w", em.name, err)
			}
		}
	}

	w := &errWriter{w: stdout}
	w.printf("Decision threshold %v; a text needs %d known features to get any topic.\n\n", *threshold, naivebayes.MinKnownFeatures)
	w.printf("| model | training documents | version |\n|---|---|---|\n")
	for _, em := range models {
		w.printf("| %s | %d (%s) | %s |\n", em.name, len(em.corpus.Documents), languageCounts(em.corpus.Documents), em.model.Version())
	}
	w.printf("\n### Development set: %d held-out items (%s)\n\n", len(dev.Documents), languageCounts(dev.Documents))
	writeComparison(w, models, dev.Documents, func(em *evalModel) [][]string { return em.dev })
	if *loo {
		w.printf("\n### Leave-one-out over each model's own training corpus\n\n")
		for _, em := range models {
			w.printf("#### %s: %d documents (%s)\n\n", em.name, len(em.corpus.Documents), languageCounts(em.corpus.Documents))
			writeComparison(w, []*evalModel{em}, em.corpus.Documents, func(em *evalModel) [][]string { return em.loo })
			w.printf("\n")
		}
	}
	if *verbose {
		w.printf("\n### Development items the full model gets wrong\n\n| item | labels | predicted |\n|---|---|---|\n")
		full := models[len(models)-1]
		for i, d := range dev.Documents {
			got := slices.Sorted(slices.Values(full.dev[i]))
			if !slices.Equal(d.Topics, got) {
				w.printf("| %s | %s | %s |\n", d.ID, topicList(d.Topics), topicList(got))
			}
		}
	}
	return w.err
}

// writeComparison prints, for docs and each model's predictions of them, the
// per-topic table, the summary rows, and the per-language table.
func writeComparison(w *errWriter, models []*evalModel, docs []corpus.Document, pred func(*evalModel) [][]string) {
	evals := make([]evaluate.Evaluation, len(models))
	for i, em := range models {
		evals[i] = evaluate.Evaluate(docs, pred(em))
	}
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

	w.printf("\n| language | items |")
	for _, em := range models {
		w.printf(" %s: micro-F1 | macro-F1 | untagged |", em.name)
	}
	w.printf("\n|---|--:|%s\n", strings.Repeat("--:|--:|--:|", len(models)))
	for _, g := range byLanguage(docs) {
		w.printf("| %s | %d |", languageName(g.lang), len(g.idx))
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
