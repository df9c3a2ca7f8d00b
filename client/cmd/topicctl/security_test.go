package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/seed134e4861/topicd/internal/serving/security"
	"github.com/seed134e4861/topicd/internal/servingtest"
	"github.com/seed134e4861/topicd/internal/testpki"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// securePKI is the certificates and token of a server that requires mutual
// TLS and a bearer token, written to files for the flags.
type securePKI struct {
	caFile, otherCAFile   string
	clientCert, clientKey string
	tokenFile, wrongToken string
	emptyToken            string
}

const cliToken = "topicctl-test-token"

// startSecureServer serves the real server on a loopback port, requiring
// mutual TLS and the token cliToken (read from its file, as
// --auth-token-file does), and returns its address and the files
// of a client.
func startSecureServer(t *testing.T) (string, securePKI) {
	t.Helper()
	dir := t.TempDir()
	ca := testpki.NewCA(t, "topicd-test")
	var p securePKI
	p.caFile, p.otherCAFile = ca.WriteFile(t, dir), testpki.NewCA(t, "unrelated").WriteFile(t, dir)
	p.clientCert, p.clientKey = ca.Client(t, "client").WriteFiles(t, dir)
	for file, content := range map[*string]string{&p.tokenFile: " " + cliToken + "\n", &p.wrongToken: "wrong\n", &p.emptyToken: "\n"} {
		f, err := os.CreateTemp(dir, "token")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteString(content); err != nil {
			t.Fatal(err)
		}
		f.Close()
		*file = f.Name()
	}
	serverCert, serverKey := ca.Server(t, "server").WriteFiles(t, dir)
	sec, err := security.Load(security.Files{
		TLSCert: serverCert, TLSKey: serverKey, TLSClientCA: p.caFile, AuthTokenFile: p.tokenFile,
	})
	if err != nil {
		t.Fatal(err)
	}
	return servingtest.New(t, servingtest.OverTCP(), servingtest.WithSecurity(sec)).Addr, p
}

// topicctlEnv runs the CLI with args and the environment vars.
func topicctlEnv(vars map[string]string, args ...string) (string, error) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, func(k string) string { return vars[k] }, strings.NewReader(""), &stdout, &stderr)
	return stdout.String(), err
}

// TestSecure runs topicctl against a server that requires mutual TLS and a
// token: with the CA, the client certificate and the token, from flags or
// the environment, it gets answers; without any one of them it is refused.
func TestSecure(t *testing.T) {
	addr, p := startSecureServer(t)
	env := map[string]string{"TOPICD_ADDR": addr}
	all := []string{"--tls-ca", p.caFile, "--tls-cert", p.clientCert, "--tls-key", p.clientKey, "--token-file", p.tokenFile}

	out, err := topicctlEnv(env, append([]string{"info", "--json"}, all...)...)
	if err != nil {
		t.Fatalf("topicctl info %q: %v", all, err)
	}
	var mi topicdv1.GetModelInfoResponse
	if err := protojson.Unmarshal([]byte(out), &mi); err != nil || len(mi.Topics) != 4 {
		t.Errorf("topicctl info %q printed %q (%v), want the model's 4 topics", all, out, err)
	}
	out, err = topicctlEnv(env, append(all, "--json", leakText)...)
	if err != nil || !strings.Contains(out, `"leak"`) {
		t.Errorf("topicctl %q TEXT = %q, %v; want a result", all, out, err)
	}
	tokenEnv := map[string]string{"TOPICD_ADDR": addr, "TOPICD_AUTH_TOKEN_FILE": p.tokenFile}
	if _, err := topicctlEnv(tokenEnv, "info", "--tls-ca", p.caFile, "--tls-cert", p.clientCert, "--tls-key", p.clientKey); err != nil {
		t.Errorf("topicctl info with TOPICD_AUTH_TOKEN_FILE: %v", err)
	}

	for _, tt := range []struct {
		name string
		args []string
		want codes.Code
	}{
		{"no token", []string{"--tls-ca", p.caFile, "--tls-cert", p.clientCert, "--tls-key", p.clientKey}, codes.Unauthenticated},
		{"wrong token", []string{"--tls-ca", p.caFile, "--tls-cert", p.clientCert, "--tls-key", p.clientKey, "--token-file", p.wrongToken}, codes.Unauthenticated},
		{"no client certificate", []string{"--tls-ca", p.caFile, "--token-file", p.tokenFile}, codes.Unavailable},
		{"another CA", []string{"--tls-ca", p.otherCAFile, "--tls-cert", p.clientCert, "--tls-key", p.clientKey, "--token-file", p.tokenFile}, codes.Unavailable},
		{"plaintext", nil, codes.Unavailable},
	} {
		_, err := topicctlEnv(env, append([]string{"info"}, tt.args...)...)
		if status.Code(err) != tt.want {
			t.Errorf("%s: topicctl info %q = %v, want code %v", tt.name, tt.args, err, tt.want)
		}
	}
}

// TestSecurityFlagErrors checks the flags topicctl refuses before calling.
func TestSecurityFlagErrors(t *testing.T) {
	addr, p := startSecureServer(t)
	missing := filepath.Join(t.TempDir(), "missing")
	for _, tt := range []struct {
		name     string
		args     []string
		wantText string // the error names it
	}{
		{"cert without key", []string{"--tls-ca", p.caFile, "--tls-cert", p.clientCert}, "--tls-key"},
		{"key without cert", []string{"--tls-ca", p.caFile, "--tls-key", p.clientKey}, "--tls-cert"},
		{"missing CA", []string{"--tls-ca", missing}, missing},
		{"missing token file", []string{"--tls-ca", p.caFile, "--token-file", missing}, missing},
		{"empty token file", []string{"--tls-ca", p.caFile, "--token-file", p.emptyToken}, p.emptyToken},
		{"token without TLS", []string{"--token-file", p.tokenFile}, "--token-file"},
	} {
		_, err := topicctlEnv(map[string]string{"TOPICD_ADDR": addr}, append([]string{"info"}, tt.args...)...)
		if err == nil {
			t.Errorf("%s: topicctl info %q succeeded, want an error", tt.name, tt.args)
			continue
		}
		if _, isStatus := status.FromError(err); isStatus {
			t.Errorf("%s: topicctl info %q = %v, want an error before any call", tt.name, tt.args, err)
		}
		if !strings.Contains(err.Error(), tt.wantText) {
			t.Errorf("%s: topicctl info %q = %v, want it to name %q", tt.name, tt.args, err, tt.wantText)
		}
	}
}
