package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seed134e4861/topicd/model"
	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/model/evaluate"
	"github.com/seed134e4861/topicd/model/features"
	"github.com/seed134e4861/topicd/model/naivebayes"
	"github.com/seed134e4861/topicd/seeds"
)

// evalOutput runs "server eval" with args and no environment, and returns
// what it printed.
func evalOutput(t *testing.T, args ...string) string {
	t.Helper()
	args = append([]string{"eval"}, args...)
	var stdout, stderr strings.Builder
	if err := run(testContext(t), args, env(nil), &stdout, &stderr); err != nil {
		t.Fatalf("run(%q): %v; stderr:\n%s", args, err, stderr.String())
	}
	return stdout.String()
}

// tableRows returns the cells after the first of every Markdown table row of
// out whose first cell is first.
func tableRows(out, first string) [][]string {
	var rows [][]string
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "| ") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if cells[0] == first {
			rows = append(rows, cells[1:])
		}
	}
	return rows
}

// section returns the part of out from the line that starts with start to
// the next line that starts with end (or to the end of out when end is ""),
// failing the test if either is missing.
func section(t *testing.T, out, start, end string) string {
	t.Helper()
	i := strings.Index(out, "\n"+start)
	if i < 0 {
		t.Fatalf("eval output lacks a line starting %q:\n%s", start, out)
	}
	s := out[i+1:]
	if end == "" {
		return s
	}
	j := strings.Index(s, "\n"+end)
	if j < 0 {
		t.Fatalf("eval output lacks a line starting %q after %q:\n%s", end, start, out)
	}
	return s[:j+1]
}

// checkTables checks the per-topic and summary tables of one comparison
// printed by eval against evaluations computed by the model package, one per
// model column.
func checkTables(t *testing.T, name, out string, evals ...evaluate.Evaluation) {
	t.Helper()
	counts := func(c evaluate.Outcomes) []string {
		return []string{
			fmt.Sprintf("%.2f", c.Precision()), fmt.Sprintf("%.2f", c.Recall()), fmt.Sprintf("%.2f", c.F1()),
			fmt.Sprintf("%d/%d/%d", c.TP, c.FP, c.FN),
		}
	}
	type row struct {
		first string
		cells func(evaluate.Evaluation) []string // the row's cells for one model
	}
	var rows []row
	for i, topic := range model.Topics() {
		rows = append(rows, row{topic, func(e evaluate.Evaluation) []string { return counts(e.Outcomes[i]) }})
	}
	rows = append(rows,
		row{"**micro**", func(e evaluate.Evaluation) []string { return counts(e.Micro()) }},
		row{"micro-F1", func(e evaluate.Evaluation) []string { return []string{fmt.Sprintf("%.3f", e.Micro().F1())} }},
		row{"macro-F1", func(e evaluate.Evaluation) []string { return []string{fmt.Sprintf("%.3f", e.MacroF1())} }},
		row{"no-topic items left untagged", func(e evaluate.Evaluation) []string {
			return []string{fmt.Sprintf("%d/%d (%.0f%%)", e.Untagged, e.NoTopic, 100*e.UntaggedShare())}
		}},
		row{"items with exactly their labels", func(e evaluate.Evaluation) []string { return []string{fmt.Sprintf("%d/%d", e.Exact, e.Items)} }},
	)
	for _, r := range rows {
		var want []string
		for _, e := range evals {
			want = append(want, r.cells(e)...)
		}
		got := tableRows(out, r.first)
		if len(got) != 1 {
			t.Errorf("%s: %d rows %q, want 1; output:\n%s", name, len(got), r.first, out)
			continue
		}
		if diff := cmp.Diff(want, got[0]); diff != "" {
			t.Errorf("%s: row %q (-model package +printed):\n%s", name, r.first, diff)
		}
	}
}

