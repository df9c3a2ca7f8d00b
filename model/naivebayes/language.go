package naivebayes

import (
	"slices"

	"github.com/seed134e4861/topicd/model/features"
)

// Languages returns the languages the model was trained on, sorted: those
// whose features package features counts (features.Languages), English,
// French and Vietnamese. It is the same for every model: the embedded
// corpus holds all three, a model file records no languages, and a model
// trained on fewer (the seed articles alone) still reads the features of
// all three the same way.
//
// A text in another language that features.DetectLanguage names (German,
// Spanish, Italian, Dutch, Portuguese) gets the features of its vote among
// the three, which the model learned nothing of: its scores would rest on
// the few words it shares with them. The model abstains on it with
// UnsupportedLanguage.
func (m *Model) Languages() []string { return slices.Clone(languages) }

// languages are the languages every model is trained on (see Languages).
var languages = features.Languages()

// readsLanguage reports whether the model decides on text of language lang,
// as Result.Language names it: one of Languages, or Undetermined (which
// abstains on weak evidence alone).
func (m *Model) readsLanguage(lang string) bool {
	return lang == Undetermined || slices.Contains(languages, lang)
}
