package serving

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/auth"
	"golang.org/x/sync/semaphore"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/tap"
	"google.golang.org/protobuf/proto"

	"github.com/seed134e4861/topicd/internal/serving/metrics"
	"github.com/seed134e4861/topicd/internal/serving/security"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// This file admits calls. grpc-go reads a request message whole, and
// unmarshals it, before any interceptor runs; so what must hold before
// that runs earlier, in the server's tap handle, on the headers alone:
// the bearer token, and a reservation of the largest request a call may
// send from a server-wide budget of request bytes in flight. A call that
// cannot have either is refused there, having cost nothing. Then the guard,
// the first interceptor after the call log, shrinks the reservation to the
// request's real size, answers the codec's refusals (codec.go), and bounds
// the heavy calls that run at once.

// Admission bounds what calls may hold, server-wide. The zero value bounds
// nothing.
type Admission struct {
	// InflightBytes is the budget of request bytes in flight: each call
	// holds the largest request the server accepts from its headers until
	// its request has arrived, then the request's size until it ends. A
	// call that finds the budget full is refused ResourceExhausted. 0: no
	// budget.
	InflightBytes int64
	// MaxCallDuration is the server's deadline on every call, whatever the
	// client's. 0: none.
	MaxCallDuration time.Duration
	// RecvTimeout is how long a call's request may take to arrive after its
	// headers: a stalled upload is cancelled then. 0: no limit.
	RecvTimeout time.Duration
	// HeavyCalls bounds the heavy calls (see isHeavy) that run at once; one
	// more is refused ResourceExhausted at once rather than queued. 0: no
	// limit.
	HeavyCalls int
}

// heavyBytes is the request size from which a call is heavy.
const heavyBytes = 64 << 10

// errRecvTimeout cancels a call whose request did not arrive in time.
var errRecvTimeout = errors.New("the request did not arrive within the receive timeout")

// admitter admits calls by Admission; see the file's comment.
type admitter struct {
	cfg      Admission
	reserve  int64 // what a call holds until its request has arrived
	budget   *semaphore.Weighted
	heavy    *semaphore.Weighted
	authFunc auth.AuthFunc
	codec    *codec
	rejected *metrics.Rejections
}

// newAdmitter returns the admitter of a server whose largest request
// message is maxMsg bytes.
func newAdmitter(cfg Admission, maxMsg int64, authFunc auth.AuthFunc, c *codec, r *metrics.Rejections) *admitter {
	a := &admitter{cfg: cfg, reserve: maxMsg, authFunc: authFunc, codec: c, rejected: r}
	if cfg.InflightBytes > 0 {
		a.budget = semaphore.NewWeighted(cfg.InflightBytes)
	}
	if cfg.HeavyCalls > 0 {
		a.heavy = semaphore.NewWeighted(int64(cfg.HeavyCalls))
	}
	return a
}

// callState is what the admitter keeps of one call, in its context.
type callState struct {
	method  string
	mu      sync.Mutex
	held    int64 // bytes of the budget held
	budget  *semaphore.Weighted
	timer   *time.Timer // the receive timeout, until the request arrives
	reached atomic.Bool // the request arrived and reached the guard
}

type callStateKey struct{}

func callStateFrom(ctx context.Context) *callState {
	st, _ := ctx.Value(callStateKey{}).(*callState)
	return st
}

// resize makes the call hold n bytes of the budget, n at most what it holds.
func (st *callState) resize(n int64) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.budget != nil && n < st.held {
		st.budget.Release(st.held - n)
		st.held = n
	}
}

// arrived records that the request arrived: the receive timeout no longer
// applies.
func (st *callState) arrived() {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.timer != nil {
		st.timer.Stop()
		st.timer = nil
	}
}

