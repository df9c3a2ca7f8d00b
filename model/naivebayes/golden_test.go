package naivebayes

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seed134e4861/topicd/model"
	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/model/features"
	"github.com/seed134e4861/topicd/seeds"
)

// update makes golden-file tests rewrite their files under testdata instead
// of checking against them.
var update = flag.Bool("update", false, "rewrite the golden files under testdata (TestGoldenSklearn also runs scikit-learn)")

// The scikit-learn golden files, relative to the package directory.
const (
	goldenDir     = "testdata/golden"
	goldenScript  = goldenDir + "/sklearn_golden.py"
	goldenCounts  = goldenDir + "/counts.json"
	goldenSklearn = goldenDir + "/sklearn.json"
	// goldenPython is the interpreter that has scikit-learn (Debian's
	// python3-sklearn); SKLEARN_PYTHON overrides it.
	goldenPython = "/usr/bin/python3"
	// goldenTol bounds the difference from scikit-learn: absolute for the
	// probabilities, absolute or relative (whichever is larger) for the
	// log-odds.
	goldenTol = 1e-9
)

// goldenTexts are the evaluation documents of TestGoldenSklearn besides the
// seed articles: short texts written for this test, in the three languages,
// with and without diacritics, on and off topic. The labels in the comments
// follow LABELING.md; the test does not need them (it checks the arithmetic,
// not the verdicts), they say what each text is there for.
var goldenTexts = []struct{ name, text string }{
	// English. Labels: state_actor, election_interference, leak (a foreign
	// intelligence service breaks into a campaign, documents go to reporters).
	{"en-spies-campaign-documents", "Officials said hackers working for a foreign intelligence service broke into the email accounts of a presidential campaign and passed internal documents to reporters weeks before the vote."},
	// English. Labels: none (ransomware for money). Mostly words the seeds never had.
	{"en-ransomware-hospital", "A ransomware gang encrypted the billing servers of a regional hospital and demanded two million dollars in bitcoin to restore them."},
	// English. Labels: none ("anonymous" in its ordinary sense).
	{"en-anonymous-donor", "An anonymous donor paid for the new roof of the village library, the mayor told residents on Sunday."},
	// English. Labels: none. No token the seeds have: the scores are the priors.
	{"en-no-known-word", "Beekeepers gathered lavender honey beside the orchard hives."},
	// French with diacritics. Labels: hacktivism (activists claim a DDoS for a cause).
	{"fr-hacktivistes-ddos", "Des hacktivistes se réclamant d'Anonymous ont revendiqué une attaque par déni de service contre les sites d'un ministère, pour protester contre une réforme qu'ils jugent injuste."},
	// French without diacritics. Labels: election_interference, leak (campaign
	// mail published just before the second round).
	{"fr-sans-accents-second-tour", "A deux jours du second tour, des courriels internes de l'equipe du candidat ont ete publies sur les reseaux sociaux, et son parti denonce une operation de destabilisation."},
	// French with diacritics. Labels: state_actor (a military intelligence
	// service accused of a cyber operation).
	{"fr-renseignement-militaire", "Le parquet accuse un groupe lié au renseignement militaire russe d'avoir espionné les serveurs de plusieurs ministères."},
	// French with diacritics. Labels: none ("fuite" as a water leak).
	{"fr-fuite-d-eau", "Une fuite d'eau sous l'évier a abîmé le parquet de la cuisine ; le plombier passera lundi matin."},
	// Vietnamese with diacritics. Labels: hacktivism, election_interference,
	// leak (Anonymous threatens the campaign sites and has posted the
	// candidate's personal details).
	{"vi-anonymous-ung-cu-vien", "Nhóm tin tặc Anonymous tuyên bố sẽ tấn công DDoS các trang web tranh cử của ứng cử viên và đã đăng thông tin cá nhân của ông lên mạng."},
	// Vietnamese without diacritics. Labels: state_actor, election_interference
	// (a foreign government accused of spying on the election commission).
	{"vi-khong-dau-uy-ban-bau-cu", "Chinh phu nuoc ngoai bi cao buoc dung tin tac de do tham may chu cua uy ban bau cu truoc cuoc bo phieu."},
	// Vietnamese with diacritics. Labels: none (breakfast).
	{"vi-pho-bo", "Bát phở bò nóng hổi, thêm chút hành lá và rau thơm, là bữa sáng quen thuộc của người Hà Nội."},
}

