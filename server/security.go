package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"sync/atomic"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/auth"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/selector"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	reflectionv1 "google.golang.org/grpc/reflection/grpc_reflection_v1"
	reflectionv1alpha "google.golang.org/grpc/reflection/grpc_reflection_v1alpha"
	"google.golang.org/grpc/status"
)

// securityConfig names the files of the server's transport security and
// authentication; empty names turn each off.
type securityConfig struct {
	tlsCert, tlsKey string // the server's certificate chain and private key (PEM)
	tlsClientCA     string // CA certificates that client certificates must chain to (PEM): mutual TLS
	authTokenFile   string // the bearer token ClassifierService calls must carry
}

// addFlags defines the security flags on fs, each defaulting to its
// environment variable.
func (c *securityConfig) addFlags(fs *flag.FlagSet, getenv func(string) string) {
	fs.StringVar(&c.tlsCert, "tls-cert", getenv("TOPICD_TLS_CERT"), "serve TLS with the certificate chain in PEM `file`; needs --tls-key [TOPICD_TLS_CERT]")
	fs.StringVar(&c.tlsKey, "tls-key", getenv("TOPICD_TLS_KEY"), "the private key of --tls-cert, in PEM `file` [TOPICD_TLS_KEY]")
	fs.StringVar(&c.tlsClientCA, "tls-client-ca", getenv("TOPICD_TLS_CLIENT_CA"), "mutual TLS: require client certificates signed by a CA in PEM `file`; needs --tls-cert and --tls-key [TOPICD_TLS_CLIENT_CA]")
	fs.StringVar(&c.authTokenFile, "auth-token-file", getenv("TOPICD_AUTH_TOKEN_FILE"), "require ClassifierService calls to carry \"authorization: Bearer TOKEN\", TOKEN being the content of `file` less surrounding white space; health and reflection stay open [TOPICD_AUTH_TOKEN_FILE]")
}

// check reports flags that cannot go together; it reads no file.
func (c securityConfig) check() error {
	if (c.tlsCert == "") != (c.tlsKey == "") {
		return errors.New("--tls-cert and --tls-key go together: give both or neither")
	}
	if c.tlsClientCA != "" && c.tlsCert == "" {
		return errors.New("--tls-client-ca needs --tls-cert and --tls-key: mutual TLS is TLS with client certificates")
	}
	return nil
}

// security is the server's transport security and authentication, loaded
// from the files securityConfig names. reload reads them again (SIGHUP), so
// certificates and tokens rotate without a restart: connections opened and
// calls received afterwards use the new files, open connections keep theirs.
type security struct {
	cfg   securityConfig
	tls   atomic.Pointer[tls.Config] // nil: plaintext
	token atomic.Pointer[[]byte]     // nil: no authentication
}

// loadSecurity reads the files cfg names. Errors name the flag and the file.
func loadSecurity(cfg securityConfig) (*security, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	s := &security{cfg: cfg}
	if err := s.reload(); err != nil {
		return nil, err
	}
	return s, nil
}

// reload reads the files again and, if they all load, puts them in use
// together; otherwise it changes nothing and returns the error.
func (s *security) reload() error {
	var tc *tls.Config
	if s.cfg.tlsCert != "" {
		var err error
		if tc, err = loadTLSConfig(s.cfg); err != nil {
			return err
		}
	}
	var token *[]byte
	if s.cfg.authTokenFile != "" {
		t, err := readToken(s.cfg.authTokenFile)
		if err != nil {
			return err
		}
		token = &t
	}
	s.tls.Store(tc)
	s.token.Store(token)
	return nil
}

// reloadAndLog reloads and logs the outcome; a failure leaves the files
// loaded before in use.
func (s *security) reloadAndLog(logger *slog.Logger) {
	if s.cfg == (securityConfig{}) {
		return
	}
	if err := s.reload(); err != nil {
		logger.Error("security reload refused; the certificates and token loaded before stay in use", "error", err)
		return
	}
	logger.Info("security reloaded", s.attrs()...)
}

// logStart logs, once at start, what the server requires of its clients;
// never the token.
func (s *security) logStart(logger *slog.Logger) {
	logger.Info("security", s.attrs()...)
	if s.cfg.authTokenFile != "" && s.cfg.tlsCert == "" {
		logger.Warn("bearer tokens cross the network in plaintext: serve TLS (--tls-cert, --tls-key) or terminate TLS in front of the server")
	}
}

