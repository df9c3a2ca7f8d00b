package naivebayes

import (
	"bytes"
	"encoding/gob"
	"math"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/jbrukh/bayesian"

	"github.com/seed134e4861/topicd/model"
	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/model/features"
	"github.com/seed134e4861/topicd/seeds"
)

// nbFormulas chooses, for each of the four points where jbrukh/bayesian
// v1.1.0's LogScores and the snapshot (scikit-learn's MultinomialNB) part
// ways, which side to compute. The zero value is the library's LogScores;
// every field set is the snapshot.
type nbFormulas struct {
	// docPriors takes the prior of class c from document counts, D_c / D,
	// instead of the library's Laplace-smoothed share of TOKENS,
	// (N_c + 1) / (Σ_k N_k + K) over the K classes of the store.
	docPriors bool
	// globalVocab smooths P(w|c) = (N_c(w) + 1) / (N_c + |V|) with V the
	// vocabulary of all classes, instead of the library's
	// (N_c(w) + 1) / (N_c + |V_c|) with V_c the tokens class c itself learned.
	globalVocab bool
	// skipUnseen leaves out the tokens no class learned, instead of the
	// library's counting each as (0 + 1) / (N_c + |V_c|).
	skipUnseen bool
	// alpha smooths with the model's α (Alpha) instead of the library's 1:
	// (N_c(w) + α) / (N_c + α|V|).
	alpha bool
}

var (
	libraryFormulas = nbFormulas{}
	snapshotFormula = nbFormulas{docPriors: true, globalVocab: true, skipUnseen: true, alpha: true}
)

// gobClassifier mirrors the wire form of a *bayesian.Classifier (v1.1.0's
// unexported serializableClassifier): gob matches fields by name, so a
// stream written by Classifier.WriteGob decodes into it, exposing the exact
// counts the library keeps.
type gobClassifier struct {
	Classes         []bayesian.Class
	Learned         int
	Seen            int
	Datas           map[bayesian.Class]*gobClassData
	TfIdf           bool
	DidConvertTfIdf bool
}

// gobClassData mirrors the library's unexported classData.
type gobClassData struct {
	Freqs   map[string]float64
	FreqTfs map[string][]float64
	Total   int
}

// decodeStore returns what lib.WriteGob writes now, decoded.
func decodeStore(t *testing.T, lib *bayesian.Classifier) gobClassifier {
	t.Helper()
	var b bytes.Buffer
	if err := lib.WriteGob(&b); err != nil {
		t.Fatal(err)
	}
	var g gobClassifier
	if err := gob.NewDecoder(&b).Decode(&g); err != nil {
		t.Fatal(err)
	}
	return g
}

// trainStore trains the library's classifier on the corpus, as Train does.
func trainStore(c *corpus.Corpus) *bayesian.Classifier {
	feats := make([][]string, len(c.Documents))
	for i, d := range c.Documents {
		feats[i] = features.Features(d.Text)
	}
	store, _ := learn(c.Documents, feats)
	return store
}

// nbStore is the training store's counts with what the formulas need besides.
type nbStore struct {
	gobClassifier
	vocab    map[string]bool        // V: every token learned by any class
	docs     map[bayesian.Class]int // D_c: documents learned by class c
	nDocs    int                    // D
	classIdx map[bayesian.Class]int // index of a class in Classes (and LogScores)
}

// loadNBStore decodes the training store's counts. Document counts come
// from the corpus: the store does not keep them.
func loadNBStore(t *testing.T, lib *bayesian.Classifier, c *corpus.Corpus) *nbStore {
	t.Helper()
	s := &nbStore{
		gobClassifier: decodeStore(t, lib),
		vocab:         map[string]bool{},
		docs:          map[bayesian.Class]int{},
		nDocs:         len(c.Documents),
		classIdx:      map[bayesian.Class]int{},
	}
	for i, class := range s.Classes {
		s.classIdx[class] = i
		for w := range s.Datas[class].Freqs {
			s.vocab[w] = true
		}
	}
	for _, d := range c.Documents {
		for _, topic := range model.Topics() {
			class := bayesian.Class(notPrefix + topic)
			if slices.Contains(d.Topics, topic) {
				class = bayesian.Class(topic)
			}
			s.docs[class]++
		}
	}
	return s
}