// libraryEval is the evaluation of the embedded corpora computed with the
// model package alone, without the server's corpus helpers.
type libraryEval struct {
	seeds, full *corpus.Corpus
	dev         *corpus.Corpus
	seedsModel  *naivebayes.Model
	fullModel   *naivebayes.Model
	seedsDev    [][]string // seedsModel's predictions of dev
	fullDev     [][]string // fullModel's predictions of dev
}

var embeddedEval = sync.OnceValues(func() (*libraryEval, error) {
	var le libraryEval
	var err error
	if le.seeds, err = corpus.Load(seeds.FS()); err != nil {
		return nil, err
	}
	sup, err := corpus.Load(seeds.Supplement())
	if err != nil {
		return nil, err
	}
	if le.full, err = corpus.Merge(le.seeds, sup.WithPrefix("supplement")); err != nil {
		return nil, err
	}
	if le.dev, err = corpus.Load(seeds.Dev()); err != nil {
		return nil, err
	}
	if le.seedsModel, err = naivebayes.Train(le.seeds); err != nil {
		return nil, err
	}
	if le.fullModel, err = naivebayes.Train(le.full); err != nil {
		return nil, err
	}
	if le.seedsDev, err = evaluate.Predict(le.seedsModel, le.dev.Documents, naivebayes.DefaultThreshold); err != nil {
		return nil, err
	}
	if le.fullDev, err = evaluate.Predict(le.fullModel, le.dev.Documents, naivebayes.DefaultThreshold); err != nil {
		return nil, err
	}
	return &le, nil
})

func mustEmbeddedEval(t *testing.T) *libraryEval {
	t.Helper()
	le, err := embeddedEval()
	if err != nil {
		t.Fatalf("evaluating the embedded corpora with the model package: %v", err)
	}
	return le
}

// TestEvalEmbedded runs eval on the embedded corpora, without leave-one-out,
// and checks its tables against the model package's own evaluation.
func TestEvalEmbedded(t *testing.T) {
	out := evalOutput(t, "--folds=0")
	if again := evalOutput(t, "--folds=0"); again != out {
		t.Errorf("eval --folds=0 printed different output on a second run (-first +second):\n%s", cmp.Diff(out, again))
	}
	le := mustEmbeddedEval(t)
	def, err := defaultCorpus()
	if err != nil {
		t.Fatal(err)
	}
	if len(def.Documents) != len(le.full.Documents) {
		t.Fatalf("defaultCorpus() has %d documents, the embedded seeds and supplement %d", len(def.Documents), len(le.full.Documents))
	}

	for _, tt := range []struct {
		name    string
		docs    int
		version string
	}{
		{"seeds only", 5, le.seedsModel.Version()},
		{"full", len(def.Documents), le.fullModel.Version()},
	} {
		rows := tableRows(out, tt.name)
		if len(rows) != 1 || len(rows[0]) != 2 {
			t.Errorf("eval printed model rows %q = %q, want one row of 2 cells; output:\n%s", tt.name, rows, out)
			continue
		}
		if want := fmt.Sprintf("%d (", tt.docs); !strings.HasPrefix(rows[0][0], want) {
			t.Errorf("eval model row %q: training documents %q, want %d", tt.name, rows[0][0], tt.docs)
		}
		if rows[0][1] != tt.version {
			t.Errorf("eval model row %q: version %q, want %s as the model package trains it", tt.name, rows[0][1], tt.version)
		}
	}
	if want := fmt.Sprintf("### Development set: %d held-out items (", len(le.dev.Documents)); !strings.Contains(out, want) {
		t.Errorf("eval output lacks %q:\n%s", want, out)
	}
	checkTables(t, "eval --folds=0", section(t, out, "### Development set: ", "| length |"),
		evaluate.Evaluate(le.dev.Documents, le.seedsDev), evaluate.Evaluate(le.dev.Documents, le.fullDev))

	// Per language, the same evaluation on the items of that language.
	for _, lang := range []string{features.English, features.French, features.Vietnamese} {
		var docs []corpus.Document
		var seedsPred, fullPred [][]string
		for i, d := range le.dev.Documents {
			if features.DetectLanguage(d.Text) == lang {
				docs = append(docs, d)
				seedsPred, fullPred = append(seedsPred, le.seedsDev[i]), append(fullPred, le.fullDev[i])
			}
		}
		want := []string{fmt.Sprint(len(docs))}
		for _, pred := range [][][]string{seedsPred, fullPred} {
			e := evaluate.Evaluate(docs, pred)
			want = append(want, fmt.Sprintf("%.3f", e.Micro().F1()), fmt.Sprintf("%.3f", e.MacroF1()), fmt.Sprintf("%d/%d", e.Untagged, e.NoTopic))
		}
		rows := tableRows(out, lang)
		if len(docs) == 0 || len(rows) != 1 {
			t.Errorf("eval printed language rows %q = %q, want one row, of %d items", lang, rows, len(docs))
			continue
		}
		if diff := cmp.Diff(want, rows[0]); diff != "" {
			t.Errorf("eval language row %q (-model package +printed):\n%s", lang, diff)
		}
	}
	for _, s := range []string{"cross-validation over", "gets wrong"} {
		if strings.Contains(out, s) {
			t.Errorf("eval --folds=0 printed %q, want no such section:\n%s", s, out)
		}
	}
	checkHTMLArticles(t, out, le)
}

