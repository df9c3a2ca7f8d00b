package clienttest

import (
	"context"
	"crypto/subtle"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// RequireBearerToken returns a server option under which every call must
// carry the metadata "authorization: Bearer token", as topicd's
// --auth-token-file requires; others fail with Unauthenticated.
func RequireBearerToken(token string) grpc.ServerOption {
	want := []byte("Bearer " + token)
	return grpc.ChainUnaryInterceptor(func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		got := metadata.ValueFromIncomingContext(ctx, "authorization")
		if len(got) != 1 || subtle.ConstantTimeCompare([]byte(got[0]), want) != 1 {
			return nil, status.Error(codes.Unauthenticated, "missing or invalid bearer token")
		}
		return handler(ctx, req)
	})
}
