package main

import (
	"testing"

	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// BenchmarkClassifyRPC is one Classify call of seed article 002 through the
// whole gRPC stack, in memory (bufconn): the real server with its
// interceptors, request logs off, answered by the serving model (the default
// corpus).
func BenchmarkClassifyRPC(b *testing.B) {
	full, err := fullModel()
	if err != nil {
		b.Fatal(err)
	}
	c, _ := newTestClient(b, withoutRequestLogs(), withModel(full))
	ctx := testContext(b)
	req := &topicdv1.ClassifyRequest{Text: string(mustRead(b, "002_561c1b58466feafd.txt"))}
	b.SetBytes(int64(len(req.Text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Classify(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

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
