package naivebayes

import (
	"errors"
	"io/fs"
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/seed134e4861/topicd/model"
	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/model/features"
	"github.com/seed134e4861/topicd/seeds"
)

// seedModelOnce trains the seed model once for all tests: a Model is
// immutable, so they can share it.
var seedModelOnce = sync.OnceValues(func() (*Model, error) { return TrainFS(seeds.FS()) })

// trainedSeeds returns the model trained on the embedded seed corpus.
func trainedSeeds(tb testing.TB) *Model {
	tb.Helper()
	m, err := seedModelOnce()
	if err != nil {
		tb.Fatalf("TrainFS(seeds.FS()): %v", err)
	}
	return m
}

// embeddedModelOnce trains the serving model (the seeds and the supplement)
// once for all tests.
var embeddedModelOnce = sync.OnceValues(func() (*Model, error) {
	e, err := loadEmbedded()
	if err != nil {
		return nil, err
	}
	return Train(e.full)
})

// embeddedModel returns the model trained on the default corpus, the one
// the server serves.
func embeddedModel(tb testing.TB) *Model {
	tb.Helper()
	m, err := embeddedModelOnce()
	if err != nil {
		tb.Fatalf("Train(seeds and supplement): %v", err)
	}
	return m
}

// seedTexts returns the texts of the seed articles, in file name order.
func seedTexts(tb testing.TB) []string {
	tb.Helper()
	names, err := fs.Glob(seeds.FS(), "*.txt")
	if err != nil || len(names) != 5 {
		tb.Fatalf("seed articles: %q, %v; want 5", names, err)
	}
	var texts []string
	for _, name := range names {
		data, err := fs.ReadFile(seeds.FS(), name)
		if err != nil {
			tb.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	return texts
}

// seedsWithManifest returns the seed corpus with its manifest replaced.
func seedsWithManifest(tb testing.TB, manifest string) fstest.MapFS {
	tb.Helper()
	fsys := fstest.MapFS{corpus.ManifestName: {Data: []byte(manifest)}}
	names, err := fs.Glob(seeds.FS(), "*.txt")
	if err != nil {
		tb.Fatal(err)
	}
	for _, name := range names {
		data, err := fs.ReadFile(seeds.FS(), name)
		if err != nil {
			tb.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: data}
	}
	return fsys
}

// seedManifest returns the seed corpus's manifest.
func seedManifest(tb testing.TB) string {
	tb.Helper()
	data, err := fs.ReadFile(seeds.FS(), corpus.ManifestName)
	if err != nil {
		tb.Fatal(err)
	}
	return string(data)
}

func TestTrainDeterministic(t *testing.T) {
	first := trainedSeeds(t)
	c, err := corpus.Load(seeds.FS())
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		m, err := Train(c)
		if err != nil {
			t.Fatalf("Train: %v", err)
		}
		if m.Version() != first.Version() {
			t.Errorf("training %d: Version() = %q, want %q", i, m.Version(), first.Version())
		}
		if diff := cmp.Diff(first.Counts(), m.Counts()); diff != "" {
			t.Errorf("training %d: Counts() differ from the first training's (-first +now):\n%s", i, diff)
		}
	}
	if !cmp.Equal(first.Counts(), first.Counts()) {
		t.Error("two Counts() of one model differ")
	}
	if ok, _ := regexp.MatchString(`^nb-[0-9a-f]{16}$`, first.Version()); !ok {
		t.Errorf("Version() = %q, want nb- and 16 hex digits", first.Version())
	}
}

// TestTrainOrderIndependent checks the model does not depend on the order of
// the manifest's lines nor on the order of a corpus's documents.
func TestTrainOrderIndependent(t *testing.T) {
	want := trainedSeeds(t)

	lines := strings.Split(strings.TrimSpace(seedManifest(t)), "\n")
	slices.Reverse(lines)
	m, err := TrainFS(seedsWithManifest(t, strings.Join(lines, "\n")))
	if err != nil {
		t.Fatalf("TrainFS(reversed manifest): %v", err)
	}
	if m.Version() != want.Version() || !cmp.Equal(m.Counts(), want.Counts()) {
		t.Errorf("TrainFS(reversed manifest) = %s, want %s, count for count", m.Version(), want.Version())
	}

	c, err := corpus.Load(seeds.FS())
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(c.Documents)
	m, err = Train(c)
	if err != nil {
		t.Fatalf("Train(reversed documents): %v", err)
	}
	if m.Version() != want.Version() || !cmp.Equal(m.Counts(), want.Counts()) {
		t.Errorf("Train(reversed documents) = %s, want %s, count for count", m.Version(), want.Version())
	}
}

// TestTrainDifferentCorpus checks a change of one label or of one word gives
// another version.
func TestTrainDifferentCorpus(t *testing.T) {
	seed := trainedSeeds(t)
	manifest := seedManifest(t)

	relabelled := strings.Replace(manifest, "000_67aa9bae7e2fbaa3.txt\thacktivism", "000_67aa9bae7e2fbaa3.txt\thacktivism,state_actor", 1)
	if relabelled == manifest {
		t.Fatal("seed manifest: no line to relabel")
	}
	fsys := seedsWithManifest(t, relabelled)
	m1, err := TrainFS(fsys)
	if err != nil {
		t.Fatalf("TrainFS(relabelled): %v", err)
	}

	fsys = seedsWithManifest(t, manifest)
	fsys["000_67aa9bae7e2fbaa3.txt"].Data = append(slices.Clip(fsys["000_67aa9bae7e2fbaa3.txt"].Data), " cyberespionnage"...)
	m2, err := TrainFS(fsys)
	if err != nil {
		t.Fatalf("TrainFS(one more word): %v", err)
	}

	versions := map[string]string{seed.Version(): "seeds"}
	for name, m := range map[string]*Model{"relabelled": m1, "one more word": m2} {
		if other, dup := versions[m.Version()]; dup {
			t.Errorf("%s: Version() = %q, the same as %s", name, m.Version(), other)
		}
		versions[m.Version()] = name
		if cmp.Equal(m.Counts(), seed.Counts()) {
			t.Errorf("%s: Counts() are the seed model's", name)
		}
	}
	if got, want := m1.Info().TopicDocuments, []int{3, 3, 4, 2}; !slices.Equal(got, want) {
		t.Errorf("relabelled: Info().TopicDocuments = %v, want %v", got, want)
	}
}

func TestTrainBadCorpus(t *testing.T) {
	tests := []struct {
		name string
		c    *corpus.Corpus
		want string
	}{
		{"nil", nil, "no documents"},
		{"empty", &corpus.Corpus{}, "no documents"},
		{"one document", &corpus.Corpus{Documents: []corpus.Document{{ID: "a", Text: "piratage", Topics: []string{model.Leak}}}},
			`every document carries topic "leak"`},
		{"no topic", &corpus.Corpus{Documents: []corpus.Document{{ID: "a", Text: "piratage"}, {ID: "b", Text: "vote"}}},
			`no document carries topic "election_interference"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Train(tt.c)
			if !errors.Is(err, corpus.ErrBadCorpus) || m != nil {
				t.Fatalf("Train(%v) = %v, %v; want an error wrapping corpus.ErrBadCorpus", tt.c, m, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Train(%v) error = %q, want it to contain %q", tt.c, err, tt.want)
			}
		})
	}
}

func TestTrainFSBadCorpus(t *testing.T) {
	m, err := TrainFS(fstest.MapFS{})
	if !errors.Is(err, corpus.ErrBadCorpus) || m != nil {
		t.Errorf("TrainFS(empty fs) = %v, %v; want an error wrapping corpus.ErrBadCorpus", m, err)
	}
}

func TestInfo(t *testing.T) {
	m := trainedSeeds(t)
	vocab := map[string]bool{}
	for _, text := range seedTexts(t) {
		for _, tok := range features.Features(text) {
			vocab[tok] = true
		}
	}
	want := Info{
		Version:          m.Version(),
		Topics:           []string{model.ElectionInterference, model.Hacktivism, model.Leak, model.StateActor},
		Documents:        5,
		TopicDocuments:   []int{3, 3, 4, 1}, // as seeds/labels.tsv says
		VocabularySize:   len(vocab),
		Tokenizer:        features.Version,
		Threshold:        DefaultThreshold,
		MinKnownFeatures: MinKnownFeatures,
		Languages:        []string{features.English, features.French, features.Vietnamese},
	}
	got := m.Info()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Info() mismatch (-want +got):\n%s", diff)
	}
	if got.VocabularySize < 500 {
		t.Errorf("Info().VocabularySize = %d, want the words of five articles", got.VocabularySize)
	}

	// Info returns copies: changing them does not change the model.
	got.Topics[0] = "changed"
	got.TopicDocuments[0] = 99
	got.Languages[0] = "changed"
	if diff := cmp.Diff(want, m.Info()); diff != "" {
		t.Errorf("Info() after changing a previous Info() (-want +got):\n%s", diff)
	}
}

func TestModelString(t *testing.T) {
	m := trainedSeeds(t)
	want := "model " + m.Version() + " (5 documents, "
	if got := m.String(); !strings.HasPrefix(got, want) || !strings.HasSuffix(got, "topics election_interference,hacktivism,leak,state_actor)") {
		t.Errorf("String() = %q, want %q…%q", got, want, "topics election_interference,hacktivism,leak,state_actor)")
	}
}

func TestClassifyEmptyText(t *testing.T) {
	m := trainedSeeds(t)
	for _, text := range []string{"", " ", "\t\r\n", "\u00a0\u3000\u2028", "\v\f"} {
		r, err := m.Classify(text)
		if !errors.Is(err, ErrEmptyText) {
			t.Errorf("Classify(%q) error = %v, want ErrEmptyText", text, err)
		}
		if diff := cmp.Diff(Result{}, r); diff != "" {
			t.Errorf("Classify(%q) with an error gave a result (-want +got):\n%s", text, diff)
		}
	}
}

// TestClassifyNoKnownFeature checks a text of no known feature gets no topic and
// the priors as scores, ties broken by name.
func TestClassifyNoKnownFeature(t *testing.T) {
	m := trainedSeeds(t)
	priors := []Score{ // the seed corpus's document counts over 5
		{Topic: model.Leak, Probability: 0.8},
		{Topic: model.ElectionInterference, Probability: 0.6},
		{Topic: model.Hacktivism, Probability: 0.6},
		{Topic: model.StateActor, Probability: 0.2},
	}
	tests := []struct {
		text   string
		tokens int
		lang   string
	}{
		{"zzzz qqqq", 2, Undetermined},
		{"xylophone", 1, Undetermined},
		{"!!! ??? …", 0, Undetermined},
		{"le la les a b c", 0, "fr"},
		{"\u200b", 0, Undetermined},
	}
	for _, tt := range tests {
		r, err := m.Classify(tt.text)
		if err != nil {
			t.Errorf("Classify(%q): %v", tt.text, err)
			continue
		}
		want := Result{Scores: priors, Features: tt.tokens, Threshold: DefaultThreshold, Abstained: true, AbstainReason: WeakEvidence, Language: tt.lang}
		if diff := cmp.Diff(want, r, cmpopts.EquateApprox(0, 1e-12), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("Classify(%q) mismatch (-want +got):\n%s", tt.text, diff)
		}
	}
}

// classifyTexts are texts of every kind for the invariants of Classify.
var classifyTexts = []string{
	"Anonymous",
	"Anonymous a piraté le site du candidat pendant l'élection.",
	"Des pirates iraniens ont volé des documents internes de la campagne.",
	"Les hackers d'Anonymous ont publié des documents de la campagne électorale.",
	"Tin tặc Anonymous tuyên chiến với ứng viên Trump",
	"ransomware phishing banque",
	"zzzz campagne",
	strings.Repeat("campagne ", 2000),
	strings.Repeat("anonymous leak vote ", 500),
}

// checkResult checks the invariants of a Classify result for text.
func checkResult(tb testing.TB, m *Model, text string, r Result) {
	tb.Helper()
	if len(r.Scores) != len(model.Topics()) {
		tb.Fatalf("Classify(%q).Scores = %v, want %d scores", text, r.Scores, len(model.Topics()))
	}
	var scored []string
	for i, s := range r.Scores {
		scored = append(scored, s.Topic)
		if !(s.Probability >= 0 && s.Probability <= 1) {
			tb.Errorf("Classify(%q).Scores[%d] = %v, want a probability in [0,1]", text, i, s)
		}
		if i > 0 {
			p := r.Scores[i-1]
			if p.Probability < s.Probability || p.Probability == s.Probability && p.Topic > s.Topic {
				tb.Errorf("Classify(%q).Scores = %v, want most probable first, ties by name", text, r.Scores)
			}
		}
	}
	slices.Sort(scored)
	if !slices.Equal(scored, model.Topics()) {
		tb.Errorf("Classify(%q) scored topics %q, want each of %q once", text, scored, model.Topics())
	}
	// The model abstains on a language it was not trained on, whatever the
	// evidence, and otherwise when the text has too few known features.
	wantReason := NotAbstained
	switch {
	case !m.readsLanguage(r.Language):
		wantReason = UnsupportedLanguage
	case r.KnownFeatures < MinKnownFeatures:
		wantReason = WeakEvidence
	}
	// Topics: those at the threshold whose evidence favours them, unless the
	// model abstains.
	odds := goldenLogOdds(m, articleText(text))
	var want []string
	if wantReason == NotAbstained {
		for _, s := range r.Scores {
			t := slices.Index(m.snap.topics, s.Topic)
			if s.Probability >= m.Info().Threshold && odds[t]-m.snap.bias[t] > 0 {
				want = append(want, s.Topic)
			}
		}
	}
	if !slices.Equal(r.Topics, want) {
		tb.Errorf("Classify(%q).Topics = %q, want %q (scores %v, %d known tokens)", text, r.Topics, want, r.Scores, r.KnownFeatures)
	}
	if r.Abstained != (wantReason != NotAbstained) || r.AbstainReason != wantReason || r.Threshold != DefaultThreshold {
		tb.Errorf("Classify(%q) abstained %v (%v) with %d known tokens in %q, threshold %v; want %v (below %d known, or another language), threshold %v",
			text, r.Abstained, r.AbstainReason, r.KnownFeatures, r.Language, r.Threshold, wantReason, MinKnownFeatures, DefaultThreshold)
	}
	if tokens := len(features.Features(articleText(text))); r.Features != tokens || r.KnownFeatures < 0 || r.KnownFeatures > r.Features {
		tb.Errorf("Classify(%q) = %d tokens, %d known; want %d tokens, at most all known", text, r.Features, r.KnownFeatures, tokens)
	}
}

func TestClassifyInvariants(t *testing.T) {
	m := trainedSeeds(t)
	for _, text := range append(seedTexts(t), classifyTexts...) {
		r, err := m.Classify(text)
		if err != nil {
			t.Errorf("Classify(%q): %v", text, err)
			continue
		}
		checkResult(t, m, text, r)
	}
}

// TestClassifyKnownFeatures checks the feature counts of a result.
func TestClassifyKnownFeatures(t *testing.T) {
	m := trainedSeeds(t)
	text := "Anonymous zzzz qqqq le"
	r, err := m.Classify(text)
	if err != nil {
		t.Fatal(err)
	}
	if r.Features != 3 || r.KnownFeatures != 1 {
		t.Errorf("Classify(%q) = %d tokens, %d known; want 3, 1", text, r.Features, r.KnownFeatures)
	}
	if !r.Abstained || r.AbstainReason != WeakEvidence || len(r.Topics) != 0 {
		t.Errorf("Classify(%q) = topics %q, abstained %v (%v); want no topic, abstaining below %d known", text, r.Topics, r.Abstained, r.AbstainReason, MinKnownFeatures)
	}
	text = "Anonymous zzzz campagne qqqq campagne le campagne anonymous anonymous"
	if r, err = m.Classify(text); err != nil {
		t.Fatal(err)
	}
	if r.Features != 8 || r.KnownFeatures != 6 || r.Abstained || len(r.Topics) == 0 {
		t.Errorf("Classify(%q) = %d tokens, %d known, topics %q, abstained %v; want 8, 6, some topic", text, r.Features, r.KnownFeatures, r.Topics, r.Abstained)
	}
}

// TestClassifyConcurrent classifies from many goroutines at once; with -race
// it checks a Model is safe for concurrent use.
func TestClassifyConcurrent(t *testing.T) {
	m := trainedSeeds(t)
	texts := append(seedTexts(t), classifyTexts...)
	want := make([]Result, len(texts))
	for i, text := range texts {
		var err error
		if want[i], err = m.Classify(text); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for i, text := range texts {
				got, err := m.Classify(text)
				if err != nil {
					t.Error(err)
					return
				}
				if diff := cmp.Diff(want[i], got); diff != "" {
					t.Errorf("concurrent Classify(%q) mismatch (-want +got):\n%s", text, diff)
				}
				_ = m.Info()
			}
		})
	}
	wg.Wait()
}

func TestProbability(t *testing.T) {
	tests := []struct{ l, want float64 }{
		{0, 0.5},
		{math.Log(3), 0.75},
		{-math.Log(3), 0.25},
		{1000, 1},
		{-1000, 0},
		{math.Inf(1), 1},
		{math.Inf(-1), 0},
	}
	for _, tt := range tests {
		if got := probability(tt.l); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("probability(%v) = %v, want %v", tt.l, got, tt.want)
		}
	}
	for _, l := range []float64{0.1, 1, 7.5, 36, 700, 800} {
		if p, q := probability(l), probability(-l); math.Abs(p+q-1) > 1e-12 || p < q {
			t.Errorf("probability(%v) = %v, probability(%v) = %v, want them to add up to 1", l, p, -l, q)
		}
	}
}
