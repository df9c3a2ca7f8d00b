package model

import (
	"bufio"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/seed134e4861/topicd/seeds"
)

// seedManifestLabels reads the seed manifest directly, not through LoadCorpus, so
// that the expected topics do not depend on the code under test.
func seedManifestLabels(t *testing.T) map[string][]string {
	t.Helper()
	f, err := seeds.FS().Open(ManifestName)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	labels := map[string][]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		file, list, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("%s: line %q has no tab", ManifestName, line)
		}
		topics := []string{}
		if list != "-" {
			topics = strings.Split(list, ",")
		}
		slices.Sort(topics)
		labels[file] = topics
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return labels
}

// TestSeedArticlesGetTheirLabels trains on the embedded seed corpus and
// classifies each seed article: it must get exactly the topics its
// labels.tsv line gives it, and a score for each of the four topics. The
// model has learned these very texts, so this is the least it must do; a
// failure means training, the snapshot or the threshold is broken, or a
// tokenizer change made the seeds too alike.
func TestSeedArticlesGetTheirLabels(t *testing.T) {
	m, err := TrainFS(seeds.FS())
	if err != nil {
		t.Fatal(err)
	}
	labels := seedManifestLabels(t)
	if len(labels) != 5 {
		t.Errorf("%s lists %d articles, want the 5 seed articles", ManifestName, len(labels))
	}
	for _, file := range sortedKeys(labels) {
		want := labels[file]
		t.Run(strings.TrimSuffix(file, ".txt"), func(t *testing.T) {
			text, err := fs.ReadFile(seeds.FS(), file)
			if err != nil {
				t.Fatal(err)
			}
			r, err := m.Classify(string(text))
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
			if !slices.Equal(scored, Topics()) {
				t.Errorf("Classify(%s) scores topics %q, want one score for each of %q", file, scored, Topics())
			}
		})
	}
}
