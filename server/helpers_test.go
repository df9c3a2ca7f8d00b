package main

import (
	"context"
	"io"
	"testing"

	"github.com/seed134e4861/topicd/internal/servingtest"
)

// testContext returns a context that ends with the test or after
// servingtest.Timeout.
func testContext(tb testing.TB) context.Context { return servingtest.Context(tb) }

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

// running is run started in the background by startRun.
type running struct {
	logs *servingtest.LogBuffer
	stop func() error // ends run's context and returns run's result
}

// startRun runs the server command with args and env in the background
// until stop is called or the test ends.
func startRun(ctx context.Context, tb testing.TB, args []string, vars map[string]string) *running {
	tb.Helper()
	serveCtx, cancel := context.WithCancel(ctx)
	r := &running{logs: servingtest.NewLogBuffer()}
	var runErr error
	done := make(chan struct{}) // closed when run has returned runErr
	go func() {
		defer close(done)
		runErr = run(serveCtx, args, env(vars), io.Discard, r.logs)
	}()
	r.stop = func() error {
		cancel()
		receive(ctx, tb, done, "run to return")
		return runErr
	}
	tb.Cleanup(func() { cancel(); <-done })
	return r
}
