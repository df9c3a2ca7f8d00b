// Package clientflags defines the flags of a topicd client's transport
// security and bearer token, so that every command that connects to topicd
// (topicctl, server probe) takes the same ones.
package clientflags

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"

	"google.golang.org/grpc"

	"github.com/seed134e4861/topicd/client"
)

// Security holds the flags of TLS and the bearer token: define them on a
// flag set with Add, and after parsing turn them into client options with
// Options.
type Security struct {
	tls               bool
	caFile            string
	certFile, keyFile string
	tokenFile         string
	serverName        string
}

// Add defines --tls, --tls-ca, --tls-cert, --tls-key, --tls-server-name and --token-file on
// fs; --token-file defaults to TOPICD_AUTH_TOKEN_FILE from getenv.
func (s *Security) Add(fs *flag.FlagSet, getenv func(string) string) {
	fs.BoolVar(&s.tls, "tls", false, "connect over TLS, verifying the server's certificate against the system's roots, or --tls-ca; implied by the other --tls flags")
	fs.StringVar(&s.caFile, "tls-ca", "", "connect over TLS, verifying the server's certificate against the CA certificates in PEM `file`")
	fs.StringVar(&s.certFile, "tls-cert", "", "present the client certificate in PEM `file` to a server that requires one (mutual TLS); needs --tls-key")
	fs.StringVar(&s.keyFile, "tls-key", "", "the private key of --tls-cert, in PEM `file`")
	fs.StringVar(&s.serverName, "tls-server-name", "", "verify that the server's certificate names `host`, instead of the host of the address, such as when probing localhost")
	fs.StringVar(&s.tokenFile, "token-file", getenv("TOPICD_AUTH_TOKEN_FILE"), "send the bearer token in `file` (less surrounding white space) with each call; needs TLS [TOPICD_AUTH_TOKEN_FILE]")
}

// Options returns the client options the flags ask for: plaintext unless
// a --tls flag is given. A token is sent only over TLS.
func (s *Security) Options() ([]client.Option, error) {
	if (s.certFile == "") != (s.keyFile == "") {
		return nil, errors.New("--tls-cert and --tls-key go together: give both or neither")
	}
	useTLS := s.tls || s.caFile != "" || s.certFile != "" || s.serverName != ""
	var opts []client.Option
	if !useTLS {
		opts = append(opts, client.WithInsecure())
	} else {
		opts = append(opts, client.WithTLS(s.caFile))
		if s.certFile != "" {
			opts = append(opts, client.WithClientCertificate(s.certFile, s.keyFile))
		}
		if s.serverName != "" {
			// gRPC verifies the certificate against the authority.
			opts = append(opts, client.WithDialOptions(grpc.WithAuthority(s.serverName)))
		}
	}
	if s.tokenFile != "" {
		if !useTLS {
			return nil, errors.New("--token-file needs TLS (--tls or --tls-ca): the token would cross the network in plaintext")
		}
		data, err := os.ReadFile(s.tokenFile)
		if err != nil {
			return nil, fmt.Errorf("--token-file: %w", err)
		}
		token := bytes.TrimSpace(data)
		if len(token) == 0 {
			return nil, fmt.Errorf("--token-file %s: the file is empty", s.tokenFile)
		}
		opts = append(opts, client.WithBearerToken(string(token)))
	}
	return opts, nil
}
