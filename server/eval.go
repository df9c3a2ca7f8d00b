package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/seed134e4861/topicd/internal/evalreport"
	"github.com/seed134e4861/topicd/model/naivebayes"
)

// runEval trains the seeds-only and the full model and prints how each does on
// the held-out development set, per topic and per language, and in
// leave-one-out over its own training corpus (see package evalreport).
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
	var opts evalreport.Options
	fs.Float64Var(&opts.Threshold, "threshold", naivebayes.DefaultThreshold, "decision `probability` at or above which a topic is assigned")
	fs.BoolVar(&opts.LeaveOneOut, "loo", true, "also run leave-one-out over each training corpus (trains one model per document)")
	fs.BoolVar(&opts.Verbose, "v", false, "list the development items the full model gets wrong")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("eval: unexpected argument %q (see eval -h)", fs.Arg(0))
	}
	if !(opts.Threshold > 0 && opts.Threshold <= 1) {
		return fmt.Errorf("eval: --threshold %v is not in (0, 1]", opts.Threshold)
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
	report, err := evalreport.Evaluate(dev, []evalreport.Corpus{{Name: "seeds only", Corpus: seedsOnly}, {Name: "full", Corpus: full}}, opts)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	return report.WriteMarkdown(stdout)
}
