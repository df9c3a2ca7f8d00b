package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/seed134e4861/topicd/model/naivebayes"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
	"github.com/seed134e4861/topicd/seeds"
)

// testTimeout bounds every wait of a test, so that a broken server fails the
// test instead of hanging it. Tests never assert on how long things take.
const testTimeout = time.Minute

// defaultLimits are the limits of the flags' defaults.
var defaultLimits = limits{maxTextBytes: 1 << 20, maxBatch: 256}

// seedModel is the model trained on the embedded seeds, trained once for all
// tests (a model is immutable and safe for concurrent use).
var seedModel = sync.OnceValues(func() (*naivebayes.Model, error) { return naivebayes.TrainFS(seeds.FS()) })

func mustSeedModel(tb testing.TB) *naivebayes.Model {
	tb.Helper()
	m, err := seedModel()
	if err != nil {
		tb.Fatalf("training on the seeds: %v", err)
	}
	return m
}

// testContext returns a context that ends with the test or after testTimeout.
func testContext(tb testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	tb.Cleanup(cancel)
	return ctx
}

// testServer configures the server newTestClient starts.
type testServer struct {
	limits      limits
	noModel     bool
	model       *naivebayes.Model // nil: the seeds model
	logs        io.Writer
	logRequests bool
	metrics     *metrics
	services    []func(*grpc.Server)
}

type testServerOption func(*testServer)

// withLimits serves with limits l instead of the flags' defaults.
func withLimits(l limits) testServerOption { return func(ts *testServer) { ts.limits = l } }

// withoutModel serves without ever loading a model.
func withoutModel() testServerOption { return func(ts *testServer) { ts.noModel = true } }

// withModel serves m instead of the seeds model.
func withModel(m *naivebayes.Model) testServerOption { return func(ts *testServer) { ts.model = m } }

// withLogs writes the server's logs, as JSON lines, to w.
func withLogs(w io.Writer) testServerOption { return func(ts *testServer) { ts.logs = w } }

// withoutRequestLogs logs only failed calls, as --log-requests=false does.
func withoutRequestLogs() testServerOption { return func(ts *testServer) { ts.logRequests = false } }

// withMetrics records the server's metrics in m (see newMetrics).
func withMetrics(m *metrics) testServerOption { return func(ts *testServer) { ts.metrics = m } }

// withHooks registers the test-only hooks service h beside ClassifierService.
func withHooks(h *hooks) testServerOption {
	return func(ts *testServer) { ts.services = append(ts.services, h.register) }
}

// newTestClient serves the real server (newServer, with its options and
// interceptors) in memory over bufconn, with the seed model loaded unless
// withoutModel is given, for the length of the test. It returns a client of
// ClassifierService and the connection, for other services.
func newTestClient(tb testing.TB, opts ...testServerOption) (topicdv1.ClassifierServiceClient, *grpc.ClientConn) {
	tb.Helper()
	ts := testServer{limits: defaultLimits, logs: io.Discard, logRequests: true}
	for _, o := range opts {
		o(&ts)
	}
	sc := serverConfig{limits: ts.limits, logRequests: ts.logRequests, metrics: ts.metrics}
	s := newServer(sc, slog.New(slog.NewJSONHandler(ts.logs, nil)))
	for _, register := range ts.services {
		register(s.grpc)
	}
	if !ts.noModel {
		m := ts.model
		if m == nil {
			m = mustSeedModel(tb)
		}
		s.svc.SetModel(m)
		s.setServing(true)
	}
	lis := bufconn.Listen(1 << 20)
	serveUntilCleanup(tb, s, lis)
	conn := dialBufconn(tb, lis)
	return topicdv1.NewClassifierServiceClient(conn), conn
}

// serveUntilCleanup serves s's gRPC server on lis until the test ends.
func serveUntilCleanup(tb testing.TB, s *server, lis net.Listener) {
	served := make(chan struct{})
	go func() {
		defer close(served)
		s.grpc.Serve(lis)
	}()
	tb.Cleanup(func() {
		s.grpc.Stop()
		<-served
	})
}

// dialBufconn returns a client connection to lis, closed with the test.
func dialBufconn(tb testing.TB, lis *bufconn.Listener) *grpc.ClientConn {
	tb.Helper()
	conn, err := grpc.NewClient("passthrough:///bufconn",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	return conn
}

// fieldViolations returns the fields named by the errdetails.BadRequest
// details of err's status.
func fieldViolations(err error) []string {
	var fields []string
	for _, d := range status.Convert(err).Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			for _, v := range br.GetFieldViolations() {
				fields = append(fields, v.GetField())
			}
		}
	}
	return fields
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

const (
	panicMethod = "/topicd.test.Hooks/Panic"
	holdMethod  = "/topicd.test.Hooks/Hold"
	// panicValue is what Panic panics with; it must not reach the caller.
	panicValue = "secret internals: /etc/topicd"
)

func (h *hooks) register(s *grpc.Server) {
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

// logBuffer collects log output written concurrently by the server and lets
// a test wait, without sleeping, until some line has been written.
type logBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	written chan struct{} // closed and replaced at each Write
}

func newLogBuffer() *logBuffer { return &logBuffer{written: make(chan struct{})} }

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	close(b.written)
	b.written = make(chan struct{})
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitFor waits until the logs match re, and returns the submatches of its
// first match. It fails the test if ctx ends first.
func (b *logBuffer) waitFor(ctx context.Context, tb testing.TB, re *regexp.Regexp) []string {
	tb.Helper()
	for {
		b.mu.Lock()
		m := re.FindStringSubmatch(b.buf.String())
		written := b.written
		b.mu.Unlock()
		if m != nil {
			return m
		}
		select {
		case <-written:
		case <-ctx.Done():
			tb.Fatalf("no log line matching %s; logs:\n%s", re, b.String())
			return nil
		}
	}
}

// records parses the logs as JSON lines (slog.JSONHandler).
func (b *logBuffer) records(tb testing.TB) []map[string]any {
	tb.Helper()
	var recs []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if line == "" {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			tb.Fatalf("log line %q is not JSON: %v", line, err)
		}
		recs = append(recs, rec)
	}
	return recs
}

// callRecords returns the "finished call" records of the logs, each reduced
// to its level, service, method and code.
func (b *logBuffer) callRecords(tb testing.TB) []callRecord {
	tb.Helper()
	var calls []callRecord
	for _, rec := range b.records(tb) {
		if rec["msg"] != "finished call" {
			continue
		}
		str := func(k string) string { s, _ := rec[k].(string); return s }
		calls = append(calls, callRecord{
			Level: str("level"), Service: str("grpc.service"), Method: str("grpc.method"), Code: str("grpc.code"),
		})
	}
	return calls
}

// callRecord is the gist of the log line of one call.
type callRecord struct {
	Level, Service, Method, Code string
}

// running is run started in the background by startRun.
type running struct {
	logs *logBuffer
	stop func() error // ends run's context and returns run's result
}

// startRun runs the server command with args and env in the background
// until stop is called or the test ends.
func startRun(ctx context.Context, tb testing.TB, args []string, vars map[string]string) *running {
	tb.Helper()
	serveCtx, cancel := context.WithCancel(ctx)
	r := &running{logs: newLogBuffer()}
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
