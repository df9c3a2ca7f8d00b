package main

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/seed134e4861/topicd/client"
	"github.com/seed134e4861/topicd/internal/serving/security"
	"github.com/seed134e4861/topicd/internal/servingtest"
	"github.com/seed134e4861/topicd/internal/testpki"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

func TestParseSecurityFlags(t *testing.T) {
	for _, tt := range []struct {
		args []string
		env  map[string]string
		want security.Files
	}{
		{nil, nil, security.Files{}},
		{[]string{"--tls-cert", "c.pem", "--tls-key", "k.pem"}, nil, security.Files{TLSCert: "c.pem", TLSKey: "k.pem"}},
		{
			[]string{"--tls-cert", "c.pem", "--tls-key", "k.pem", "--tls-client-ca", "ca.pem", "--auth-token-file", "token"}, nil,
			security.Files{TLSCert: "c.pem", TLSKey: "k.pem", TLSClientCA: "ca.pem", AuthTokenFile: "token"},
		},
		{
			nil,
			map[string]string{"TOPICD_TLS_CERT": "c.pem", "TOPICD_TLS_KEY": "k.pem", "TOPICD_TLS_CLIENT_CA": "ca.pem", "TOPICD_AUTH_TOKEN_FILE": "token"},
			security.Files{TLSCert: "c.pem", TLSKey: "k.pem", TLSClientCA: "ca.pem", AuthTokenFile: "token"},
		},
		{[]string{"--auth-token-file", "flag-token"}, map[string]string{"TOPICD_AUTH_TOKEN_FILE": "env-token"}, security.Files{AuthTokenFile: "flag-token"}},
		{[]string{"--tls-cert", ""}, map[string]string{"TOPICD_TLS_CERT": "c.pem"}, security.Files{}},
	} {
		cfg, err := parseServeFlags(tt.args, env(tt.env), io.Discard)
		if err != nil {
			t.Errorf("parseServeFlags(%q) with env %v: %v", tt.args, tt.env, err)
			continue
		}
		if diff := cmp.Diff(tt.want, cfg.security); diff != "" {
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
	p := testpki.NewSet(t)
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.pem")
	garbage := filepath.Join(dir, "garbage.pem")
	if err := os.WriteFile(garbage, []byte("-----BEGIN NOTHING-----\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, otherKey := p.OtherCA.Server(t, "other").WriteFiles(t, dir)
	emptyToken := testpki.WriteToken(t, "")
	blankToken := testpki.WriteToken(t, " \n\t\n")
	spacedToken := testpki.WriteToken(t, "two words")
	tlsArgs := []string{"--tls-cert", p.ServerCert, "--tls-key", p.ServerKey}
	for _, tt := range []struct {
		name     string
		args     []string
		wantIs   error    // if set, the error wraps it
		wantText []string // the error names each
	}{
		{"missing cert", []string{"--tls-cert", missing, "--tls-key", p.ServerKey}, fs.ErrNotExist, []string{"--tls-cert", missing}},
		{"missing key", []string{"--tls-cert", p.ServerCert, "--tls-key", missing}, fs.ErrNotExist, []string{"--tls-key", missing}},
		{"cert is no PEM", []string{"--tls-cert", garbage, "--tls-key", p.ServerKey}, nil, []string{"--tls-cert", garbage}},
		{"key of another cert", []string{"--tls-cert", p.ServerCert, "--tls-key", otherKey}, nil, []string{"--tls-cert", "--tls-key", otherKey}},
		{"cert and key swapped", []string{"--tls-cert", p.ServerKey, "--tls-key", p.ServerCert}, nil, []string{"--tls-cert", p.ServerKey}},
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
	p := testpki.NewSet(t)
	args := []string{
		"--addr", "127.0.0.1:0", "--log-format", "json",
		"--tls-cert", p.ServerCert, "--tls-key", p.ServerKey, "--tls-client-ca", p.CAFile,
		"--auth-token-file", testpki.WriteToken(t, token+"\n"),
	}
	r := startRun(testContext(t), t, args, nil)
	logs := r.logs
	t.Cleanup(func() {
		if err := r.stop(); err != nil {
			t.Errorf("run: %v", err)
		}
	})
	addr := logs.WaitFor(testContext(t), t, regexp.MustCompile(`"msg":"serving","addr":"([^"]+)"`))[1]

	conn := servingtest.Dial(t, addr, servingtest.ClientTLS(p.CA, p.Client))
	if _, err := topicdv1.NewClassifierServiceClient(conn).GetModelInfo(servingtest.BearerContext(testContext(t), token), &topicdv1.GetModelInfoRequest{}); err != nil {
		t.Errorf("GetModelInfo with the certificate and the token = %v, want success", err)
	}
	if _, err := topicdv1.NewClassifierServiceClient(conn).GetModelInfo(testContext(t), &topicdv1.GetModelInfoRequest{}); status.Code(err) != codes.Unauthenticated {
		t.Errorf("GetModelInfo with the certificate, without the token = %v, want code Unauthenticated", err)
	}

	// The client package's options reach the same server.
	clientCert, clientKey := p.Client.WriteFiles(t, t.TempDir())
	for _, tt := range []struct {
		name string
		opts []client.Option
		want codes.Code
	}{
		{"CA, certificate and token", []client.Option{client.WithTLS(p.CAFile), client.WithClientCertificate(clientCert, clientKey), client.WithBearerToken(token)}, codes.OK},
		{"no token", []client.Option{client.WithTLS(p.CAFile), client.WithClientCertificate(clientCert, clientKey)}, codes.Unauthenticated},
		{"no certificate", []client.Option{client.WithTLS(p.CAFile), client.WithBearerToken(token)}, codes.Unavailable},
		{"another CA", []client.Option{client.WithTLS(p.OtherCAFile), client.WithClientCertificate(clientCert, clientKey), client.WithBearerToken(token)}, codes.Unavailable},
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
	for _, rec := range logs.Records(t) {
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
	logs := servingtest.NewLogBuffer()
	ctx, cancel := context.WithCancel(testContext(t))
	done := make(chan error, 1)
	args := []string{"--addr", "127.0.0.1:0", "--log-format", "json", "--auth-token-file", testpki.WriteToken(t, "plain")}
	go func() { done <- run(ctx, args, env(nil), io.Discard, logs) }()
	logs.WaitFor(testContext(t), t, regexp.MustCompile(`"level":"WARN","msg":"bearer tokens cross the network in plaintext`))
	logs.WaitFor(testContext(t), t, regexp.MustCompile(`"msg":"serving"`))
	cancel()
	if err := <-done; err != nil {
		t.Errorf("run: %v", err)
	}
}
