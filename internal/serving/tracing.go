package serving

import (
	"context"
	"log/slog"
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
)

// Tracing, when Config.TracerProvider is set: every gRPC call gets a
// server span (otelgrpc's stats handler, named after its method, such as
// topicd.v1.ClassifierService/Classify), child of the caller's span when
// the call carries W3C trace context (traceparent); an HTTP call gets an
// HTTP span (otelhttp), the gateway's client span under it, and the
// server span under that. Without a provider there is no stats handler nor
// HTTP wrapper: nothing is done per call. otelgrpc's and otelhttp's
// metrics are off: Prometheus has the server's (see package metrics).

// propagator reads and writes W3C trace context and baggage.
var propagator = propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})

// tracingServerOptions returns the stats handler that traces calls, or
// nothing without a tracer provider.
func (c Config) tracingServerOptions() []grpc.ServerOption {
	if c.TracerProvider == nil {
		return nil
	}
	return []grpc.ServerOption{grpc.StatsHandler(otelgrpc.NewServerHandler(
		otelgrpc.WithTracerProvider(c.TracerProvider),
		otelgrpc.WithPropagators(propagator),
		otelgrpc.WithMeterProvider(noop.NewMeterProvider()),
	))}
}

// gatewayDialOptions returns the dial options that trace the HTTP
// gateway's calls to the server, passing the trace on.
func (c Config) gatewayDialOptions() []grpc.DialOption {
	if c.TracerProvider == nil {
		return nil
	}
	return []grpc.DialOption{grpc.WithStatsHandler(otelgrpc.NewClientHandler(
		otelgrpc.WithTracerProvider(c.TracerProvider),
		otelgrpc.WithPropagators(propagator),
		otelgrpc.WithMeterProvider(noop.NewMeterProvider()),
	))}
}

// httpHandler wraps h in an HTTP server span per request, named by its
// method and path, or returns h without a tracer provider.
func (c Config) httpHandler(h http.Handler) http.Handler {
	if c.TracerProvider == nil {
		return h
	}
	return otelhttp.NewHandler(h, "topicd.http",
		otelhttp.WithTracerProvider(c.TracerProvider),
		otelhttp.WithPropagators(propagator),
		otelhttp.WithMeterProvider(noop.NewMeterProvider()),
		otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string {
			return r.Method + " " + r.URL.Path
		}),
	)
}

// traceAttrs returns the call log's trace_id and span_id when ctx carries
// a valid span, else nothing.
func traceAttrs(ctx context.Context) []slog.Attr {
	sc := trace.SpanContextFromContext(ctx)
	if !sc.IsValid() {
		return nil
	}
	return []slog.Attr{slog.String("trace_id", sc.TraceID().String()), slog.String("span_id", sc.SpanID().String())}
}
