package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/seed134e4861/topicd/client"
)

// securityFlags are the flags of TLS and the bearer token.
type securityFlags struct {
	tls               bool
	caFile            string
	certFile, keyFile string
	tokenFile         string
}

func (s *securityFlags) add(fs *flag.FlagSet, getenv func(string) string) {
	fs.BoolVar(&s.tls, "tls", false, "connect over TLS, verifying the server's certificate against the system's roots, or --tls-ca; implied by the other --tls flags")
	fs.StringVar(&s.caFile, "tls-ca", "", "connect over TLS, verifying the server's certificate against the CA certificates in PEM `file`")
	fs.StringVar(&s.certFile, "tls-cert", "", "present the client certificate in PEM `file` to a server that requires one (mutual TLS); needs --tls-key")
	fs.StringVar(&s.keyFile, "tls-key", "", "the private key of --tls-cert, in PEM `file`")
	fs.StringVar(&s.tokenFile, "token-file", getenv("TOPICD_AUTH_TOKEN_FILE"), "send the bearer token in `file` (less surrounding white space) with each call; needs TLS [TOPICD_AUTH_TOKEN_FILE]")
}

// options returns the client options the flags ask for: plaintext unless
// a --tls flag is given. A token is sent only over TLS.
func (s *securityFlags) options() ([]client.Option, error) {
	if (s.certFile == "") != (s.keyFile == "") {
		return nil, errors.New("--tls-cert and --tls-key go together: give both or neither")
	}
	useTLS := s.tls || s.caFile != "" || s.certFile != ""
	var opts []client.Option
	if !useTLS {
		opts = append(opts, client.WithInsecure())
	} else {
		opts = append(opts, client.WithTLS(s.caFile))
		if s.certFile != "" {
			opts = append(opts, client.WithClientCertificate(s.certFile, s.keyFile))
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
