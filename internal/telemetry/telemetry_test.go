package telemetry

import (
	"context"
	"testing"
)

func TestTracing(t *testing.T) {
	for _, tt := range []struct {
		env     map[string]string
		tracing bool
		err     bool
	}{
		{nil, false, false},
		{map[string]string{"OTEL_TRACES_EXPORTER": "none"}, false, false},
		{map[string]string{"OTEL_TRACES_EXPORTER": "console"}, true, false},
		{map[string]string{"OTEL_TRACES_EXPORTER": "console", "OTEL_SDK_DISABLED": "true"}, false, false},
		{map[string]string{"OTEL_TRACES_EXPORTER": "zipkin"}, false, true},
	} {
		tp, shutdown, err := Tracing(context.Background(), func(k string) string { return tt.env[k] })
		if (err != nil) != tt.err || (tp != nil) != tt.tracing {
			t.Errorf("Tracing with %v = %v, %v; want tracing %v, error %v", tt.env, tp, err, tt.tracing, tt.err)
		}
		if err == nil {
			if err := shutdown(context.Background()); err != nil {
				t.Errorf("Tracing with %v: shutdown: %v", tt.env, err)
			}
		}
	}
}
