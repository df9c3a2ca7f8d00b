package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"runtime/debug"
	"time"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/auth"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/recovery"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"
	"google.golang.org/grpc/status"

	"github.com/seed134e4861/topicd/model/naivebayes"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// serviceName is the name health checks use for ClassifierService.
var serviceName = topicdv1.ClassifierService_ServiceDesc.ServiceName

// server is a gRPC server carrying ClassifierService, health and reflection.
type server struct {
	grpc    *grpc.Server
	health  *health.Server
	svc     *Service
	logger  *slog.Logger
	reloads chan struct{} // see Reload
	metrics *metrics      // nil: none
}

// serverConfig is what the gRPC server is built from, besides the logger.
type serverConfig struct {
	limits      limits
	connections connections // see keepalive.go
	// creds secures connections (see security.go); nil serves plaintext.
	creds credentials.TransportCredentials
	// auth checks the calls of ClassifierService (see security.go); nil
	// leaves them open.
	auth auth.AuthFunc
	// metrics records calls and the model (see metrics.go); nil records
	// nothing.
	metrics *metrics
	// logRequests logs every call as it finishes; otherwise only failures.
	logRequests bool
}

func newServer(sc serverConfig, logger *slog.Logger) *server {
	s := &server{
		grpc:    grpc.NewServer(serverOptions(sc, logger)...),
		health:  health.NewServer(),
		svc:     NewService(sc.limits),
		metrics: sc.metrics,
		logger:  logger,
		reloads: make(chan struct{}, 1),
	}
	s.svc.metrics = sc.metrics
	topicdv1.RegisterClassifierServiceServer(s.grpc, s.svc)
	healthpb.RegisterHealthServer(s.grpc, s.health)
	reflection.Register(s.grpc)
	sc.metrics.initialize(s.grpc)
	s.setServing(false)
	return s
}

// serverOptions returns the gRPC options of the server: message limits,
// connection limits, ageing and keepalive, transport security, metrics,
// call logging, authentication and panic recovery.
func serverOptions(sc serverConfig, logger *slog.Logger) []grpc.ServerOption {
	// The metrics interceptors come first, so that they see every call; there
	// are none without metrics.
	return append(sc.metrics.serverOptions(), []grpc.ServerOption{
		grpc.Creds(sc.creds),
		grpc.MaxRecvMsgSize(maxRecvMsgSize(sc.limits)),
		grpc.MaxConcurrentStreams(sc.connections.maxConcurrentStreams),
		grpc.KeepaliveEnforcementPolicy(keepaliveEnforcement),
		grpc.KeepaliveParams(sc.connections.keepaliveParams()),
		grpc.ChainUnaryInterceptor(
			logCalls(logger, sc.logRequests),
			authUnaryInterceptor(sc.auth), // after logging, so that refusals are logged
			recovery.UnaryServerInterceptor(recovery.WithRecoveryHandlerContext(
				func(ctx context.Context, p any) error {
					logger.ErrorContext(ctx, "panic in handler", "panic", p, "stack", string(debug.Stack()))
					return status.Error(codes.Internal, "internal error")
				})),
		),
		grpc.ChainStreamInterceptor(authStreamInterceptor(sc.auth)),
	}...)
}

// maxRecvMsgSize is the largest request message accepted: a full batch of
// texts of the largest size, with room for their framing.
func maxRecvMsgSize(l limits) int {
	const perTextFraming, slack = 16, 64 << 10
	// Each factor is capped at MaxInt32 first, so the product cannot overflow.
	size := min(int64(l.maxBatch), math.MaxInt32)*(min(int64(l.maxTextBytes), math.MaxInt32)+perTextFraming) + slack
	return int(min(size, math.MaxInt32))
}

// setServing reports the service as serving, or not, to health checks.
func (s *server) setServing(ok bool) {
	st := healthpb.HealthCheckResponse_NOT_SERVING
	if ok {
		st = healthpb.HealthCheckResponse_SERVING
	}
	s.health.SetServingStatus("", st)
	s.health.SetServingStatus(serviceName, st)
}

// Reload asks the serving server to load its model again (SIGHUP): see
// serve. A reload asked for while one is under way is done once more after
// it; more are merged.
func (s *server) Reload() {
	select {
	case s.reloads <- struct{}{}:
	default: // one is already pending
	}
}

// reload loads a new model with load and, if that works, makes it the one
// that answers: calls in flight finish on the model they started with, and
// every response names the model that answered it. If load fails, the model
// that was serving keeps serving, and the failure is logged.
func (s *server) reload(load func() (*naivebayes.Model, error)) {
	old := s.svc.model.Load()
	m, err := load()
	s.metrics.reloaded(err == nil)
	if err != nil {
		s.logger.Error("reload refused; the serving model keeps serving", "model_version", old.Version(), "error", err)
		return
	}
	s.svc.SetModel(m)
	info := m.Info()
	s.logger.Info("reloaded", "model_version", info.Version, "previous_version", old.Version(),
		"documents", info.Documents, "vocabulary", info.VocabularySize)
}

// serve serves on lis until ctx ends. Health reports NOT_SERVING until load
// has returned a model, and again from the start of the shutdown. On Reload,
// it calls load again, off the request path, and swaps the new model in
// (see reload). At shutdown, in-flight calls get shutdownTimeout to finish;
// then the remaining connections are closed.
func (s *server) serve(ctx context.Context, lis net.Listener, load func() (*naivebayes.Model, error), shutdownTimeout time.Duration) error {
	errc := make(chan error, 1)
	go func() { errc <- s.grpc.Serve(lis) }()

	m, err := load()
	if err != nil {
		s.grpc.Stop()
		<-errc
		return fmt.Errorf("loading model: %w", err)
	}
	s.svc.SetModel(m)
	s.setServing(true)
	info := m.Info()
	s.logger.Info("serving", "addr", lis.Addr().String(), "model_version", info.Version,
		"documents", info.Documents, "vocabulary", info.VocabularySize)

serving:
	for {
		select {
		case err := <-errc:
			return fmt.Errorf("serving: %w", err)
		case <-s.reloads:
			s.reload(load)
		case <-ctx.Done():
			break serving
		}
	}
	s.logger.Info("shutting down", "timeout", shutdownTimeout.String())
	s.health.Shutdown()
	stopped := make(chan struct{})
	go func() {
		s.grpc.GracefulStop()
		close(stopped)
	}()
	timer := time.NewTimer(shutdownTimeout)
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
