// Package testpki issues throwaway X.509 certificates, in memory, for the
// tests of TLS and mutual TLS: certificate authorities, server certificates
// for the loopback addresses, and client certificates. Keys are ECDSA P-256.
// Nothing here is fit for anything but tests.
package testpki

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A CA is a certificate authority that signs the certificates of a test.
type CA struct {
	Cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

// NewCA returns a new self-signed certificate authority named name.
func NewCA(tb testing.TB, name string) *CA {
	tb.Helper()
	key := newKey(tb)
	tmpl := &x509.Certificate{
		SerialNumber:          serial(tb),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	return &CA{Cert: cert, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// PEM returns the CA's certificate in PEM.
func (ca *CA) PEM() []byte { return ca.pem }

// Pool returns a pool holding the CA's certificate only.
func (ca *CA) Pool() *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(ca.Cert)
	return pool
}

// WriteFile writes the CA's certificate, in PEM, to a file in dir and
// returns its name.
func (ca *CA) WriteFile(tb testing.TB, dir string) string {
	tb.Helper()
	return writeFile(tb, dir, ca.Cert.Subject.CommonName+"-ca.pem", ca.pem)
}

// A Cert is a certificate and its private key.
type Cert struct {
	Name            string
	CertPEM, KeyPEM []byte
	TLS             tls.Certificate
}

// Server returns a server certificate for localhost, 127.0.0.1 and ::1,
// signed by ca.
func (ca *CA) Server(tb testing.TB, name string) *Cert {
	tb.Helper()
	return ca.issue(tb, name, x509.ExtKeyUsageServerAuth, func(c *x509.Certificate) {
		c.DNSNames = []string{"localhost"}
		c.IPAddresses = []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}
	})
}

// Client returns a client certificate naming name, signed by ca.
func (ca *CA) Client(tb testing.TB, name string) *Cert {
	tb.Helper()
	return ca.issue(tb, name, x509.ExtKeyUsageClientAuth, func(*x509.Certificate) {})
}

func (ca *CA) issue(tb testing.TB, name string, usage x509.ExtKeyUsage, edit func(*x509.Certificate)) *Cert {
	tb.Helper()
	key := newKey(tb)
	tmpl := &x509.Certificate{
		SerialNumber: serial(tb),
		Subject:      pkix.Name{CommonName: name},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{usage},
	}
	edit(tmpl)
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, &key.PublicKey, ca.key)
	if err != nil {
		tb.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		tb.Fatal(err)
	}
	c := &Cert{
		Name:    name,
		CertPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		KeyPEM:  pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}),
	}
	if c.TLS, err = tls.X509KeyPair(c.CertPEM, c.KeyPEM); err != nil {
		tb.Fatal(err)
	}
	return c
}

// WriteFiles writes the certificate and the key, in PEM, to files in dir and
// returns their names.
func (c *Cert) WriteFiles(tb testing.TB, dir string) (certFile, keyFile string) {
	tb.Helper()
	return writeFile(tb, dir, c.Name+"-cert.pem", c.CertPEM), writeFile(tb, dir, c.Name+"-key.pem", c.KeyPEM)
}

func writeFile(tb testing.TB, dir, name string, data []byte) string {
	tb.Helper()
	file := filepath.Join(dir, name)
	if err := os.WriteFile(file, data, 0o600); err != nil {
		tb.Fatal(err)
	}
	return file
}

func newKey(tb testing.TB) *ecdsa.PrivateKey {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	return key
}

func serial(tb testing.TB) *big.Int {
	tb.Helper()
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// A Set is the certificates of a security test: a CA that signs the
// server's and a client's certificates, and an unrelated CA that signs a
// rogue client's, the CAs and the server's certificate and key written to
// files too.
type Set struct {
	CA, OtherCA           *CA
	Server, Client        *Cert
	RogueClient           *Cert // signed by OtherCA
	CAFile, OtherCAFile   string
	ServerCert, ServerKey string
}

// NewSet returns a new Set, its files in a temporary directory of tb.
func NewSet(tb testing.TB) *Set {
	tb.Helper()
	dir := tb.TempDir()
	s := &Set{CA: NewCA(tb, "topicd-test"), OtherCA: NewCA(tb, "unrelated")}
	s.Server = s.CA.Server(tb, "server")
	s.Client = s.CA.Client(tb, "client")
	s.RogueClient = s.OtherCA.Client(tb, "rogue")
	s.CAFile, s.OtherCAFile = s.CA.WriteFile(tb, dir), s.OtherCA.WriteFile(tb, dir)
	s.ServerCert, s.ServerKey = s.Server.WriteFiles(tb, dir)
	return s
}

// WriteToken writes content to a bearer-token file in a temporary
// directory of tb and returns its name.
func WriteToken(tb testing.TB, content string) string {
	tb.Helper()
	return writeFile(tb, tb.TempDir(), "token", []byte(content))
}
