package serving

import (
	"time"

	"google.golang.org/grpc/keepalive"
)

// Connections are the settings of the server's client connections: how many
// calls each may carry at once, and how long each may live. The zero value
// sets no limit.
type Connections struct {
	// MaxConcurrentStreams bounds the calls in flight on one connection;
	// further calls wait for a free stream on the client side. 0: no limit.
	MaxConcurrentStreams uint32
	// MaxAge is how long a connection may live before the server asks the
	// client to go elsewhere (an HTTP/2 GOAWAY; grpc adds ±10% of jitter).
	// The client reconnects, through its resolver and balancer, so that
	// long-lived clients spread over new replicas too. 0: forever.
	MaxAge time.Duration
	// MaxAgeGrace is how long calls in flight on a connection past MaxAge
	// may take to finish before it is closed. 0: as long as they take.
	MaxAgeGrace time.Duration
	// MaxConnections, IdleTimeout and HandshakeTimeout bound how many
	// connections are open, and how long one may stay without calls, or
	// without finishing its handshake (see connections.go). 0: no limit.
	MaxConnections   int
	IdleTimeout      time.Duration
	HandshakeTimeout time.Duration
}

const (
	// keepaliveMinTime is the shortest interval between client keepalive
	// pings the server tolerates; a client pinging more often is sent a
	// GOAWAY ("too_many_pings") and disconnected. The client package pings
	// every 30 s.
	keepaliveMinTime = 10 * time.Second
	// keepaliveTime is how long a connection may stay silent before the
	// server pings the client, and keepaliveTimeout how long it then waits
	// for the answer before closing the connection: connections to clients
	// that vanished without closing them (a lost node, a dropped NAT entry)
	// are released.
	keepaliveTime    = time.Minute
	keepaliveTimeout = 20 * time.Second
)

// keepaliveEnforcement is how often clients may ping: at most once per
// keepaliveMinTime, on idle connections too.
var keepaliveEnforcement = keepalive.EnforcementPolicy{
	MinTime:             keepaliveMinTime,
	PermitWithoutStream: true,
}

// keepaliveParams returns the server's connection ageing and keepalive
// pings.
func (c Connections) keepaliveParams() keepalive.ServerParameters {
	return keepalive.ServerParameters{
		MaxConnectionAge:      c.MaxAge, // 0 is grpc's default: forever
		MaxConnectionAgeGrace: c.MaxAgeGrace,
		MaxConnectionIdle:     c.IdleTimeout, // 0 is grpc's default: forever
		Time:                  keepaliveTime,
		Timeout:               keepaliveTimeout,
	}
}
