package service_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/seed134e4861/topicd/internal/service"
	"github.com/seed134e4861/topicd/internal/servingtest"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// TestBatchDeadline sends a batch far too large to classify within its
// deadline: the call ends DeadlineExceeded, wherever the deadline finds it
// (sending, or classifying: see TestServiceBatchStops for the handler), and
// the server keeps serving.
func TestBatchDeadline(t *testing.T) {
	l := service.Config{MaxTextBytes: 256 << 10, MaxBatch: 256}
	c, _ := newTestClient(t, servingtest.WithLimits(l))
	ctx := servingtest.Context(t)
	texts := slices.Repeat([]string{servingtest.RepeatTo(servingtest.OnTopicText, l.MaxTextBytes)}, l.MaxBatch)
	short, cancel := context.WithTimeout(ctx, time.Millisecond)
	defer cancel()
	if _, err := c.ClassifyBatch(short, &topicdv1.ClassifyBatchRequest{Texts: texts}); status.Code(err) != codes.DeadlineExceeded {
		t.Errorf("ClassifyBatch(%d texts of %d bytes) with a 1 ms deadline = %v, want code DeadlineExceeded", len(texts), l.MaxTextBytes, err)
	}
	if _, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: servingtest.OnTopicText}); err != nil {
		t.Errorf("Classify after a batch past its deadline = %v, want the server still serving", err)
	}
}

// endingContext is a context that is live for its first live checks of Err
// and ended with err from then on: a deadline that passes, or a cancel,
// between two texts of a batch, at a point chosen without timing.
type endingContext struct {
	context.Context
	live atomic.Int64
	err  error
	once sync.Once
	done chan struct{}
}

func endAfter(live int64, err error) *endingContext {
	c := &endingContext{Context: context.Background(), err: err, done: make(chan struct{})}
	c.live.Store(live)
	return c
}

func (c *endingContext) Done() <-chan struct{} { return c.done }

func (c *endingContext) Err() error {
	if c.live.Add(-1) >= 0 {
		return nil
	}
	c.once.Do(func() { close(c.done) })
	return c.err
}

// TestServiceBatchStops checks that the ClassifyBatch handler checks its
// context between texts: when the deadline passes or the call is cancelled
// after some texts were classified, it stops there with DeadlineExceeded or
// Canceled instead of answering.
func TestServiceBatchStops(t *testing.T) {
	svc := newService(t, servingtest.DefaultLimits)
	texts := slices.Repeat([]string{servingtest.OnTopicText}, 8)
	for _, end := range []struct {
		err  error
		want codes.Code
	}{
		{context.DeadlineExceeded, codes.DeadlineExceeded},
		{context.Canceled, codes.Canceled},
	} {
		for live := range int64(len(texts)) {
			_, err := svc.ClassifyBatch(endAfter(live, end.err), &topicdv1.ClassifyBatchRequest{Texts: texts})
			if got := status.Code(err); got != end.want {
				t.Errorf("Service.ClassifyBatch(%d texts) with a context ending (%v) after %d checks = %v, want code %v",
					len(texts), end.err, live, err, end.want)
			}
		}
	}
	if _, err := svc.ClassifyBatch(endAfter(math.MaxInt64, errors.New("never")), &topicdv1.ClassifyBatchRequest{Texts: texts}); err != nil {
		t.Errorf("Service.ClassifyBatch(%d texts) with a live context = %v, want OK", len(texts), err)
	}
}
