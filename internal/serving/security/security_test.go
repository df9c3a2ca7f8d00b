package security_test

import (
	"crypto/tls"
	"io"
	"log/slog"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/seed134e4861/topicd/internal/service"
	"github.com/seed134e4861/topicd/internal/serving/security"
	"github.com/seed134e4861/topicd/internal/servingtest"
	"github.com/seed134e4861/topicd/internal/testpki"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// serveTCP serves the real server, secured by sec, with the seed model, on a
// loopback TCP port for the length of the test, logging as JSON to logs. It
// returns the address.
func serveTCP(t *testing.T, sec *security.Security, logs io.Writer) string {
	t.Helper()
	return servingtest.New(t, servingtest.OverTCP(), servingtest.WithSecurity(sec), servingtest.WithLogs(logs)).Addr
}

// TestTLS connects to a TLS server, and to a mutual-TLS one, with good and
// bad client credentials: only the good ones get an answer; the others
// cannot connect (Unavailable).
func TestTLS(t *testing.T) {
	p := testpki.NewSet(t)
	tlsAddr := serveTCP(t, servingtest.MustLoadSecurity(t, security.Files{TLSCert: p.ServerCert, TLSKey: p.ServerKey}), io.Discard)
	mtlsAddr := serveTCP(t, servingtest.MustLoadSecurity(t, security.Files{TLSCert: p.ServerCert, TLSKey: p.ServerKey, TLSClientCA: p.CAFile}), io.Discard)
	tls11 := credentials.NewTLS(&tls.Config{RootCAs: p.CA.Pool(), MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11})
	for _, tt := range []struct {
		name  string
		addr  string
		creds credentials.TransportCredentials
		want  codes.Code
	}{
		{"tls: trusting the CA", tlsAddr, servingtest.ClientTLS(p.CA), codes.OK},
		{"tls: with a client certificate anyway", tlsAddr, servingtest.ClientTLS(p.CA, p.Client), codes.OK},
		{"tls: plaintext", tlsAddr, insecure.NewCredentials(), codes.Unavailable},
		{"tls: trusting another CA", tlsAddr, servingtest.ClientTLS(p.OtherCA), codes.Unavailable},
		{"tls: TLS 1.1", tlsAddr, tls11, codes.Unavailable},
		{"mtls: with the client certificate", mtlsAddr, servingtest.ClientTLS(p.CA, p.Client), codes.OK},
		{"mtls: without a client certificate", mtlsAddr, servingtest.ClientTLS(p.CA), codes.Unavailable},
		{"mtls: client certificate of another CA", mtlsAddr, servingtest.ClientTLS(p.CA, p.RogueClient), codes.Unavailable},
		{"mtls: plaintext", mtlsAddr, insecure.NewCredentials(), codes.Unavailable},
		{"mtls: trusting another CA", mtlsAddr, servingtest.ClientTLS(p.OtherCA, p.Client), codes.Unavailable},
	} {
		t.Run(tt.name, func(t *testing.T) {
			conn := servingtest.Dial(t, tt.addr, tt.creds)
			_, err := topicdv1.NewClassifierServiceClient(conn).GetModelInfo(servingtest.Context(t), &topicdv1.GetModelInfoRequest{})
			if got := status.Code(err); got != tt.want {
				t.Errorf("GetModelInfo = %v, want code %v", err, tt.want)
			}
			_, err = healthpb.NewHealthClient(conn).Check(servingtest.Context(t), &healthpb.HealthCheckRequest{})
			if got := status.Code(err); got != tt.want {
				t.Errorf("health Check = %v, want code %v", err, tt.want)
			}
		})
	}
}

// TestBearerToken calls a server that requires a token: ClassifierService
// answers only calls with the token, Unauthenticated otherwise, while health
// and reflection answer anyone. Refusals are logged, and neither the logs
// nor the errors ever show a token.
func TestBearerToken(t *testing.T) {
	const token, wrong = "s3cret-Token_42", "s3cret-Token_43"
	logs := servingtest.NewLogBuffer()
	sec := servingtest.MustLoadSecurity(t, security.Files{AuthTokenFile: testpki.WriteToken(t, "  "+token+"\n\n")})
	conn := servingtest.Dial(t, serveTCP(t, sec, logs), insecure.NewCredentials())
	classifier := topicdv1.NewClassifierServiceClient(conn)

	for _, tt := range []struct {
		name string
		md   []string // outgoing metadata, in pairs
		want codes.Code
	}{
		{"no token", nil, codes.Unauthenticated},
		{"wrong token", []string{"authorization", "Bearer " + wrong}, codes.Unauthenticated},
		{"token prefix", []string{"authorization", "Bearer " + token[:5]}, codes.Unauthenticated},
		{"token with more", []string{"authorization", "Bearer " + token + "x"}, codes.Unauthenticated},
		{"other scheme", []string{"authorization", "Basic " + token}, codes.Unauthenticated},
		{"no scheme", []string{"authorization", token}, codes.Unauthenticated},
		{"other header", []string{"x-token", token}, codes.Unauthenticated},
		{"right token", []string{"authorization", "Bearer " + token}, codes.OK},
		{"scheme in lower case", []string{"authorization", "bearer " + token}, codes.OK},
	} {
		ctx := metadata.AppendToOutgoingContext(servingtest.Context(t), tt.md...)
		_, err := classifier.GetModelInfo(ctx, &topicdv1.GetModelInfoRequest{})
		if got := status.Code(err); got != tt.want {
			t.Errorf("%s: GetModelInfo = %v, want code %v", tt.name, err, tt.want)
		}
		_, err = classifier.Classify(ctx, &topicdv1.ClassifyRequest{Text: "Anonymous revendique une attaque DDoS"})
		if got := status.Code(err); got != tt.want {
			t.Errorf("%s: Classify = %v, want code %v", tt.name, err, tt.want)
		}
		_, err = classifier.ClassifyBatch(ctx, &topicdv1.ClassifyBatchRequest{Texts: []string{"Anonymous revendique une attaque DDoS"}})
		if got := status.Code(err); got != tt.want {
			t.Errorf("%s: ClassifyBatch = %v, want code %v", tt.name, err, tt.want)
		}
		if msg := status.Convert(err).Message(); strings.Contains(msg, token[:5]) {
			t.Errorf("%s: ClassifyBatch error %q shows the token", tt.name, msg)
		}
	}

	// Health and reflection, unary and streaming, need no token.
	ctx := servingtest.Context(t)
	health := healthpb.NewHealthClient(conn)
	if resp, err := health.Check(ctx, &healthpb.HealthCheckRequest{Service: service.Name}); err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Errorf("health Check without a token = %v, %v; want SERVING", resp, err)
	}
	watch, err := health.Watch(ctx, &healthpb.HealthCheckRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if resp, err := watch.Recv(); err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Errorf("health Watch without a token = %v, %v; want SERVING", resp, err)
	}
	want := []string{"grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", service.Name}
	if diff := cmp.Diff(want, servingtest.ListServices(ctx, t, conn)); diff != "" {
		t.Errorf("reflection ListServices without a token (-want +got):\n%s", diff)
	}

	// Refusals are made on the headers, before the call log, and logged
	// apart, as the caller's fault, at a bounded rate, without the token.
	refused := 0
	for _, rec := range logs.Records(t) {
		if rec["msg"] == "rejected call" {
			refused++
			if rec["level"] != "INFO" || rec["reason"] != "unauthenticated" || !strings.HasPrefix(rec["grpc.method"].(string), "/"+service.Name+"/") {
				t.Errorf("refusal logged as %v, want level INFO, reason unauthenticated and a method of %s", rec, service.Name)
			}
		}
	}
	if refused == 0 || refused > 7*3 {
		t.Errorf("%d refusals logged, want 1 to %d; logs:\n%s", refused, 7*3, logs)
	}
	for _, s := range []string{token, wrong, token[:5]} {
		if strings.Contains(logs.String(), s) {
			t.Errorf("logs show the token %q:\n%s", s, logs)
		}
	}
}

