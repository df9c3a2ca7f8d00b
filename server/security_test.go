package main

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
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

	"github.com/seed134e4861/topicd/client"
	"github.com/seed134e4861/topicd/internal/testpki"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// pki holds the certificates of a security test: a CA that signs the
// server's and a client's certificates, and an unrelated CA that signs a
// rogue client's, all written to files too.
type pki struct {
	ca, otherCA           *testpki.CA
	server, client        *testpki.Cert
	rogueClient           *testpki.Cert // signed by otherCA
	caFile, otherCAFile   string
	serverCert, serverKey string
}

func newPKI(t *testing.T) *pki {
	t.Helper()
	dir := t.TempDir()
	p := &pki{ca: testpki.NewCA(t, "topicd-test"), otherCA: testpki.NewCA(t, "unrelated")}
	p.server = p.ca.Server(t, "server")
	p.client = p.ca.Client(t, "client")
	p.rogueClient = p.otherCA.Client(t, "rogue")
	p.caFile, p.otherCAFile = p.ca.WriteFile(t, dir), p.otherCA.WriteFile(t, dir)
	p.serverCert, p.serverKey = p.server.WriteFiles(t, dir)
	return p
}

// writeToken writes content to a token file and returns its name.
func writeToken(t *testing.T, content string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// mustLoadSecurity loads cfg's files, failing the test on an error.
func mustLoadSecurity(t *testing.T, cfg securityConfig) *security {
	t.Helper()
	sec, err := loadSecurity(cfg)
	if err != nil {
		t.Fatalf("loadSecurity(%+v): %v", cfg, err)
	}
	return sec
}

// serveTCP serves the real server, secured by sec, with the seed model, on a
// loopback TCP port for the length of the test, logging as JSON to logs. It
// returns the address.
func serveTCP(t *testing.T, sec *security, logs io.Writer) string {
	t.Helper()
	sc := serverConfig{limits: defaultLimits, creds: sec.credentials(), auth: sec.authFunc()}
	s := newServer(sc, slog.New(slog.NewJSONHandler(logs, nil)))
	s.svc.SetModel(mustSeedModel(t))
	s.setServing(true)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	serveUntilCleanup(t, s, lis)
	return lis.Addr().String()
}

// dial returns a connection to addr with creds, closed with the test.
func dial(t *testing.T, addr string, creds credentials.TransportCredentials) *grpc.ClientConn {
	t.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(creds))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// clientTLS returns client TLS credentials trusting ca, presenting cert if
// not nil, even when the server asks for certificates of other CAs (by
// default, Go presents none then), so that the server has to verify it.
func clientTLS(ca *testpki.CA, cert ...*testpki.Cert) credentials.TransportCredentials {
	cfg := &tls.Config{RootCAs: ca.Pool()}
	if len(cert) > 0 {
		cfg.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return &cert[0].TLS, nil }
	}
	return credentials.NewTLS(cfg)
}

// withToken returns ctx carrying the metadata "authorization: Bearer token".
func withToken(ctx context.Context, token string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
}

