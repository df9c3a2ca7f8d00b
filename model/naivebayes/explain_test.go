package naivebayes

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/seed134e4861/topicd/model"
	"github.com/seed134e4861/topicd/model/features"
)

// explainTexts are texts of the three languages, on and off topic, long and
// short, for the invariants of explanations.
var explainTexts = []string{
	"Anonymous a piraté le site du candidat pendant l'élection et publié ses courriels.",
	"Officials said hackers working for a foreign intelligence service broke into the campaign's email and leaked documents to reporters.",
	"Nhóm tin tặc Anonymous tuyên bố tấn công các trang web của chính phủ và công bố dữ liệu cá nhân của các quan chức.",
	"Une fuite d'eau sous l'évier a abîmé le parquet de la cuisine.",
	"A ransomware gang encrypted the billing servers of a regional hospital and demanded bitcoin; no data was published.",
}

// TestExplain checks the evidence of every score: at most ExplainFeatures
// positive weights, strongest first, then at most ExplainFeatures negative
// ones, strongest last; each names a known feature of the text with its
// count; and, listing every feature, the prior log-odds plus the weights is
// the logit of the probability.
func TestExplain(t *testing.T) {
	m := trainedSeeds(t)
	k := len(m.snap.topics)
	for _, text := range explainTexts {
		plain, err := m.Classify(text)
		if err != nil {
			t.Fatal(err)
		}
		r, err := m.ClassifyWith(text, Options{Explain: true})
		if err != nil {
			t.Fatal(err)
		}
		// Explaining changes nothing else.
		if diff := cmp.Diff(plain, r, cmpopts.IgnoreFields(Score{}, "Evidence", "Passage")); diff != "" {
			t.Errorf("%q: explaining changed the result (-plain +explained):\n%s", text, diff)
		}
		for _, s := range plain.Scores {
			if s.Evidence != nil {
				t.Errorf("%q: %s has evidence %v without Explain", text, s.Topic, s.Evidence)
			}
		}
		counts := map[string]int{}
		for _, f := range features.Features(text) {
			if _, ok := m.snap.lex.Row(f); ok {
				counts[f]++
			}
		}
		for _, s := range r.Scores {
			ev := s.Evidence
			if len(counts) > 0 && len(ev) == 0 {
				t.Errorf("%q: %s has no evidence, the text has %d known features", text, s.Topic, len(counts))
			}
			up := 0
			for up < len(ev) && ev[up].Weight > 0 {
				up++
			}
			if up > ExplainFeatures || len(ev)-up > ExplainFeatures {
				t.Errorf("%q: %s has %d positive and %d other weights, want at most %d of each", text, s.Topic, up, len(ev)-up, ExplainFeatures)
			}
			if !slices.IsSortedFunc(ev, func(a, b Evidence) int { return cmpFloat(b.Weight, a.Weight) }) {
				t.Errorf("%q: %s evidence not sorted by weight, strongest for first: %v", text, s.Topic, ev)
			}
			for _, e := range ev {
				if e.Weight == 0 || math.IsNaN(e.Weight) || math.IsInf(e.Weight, 0) {
					t.Errorf("%q: %s evidence %v has weight %v", text, s.Topic, e.Feature, e.Weight)
				}
				if counts[e.Feature] == 0 || e.Count != counts[e.Feature] {
					t.Errorf("%q: %s evidence %q counted %d, the text has it %d times as a known feature", text, s.Topic, e.Feature, e.Count, counts[e.Feature])
				}
			}
		}

		// All the evidence adds up to the score.
		scores := make([]Score, k)
		for i, topic := range m.snap.topics {
			scores[i].Topic = topic
		}
		m.snap.explain(features.Features(text), scores, math.MaxInt)
		for i, s := range scores {
			sum := m.snap.bias[i]
			for _, e := range s.Evidence {
				sum += e.Weight
			}
			if got, want := probability(sum), scoreOf(r, s.Topic); math.Abs(got-want) > 1e-12 {
				t.Errorf("%q: %s: prior plus all evidence gives probability %v, Classify %v", text, s.Topic, got, want)
			}
		}
	}
}

