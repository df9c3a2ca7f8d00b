package modelfile

import (
	"io/fs"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/model/naivebayes"
	"github.com/seed134e4861/topicd/seeds"
)

// seedModelOnce trains the seed model once for all tests: a Model is
// immutable, so they can share it.
var seedModelOnce = sync.OnceValues(func() (*naivebayes.Model, error) { return naivebayes.TrainFS(seeds.FS()) })

// trainedSeeds returns the model trained on the embedded seed corpus.
func trainedSeeds(tb testing.TB) *naivebayes.Model {
	tb.Helper()
	m, err := seedModelOnce()
	if err != nil {
		tb.Fatalf("TrainFS(seeds.FS()): %v", err)
	}
	return m
}

// seedTexts returns the texts of the seed articles, in file name order.
func seedTexts(tb testing.TB) []string {
	tb.Helper()
	names, err := fs.Glob(seeds.FS(), "*.txt")
	if err != nil || len(names) != 5 {
		tb.Fatalf("seed articles: %q, %v; want 5", names, err)
	}
	var texts []string
	for _, name := range names {
		data, err := fs.ReadFile(seeds.FS(), name)
		if err != nil {
			tb.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	return texts
}

// classifyTexts are texts of every kind for comparing classifications.
var classifyTexts = []string{
	"Anonymous",
	"Anonymous a piraté le site du candidat pendant l'élection.",
	"Des pirates iraniens ont volé des documents internes de la campagne.",
	"Les hackers d'Anonymous ont publié des documents de la campagne électorale.",
	"Tin tặc Anonymous tuyên chiến với ứng viên Trump",
	"ransomware phishing banque",
	"zzzz campagne",
	strings.Repeat("campagne ", 2000),
	strings.Repeat("anonymous leak vote ", 500),
}

// validManifest labels the three texts of corpusFS so that every topic has
// a document with it and one without.
const validManifest = "a.txt\thacktivism,leak\nsub/b.txt\tstate_actor,election_interference\nc.txt\t-\n"

// corpusFS returns a corpus of three short texts (a.txt, sub/b.txt, c.txt)
// with the given manifest.
func corpusFS(manifest string) fstest.MapFS {
	return fstest.MapFS{
		corpus.ManifestName: {Data: []byte(manifest)},
		"a.txt":             {Data: []byte("Anonymous a piraté le site de la police et publié les fichiers volés.")},
		"sub/b.txt":         {Data: []byte("Le GRU est accusé d'ingérence dans l'élection présidentielle.")},
		"c.txt":             {Data: []byte("Une banque victime d'un rançongiciel refuse de payer la rançon.")},
	}
}
