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
// least a fifth of the whole, each document 12 to 600 words, and the forms
// users send: at least 60 short items (40 words or fewer: headlines, ledes,
// posts) and 60 long pages (over 250 words, most with page furniture).
func TestSupplementShape(t *testing.T) {
	s := embedded(t).supplement
	perTopic := map[string]int{}
	perLang := map[string]int{}
	perForm := map[string]int{}
	for _, d := range s.Documents {
		if len(d.Topics) == 0 {
			perTopic["(none)"]++
		}
		for _, topic := range d.Topics {
			perTopic[topic]++
		}
		lang, _, _ := strings.Cut(d.ID, "/")
		perLang[lang]++
		n := len(strings.Fields(d.Text))
		if n < 12 || n > 600 {
			t.Errorf("%s has %d words, want 12 to 600", d.ID, n)
		}
		perForm[form(n)]++
	}
	for f, want := range map[string]int{"short": 60, "long": 60} {
		if perForm[f] < want {
			t.Errorf("the supplement has %d %s documents, want at least %d", perForm[f], f, want)
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
	t.Logf("supplement: %d documents, per topic %v, per language %v, per form %v", len(s.Documents), perTopic, perLang, perForm)
}

// form names a text's length bucket by its words: short (40 or fewer:
// headlines, ledes, posts), long (over 250: whole pages), or medium.
func form(words int) string {
	switch {
	case words <= 40:
		return "short"
	case words > 250:
		return "long"
	}
	return "medium"
}

// TestDevSetShape checks that the held-out development set looks like what
// users send: at least 300 items, 90 in each language, at least 40% with no
// topic (near misses), at least 20% short and 20% long pages.
func TestDevSetShape(t *testing.T) {
	dev := embedded(t).dev
	n := len(dev.Documents)
	perLang := map[string]int{}
	perForm := map[string]int{}
	none := 0
	for _, d := range dev.Documents {
		lang, _, _ := strings.Cut(d.ID, "/")
		perLang[lang]++
		perForm[form(len(strings.Fields(d.Text)))]++
		if len(d.Topics) == 0 {
			none++
		}
	}
	if n < 300 {
		t.Errorf("the development set has %d items, want at least 300", n)
	}
	for _, lang := range []string{features.English, features.French, features.Vietnamese} {
		if perLang[lang] < 90 {
			t.Errorf("the development set has %d %s items, want at least 90", perLang[lang], lang)
		}
	}
	if 10*none < 4*n {
		t.Errorf("the development set has %d no-topic items of %d, want at least 40%%", none, n)
	}
	for _, f := range []string{"short", "long"} {
		if 5*perForm[f] < n {
			t.Errorf("the development set has %d %s items of %d, want at least 20%%", perForm[f], f, n)
		}
	}
	t.Logf("development set: %d items, per language %v, per form %v, no topic %d", n, perLang, perForm, none)
}
