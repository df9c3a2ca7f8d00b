// Package metrics is what Prometheus scrapes from topicd's gRPC server
// (package serving): the collectors of calls, reloads, classifications and
// the serving model, the /metrics endpoint, and the counting and
// rate-limited logging of the calls refused before their handler.
//
// metrics.go registers and serves the metrics; rejections.go counts and
// logs rejections.
package metrics

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	grpcprom "github.com/grpc-ecosystem/go-grpc-middleware/providers/prometheus"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/seed134e4861/topicd/model/naivebayes"
	"google.golang.org/grpc"
)

// Metrics records what Prometheus scrapes from the server (see NewMetrics).
// A nil *Metrics records nothing and costs nothing: the server then has no
// metrics interceptor, and each method returns at once.
type Metrics struct {
	grpc        *grpcprom.ServerMetrics
	reloads     *prometheus.CounterVec
	features    prometheus.Histogram
	topics      *prometheus.CounterVec
	abstentions prometheus.Counter
	rejected    *prometheus.CounterVec // see rejections.go
	model       servingModel
}

// servingModel is a prometheus.Collector of the serving model's metrics. It
// reports them at each scrape as constant metrics, so that there is exactly
// one version label set at a time, whatever the reloads.
type servingModel struct {
	mu       sync.Mutex
	version  string    // empty before the first model
	loadedAt time.Time // when it started serving
}

var (
	modelInfoDesc = prometheus.NewDesc("topicd_model_info",
		"The serving model, named by its version label; always 1.", []string{"version"}, nil)
	modelLoadedDesc = prometheus.NewDesc("topicd_model_loaded_timestamp_seconds",
		"When the serving model started serving, in seconds since the Unix epoch.", nil, nil)
)