// goldenCountsFile is counts.json, the input of sklearn_golden.py: what a
// CountVectorizer fitted on the training documents, with features.Words as its
// analyzer, would give.
type goldenCountsFile struct {
	Tokenizer string   `json:"tokenizer"`
	Alpha     float64  `json:"alpha"`
	Topics    []string `json:"topics"`
	// Vocabulary is every token of the training documents, sorted: the
	// columns of the count vectors.
	Vocabulary []string           `json:"vocabulary"`
	Train      []goldenCountedDoc `json:"train"`
	Eval       []goldenCountedDoc `json:"eval"`
}

type goldenCountedDoc struct {
	Name string `json:"name"`
	// Topics are a training document's labels; nil for evaluation documents.
	Topics []string `json:"topics,omitempty"`
	// Counts has one count per vocabulary token.
	Counts []int `json:"counts"`
	// Unseen is the number of the document's tokens not in the vocabulary,
	// left out of Counts.
	Unseen int `json:"unseen"`
}

// goldenSklearnFile is sklearn.json, the output of sklearn_golden.py.
type goldenSklearnFile struct {
	Generator      string `json:"generator"`
	SklearnVersion string `json:"sklearn_version"`
	NumpyVersion   string `json:"numpy_version"`
	PythonVersion  string `json:"python_version"`
	Estimator      string `json:"estimator"`
	// CountsSHA256 is the SHA-256 of the counts.json it was computed from.
	CountsSHA256 string   `json:"counts_sha256"`
	Topics       []string `json:"topics"`
	Eval         []struct {
		Name        string             `json:"name"`
		Probability map[string]float64 `json:"probability"`
		LogOdds     map[string]float64 `json:"log_odds"`
	} `json:"eval"`
}

// goldenDoc is an evaluation document.
type goldenDoc struct{ name, text string }

// goldenDocs returns the evaluation documents: the seed articles, then
// goldenTexts.
func goldenDocs(c *corpus.Corpus) []goldenDoc {
	var docs []goldenDoc
	for _, d := range c.Documents {
		docs = append(docs, goldenDoc{"seed/" + d.ID, d.Text})
	}
	for _, g := range goldenTexts {
		docs = append(docs, goldenDoc{g.name, g.text})
	}
	return docs
}

// goldenComputeCounts counts the tokens of the training and evaluation
// documents over the training vocabulary, independently of the snapshot.
func goldenComputeCounts(c *corpus.Corpus, docs []goldenDoc) goldenCountsFile {
	vocab := map[string]int{}
	for _, d := range c.Documents {
		for _, tok := range features.Features(d.Text) {
			vocab[tok] = 0
		}
	}
	words := slices.Sorted(maps.Keys(vocab))
	for i, w := range words {
		vocab[w] = i
	}
	count := func(name, text string, topics []string) goldenCountedDoc {
		d := goldenCountedDoc{Name: name, Topics: topics, Counts: make([]int, len(words))}
		for _, tok := range features.Features(text) {
			if i, ok := vocab[tok]; ok {
				d.Counts[i]++
			} else {
				d.Unseen++
			}
		}
		return d
	}
	f := goldenCountsFile{Tokenizer: features.Version, Alpha: Alpha, Topics: model.Topics(), Vocabulary: words}
	for _, d := range c.Documents {
		f.Train = append(f.Train, count(d.ID, d.Text, append([]string{}, d.Topics...)))
	}
	for _, d := range docs {
		// What Classify reads of the text: its article, without furniture.
		f.Eval = append(f.Eval, count(d.name, articleText(d.text), nil))
	}
	return f
}

