package serving

import (
	"log/slog"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/logging"
	"google.golang.org/grpc"

	"github.com/seed134e4861/topicd/internal/service"
)

// Internals exposed to the tests of package serving_test.

func MaxRecvMsgSize(l service.Config) int { return maxRecvMsgSize(l) }

func CallLevel(logRequests bool) logging.CodeToLevel { return callLevel(logRequests) }

func PendingReloads(s *Server) int { return len(s.reloads) }

func ServerOptions(cfg Config, logger *slog.Logger) []grpc.ServerOption {
	return serverOptions(cfg, logger, nil)
}
