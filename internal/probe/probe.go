// Package probe is the "server probe" command: a gRPC health check of
// topicd.v1.ClassifierService that exits 0 when it is SERVING. It is the
// exec probe of an image that has nothing else to run (distroless), for
// Docker's HEALTHCHECK and for Kubernetes when the server serves TLS, which
// Kubernetes' own gRPC probe cannot speak.
package probe

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	"github.com/seed134e4861/topicd/client"
	"github.com/seed134e4861/topicd/client/clientflags"
)

// Run runs "server probe" with args: it asks the server at --addr, with
// the gRPC health checking protocol, whether ClassifierService is SERVING,
// and returns nil if so, else an error that says why. It takes topicctl's
// TLS and token flags (package clientflags).
func Run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("server probe", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: server probe [flags]\n\nExits 0 when the server at --addr reports topicd.v1.ClassifierService SERVING to gRPC health checks, and 1 with the reason otherwise.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	addr := fs.String("addr", envOr(getenv("TOPICD_PROBE_ADDR"), "localhost:50051"), "the server's `host:port` [TOPICD_PROBE_ADDR]")
	timeout := fs.Duration("timeout", 5*time.Second, "give up after this long")
	var sec clientflags.Security
	sec.Add(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("probe: unexpected argument %q (see -h)", fs.Arg(0))
	}
	opts, err := sec.Options()
	if err != nil {
		return fmt.Errorf("probe: %w", err)
	}
	// One server, asked whatever it reports: no balancing over the healthy.
	opts = append(opts, client.WithTimeout(*timeout), client.WithDialOptions(grpc.WithDefaultServiceConfig("{}")))
	c, err := client.New(*addr, opts...)
	if err != nil {
		return fmt.Errorf("probe %s: %w", *addr, err)
	}
	defer c.Close()
	st, err := c.Health(ctx)
	if err != nil {
		s := status.Convert(err)
		return fmt.Errorf("probe %s: %s: %s", *addr, s.Code(), s.Message())
	}
	if st != healthpb.HealthCheckResponse_SERVING {
		return fmt.Errorf("probe %s: topicd.v1.ClassifierService is %s", *addr, st)
	}
	fmt.Fprintf(stdout, "%s: topicd.v1.ClassifierService is SERVING\n", *addr)
	return nil
}

func envOr(v, fallback string) string {
	if v != "" {
		return v
	}
	return fallback
}
