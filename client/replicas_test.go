package client_test

import (
	"context"
	"fmt"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/seed134e4861/topicd/client"
	"github.com/seed134e4861/topicd/internal/servingtest"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// replica is one in-memory server of a test: the real server, counting
// the Classify calls it receives with an interceptor of its own.
type replica struct {
	srv   *servingtest.Server
	calls atomic.Int64
	// fail, if not OK, is the code every Classify call fails with; set
	// before the first call.
	fail codes.Code
}

// intercept counts Classify calls, and fails them with r.fail if set. It
// runs after topicd's own interceptors.
func (r *replica) intercept(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	if info.FullMethod != topicdv1.ClassifierService_Classify_FullMethodName {
		return handler(ctx, req)
	}
	r.calls.Add(1)
	if r.fail != codes.OK {
		return nil, status.Error(r.fail, "test replica failing")
	}
	return handler(ctx, req)
}

// setServing sets the health status the replica reports, through the real
// server's health service.
func (r *replica) setServing(ok bool) { r.srv.SetServing(ok) }

// serveReplicas serves n replicas in memory for the length of the test,
// replica i at "localhost:5005i", each reporting SERVING unless setup,
// called on each before the client is made, says otherwise. It returns them
// and a client of them all made by NewMulti.
func serveReplicas(t *testing.T, n int, setup func(i int, r *replica)) ([]*replica, *client.Client) {
	t.Helper()
	replicas := make([]*replica, n)
	addrs := make([]string, n)
	dialers := make(map[string]func(context.Context, string) (net.Conn, error), n)
	for i := range n {
		r := &replica{}
		r.srv = servingtest.New(t, servingtest.WithServerOptions(grpc.ChainUnaryInterceptor(r.intercept)))
		if setup != nil {
			setup(i, r)
		}
		replicas[i] = r
		addrs[i] = fmt.Sprintf("localhost:5005%d", i)
		dialers[addrs[i]] = r.srv.Dialer()
	}
	dial := func(ctx context.Context, addr string) (net.Conn, error) {
		d, ok := dialers[addr]
		if !ok {
			return nil, fmt.Errorf("no replica at %s", addr)
		}
		return d(ctx, addr)
	}
	c, err := client.NewMulti(addrs, client.WithInsecure(), client.WithDialOptions(grpc.WithContextDialer(dial)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return replicas, c
}

// testContext returns a context that ends with the test, or after a minute
// so that a broken client fails the test instead of hanging it. Tests never
// assert on how long things take.
func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// classifyUntil calls Classify, failing the test at the first error, until
// done returns true.
func classifyUntil(ctx context.Context, t *testing.T, c *client.Client, done func() bool) {
	t.Helper()
	for !done() {
		if ctx.Err() != nil {
			t.Fatalf("gave up waiting: %v", ctx.Err())
		}
		if _, err := c.Classify(ctx, "Anonymous revendique une attaque DDoS"); err != nil {
			t.Fatalf("Classify: %v", err)
		}
	}
}

func counts(replicas []*replica) []int64 {
	n := make([]int64, len(replicas))
	for i, r := range replicas {
		n[i] = r.calls.Load()
	}
	return n
}

// TestNewMultiRoundRobin checks that, once every replica is ready, calls go
// to each in turn.
func TestNewMultiRoundRobin(t *testing.T) {
	ctx := testContext(t)
	replicas, c := serveReplicas(t, 3, nil)
	// Connections are made in the background: wait until all are ready,
	// that is until every replica has answered a call.
	classifyUntil(ctx, t, c, func() bool {
		for _, r := range replicas {
			if r.calls.Load() == 0 {
				return false
			}
		}
		return true
	})
	before := counts(replicas)
	const calls = 30
	for range calls {
		if _, err := c.Classify(ctx, "MacronLeaks: des courriels de campagne publiés"); err != nil {
			t.Fatalf("Classify: %v", err)
		}
	}
	for i, r := range replicas {
		if got, want := r.calls.Load()-before[i], int64(calls/len(replicas)); got != want {
			t.Errorf("replica %d answered %d of %d calls, want %d (all calls: %v before, %v after)", i, got, calls, want, before, counts(replicas))
		}
	}
}

// TestNewMultiHealthChecks checks that a replica that does not report
// SERVING gets no calls, that it gets calls again once it does, and that
// when none serves a call fails with Unavailable instead of waiting for
// its deadline.
func TestNewMultiHealthChecks(t *testing.T) {
	ctx := testContext(t)
	replicas, c := serveReplicas(t, 3, func(i int, r *replica) { r.setServing(i != 1) })
	for range 20 {
		if _, err := c.Classify(ctx, "Anonymous revendique une attaque DDoS"); err != nil {
			t.Fatalf("Classify: %v", err)
		}
	}
	if n := counts(replicas); n[1] != 0 || n[0]+n[2] != 20 {
		t.Errorf("calls per replica = %v with replica 1 NOT_SERVING, want 20 calls, none to replica 1", n)
	}

	replicas[1].setServing(true)
	classifyUntil(ctx, t, c, func() bool { return replicas[1].calls.Load() > 0 })

	for _, r := range replicas {
		r.setServing(false)
	}
	// Once the client has heard that no replica serves, calls fail at once.
	// Until then, some may still succeed.
	for {
		_, err := c.Classify(ctx, "Anonymous revendique une attaque DDoS")
		if err == nil {
			continue
		}
		if status.Code(err) != codes.Unavailable {
			t.Fatalf("Classify with no replica serving: %v, want code Unavailable", err)
		}
		break
	}
}

// TestNewMultiRetriesUnavailable checks that a call that fails with
// Unavailable on one replica is answered by another, and that the caller
// never sees the failure.
func TestNewMultiRetriesUnavailable(t *testing.T) {
	ctx := testContext(t)
	replicas, c := serveReplicas(t, 2, func(i int, r *replica) {
		if i == 0 {
			r.fail = codes.Unavailable
		}
	})
	// Every call must succeed (classifyUntil fails the test otherwise),
	// though the failing replica gets calls too.
	classifyUntil(ctx, t, c, func() bool { return replicas[0].calls.Load() >= 5 })
	if n := replicas[1].calls.Load(); n == 0 {
		t.Errorf("the healthy replica answered no call, want it to answer them all")
	}
}

// TestNoRetryOnOtherCodes checks that a call failing with a code other than
// Unavailable is tried once and its error returned as is.
func TestNoRetryOnOtherCodes(t *testing.T) {
	ctx := testContext(t)
	for _, code := range []codes.Code{codes.Internal, codes.InvalidArgument, codes.ResourceExhausted} {
		replicas, c := serveReplicas(t, 1, func(_ int, r *replica) { r.fail = code })
		if _, err := c.Classify(ctx, "texte"); status.Code(err) != code {
			t.Errorf("Classify on a replica failing with %v: %v, want code %v", code, err, code)
		}
		if n := replicas[0].calls.Load(); n != 1 {
			t.Errorf("Classify on a replica failing with %v was tried %d times, want 1", code, n)
		}
	}
}

func TestNewMultiRefuses(t *testing.T) {
	for _, addrs := range [][]string{
		nil,
		{},
		{""},
		{"localhost"},
		{"localhost:50051", "no-port"},
	} {
		if c, err := client.NewMulti(addrs, client.WithInsecure()); err == nil {
			c.Close()
			t.Errorf("NewMulti(%q) succeeded, want an error", addrs)
		}
	}
	if _, err := client.NewMulti([]string{"localhost:50051"}); err == nil {
		t.Error("NewMulti without credentials succeeded, want an error asking for them")
	}
}
