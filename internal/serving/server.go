// Package serving assembles topicd's gRPC server around package service:
// ClassifierService, health and reflection, behind the interceptors that
// log, authenticate and recover every call, with metrics, transport
// security and connection limits; and it runs it: Serve loads the model,
// reloads it on demand, and shuts down gracefully.
//
// A file per concept: server.go (lifecycle), options.go (the gRPC options
// and interceptor chain), calllog.go and keepalive.go; the TLS and bearer-token
// files, and the token check, are package security; the Prometheus
// metrics and the counting of rejections, package metrics.
package serving

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"

	"github.com/seed134e4861/topicd/internal/service"
	"github.com/seed134e4861/topicd/internal/serving/metrics"
	"github.com/seed134e4861/topicd/internal/serving/security"
	"github.com/seed134e4861/topicd/model/naivebayes"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// Config is what the server is built from, besides its logger and the
// listener Serve is given. The zero value of each field but Limits and
// ShutdownTimeout means "none" or "no limit".
type Config struct {
	// Limits bound what one call may ask (see service.Config); the largest
	// request message accepted follows from them.
	Limits service.Config
	// Connections bound the calls of one client connection and its age
	// (see keepalive.go).
	Connections Connections
	// Security is the TLS certificate and bearer token, loaded from files
	// and reloaded with Reload (see package security); nil serves plaintext and
	// leaves every call open.
	Security *security.Security
	// Metrics records calls and the model (see package metrics); nil records
	// nothing.
	Metrics *metrics.Metrics
	// LogRequests logs every call as it finishes; otherwise only failures.
	LogRequests bool
	// Admission bounds the request bytes in flight, each call's duration
	// and the heavy calls at once (see admission.go).
	Admission Admission
	// ShutdownTimeout is how long calls in flight may take to finish once
	// Serve's context ends; then the remaining connections are closed.
	ShutdownTimeout time.Duration
	// ServerOptions are added after the server's own: tests add
	// interceptors that run after topicd's (see options.go).
	ServerOptions []grpc.ServerOption
	// TracerProvider traces each call (OpenTelemetry, see tracing.go); nil
	// traces nothing and costs nothing.
	TracerProvider trace.TracerProvider
}

// Server is a gRPC server carrying ClassifierService, health and
// reflection. Build it with New, run it with Serve.
type Server struct {
	cfg     Config
	grpc    *grpc.Server
	health  *health.Server
	svc     *service.Service
	logger  *slog.Logger
	reloads chan struct{} // see Reload
	http    *httpServing  // nil: no HTTP (see AddHTTP)
	streams *longStreams  // ended at shutdown (streams.go)
}

// New builds a server from cfg that logs to logger. It reports NOT_SERVING
// to health checks, and its service answers Unavailable, until Serve has
// loaded a model.
func New(cfg Config, logger *slog.Logger) *Server {
	var observer service.Observer
	if cfg.Metrics != nil {
		observer = cfg.Metrics
	}
	svc := service.New(cfg.Limits, logger, observer)
	rejected := metrics.NewRejections(logger, cfg.Metrics)
	a := newAdmitter(cfg.Admission, int64(maxRecvMsgSize(cfg.Limits)), cfg.Security.AuthFunc(), newCodec(svc, rejected), rejected)
	streams := newLongStreams()
	s := &Server{
		cfg:     cfg,
		grpc:    grpc.NewServer(append(serverOptions(cfg, logger, a), grpc.ChainStreamInterceptor(streams.interceptor))...),
		streams: streams,
		health:  health.NewServer(),
		svc:     svc,
		logger:  logger,
		reloads: make(chan struct{}, 1),
	}
	topicdv1.RegisterClassifierServiceServer(s.grpc, s.svc)
	healthpb.RegisterHealthServer(s.grpc, s.health)
	reflection.Register(s.grpc)
	cfg.Metrics.Initialize(s.grpc)
	s.SetServing(false)
	return s
}

// RegisterService registers another service on the server, behind the same
// options and interceptors; call it before Serve. It makes Server a
// grpc.ServiceRegistrar.
func (s *Server) RegisterService(sd *grpc.ServiceDesc, impl any) {
	s.grpc.RegisterService(sd, impl)
}

// SetServing reports the server, and ClassifierService, as serving or not
// to health checks: clients that check health send their calls elsewhere
// while it does not. Serve sets it once the model is loaded and clears it
// at shutdown, after which it changes no more.
func (s *Server) SetServing(ok bool) {
	st := healthpb.HealthCheckResponse_NOT_SERVING
	if ok {
		st = healthpb.HealthCheckResponse_SERVING
	}
	s.health.SetServingStatus("", st)
	s.health.SetServingStatus(service.Name, st)
}

// Reload reads the security files again (see Security.Reload), and asks
// the serving server to load its model again: see Serve. A model reload
// asked for while one is under way is done once more after it; more are
// merged. Reload never blocks on the model.
func (s *Server) Reload() {
	select {
	case s.reloads <- struct{}{}:
	default: // one is already pending
	}
	s.cfg.Security.ReloadAndLog(s.logger)
}