func (s *security) attrs() []any {
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

// credentials returns the server's transport credentials: TLS 1.2 or later
// with the certificate loaded last, and client certificates required and
// verified when --tls-client-ca is set. It returns nil, plaintext, when TLS
// is off.
func (s *security) credentials() credentials.TransportCredentials {
	if s.tls.Load() == nil {
		return nil
	}
	return credentials.NewTLS(&tls.Config{
		MinVersion: tls.VersionTLS12,
		// Each handshake uses the files loaded last (see reload).
		GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) { return s.tls.Load(), nil },
	})
}

// authFunc returns the bearer-token check of the calls requireAuth selects,
// or nil when there is no token.
func (s *security) authFunc() auth.AuthFunc {
	if s.token.Load() == nil {
		return nil
	}
	return bearerAuth(func() []byte { return *s.token.Load() })
}

// loadTLSConfig reads the certificate, key and client CA files of cfg.
func loadTLSConfig(cfg securityConfig) (*tls.Config, error) {
	certPEM, err := os.ReadFile(cfg.tlsCert)
	if err != nil {
		return nil, fmt.Errorf("--tls-cert: %w", err)
	}
	keyPEM, err := os.ReadFile(cfg.tlsKey)
	if err != nil {
		return nil, fmt.Errorf("--tls-key: %w", err)
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, fmt.Errorf("--tls-cert %s and --tls-key %s: %w", cfg.tlsCert, cfg.tlsKey, err)
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}}
	if cfg.tlsClientCA != "" {
		caPEM, err := os.ReadFile(cfg.tlsClientCA)
		if err != nil {
			return nil, fmt.Errorf("--tls-client-ca: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(caPEM) {
			return nil, fmt.Errorf("--tls-client-ca %s: no PEM certificate found", cfg.tlsClientCA)
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

// bearerAuth checks that a call carries the metadata "authorization: Bearer
// TOKEN" with the token that token returns. The tokens are compared by their
// SHA-256 digests in constant time, so that neither the time taken nor an
// early exit on a length mismatch tells anything of the token. Failures are
// Unauthenticated, and their messages never show what was sent.
func bearerAuth(token func() []byte) auth.AuthFunc {
	return func(ctx context.Context) (context.Context, error) {
		got, err := auth.AuthFromMD(ctx, "bearer")
		if err != nil {
			return nil, status.Error(codes.Unauthenticated, `missing bearer token: send the metadata "authorization: Bearer TOKEN"`)
		}
		want, sent := sha256.Sum256(token()), sha256.Sum256([]byte(got))
		if subtle.ConstantTimeCompare(want[:], sent[:]) != 1 {
			return nil, status.Error(codes.Unauthenticated, "invalid bearer token")
		}
		return ctx, nil
	}
}

// openServices are the services that need no token: load balancers and
// orchestrators probe health, and tools discover the API by reflection.
var openServices = map[string]bool{
	healthpb.Health_ServiceDesc.ServiceName:                    true,
	reflectionv1.ServerReflection_ServiceDesc.ServiceName:      true,
	reflectionv1alpha.ServerReflection_ServiceDesc.ServiceName: true,
}

// requireAuth selects the calls that need a token: every service's but the
// open ones, so that a service added later is closed until opened here.
var requireAuth = selector.MatchFunc(func(_ context.Context, c interceptors.CallMeta) bool {
	return !openServices[c.Service]
})

// authUnaryInterceptor checks the calls requireAuth selects with f; with a
// nil f, it lets every call through.
func authUnaryInterceptor(f auth.AuthFunc) grpc.UnaryServerInterceptor {
	if f == nil {
		return func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
			return handler(ctx, req)
		}
	}
	return selector.UnaryServerInterceptor(auth.UnaryServerInterceptor(f), requireAuth)
}

// authStreamInterceptor is authUnaryInterceptor for streaming calls:
// ClassifierService has none today, but one added later is closed too.
func authStreamInterceptor(f auth.AuthFunc) grpc.StreamServerInterceptor {
	if f == nil {
		return func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
			return handler(srv, ss)
		}
	}
	return selector.StreamServerInterceptor(auth.StreamServerInterceptor(f), requireAuth)
}
