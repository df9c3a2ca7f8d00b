package servingtest

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net/http"
	"slices"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"

	"github.com/seed134e4861/topicd/internal/serving/security"
	"github.com/seed134e4861/topicd/internal/testpki"
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

// Dial returns a connection to addr with creds, closed with the test.
func Dial(tb testing.TB, addr string, creds credentials.TransportCredentials) *grpc.ClientConn {
	tb.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(creds))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	return conn
}

// ClientTLS returns client TLS credentials trusting ca, presenting cert if
// not nil, even when the server asks for certificates of other CAs (by
// default, Go presents none then), so that the server has to verify it.
func ClientTLS(ca *testpki.CA, cert ...*testpki.Cert) credentials.TransportCredentials {
	cfg := &tls.Config{RootCAs: ca.Pool()}
	if len(cert) > 0 {
		cfg.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return &cert[0].TLS, nil }
	}
	return credentials.NewTLS(cfg)
}

// BearerContext returns ctx carrying the metadata "authorization: Bearer
// token".
func BearerContext(ctx context.Context, token string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
}

// MustLoadSecurity loads f's files, failing the test on an error.
func MustLoadSecurity(tb testing.TB, f security.Files) *security.Security {
	tb.Helper()
	sec, err := security.Load(f)
	if err != nil {
		tb.Fatalf("LoadSecurity(%+v): %v", f, err)
	}
	return sec
}
