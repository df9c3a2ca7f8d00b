package client

import (
	"context"

	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// Health asks the server, with the gRPC health checking protocol, whether
// ClassifierService is serving: SERVING once its model is loaded,
// NOT_SERVING while it loads one or shuts down. Health needs no token.
//
// A client of several servers asks one of those that its balancing picks,
// and, as it sends calls only to servers that report SERVING, fails with
// Unavailable when none does; to ask one server whatever it reports, give
// New its address and WithDialOptions(grpc.WithDefaultServiceConfig("{}")).
func (c *Client) Health(ctx context.Context) (healthpb.HealthCheckResponse_ServingStatus, error) {
	ctx, cancel := c.withTimeout(ctx)
	defer cancel()
	resp, err := healthpb.NewHealthClient(c.conn).Check(ctx, &healthpb.HealthCheckRequest{Service: serviceName})
	if err != nil {
		return healthpb.HealthCheckResponse_UNKNOWN, err
	}
	return resp.GetStatus(), nil
}
