package serving

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/time/rate"
)

// This file makes the calls refused before their handler visible: they
// never reach the call log nor the call metrics, which come from
// interceptors. The tap handle records its own refusals; a call that ends
// without its request reaching the guard is recorded when it ends
// (admission.go). Each is counted, by reason, in topicd_rejected_total, and
// logged, at most rejectLogRate lines a second (a flood of refusals must
// not become a flood of logs); a line says how many were left out before
// it.

// The reasons of a rejection.
const (
	reasonUnauthenticated = "unauthenticated" // no or wrong bearer token, refused on the headers
	reasonBusy            = "busy"            // the budget of request bytes in flight is full
	reasonHeavy           = "heavy"           // as many heavy calls as allowed are running
	reasonTooLarge        = "too_large"       // never read whole: over the receive limit, or its client gave up
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

// unread records a call that ended without its request reaching the
// guard: grpc-go refused it as over the receive limit, the receive timeout
// or the deadline cancelled it, or its client gave up, as ctx's cause
// tells.
func (r *rejections) unread(ctx context.Context, method string) {
	reason := reasonTooLarge
	switch cause := context.Cause(ctx); {
	case errors.Is(cause, errRecvTimeout), errors.Is(cause, context.DeadlineExceeded):
		reason = reasonStalled
	}
	r.record(ctx, method, reason, nil)
}