// TestBearerTokenOverMutualTLS requires both a client certificate and a
// token: each alone is not enough.
func TestBearerTokenOverMutualTLS(t *testing.T) {
	const token = "mtls-and-token"
	p := testpki.NewSet(t)
	sec := servingtest.MustLoadSecurity(t, security.Files{
		TLSCert: p.ServerCert, TLSKey: p.ServerKey, TLSClientCA: p.CAFile, AuthTokenFile: testpki.WriteToken(t, token),
	})
	addr := serveTCP(t, sec, io.Discard)
	for _, tt := range []struct {
		name  string
		creds credentials.TransportCredentials
		token string
		want  codes.Code
	}{
		{"certificate and token", servingtest.ClientTLS(p.CA, p.Client), token, codes.OK},
		{"certificate, no token", servingtest.ClientTLS(p.CA, p.Client), "", codes.Unauthenticated},
		{"token, no certificate", servingtest.ClientTLS(p.CA), token, codes.Unavailable},
	} {
		ctx := servingtest.Context(t)
		if tt.token != "" {
			ctx = servingtest.BearerContext(ctx, tt.token)
		}
		_, err := topicdv1.NewClassifierServiceClient(servingtest.Dial(t, addr, tt.creds)).GetModelInfo(ctx, &topicdv1.GetModelInfoRequest{})
		if got := status.Code(err); got != tt.want {
			t.Errorf("%s: GetModelInfo = %v, want code %v", tt.name, err, tt.want)
		}
	}
}

