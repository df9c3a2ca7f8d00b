package evaluate

import (
	"errors"
	"math"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/seed134e4861/topicd/model"
	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/model/features"
	"github.com/seed134e4861/topicd/model/naivebayes"
)

func TestOutcomes(t *testing.T) {
	for _, tt := range []struct {
		c        Outcomes
		p, r, f1 float64
	}{
		{Outcomes{TP: 3, FP: 1, FN: 2}, 0.75, 0.6, 6.0 / 9},
		{Outcomes{TP: 0, FP: 0, FN: 0, TN: 7}, 0, 0, 0},
		{Outcomes{TP: 0, FP: 2, FN: 0}, 0, 0, 0},
		{Outcomes{TP: 0, FP: 0, FN: 4}, 0, 0, 0},
		{Outcomes{TP: 5}, 1, 1, 1},
	} {
		if got := tt.c.Precision(); math.Abs(got-tt.p) > 1e-12 {
			t.Errorf("%+v.Precision() = %v, want %v", tt.c, got, tt.p)
		}
		if got := tt.c.Recall(); math.Abs(got-tt.r) > 1e-12 {
			t.Errorf("%+v.Recall() = %v, want %v", tt.c, got, tt.r)
		}
		if got := tt.c.F1(); math.Abs(got-tt.f1) > 1e-12 {
			t.Errorf("%+v.F1() = %v, want %v", tt.c, got, tt.f1)
		}
	}
}

func TestEvaluate(t *testing.T) {
	docs := []corpus.Document{
		{ID: "a", Topics: []string{model.Hacktivism, model.Leak}},
		{ID: "b", Topics: []string{model.StateActor}},
		{ID: "c"},
		{ID: "d"},
	}
	predicted := [][]string{
		{model.Leak, model.Hacktivism}, // exact, in another order
		{model.StateActor, model.Leak}, // one false positive
		nil,                            // no topic, left untagged
		{model.ElectionInterference},   // no topic, tagged
	}
	e := Evaluate(docs, predicted)
	want := Evaluation{
		Topics: model.Topics(),
		Outcomes: []Outcomes{
			{FP: 1, TN: 3},        // election_interference
			{TP: 1, TN: 3},        // hacktivism
			{TP: 1, FP: 1, TN: 2}, // leak
			{TP: 1, TN: 3},        // state_actor
		},
		Items: 4, Exact: 2, NoTopic: 2, Untagged: 1,
	}
	if diff := cmp.Diff(want, e); diff != "" {
		t.Fatalf("Evaluate (-want +got):\n%s", diff)
	}
	if got, want := e.Micro(), (Outcomes{TP: 3, FP: 2, TN: 11}); got != want {
		t.Errorf("Micro() = %+v, want %+v", got, want)
	}
	if got, want := e.Micro().F1(), 6.0/8; math.Abs(got-want) > 1e-12 {
		t.Errorf("micro-F1 = %v, want %v", got, want)
	}
	if got, want := e.MacroF1(), (0+1+2.0/3+1)/4; math.Abs(got-want) > 1e-12 {
		t.Errorf("MacroF1() = %v, want %v", got, want)
	}
	if got := e.UntaggedShare(); got != 0.5 {
		t.Errorf("UntaggedShare() = %v, want 0.5", got)
	}
}

// TestLeaveOneOut checks leave-one-out against models trained by hand, on a
// corpus where leaving a document out leaves a topic without examples.
func TestLeaveOneOut(t *testing.T) {
	c, err := corpus.Load(corpusFS(validManifest))
	if err != nil {
		t.Fatal(err)
	}
	const threshold = 0.5
	got, err := LeaveOneOut(c, threshold)
	if err != nil {
		t.Fatalf("LeaveOneOut: %v", err)
	}
	for i, d := range c.Documents {
		rest := &corpus.Corpus{}
		for j, o := range c.Documents {
			if j != i {
				rest.Documents = append(rest.Documents, o)
			}
		}
		// a.txt and sub/b.txt are each the only document of two topics, so
		// Train refuses the rest without them; c.txt can be left out.
		m, err := naivebayes.Train(rest)
		if wantErr := d.ID != "c.txt"; errors.Is(err, corpus.ErrBadCorpus) != wantErr {
			t.Fatalf("Train without %s: %v, want an error: %v", d.ID, err, wantErr)
		}
		if err != nil {
			feats := make([][]string, len(rest.Documents))
			for j, o := range rest.Documents {
				feats[j] = features.Features(o.Text)
			}
			if m, err = naivebayes.TrainFeatures(rest.Documents, feats); err != nil {
				t.Fatalf("TrainFeatures without %s: %v", d.ID, err)
			}
		}
		r, err := m.ClassifyWith(d.Text, naivebayes.Options{Threshold: threshold})
		if err != nil {
			t.Fatal(err)
		}
		if !cmp.Equal(got[i], r.Topics) {
			t.Errorf("LeaveOneOut predicts %s as %q, a model trained without it says %q", d.ID, got[i], r.Topics)
		}
		for _, topic := range d.Topics {
			if !topicInAny(rest.Documents, topic) && containsTopic(got[i], topic) {
				t.Errorf("LeaveOneOut predicts %s with %q, which no other document carries", d.ID, topic)
			}
		}
		for _, s := range r.Scores {
			if !topicInAny(rest.Documents, s.Topic) && s.Probability != 0 {
				t.Errorf("without %s, %q has no example but probability %v, want 0", d.ID, s.Topic, s.Probability)
			}
		}
	}
}

func topicInAny(docs []corpus.Document, topic string) bool {
	for _, d := range docs {
		if containsTopic(d.Topics, topic) {
			return true
		}
	}
	return false
}

func containsTopic(topics []string, topic string) bool { return slices.Contains(topics, topic) }

// validManifest labels the three texts of corpusFS so that every topic has
// a document with it and one without.
const validManifest = "a.txt\thacktivism,leak\nsub/b.txt\tstate_actor,election_interference\nc.txt\t-\n"

// corpusFS returns a corpus of three short texts (a.txt, sub/b.txt, c.txt)
// with the given manifest.
func corpusFS(manifest string) fstest.MapFS {
	return fstest.MapFS{
		corpus.ManifestName: {Data: []byte(manifest)},
		"a.txt":             {Data: []byte("Anonymous a piraté le site de la police et publié les fichiers volés.")},
		"sub/b.txt":         {Data: []byte("Le GRU est accusé d'ingérence dans l'élection présidentielle.")},
		"c.txt":             {Data: []byte("Une banque victime d'un rançongiciel refuse de payer la rançon.")},
	}
}

// TestCrossValidate checks that k-fold cross-validation with as many folds
// as documents is leave-one-out, and that its probabilities are those of
// the assigned topics' model.
func TestCrossValidate(t *testing.T) {
	c, err := corpus.Load(corpusFS(validManifest))
	if err != nil {
		t.Fatal(err)
	}
	const threshold = 0.5
	loo, err := LeaveOneOut(c, threshold)
	if err != nil {
		t.Fatal(err)
	}
	cv, err := CrossValidate(c, len(c.Documents)+3, threshold) // capped at the documents
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(loo, TopicsOf(cv), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("CrossValidate with more folds than documents topics differ from LeaveOneOut (-loo +cv):\n%s", diff)
	}
	for i, p := range cv {
		for ti, topic := range model.Topics() {
			if got := slices.Contains(p.Topics, topic); got && p.Probabilities[ti] < threshold {
				t.Errorf("document %d: %s assigned at probability %v < %v", i, topic, p.Probabilities[ti], threshold)
			}
		}
	}
}