// TestTLS connects to a TLS server, and to a mutual-TLS one, with good and
// bad client credentials: only the good ones get an answer; the others
// cannot connect (Unavailable).
func TestTLS(t *testing.T) {
	p := newPKI(t)
	tlsAddr := serveTCP(t, mustLoadSecurity(t, securityConfig{tlsCert: p.serverCert, tlsKey: p.serverKey}), io.Discard)
	mtlsAddr := serveTCP(t, mustLoadSecurity(t, securityConfig{tlsCert: p.serverCert, tlsKey: p.serverKey, tlsClientCA: p.caFile}), io.Discard)
	tls11 := credentials.NewTLS(&tls.Config{RootCAs: p.ca.Pool(), MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11})
	for _, tt := range []struct {
		name  string
		addr  string
		creds credentials.TransportCredentials
		want  codes.Code
	}{
		{"tls: trusting the CA", tlsAddr, clientTLS(p.ca), codes.OK},
		{"tls: with a client certificate anyway", tlsAddr, clientTLS(p.ca, p.client), codes.OK},
		{"tls: plaintext", tlsAddr, insecure.NewCredentials(), codes.Unavailable},
		{"tls: trusting another CA", tlsAddr, clientTLS(p.otherCA), codes.Unavailable},
		{"tls: TLS 1.1", tlsAddr, tls11, codes.Unavailable},
		{"mtls: with the client certificate", mtlsAddr, clientTLS(p.ca, p.client), codes.OK},
		{"mtls: without a client certificate", mtlsAddr, clientTLS(p.ca), codes.Unavailable},
		{"mtls: client certificate of another CA", mtlsAddr, clientTLS(p.ca, p.rogueClient), codes.Unavailable},
		{"mtls: plaintext", mtlsAddr, insecure.NewCredentials(), codes.Unavailable},
		{"mtls: trusting another CA", mtlsAddr, clientTLS(p.otherCA, p.client), codes.Unavailable},
	} {
		t.Run(tt.name, func(t *testing.T) {
			conn := dial(t, tt.addr, tt.creds)
			_, err := topicdv1.NewClassifierServiceClient(conn).GetModelInfo(testContext(t), &topicdv1.GetModelInfoRequest{})
			if got := status.Code(err); got != tt.want {
				t.Errorf("GetModelInfo = %v, want code %v", err, tt.want)
			}
			_, err = healthpb.NewHealthClient(conn).Check(testContext(t), &healthpb.HealthCheckRequest{})
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
	logs := newLogBuffer()
	sec := mustLoadSecurity(t, securityConfig{authTokenFile: writeToken(t, "  "+token+"\n\n")})
	conn := dial(t, serveTCP(t, sec, logs), insecure.NewCredentials())
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
		ctx := metadata.AppendToOutgoingContext(testContext(t), tt.md...)
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
	ctx := testContext(t)
	health := healthpb.NewHealthClient(conn)
	if resp, err := health.Check(ctx, &healthpb.HealthCheckRequest{Service: serviceName}); err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Errorf("health Check without a token = %v, %v; want SERVING", resp, err)
	}
	watch, err := health.Watch(ctx, &healthpb.HealthCheckRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if resp, err := watch.Recv(); err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Errorf("health Watch without a token = %v, %v; want SERVING", resp, err)
	}
	want := []string{"grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", serviceName}
	if diff := cmp.Diff(want, listServices(ctx, t, conn)); diff != "" {
		t.Errorf("reflection ListServices without a token (-want +got):\n%s", diff)
	}

	// Refusals are logged, as the caller's fault, without the token.
	refused := 0
	for _, c := range logs.callRecords(t) {
		if c.Code == codes.Unauthenticated.String() {
			refused++
			if c.Level != "INFO" || c.Service != serviceName {
				t.Errorf("refusal logged as %+v, want level INFO and service %s", c, serviceName)
			}
		}
	}
	if refused != 7*3 {
		t.Errorf("%d refusals logged, want %d; logs:\n%s", refused, 7*3, logs)
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
	p := newPKI(t)
	sec := mustLoadSecurity(t, securityConfig{
		tlsCert: p.serverCert, tlsKey: p.serverKey, tlsClientCA: p.caFile, authTokenFile: writeToken(t, token),
	})
	addr := serveTCP(t, sec, io.Discard)
	for _, tt := range []struct {
		name  string
		creds credentials.TransportCredentials
		token string
		want  codes.Code
	}{
		{"certificate and token", clientTLS(p.ca, p.client), token, codes.OK},
		{"certificate, no token", clientTLS(p.ca, p.client), "", codes.Unauthenticated},
		{"token, no certificate", clientTLS(p.ca), token, codes.Unavailable},
	} {
		ctx := testContext(t)
		if tt.token != "" {
			ctx = withToken(ctx, tt.token)
		}
		_, err := topicdv1.NewClassifierServiceClient(dial(t, addr, tt.creds)).GetModelInfo(ctx, &topicdv1.GetModelInfoRequest{})
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
	p := newPKI(t)
	tokenFile := writeToken(t, "first-token")
	sec := mustLoadSecurity(t, securityConfig{tlsCert: p.serverCert, tlsKey: p.serverKey, authTokenFile: tokenFile})
	addr := serveTCP(t, sec, io.Discard)
	call := func(conn *grpc.ClientConn, token string) error {
		_, err := topicdv1.NewClassifierServiceClient(conn).GetModelInfo(withToken(testContext(t), token), &topicdv1.GetModelInfoRequest{})
		return err
	}
	before := dial(t, addr, clientTLS(p.ca))
	if err := call(before, "first-token"); err != nil {
		t.Fatalf("before the reload: GetModelInfo = %v", err)
	}

	// Rotate: a certificate of another CA, and a new token.
	rotated := p.otherCA.Server(t, "server")
	for file, data := range map[string][]byte{p.serverCert: rotated.CertPEM, p.serverKey: rotated.KeyPEM, tokenFile: []byte("second-token\n")} {
		if err := os.WriteFile(file, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	logs := newLogBuffer()
	logger := slog.New(slog.NewJSONHandler(logs, nil))
	sec.reloadAndLog(logger)
	logs.waitFor(testContext(t), t, regexp.MustCompile(`"msg":"security reloaded"`))

	after := dial(t, addr, clientTLS(p.otherCA))
	if err := call(after, "second-token"); err != nil {
		t.Errorf("after the reload, new certificate and token: GetModelInfo = %v, want success", err)
	}
	if err := call(after, "first-token"); status.Code(err) != codes.Unauthenticated {
		t.Errorf("after the reload, old token: GetModelInfo = %v, want code Unauthenticated", err)
	}
	if err := call(dial(t, addr, clientTLS(p.ca)), "second-token"); status.Code(err) != codes.Unavailable {
		t.Errorf("after the reload, trusting the old CA: GetModelInfo = %v, want code Unavailable", err)
	}
	if err := call(before, "second-token"); err != nil {
		t.Errorf("after the reload, on a connection opened before: GetModelInfo = %v, want success", err)
	}

	// A broken key is refused; the certificate and token loaded last stay.
	if err := os.WriteFile(p.serverKey, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tokenFile, []byte("third-token"), 0o600); err != nil {
		t.Fatal(err)
	}
	sec.reloadAndLog(logger)
	logs.waitFor(testContext(t), t, regexp.MustCompile(`"level":"ERROR","msg":"security reload refused[^"]*","error":"[^"]*--tls-cert`))
	if err := call(dial(t, addr, clientTLS(p.otherCA)), "second-token"); err != nil {
		t.Errorf("after a refused reload: GetModelInfo = %v, want success with the files loaded before", err)
	}
	for _, s := range []string{"first-token", "second-token", "third-token"} {
		if strings.Contains(logs.String(), s) {
			t.Errorf("logs show the token %q:\n%s", s, logs)
		}
	}
}

func TestParseSecurityFlags(t *testing.T) {
	for _, tt := range []struct {
		args []string
		env  map[string]string
		want securityConfig
	}{
		{nil, nil, securityConfig{}},
		{[]string{"--tls-cert", "c.pem", "--tls-key", "k.pem"}, nil, securityConfig{tlsCert: "c.pem", tlsKey: "k.pem"}},
		{
			[]string{"--tls-cert", "c.pem", "--tls-key", "k.pem", "--tls-client-ca", "ca.pem", "--auth-token-file", "token"}, nil,
			securityConfig{tlsCert: "c.pem", tlsKey: "k.pem", tlsClientCA: "ca.pem", authTokenFile: "token"},
		},
		{
			nil,
			map[string]string{"TOPICD_TLS_CERT": "c.pem", "TOPICD_TLS_KEY": "k.pem", "TOPICD_TLS_CLIENT_CA": "ca.pem", "TOPICD_AUTH_TOKEN_FILE": "token"},
			securityConfig{tlsCert: "c.pem", tlsKey: "k.pem", tlsClientCA: "ca.pem", authTokenFile: "token"},
		},
		{[]string{"--auth-token-file", "flag-token"}, map[string]string{"TOPICD_AUTH_TOKEN_FILE": "env-token"}, securityConfig{authTokenFile: "flag-token"}},
		{[]string{"--tls-cert", ""}, map[string]string{"TOPICD_TLS_CERT": "c.pem"}, securityConfig{}},
	} {
		cfg, err := parseServeFlags(tt.args, env(tt.env), io.Discard)
		if err != nil {
			t.Errorf("parseServeFlags(%q) with env %v: %v", tt.args, tt.env, err)
			continue
		}
		if diff := cmp.Diff(tt.want, cfg.security, cmp.AllowUnexported(securityConfig{})); diff != "" {
			t.Errorf("parseServeFlags(%q) with env %v: security (-want +got):\n%s", tt.args, tt.env, diff)
		}
	}
}

func TestParseSecurityFlagsErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		env  map[string]string
	}{
		{[]string{"--tls-cert", "c.pem"}, nil},
		{[]string{"--tls-key", "k.pem"}, nil},
		{[]string{"--tls-client-ca", "ca.pem"}, nil},
		{[]string{"--tls-client-ca", "ca.pem", "--tls-key", "k.pem"}, nil},
		{nil, map[string]string{"TOPICD_TLS_CERT": "c.pem"}},
		{[]string{"--tls-key", "k.pem"}, map[string]string{"TOPICD_TLS_CLIENT_CA": "ca.pem"}},
	} {
		if _, err := parseServeFlags(tt.args, env(tt.env), io.Discard); err == nil {
			t.Errorf("parseServeFlags(%q) with env %v = nil error, want one", tt.args, tt.env)
		}
	}
}

// TestRunRefusesSecurityFiles starts the server with files that are missing,
// empty, or do not go together: it refuses to start, with an error naming
// the flag and the file.
func TestRunRefusesSecurityFiles(t *testing.T) {
	p := newPKI(t)
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.pem")
	garbage := filepath.Join(dir, "garbage.pem")
	if err := os.WriteFile(garbage, []byte("-----BEGIN NOTHING-----\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, otherKey := p.otherCA.Server(t, "other").WriteFiles(t, dir)
	emptyToken := writeToken(t, "")
	blankToken := writeToken(t, " \n\t\n")
	spacedToken := writeToken(t, "two words")
	tlsArgs := []string{"--tls-cert", p.serverCert, "--tls-key", p.serverKey}
	for _, tt := range []struct {
		name     string
		args     []string
		wantIs   error    // if set, the error wraps it
		wantText []string // the error names each
	}{
		{"missing cert", []string{"--tls-cert", missing, "--tls-key", p.serverKey}, fs.ErrNotExist, []string{"--tls-cert", missing}},
		{"missing key", []string{"--tls-cert", p.serverCert, "--tls-key", missing}, fs.ErrNotExist, []string{"--tls-key", missing}},
		{"cert is no PEM", []string{"--tls-cert", garbage, "--tls-key", p.serverKey}, nil, []string{"--tls-cert", garbage}},
		{"key of another cert", []string{"--tls-cert", p.serverCert, "--tls-key", otherKey}, nil, []string{"--tls-cert", "--tls-key", otherKey}},
		{"cert and key swapped", []string{"--tls-cert", p.serverKey, "--tls-key", p.serverCert}, nil, []string{"--tls-cert", p.serverKey}},
		{"missing client CA", append([]string{"--tls-client-ca", missing}, tlsArgs...), fs.ErrNotExist, []string{"--tls-client-ca", missing}},
		{"client CA is no PEM", append([]string{"--tls-client-ca", garbage}, tlsArgs...), nil, []string{"--tls-client-ca", garbage}},
		{"missing token file", []string{"--auth-token-file", missing}, fs.ErrNotExist, []string{"--auth-token-file", missing}},
		{"empty token file", []string{"--auth-token-file", emptyToken}, nil, []string{"--auth-token-file", emptyToken, "empty"}},
		{"blank token file", []string{"--auth-token-file", blankToken}, nil, []string{"--auth-token-file", blankToken, "empty"}},
		{"token with a space", []string{"--auth-token-file", spacedToken}, nil, []string{"--auth-token-file", spacedToken}},
	} {
		args := append([]string{"--addr", "127.0.0.1:0"}, tt.args...)
		err := run(testContext(t), args, env(nil), io.Discard, io.Discard)
		if err == nil {
			t.Errorf("%s: run(%q) = nil, want an error", tt.name, args)
			continue
		}
		if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
			t.Errorf("%s: run(%q) = %v, want an error wrapping %v", tt.name, args, err, tt.wantIs)
		}
		for _, s := range tt.wantText {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("%s: run(%q) = %v, want it to name %q", tt.name, args, err, s)
			}
		}
		if strings.Contains(err.Error(), "words") {
			t.Errorf("%s: run(%q) = %v, which shows the token", tt.name, args, err)
		}
	}
}

// TestRunSecure starts the server through run, with mutual TLS and a token
// from the flags, and calls it, directly and through the client package: it
// logs that TLS and authentication are on, never the token, and answers only
// a client with the certificate and the token.
func TestRunSecure(t *testing.T) {
	const token = "run-secure-token"
	p := newPKI(t)
	args := []string{
		"--addr", "127.0.0.1:0", "--log-format", "json",
		"--tls-cert", p.serverCert, "--tls-key", p.serverKey, "--tls-client-ca", p.caFile,
		"--auth-token-file", writeToken(t, token+"\n"),
	}
	r := startRun(testContext(t), t, args, nil)
	logs := r.logs
	t.Cleanup(func() {
		if err := r.stop(); err != nil {
			t.Errorf("run: %v", err)
		}
	})
	addr := logs.waitFor(testContext(t), t, regexp.MustCompile(`"msg":"serving","addr":"([^"]+)"`))[1]

	conn := dial(t, addr, clientTLS(p.ca, p.client))
	if _, err := topicdv1.NewClassifierServiceClient(conn).GetModelInfo(withToken(testContext(t), token), &topicdv1.GetModelInfoRequest{}); err != nil {
		t.Errorf("GetModelInfo with the certificate and the token = %v, want success", err)
	}
	if _, err := topicdv1.NewClassifierServiceClient(conn).GetModelInfo(testContext(t), &topicdv1.GetModelInfoRequest{}); status.Code(err) != codes.Unauthenticated {
		t.Errorf("GetModelInfo with the certificate, without the token = %v, want code Unauthenticated", err)
	}

	// The client package's options reach the same server.
	clientCert, clientKey := p.client.WriteFiles(t, t.TempDir())
	for _, tt := range []struct {
		name string
		opts []client.Option
		want codes.Code
	}{
		{"CA, certificate and token", []client.Option{client.WithTLS(p.caFile), client.WithClientCertificate(clientCert, clientKey), client.WithBearerToken(token)}, codes.OK},
		{"no token", []client.Option{client.WithTLS(p.caFile), client.WithClientCertificate(clientCert, clientKey)}, codes.Unauthenticated},
		{"no certificate", []client.Option{client.WithTLS(p.caFile), client.WithBearerToken(token)}, codes.Unavailable},
		{"another CA", []client.Option{client.WithTLS(p.otherCAFile), client.WithClientCertificate(clientCert, clientKey), client.WithBearerToken(token)}, codes.Unavailable},
	} {
		c, err := client.New(addr, tt.opts...)
		if err != nil {
			t.Fatalf("client.New with %s: %v", tt.name, err)
		}
		_, err = c.Classify(testContext(t), "Anonymous revendique une attaque DDoS")
		if status.Code(err) != tt.want {
			t.Errorf("client with %s: Classify = %v, want code %v", tt.name, err, tt.want)
		}
		c.Close()
	}

	var security map[string]any
	for _, rec := range logs.records(t) {
		if rec["msg"] == "security" {
			security = rec
		}
	}
	if security["tls"] != "mutual" || security["auth"] != "bearer token" || security["cert_subject"] != "CN=server" {
		t.Errorf("security log line = %v, want tls mutual, auth bearer token and the certificate's subject", security)
	}
	if strings.Contains(logs.String(), token) {
		t.Errorf("logs show the token:\n%s", logs)
	}
}

// TestRunTokenWithoutTLSWarns starts the server with a token and no TLS:
// it serves, and warns that tokens cross the network in plaintext.
func TestRunTokenWithoutTLSWarns(t *testing.T) {
	logs := newLogBuffer()
	ctx, cancel := context.WithCancel(testContext(t))
	done := make(chan error, 1)
	args := []string{"--addr", "127.0.0.1:0", "--log-format", "json", "--auth-token-file", writeToken(t, "plain")}
	go func() { done <- run(ctx, args, env(nil), io.Discard, logs) }()
	logs.waitFor(testContext(t), t, regexp.MustCompile(`"level":"WARN","msg":"bearer tokens cross the network in plaintext`))
	logs.waitFor(testContext(t), t, regexp.MustCompile(`"msg":"serving"`))
	cancel()
	if err := <-done; err != nil {
		t.Errorf("run: %v", err)
	}
}
