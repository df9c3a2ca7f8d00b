package metrics_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/seed134e4861/topicd/internal/serving/metrics"
	"github.com/seed134e4861/topicd/internal/servingtest"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// TestMetricsHandler checks that /metrics serves the registry over HTTP in
// Prometheus' text format: the gRPC, model, Go runtime and process metrics.
func TestMetricsHandler(t *testing.T) {
	reg := prometheus.NewRegistry()
	c := topicdv1.NewClassifierServiceClient(servingtest.New(t, servingtest.WithMetrics(metrics.NewMetrics(reg))).Conn(t))
	if _, err := c.Classify(servingtest.Context(t), &topicdv1.ClassifyRequest{Text: "Anonymous revendique une attaque DDoS"}); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(metrics.Handler(reg, slog.New(slog.DiscardHandler)))
	defer hs.Close()

	body := servingtest.HTTPGet(t, hs.URL+"/metrics", http.StatusOK)
	for _, want := range []string{
		`grpc_server_handled_total{grpc_code="OK",grpc_method="Classify",grpc_service="topicd.v1.ClassifierService",grpc_type="unary"} 1`,
		"grpc_server_handling_seconds_bucket{",
		`topicd_model_info{version="` + servingtest.MustSeedModel(t).Version() + `"} 1`,
		"topicd_classify_features_count 1",
		"go_goroutines ",
		"process_cpu_seconds_total ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /metrics has no %q; got:\n%s", want, body)
		}
	}
	servingtest.HTTPGet(t, hs.URL+"/", http.StatusNotFound)
}
