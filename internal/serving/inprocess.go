package serving

import (
	"context"
	"net"
	"strings"

	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/test/bufconn"
)

// The HTTP gateway reaches the gRPC server through an in-process
// connection (bufconn), served by the same grpc.Server as the network
// listener, so that its calls meet the same interceptors. Such a connection
// skips the TLS handshake: the HTTP listener has done it already, with the
// same certificate and client CA.

// inProcessListener is a bufconn listener whose connections say they are in
// process (inProcessConn).
type inProcessListener struct{ *bufconn.Listener }

func newInProcessListener() inProcessListener {
	return inProcessListener{bufconn.Listen(1 << 20)}
}

func (l inProcessListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return inProcessConn{c}, nil
}

func (l inProcessListener) dial(ctx context.Context, _ string) (net.Conn, error) {
	return l.DialContext(ctx)
}

// inProcessConn is the server's end of an in-process connection.
type inProcessConn struct{ net.Conn }

func (inProcessConn) RemoteAddr() net.Addr { return inProcessAddr{} }

// inProcessAddr is the peer address of the gateway's calls.
type inProcessAddr struct{}

func (inProcessAddr) Network() string { return "inprocess" }
func (inProcessAddr) String() string  { return "inprocess" }

// inProcessCredentials returns tc, except that in-process connections skip
// the handshake; nil (plaintext) stays nil.
func inProcessCredentials(tc credentials.TransportCredentials) credentials.TransportCredentials {
	if tc == nil {
		return nil
	}
	return inProcessCreds{tc}
}

type inProcessCreds struct {
	credentials.TransportCredentials
}

func (c inProcessCreds) ServerHandshake(raw net.Conn) (net.Conn, credentials.AuthInfo, error) {
	if _, ok := raw.(inProcessConn); ok {
		return raw, inProcessAuthInfo{credentials.CommonAuthInfo{SecurityLevel: credentials.PrivacyAndIntegrity}}, nil
	}
	return c.TransportCredentials.ServerHandshake(raw)
}

func (c inProcessCreds) Clone() credentials.TransportCredentials {
	return inProcessCreds{c.TransportCredentials.Clone()}
}

type inProcessAuthInfo struct{ credentials.CommonAuthInfo }

func (inProcessAuthInfo) AuthType() string { return "inprocess" }

// callOrigin returns the protocol of a call, grpc or http, and the address
// of its caller: the peer's, or for a call through the HTTP gateway the
// address of the HTTP client, the last of the x-forwarded-for list that the
// gateway sets (earlier ones are the client's word, not checked).
func callOrigin(ctx context.Context) (protocol, addr string) {
	p, ok := peer.FromContext(ctx)
	if !ok || p.Addr == nil {
		return "grpc", ""
	}
	if _, in := p.Addr.(inProcessAddr); !in {
		return "grpc", p.Addr.String()
	}
	fwd := metadata.ValueFromIncomingContext(ctx, "x-forwarded-for")
	if len(fwd) == 0 {
		return "http", ""
	}
	last := fwd[len(fwd)-1]
	if i := strings.LastIndexByte(last, ','); i >= 0 {
		last = last[i+1:]
	}
	return "http", strings.TrimSpace(last)
}
