package model

import (
	"io/fs"
	"testing"

	"github.com/jbrukh/bayesian"

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

func seedModel(b *testing.B) *Model {
	b.Helper()
	m, err := TrainFS(seeds.FS())
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// BenchmarkClassify is the whole serving pipeline on seed article 002:
// tokenize, then all four topic probabilities.
func BenchmarkClassify(b *testing.B) {
	m, text := seedModel(b), article002(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Classify(text); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLibraryLogScores is the reference: jbrukh/bayesian's own LogScores
// on the same article, tokens prepared outside the loop, over the four topic
// classes of the seeds.
func BenchmarkLibraryLogScores(b *testing.B) {
	text := article002(b)
	c, err := LoadCorpus(seeds.FS())
	if err != nil {
		b.Fatal(err)
	}
	lib := bayesian.NewClassifier(ElectionInterference, Hacktivism, Leak, StateActor)
	for _, d := range c.Documents {
		for _, t := range d.Topics {
			lib.Learn(Tokenize(d.Text), bayesian.Class(t))
		}
	}
	tokens := Tokenize(text)
	b.ReportAllocs()
	for b.Loop() {
		lib.LogScores(tokens)
	}
}

// BenchmarkTokenize tokenizes seed article 002.
func BenchmarkTokenize(b *testing.B) {
	text := article002(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Tokenize(text)
	}
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