// marshal writes f as indented JSON with one vocabulary token, and one
// document with its whole count vector, per line, so that a change of the
// tokenizer shows as a readable diff.
func (f goldenCountsFile) marshal() []byte {
	var b bytes.Buffer
	line := func(indent, sep string, v any) {
		j, err := json.Marshal(v)
		if err != nil {
			panic(err) // strings and ints always marshal
		}
		b.WriteString(indent)
		b.Write(j)
		b.WriteString(sep)
	}
	list := func(key string, n int, item func(int) any, last bool) {
		fmt.Fprintf(&b, "  %q: [\n", key)
		for i := range n {
			sep := ",\n"
			if i == n-1 {
				sep = "\n"
			}
			line("    ", sep, item(i))
		}
		b.WriteString("  ]")
		if !last {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("{\n")
	line(`  "tokenizer": `, ",\n", f.Tokenizer)
	line(`  "alpha": `, ",\n", f.Alpha)
	line(`  "topics": `, ",\n", f.Topics)
	list("vocabulary", len(f.Vocabulary), func(i int) any { return f.Vocabulary[i] }, false)
	list("train", len(f.Train), func(i int) any { return f.Train[i] }, false)
	list("eval", len(f.Eval), func(i int) any { return f.Eval[i] }, true)
	b.WriteString("}\n")
	return b.Bytes()
}

// bags shows the count vectors of f as token -> count maps, for diffs.
func (f goldenCountsFile) bags() map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, d := range slices.Concat(f.Train, f.Eval) {
		bag := map[string]int{"(unseen)": d.Unseen}
		for i, n := range d.Counts {
			if n != 0 && i < len(f.Vocabulary) {
				bag[f.Vocabulary[i]] = n
			}
		}
		out[d.Name] = bag
	}
	return out
}

func readGoldenJSON(t *testing.T, name string, v any) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("%v (regenerate: go test ./model/naivebayes -run '^TestGoldenSklearn$' -update)", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return data
}

// goldenRunSklearn runs sklearn_golden.py on counts.json to rewrite sklearn.json.
// It reports false when no Python with scikit-learn is available.
func goldenRunSklearn(t *testing.T) bool {
	t.Helper()
	python := goldenPython
	if p := os.Getenv("SKLEARN_PYTHON"); p != "" {
		python = p
	}
	if err := exec.Command(python, "-c", "import sklearn").Run(); err != nil {
		t.Logf("%s has no scikit-learn (%v): %s not rewritten", python, err, goldenSklearn)
		return false
	}
	cmd := exec.Command(python, goldenScript, goldenCounts, goldenSklearn)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, out)
	}
	return true
}

// goldenLogOdds returns the snapshot's log-odds of text for each topic of m,
// in m's topic order, by the serving path: what Classify turns into
// probabilities.
func goldenLogOdds(m *Model, text string) []float64 {
	out := make([]float64, len(m.snap.topics))
	m.snap.classify(text, out)
	return out
}

