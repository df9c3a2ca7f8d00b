package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/seed134e4861/topicd/internal/serving"
	"github.com/seed134e4861/topicd/internal/telemetry"
)

// addHTTP has srv also serve the HTTP/JSON API on addr (--http-addr); an
// empty addr serves none.
func addHTTP(srv *serving.Server, addr string) error {
	if addr == "" {
		return nil
	}
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("--http-addr: %w", err)
	}
	if err := srv.AddHTTP(lis); err != nil {
		lis.Close()
		return err
	}
	return nil
}

// startTracing returns the tracer provider the OTEL_* variables ask for
// (nil: none; see package telemetry), and the function that flushes the
// last spans, within 5 s, once the server has stopped.
func startTracing(ctx context.Context, getenv func(string) string, stderr io.Writer) (trace.TracerProvider, func(), error) {
	tp, shutdown, err := telemetry.Tracing(ctx, getenv)
	if err != nil {
		return nil, nil, err
	}
	return tp, func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := shutdown(ctx); err != nil {
			fmt.Fprintln(stderr, "topicd: flushing traces:", err)
		}
	}, nil
}
