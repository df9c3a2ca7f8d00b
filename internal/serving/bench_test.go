package serving_test

import (
	"testing"

	"github.com/seed134e4861/topicd/internal/servingtest"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// BenchmarkClassifyRPC is one Classify call of seed article 002 through the
// whole gRPC stack, in memory (bufconn): the real server with its
// interceptors, request logs off, answered by the serving model (the default
// corpus).
func BenchmarkClassifyRPC(b *testing.B) {
	full, err := servingtest.DefaultModel()
	if err != nil {
		b.Fatal(err)
	}
	c, _ := newTestClient(b, servingtest.WithoutRequestLogs(), servingtest.WithModel(full))
	ctx := servingtest.Context(b)
	req := &topicdv1.ClassifyRequest{Text: string(mustRead(b, "002_561c1b58466feafd.txt"))}
	b.SetBytes(int64(len(req.Text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Classify(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}
