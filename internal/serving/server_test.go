package serving_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math"
	"net"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/connectivity"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/seed134e4861/topicd/internal/service"
	"github.com/seed134e4861/topicd/internal/serving"
	"github.com/seed134e4861/topicd/internal/servingtest"
	"github.com/seed134e4861/topicd/model/naivebayes"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

const classifyMethod = "/topicd.v1.ClassifierService/Classify"

// TestPanicRecovered checks that a handler's panic, caught by the server's
// recovery interceptor, is answered Internal without internals, logged in
// full, and that the server keeps serving.
func TestPanicRecovered(t *testing.T) {
	logs := servingtest.NewLogBuffer()
	c, conn := newTestClient(t, servingtest.WithLogs(logs), withHooks(newHooks()))
	ctx := servingtest.Context(t)

	err := conn.Invoke(ctx, panicMethod, &emptypb.Empty{}, &emptypb.Empty{})
	if status.Code(err) != codes.Internal {
		t.Fatalf("Invoke(%s) = %v, want code Internal", panicMethod, err)
	}
	if st := status.Convert(err); strings.Contains(st.Message(), "secret") || len(st.Details()) > 0 {
		t.Errorf("Invoke(%s) = %v with details %v, want no internals in the answer", panicMethod, err, st.Details())
	}
	var logged bool
	for _, rec := range logs.Records(t) {
		if rec["msg"] == "panic in handler" && rec["panic"] == panicValue && rec["level"] == "ERROR" {
			logged = rec["stack"] != ""
		}
	}
	if !logged {
		t.Errorf("the panic is not logged at ERROR with its value and stack; logs:\n%s", logs)
	}
	want := []servingtest.CallRecord{{Level: "ERROR", Service: "topicd.test.Hooks", Method: "Panic", Code: "Internal"}}
	if diff := cmp.Diff(want, logs.CallRecords(t)); diff != "" {
		t.Errorf("call logs (-want +got):\n%s", diff)
	}

	if _, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: "Anonymous revendique une attaque DDoS"}); err != nil {
		t.Errorf("Classify after a panic = %v, want the server still serving", err)
	}
}