// TestEvalVerbose checks that -v lists exactly the development items whose
// predicted topics, by the full model, differ from their labels.
func TestEvalVerbose(t *testing.T) {
	le := mustEmbeddedEval(t)
	topics := func(ts []string) string {
		if len(ts) == 0 {
			return "-"
		}
		return strings.Join(slices.Sorted(slices.Values(ts)), ", ")
	}
	var want [][]string
	for i, d := range le.dev.Documents {
		if topics(d.Topics) != topics(le.fullDev[i]) {
			want = append(want, []string{"seeds/dev/" + d.ID, topics(d.Topics), topics(le.fullDev[i])})
		}
	}
	if len(want) == 0 || len(want) == len(le.dev.Documents) {
		t.Fatalf("the full model gets %d of %d development items wrong; this test needs some right and some wrong", len(want), len(le.dev.Documents))
	}

	out := evalOutput(t, "--folds=0", "-v")
	var got [][]string
	for _, line := range strings.Split(section(t, out, "### Development items the full model gets wrong", ""), "\n") {
		if !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "| item |") {
			continue
		}
		got = append(got, strings.Split(strings.Trim(line, "| "), " | "))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("eval -v listed items (-want +got):\n%s", diff)
	}
}

// TestEvalCrossValidation runs eval on small corpora with cross-validation,
// at two thresholds, and checks each section against the model package's
// own evaluation.
func TestEvalCrossValidation(t *testing.T) {
	en, fr := writeLabelled(t, englishDocs...), writeLabelled(t, frenchDocs...)
	devDir := writeLabelled(t, devDocs...)
	load := func(fsys fs.FS, prefix string) *corpus.Corpus {
		t.Helper()
		c, err := corpus.Load(fsys)
		if err != nil {
			t.Fatal(err)
		}
		return c.WithPrefix(prefix)
	}
	seedsOnly := load(seeds.FS(), "seeds")
	full, err := corpus.Merge(load(os.DirFS(en), "en"), load(os.DirFS(fr), "fr"))
	if err != nil {
		t.Fatal(err)
	}
	dev := load(os.DirFS(devDir), "dev")
	models := make([]*naivebayes.Model, 2)
	for i, c := range []*corpus.Corpus{seedsOnly, full} {
		if models[i], err = naivebayes.Train(c); err != nil {
			t.Fatal(err)
		}
	}
	// evaluate returns the model package's evaluations of the seeds-only and
	// full models on the development set, and in leave-one-out.
	evaluate := func(threshold float64) (devEvals, looEvals []evaluate.Evaluation) {
		t.Helper()
		for i, c := range []*corpus.Corpus{seedsOnly, full} {
			pred, err := evaluate.Predict(models[i], dev.Documents, threshold)
			if err != nil {
				t.Fatal(err)
			}
			devEvals = append(devEvals, evaluate.Evaluate(dev.Documents, pred))
			cv, err := evaluate.CrossValidate(c, defaultFolds, threshold)
			if err != nil {
				t.Fatal(err)
			}
			looEvals = append(looEvals, evaluate.Evaluate(c.Documents, evaluate.TopicsOf(cv)))
		}
		return devEvals, looEvals
	}
	// Both thresholds change the predictions, on the development set and in
	// cross-validation, so that eval must pass --threshold to both to pass.
	thresholds := []float64{0.5, 1}
	dev0, loo0 := evaluate(thresholds[0])
	dev1, loo1 := evaluate(thresholds[1])
	if cmp.Equal(dev0, dev1) || cmp.Equal(loo0, loo1) {
		t.Fatalf("the test corpora give the same evaluations at thresholds %v; this test needs them to differ", thresholds)
	}

	for _, threshold := range thresholds {
		args := []string{"--corpus", en, "--corpus", fr, "--dev", devDir, "--threshold", fmt.Sprint(threshold)}
		out := evalOutput(t, args...)
		name := fmt.Sprintf("eval %q", args)
		devEvals, looEvals := evaluate(threshold)
		if want := fmt.Sprintf("Decision threshold %v;", threshold); !strings.HasPrefix(out, want) {
			t.Errorf("%s: output starts %q, want %q", name, out[:min(len(out), 40)], want)
		}
		for m, docs := range map[string]int{"seeds only": 5, "full": len(full.Documents)} {
			if rows := tableRows(out, m); len(rows) != 1 || !strings.HasPrefix(rows[0][0], fmt.Sprintf("%d (", docs)) {
				t.Errorf("%s: model rows %q = %q, want one of %d training documents", name, m, rows, docs)
			}
		}
		if cvHeading := fmt.Sprintf("### %d-fold cross-validation over each model's own training corpus", defaultFolds); !strings.Contains(out, cvHeading) {
			t.Errorf("%s: output lacks %q", name, cvHeading)
		}
		seedsHeading := "#### seeds only: 5 documents ("
		fullHeading := fmt.Sprintf("#### full: %d documents (", len(full.Documents))
		checkTables(t, name+", development set", section(t, out, fmt.Sprintf("### Development set: %d held-out items (", len(dev.Documents)), "| length |"), devEvals...)
		checkTables(t, name+", seeds-only cross-validation", section(t, out, seedsHeading, fullHeading), looEvals[0])
		checkTables(t, name+", full cross-validation", section(t, out, fullHeading, ""), looEvals[1])
	}
}

