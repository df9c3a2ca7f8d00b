package serving

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/seed134e4861/topicd/internal/gateway"
)

// httpServing is the HTTP/JSON side of a server (see AddHTTP).
type httpServing struct {
	lis    net.Listener // the network listener, TLS if the server's is
	inproc inProcessListener
	conn   *grpc.ClientConn // the gateway's, to the in-process listener
	srv    *http.Server
	errc   chan error // http.Server.Serve's result
}

// AddHTTP makes Serve also serve ClassifierService's HTTP/JSON API (see
// package gateway) on lis, and close it at shutdown. Call it once, before
// Serve. Each HTTP call is a gRPC call to this server over an in-process
// connection, so it is logged, authenticated (Authorization: Bearer),
// counted and limited as the same gRPC call would be; with TLS, lis serves
// the same certificate, and requires the same client certificates. Request
// bodies over the server's message limit are refused.
func (s *Server) AddHTTP(lis net.Listener) error {
	inproc := newInProcessListener()
	dial := append([]grpc.DialOption{
		grpc.WithContextDialer(inproc.dial),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		// Responses are bounded by the server's own send limit.
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(math.MaxInt32)),
	}, s.cfg.gatewayDialOptions()...)
	conn, err := grpc.NewClient("passthrough:///inprocess", dial...)
	if err != nil {
		return fmt.Errorf("HTTP gateway: %w", err)
	}
	h, err := gateway.New(context.Background(), conn, gateway.Config{MaxBodyBytes: int64(maxRecvMsgSize(s.cfg.Limits))})
	if err != nil {
		conn.Close()
		return err
	}
	if tc := s.cfg.Security.HTTPTLSConfig(); tc != nil {
		lis = tls.NewListener(lis, tc)
	}
	s.http = &httpServing{
		lis:    lis,
		inproc: inproc,
		conn:   conn,
		srv: &http.Server{
			Handler:           s.cfg.httpHandler(h),
			ReadHeaderTimeout: 10 * time.Second,
			IdleTimeout:       2 * time.Minute,
			MaxHeaderBytes:    64 << 10,
			ErrorLog:          slog.NewLogLogger(s.logger.Handler(), slog.LevelWarn), // TLS handshake failures, say
		},
		errc: make(chan error, 1),
	}
	return nil
}

// startHTTP serves the in-process listener and the HTTP listener, if any.
func (s *Server) startHTTP() {
	if s.http == nil {
		return
	}
	go s.grpc.Serve(s.http.inproc) // returns when the server stops
	go func() { s.http.errc <- s.http.srv.Serve(s.http.lis) }()
	s.logger.Info("serving HTTP", "addr", s.http.lis.Addr().String())
}

// httpFailed returns the channel of an HTTP serving error; nil, which
// never receives, without HTTP.
func (s *Server) httpFailed() <-chan error {
	if s.http == nil {
		return nil
	}
	return s.http.errc
}

// stopHTTP stops the HTTP server gracefully within timeout, calls in
// flight finishing on the gRPC server which is still up, then closes the
// gateway's connection.
func (s *Server) stopHTTP(timeout time.Duration) {
	if s.http == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := s.http.srv.Shutdown(ctx); err != nil {
		s.logger.Warn("graceful HTTP stop timed out; closing remaining HTTP connections")
		s.http.srv.Close()
	}
	if err := <-s.http.errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		s.logger.Error("serving HTTP", "error", err)
	}
	s.http.conn.Close()
}