// TestSecurityReload replaces the certificate, key and token files and
// reloads: new connections get the new certificate, calls need the new
// token, and connections opened before keep working. Then it breaks a file
// and reloads: the reload is refused and logged, and the files loaded
// before stay in use.
func TestSecurityReload(t *testing.T) {
	p := testpki.NewSet(t)
	tokenFile := testpki.WriteToken(t, "first-token")
	sec := servingtest.MustLoadSecurity(t, security.Files{TLSCert: p.ServerCert, TLSKey: p.ServerKey, AuthTokenFile: tokenFile})
	addr := serveTCP(t, sec, io.Discard)
	call := func(conn *grpc.ClientConn, token string) error {
		_, err := topicdv1.NewClassifierServiceClient(conn).GetModelInfo(servingtest.BearerContext(servingtest.Context(t), token), &topicdv1.GetModelInfoRequest{})
		return err
	}
	before := servingtest.Dial(t, addr, servingtest.ClientTLS(p.CA))
	if err := call(before, "first-token"); err != nil {
		t.Fatalf("before the reload: GetModelInfo = %v", err)
	}

	// Rotate: a certificate of another CA, and a new token.
	rotated := p.OtherCA.Server(t, "server")
	for file, data := range map[string][]byte{p.ServerCert: rotated.CertPEM, p.ServerKey: rotated.KeyPEM, tokenFile: []byte("second-token\n")} {
		if err := os.WriteFile(file, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	logs := servingtest.NewLogBuffer()
	logger := slog.New(slog.NewJSONHandler(logs, nil))
	sec.ReloadAndLog(logger)
	logs.WaitFor(servingtest.Context(t), t, regexp.MustCompile(`"msg":"security reloaded"`))

	after := servingtest.Dial(t, addr, servingtest.ClientTLS(p.OtherCA))
	if err := call(after, "second-token"); err != nil {
		t.Errorf("after the reload, new certificate and token: GetModelInfo = %v, want success", err)
	}
	if err := call(after, "first-token"); status.Code(err) != codes.Unauthenticated {
		t.Errorf("after the reload, old token: GetModelInfo = %v, want code Unauthenticated", err)
	}
	if err := call(servingtest.Dial(t, addr, servingtest.ClientTLS(p.CA)), "second-token"); status.Code(err) != codes.Unavailable {
		t.Errorf("after the reload, trusting the old CA: GetModelInfo = %v, want code Unavailable", err)
	}
	if err := call(before, "second-token"); err != nil {
		t.Errorf("after the reload, on a connection opened before: GetModelInfo = %v, want success", err)
	}

	// A broken key is refused; the certificate and token loaded last stay.
	if err := os.WriteFile(p.ServerKey, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tokenFile, []byte("third-token"), 0o600); err != nil {
		t.Fatal(err)
	}
	sec.ReloadAndLog(logger)
	logs.WaitFor(servingtest.Context(t), t, regexp.MustCompile(`"level":"ERROR","msg":"security reload refused[^"]*","error":"[^"]*--tls-cert`))
	if err := call(servingtest.Dial(t, addr, servingtest.ClientTLS(p.OtherCA)), "second-token"); err != nil {
		t.Errorf("after a refused reload: GetModelInfo = %v, want success with the files loaded before", err)
	}
	for _, s := range []string{"first-token", "second-token", "third-token"} {
		if strings.Contains(logs.String(), s) {
			t.Errorf("logs show the token %q:\n%s", s, logs)
		}
	}
}
