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
	"slices"
	"strings"

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
	htmlDir := fs.String("html", "", "held-out HTML pages: a corpus `dir` of .html files, and in its subdirectory articles/ (optional) a corpus of each page's article text, NAME.txt for NAME.html (default: the embedded ones)")
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
	if opts.HTML, opts.Articles, err = htmlCorpus(*htmlDir); err != nil {
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

// htmlCorpus loads the held-out HTML pages from dir, or the embedded ones,
// and the article text of each page that has one: a corpus in the
// subdirectory "articles" whose NAME.txt is the article of page NAME.html
// (absent: no article texts).
func htmlCorpus(dir string) (*corpus.Corpus, map[string]string, error) {
	fsys, prefix := seeds.DevHTML(), "seeds/dev/html"
	if dir != "" {
		fsys, prefix = os.DirFS(dir), path.Clean(filepath.ToSlash(dir))
	}
	pages, err := corpus.LoadEval(fsys)
	if err != nil {
		return nil, nil, fmt.Errorf("HTML pages %s: %w", prefix, err)
	}
	articles, err := articleTexts(fsys, pages, prefix)
	if err != nil {
		return nil, nil, fmt.Errorf("HTML pages %s: %w", prefix, err)
	}
	return pages.WithPrefix(prefix), articles, nil
}

// articleTexts reads the corpus in fsys's "articles" directory, if any, and
// maps the ID (under prefix) of each page of pages to the text of its
// article. An article of no page, or labelled otherwise than its page, is
// an error: the two sets would not measure the same thing.
func articleTexts(fsys fs.FS, pages *corpus.Corpus, prefix string) (map[string]string, error) {
	if _, err := fs.Stat(fsys, path.Join("articles", corpus.ManifestName)); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	sub, err := fs.Sub(fsys, "articles")
	if err != nil {
		return nil, err
	}
	articles, err := corpus.LoadEval(sub)
	if err != nil {
		return nil, fmt.Errorf("articles: %w", err)
	}
	byStem := map[string]corpus.Document{}
	for _, p := range pages.Documents {
		byStem[strings.TrimSuffix(p.ID, path.Ext(p.ID))] = p
	}
	out := make(map[string]string, len(articles.Documents))
	for _, a := range articles.Documents {
		p, ok := byStem[strings.TrimSuffix(a.ID, path.Ext(a.ID))]
		switch {
		case !ok:
			return nil, fmt.Errorf("articles: %s is the article of no page", a.ID)
		case !slices.Equal(p.Topics, a.Topics):
			return nil, fmt.Errorf("articles: %s has topics %q, its page %s %q", a.ID, a.Topics, p.ID, p.Topics)
		}
		out[prefix+"/"+p.ID] = a.Text
	}
	return out, nil
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
