package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/seed134e4861/topicd/internal/evalreport"
	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/model/evaluate"
	"github.com/seed134e4861/topicd/model/features"
	"github.com/seed134e4861/topicd/model/naivebayes"
	"github.com/seed134e4861/topicd/seeds"
)

// defaultFolds is the number of folds of eval's cross-validation.
const defaultFolds = 10

// runEval trains the seeds-only and the full model and prints how each does on
// the held-out development set, per topic, per language and per length, the
// full model's calibration and what it makes of page furniture and HTML
// pages, and each model in cross-validation over its own training corpus
// (see package evalreport).
func runEval(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: server eval [--corpus DIR]... [--dev DIR] [--html DIR] [--furniture DIR] [--threshold P] [--folds K] [-v]\n\n"+
			"Evaluates the model trained on the five seed articles alone and the model trained on the\n"+
			"full corpus (by default the embedded seeds and supplement) on a held-out development set\n"+
			"(by default the embedded one), and in K-fold cross-validation over each training corpus.\n"+
			"Prints Markdown tables: per topic precision, recall, F1 and TP/FP/FN; micro- and macro-F1;\n"+
			"the share of no-topic items left untagged; the same per language and per length; the full\n"+
			"model's calibration (Brier, log-loss, ECE, reliability), the share of its topics that do not\n"+
			"change when the development items are wrapped in page furniture, and its HTML pages.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	var corpus corpusDirs
	addCorpusFlag(fs, &corpus, getenv, "evaluate the model trained on the corpus in `dir` as the full model")
	devDir := fs.String("dev", "", "the development set: a corpus `dir` never used for training (default: the embedded one)")
	htmlDir := fs.String("html", "", "held-out HTML pages: a corpus `dir` of .html files (default: the embedded ones)")
	furnitureDir := fs.String("furniture", "", "page furniture: a `dir` of en.txt, fr.txt, vi.txt, blocks separated by a line \"---\" (default: the embedded ones)")
	var opts evalreport.Options
	fs.Float64Var(&opts.Threshold, "threshold", naivebayes.DefaultThreshold, "decision `probability` at or above which a topic is assigned")
	fs.IntVar(&opts.Folds, "folds", defaultFolds, "cross-validate each model over its training corpus in `k` folds (0: do not)")
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
	if opts.Folds < 0 || opts.Folds == 1 {
		return fmt.Errorf("eval: --folds %d: want 0 (none) or at least 2", opts.Folds)
	}
	dev, err := devCorpus(*devDir)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	if opts.HTML, err = htmlCorpus(*htmlDir); err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	if opts.Furniture, err = furniture(*furnitureDir); err != nil {
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

// htmlCorpus loads the held-out HTML pages from dir, or the embedded ones.
func htmlCorpus(dir string) (*corpus.Corpus, error) {
	if dir == "" {
		c, err := corpus.LoadEval(seeds.DevHTML())
		if err != nil {
			return nil, fmt.Errorf("embedded HTML pages: %w", err)
		}
		return c.WithPrefix("seeds/dev/html"), nil
	}
	c, err := corpus.LoadEval(os.DirFS(dir))
	if err != nil {
		return nil, fmt.Errorf("HTML pages %s: %w", dir, err)
	}
	return c.WithPrefix(path.Clean(filepath.ToSlash(dir))), nil
}

// furniture reads the blocks of page furniture of each language from dir,
// or the embedded ones: LANG.txt for each language, blocks separated by a
// line "---" (see evaluate.ParseFurniture). A missing file leaves its
// language without furniture.
func furniture(dir string) (map[string][]string, error) {
	fsys := seeds.DevFurniture()
	if dir != "" {
		fsys = os.DirFS(dir)
	}
	out := map[string][]string{}
	for _, lang := range []string{features.English, features.French, features.Vietnamese} {
		b, err := fs.ReadFile(fsys, lang+".txt")
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("page furniture: %w", err)
		}
		if blocks := evaluate.ParseFurniture(string(b)); len(blocks) > 0 {
			out[lang] = blocks
		}
	}
	return out, nil
}
