package client_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/seed134e4861/topicd/client"
	"github.com/seed134e4861/topicd/internal/servingtest"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// TestProto checks that Result.Proto and ModelInfo.Proto give back the
// messages the server sent.
func TestProto(t *testing.T) {
	c, srv := newTestClient(t, nil)
	ctx := servingtest.Context(t)
	rpc := srv.Client(t)
	const text = "Anonymous a publié 269 Go de documents de police"
	want, err := rpc.Classify(ctx, &topicdv1.ClassifyRequest{Text: text, Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.Classify(ctx, text, client.WithExplain())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, r.Proto(), protocmp.Transform()); diff != "" {
		t.Errorf("Classify(%q).Proto() differs from the server's response (-want +got):\n%s", text, diff)
	}
	wantInfo, err := rpc.GetModelInfo(ctx, &topicdv1.GetModelInfoRequest{})
	if err != nil {
		t.Fatal(err)
	}
	info, err := c.ModelInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantInfo, info.Proto(), protocmp.Transform()); diff != "" {
		t.Errorf("ModelInfo().Proto() differs from the server's response (-want +got):\n%s", diff)
	}
}
