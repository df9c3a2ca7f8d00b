package serving

import (
	"net"

	"golang.org/x/net/netutil"
	"google.golang.org/grpc"
)

// maxHeaderListSize bounds the headers of a call, metadata included: a
// bearer token and a few names, far from grpc-go's default of 16 MiB.
const maxHeaderListSize = 16 << 10

// serverOptions returns the options that bound a connection's handshake
// and the size of a call's headers.
func (c Connections) serverOptions() []grpc.ServerOption {
	opts := []grpc.ServerOption{grpc.MaxHeaderListSize(maxHeaderListSize)}
	if c.HandshakeTimeout > 0 {
		// A connection that has not finished its TLS and HTTP/2 handshake by
		// then is closed: silent TCP connections do not hold descriptors.
		opts = append(opts, grpc.ConnectionTimeout(c.HandshakeTimeout))
	}
	return opts
}

// limit returns lis accepting at most MaxConnections connections at once:
// past that, new connections wait in the kernel's backlog until one
// closes, so that the process never runs out of file descriptors.
func (c Connections) limit(lis net.Listener) net.Listener {
	if c.MaxConnections <= 0 {
		return lis
	}
	return netutil.LimitListener(lis, c.MaxConnections)
}
