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
)

// serverOptions returns the gRPC options of the server: message limits,
// connection limits, ageing and keepalive, transport security, and the
// interceptors, in the order each call meets them: metrics (first, so that
// they see every call, even those later ones refuse), call logging,
// authentication (after logging, so that refusals are logged), panic
// recovery; then cfg.ServerOptions.
func serverOptions(cfg Config, logger *slog.Logger) []grpc.ServerOption {
	opts := append(cfg.Metrics.serverOptions(),
		grpc.Creds(inProcessCredentials(cfg.Security.credentials())),
		grpc.MaxRecvMsgSize(maxRecvMsgSize(cfg.Limits)),
		grpc.MaxConcurrentStreams(cfg.Connections.MaxConcurrentStreams),
		grpc.KeepaliveEnforcementPolicy(keepaliveEnforcement),
		grpc.KeepaliveParams(cfg.Connections.keepaliveParams()),
		grpc.ChainUnaryInterceptor(
			logCalls(logger, cfg.LogRequests),
			authUnaryInterceptor(cfg.Security.authFunc()),
			recovery.UnaryServerInterceptor(recovery.WithRecoveryHandlerContext(recoverPanic(logger))),
		),
		grpc.ChainStreamInterceptor(authStreamInterceptor(cfg.Security.authFunc())),
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

// maxRecvMsgSize is the largest request message accepted: a full batch of
// texts of the largest size, with room for their framing.
func maxRecvMsgSize(l service.Config) int {
	const perTextFraming, slack = 16, 64 << 10
	// Each factor is capped at MaxInt32 first, so the product cannot overflow.
	size := min(int64(l.MaxBatch), math.MaxInt32)*(min(int64(l.MaxTextBytes), math.MaxInt32)+perTextFraming) + slack
	return int(min(size, math.MaxInt32))
}