// favoured returns the topics whose evidence in text, the sum of its known
// features' log-likelihood ratios, is positive, most probable first: the
// topics a threshold low enough assigns.
func favoured(m *Model, text string) []string {
	r, err := m.ClassifyWith(text, Options{Threshold: 1e-300})
	if err != nil {
		panic(err)
	}
	var out []string
	for _, s := range r.Scores {
		t := slices.Index(m.snap.topics, s.Topic)
		if logit(s.Probability)-m.snap.bias[t] > 0 {
			out = append(out, s.Topic)
		}
	}
	return out
}

func logit(p float64) float64 { return math.Log(p) - math.Log1p(-p) }

func scoreOf(r Result, topic string) float64 {
	for _, s := range r.Scores {
		if s.Topic == topic {
			return s.Probability
		}
	}
	return math.NaN()
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestAbstain checks that a text with fewer than MinKnownFeatures known
// features gets no topic, whatever its scores, and that one with exactly
// MinKnownFeatures does.
func TestAbstain(t *testing.T) {
	m := trainedSeeds(t)
	// Known features of the seeds that push towards leak; "zzzz" is unknown.
	known := []string{"documents", "publies", "fuite", "hackers", "anonymous", "campagne", "candidat", "courriels"}
	for n := 0; n <= MinKnownFeatures; n++ {
		text := "zzzz"
		for _, w := range known[:n] {
			text += " " + w
		}
		r, err := m.ClassifyWith(text, Options{Threshold: 1e-9})
		if err != nil {
			t.Fatal(err)
		}
		if r.KnownFeatures != n {
			t.Fatalf("Classify(%q) knows %d features, want %d", text, r.KnownFeatures, n)
		}
		if got, want := r.Abstained, n < MinKnownFeatures; got != want {
			t.Errorf("Classify(%q).Abstained = %v, want %v (%d known)", text, got, want, n)
		}
		if r.Abstained && len(r.Topics) != 0 {
			t.Errorf("Classify(%q) abstained but assigned %q", text, r.Topics)
		}
		if want := favoured(m, text); !r.Abstained && !slices.Equal(r.Topics, want) {
			t.Errorf("Classify(%q) at threshold 1e-9 assigned %q, want every topic its features favour, %q", text, r.Topics, want)
		}
		if len(r.Scores) != len(model.Topics()) {
			t.Errorf("Classify(%q) has %d scores, want one per topic even when abstaining", text, len(r.Scores))
		}
	}
}

// TestThreshold checks the per-call threshold: topics are exactly those
// scoring at or above it whose features favour them (never the prior
// alone), and a threshold outside (0, 1] is an error.
func TestThreshold(t *testing.T) {
	m := trainedSeeds(t)
	for _, text := range explainTexts {
		for _, th := range []float64{1e-9, 0.1, 0.5, 0.9, 0.999999, 1} {
			r, err := m.ClassifyWith(text, Options{Threshold: th})
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, s := range r.Scores {
				if s.Probability >= th && !r.Abstained && slices.Contains(favoured(m, text), s.Topic) {
					want = append(want, s.Topic)
				}
			}
			if !slices.Equal(r.Topics, want) || r.Threshold != th {
				t.Errorf("ClassifyWith(%q, %v) = topics %q threshold %v, want %q, scores %v", text, th, r.Topics, r.Threshold, want, r.Scores)
			}
		}
		r, err := m.Classify(text)
		if err != nil || r.Threshold != DefaultThreshold {
			t.Errorf("Classify(%q) threshold %v, err %v; want DefaultThreshold", text, r.Threshold, err)
		}
	}
	for _, th := range []float64{-0.5, math.Copysign(0, -1) - 1e-300, 1.0000001, 2, math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := m.ClassifyWith(explainTexts[0], Options{Threshold: th}); !errors.Is(err, ErrBadThreshold) {
			t.Errorf("ClassifyWith threshold %v: %v, want ErrBadThreshold", th, err)
		}
	}
}