// score recomputes by hand, from the counts, the log score of class for
// tokens under formulas f, the way LogScores adds it up: the log prior, then
// the log of each token's probability.
func (s *nbStore) score(class bayesian.Class, tokens []string, f nbFormulas) float64 {
	d := s.Datas[class]
	var score float64
	if f.docPriors {
		score = math.Log(float64(s.docs[class]) / float64(s.nDocs))
	} else {
		sum := 0
		for _, c := range s.Classes {
			sum += s.Datas[c].Total
		}
		score = math.Log((float64(d.Total) + 1) / (float64(sum) + float64(len(s.Classes))))
	}
	vocab := len(d.Freqs)
	if f.globalVocab {
		vocab = len(s.vocab)
	}
	a := 1.0
	if f.alpha {
		a = Alpha
	}
	for _, tok := range tokens {
		if f.skipUnseen && !s.vocab[tok] {
			continue
		}
		score += math.Log((d.Freqs[tok] + a) / (float64(d.Total) + a*float64(vocab)))
	}
	return score
}

// logOdds is score(topic) − score(not:topic).
func (s *nbStore) logOdds(topic string, tokens []string, f nbFormulas) float64 {
	return s.score(bayesian.Class(topic), tokens, f) - s.score(bayesian.Class(notPrefix+topic), tokens, f)
}

// TestLibraryLogScoresDiffers shows why serving does not call the library
// that keeps the training counts. jbrukh/bayesian v1.1.0's LogScores, given
// the very store training counted with, scores differently from the
// snapshot (and from scikit-learn, see TestGoldenSklearn), for four reasons:
//
//   - Priors. The library's prior of a class is its share of the TOKENS
//     learned, Laplace-smoothed over all the store's classes:
//     (N_c + 1) / (Σ_k N_k + K). Multinomial naive Bayes takes the share of
//     DOCUMENTS, D_c / D. Long documents weigh more in the library's prior.
//   - Vocabulary. The library smooths P(w|c) = (N_c(w) + 1) / (N_c + |V_c|)
//     with V_c the tokens class c itself learned, so the two classes of a
//     topic have different denominators; the snapshot uses the vocabulary V
//     of all classes for both: (N_c(w) + 1) / (N_c + |V|).
//   - Unseen tokens. The library counts a token no class learned as
//     1 / (N_c + |V_c|) in every class, so a text's unknown words shift the
//     score towards the class with the smaller N_c + |V_c|; the snapshot
//     ignores them, as a CountVectorizer fitted on the corpus does.
//   - Smoothing. The library adds 1 to every count (Laplace); the snapshot
//     adds the model's α (Alpha, Lidstone), which the evaluation chose.
//
// The test (i) shows the difference on the seed corpus, (ii) recomputes the
// library's scores by hand from the counts with its formulas and matches
// LogScores to 1e-9, and (iii) swaps the four formulas for ours one at a
// time, each changing the result, until it is the snapshot's log-odds to
// 1e-9.
func TestLibraryLogScoresDiffers(t *testing.T) {
	c, err := corpus.Load(seeds.FS())
	if err != nil {
		t.Fatal(err)
	}
	m, err := Train(c)
	if err != nil {
		t.Fatal(err)
	}
	lib := trainStore(c)
	s := loadNBStore(t, lib, c)

	// (ii) and the end of (iii), on every evaluation document and topic:
	// the hand computation with the library's formulas is LogScores (each
	// class's score, absolutely), with ours it is the snapshot.
	var maxLib, maxSnap float64
	for _, d := range goldenDocs(c) {
		tokens := features.Features(d.text)
		scores, _, _ := lib.LogScores(tokens)
		for i, class := range lib.Classes {
			got, want := s.score(class, tokens, libraryFormulas), scores[i]
			maxLib = math.Max(maxLib, math.Abs(got-want))
			if !(math.Abs(got-want) <= goldenTol) {
				t.Errorf("%s: library formulas give score(%s) = %.17g, LogScores %.17g", d.name, class, got, want)
			}
		}
		snap := goldenLogOdds(m, d.text)
		for ti, topic := range m.snap.topics {
			got, want := s.logOdds(topic, tokens, snapshotFormula), snap[ti]
			maxSnap = math.Max(maxSnap, math.Abs(got-want))
			if !goldenClose(got, want, goldenTol) {
				t.Errorf("%s: our formulas give log-odds(%s) = %.17g, snapshot %.17g", d.name, topic, got, want)
			}
		}
	}
	t.Logf("max |by hand - computed|: library formulas vs LogScores %.3g, our formulas vs snapshot %.3g", maxLib, maxSnap)

	// (i) and (iii) step by step, for one topic and one text: state_actor,
	// which one seed article of five carries, on an English text that has
	// words the seeds never had.
	const topic, name = model.StateActor, "en-spies-campaign-documents"
	i := slices.IndexFunc(goldenTexts, func(g struct{ name, text string }) bool { return g.name == name })
	if i < 0 {
		t.Fatalf("no golden text %q", name)
	}
	text := goldenTexts[i]
	tokens := features.Features(text.text)
	yes, no := s.classIdx[bayesian.Class(topic)], s.classIdx[bayesian.Class(notPrefix+topic)]
	scores, _, _ := lib.LogScores(tokens)
	libOdds := scores[yes] - scores[no]
	snapOdds := goldenLogOdds(m, text.text)[slices.Index(m.snap.topics, topic)]
	t.Logf("%s, %s: LogScores yes-no = %.6f (P = %.3g), snapshot log-odds = %.6f (P = %.3g)",
		text.name, topic, libOdds, probability(libOdds), snapOdds, probability(snapOdds))
	if math.Abs(libOdds-snapOdds) < 1 {
		t.Errorf("%s, %s: LogScores yes-no = %g, snapshot %g: expected them to differ by more than 1", text.name, topic, libOdds, snapOdds)
	}
	steps := []struct {
		what string
		f    nbFormulas
	}{
		{"library: token priors, per-class vocabulary, unseen tokens counted", libraryFormulas},
		{"+ document priors", nbFormulas{docPriors: true}},
		{"+ global vocabulary", nbFormulas{docPriors: true, globalVocab: true}},
		{"+ unseen tokens ignored", nbFormulas{docPriors: true, globalVocab: true, skipUnseen: true}},
		{"+ smoothing α instead of 1 = snapshot", snapshotFormula},
	}
	prev := math.NaN()
	for i, step := range steps {
		got := s.logOdds(topic, tokens, step.f)
		t.Logf("  %-70s %.6f", step.what, got)
		if i == 0 && !(math.Abs(got-libOdds) <= goldenTol) {
			t.Errorf("%s: %.17g, LogScores yes-no %.17g", step.what, got, libOdds)
		}
		if i > 0 && math.Abs(got-prev) < 1e-3 {
			t.Errorf("%s: %.17g, hardly changed from %.17g: this formula should matter here", step.what, got, prev)
		}
		if i == len(steps)-1 && !goldenClose(got, snapOdds, goldenTol) {
			t.Errorf("%s: %.17g, snapshot log-odds %.17g", step.what, got, snapOdds)
		}
		prev = got
	}
}

