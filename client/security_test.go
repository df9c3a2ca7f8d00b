package client_test

import (
	"context"
	"crypto/tls"
	"os"
	"path/filepath"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/status"

	"github.com/seed134e4861/topicd/client"
	"github.com/seed134e4861/topicd/internal/serving/security"
	"github.com/seed134e4861/topicd/internal/servingtest"
	"github.com/seed134e4861/topicd/internal/testpki"
)

// testPKI is a CA that signs a server's and a client's certificates, and an
// unrelated CA that signs another client's, written to files.
type testPKI struct {
	ca                    *testpki.CA
	serverCert, serverKey string
	caFile, otherCAFile   string
	clientCert, clientKey string
	rogueCert, rogueKey   string // signed by the other CA
	garbage, missing      string
}

func newTestPKI(t *testing.T) *testPKI {
	t.Helper()
	dir := t.TempDir()
	ca, other := testpki.NewCA(t, "topicd-test"), testpki.NewCA(t, "unrelated")
	p := &testPKI{ca: ca, caFile: ca.WriteFile(t, dir), otherCAFile: other.WriteFile(t, dir)}
	p.serverCert, p.serverKey = ca.Server(t, "server").WriteFiles(t, dir)
	p.clientCert, p.clientKey = ca.Client(t, "client").WriteFiles(t, dir)
	p.rogueCert, p.rogueKey = other.Client(t, "rogue").WriteFiles(t, dir)
	p.garbage, p.missing = filepath.Join(dir, "garbage.pem"), filepath.Join(dir, "missing.pem")
	if err := os.WriteFile(p.garbage, []byte("not PEM"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// security loads the real server's security from files, as its flags do:
// TLS with the server certificate and, with mutual, client certificates of
// the CA required; with a token, calls must carry it. With useTLS false, it
// serves plaintext.
func (p *testPKI) security(t *testing.T, useTLS, mutual bool, token string) *security.Security {
	t.Helper()
	var f security.Files
	if useTLS {
		f.TLSCert, f.TLSKey = p.serverCert, p.serverKey
	}
	if mutual {
		f.TLSClientCA = p.caFile
	}
	if token != "" {
		f.AuthTokenFile = filepath.Join(t.TempDir(), "token")
		if err := os.WriteFile(f.AuthTokenFile, []byte(token+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	sec, err := security.Load(f)
	if err != nil {
		t.Fatal(err)
	}
	return sec
}

// serveTCP serves the real server, with the seed model and security sec, on
// a loopback TCP port for the length of the test, and returns the address.
func serveTCP(t *testing.T, sec *security.Security) string {
	t.Helper()
	return servingtest.New(t, servingtest.OverTCP(), servingtest.WithSecurity(sec)).Addr
}

// modelInfo calls ModelInfo through a client of addr with opts.
func modelInfo(t *testing.T, addr string, opts ...client.Option) error {
	t.Helper()
	c, err := client.New(addr, opts...)
	if err != nil {
		t.Fatalf("New(%q): %v", addr, err)
	}
	defer c.Close()
	_, err = c.ModelInfo(context.Background())
	return err
}

// TestTLS calls a TLS server, and a mutual-TLS one, through the client's
// options: only the right CA, with the right client certificate where one
// is required, connects.
func TestTLS(t *testing.T) {
	p := newTestPKI(t)
	tlsAddr := serveTCP(t, p.security(t, true, false, ""))
	mtlsAddr := serveTCP(t, p.security(t, true, true, ""))
	for _, tt := range []struct {
		name string
		addr string
		opts []client.Option
		want codes.Code
	}{
		{"tls: the CA", tlsAddr, []client.Option{client.WithTLS(p.caFile)}, codes.OK},
		{"tls: another CA", tlsAddr, []client.Option{client.WithTLS(p.otherCAFile)}, codes.Unavailable},
		{"tls: the system's roots", tlsAddr, []client.Option{client.WithTLS("")}, codes.Unavailable},
		{"tls: plaintext", tlsAddr, []client.Option{client.WithInsecure()}, codes.Unavailable},
		{"mtls: the CA and a client certificate", mtlsAddr, []client.Option{client.WithTLS(p.caFile), client.WithClientCertificate(p.clientCert, p.clientKey)}, codes.OK},
		{"mtls: options in the other order", mtlsAddr, []client.Option{client.WithClientCertificate(p.clientCert, p.clientKey), client.WithTLS(p.caFile)}, codes.OK},
		{"mtls: no client certificate", mtlsAddr, []client.Option{client.WithTLS(p.caFile)}, codes.Unavailable},
		{"mtls: a client certificate of another CA", mtlsAddr, []client.Option{client.WithTLS(p.caFile), client.WithClientCertificate(p.rogueCert, p.rogueKey)}, codes.Unavailable},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := modelInfo(t, tt.addr, tt.opts...); status.Code(err) != tt.want {
				t.Errorf("ModelInfo = %v, want code %v", err, tt.want)
			}
		})
	}
}

// TestNewMultiTLS checks each server of a list against its own address.
func TestNewMultiTLS(t *testing.T) {
	p := newTestPKI(t)
	addrs := []string{serveTCP(t, p.security(t, true, false, "")), serveTCP(t, p.security(t, true, false, ""))}
	c, err := client.NewMulti(addrs, client.WithTLS(p.caFile))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.ModelInfo(context.Background()); err != nil {
		t.Errorf("ModelInfo over TLS from NewMulti(%q) = %v", addrs, err)
	}
}

// TestBearerToken calls a server that requires a token over TLS, and one
// over plaintext.
func TestBearerToken(t *testing.T) {
	const token = "client-test-token"
	p := newTestPKI(t)
	tlsAddr := serveTCP(t, p.security(t, true, false, token))
	plainAddr := serveTCP(t, p.security(t, false, false, token))
	for _, tt := range []struct {
		name string
		addr string
		opts []client.Option
		want codes.Code
	}{
		{"tls: the token", tlsAddr, []client.Option{client.WithTLS(p.caFile), client.WithBearerToken(token)}, codes.OK},
		{"tls: another token", tlsAddr, []client.Option{client.WithTLS(p.caFile), client.WithBearerToken(token + "x")}, codes.Unauthenticated},
		{"tls: no token", tlsAddr, []client.Option{client.WithTLS(p.caFile)}, codes.Unauthenticated},
		{"tls: the token, insecure variant", tlsAddr, []client.Option{client.WithTLS(p.caFile), client.WithBearerTokenInsecure(token)}, codes.OK},
		{"plaintext: the token, insecure variant", plainAddr, []client.Option{client.WithInsecure(), client.WithBearerTokenInsecure(token)}, codes.OK},
		{"plaintext: no token", plainAddr, []client.Option{client.WithInsecure()}, codes.Unauthenticated},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := client.New(tt.addr, tt.opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			ctx := context.Background()
			_, err = c.ModelInfo(ctx)
			if status.Code(err) != tt.want {
				t.Errorf("ModelInfo = %v, want code %v", err, tt.want)
			}
			_, err = c.Classify(ctx, "Anonymous revendique une attaque DDoS")
			if status.Code(err) != tt.want {
				t.Errorf("Classify = %v, want code %v", err, tt.want)
			}
			_, err = c.ClassifyBatch(ctx, []string{"Anonymous revendique une attaque DDoS"})
			if status.Code(err) != tt.want {
				t.Errorf("ClassifyBatch = %v, want code %v", err, tt.want)
			}
		})
	}
}

// TestNewRefusesSecurityOptions checks the options that New refuses before
// connecting: files it cannot use, and options that do not go together.
func TestNewRefusesSecurityOptions(t *testing.T) {
	p := newTestPKI(t)
	for _, tt := range []struct {
		name string
		opts []client.Option
	}{
		{"missing CA file", []client.Option{client.WithTLS(p.missing)}},
		{"CA file without PEM", []client.Option{client.WithTLS(p.garbage)}},
		{"missing client certificate", []client.Option{client.WithTLS(p.caFile), client.WithClientCertificate(p.missing, p.clientKey)}},
		{"client key of another certificate", []client.Option{client.WithTLS(p.caFile), client.WithClientCertificate(p.clientCert, p.rogueKey)}},
		{"client certificate without TLS", []client.Option{client.WithInsecure(), client.WithClientCertificate(p.clientCert, p.clientKey)}},
		{"TLS and plaintext", []client.Option{client.WithTLS(p.caFile), client.WithInsecure()}},
		{"TLS and other credentials", []client.Option{client.WithTransportCredentials(credentials.NewTLS(&tls.Config{RootCAs: p.ca.Pool()})), client.WithTLS(p.caFile)}},
		{"token over plaintext", []client.Option{client.WithInsecure(), client.WithBearerToken("t")}},
		{"empty token", []client.Option{client.WithTLS(p.caFile), client.WithBearerToken("")}},
		{"empty insecure token", []client.Option{client.WithInsecure(), client.WithBearerTokenInsecure("")}},
	} {
		if c, err := client.New("localhost:50051", tt.opts...); err == nil {
			c.Close()
			t.Errorf("New with %s succeeded, want an error", tt.name)
		}
	}
}
