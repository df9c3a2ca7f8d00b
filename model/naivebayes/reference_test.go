package naivebayes

import (
	"slices"
	"testing"

	"github.com/seed134e4861/topicd/model/features"
)

// referenceClassify is snapshot.classify in the plainest code: the
// features of text (features.Features, which package features holds to its
// own plain reference), each looked up by its string, their weights
// added up in text order after the bias.
func referenceClassify(m *Model, text string) (odds []float64, feats, known int) {
	odds = make([]float64, len(m.snap.topics))
	var sum weightRow
	for _, f := range features.Features(text) {
		feats++
		if row, ok := m.snap.lex.Row(f); ok {
			known++
			for t := range sum {
				sum[t] += m.snap.weights[row][t]
			}
		}
	}
	for t := range odds {
		odds[t] = sum[t] + m.snap.bias[t]
	}
	return odds, feats, known
}

// checkClassifyAgainstReference fails if Classify's counts and scores
// differ from referenceClassify's on text, which is not blank.
func checkClassifyAgainstReference(t *testing.T, m *Model, text string, r Result) {
	t.Helper()
	odds, feats, known := referenceClassify(m, text)
	if r.Features != feats || r.KnownFeatures != known {
		t.Errorf("Classify(%q): %d features, %d known; the reference says %d, %d", text, r.Features, r.KnownFeatures, feats, known)
	}
	for _, s := range r.Scores {
		want := probability(odds[slices.Index(m.snap.topics, s.Topic)])
		if s.Probability != want {
			t.Errorf("Classify(%q): %s %v, the reference says %v", text, s.Topic, s.Probability, want)
		}
	}
}