// TestLibraryLogScoresMutates shows the other reason serving never calls
// LogScores: it is not a pure function. Besides taking the classifier's read
// lock, every call adds one to its Seen counter, which WriteGob writes: the
// store encoded after scoring is not the store training left. A model's
// Counts hold what was learned and nothing else, so they are the same
// before and after, and so is the version; a model file holding the scored
// store is refused (see modelfile's TestDecodeScoredStore).
func TestLibraryLogScoresMutates(t *testing.T) {
	c, err := corpus.Load(seeds.FS())
	if err != nil {
		t.Fatal(err)
	}
	m, err := Train(c)
	if err != nil {
		t.Fatal(err)
	}
	lib := trainStore(c)
	// Bytes are not compared: gob writes maps in random order.
	before := decodeStore(t, lib)
	if counts, err := countsOf(lib, model.Topics()); err != nil || !cmp.Equal(counts.Classes, m.Counts().Classes) {
		t.Fatalf("before scoring, countsOf(library) = the model's counts? %v (err %v), want true", cmp.Equal(counts.Classes, m.Counts().Classes), err)
	}
	if n := lib.Seen(); n != 0 {
		t.Fatalf("Seen() = %d before scoring, want 0", n)
	}

	lib.LogScores(features.Features("Anonymous a publié les courriels de la campagne."))

	if n := lib.Seen(); n != 1 {
		t.Errorf("Seen() = %d after one LogScores, want 1", n)
	}
	after := decodeStore(t, lib)
	if before.Seen != 0 || after.Seen != 1 {
		t.Errorf("WriteGob Seen = %d before and %d after one LogScores, want 0 and 1", before.Seen, after.Seen)
	}
	if diff := cmp.Diff(before, after, cmpopts.IgnoreFields(gobClassifier{}, "Seen")); diff != "" {
		t.Errorf("LogScores changed more than Seen (-before +after):\n%s", diff)
	}
	counts, err := countsOf(lib, model.Topics())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(m.Counts().Classes, counts.Classes); diff != "" {
		t.Errorf("after LogScores, the store's counts differ from the model's (-model +store):\n%s", diff)
	}
}