// TestCallLogs checks that every call is logged once, with its method, code
// and duration: successful calls at INFO, failed ones at a level following
// the code. (TestRequestLogs checks the request's fields, and that the text
// is never logged.)
func TestCallLogs(t *testing.T) {
	logs := servingtest.NewLogBuffer()
	c, _ := newTestClient(t, servingtest.WithLogs(logs), servingtest.WithLimits(service.Config{MaxTextBytes: 64, MaxBatch: 2}))
	ctx := servingtest.Context(t)
	if _, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: "Anonymous revendique une attaque"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ClassifyBatch(ctx, &topicdv1.ClassifyBatchRequest{Texts: []string{"une", "deux"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetModelInfo(ctx, &topicdv1.GetModelInfoRequest{}); err != nil {
		t.Fatal(err)
	}

	if _, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: " "}); status.Code(err) != codes.InvalidArgument {
		t.Fatalf("Classify(%q) = %v, want code InvalidArgument", " ", err)
	}
	if _, err := c.ClassifyBatch(ctx, &topicdv1.ClassifyBatchRequest{Texts: []string{"a", "b", "c"}}); status.Code(err) != codes.InvalidArgument {
		t.Fatalf("ClassifyBatch(3 texts) = %v, want code InvalidArgument", err)
	}
	unready, _ := newTestClient(t, servingtest.WithLogs(logs), servingtest.WithoutModel())
	if _, err := unready.GetModelInfo(ctx, &topicdv1.GetModelInfoRequest{}); status.Code(err) != codes.Unavailable {
		t.Fatalf("GetModelInfo() without a model = %v, want code Unavailable", err)
	}
	const svc = "topicd.v1.ClassifierService"
	want := []servingtest.CallRecord{
		{Level: "INFO", Service: svc, Method: "Classify", Code: "OK"},
		{Level: "INFO", Service: svc, Method: "ClassifyBatch", Code: "OK"},
		{Level: "INFO", Service: svc, Method: "GetModelInfo", Code: "OK"},
		{Level: "INFO", Service: svc, Method: "Classify", Code: "InvalidArgument"},
		{Level: "INFO", Service: svc, Method: "ClassifyBatch", Code: "InvalidArgument"},
		{Level: "WARN", Service: svc, Method: "GetModelInfo", Code: "Unavailable"},
	}
	if diff := cmp.Diff(want, logs.CallRecords(t)); diff != "" {
		t.Errorf("call logs (-want +got):\n%s", diff)
	}
	for _, rec := range logs.Records(t) {
		if _, ok := rec["grpc.time_ms"]; rec["msg"] == "finished call" && !ok {
			t.Errorf("call log %v has no duration (grpc.time_ms)", rec)
		}
	}
}

// TestMaxRecvMsgSize checks that the receive limit lets the largest valid
// batch through, and stays a valid int32 size for huge limits.
func TestMaxRecvMsgSize(t *testing.T) {
	for _, l := range []service.Config{
		{MaxTextBytes: 1, MaxBatch: 1},
		{MaxTextBytes: 127, MaxBatch: 3},
		{MaxTextBytes: 128, MaxBatch: 3},
		{MaxTextBytes: 1 << 14, MaxBatch: 1000},
		servingtest.DefaultLimits,
		{MaxTextBytes: 1 << 28, MaxBatch: 7},
	} {
		// A batch is one length-delimited field 1 per text, of at most
		// MaxBatchBytes in all when it is set.
		total := l.MaxBatch * l.MaxTextBytes
		if l.MaxBatchBytes > 0 {
			total = min(total, l.MaxBatchBytes)
		}
		largest := l.MaxBatch*(protowire.SizeTag(1)+protowire.SizeVarint(uint64(l.MaxTextBytes))) + total
		if got := serving.MaxRecvMsgSize(l); got < largest {
			t.Errorf("maxRecvMsgSize(%+v) = %d, want at least %d, the size of the largest valid batch", l, got, largest)
		}
	}
	for _, l := range []service.Config{
		{MaxTextBytes: math.MaxInt32, MaxBatch: math.MaxInt32},
		{MaxTextBytes: math.MaxInt, MaxBatch: 1},
		{MaxTextBytes: 1 << 62, MaxBatch: 4},
	} {
		if got := serving.MaxRecvMsgSize(l); got != math.MaxInt32 {
			t.Errorf("maxRecvMsgSize(%+v) = %d, want %d", l, got, math.MaxInt32)
		}
	}
}

// TestReceiveLimit checks that a request over the receive limit is refused
// with ResourceExhausted, before any handler or interceptor sees it, that the
// largest valid batch is not, and that the server keeps serving.
func TestReceiveLimit(t *testing.T) {
	l := service.Config{MaxTextBytes: 100_000, MaxBatch: 3}
	logs := servingtest.NewLogBuffer()
	c, _ := newTestClient(t, servingtest.WithLimits(l), servingtest.WithLogs(logs))
	ctx := servingtest.Context(t)

	text := strings.Repeat("x", l.MaxTextBytes)
	largest := &topicdv1.ClassifyBatchRequest{Texts: []string{text, text, text}}
	if _, err := c.ClassifyBatch(ctx, largest); err != nil {
		t.Errorf("ClassifyBatch(%d texts of %d bytes) = %v, want OK", l.MaxBatch, l.MaxTextBytes, err)
	}

	huge := &topicdv1.ClassifyRequest{Text: strings.Repeat("x", serving.MaxRecvMsgSize(l))}
	if _, err := c.Classify(ctx, huge); status.Code(err) != codes.ResourceExhausted {
		t.Errorf("Classify(text of %d bytes) = %v, want code ResourceExhausted", proto.Size(huge), err)
	}
	// Only the valid batch was logged.
	want := []servingtest.CallRecord{{Level: "INFO", Service: "topicd.v1.ClassifierService", Method: "ClassifyBatch", Code: "OK"}}
	if diff := cmp.Diff(want, logs.CallRecords(t)); diff != "" {
		t.Errorf("oversize request reached the interceptors; call logs (-want +got):\n%s", diff)
	}
	if _, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: "Anonymous revendique une attaque DDoS"}); err != nil {
		t.Errorf("Classify after an oversize request = %v, want the server still serving", err)
	}
}

// rawCodec sends request bytes built by hand, as rawMessage, bypassing the
// protobuf codec's checks. Its name, "proto", keeps the usual content type.
type rawCodec struct{}

type rawMessage []byte

func (rawCodec) Marshal(v any) ([]byte, error) { return v.(rawMessage), nil }
func (rawCodec) Name() string                  { return "proto" }
func (rawCodec) Unmarshal(data []byte, v any) error {
	*v.(*rawMessage) = slices.Clone(data)
	return nil
}

