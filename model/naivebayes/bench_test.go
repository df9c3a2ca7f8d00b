package naivebayes

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jbrukh/bayesian"
	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/unicode/rangetable"

	"github.com/seed134e4861/topicd/model"
	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/model/features"
	"github.com/seed134e4861/topicd/seeds"
)

// article002 is the seed article the benchmarks classify (about 450 words).
func article002(b *testing.B) string {
	b.Helper()
	data, err := fs.ReadFile(seeds.FS(), "002_561c1b58466feafd.txt")
	if err != nil {
		b.Fatal(err)
	}
	return string(data)
}

// BenchmarkClassify is the whole serving pipeline on seed article 002, with
// the serving model (the default corpus): tokenize, then all four topic
// probabilities, no explanation.
func BenchmarkClassify(b *testing.B) {
	m, text := embeddedModel(b), article002(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Classify(text); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClassifyInFurniture is BenchmarkClassify on seed article 002
// wrapped in a page's furniture (a menu, share buttons, two "read more"
// lines above it; a cookie banner and a footer below): the furniture
// filter (pagetext.StripFurniture) then drops lines before features.
func BenchmarkClassifyInFurniture(b *testing.B) {
	m := embeddedModel(b)
	text := "Accueil | Monde | Politique | Économie | Sport | Culture\n" +
		"Partager : Facebook Twitter LinkedIn E-mail\n" +
		"Lire aussi : Les prix de l'immobilier reculent pour le troisième mois\n\n" +
		article002(b) + "\n\n" +
		"Nous utilisons des cookies pour améliorer votre expérience. Tout accepter | Paramétrer\n" +
		"© 2025 Le Quotidien. Tous droits réservés. Mentions légales | Contact"
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Classify(text); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLibraryLogScores is the reference: jbrukh/bayesian's own LogScores
// on the same article, tokens prepared outside the loop, over four classes
// (the topics) trained on the seeds. Two tokenizations:
//
//   - words: every word of the text, folded, as a plain tokenizer gives them
//     (483 for article 002): the reference, "about 450 words";
//   - features: the words of features.Words (240 for article 002, the stop
//     words of every language left out): close to the features Classify
//     scores, a stricter comparison.
func BenchmarkLibraryLogScores(b *testing.B) {
	text := article002(b)
	c, err := corpus.Load(seeds.FS())
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		tokenize func(string) []string
	}{
		{"words", words},
		{"features", features.Words},
	} {
		b.Run(tc.name, func(b *testing.B) {
			lib := bayesian.NewClassifier(model.ElectionInterference, model.Hacktivism, model.Leak, model.StateActor)
			for _, d := range c.Documents {
				for _, t := range d.Topics {
					lib.Learn(tc.tokenize(d.Text), bayesian.Class(t))
				}
			}
			tokens := tc.tokenize(text)
			b.ReportAllocs()
			for b.Loop() {
				lib.LogScores(tokens)
			}
			b.ReportMetric(float64(len(tokens)), "tokens")
		})
	}
}

// words returns every word of text, folded, stop words included: what a
// plain tokenizer gives, folding as package features does (NFKC, case
// folding, marks and format characters removed, đ as d) and splitting at
// every character that is not a letter, digit or mark.
func words(text string) []string {
	fold := transform.Chain(norm.NFKC, cases.Fold(), norm.NFD,
		runes.Remove(runes.In(rangetable.Merge(unicode.Mn, unicode.Cf))),
		runes.Map(func(r rune) rune {
			if r == 'đ' || r == 'Đ' {
				return 'd'
			}
			return r
		}), norm.NFC)
	folded, _, _ := transform.String(fold, text)
	return strings.FieldsFunc(folded, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
	})
}

// BenchmarkTrainSeeds trains on the embedded seed corpus: the server's start.
func BenchmarkTrainSeeds(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := TrainFS(seeds.FS()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClassifySize classifies texts of 1 KB to 1 MB (seed articles 002,
// French, and 003, Vietnamese, repeated): the cost must grow linearly with
// the length, and memory per call stay bounded.
func BenchmarkClassifySize(b *testing.B) {
	m := embeddedModel(b)
	fr := article002(b)
	vi, err := fs.ReadFile(seeds.FS(), "003_7553bdae56120b55.txt")
	if err != nil {
		b.Fatal(err)
	}
	var all strings.Builder
	for all.Len() < 1<<20 {
		all.WriteString(fr)
		all.WriteString("\n")
		all.Write(vi)
		all.WriteString("\n")
	}
	for _, size := range []int{1 << 10, 10 << 10, 100 << 10, 1 << 20} {
		text := all.String()[:size]
		for !utf8.ValidString(text) {
			text = text[:len(text)-1]
		}
		b.Run(fmt.Sprintf("%dKB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := m.Classify(text); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// generatedCorpus makes a corpus of n documents of about 200 words each, from
// a vocabulary of 20,000 made-up words, some of them tied to a topic.
func generatedCorpus(n int) *corpus.Corpus {
	rng := rand.New(rand.NewPCG(7, 11))
	const vocab = 20000
	words := make([]string, vocab)
	for i := range words {
		words[i] = fmt.Sprintf("w%x", i*2654435761%(1<<31))
	}
	c := &corpus.Corpus{Documents: make([]corpus.Document, n)}
	var text strings.Builder
	for i := range c.Documents {
		var topics []string
		for _, t := range model.Topics() {
			if rng.IntN(4) == 0 {
				topics = append(topics, t)
			}
		}
		text.Reset()
		for range 150 + rng.IntN(100) {
			w := rng.IntN(vocab)
			if len(topics) > 0 && rng.IntN(10) == 0 {
				// A topic's own words: the first hundred of its quarter.
				t := slices.Index(model.Topics(), topics[rng.IntN(len(topics))])
				w = t*vocab/4 + rng.IntN(100)
			}
			text.WriteString(words[w])
			text.WriteByte(' ')
		}
		c.Documents[i] = corpus.Document{ID: fmt.Sprintf("doc%05d.txt", i), Text: text.String(), Topics: topics}
	}
	return c
}

// BenchmarkTrain trains on a generated corpus of 10,000 documents (about 2
// million words) and reports the peak of the heap while training.
func BenchmarkTrain(b *testing.B) {
	c := generatedCorpus(10000)
	b.ReportAllocs()
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var ms runtime.MemStats
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	for b.Loop() {
		if _, err := Train(c); err != nil {
			b.Fatal(err)
		}
	}
	close(stop)
	<-sampled
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
}
