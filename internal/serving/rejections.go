package serving

import (
	"context"
	"log/slog"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/time/rate"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/stats"
	"google.golang.org/grpc/status"
)

// This file makes the calls refused before their handler visible: they
// never reach the call log nor the call metrics, which come from
// interceptors. Each is counted, by reason, in topicd_rejected_total, and
// logged, at most rejectLogRate lines a second (a flood of refusals must
// not become a flood of logs); a line says how many were left out before
// it.

// The reasons of a rejection.
const (
	reasonUnauthenticated = "unauthenticated" // no or wrong bearer token, refused on the headers
	reasonBusy            = "busy"            // the budget of request bytes in flight is full
	reasonHeavy           = "heavy"           // as many heavy calls as allowed are running
	reasonTooLarge        = "too_large"       // over the largest request message, refused by grpc-go
	reasonBadRequest      = "bad_request"     // refused by the codec: see codec.go
	reasonStalled         = "stalled"         // the request did not arrive in time, or the client went away
	reasonOther           = "other"
)

// rejectLogRate and rejectLogBurst bound the rejection log lines.
const (
	rejectLogRate  = 5
	rejectLogBurst = 10
)

// rejections counts and logs rejections.
type rejections struct {
	logger     *slog.Logger
	limit      *rate.Limiter
	suppressed atomic.Int64
	counter    *prometheus.CounterVec // nil: no metrics
}

func newRejections(logger *slog.Logger, m *Metrics) *rejections {
	r := &rejections{logger: logger, limit: rate.NewLimiter(rejectLogRate, rejectLogBurst)}
	if m != nil {
		r.counter = m.rejected
	}
	return r
}

// newRejectedCounter is topicd_rejected_total, with a series per reason at
// 0 from the start.
func newRejectedCounter() *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "topicd_rejected_total",
		Help: "Calls refused before their handler ran, by reason: unauthenticated, busy, heavy, too_large, bad_request, stalled, other.",
	}, []string{"reason"})
	for _, r := range []string{reasonUnauthenticated, reasonBusy, reasonHeavy, reasonTooLarge, reasonBadRequest, reasonStalled, reasonOther} {
		c.WithLabelValues(r)
	}
	return c
}

// record counts and, within the rate, logs one rejection.
func (r *rejections) record(_ context.Context, method, reason string, err error) {
	if r == nil {
		return
	}
	if r.counter != nil {
		r.counter.WithLabelValues(reason).Inc()
	}
	if !r.limit.Allow() {
		r.suppressed.Add(1)
		return
	}
	logRejection(r.logger, method, reason, err, r.suppressed.Swap(0))
}

// rejectionStats is a stats.Handler that records the calls that ended in
// an error before reaching the guard: refused by grpc-go while reading the
// request (too large, or it never came).
type rejectionStats struct{ r *rejections }

func (h rejectionStats) TagRPC(ctx context.Context, _ *stats.RPCTagInfo) context.Context { return ctx }
func (h rejectionStats) TagConn(ctx context.Context, _ *stats.ConnTagInfo) context.Context {
	return ctx
}
func (h rejectionStats) HandleConn(context.Context, stats.ConnStats) {}

func (h rejectionStats) HandleRPC(ctx context.Context, s stats.RPCStats) {
	end, ok := s.(*stats.End)
	if !ok || end.Error == nil {
		return
	}
	st := callStateFrom(ctx)
	if st == nil || st.reached.Load() {
		return
	}
	reason := reasonOther
	switch status.Code(end.Error) {
	case codes.ResourceExhausted:
		reason = reasonTooLarge
	case codes.Canceled, codes.DeadlineExceeded:
		reason = reasonStalled
	case codes.Internal, codes.InvalidArgument:
		reason = reasonBadRequest
	}
	h.r.record(ctx, st.method, reason, end.Error)
}
