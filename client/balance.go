package client

import (
	"errors"
	"fmt"
	"net"
	"slices"
	"time"

	"google.golang.org/grpc"
	_ "google.golang.org/grpc/health" // client-side health checking (healthCheckConfig)
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/resolver"
	"google.golang.org/grpc/resolver/manual"

	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// serviceName is the name of ClassifierService, under which the servers
// report their health.
var serviceName = topicdv1.ClassifierService_ServiceDesc.ServiceName

// serviceConfig is the default gRPC service config of every client (a
// resolver that supplies a service config of its own replaces it).
//
//   - round_robin: each call goes to the next ready server of those the
//     target resolves to, instead of all calls to the first (pick_first,
//     gRPC's default).
//   - healthCheckConfig: the client watches each server's health
//     (grpc.health.v1.Health/Watch) for ClassifierService, and sends calls
//     only to those that report SERVING: not to a replica still loading its
//     model, nor to one shutting down. A server without the health service
//     counts as healthy.
//   - retryPolicy: a call that fails with UNAVAILABLE (its server went
//     away, or refused the connection) is tried again on another server, up
//     to 4 attempts in all, after a randomised exponential backoff (at most
//     0.1 s, 0.2 s, 0.4 s), all within the call's deadline. Every method of
//     ClassifierService only reads the model, so trying one again is safe.
//     gRPC does not retry a call once the server has started answering it
//     (sent response headers), nor any other code.
var serviceConfig = `{
	"loadBalancingConfig": [{"round_robin": {}}],
	"healthCheckConfig": {"serviceName": "` + serviceName + `"},
	"methodConfig": [{
		"name": [{"service": "` + serviceName + `"}],
		"retryPolicy": {
			"maxAttempts": 4,
			"initialBackoff": "0.1s",
			"maxBackoff": "1s",
			"backoffMultiplier": 2,
			"retryableStatusCodes": ["UNAVAILABLE"]
		}
	}]
}`

// keepaliveParams has the client ping a server after 30 s without news from
// it, and give up on the connection if the answer takes over 10 s: a
// server that vanished without closing its connections (a lost node) is
// noticed and left. topicd servers accept a ping every 10 s at most.
var keepaliveParams = keepalive.ClientParameters{Time: 30 * time.Second, Timeout: 10 * time.Second}

// defaultDialOptions are the gRPC dial options of every client, before
// those of WithDialOptions.
func defaultDialOptions() []grpc.DialOption {
	return []grpc.DialOption{
		grpc.WithDefaultServiceConfig(serviceConfig),
		grpc.WithKeepaliveParams(keepaliveParams),
	}
}

// staticScheme is the resolver scheme of NewMulti's targets. Its resolver is
// given to each client alone (grpc.WithResolvers), never registered.
const staticScheme = "topicd-static"

// NewMulti returns a client that spreads calls over the servers at addrs,
// each a "host:port", as New does over the addresses a "dns:///" target
// resolves to: round robin over the servers that report SERVING, and calls
// that fail with Unavailable tried again on another (see the package
// documentation). The list is fixed; to follow a changing set of replicas,
// give New a "dns:///" target that names them all.
//
// With TLS, each server's certificate is verified against the host of its
// address, unless the tls.Config names a ServerName.
func NewMulti(addrs []string, opts ...Option) (*Client, error) {
	if len(addrs) == 0 {
		return nil, errors.New("client: no server address")
	}
	endpoints := make([]resolver.Endpoint, len(addrs))
	for i, addr := range addrs {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, fmt.Errorf("client: server address %q: want host:port: %w", addr, err)
		}
		endpoints[i] = resolver.Endpoint{Addresses: []resolver.Address{{Addr: addr, ServerName: host}}}
	}
	r := manual.NewBuilderWithScheme(staticScheme)
	r.InitialState(resolver.State{Endpoints: endpoints})
	opts = append(slices.Clip(opts), func(o *options) { o.dialOptions = append(o.dialOptions, grpc.WithResolvers(r)) })
	return New(staticScheme+":///topicd", opts...)
}
