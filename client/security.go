package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
)

// tlsFiles are the settings of WithTLS and WithClientCertificate.
type tlsFiles struct {
	on                bool   // WithTLS was given
	caFile            string // "": the system's roots
	certFile, keyFile string // "": no client certificate
}

// WithTLS connects over TLS, 1.2 or later, and verifies the server's
// certificate against the CA certificates in the PEM file caFile, or
// against the system's roots if caFile is empty. New reads the file. For
// other settings, pass WithTransportCredentials(credentials.NewTLS(cfg))
// instead.
func WithTLS(caFile string) Option {
	return func(o *options) { o.tls.on, o.tls.caFile = true, caFile }
}

// WithClientCertificate presents the certificate chain and private key in
// the PEM files certFile and keyFile to servers that require client
// certificates (mutual TLS). It goes with WithTLS. New reads the files.
func WithClientCertificate(certFile, keyFile string) Option {
	return func(o *options) { o.tls.certFile, o.tls.keyFile = certFile, keyFile }
}

// WithBearerToken sends token with every call, as the metadata
// "authorization: Bearer TOKEN" that servers started with --auth-token-file
// require. Like gRPC's own token credentials, it needs transport security:
// with WithInsecure, New fails rather than send the token in plaintext (see
// WithBearerTokenInsecure).
func WithBearerToken(token string) Option {
	return func(o *options) { o.token = &bearerToken{token: token, secure: true} }
}

// WithBearerTokenInsecure is WithBearerToken without the need for transport
// security: with WithInsecure, the token crosses the network in plaintext,
// where anyone on the path can read it and use it. It is meant for a server
// on this machine, or behind a proxy or sidecar on this machine that
// adds TLS, and for tests.
func WithBearerTokenInsecure(token string) Option {
	return func(o *options) { o.token = &bearerToken{token: token} }
}

// secure checks the security options and turns them into o.creds and dial
// options; errors name the option at fault.
func (o *options) secure() error {
	if o.tls.on {
		if o.creds != nil {
			return errors.New("client: WithTLS excludes WithInsecure and WithTransportCredentials")
		}
		cfg, err := o.tls.config()
		if err != nil {
			return err
		}
		o.creds = credentials.NewTLS(cfg)
	} else if o.tls.certFile != "" || o.tls.keyFile != "" {
		return errors.New("client: WithClientCertificate needs WithTLS")
	}
	if o.creds == nil {
		return errors.New("client: no transport credentials: pass WithTLS(caFile), WithInsecure() or WithTransportCredentials(...)")
	}
	if o.token != nil {
		if o.token.token == "" {
			return errors.New("client: the bearer token is empty")
		}
		if o.token.secure && o.creds.Info().SecurityProtocol == "insecure" {
			return errors.New("client: WithBearerToken needs transport security (WithTLS), or WithBearerTokenInsecure to send the token in plaintext")
		}
		o.dialOptions = append(o.dialOptions, grpc.WithPerRPCCredentials(o.token))
	}
	return nil
}

// config reads the files into a client TLS configuration.
func (f tlsFiles) config() (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if f.caFile != "" {
		pem, err := os.ReadFile(f.caFile)
		if err != nil {
			return nil, fmt.Errorf("client: WithTLS: %w", err)
		}
		cfg.RootCAs = x509.NewCertPool()
		if !cfg.RootCAs.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("client: WithTLS: no PEM certificate in %s", f.caFile)
		}
	}
	if f.certFile != "" || f.keyFile != "" {
		cert, err := tls.LoadX509KeyPair(f.certFile, f.keyFile)
		if err != nil {
			return nil, fmt.Errorf("client: WithClientCertificate(%q, %q): %w", f.certFile, f.keyFile, err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	return cfg, nil
}

// bearerToken is the per-call credentials of WithBearerToken and
// WithBearerTokenInsecure.
type bearerToken struct {
	token  string
	secure bool // sent only over connections with transport security
}

var _ credentials.PerRPCCredentials = (*bearerToken)(nil)

// GetRequestMetadata implements credentials.PerRPCCredentials.
func (b *bearerToken) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + b.token}, nil
}

// RequireTransportSecurity implements credentials.PerRPCCredentials: gRPC
// refuses to send the token over a connection without transport security.
func (b *bearerToken) RequireTransportSecurity() bool { return b.secure }
