package serving_test

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/seed134e4861/topicd/internal/service"
	"github.com/seed134e4861/topicd/internal/serving"
	"github.com/seed134e4861/topicd/internal/serving/security"
	"github.com/seed134e4861/topicd/internal/servingtest"
	"github.com/seed134e4861/topicd/internal/testpki"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// httpCall sends body (none if empty) to the URL with the method and
// headers, and returns the status code and the body of the answer.
func httpCall(tb testing.TB, c *http.Client, method, url, body string, header ...string) (int, string) {
	tb.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(servingtest.Context(tb), method, url, r)
	if err != nil {
		tb.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, url, err)
	}
	return resp.StatusCode, string(got)
}

// TestHTTPAnswersAsGRPC checks that each route answers what the same gRPC
// call answers, as the protobuf JSON that grpcurl prints.
func TestHTTPAnswersAsGRPC(t *testing.T) {
	s := servingtest.New(t, servingtest.WithHTTP())
	ctx := servingtest.Context(t)
	rpc := s.Client(t)
	threshold := 0.5
	req := &topicdv1.ClassifyRequest{Text: "Anonymous hackers leaked thousands of police emails", Threshold: &threshold, Explain: true}
	batch := &topicdv1.ClassifyBatchRequest{Texts: []string{req.Text, "Les pirates russes ont visé les élections"}}
	for _, tt := range []struct {
		method, path string
		req          proto.Message // nil: no body
		call         func() (proto.Message, error)
		got          proto.Message
	}{
		{"POST", "/v1/classify", req, func() (proto.Message, error) { return rpc.Classify(ctx, req) }, new(topicdv1.ClassifyResponse)},
		{"POST", "/v1/classify:batch", batch, func() (proto.Message, error) { return rpc.ClassifyBatch(ctx, batch) }, new(topicdv1.ClassifyBatchResponse)},
		{"GET", "/v1/model", nil, func() (proto.Message, error) { return rpc.GetModelInfo(ctx, &topicdv1.GetModelInfoRequest{}) }, new(topicdv1.GetModelInfoResponse)},
	} {
		body := ""
		if tt.req != nil {
			b, err := protojson.Marshal(tt.req)
			if err != nil {
				t.Fatal(err)
			}
			body = string(b)
		}
		code, got := httpCall(t, http.DefaultClient, tt.method, s.HTTPURL+tt.path, body)
		if code != http.StatusOK {
			t.Fatalf("%s %s = %d %s, want 200", tt.method, tt.path, code, got)
		}
		want, err := tt.call()
		if err != nil {
			t.Fatal(err)
		}
		if err := protojson.Unmarshal([]byte(got), tt.got); err != nil {
			t.Fatalf("%s %s: %v in %s", tt.method, tt.path, err, got)
		}
		if diff := cmp.Diff(want, tt.got, protocmp.Transform()); diff != "" {
			t.Errorf("%s %s differs from the gRPC answer (-grpc +http):\n%s", tt.method, tt.path, diff)
		}
		// grpcurl's shape: JSON names, 64-bit integers as strings.
		if tt.path == "/v1/model" && (!strings.Contains(got, `"vocabularySize":"`) || strings.Contains(got, "vocabulary_size")) {
			t.Errorf("GET /v1/model = %s, want protobuf JSON names and 64-bit integers as strings", got)
		}
	}
	if code, got := httpCall(t, http.DefaultClient, "GET", s.HTTPURL+"/openapi.json", ""); code != 200 || got != string(topicdv1.OpenAPI) {
		t.Errorf("GET /openapi.json = %d, %.80q; want 200 and the generated document", code, got)
	}
}

// httpError is the JSON body of an HTTP error.
type httpError struct {
	Code    codes.Code `json:"code"`
	Message string     `json:"message"`
	Details []struct {
		Type            string `json:"@type"`
		FieldViolations []struct {
			Field string `json:"field"`
		} `json:"fieldViolations"`
	} `json:"details"`
}

