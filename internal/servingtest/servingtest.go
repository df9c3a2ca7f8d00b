// Package servingtest runs topicd's real gRPC server (package serving) in
// process for tests: in memory over bufconn, or on a loopback port, with the
// model trained on the five seed articles unless told otherwise, stopped
// when the test ends. What a test needs beyond it (recording each call's
// deadline, failing calls, a bearer token, a replica's health) comes from
// the server's own configuration and API: WithServerOptions adds
// interceptors, WithSecurity the real TLS and token checks, and
// Server.SetServing the real health server.
//
// It also holds the helpers that tests of several packages share: a log
// buffer to wait on (logs.go), the invariants of every answer (answers.go),
// and reflection and HTTP calls (clients.go).
package servingtest

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/test/bufconn"

	"github.com/seed134e4861/topicd/internal/service"
	"github.com/seed134e4861/topicd/internal/serving"
	"github.com/seed134e4861/topicd/internal/serving/metrics"
	"github.com/seed134e4861/topicd/internal/serving/security"
	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/model/naivebayes"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
	"github.com/seed134e4861/topicd/seeds"
)

// Timeout bounds every wait of a test, so that a broken server fails the
// test instead of hanging it. Tests never assert on how long things take.
const Timeout = time.Minute

// DefaultLimits are the limits of the server's flags' defaults.
var DefaultLimits = service.Config{MaxTextBytes: 1 << 20, MaxBatch: 256, MaxBatchBytes: serving.DefaultMaxBatchBytes, MaxExplainBytes: serving.DefaultMaxExplainBytes}

// SeedModel is the model trained on the five embedded seed articles,
// trained once (a model is immutable and safe for concurrent use).
var SeedModel = sync.OnceValues(func() (*naivebayes.Model, error) { return naivebayes.TrainFS(seeds.FS()) })

// MustSeedModel returns SeedModel's model, failing the test on an error.
func MustSeedModel(tb testing.TB) *naivebayes.Model {
	tb.Helper()
	m, err := SeedModel()
	if err != nil {
		tb.Fatalf("training on the seeds: %v", err)
	}
	return m
}

// Context returns a context that ends with the test or after Timeout.
func Context(tb testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	tb.Cleanup(cancel)
	return ctx
}

// options are what Start builds the server from.
type options struct {
	cfg      serving.Config
	load     func() (*naivebayes.Model, error) // nil: the seed model
	noModel  bool
	logs     io.Writer
	tcp      bool
	wrap     func(net.Listener) net.Listener // nil: none
	services []func(grpc.ServiceRegistrar)
	http     bool
}

// An Option configures the server Start runs.
type Option func(*options)

// WithLimits serves with limits l instead of the flags' defaults.
func WithLimits(l service.Config) Option { return func(o *options) { o.cfg.Limits = l } }

// WithModel serves m instead of the seed model.
func WithModel(m *naivebayes.Model) Option {
	return func(o *options) { o.load = func() (*naivebayes.Model, error) { return m, nil } }
}

// WithLoad loads the model with load, at start and on each Reload; Start
// returns once the first load has succeeded.
func WithLoad(load func() (*naivebayes.Model, error)) Option {
	return func(o *options) { o.load = load }
}

// WithoutModel serves without ever loading a model: calls of
// ClassifierService are Unavailable, and health NOT_SERVING.
func WithoutModel() Option { return func(o *options) { o.noModel = true } }

// WithLogs writes the server's logs, as JSON lines, to w.
func WithLogs(w io.Writer) Option { return func(o *options) { o.logs = w } }

// WithoutRequestLogs logs only failed calls, as --log-requests=false does.
func WithoutRequestLogs() Option { return func(o *options) { o.cfg.LogRequests = false } }

// WithMetrics records the server's metrics in m.
func WithMetrics(m *metrics.Metrics) Option { return func(o *options) { o.cfg.Metrics = m } }

// WithSecurity secures the server with sec (TLS, bearer token).
func WithSecurity(sec *security.Security) Option { return func(o *options) { o.cfg.Security = sec } }

