package serving_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/seed134e4861/topicd/internal/servingtest"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// TestTracing checks the spans of a gRPC call and of an HTTP call, in an
// in-memory exporter, and that the call log names their trace.
func TestTracing(t *testing.T) {
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	t.Cleanup(func() { tp.Shutdown(servingtest.Context(t)) })
	logs := servingtest.NewLogBuffer()
	s := servingtest.New(t, servingtest.WithHTTP(), servingtest.WithTracerProvider(tp), servingtest.WithLogs(logs))

	if _, err := s.Client(t).Classify(servingtest.Context(t), &topicdv1.ClassifyRequest{Text: "Anonymous"}); err != nil {
		t.Fatal(err)
	}
	spans := endedSpans(t, exp, 1)
	i := slices.IndexFunc(spans, func(s tracetest.SpanStub) bool { return s.Name == "topicd.v1.ClassifierService/Classify" })
	if i < 0 || spans[i].SpanKind != trace.SpanKindServer {
		t.Fatalf("spans after a gRPC Classify = %v, want a server span topicd.v1.ClassifierService/Classify", names(spans))
	}
	grpcSpan := spans[i].SpanContext

	exp.Reset()
	if code, body := httpCall(t, http.DefaultClient, "POST", s.HTTPURL+"/v1/classify", `{"text":"Anonymous"}`); code != 200 {
		t.Fatalf("POST /v1/classify = %d %s", code, body)
	}
	// The exporter gets a span as it ends: the server's, the gateway
	// client's, then the HTTP request's, all in one trace.
	spans = endedSpans(t, exp, 3)
	// The three spans: the server's, the gateway client's and the HTTP
	// request's, in the order they ended (the server's may end after the
	// client's: see endedSpans), so found by name and kind.
	want := []string{"POST /v1/classify", "topicd.v1.ClassifierService/Classify", "topicd.v1.ClassifierService/Classify"}
	if got := slices.Sorted(slices.Values(names(spans))); !slices.Equal(got, want) {
		t.Fatalf("spans after an HTTP Classify = %v, want %v", names(spans), want)
	}
	find := func(name string, kind trace.SpanKind) tracetest.SpanStub {
		t.Helper()
		i := slices.IndexFunc(spans, func(s tracetest.SpanStub) bool { return s.Name == name && s.SpanKind == kind })
		if i < 0 {
			t.Fatalf("no %v span %s among %v", kind, name, names(spans))
		}
		return spans[i]
	}
	server := find("topicd.v1.ClassifierService/Classify", trace.SpanKindServer)
	client := find("topicd.v1.ClassifierService/Classify", trace.SpanKindClient)
	httpSpan := find("POST /v1/classify", trace.SpanKindServer)
	httpTrace := httpSpan.SpanContext.TraceID()
	for _, sp := range spans {
		if sp.SpanContext.TraceID() != httpTrace {
			t.Errorf("span %s in trace %s, want all in the HTTP request's trace %s", sp.Name, sp.SpanContext.TraceID(), httpTrace)
		}
	}
	if server.Parent.SpanID() != client.SpanContext.SpanID() || client.Parent.SpanID() != httpSpan.SpanContext.SpanID() {
		t.Errorf("span parents do not chain server -> gateway client -> HTTP")
	}

	var logged [][2]string
	for _, rec := range logs.Records(t) {
		if rec["msg"] == "finished call" && rec["grpc.method"] == "Classify" {
			tid, _ := rec["trace_id"].(string)
			sid, _ := rec["span_id"].(string)
			logged = append(logged, [2]string{tid, sid})
		}
	}
	wantLogged := [][2]string{
		{grpcSpan.TraceID().String(), grpcSpan.SpanID().String()},
		{httpTrace.String(), server.SpanContext.SpanID().String()},
	}
	if !slices.Equal(logged, wantLogged) {
		t.Errorf("call log trace_id, span_id = %v, want %v", logged, wantLogged)
	}
}

// TestNoTracing checks that without a tracer provider the call log has no
// trace fields, even when the caller sends trace context.
func TestNoTracing(t *testing.T) {
	logs := servingtest.NewLogBuffer()
	s := servingtest.New(t, servingtest.WithHTTP(), servingtest.WithLogs(logs))
	if code, body := httpCall(t, http.DefaultClient, "POST", s.HTTPURL+"/v1/classify", `{"text":"Anonymous"}`,
		"traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"); code != 200 {
		t.Fatalf("POST /v1/classify = %d %s", code, body)
	}
	for _, rec := range logs.Records(t) {
		if _, ok := rec["trace_id"]; ok {
			t.Errorf("log record %v has a trace_id without tracing", rec)
		}
	}
}

// endedSpans returns the exporter's spans once it holds n of them. A
// server span ends in the server's stats handler, which may run after the
// client has its answer: reading the exporter at once races with it.
// Waiting is bounded by the test's context; a span that never comes fails
// the test there.
func endedSpans(t *testing.T, exp *tracetest.InMemoryExporter, n int) tracetest.SpanStubs {
	t.Helper()
	ctx := servingtest.Context(t)
	for {
		if spans := exp.GetSpans(); len(spans) >= n {
			return spans
		}
		select {
		case <-ctx.Done():
			t.Fatalf("the exporter holds %v, want %d spans", names(exp.GetSpans()), n)
		case <-time.After(time.Millisecond):
		}
	}
}

func names(spans tracetest.SpanStubs) []string {
	var n []string
	for _, s := range spans {
		n = append(n, s.Name)
	}
	return n
}