// goldenClose reports whether got is within tol of want, absolutely or
// relatively to |want|, whichever allows more.
func goldenClose(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// TestGoldenSklearn checks the model's arithmetic against scikit-learn's
// MultinomialNB(alpha=1, fit_prior=True), fitted per topic on the seed corpus
// (the textbook model the snapshot documents), on the seed articles and on
// goldenTexts.
//
// It checks that (a) the token counts Go computes now are those of the
// committed counts.json, from which sklearn.json was computed (a tokenizer
// change fails here: regenerate with -update and review the diff), and (b)
// for every evaluation document and topic, Classify's probability equals
// scikit-learn's predict_proba within 1e-9, and the snapshot's log-odds its
// joint log-likelihood difference within 1e-9 (relative above 1).
//
// With -update it rewrites counts.json and runs sklearn_golden.py (see its
// header) to rewrite sklearn.json, then checks as above.
func TestGoldenSklearn(t *testing.T) {
	c, err := corpus.Load(seeds.FS())
	if err != nil {
		t.Fatal(err)
	}
	docs := goldenDocs(c)
	got := goldenComputeCounts(c, docs)

	if *update {
		if err := os.MkdirAll(goldenDir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenCounts, got.marshal(), 0o644); err != nil {
			t.Fatal(err)
		}
		if !goldenRunSklearn(t) {
			t.Skipf("%s rewritten; no scikit-learn to rewrite %s", goldenCounts, filepath.Base(goldenSklearn))
		}
	}

	// (a) The committed counts are the counts of today's tokenizer.
	var want goldenCountsFile
	countsData := readGoldenJSON(t, goldenCounts, &want)
	if diff := cmp.Diff(want.Vocabulary, got.Vocabulary); diff != "" {
		t.Errorf("training vocabulary differs from %s (-committed +now):\n%s", goldenCounts, diff)
	}
	if diff := cmp.Diff(want.bags(), got.bags()); diff != "" {
		t.Errorf("token counts differ from %s (-committed +now):\n%s", goldenCounts, diff)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("%s is stale; regenerate with -update (-committed +now):\n%s", goldenCounts, diff)
	}

	var sk goldenSklearnFile
	readGoldenJSON(t, goldenSklearn, &sk)
	if sum := sha256.Sum256(countsData); sk.CountsSHA256 != hex.EncodeToString(sum[:]) {
		t.Fatalf("%s was computed from another counts.json (sha256 %s); regenerate with -update", goldenSklearn, sk.CountsSHA256)
	}
	if !slices.Equal(sk.Topics, model.Topics()) || len(sk.Eval) != len(docs) {
		t.Fatalf("%s: topics %q and %d documents, want %q and %d", goldenSklearn, sk.Topics, len(sk.Eval), model.Topics(), len(docs))
	}
	t.Logf("reference: scikit-learn %s (numpy %s, Python %s), %s", sk.SklearnVersion, sk.NumpyVersion, sk.PythonVersion, sk.Estimator)

	// (b) Classify and the snapshot agree with scikit-learn.
	m, err := Train(c)
	if err != nil {
		t.Fatal(err)
	}
	if n := m.Info().VocabularySize; n != len(got.Vocabulary) {
		t.Errorf("VocabularySize = %d, want %d (the training vocabulary)", n, len(got.Vocabulary))
	}
	var maxProb, maxOdds float64
	for i, d := range docs {
		ref := sk.Eval[i]
		if ref.Name != d.name {
			t.Fatalf("%s: document %d is %q, want %q", goldenSklearn, i, ref.Name, d.name)
		}
		r, err := m.Classify(d.text)
		if err != nil {
			t.Fatalf("Classify(%q): %v", d.name, err)
		}
		known, counts := 0, got.Eval[i]
		for _, n := range counts.Counts {
			known += n
		}
		if r.KnownFeatures != known || r.Features != known+counts.Unseen {
			t.Errorf("Classify(%q) tokens = %d known of %d, want %d of %d", d.name, r.KnownFeatures, r.Features, known, known+counts.Unseen)
		}
		if len(r.Scores) != len(sk.Topics) {
			t.Fatalf("Classify(%q) has %d scores, want %d", d.name, len(r.Scores), len(sk.Topics))
		}
		odds := goldenLogOdds(m, articleText(d.text)) // what Classify reads
		for _, s := range r.Scores {
			wantP, ok := ref.Probability[s.Topic]
			if !ok {
				t.Fatalf("%s: %q has no probability for %q", goldenSklearn, d.name, s.Topic)
			}
			diff := math.Abs(s.Probability - wantP)
			maxProb = math.Max(maxProb, diff)
			if !(diff <= goldenTol) {
				t.Errorf("Classify(%q) P(%s) = %.17g, want %.17g (sklearn), |diff| %.3g > %g", d.name, s.Topic, s.Probability, wantP, diff, goldenTol)
			}
		}
		for ti, topic := range m.snap.topics {
			wantL := ref.LogOdds[topic]
			diff := math.Abs(odds[ti] - wantL)
			maxOdds = math.Max(maxOdds, diff)
			if !goldenClose(odds[ti], wantL, goldenTol) {
				t.Errorf("log-odds(%q, %s) = %.17g, want %.17g (sklearn), |diff| %.3g", d.name, topic, odds[ti], wantL, diff)
			}
		}
	}
	t.Logf("max |Classify - sklearn|: probability %.3g, log-odds %.3g, over %d documents x %d topics", maxProb, maxOdds, len(docs), len(sk.Topics))
}
