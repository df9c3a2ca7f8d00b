// Package security is the transport security and authentication of
// topicd's gRPC server (package serving): the TLS certificate, client CA and
// bearer-token files, their reload on SIGHUP, and the bearer-token check.
//
// security.go loads and reloads the files; auth.go checks the token.
package security

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync/atomic"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/auth"
	"google.golang.org/grpc/credentials"
)

// Files names the files of the server's transport security and
// authentication; empty names turn each off. Errors name the flags that
// set them (--tls-cert, ...).
type Files struct {
	TLSCert, TLSKey string // the server's certificate chain and private key (PEM)
	TLSClientCA     string // CA certificates that client certificates must chain to (PEM): mutual TLS
	AuthTokenFile   string // the bearer token ClassifierService calls must carry
}

// Check reports files that cannot go together; it reads no file.
func (f Files) Check() error {
	if (f.TLSCert == "") != (f.TLSKey == "") {
		return errors.New("--tls-cert and --tls-key go together: give both or neither")
	}
	if f.TLSClientCA != "" && f.TLSCert == "" {
		return errors.New("--tls-client-ca needs --tls-cert and --tls-key: mutual TLS is TLS with client certificates")
	}
	return nil
}

// Security is the server's transport security and authentication, loaded
// from the files Files names. Reload reads them again (SIGHUP), so
// certificates and tokens rotate without a restart: connections opened and
// calls received afterwards use the new files, open connections keep theirs.
// A nil *Security is plaintext and open.
type Security struct {
	files Files
	tls   atomic.Pointer[tls.Config] // nil: plaintext
	token atomic.Pointer[[]byte]     // nil: no authentication
}

// Load reads the files f names. Errors name the flag and the file.
func Load(f Files) (*Security, error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	s := &Security{files: f}
	if err := s.Reload(); err != nil {
		return nil, err
	}
	return s, nil
}

// Reload reads the files again and, if they all load, puts them in use
// together; otherwise it changes nothing and returns the error.
func (s *Security) Reload() error {
	var tc *tls.Config
	if s.files.TLSCert != "" {
		var err error
		if tc, err = loadTLSConfig(s.files); err != nil {
			return err
		}
	}
	var token *[]byte
	if s.files.AuthTokenFile != "" {
		t, err := readToken(s.files.AuthTokenFile)
		if err != nil {
			return err
		}
		token = &t
	}
	s.tls.Store(tc)
	s.token.Store(token)
	return nil
}

// ReloadAndLog reloads and logs the outcome; a failure leaves the files
// loaded before in use. Without files, it does nothing.
func (s *Security) ReloadAndLog(logger *slog.Logger) {
	if s == nil || s.files == (Files{}) {
		return
	}
	if err := s.Reload(); err != nil {
		logger.Error("security reload refused; the certificates and token loaded before stay in use", "error", err)
		return
	}
	logger.Info("security reloaded", s.attrs()...)
}

// LogStart logs, once at start, what the server requires of its clients;
// never the token.
func (s *Security) LogStart(logger *slog.Logger) {
	logger.Info("security", s.attrs()...)
	if s.files.AuthTokenFile != "" && s.files.TLSCert == "" {
		logger.Warn("bearer tokens cross the network in plaintext: serve TLS (--tls-cert, --tls-key) or terminate TLS in front of the server")
	}
}

func (s *Security) attrs() []any {
	mode, authMode := "off", "off"
	var attrs []any
	if tc := s.tls.Load(); tc != nil {
		mode = "on"
		if tc.ClientAuth == tls.RequireAndVerifyClientCert {
			mode = "mutual"
		}
		if leaf := tc.Certificates[0].Leaf; leaf != nil {
			attrs = append(attrs, "cert_subject", leaf.Subject.String(), "cert_not_after", leaf.NotAfter)
		}
	}
	if s.token.Load() != nil {
		authMode = "bearer token"
	}
	return append([]any{"tls", mode, "auth", authMode}, attrs...)
}

// Credentials returns the server's transport credentials: TLS 1.2 or later
// with the certificate loaded last, and client certificates required and
// verified when --tls-client-ca is set. It returns nil, plaintext, when TLS
// is off.
func (s *Security) Credentials() credentials.TransportCredentials {
	if s == nil || s.tls.Load() == nil {
		return nil
	}
	return credentials.NewTLS(&tls.Config{
		MinVersion: tls.VersionTLS12,
		// Each handshake uses the files loaded last (see Reload).
		GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) { return s.tls.Load(), nil },
	})
}

// AuthFunc returns the bearer-token check of the calls requireAuth selects,
// or nil when there is no token.
func (s *Security) AuthFunc() auth.AuthFunc {
	if s == nil || s.token.Load() == nil {
		return nil
	}
	return bearerAuth(func() []byte { return *s.token.Load() })
}

// loadTLSConfig reads the certificate, key and client CA files of f.
func loadTLSConfig(f Files) (*tls.Config, error) {
	certPEM, err := os.ReadFile(f.TLSCert)
	if err != nil {
		return nil, fmt.Errorf("--tls-cert: %w", err)
	}
	keyPEM, err := os.ReadFile(f.TLSKey)
	if err != nil {
		return nil, fmt.Errorf("--tls-key: %w", err)
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, fmt.Errorf("--tls-cert %s and --tls-key %s: %w", f.TLSCert, f.TLSKey, err)
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}}
	if f.TLSClientCA != "" {
		caPEM, err := os.ReadFile(f.TLSClientCA)
		if err != nil {
			return nil, fmt.Errorf("--tls-client-ca: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(caPEM) {
			return nil, fmt.Errorf("--tls-client-ca %s: no PEM certificate found", f.TLSClientCA)
		}
		tc.ClientCAs = pool
		tc.ClientAuth = tls.RequireAndVerifyClientCert
	}
	return tc, nil
}

// readToken reads a bearer token: the file's content less surrounding white
// space. It must be one header value: visible ASCII characters, no spaces.
func readToken(file string) ([]byte, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("--auth-token-file: %w", err)
	}
	token := bytes.TrimSpace(data)
	if len(token) == 0 {
		return nil, fmt.Errorf("--auth-token-file %s: the file is empty", file)
	}
	for _, b := range token {
		if b <= ' ' || b > '~' {
			// The error does not show the token, nor the character.
			return nil, fmt.Errorf("--auth-token-file %s: the token holds a character other than visible ASCII, which cannot be sent in a header", file)
		}
	}
	return token, nil
}

// HTTPTLSConfig returns the HTTP listener's TLS configuration: the
// certificate and client CA loaded last, as gRPC's (see Credentials), or
// nil when TLS is off.
func (s *Security) HTTPTLSConfig() *tls.Config {
	if s == nil || s.tls.Load() == nil {
		return nil
	}
	return &tls.Config{
		MinVersion:         tls.VersionTLS12,
		GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) { return s.tls.Load(), nil },
	}
}
