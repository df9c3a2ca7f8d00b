package naivebayes

import (
	"testing"

	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/seeds"
)

// embeddedCorpora are the corpora of package seeds.
type embeddedCorpora struct {
	core, supplement, full, dev *corpus.Corpus
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
	if e.core, err = corpus.Load(seeds.FS()); err != nil {
		return e, err
	}
	if e.supplement, err = corpus.Load(seeds.Supplement()); err != nil {
		return e, err
	}
	if e.full, err = corpus.Merge(e.core, e.supplement.WithPrefix("supplement")); err != nil {
		return e, err
	}
	e.dev, err = corpus.Load(seeds.Dev())
	return e, err
}
