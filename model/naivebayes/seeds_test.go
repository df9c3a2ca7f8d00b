package naivebayes

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/seed134e4861/topicd/model"
	"github.com/seed134e4861/topicd/model/corpus"
)

// TestSeedArticlesGetTheirLabels trains on the embedded seed corpus and
// classifies each seed article: it must get exactly the topics its
// labels.tsv line gives it, and a score for each of the four topics. The
// model has learned these very texts, so this is the least it must do; a
// failure means training, the snapshot or the threshold is broken, or a
// tokenizer change made the seeds too alike.
//
// The full model, trained on the seeds and the supplement, must do the same.
func TestSeedArticlesGetTheirLabels(t *testing.T) {
	e := embedded(t)
	// Load reads the labels; TestLoadSeeds pins them to the manifest.
	c := e.core
	if len(c.Documents) != 5 {
		t.Errorf("%s lists %d articles, want the 5 seed articles", corpus.ManifestName, len(c.Documents))
	}
	for _, tc := range []struct {
		name   string
		corpus *corpus.Corpus
	}{{"seeds-only", e.core}, {"full", e.full}} {
		m, err := Train(tc.corpus)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range c.Documents {
			t.Run(tc.name+"/"+strings.TrimSuffix(d.ID, ".txt"), func(t *testing.T) { checkSeedArticle(t, m, d) })
		}
	}
}

func checkSeedArticle(t *testing.T, m *Model, d corpus.Document) {
	{
		file, want := d.ID, d.Topics
		{
			r, err := m.Classify(d.Text)
			if err != nil {
				t.Fatalf("Classify(%s): %v", file, err)
			}
			got := slices.Sorted(slices.Values(r.Topics))
			if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Classify(%s) topics = %q, want %q (-want +got):\n%s\nscores: %v", file, got, want, diff, r.Scores)
			}
			var scored []string
			for _, s := range r.Scores {
				scored = append(scored, s.Topic)
			}
			slices.Sort(scored)
			if !slices.Equal(scored, model.Topics()) {
				t.Errorf("Classify(%s) scores topics %q, want one score for each of %q", file, scored, model.Topics())
			}
		}
	}
}
