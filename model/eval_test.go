package model

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCounts(t *testing.T) {
	for _, tt := range []struct {
		c        Counts
		p, r, f1 float64
	}{
		{Counts{TP: 3, FP: 1, FN: 2}, 0.75, 0.6, 6.0 / 9},
		{Counts{TP: 0, FP: 0, FN: 0, TN: 7}, 0, 0, 0},
		{Counts{TP: 0, FP: 2, FN: 0}, 0, 0, 0},
		{Counts{TP: 0, FP: 0, FN: 4}, 0, 0, 0},
		{Counts{TP: 5}, 1, 1, 1},
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
	docs := []Document{
		{ID: "a", Topics: []string{Hacktivism, Leak}},
		{ID: "b", Topics: []string{StateActor}},
		{ID: "c"},
		{ID: "d"},
	}
	predicted := [][]string{
		{Leak, Hacktivism},     // exact, in another order
		{StateActor, Leak},     // one false positive
		nil,                    // no topic, left untagged
		{ElectionInterference}, // no topic, tagged
	}
	e := Evaluate(docs, predicted)
	want := Evaluation{
		Topics: Topics(),
		Counts: []Counts{
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
	if got, want := e.Micro(), (Counts{TP: 3, FP: 2, TN: 11}); got != want {
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

func TestWithPrefixAndMerge(t *testing.T) {
	a, err := LoadCorpus(corpusFS(validManifest, nil))
	if err != nil {
		t.Fatal(err)
	}
	b, err := LoadCorpus(corpusFS("x.txt\tleak\n"+validManifest, map[string][]byte{
		"a.txt": []byte("Des militants ont publié les courriels d'un ministre."),
		"c.txt": []byte("Une fuite d'eau a inondé la cuisine."),
		"x.txt": []byte("Des fichiers confidentiels ont été mis en ligne."),
		// sub/b.txt keeps the text it has in a: merging must refuse it.
	}))
	if err != nil {
		t.Fatal(err)
	}
	pa := a.WithPrefix("one")
	if got, want := pa.Documents[0].ID, "one/a.txt"; got != want {
		t.Errorf("WithPrefix: ID %q, want %q", got, want)
	}
	if a.Documents[0].ID != "a.txt" {
		t.Errorf("WithPrefix changed its receiver: ID %q", a.Documents[0].ID)
	}

	_, err = Merge(pa, b.WithPrefix("two"))
	if !errors.Is(err, ErrBadCorpus) || !strings.Contains(err.Error(), `"two/sub/b.txt" has the same text as "one/sub/b.txt"`) {
		t.Errorf("Merge of two corpora sharing a text: %v, want ErrBadCorpus naming both", err)
	}
	_, err = Merge(pa, pa)
	if !errors.Is(err, ErrBadCorpus) || !strings.Contains(err.Error(), `"one/a.txt" is in two corpora`) {
		t.Errorf("Merge of a corpus with itself: %v, want ErrBadCorpus naming the duplicate", err)
	}
	if _, err := Merge(); !errors.Is(err, ErrBadCorpus) {
		t.Errorf("Merge() = %v, want ErrBadCorpus", err)
	}

	b.Documents = slices.DeleteFunc(b.Documents, func(d Document) bool { return d.ID == "sub/b.txt" }) // the shared text
	m, err := Merge(b.WithPrefix("two"), pa)
	if err != nil {
		t.Fatalf("Merge: %v", err)
	}
	var ids []string
	for _, d := range m.Documents {
		ids = append(ids, d.ID)
	}
	if want := []string{"one/a.txt", "one/c.txt", "one/sub/b.txt", "two/a.txt", "two/c.txt", "two/x.txt"}; !cmp.Equal(ids, want) {
		t.Errorf("Merge IDs = %q, want %q (sorted)", ids, want)
	}
}

func TestLoadCorpusDuplicateText(t *testing.T) {
	_, err := LoadCorpus(corpusFS(validManifest+"d.txt\tleak\n", map[string][]byte{"d.txt": []byte(textHackLeak)}))
	if !errors.Is(err, ErrBadCorpus) || !strings.Contains(err.Error(), `labels.tsv:4: document "d.txt" has the same text as "a.txt"`) {
		t.Errorf("LoadCorpus with a repeated text: %v, want ErrBadCorpus naming line 4 and both files", err)
	}
}

// TestLeaveOneOut checks leave-one-out against models trained by hand, on a
// corpus where leaving a document out leaves a topic without examples.
func TestLeaveOneOut(t *testing.T) {
	c, err := LoadCorpus(corpusFS(validManifest, nil))
	if err != nil {
		t.Fatal(err)
	}
	const threshold = 0.5
	got, err := LeaveOneOut(c, threshold)
	if err != nil {
		t.Fatalf("LeaveOneOut: %v", err)
	}
	for i, d := range c.Documents {
		rest := &Corpus{}
		for j, o := range c.Documents {
			if j != i {
				rest.Documents = append(rest.Documents, o)
			}
		}
		// a.txt and sub/b.txt are each the only document of two topics, so
		// Train refuses the rest without them; c.txt can be left out.
		m, err := Train(rest)
		if wantErr := d.ID != "c.txt"; errors.Is(err, ErrBadCorpus) != wantErr {
			t.Fatalf("Train without %s: %v, want an error: %v", d.ID, err, wantErr)
		}
		if err != nil {
			if m, err = train(rest, false); err != nil {
				t.Fatalf("train without %s: %v", d.ID, err)
			}
		}
		r, err := m.ClassifyWith(d.Text, Options{Threshold: threshold})
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

func topicInAny(docs []Document, topic string) bool {
	for _, d := range docs {
		if containsTopic(d.Topics, topic) {
			return true
		}
	}
	return false
}

func containsTopic(topics []string, topic string) bool { return slices.Contains(topics, topic) }
