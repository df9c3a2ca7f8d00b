package features

import (
	"io/fs"
	"testing"

	"github.com/seed134e4861/topicd/seeds"
)

// article002 is the seed article the benchmarks read (about 450 words).
func article002(b *testing.B) string {
	b.Helper()
	data, err := fs.ReadFile(seeds.FS(), "002_561c1b58466feafd.txt")
	if err != nil {
		b.Fatal(err)
	}
	return string(data)
}

// BenchmarkWords splits seed article 002 into its words.
func BenchmarkWords(b *testing.B) {
	text := article002(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Words(text)
	}
}

// BenchmarkFeatures makes the features of seed article 002.
func BenchmarkFeatures(b *testing.B) {
	text := article002(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Features(text)
	}
}