// TestEvalRefuses checks the settings that make eval fail, before it prints
// anything.
func TestEvalRefuses(t *testing.T) {
	en, fr := writeLabelled(t, englishDocs...), writeLabelled(t, frenchDocs...)
	corpora := []string{"--corpus", en, "--corpus", fr}
	goodDev := writeLabelled(t, devDocs...)
	badDev := writeCorpus(t, map[string]string{
		"labels.tsv": "a.txt\thacktivism\nb.txt\tnot_a_topic\n",
		"a.txt":      "Anonymous revendique une attaque DDoS contre le ministère",
		"b.txt":      "Des documents confidentiels publiés en ligne",
	})
	missingDev := filepath.Join(t.TempDir(), "nowhere")
	// A development set holding a training text of the full model...
	trainCopy := writeLabelled(t, append(slices.Clone(devDocs), labelled{"copy.txt", englishDocs[0].topics, englishDocs[0].text})...)
	// ... and one holding a seed article, with other surrounding spaces.
	const seedID = "000_67aa9bae7e2fbaa3.txt"
	seedText, err := fs.ReadFile(seeds.FS(), seedID)
	if err != nil {
		t.Fatal(err)
	}
	seedCopy := writeLabelled(t, append(slices.Clone(devDocs), labelled{"seed.txt", "hacktivism", "\n  " + strings.TrimSpace(string(seedText)) + " \n\n"})...)
	badCorpus := writeCorpus(t, map[string]string{"labels.tsv": "missing.txt\tleak\n"})

	for _, tt := range []struct {
		name     string
		args     []string
		env      map[string]string
		wantIs   error    // if set, the error wraps it
		wantText []string // the error names each
	}{
		{"zero threshold", []string{"--threshold", "0"}, nil, nil, []string{"--threshold"}},
		{"negative threshold", []string{"--threshold", "-0.5"}, nil, nil, []string{"--threshold"}},
		{"threshold above 1", []string{"--threshold", "1.5"}, nil, nil, []string{"--threshold", "1.5"}},
		{"NaN threshold", []string{"--threshold", "NaN"}, nil, nil, []string{"--threshold", "NaN"}},
		{"infinite threshold", []string{"--threshold", fmt.Sprint(math.Inf(1))}, nil, nil, []string{"--threshold"}},
		{"threshold not a number", []string{"--threshold", "high"}, nil, nil, nil},
		{"unexpected argument", []string{"--folds=0", "extra"}, nil, nil, []string{`"extra"`}},
		{"unknown flag", []string{"--model", "m.bin"}, nil, nil, nil},
		{"missing dev", append(slices.Clone(corpora), "--dev", missingDev), nil, corpus.ErrBadCorpus, []string{missingDev}},
		{"bad dev", append(slices.Clone(corpora), "--dev", badDev), nil, corpus.ErrBadCorpus, []string{badDev, "not_a_topic"}},
		{"dev holds a training text", append(slices.Clone(corpora), "--dev", trainCopy), nil, nil,
			[]string{filepath.ToSlash(trainCopy) + "/copy.txt", filepath.ToSlash(en) + "/a.txt"}},
		{"dev holds a seed text", append(slices.Clone(corpora), "--dev", seedCopy), nil, nil,
			[]string{filepath.ToSlash(seedCopy) + "/seed.txt", "seeds/" + seedID}},
		{"bad corpus", []string{"--corpus", badCorpus, "--dev", goodDev}, nil, corpus.ErrBadCorpus, []string{badCorpus}},
		{"bad env corpus", []string{"--dev", goodDev}, map[string]string{"TOPICD_CORPUS": list(en, badCorpus)}, corpus.ErrBadCorpus, []string{badCorpus}},
	} {
		args := append([]string{"eval", "--folds=0"}, tt.args...)
		var stdout strings.Builder
		err := run(testContext(t), args, env(tt.env), &stdout, io.Discard)
		if err == nil {
			t.Errorf("run(%q) with env %v = nil, want an error (%s)", args, tt.env, tt.name)
			continue
		}
		if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
			t.Errorf("run(%q) = %v, want an error wrapping %v (%s)", args, err, tt.wantIs, tt.name)
		}
		for _, s := range tt.wantText {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("run(%q) = %v, want it to name %q (%s)", args, err, s, tt.name)
			}
		}
		if stdout.Len() > 0 {
			t.Errorf("run(%q) failed (%v) but printed:\n%s", args, err, stdout.String())
		}
	}
}