// WithConnections sets the connection limits (stream count, age).
func WithConnections(c serving.Connections) Option { return func(o *options) { o.cfg.Connections = c } }

// WithShutdownTimeout sets how long calls in flight may take at shutdown.
func WithShutdownTimeout(d time.Duration) Option {
	return func(o *options) { o.cfg.ShutdownTimeout = d }
}

// WithServerOptions adds gRPC server options after the server's own, such
// as interceptors that see each call after topicd's.
func WithServerOptions(opts ...grpc.ServerOption) Option {
	return func(o *options) { o.cfg.ServerOptions = append(o.cfg.ServerOptions, opts...) }
}

// WithService registers another service on the server, behind its options
// and interceptors, with register.
func WithService(register func(grpc.ServiceRegistrar)) Option {
	return func(o *options) { o.services = append(o.services, register) }
}

// WithHTTP also serves the HTTP/JSON API (serving.Server.AddHTTP) on a
// loopback port, at Server.HTTPURL.
func WithHTTP() Option { return func(o *options) { o.http = true } }

// WithTracerProvider traces calls with tp.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(o *options) { o.cfg.TracerProvider = tp }
}

// OverTCP serves on a loopback TCP port instead of in memory.
func OverTCP() Option { return func(o *options) { o.tcp = true } }

// Server is a running server (the embedded *serving.Server, for Reload and
// SetServing) and where to reach it.
type Server struct {
	*serving.Server
	// Model is the model served at start; nil WithoutModel.
	Model *naivebayes.Model
	// Addr is the address to dial: the loopback port OverTCP, else a
	// passthrough target for Dialer's in-memory connections.
	Addr string
	// HTTPURL is the base URL of the HTTP/JSON API WithHTTP, such as
	// http://127.0.0.1:41234 (https with TLS).
	HTTPURL string

	bufconn *bufconn.Listener // nil OverTCP
	stop    context.CancelFunc
	served  chan error // Serve's result
}