// tap is the server's grpc.InTapHandle: it runs on each call's headers,
// before its body is read, on the connection's reading goroutine, so it
// only checks and counts. ctx carries the headers as incoming metadata.
func (a *admitter) tap(ctx context.Context, info *tap.Info) (context.Context, error) {
	if a.authFunc != nil && security.NeedsToken(serviceName(info.FullMethodName)) {
		if _, err := a.authFunc(ctx); err != nil {
			a.rejected.Record(ctx, info.FullMethodName, metrics.ReasonUnauthenticated, err)
			return nil, err
		}
	}
	st := &callState{method: info.FullMethodName, budget: a.budget}
	if a.budget != nil {
		if !a.budget.TryAcquire(a.reserve) {
			err := status.Error(codes.ResourceExhausted, "the server holds as many request bytes as it accepts at once; retry with backoff")
			a.rejected.Record(ctx, info.FullMethodName, metrics.ReasonBusy, err)
			return nil, err
		}
		st.held = a.reserve
	}
	var cancelDeadline context.CancelFunc = func() {}
	if a.cfg.MaxCallDuration > 0 {
		ctx, cancelDeadline = context.WithTimeout(ctx, a.cfg.MaxCallDuration)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	if a.cfg.RecvTimeout > 0 {
		st.mu.Lock()
		st.timer = time.AfterFunc(a.cfg.RecvTimeout, func() { cancel(errRecvTimeout) })
		st.mu.Unlock()
	}
	// grpc-go cancels the call's context when the call ends, however it
	// ends: then the call gives its bytes back, and one that never reached
	// the guard is a rejection (see package metrics).
	context.AfterFunc(ctx, func() {
		st.arrived()
		st.resize(0)
		if !st.reached.Load() {
			a.rejected.Record(ctx, st.method, unreadReason(ctx), nil)
		}
		cancel(nil)
		cancelDeadline()
	})
	return context.WithValue(ctx, callStateKey{}, st), nil
}

// serviceName returns the service of a full method name, "/pkg.Service/Method".
func serviceName(fullMethod string) string {
	service, _, _ := strings.Cut(strings.TrimPrefix(fullMethod, "/"), "/")
	return service
}

// unary is the guard for unary calls: see the file's comment.
func (a *admitter) unary(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	if err := a.admit(ctx, req); err != nil {
		return nil, err
	}
	if a.heavy != nil && isHeavy(req) {
		if !a.heavy.TryAcquire(1) {
			a.rejected.Record(ctx, info.FullMethod, metrics.ReasonHeavy, nil)
			return nil, status.Errorf(codes.ResourceExhausted, "%d heavy calls (explain, or requests over %d KiB) are running, as many as the server runs at once; retry with backoff", a.cfg.HeavyCalls, heavyBytes>>10)
		}
		defer a.heavy.Release(1)
	}
	return handler(ctx, req)
}

// admit takes a request that has arrived: the codec's refusal of it, if
// any, else the call now holds its size of the budget.
func (a *admitter) admit(ctx context.Context, req any) error {
	st := callStateFrom(ctx)
	if st != nil {
		st.arrived()
		st.reached.Store(true)
	}
	if err := a.codec.refusal(req); err != nil {
		method := ""
		if st != nil {
			method = st.method
		}
		a.rejected.Record(ctx, method, metrics.ReasonBadRequest, err)
		return err
	}
	if st != nil {
		if m, ok := req.(proto.Message); ok {
			st.resize(int64(proto.Size(m)))
		}
	}
	return nil
}

// isHeavy reports whether a request is heavy: it asks for explanations, or
// is over heavyBytes.
func isHeavy(req any) bool {
	switch req := req.(type) {
	case *topicdv1.ClassifyRequest:
		return req.GetExplain() || len(req.GetText()) > heavyBytes
	case *topicdv1.ClassifyBatchRequest:
		return req.GetExplain() || proto.Size(req) > heavyBytes
	}
	return false
}

// stream is the guard for streaming calls: each message received is
// checked like a unary request; a call that receives one message only
// (health's Watch) gives back its bytes once it has it.
func (a *admitter) stream(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	return handler(srv, &guardedStream{ServerStream: ss, a: a, once: !info.IsClientStream})
}

type guardedStream struct {
	grpc.ServerStream
	a    *admitter
	once bool
}

func (s *guardedStream) RecvMsg(m any) error {
	if err := s.ServerStream.RecvMsg(m); err != nil {
		return err
	}
	if err := s.a.admit(s.Context(), m); err != nil {
		return err
	}
	if st := callStateFrom(s.Context()); st != nil && s.once {
		st.resize(0)
	}
	return nil
}

// serverOptions returns the admitter's tap handle and codec; none when a
// is nil.
func (a *admitter) serverOptions() []grpc.ServerOption {
	if a == nil {
		return nil
	}
	return []grpc.ServerOption{
		grpc.InTapHandle(a.tap),
		grpc.ForceServerCodecV2(a.codec),
	}
}

// unaryGuard returns the guard of unary calls, or one that lets every call
// through when a is nil.
func (a *admitter) unaryGuard() grpc.UnaryServerInterceptor {
	if a == nil {
		return func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
			return handler(ctx, req)
		}
	}
	return a.unary
}

// streamGuard is unaryGuard for streaming calls.
func (a *admitter) streamGuard() grpc.StreamServerInterceptor {
	if a == nil {
		return func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
			return handler(srv, ss)
		}
	}
	return a.stream
}

// unreadReason is the reason of a call that ended without its request
// reaching the guard: grpc-go refused it as over the receive limit, the
// receive timeout or the deadline cancelled it, or its client gave up, as
// ctx's cause tells.
func unreadReason(ctx context.Context) string {
	switch cause := context.Cause(ctx); {
	case errors.Is(cause, errRecvTimeout), errors.Is(cause, context.DeadlineExceeded):
		return metrics.ReasonStalled
	}
	return metrics.ReasonTooLarge
}