// handlingBuckets are the bounds, in seconds, of the handling-time
// histograms: a short text takes well under a millisecond, a full batch of
// the largest texts seconds.
var handlingBuckets = []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// NewMetrics registers on reg, and returns, the server's metrics:
//
//   - grpc_server_started_total, grpc_server_handled_total (by code) and
//     grpc_server_handling_seconds, per method, from the gRPC interceptor;
//   - topicd_model_info{version} (1, one series: the serving model) and
//     topicd_model_loaded_timestamp_seconds;
//   - topicd_model_reloads_total{result="ok"|"refused"};
//   - topicd_classify_features, the features of each classified text (what
//     the model counts: words, and word pairs in Vietnamese);
//   - topicd_topics_assigned_total{topic} and topicd_abstentions_total;
//   - topicd_rejected_total{reason}, the calls refused before their
//     handler (see rejections.go);
//   - the Go runtime's go_* and the process's process_* metrics.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		grpc: grpcprom.NewServerMetrics(grpcprom.WithServerHandlingTimeHistogram(
			grpcprom.WithHistogramBuckets(handlingBuckets))),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "topicd_model_reloads_total",
			Help: "Model reloads (SIGHUP), by result: ok, or refused when the new model could not be loaded and the old one kept serving.",
		}, []string{"result"}),
		features: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "topicd_classify_features",
			Help:    "Features of each classified text: what the model counts.",
			Buckets: prometheus.ExponentialBuckets(1, 4, 10), // 1 to 262144
		}),
		topics: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "topicd_topics_assigned_total",
			Help: "Topics assigned to classified texts, by topic.",
		}, []string{"topic"}),
		abstentions: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "topicd_abstentions_total",
			Help: "Classified texts the model abstained on: too few known features to assign any topic.",
		}),
		rejected: newRejectedCounter(),
	}
	for _, result := range []string{"ok", "refused"} {
		m.reloads.WithLabelValues(result) // both series from the start, at 0
	}
	reg.MustRegister(m.grpc, m.reloads, m.features, m.topics, m.abstentions, m.rejected, &m.model,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// ServerOptions returns the interceptors that count and time every call, or
// none when m is nil. They must come first, to see every call, even those
// that later interceptors refuse.
func (m *Metrics) ServerOptions() []grpc.ServerOption {
	if m == nil {
		return nil
	}
	return []grpc.ServerOption{
		grpc.ChainUnaryInterceptor(m.grpc.UnaryServerInterceptor()),
		grpc.ChainStreamInterceptor(m.grpc.StreamServerInterceptor()),
	}
}

// Initialize creates the call metrics of every method registered on s, at 0,
// so that they exist before the first call.
func (m *Metrics) Initialize(s *grpc.Server) {
	if m == nil {
		return
	}
	m.grpc.InitializeMetrics(s)
}

// SetModel records mdl as the serving model, from now on, and creates its
// topics' counters at 0. It implements service.Observer.
func (m *Metrics) SetModel(mdl *naivebayes.Model) {
	if m == nil {
		return
	}
	info := mdl.Info()
	for _, t := range info.Topics {
		m.topics.WithLabelValues(t)
	}
	m.model.set(info.Version, time.Now())
}

// Reloaded counts a reload, refused or not.
func (m *Metrics) Reloaded(ok bool) {
	if m == nil {
		return
	}
	result := "ok"
	if !ok {
		result = "refused"
	}
	m.reloads.WithLabelValues(result).Inc()
}

// Classified records the result of classifying one text. It implements
// service.Observer.
func (m *Metrics) Classified(r naivebayes.Result) {
	if m == nil {
		return
	}
	m.features.Observe(float64(r.Features))
	for _, t := range r.Topics {
		m.topics.WithLabelValues(t).Inc()
	}
	if r.Abstained {
		m.abstentions.Inc()
	}
}

// set makes the model of version the serving one, since at.
func (m *servingModel) set(version string, at time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.version, m.loadedAt = version, at
}

// Describe implements prometheus.Collector.
func (m *servingModel) Describe(ch chan<- *prometheus.Desc) {
	ch <- modelInfoDesc
	ch <- modelLoadedDesc
}

// Collect implements prometheus.Collector: the serving model's info gauge,
// with its version, and when it started serving; nothing before the first
// model.
func (m *servingModel) Collect(ch chan<- prometheus.Metric) {
	m.mu.Lock()
	version, loadedAt := m.version, m.loadedAt
	m.mu.Unlock()
	if version == "" {
		return
	}
	ch <- prometheus.MustNewConstMetric(modelInfoDesc, prometheus.GaugeValue, 1, version)
	ch <- prometheus.MustNewConstMetric(modelLoadedDesc, prometheus.GaugeValue, float64(loadedAt.UnixNano())/1e9)
}

// metricsHandler serves the metrics of g at /metrics, in Prometheus' text
// (or OpenMetrics) format.
func metricsHandler(g prometheus.Gatherer, logger *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(g, promhttp.HandlerOpts{
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelError),
	}))
	return mux
}

// ServeMetrics serves the metrics of g over HTTP on addr, in the background,
// and logs the address it bound. The returned function stops it, giving
// scrapes in flight a few seconds, and returns once it has stopped.
func ServeMetrics(addr string, g prometheus.Gatherer, logger *slog.Logger) (stop func(), err error) {
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("--metrics-addr: %w", err)
	}
	hs := &http.Server{
		Handler:           metricsHandler(g, logger),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := hs.Serve(lis); !errors.Is(err, http.ErrServerClosed) {
			logger.Error("serving metrics", "error", err)
		}
	}()
	logger.Info("metrics", "addr", lis.Addr().String())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := hs.Shutdown(ctx); err != nil {
			hs.Close()
		}
		<-done
	}, nil
}

// StartMetrics serves metrics on addr (see ServeMetrics) from a registry of
// their own, and returns them with the function that stops serving them.
// With addr empty, there are none: nil metrics, and a stop that does nothing.
func StartMetrics(addr string, logger *slog.Logger) (m *Metrics, stop func(), err error) {
	if addr == "" {
		return nil, func() {}, nil
	}
	reg := prometheus.NewRegistry()
	m = NewMetrics(reg)
	if stop, err = ServeMetrics(addr, reg, logger); err != nil {
		return nil, nil, err
	}
	return m, stop, nil
}
