package serving_test

import (
	"context"
	"io/fs"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/seed134e4861/topicd/internal/servingtest"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
	"github.com/seed134e4861/topicd/seeds"
)

// newTestClient serves the real server (serving.New, with its options and
// interceptors) in memory with opts for the length of the test, with the
// seed model unless opts say otherwise. It returns a client of
// ClassifierService and the connection, for other services.
func newTestClient(tb testing.TB, opts ...servingtest.Option) (topicdv1.ClassifierServiceClient, *grpc.ClientConn) {
	tb.Helper()
	conn := servingtest.New(tb, opts...).Conn(tb)
	return topicdv1.NewClassifierServiceClient(conn), conn
}

// receive waits for a value from ch, failing the test if ctx ends first.
func receive[T any](ctx context.Context, tb testing.TB, ch <-chan T, what string) T {
	tb.Helper()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		tb.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

func mustRead(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := fs.ReadFile(seeds.FS(), name)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// hooks is a test-only service, topicd.test.Hooks, registered on the real
// server beside ClassifierService, so that its calls go through the server's
// options and interceptors: Panic panics, Hold blocks until released.
type hooks struct {
	held    chan struct{} // receives a value when a Hold call has started
	release chan struct{} // closed to let Hold calls return
}

func newHooks() *hooks {
	return &hooks{held: make(chan struct{}, 1), release: make(chan struct{})}
}

// withHooks registers the hooks service h beside ClassifierService.
func withHooks(h *hooks) servingtest.Option { return servingtest.WithService(h.register) }

const (
	panicMethod = "/topicd.test.Hooks/Panic"
	holdMethod  = "/topicd.test.Hooks/Hold"
	// panicValue is what Panic panics with; it must not reach the caller.
	panicValue = "secret internals: /etc/topicd"
)

func (h *hooks) register(s grpc.ServiceRegistrar) {
	s.RegisterService(&grpc.ServiceDesc{
		ServiceName: "topicd.test.Hooks",
		HandlerType: (*any)(nil),
		Methods: []grpc.MethodDesc{
			unaryMethod("Panic", func(context.Context) error { panic(panicValue) }),
			unaryMethod("Hold", func(ctx context.Context) error {
				h.held <- struct{}{}
				select {
				case <-h.release:
					return nil
				case <-ctx.Done():
					return status.FromContextError(ctx.Err()).Err()
				}
			}),
		},
	}, h)
}

// unaryMethod describes a method taking and returning google.protobuf.Empty,
// answered by f through the server's interceptors, as generated code does.
func unaryMethod(name string, f func(context.Context) error) grpc.MethodDesc {
	return grpc.MethodDesc{
		MethodName: name,
		Handler: func(srv any, ctx context.Context, dec func(any) error, interceptor grpc.UnaryServerInterceptor) (any, error) {
			in := new(emptypb.Empty)
			if err := dec(in); err != nil {
				return nil, err
			}
			handler := func(ctx context.Context, _ any) (any, error) {
				if err := f(ctx); err != nil {
					return nil, err
				}
				return new(emptypb.Empty), nil
			}
			if interceptor == nil {
				return handler(ctx, in)
			}
			info := &grpc.UnaryServerInfo{Server: srv, FullMethod: "/topicd.test.Hooks/" + name}
			return interceptor(ctx, in, info, handler)
		},
	}
}