// TestEvalSmallDevSet checks that a development set need not hold every
// topic: one off-topic item is enough to evaluate on.
func TestEvalSmallDevSet(t *testing.T) {
	en := writeLabelled(t, englishDocs...)
	dev := writeLabelled(t, labelled{"only.txt", "-", "The town library opens a new reading room for children on Saturday, the mayor said."})
	out := evalOutput(t, "--corpus", en, "--dev", dev, "--folds=0")
	if !strings.Contains(out, "### Development set: 1 held-out items (") {
		t.Errorf("eval with a one-item development set printed:\n%s", out)
	}
}

// checkHTMLArticles checks eval's row of HTML pages that get the topics of
// their article text, in out, against the model package: each embedded
// page through ClassifyHTML, each article text through Classify.
func checkHTMLArticles(t *testing.T, out string, le *libraryEval) {
	t.Helper()
	htmlFS := seeds.DevHTML()
	pages, err := corpus.LoadEval(htmlFS)
	if err != nil {
		t.Fatal(err)
	}
	same := 0
	for _, p := range pages.Documents {
		article, err := fs.ReadFile(htmlFS, "articles/"+strings.TrimSuffix(p.ID, ".html")+".txt")
		if err != nil {
			t.Fatalf("page %s has no article text: %v", p.ID, err)
		}
		rp, err := le.fullModel.ClassifyHTML(p.Text, naivebayes.Options{})
		if err != nil {
			t.Fatalf("ClassifyHTML(%s): %v", p.ID, err)
		}
		ra, err := le.fullModel.Classify(string(article))
		if err != nil {
			t.Fatalf("Classify(article of %s): %v", p.ID, err)
		}
		if slices.Equal(slices.Sorted(slices.Values(rp.Topics)), slices.Sorted(slices.Values(ra.Topics))) {
			same++
		}
	}
	n := len(pages.Documents)
	want := [][]string{{fmt.Sprintf("%d/%d (%.0f%%)", same, n, 100*float64(same)/float64(n))}}
	if got := tableRows(out, "HTML pages that get the topics of their article text"); !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("eval printed %q, want %q", got, want)
	}
}

