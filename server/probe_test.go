package main

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/seed134e4861/topicd/internal/serving/security"
	"github.com/seed134e4861/topicd/internal/servingtest"
	"github.com/seed134e4861/topicd/internal/testpki"
)

func TestProbe(t *testing.T) {
	up := servingtest.New(t, servingtest.OverTCP())
	loading := servingtest.New(t, servingtest.OverTCP(), servingtest.WithoutModel())
	for _, tt := range []struct {
		name    string
		args    []string
		wantErr string // "" for success
	}{
		{"serving", []string{"--addr", up.Addr}, ""},
		{"not serving", []string{"--addr", loading.Addr}, "is NOT_SERVING"},
		{"nothing there", []string{"--addr", "127.0.0.1:1", "--timeout", "2s"}, "Unavailable"},
		{"token without TLS", []string{"--addr", up.Addr, "--token-file", "t"}, "needs TLS"},
		{"argument", []string{"--addr", up.Addr, "extra"}, "unexpected argument"},
	} {
		var out bytes.Buffer
		err := run(context.Background(), append([]string{"probe"}, tt.args...), env(nil), &out, io.Discard)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%s: probe %q: %v, want success", tt.name, tt.args, err)
		case tt.wantErr == "" && !strings.Contains(out.String(), "SERVING"):
			t.Errorf("%s: probe %q printed %q, want SERVING", tt.name, tt.args, out.String())
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%s: probe %q: %v, want an error with %q", tt.name, tt.args, err, tt.wantErr)
		}
	}
}

// TestProbeTLS probes a server that requires client certificates, as the
// Kubernetes TLS overlay does: the certificate names localhost, not the IP
// address probed, so --tls-server-name says which name to check.
func TestProbeTLS(t *testing.T) {
	p := testpki.NewSet(t)
	sec, err := security.Load(security.Files{TLSCert: p.ServerCert, TLSKey: p.ServerKey, TLSClientCA: p.CAFile})
	if err != nil {
		t.Fatal(err)
	}
	addr := servingtest.New(t, servingtest.OverTCP(), servingtest.WithSecurity(sec)).Addr
	clientCert, clientKey := p.Client.WriteFiles(t, t.TempDir())
	mtls := []string{"--addr", addr, "--tls-ca", p.CAFile, "--tls-cert", clientCert, "--tls-key", clientKey}
	for _, tt := range []struct {
		args []string
		ok   bool
	}{
		{append(mtls, "--tls-server-name", "localhost"), true},
		{append(mtls, "--tls-server-name", "elsewhere.example"), false},
		{[]string{"--addr", addr, "--tls-ca", p.CAFile, "--tls-server-name", "localhost"}, false}, // no client certificate
		{[]string{"--addr", addr}, false},                                                         // plaintext
	} {
		err := run(context.Background(), append([]string{"probe", "--timeout", "5s"}, tt.args...), env(nil), io.Discard, io.Discard)
		if (err == nil) != tt.ok {
			t.Errorf("probe %q: %v, want success %v", tt.args, err, tt.ok)
		}
	}
}

func TestVersion(t *testing.T) {
	m, err := servingtest.DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"--version"}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, re := range []string{
		`(?m)^topicd +github.com/seed134e4861/topicd `,
		`(?m)^revision +\S+`,
		`(?m)^time +\S+`,
		`(?m)^go +go1\.`,
		`(?m)^model +` + regexp.QuoteMeta(m.Version()) + ` `,
	} {
		if !regexp.MustCompile(re).MatchString(out.String()) {
			t.Errorf("server --version printed:\n%s\nwant a line matching %s", out.String(), re)
		}
	}
}