// New starts a server with opts (see Start) and stops it when the test
// ends.
func New(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s, err := Start(opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(s.Close)
	return s
}

// Start starts serving.New with opts and runs Serve, by default in memory
// with the seed model, logging nothing, with request logs on and the flags'
// default limits. It returns once the model is loaded and health reports
// SERVING (at once WithoutModel). Close stops it.
func Start(opts ...Option) (*Server, error) {
	o := options{logs: io.Discard, cfg: serving.Config{Limits: DefaultLimits, LogRequests: true, ShutdownTimeout: 5 * time.Second}}
	for _, opt := range opts {
		opt(&o)
	}
	ctx, stop := context.WithCancel(context.Background())
	s := &Server{served: make(chan error, 1), stop: stop}
	load, err := s.loader(ctx, o)
	if err != nil {
		stop()
		return nil, err
	}
	lis, err := s.listen(o.tcp)
	if err != nil {
		stop()
		return nil, err
	}
	if o.wrap != nil {
		lis = o.wrap(lis)
	}
	ready := make(chan struct{})
	logger := slog.New(&readyHandler{Handler: slog.NewJSONHandler(o.logs, nil), ready: ready, once: new(sync.Once)})
	s.Server = serving.New(o.cfg, logger)
	for _, register := range o.services {
		register(s.Server)
	}
	if o.http {
		if err := s.addHTTP(o.cfg.Security != nil); err != nil {
			stop()
			lis.Close()
			return nil, err
		}
	}
	go func() { s.served <- s.Server.Serve(ctx, lis, load) }()
	if o.noModel {
		return s, nil
	}
	select {
	case <-ready:
		return s, nil
	case err := <-s.served:
		stop()
		return nil, err
	}
}

// loader returns the load function of o, and sets s.Model. WithoutModel,
// it waits for ctx to end, and fails.
func (s *Server) loader(ctx context.Context, o options) (func() (*naivebayes.Model, error), error) {
	switch {
	case o.noModel:
		return func() (*naivebayes.Model, error) {
			<-ctx.Done()
			return nil, errors.New("servingtest: WithoutModel")
		}, nil
	case o.load != nil:
		var once sync.Once
		return func() (*naivebayes.Model, error) {
			m, err := o.load()
			once.Do(func() { s.Model = m })
			return m, err
		}, nil
	}
	m, err := SeedModel()
	if err != nil {
		return nil, err
	}
	s.Model = m
	return func() (*naivebayes.Model, error) { return m, nil }, nil
}

// listen opens a loopback TCP port, or an in-memory listener.
func (s *Server) listen(tcp bool) (net.Listener, error) {
	if tcp {
		lis, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		s.Addr = lis.Addr().String()
		return lis, nil
	}
	s.bufconn = bufconn.Listen(1 << 20)
	s.Addr = "passthrough:///bufconn"
	return s.bufconn, nil
}

// addHTTP serves HTTP on a loopback port; https if tls.
func (s *Server) addHTTP(tls bool) error {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	if err := s.AddHTTP(lis); err != nil {
		lis.Close()
		return err
	}
	s.HTTPURL = "http://" + lis.Addr().String()
	if tls {
		s.HTTPURL = "https://" + lis.Addr().String()
	}
	return nil
}

// Close stops the server, as the end of Serve's context does, and waits
// until Serve has returned.
func (s *Server) Close() {
	s.stop()
	<-s.served
}

// Dialer dials the server: in memory, or over TCP.
func (s *Server) Dialer() func(context.Context, string) (net.Conn, error) {
	if s.bufconn == nil {
		var d net.Dialer
		return func(ctx context.Context, _ string) (net.Conn, error) { return d.DialContext(ctx, "tcp", s.Addr) }
	}
	return func(ctx context.Context, _ string) (net.Conn, error) { return s.bufconn.DialContext(ctx) }
}

// Conn returns a plaintext connection to the server, closed with the test.
func (s *Server) Conn(tb testing.TB) *grpc.ClientConn {
	tb.Helper()
	conn, err := grpc.NewClient(s.Addr, grpc.WithContextDialer(s.Dialer()), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	return conn
}

// Client returns a ClassifierService client over Conn.
func (s *Server) Client(tb testing.TB) topicdv1.ClassifierServiceClient {
	return topicdv1.NewClassifierServiceClient(s.Conn(tb))
}

// readyHandler closes ready at the server's "serving" log line, which it
// logs once the model is loaded and health reports SERVING.
type readyHandler struct {
	slog.Handler
	ready chan struct{}
	once  *sync.Once
}

func (h *readyHandler) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == "serving" {
		h.once.Do(func() { close(h.ready) })
	}
	return h.Handler.Handle(ctx, r)
}

func (h *readyHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &readyHandler{Handler: h.Handler.WithAttrs(attrs), ready: h.ready, once: h.once}
}

func (h *readyHandler) WithGroup(name string) slog.Handler {
	return &readyHandler{Handler: h.Handler.WithGroup(name), ready: h.ready, once: h.once}
}

// DefaultModel is the model the server serves by default: trained on the
// embedded seeds and supplement, as server/corpus.go's defaultCorpus merges
// them (a test of package main checks that the two agree). Trained once.
var DefaultModel = sync.OnceValues(func() (*naivebayes.Model, error) {
	core, err := corpus.Load(seeds.FS())
	if err != nil {
		return nil, err
	}
	sup, err := corpus.Load(seeds.Supplement())
	if err != nil {
		return nil, err
	}
	c, err := corpus.Merge(core.WithPrefix("seeds"), sup.WithPrefix("seeds/supplement"))
	if err != nil {
		return nil, err
	}
	return naivebayes.Train(c)
})

// WrapListener serves on wrap(l) instead of the listener l, such as one
// that counts the connections it accepts.
func WrapListener(wrap func(net.Listener) net.Listener) Option {
	return func(o *options) { o.wrap = wrap }
}