// TestHTTPErrors checks the HTTP status and JSON body of each kind of
// failure, each from the gRPC code the same call gets.
func TestHTTPErrors(t *testing.T) {
	exhausted := grpc.ChainUnaryInterceptor(func(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
		if r, ok := req.(*topicdv1.ClassifyRequest); ok && r.GetText() == "busy" {
			return nil, status.Error(codes.ResourceExhausted, "too many calls")
		}
		return h(ctx, req)
	})
	s := servingtest.New(t, servingtest.WithHTTP(), servingtest.WithServerOptions(exhausted),
		servingtest.WithLimits(service.Config{MaxTextBytes: 100, MaxBatch: 2}))
	noModel := servingtest.New(t, servingtest.WithHTTP(), servingtest.WithoutModel())
	limit := serving.MaxRecvMsgSize(service.Config{MaxTextBytes: 100, MaxBatch: 2})
	for _, tt := range []struct {
		name, url, body string
		wantHTTP        int
		wantCode        codes.Code
		wantField       string
	}{
		{"empty text", s.HTTPURL + "/v1/classify", `{"text":" "}`, 400, codes.InvalidArgument, "text"},
		{"text too long", s.HTTPURL + "/v1/classify", `{"text":"` + strings.Repeat("a", 101) + `"}`, 400, codes.InvalidArgument, "text"},
		{"batch too long", s.HTTPURL + "/v1/classify:batch", `{"texts":["a","b","c"]}`, 400, codes.InvalidArgument, "texts"},
		{"body over the limit", s.HTTPURL + "/v1/classify", `{"text":"` + strings.Repeat("a", limit) + `"}`, 413, codes.ResourceExhausted, ""},
		{"unknown field", s.HTTPURL + "/v1/classify", `{"txt":"a"}`, 400, codes.InvalidArgument, ""},
		{"resource exhausted", s.HTTPURL + "/v1/classify", `{"text":"busy"}`, 429, codes.ResourceExhausted, ""},
		{"no model yet", noModel.HTTPURL + "/v1/classify", `{"text":"a"}`, 503, codes.Unavailable, ""},
		{"no route", s.HTTPURL + "/v2/classify", `{"text":"a"}`, 404, codes.NotFound, ""},
	} {
		code, body := httpCall(t, http.DefaultClient, "POST", tt.url, tt.body)
		var e httpError
		if err := json.Unmarshal([]byte(body), &e); err != nil {
			t.Errorf("%s: body %.200q is not a JSON error: %v", tt.name, body, err)
			continue
		}
		if code != tt.wantHTTP || e.Code != tt.wantCode || e.Message == "" {
			t.Errorf("%s: HTTP %d, body %.200s; want HTTP %d, code %d (%v) and a message", tt.name, code, body, tt.wantHTTP, tt.wantCode, tt.wantCode)
		}
		if tt.wantField == "" {
			continue
		}
		if len(e.Details) != 1 || e.Details[0].Type != "type.googleapis.com/google.rpc.BadRequest" ||
			len(e.Details[0].FieldViolations) == 0 || !strings.HasPrefix(e.Details[0].FieldViolations[0].Field, tt.wantField) {
			t.Errorf("%s: details %+v, want a BadRequest field violation of %s", tt.name, e.Details, tt.wantField)
		}
	}
}

// TestHTTPLogsAndAuth checks that an HTTP call meets the gRPC server's
// interceptors: its bearer token check, and its call log, which names the
// HTTP client.
func TestHTTPLogsAndAuth(t *testing.T) {
	p := testpki.NewSet(t)
	const token = "s3cret-token"
	sec := servingtest.MustLoadSecurity(t, security.Files{TLSCert: p.ServerCert, TLSKey: p.ServerKey, AuthTokenFile: testpki.WriteToken(t, token)})
	logs := servingtest.NewLogBuffer()
	s := servingtest.New(t, servingtest.WithHTTP(), servingtest.WithSecurity(sec), servingtest.WithLogs(logs))
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: p.CA.Pool()}}}
	url, body := s.HTTPURL+"/v1/classify", `{"text":"Anonymous"}`
	for _, tt := range []struct {
		name   string
		header []string
		want   int
	}{
		{"no token", nil, 401},
		{"wrong token", []string{"Authorization", "Bearer nope"}, 401},
		{"token", []string{"Authorization", "Bearer " + token}, 200},
	} {
		if code, got := httpCall(t, c, "POST", url, body, tt.header...); code != tt.want {
			t.Errorf("%s: POST %s = %d %s, want %d", tt.name, url, code, got, tt.want)
		}
	}
	if code, _ := httpCall(t, c, "GET", s.HTTPURL+"/healthz", ""); code != 200 {
		t.Errorf("GET /healthz without a token = %d, want 200: health stays open", code)
	}
	// The two refusals are made on the headers, before the call log, as for
	// gRPC (TestBearerToken), and logged apart; the call that passes is
	// logged with the HTTP client's address.
	var protocols []string
	refused := 0
	for _, rec := range logs.Records(t) {
		switch {
		case rec["msg"] == "finished call" && rec["grpc.method"] == "Classify":
			protocols = append(protocols, rec["protocol"].(string)+" "+rec["grpc.code"].(string)+" "+rec["peer.address"].(string))
		case rec["msg"] == "rejected call" && rec["reason"] == "unauthenticated":
			refused++
		}
	}
	if diff := cmp.Diff([]string{"http OK 127.0.0.1"}, protocols); diff != "" {
		t.Errorf("call log of the HTTP calls (-want +got):\n%s", diff)
	}
	if refused != 2 {
		t.Errorf("%d unauthenticated HTTP calls logged as rejected, want 2; logs:\n%s", refused, logs)
	}
	if strings.Contains(logs.String(), token) {
		t.Errorf("logs show the token")
	}
}

// BenchmarkClassifyHTTP is BenchmarkClassifyRPC's call through the HTTP
// API on a loopback port: JSON, the gateway, and the in-process gRPC hop.
func BenchmarkClassifyHTTP(b *testing.B) {
	full, err := servingtest.DefaultModel()
	if err != nil {
		b.Fatal(err)
	}
	s := servingtest.New(b, servingtest.WithHTTP(), servingtest.WithoutRequestLogs(), servingtest.WithModel(full))
	body, err := protojson.Marshal(&topicdv1.ClassifyRequest{Text: string(mustRead(b, "002_561c1b58466feafd.txt"))})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if code, got := httpCall(b, http.DefaultClient, "POST", s.HTTPURL+"/v1/classify", string(body)); code != 200 {
			b.Fatalf("POST /v1/classify = %d %s", code, got)
		}
	}
}
