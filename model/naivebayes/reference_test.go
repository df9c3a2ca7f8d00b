package naivebayes

import (
	"math"
	"slices"
	"testing"

	"github.com/seed134e4861/topicd/model/features"
)

// referenceClassify is snapshot.classify in the plainest code: the
// features of the article of text (features.Features of articleText, which
// packages features and pagetext test on their own), each looked up by its
// string, their weights added up in text order after the bias.
func referenceClassify(m *Model, text string) (odds []float64, feats, known int) {
	odds = make([]float64, len(m.snap.topics))
	var sum weightRow
	for _, f := range features.Features(articleText(text)) {
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
// differ from referenceClassify's on text, which is not blank, each topic's
// log-odds L mapped by its calibration (a, b, γ) to
// σ(a + b·L/(1+known)^γ).
func checkClassifyAgainstReference(tb *testing.T, m *Model, text string, r Result) {
	tb.Helper()
	odds, feats, known := referenceClassify(m, text)
	if r.Features != feats || r.KnownFeatures != known {
		tb.Errorf("Classify(%q): %d features, %d known; the reference says %d, %d", text, r.Features, r.KnownFeatures, feats, known)
	}
	for _, s := range r.Scores {
		t := slices.Index(m.snap.topics, s.Topic)
		c := m.snap.calib[t]
		want := probability(c.Intercept + c.Slope*(odds[t]/math.Pow(float64(1+known), c.LengthExponent)))
		if s.Probability != want {
			tb.Errorf("Classify(%q): %s %v, the reference says %v", text, s.Topic, s.Probability, want)
		}
	}
}
