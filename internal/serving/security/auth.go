package security

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/auth"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/selector"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	reflectionv1 "google.golang.org/grpc/reflection/grpc_reflection_v1"
	reflectionv1alpha "google.golang.org/grpc/reflection/grpc_reflection_v1alpha"
	"google.golang.org/grpc/status"
)

// bearerAuth checks that a call carries the metadata "authorization: Bearer
// TOKEN" with the token that token returns. The tokens are compared by their
// SHA-256 digests in constant time, so that neither the time taken nor an
// early exit on a length mismatch tells anything of the token. Failures are
// Unauthenticated, and their messages never show what was sent.
func bearerAuth(token func() []byte) auth.AuthFunc {
	return func(ctx context.Context) (context.Context, error) {
		got, err := auth.AuthFromMD(ctx, "bearer")
		if err != nil {
			return nil, status.Error(codes.Unauthenticated, `missing bearer token: send the metadata "authorization: Bearer TOKEN"`)
		}
		want, sent := sha256.Sum256(token()), sha256.Sum256([]byte(got))
		if subtle.ConstantTimeCompare(want[:], sent[:]) != 1 {
			return nil, status.Error(codes.Unauthenticated, "invalid bearer token")
		}
		return ctx, nil
	}
}

// openServices are the services that need no token: load balancers and
// orchestrators probe health, and tools discover the API by reflection.
var openServices = map[string]bool{
	healthpb.Health_ServiceDesc.ServiceName:                    true,
	reflectionv1.ServerReflection_ServiceDesc.ServiceName:      true,
	reflectionv1alpha.ServerReflection_ServiceDesc.ServiceName: true,
}

// NeedsToken reports whether the calls of service need a bearer token
// (when there is one): all but the open services'.
func NeedsToken(service string) bool { return !openServices[service] }

// requireAuth selects the calls that need a token: every service's but the
// open ones, so that a service added later is closed until opened here.
var requireAuth = selector.MatchFunc(func(_ context.Context, c interceptors.CallMeta) bool {
	return !openServices[c.Service]
})

// UnaryInterceptor checks the calls requireAuth selects with f; with a
// nil f, it lets every call through.
func UnaryInterceptor(f auth.AuthFunc) grpc.UnaryServerInterceptor {
	if f == nil {
		return func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
			return handler(ctx, req)
		}
	}
	return selector.UnaryServerInterceptor(auth.UnaryServerInterceptor(f), requireAuth)
}

// StreamInterceptor is UnaryInterceptor for streaming calls:
// ClassifierService has none today, but one added later is closed too.
func StreamInterceptor(f auth.AuthFunc) grpc.StreamServerInterceptor {
	if f == nil {
		return func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
			return handler(srv, ss)
		}
	}
	return selector.StreamServerInterceptor(auth.StreamServerInterceptor(f), requireAuth)
}