// TestInvalidUTF8 pins what grpc-go v1.85 does with a text that is not valid
// UTF-8 (proto3 strings must be): the client's codec refuses to send it, with
// Internal; sent anyway as raw bytes, the server's codec refuses to decode it,
// also with Internal ("grpc: failed to unmarshal the received message"),
// before the handler or its interceptors run. The server keeps serving.
func TestInvalidUTF8(t *testing.T) {
	logs := servingtest.NewLogBuffer()
	c, conn := newTestClient(t, servingtest.WithLogs(logs))
	ctx := servingtest.Context(t)
	const bad = "Anonymous \xff\xfe attaque"

	if _, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: bad}); status.Code(err) != codes.Internal {
		t.Errorf("Classify(%q) through the generated client = %v, want code Internal from the client's codec", bad, err)
	}

	// ClassifyRequest{text: s}, by hand: field 1, length-delimited.
	request := func(s string) rawMessage {
		return protowire.AppendString(protowire.AppendTag(nil, 1, protowire.BytesType), s)
	}
	// The raw path works: a valid text gets the usual answer.
	const good = "Anonymous revendique une attaque"
	var raw rawMessage
	if err := conn.Invoke(ctx, classifyMethod, request(good), &raw, grpc.ForceCodec(rawCodec{})); err != nil {
		t.Fatalf("raw Classify(%q) = %v, want OK", good, err)
	}
	got := new(topicdv1.ClassifyResponse)
	if err := proto.Unmarshal(raw, got); err != nil {
		t.Fatal(err)
	}
	want, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: good})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, protocmp.Transform()); diff != "" {
		t.Errorf("raw Classify(%q) differs from Classify (-Classify +raw):\n%s", good, diff)
	}

	err = conn.Invoke(ctx, classifyMethod, request(bad), &raw, grpc.ForceCodec(rawCodec{}))
	if status.Code(err) != codes.InvalidArgument || !slices.Equal(servingtest.FieldViolations(err), []string{"text"}) {
		t.Errorf("raw Classify(%q) = %v, want code InvalidArgument on text from the server's codec", bad, err)
	}
	// The refusal is logged like any call, and no handler saw the text.
	ok := servingtest.CallRecord{Level: "INFO", Service: "topicd.v1.ClassifierService", Method: "Classify", Code: "OK"}
	refused := servingtest.CallRecord{Level: "INFO", Service: "topicd.v1.ClassifierService", Method: "Classify", Code: "InvalidArgument"}
	if diff := cmp.Diff([]servingtest.CallRecord{ok, ok, refused}, logs.CallRecords(t)); diff != "" {
		t.Errorf("call logs (-want +got):\n%s", diff)
	}
	if _, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: good}); err != nil {
		t.Errorf("Classify after invalid UTF-8 = %v, want the server still serving", err)
	}
}

// closeNotifyListener reports when the server closes it.
type closeNotifyListener struct {
	net.Listener
	once   sync.Once
	closed chan struct{}
}

func notifyOnClose(l net.Listener) *closeNotifyListener {
	return &closeNotifyListener{Listener: l, closed: make(chan struct{})}
}

func (l *closeNotifyListener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return l.Listener.Close()
}

// served is a server running Serve in the background on bufconn.
type served struct {
	srv    *serving.Server
	lis    *closeNotifyListener
	conn   *grpc.ClientConn
	stop   context.CancelFunc // ends Serve's context
	result chan error         // Serve's result
}

