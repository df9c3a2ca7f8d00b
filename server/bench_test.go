package main

import (
	"testing"

	"github.com/seed134e4861/topicd/internal/servingtest"
)

// BenchmarkStartup trains the default model as the server does at start,
// before it reports SERVING.
func BenchmarkStartup(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loadModel(nil, ""); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDefaultModel checks that servingtest.DefaultModel, which the tests
// and benchmarks of the serving packages use, is the model the server
// trains by default.
func TestDefaultModel(t *testing.T) {
	want, err := loadModel(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	got, err := servingtest.DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	if got.Version() != want.Version() {
		t.Errorf("servingtest.DefaultModel() has version %s, want the server's default model's %s", got.Version(), want.Version())
	}
}
