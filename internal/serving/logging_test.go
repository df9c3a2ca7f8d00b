package serving_test

import (
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/seed134e4861/topicd/internal/service"
	"github.com/seed134e4861/topicd/internal/serving"
	"github.com/seed134e4861/topicd/internal/servingtest"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// marker is in every text the logging tests send: it must never reach the
// logs.
const marker = "Zorglub-7f3a-secret"

// requestRecord is the gist of the log line of one call, with its request's
// fields.
type requestRecord struct {
	Level, Method, Code string
	TextBytes, Texts    float64 // JSON numbers; absent: 0
	HasDuration         bool
}

// requestRecords returns the "finished call" records of the logs.
func requestRecords(tb testing.TB, logs *servingtest.LogBuffer) []requestRecord {
	tb.Helper()
	var calls []requestRecord
	for _, rec := range logs.Records(tb) {
		if rec["msg"] != "finished call" {
			continue
		}
		str := func(k string) string { s, _ := rec[k].(string); return s }
		num := func(k string) float64 { n, _ := rec[k].(float64); return n }
		_, hasDuration := rec["grpc.time_ms"]
		calls = append(calls, requestRecord{
			Level: str("level"), Method: str("grpc.method"), Code: str("grpc.code"),
			TextBytes: num("text_bytes"), Texts: num("texts"), HasDuration: hasDuration,
		})
	}
	return calls
}

// TestRequestLogs checks that every call is logged once as it finishes, with
// its method, code, duration and the length of its text (for a batch, the
// number of texts and their total length), at INFO when it succeeds, and
// that the text itself is never logged, whether the call succeeds or not.
func TestRequestLogs(t *testing.T) {
	logs := servingtest.NewLogBuffer()
	c, _ := newTestClient(t, servingtest.WithLogs(logs), servingtest.WithLimits(service.Config{MaxTextBytes: 200, MaxBatch: 4}))
	ctx := servingtest.Context(t)

	text := "Anonymous revendique une attaque DDoS " + marker
	if _, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: text}); err != nil {
		t.Fatal(err)
	}
	batch := []string{"Fuite de documents " + marker, "État " + marker + " espionnage"}
	if _, err := c.ClassifyBatch(ctx, &topicdv1.ClassifyBatchRequest{Texts: batch}); err != nil {
		t.Fatal(err)
	}
	tooLong := strings.Repeat(marker+" ", 20)
	if _, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: tooLong}); status.Code(err) != codes.InvalidArgument {
		t.Fatalf("Classify(text of %d bytes) = %v, want code InvalidArgument", len(tooLong), err)
	}
	bad := []string{marker, " "}
	if _, err := c.ClassifyBatch(ctx, &topicdv1.ClassifyBatchRequest{Texts: bad}); status.Code(err) != codes.InvalidArgument {
		t.Fatalf("ClassifyBatch(%q) = %v, want code InvalidArgument", bad, err)
	}
	if _, err := c.GetModelInfo(ctx, &topicdv1.GetModelInfoRequest{}); err != nil {
		t.Fatal(err)
	}

	want := []requestRecord{
		{Level: "INFO", Method: "Classify", Code: "OK", TextBytes: float64(len(text)), HasDuration: true},
		{Level: "INFO", Method: "ClassifyBatch", Code: "OK", Texts: 2, TextBytes: float64(len(batch[0]) + len(batch[1])), HasDuration: true},
		{Level: "INFO", Method: "Classify", Code: "InvalidArgument", TextBytes: float64(len(tooLong)), HasDuration: true},
		{Level: "INFO", Method: "ClassifyBatch", Code: "InvalidArgument", Texts: 2, TextBytes: float64(len(marker) + 1), HasDuration: true},
		{Level: "INFO", Method: "GetModelInfo", Code: "OK", HasDuration: true},
	}
	if diff := cmp.Diff(want, requestRecords(t, logs)); diff != "" {
		t.Errorf("call logs (-want +got):\n%s", diff)
	}
	if strings.Contains(logs.String(), marker) {
		t.Errorf("the logs hold a request's text (marked %q):\n%s", marker, logs)
	}
}

// TestRequestLogsOff checks that with --log-requests=false only failed calls
// are logged.
func TestRequestLogsOff(t *testing.T) {
	logs := servingtest.NewLogBuffer()
	c, _ := newTestClient(t, servingtest.WithLogs(logs), servingtest.WithoutRequestLogs())
	ctx := servingtest.Context(t)

	text := "Anonymous revendique une attaque DDoS"
	if _, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: text}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ClassifyBatch(ctx, &topicdv1.ClassifyBatchRequest{Texts: []string{text}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: ""}); status.Code(err) != codes.InvalidArgument {
		t.Fatalf("Classify(%q) = %v, want code InvalidArgument", "", err)
	}
	want := []requestRecord{{Level: "INFO", Method: "Classify", Code: "InvalidArgument", HasDuration: true}}
	if diff := cmp.Diff(want, requestRecords(t, logs)); diff != "" {
		t.Errorf("call logs with --log-requests=false (-want +got):\n%s", diff)
	}
}

// TestCallLevel checks the level of each code's log line, with and without
// request logging.
func TestCallLevel(t *testing.T) {
	for _, tt := range []struct {
		code        codes.Code
		logRequests bool
		want        string
	}{
		{codes.OK, true, "INFO"},
		{codes.OK, false, "DEBUG"},
		{codes.InvalidArgument, true, "INFO"},
		{codes.InvalidArgument, false, "INFO"},
		{codes.Unavailable, false, "WARN"},
		{codes.Internal, true, "ERROR"},
		{codes.Internal, false, "ERROR"},
	} {
		if got := slog.Level(serving.CallLevel(tt.logRequests)(tt.code)).String(); got != tt.want {
			t.Errorf("callLevel(%t)(%v) = %s, want %s", tt.logRequests, tt.code, got, tt.want)
		}
	}
}