// startServe runs srv.Serve with load in the background until the test
// ends.
func startServe(tb testing.TB, srv *serving.Server, load func() (*naivebayes.Model, error)) *served {
	tb.Helper()
	bl := bufconn.Listen(1 << 20)
	ctx, stop := context.WithCancel(context.Background())
	s := &served{srv: srv, lis: notifyOnClose(bl), stop: stop, result: make(chan error, 1)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.result <- srv.Serve(ctx, s.lis, load)
	}()
	s.conn = dialBufconn(tb, bl)
	tb.Cleanup(func() {
		stop()
		select {
		case <-done:
		case <-time.After(servingtest.Timeout):
			tb.Error("Serve did not return at the end of the test")
		}
	})
	return s
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

// newServer returns serving.New with the default limits, shutdownTimeout,
// and logs as JSON to logs.
func newServer(logs io.Writer, shutdownTimeout time.Duration) *serving.Server {
	return serving.New(serving.Config{Limits: servingtest.DefaultLimits, ShutdownTimeout: shutdownTimeout}, slog.New(slog.NewJSONHandler(logs, nil)))
}

// watchHealth watches the health of service, returning a function that gives
// each status in turn.
func watchHealth(ctx context.Context, tb testing.TB, conn *grpc.ClientConn, service string) func() healthpb.HealthCheckResponse_ServingStatus {
	tb.Helper()
	stream, err := healthpb.NewHealthClient(conn).Watch(ctx, &healthpb.HealthCheckRequest{Service: service})
	if err != nil {
		tb.Fatal(err)
	}
	return func() healthpb.HealthCheckResponse_ServingStatus {
		tb.Helper()
		resp, err := stream.Recv()
		if err != nil {
			tb.Fatalf("health Watch(%q): %v", service, err)
		}
		return resp.GetStatus()
	}
}

// TestServeHealth follows health through serve's lifecycle: NOT_SERVING while
// the model loads (and calls Unavailable), SERVING once loaded, NOT_SERVING
// from the start of the shutdown, and serve returning nil.
func TestServeHealth(t *testing.T) {
	ctx := servingtest.Context(t)
	m := servingtest.MustSeedModel(t)
	logs := servingtest.NewLogBuffer()
	loading, loaded := make(chan struct{}), make(chan struct{})
	load := func() (*naivebayes.Model, error) {
		close(loading)
		<-loaded
		return m, nil
	}
	s := startServe(t, newServer(logs, time.Minute), load)
	defer func() {
		select {
		case <-loaded:
		default:
			close(loaded)
		}
	}()
	c := topicdv1.NewClassifierServiceClient(s.conn)
	health := healthpb.NewHealthClient(s.conn)
	names := []string{"", "topicd.v1.ClassifierService"}
	check := func(when string, want healthpb.HealthCheckResponse_ServingStatus) {
		t.Helper()
		for _, name := range names {
			resp, err := health.Check(ctx, &healthpb.HealthCheckRequest{Service: name})
			if err != nil || resp.GetStatus() != want {
				t.Errorf("%s: health Check(%q) = %v, %v; want %v", when, name, resp.GetStatus(), err, want)
			}
		}
	}

	receive(ctx, t, loading, "load to start")
	check("while loading", healthpb.HealthCheckResponse_NOT_SERVING)
	if _, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: "Anonymous"}); status.Code(err) != codes.Unavailable {
		t.Errorf("while loading: Classify = %v, want code Unavailable", err)
	}
	watchCtx, endWatches := context.WithCancel(ctx)
	defer endWatches()
	var watches []func() healthpb.HealthCheckResponse_ServingStatus
	for _, name := range names {
		next := watchHealth(watchCtx, t, s.conn, name)
		if got := next(); got != healthpb.HealthCheckResponse_NOT_SERVING {
			t.Errorf("while loading: health Watch(%q) = %v, want NOT_SERVING", name, got)
		}
		watches = append(watches, next)
	}

	close(loaded)
	for i, next := range watches {
		if got := next(); got != healthpb.HealthCheckResponse_SERVING {
			t.Fatalf("once loaded: health Watch(%q) = %v, want SERVING", names[i], got)
		}
	}
	check("once loaded", healthpb.HealthCheckResponse_SERVING)
	if _, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: "Anonymous"}); err != nil {
		t.Errorf("once loaded: Classify = %v, want OK", err)
	}
	// serve logs "serving" just after health turns SERVING: wait for it.
	logs.WaitFor(ctx, t, regexp.MustCompile(`"msg":"serving"`))
	var servingLine map[string]any
	for _, rec := range logs.Records(t) {
		if rec["msg"] == "serving" {
			servingLine = rec
		}
	}
	info := m.Info()
	wantLine := map[string]any{
		"level": "INFO", "msg": "serving", "addr": "bufconn", "model_version": info.Version,
		"documents": float64(info.Documents), "vocabulary": float64(info.VocabularySize),
	}
	if diff := cmp.Diff(wantLine, servingLine, cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == `["time"]` }, cmp.Ignore())); diff != "" {
		t.Errorf("serving log line (-want +got):\n%s", diff)
	}

	s.stop()
	for i, next := range watches {
		if got := next(); got != healthpb.HealthCheckResponse_NOT_SERVING {
			t.Errorf("at shutdown: health Watch(%q) = %v, want NOT_SERVING", names[i], got)
		}
	}
	endWatches() // open streams would hold the graceful stop
	if err := receive(ctx, t, s.result, "serve to return"); err != nil {
		t.Errorf("serve after shutdown = %v, want nil", err)
	}
	if !strings.Contains(logs.String(), `"msg":"stopped"`) {
		t.Errorf("no stop line in the logs:\n%s", logs)
	}
}

