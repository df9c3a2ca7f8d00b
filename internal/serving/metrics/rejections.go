package metrics

import (
	"context"
	"log/slog"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/time/rate"
	"google.golang.org/grpc/status"
)

// This file makes the calls refused before their handler visible: they
// never reach the call log nor the call metrics, which come from
// interceptors. The tap handle records its own refusals; a call that ends
// without its request reaching the guard is recorded when it ends
// (package serving's admission.go). Each is counted, by reason, in
// topicd_rejected_total, and logged, at most rejectLogRate lines a second
// (a flood of refusals must not become a flood of logs); a line says how
// many were left out before it.

// The reasons of a rejection.
const (
	ReasonUnauthenticated = "unauthenticated" // no or wrong bearer token, refused on the headers
	ReasonBusy            = "busy"            // the budget of request bytes in flight is full
	ReasonHeavy           = "heavy"           // as many heavy calls as allowed are running
	ReasonTooLarge        = "too_large"       // never read whole: over the receive limit, or its client gave up
	ReasonBadRequest      = "bad_request"     // refused by the codec: see package serving's codec.go
	ReasonStalled         = "stalled"         // the request did not arrive in time, or the client went away
	ReasonOther           = "other"
)

// rejectLogRate and rejectLogBurst bound the rejection log lines.
const (
	rejectLogRate  = 5
	rejectLogBurst = 10
)

// Rejections counts and logs rejections (see NewRejections). A nil
// *Rejections records nothing.
type Rejections struct {
	logger     *slog.Logger
	limit      *rate.Limiter
	suppressed atomic.Int64
	counter    *prometheus.CounterVec // nil: no metrics
}

// NewRejections returns the rejections of a server logging to logger and
// counting in m's topicd_rejected_total, unless m is nil.
func NewRejections(logger *slog.Logger, m *Metrics) *Rejections {
	r := &Rejections{logger: logger, limit: rate.NewLimiter(rejectLogRate, rejectLogBurst)}
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
	for _, r := range []string{ReasonUnauthenticated, ReasonBusy, ReasonHeavy, ReasonTooLarge, ReasonBadRequest, ReasonStalled, ReasonOther} {
		c.WithLabelValues(r)
	}
	return c
}

// Record counts and, within the rate, logs one rejection of a call of
// method, for reason (one of the Reason constants), with err its status
// if any.
func (r *Rejections) Record(_ context.Context, method, reason string, err error) {
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

// logRejection is how a rejection is logged, at most a few times a
// second: at info, as the caller's fault.
func logRejection(logger *slog.Logger, method, reason string, err error, suppressed int64) {
	attrs := []any{"grpc.method", method, "reason", reason}
	if err != nil {
		attrs = append(attrs, "grpc.code", status.Code(err).String())
	}
	if suppressed > 0 {
		attrs = append(attrs, "suppressed", suppressed)
	}
	logger.Info("rejected call", attrs...)
}