// TestArticleTexts checks how eval pairs HTML pages with their article
// texts: by name, under the pages' prefix; none without an articles
// directory; an error for an article of no page or with other topics.
func TestArticleTexts(t *testing.T) {
	write := func(t *testing.T, dir string, files map[string]string) {
		t.Helper()
		for name, text := range files {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	pagesOnly := map[string]string{
		"labels.tsv":  "en/a.html\thacktivism\nen/b.html\t-\n",
		"en/a.html":   "<html><body><article><h1>Activists hit the ministry</h1></article></body></html>",
		"en/b.html":   "<html><body><article><h1>Storm cuts power</h1></article></body></html>",
		"notes/x.txt": "not a page",
	}
	for _, tt := range []struct {
		name    string
		files   map[string]string
		want    map[string]string // with the pages' prefix
		wantErr string
	}{
		{"no articles directory", nil, nil, ""},
		{"one article", map[string]string{
			"articles/labels.tsv": "en/a.txt\thacktivism\n",
			"articles/en/a.txt":   "Activists hit the ministry",
		}, map[string]string{"PREFIX/en/a.html": "Activists hit the ministry"}, ""},
		{"article of no page", map[string]string{
			"articles/labels.tsv": "en/c.txt\t-\n",
			"articles/en/c.txt":   "An article",
		}, nil, "en/c.txt is the article of no page"},
		{"other topics than its page", map[string]string{
			"articles/labels.tsv": "en/b.txt\tleak\n",
			"articles/en/b.txt":   "Storm cuts power",
		}, nil, `en/b.txt has topics ["leak"]`},
		{"broken manifest", map[string]string{
			"articles/labels.tsv": "en/a.txt\n",
		}, nil, "articles:"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, pagesOnly)
			write(t, dir, tt.files)
			pages, articles, err := htmlCorpus(dir)
			prefix := filepath.ToSlash(filepath.Clean(dir))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("htmlCorpus = %v, want an error containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(pages.Documents) != 2 {
				t.Errorf("htmlCorpus read %d pages, want 2", len(pages.Documents))
			}
			want := map[string]string{}
			for k, v := range tt.want {
				want[strings.Replace(k, "PREFIX", prefix, 1)] = v
			}
			if len(want) == 0 {
				want = nil
			}
			if diff := cmp.Diff(want, articles); diff != "" {
				t.Errorf("article texts (-want +got):\n%s", diff)
			}
		})
	}
}
