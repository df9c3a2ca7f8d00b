package serving_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/seed134e4861/topicd/internal/serving/security"
	"github.com/seed134e4861/topicd/internal/testpki"
)

// The certificates and token files of the tests of the HTTP listener
// over TLS; the same as package security's tests.

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

// mustLoadSecurity loads f's files, failing the test on an error.
func mustLoadSecurity(t *testing.T, f security.Files) *security.Security {
	t.Helper()
	sec, err := security.Load(f)
	if err != nil {
		t.Fatalf("LoadSecurity(%+v): %v", f, err)
	}
	return sec
}
