package metrics

import (
	"log/slog"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
)

// Internals exposed to the tests of package metrics_test.

func Handler(g prometheus.Gatherer, logger *slog.Logger) http.Handler {
	return metricsHandler(g, logger)
}
