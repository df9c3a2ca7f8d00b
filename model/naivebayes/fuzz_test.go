package naivebayes

import (
	"errors"
	"strings"
	"testing"
)

// FuzzClassify checks Classify on the serving model never panics, refuses
// a blank text with ErrEmptyText, and otherwise scores every topic with a
// probability, most probable first, assigning those at the threshold; and
// that its counts and probabilities are those of the plain reference
// (referenceClassify), to the last bit.
func FuzzClassify(f *testing.F) {
	m := embeddedModel(f)
	for _, s := range classifyTexts {
		f.Add(s)
	}
	for _, s := range []string{"", " \t\n", "\u00a0\u3000", "\u200b", "zzzz qqqq", "!!!", "\xff\xfe", "le la les"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		r, err := m.Classify(text)
		if strings.TrimSpace(text) == "" {
			if !errors.Is(err, ErrEmptyText) {
				t.Fatalf("Classify(%q) = %v, %v; want ErrEmptyText", text, r, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("Classify(%q): %v", text, err)
		}
		checkResult(t, m, text, r)
		checkClassifyAgainstReference(t, m, text, r)
	})
}
