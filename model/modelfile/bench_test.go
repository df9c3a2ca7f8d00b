package modelfile

import (
	"sync"
	"testing"

	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/model/naivebayes"
	"github.com/seed134e4861/topicd/seeds"
)

// defaultModelOnce trains the model `go run ./server` serves by default:
// the five seed articles and the training supplement.
var defaultModelOnce = sync.OnceValues(func() (*naivebayes.Model, error) {
	core, err := corpus.Load(seeds.FS())
	if err != nil {
		return nil, err
	}
	sup, err := corpus.Load(seeds.Supplement())
	if err != nil {
		return nil, err
	}
	c, err := corpus.Merge(core.WithPrefix("seeds"), sup.WithPrefix("seeds/supplement"))
	if err != nil {
		return nil, err
	}
	return naivebayes.Train(c)
})

// defaultModel returns the model trained on the embedded corpus.
func defaultModel(tb testing.TB) *naivebayes.Model {
	tb.Helper()
	m, err := defaultModelOnce()
	if err != nil {
		tb.Fatalf("training the default model: %v", err)
	}
	return m
}

// BenchmarkEncode measures writing the default model's file.
func BenchmarkEncode(b *testing.B) {
	m := defaultModel(b)
	b.ReportAllocs()
	b.ReportMetric(float64(len(Encode(m))), "file-bytes")
	for b.Loop() {
		Encode(m)
	}
}

// BenchmarkDecode measures reading the default model's file, compiling the
// model included.
func BenchmarkDecode(b *testing.B) {
	data := Encode(defaultModel(b))
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}
