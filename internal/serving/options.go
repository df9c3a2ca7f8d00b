package serving

import (
	"context"
	"log/slog"
	"math"
	"runtime/debug"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/recovery"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/seed134e4861/topicd/internal/service"
	"github.com/seed134e4861/topicd/internal/serving/security"
)

// serverOptions returns the gRPC options of the server: message limits,
// connection limits, ageing and keepalive, transport security, and the
// interceptors, in the order each call meets them: metrics (first, so that
// they see every call, even those later ones refuse), call logging,
// authentication (after logging, so that refusals are logged), panic
// recovery; then cfg.ServerOptions. The admitter a, if not nil, adds its
// tap handle, codec and guard (see admission.go), the guard right after
// call logging.
func serverOptions(cfg Config, logger *slog.Logger, a *admitter) []grpc.ServerOption {
	opts := append(cfg.Metrics.ServerOptions(),
		grpc.Creds(inProcessCredentials(cfg.Security.Credentials())),
		grpc.MaxRecvMsgSize(maxRecvMsgSize(cfg.Limits)),
		grpc.MaxConcurrentStreams(cfg.Connections.MaxConcurrentStreams),
		grpc.KeepaliveEnforcementPolicy(keepaliveEnforcement),
		grpc.KeepaliveParams(cfg.Connections.keepaliveParams()),
	)
	opts = append(opts, cfg.Connections.serverOptions()...)
	opts = append(opts, a.serverOptions()...)
	opts = append(opts,
		grpc.ChainUnaryInterceptor(
			logCalls(logger, cfg.LogRequests),
			a.unaryGuard(),
			security.UnaryInterceptor(cfg.Security.AuthFunc()),
			recovery.UnaryServerInterceptor(recovery.WithRecoveryHandlerContext(recoverPanic(logger))),
		),
		grpc.ChainStreamInterceptor(a.streamGuard(), security.StreamInterceptor(cfg.Security.AuthFunc())),
	)
	opts = append(opts, cfg.tracingServerOptions()...) // see tracing.go
	return append(opts, cfg.ServerOptions...)
}

// recoverPanic logs a handler's panic in full, with its stack, and answers
// the call Internal without internals.
func recoverPanic(logger *slog.Logger) recovery.RecoveryHandlerFuncContext {
	return func(ctx context.Context, p any) error {
		logger.ErrorContext(ctx, "panic in handler", "panic", p, "stack", string(debug.Stack()))
		return status.Error(codes.Internal, "internal error")
	}
}

// maxRecvMsgSize is the largest request message accepted: a Classify
// request of the largest text, or a batch of the largest total (see
// service.Config.MaxMessageBytes), with room for their framing.
func maxRecvMsgSize(l service.Config) int {
	// Each factor is capped at MaxInt32 first, so the sizes cannot overflow.
	l.MaxBatch, l.MaxTextBytes = min(l.MaxBatch, math.MaxInt32), min(l.MaxTextBytes, math.MaxInt32)
	classify, batch := l.MaxMessageBytes()
	return int(min(max(classify, batch), math.MaxInt32))
}
