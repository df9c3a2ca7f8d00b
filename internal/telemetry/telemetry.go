// Package telemetry sets up OpenTelemetry tracing from the standard OTEL_*
// environment variables: OTEL_TRACES_EXPORTER picks the exporter (otlp,
// console or none; unlike OpenTelemetry's default of otlp, topicd's is
// none), and autoexport builds it, reading the OTEL_EXPORTER_OTLP_*
// variables for otlp. OTEL_SDK_DISABLED=true turns tracing off;
// OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES name the service (topicd
// by default); OTEL_TRACES_SAMPLER and its argument choose which traces are
// kept, as the SDK reads them (parentbased_always_on by default).
package telemetry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"go.opentelemetry.io/contrib/exporters/autoexport"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// ServiceName is the service.name of topicd's spans, unless
// OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES says otherwise.
const ServiceName = "topicd"

// Tracing returns the tracer provider that OTEL_* variables in getenv ask
// for, and the function that flushes and stops it (call it once the server
// has stopped, so that the last spans are exported). Without an exporter
// (OTEL_TRACES_EXPORTER unset or none) the provider is nil: the server then
// traces nothing and pays nothing for it.
//
// autoexport and the SDK read the other variables from the process's
// environment (os.Getenv), not from getenv.
func Tracing(ctx context.Context, getenv func(string) string) (trace.TracerProvider, func(context.Context) error, error) {
	noop := func(context.Context) error { return nil }
	if strings.EqualFold(strings.TrimSpace(getenv("OTEL_SDK_DISABLED")), "true") {
		return nil, noop, nil
	}
	switch name := strings.TrimSpace(getenv("OTEL_TRACES_EXPORTER")); name {
	case "", "none":
		return nil, noop, nil
	case "otlp", "console":
	default:
		return nil, nil, fmt.Errorf("OTEL_TRACES_EXPORTER=%q: want otlp, console or none", name)
	}
	exp, err := autoexport.NewSpanExporter(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("OTEL_TRACES_EXPORTER: %w", err)
	}
	res, err := resource.New(ctx,
		resource.WithAttributes(attribute.String("service.name", ServiceName)),
		resource.WithFromEnv(), // OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES: after, so they win
		resource.WithTelemetrySDK(),
	)
	if err != nil && !errors.Is(err, resource.ErrPartialResource) {
		exp.Shutdown(ctx)
		return nil, nil, fmt.Errorf("OTEL_RESOURCE_ATTRIBUTES: %w", err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
	return tp, tp.Shutdown, nil
}

// Start is Tracing for a server: stop flushes the last spans, within 5 s,
// and reports a failure to stderr; call it once the server has stopped.
func Start(ctx context.Context, getenv func(string) string, stderr io.Writer) (tp trace.TracerProvider, stop func(), err error) {
	tp, shutdown, err := Tracing(ctx, getenv)
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