// Serve serves on lis until ctx ends, then returns nil; or returns the
// error of load or of serving. Health reports NOT_SERVING until load has
// returned a model, and again from the start of the shutdown. On Reload, it
// calls load again, off the request path, and swaps the new model in: calls
// in flight finish on the model they started with. At shutdown, in-flight
// calls get Config.ShutdownTimeout to finish; then the remaining
// connections are closed.
func (s *Server) Serve(ctx context.Context, lis net.Listener, load func() (*naivebayes.Model, error)) error {
	errc := make(chan error, 1)
	limited := s.cfg.Connections.limit(lis)
	go func() { errc <- s.grpc.Serve(limited) }()
	s.startHTTP()
	// NOT_SERVING as soon as ctx ends, even while a reload is under way.
	stopHealth := context.AfterFunc(ctx, s.health.Shutdown)
	defer stopHealth()

	m, err, ok := loadUnlessDone(ctx, load)
	if !ok {
		s.logger.Warn("start abandoned: shutting down before the model was loaded")
		return s.shutdown(errc)
	}
	if err != nil {
		s.stopHTTP(0)
		s.grpc.Stop()
		<-errc
		return fmt.Errorf("loading model: %w", err)
	}
	s.svc.SetModel(m)
	s.SetServing(true)
	info := m.Info()
	s.logger.Info("serving", "addr", lis.Addr().String(), "model_version", info.Version,
		"documents", info.Documents, "vocabulary", info.VocabularySize)

	for {
		select {
		case err := <-errc:
			return fmt.Errorf("serving: %w", err)
		case err := <-s.httpFailed():
			s.grpc.Stop()
			s.http.conn.Close()
			return fmt.Errorf("serving HTTP: %w", err)
		case <-s.reloads:
			if !s.reload(ctx, load) {
				return s.shutdown(errc)
			}
		case <-ctx.Done():
			return s.shutdown(errc)
		}
	}
}

// reload loads a new model with load and, if that works, makes it the one
// that answers: every response names the model that answered it. If load
// fails, the model that was serving keeps serving, and the failure is
// logged. If ctx ends first, the reload is abandoned, its model never
// served, and reload returns false: the shutdown does not wait for it.
func (s *Server) reload(ctx context.Context, load func() (*naivebayes.Model, error)) bool {
	old := s.svc.Model()
	m, err, ok := loadUnlessDone(ctx, load)
	if !ok {
		s.logger.Warn("reload abandoned: shutting down", "model_version", old.Version())
		return false
	}
	s.cfg.Metrics.Reloaded(err == nil)
	if err != nil {
		s.logger.Error("reload refused; the serving model keeps serving", "model_version", old.Version(), "error", err)
		return true
	}
	s.svc.SetModel(m)
	info := m.Info()
	s.logger.Info("reloaded", "model_version", info.Version, "previous_version", old.Version(),
		"documents", info.Documents, "vocabulary", info.VocabularySize)
	return true
}

// loadUnlessDone calls load, and returns its result and true; or false as
// soon as ctx ends, leaving load to finish unseen: a model being trained
// or read does not hold the shutdown.
func loadUnlessDone(ctx context.Context, load func() (*naivebayes.Model, error)) (*naivebayes.Model, error, bool) {
	type loaded struct {
		m   *naivebayes.Model
		err error
	}
	done := make(chan loaded, 1)
	go func() {
		m, err := load()
		done <- loaded{m, err}
	}()
	select {
	case l := <-done:
		return l.m, l.err, true
	case <-ctx.Done():
		return nil, nil, false
	}
}

// watchGrace is how long the watchers of health get to read NOT_SERVING
// before their calls are ended at shutdown.
const watchGrace = 200 * time.Millisecond

// shutdown reports NOT_SERVING, stops gracefully within the shutdown
// timeout, then closes what remains, and returns Serve's result, errc
// giving grpc.Server.Serve's.
func (s *Server) shutdown(errc <-chan error) error {
	timeout := s.cfg.ShutdownTimeout
	s.logger.Info("shutting down", "timeout", timeout.String())
	s.health.Shutdown()
	// Health has told the watchers NOT_SERVING: end their calls, which
	// would otherwise hold the graceful stop.
	time.Sleep(min(watchGrace, timeout/4))
	s.streams.endAll()
	s.stopHTTP(timeout) // before the gRPC server: its calls finish there
	stopped := make(chan struct{})
	go func() {
		s.grpc.GracefulStop()
		close(stopped)
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case <-stopped:
	case <-timer.C:
		s.logger.Warn("graceful stop timed out; closing remaining connections")
		s.grpc.Stop()
		<-stopped
	}
	if err := <-errc; err != nil && !errors.Is(err, grpc.ErrServerStopped) {
		return fmt.Errorf("serving: %w", err)
	}
	s.logger.Info("stopped")
	return nil
}