// TestGracefulStop checks that at shutdown the server stops taking calls but
// lets a call in flight finish, and only then does serve return.
func TestGracefulStop(t *testing.T) {
	ctx := servingtest.Context(t)
	h := newHooks()
	srv := newServer(io.Discard, time.Hour)
	h.register(srv)
	m := servingtest.MustSeedModel(t)
	s := startServe(t, srv, func() (*naivebayes.Model, error) { return m, nil })
	watchCtx, endWatch := context.WithCancel(ctx)
	defer endWatch()
	next := watchHealth(watchCtx, t, s.conn, service.Name)
	for next() != healthpb.HealthCheckResponse_SERVING { // NOT_SERVING until loaded
	}

	held := make(chan error, 1)
	go func() { held <- s.conn.Invoke(ctx, holdMethod, &emptypb.Empty{}, &emptypb.Empty{}) }()
	receive(ctx, t, h.held, "the call to start")

	s.stop()
	if got := next(); got != healthpb.HealthCheckResponse_NOT_SERVING {
		t.Errorf("at shutdown: health Watch(%q) = %v, want NOT_SERVING", service.Name, got)
	}
	endWatch()
	receive(ctx, t, s.lis.closed, "the listener to close")
	// The server tells the client to go away (GOAWAY): the connection
	// leaves READY while the held call goes on.
	for st := s.conn.GetState(); st == connectivity.Ready; st = s.conn.GetState() {
		if !s.conn.WaitForStateChange(ctx, st) {
			t.Fatal("timed out waiting for the connection to leave READY")
		}
	}
	select {
	case err := <-s.result:
		t.Fatalf("serve returned %v with a call in flight, want it to wait", err)
	default:
	}
	c := topicdv1.NewClassifierServiceClient(s.conn)
	if _, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: "Anonymous"}); status.Code(err) != codes.Unavailable {
		t.Errorf("Classify during shutdown = %v, want code Unavailable", err)
	}

	close(h.release)
	if err := receive(ctx, t, held, "the held call"); err != nil {
		t.Errorf("call in flight at shutdown = %v, want OK", err)
	}
	if err := receive(ctx, t, s.result, "serve to return"); err != nil {
		t.Errorf("serve after shutdown = %v, want nil", err)
	}
}

// TestShutdownTimeout checks that calls still in flight when the shutdown
// timeout runs out are cut, and that serve then returns nil.
func TestShutdownTimeout(t *testing.T) {
	ctx := servingtest.Context(t)
	h := newHooks()
	logs := servingtest.NewLogBuffer()
	srv := newServer(logs, time.Nanosecond)
	h.register(srv)
	m := servingtest.MustSeedModel(t)
	s := startServe(t, srv, func() (*naivebayes.Model, error) { return m, nil })

	held := make(chan error, 1)
	// WaitForReady: the call may be made before serve has started serving.
	go func() {
		held <- s.conn.Invoke(ctx, holdMethod, &emptypb.Empty{}, &emptypb.Empty{}, grpc.WaitForReady(true))
	}()
	receive(ctx, t, h.held, "the call to start")
	s.stop()
	if err := receive(ctx, t, held, "the held call"); status.Code(err) != codes.Unavailable {
		t.Errorf("call still in flight after the shutdown timeout = %v, want code Unavailable", err)
	}
	if err := receive(ctx, t, s.result, "serve to return"); err != nil {
		t.Errorf("serve after a timed-out shutdown = %v, want nil", err)
	}
	if !strings.Contains(logs.String(), "graceful stop timed out") {
		t.Errorf("the timed-out shutdown is not logged:\n%s", logs)
	}
}

// TestServeLoadFails checks that serve returns the loading error and closes
// the listener.
func TestServeLoadFails(t *testing.T) {
	errLoad := errors.New("corpus on fire")
	bl := bufconn.Listen(1 << 20)
	lis := notifyOnClose(bl)
	srv := newServer(io.Discard, time.Minute)
	err := srv.Serve(servingtest.Context(t), lis, func() (*naivebayes.Model, error) { return nil, errLoad })
	if !errors.Is(err, errLoad) {
		t.Errorf("serve with a failing load = %v, want the load's error", err)
	}
	select {
	case <-lis.closed:
	default:
		t.Error("serve with a failing load left the listener open")
	}
	if conn, err := bl.Dial(); err == nil {
		conn.Close()
		t.Error("bufconn Dial after serve failed = OK, want the listener closed")
	}
}
