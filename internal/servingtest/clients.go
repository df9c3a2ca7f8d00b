package servingtest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"testing"

	"google.golang.org/grpc"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
)

// ListServices asks the reflection service on conn for the services it
// serves, sorted by name.
func ListServices(ctx context.Context, tb testing.TB, conn *grpc.ClientConn) []string {
	tb.Helper()
	stream, err := reflectionpb.NewServerReflectionClient(conn).ServerReflectionInfo(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	if err := stream.Send(&reflectionpb.ServerReflectionRequest{
		MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{},
	}); err != nil {
		tb.Fatal(err)
	}
	resp, err := stream.Recv()
	if err != nil {
		tb.Fatal(err)
	}
	if err := stream.CloseSend(); err != nil {
		tb.Fatal(err)
	}
	if _, err := stream.Recv(); !errors.Is(err, io.EOF) {
		tb.Errorf("reflection stream end: %v, want EOF", err)
	}
	var names []string
	for _, s := range resp.GetListServicesResponse().GetService() {
		names = append(names, s.GetName())
	}
	slices.Sort(names)
	return names
}

// HTTPGet gets url, checks its status code, and returns its body.
func HTTPGet(tb testing.TB, url string, wantCode int) string {
	tb.Helper()
	req, err := http.NewRequestWithContext(Context(tb), http.MethodGet, url, nil)
	if err != nil {
		tb.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("GET %s: %v", url, err)
	}
	if resp.StatusCode != wantCode {
		tb.Fatalf("GET %s = %s, want %d", url, resp.Status, wantCode)
	}
	return string(body)
}
