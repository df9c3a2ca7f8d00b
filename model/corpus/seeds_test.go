package corpus

import (
	"strings"
	"testing"

	"github.com/seed134e4861/topicd/model"
	"github.com/seed134e4861/topicd/model/features"
	"github.com/seed134e4861/topicd/seeds"
)

// embeddedCorpora are the corpora of package seeds.
type embeddedCorpora struct {
	core, supplement, full, dev *Corpus
}

// embedded loads the embedded corpora: the core, the supplement, the two
// merged (the default training corpus) and the development set.
func embedded(tb testing.TB) embeddedCorpora {
	tb.Helper()
	e, err := loadEmbedded()
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

func loadEmbedded() (e embeddedCorpora, err error) {
	if e.core, err = Load(seeds.FS()); err != nil {
		return e, err
	}
	if e.supplement, err = Load(seeds.Supplement()); err != nil {
		return e, err
	}
	if e.full, err = Merge(e.core, e.supplement.WithPrefix("supplement")); err != nil {
		return e, err
	}
	e.dev, err = Load(seeds.Dev())
	return e, err
}

// TestDevSetHeldOut fails if a development item is also a training document:
// the same text, or the same words in the same order.
func TestDevSetHeldOut(t *testing.T) {
	e := embedded(t)
	if n := len(e.dev.Documents); n < 80 {
		t.Errorf("the development set has %d items, want at least 80", n)
	}
	seen := map[string]string{}
	for _, d := range e.full.Documents {
		seen[d.Text] = d.ID
		seen[strings.Join(features.Words(d.Text), " ")] = d.ID
	}
	for _, d := range e.dev.Documents {
		for _, key := range []string{d.Text, strings.Join(features.Words(d.Text), " ")} {
			if id, ok := seen[key]; ok {
				t.Errorf("development item %s is training document %s", d.ID, id)
			}
		}
	}
}

// TestEmbeddedLanguages checks DetectLanguage on every embedded text: the
// supplement and the development set keep each language in its own folder,
// and the seed articles are features.French but for 003, features.Vietnamese.
func TestEmbeddedLanguages(t *testing.T) {
	e := embedded(t)
	for _, c := range []*Corpus{e.core, e.supplement, e.dev} {
		for _, d := range c.Documents {
			want, _, _ := strings.Cut(d.ID, "/")
			if c == e.core {
				want = features.French
				if strings.HasPrefix(d.ID, "003_") {
					want = features.Vietnamese
				}
			}
			if got := features.DetectLanguage(d.Text); got != want {
				t.Errorf("DetectLanguage(%s) = %q, want %q", d.ID, got, want)
			}
		}
	}
}

// TestSupplementShape checks the training supplement against what it must
// hold: at least 25 documents of every topic and 40 of none, each language at
// least a fifth of the whole, each document 60 to 300 words.
func TestSupplementShape(t *testing.T) {
	s := embedded(t).supplement
	perTopic := map[string]int{}
	perLang := map[string]int{}
	for _, d := range s.Documents {
		if len(d.Topics) == 0 {
			perTopic["(none)"]++
		}
		for _, topic := range d.Topics {
			perTopic[topic]++
		}
		lang, _, _ := strings.Cut(d.ID, "/")
		perLang[lang]++
		if n := len(strings.Fields(d.Text)); n < 60 || n > 300 {
			t.Errorf("%s has %d words, want 60 to 300", d.ID, n)
		}
	}
	for _, topic := range append(model.Topics(), "(none)") {
		want := 25
		if topic == "(none)" {
			want = 40
		}
		if perTopic[topic] < want {
			t.Errorf("the supplement has %d documents of %s, want at least %d", perTopic[topic], topic, want)
		}
	}
	for _, lang := range []string{features.English, features.French, features.Vietnamese} {
		if n := perLang[lang]; 5*n < len(s.Documents) {
			t.Errorf("the supplement has %d %s documents of %d, want at least a fifth", n, lang, len(s.Documents))
		}
	}
	t.Logf("supplement: %d documents, per topic %v, per language %v", len(s.Documents), perTopic, perLang)
}
