// Package gateway serves ClassifierService over HTTP/JSON: the routes of
// proto/topicd/v1/classifier_http.yaml, through grpc-gateway's generated
// handlers (classifier.pb.gw.go), and the OpenAPI document of those routes
// at GET /openapi.json.
//
// Every call goes on to a gRPC connection given by the caller: package
// serving gives one to its own gRPC server, in process, so that an HTTP call
// meets the same interceptors (call log, authentication, metrics, panic
// recovery), limits and handlers as a gRPC call.
//
//	POST /v1/classify        ClassifyRequest       -> ClassifyResponse
//	POST /v1/classify:batch  ClassifyBatchRequest  -> ClassifyBatchResponse
//	GET  /v1/model                                 -> GetModelInfoResponse
//	GET  /healthz            grpc.health.v1 Check; ?service=topicd.v1.ClassifierService
//	GET  /openapi.json       the OpenAPI 2.0 document
//
// Bodies are protobuf JSON, as grpcurl prints them: lowerCamelCase names,
// 64-bit integers as strings, fields at their default value left out; a
// request with an unknown field is refused. Errors carry the HTTP status of
// their gRPC code (runtime.HTTPStatusFromCode) and a JSON body with code,
// message and details (google.rpc.BadRequest field violations). The header
// "Authorization: Bearer TOKEN" is passed on as gRPC metadata.
package gateway

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/protobuf/encoding/protojson"

	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// Config bounds what an HTTP call may send.
type Config struct {
	// MaxBodyBytes is the largest request body accepted; a larger one is
	// refused with 413 when its Content-Length says so, else with 400 when
	// reading passes it. Zero or less: no limit.
	MaxBodyBytes int64
}

// New returns the HTTP handler of ClassifierService's JSON API, calling the
// service over conn.
func New(ctx context.Context, conn grpc.ClientConnInterface, cfg Config) (http.Handler, error) {
	mux := runtime.NewServeMux(
		runtime.WithMarshalerOption(runtime.MIMEWildcard, marshaler()),
		runtime.WithHealthzEndpoint(healthpb.NewHealthClient(conn)),
		runtime.WithOutgoingHeaderMatcher(outgoingHeader),
	)
	if err := topicdv1.RegisterClassifierServiceHandlerClient(ctx, mux, topicdv1.NewClassifierServiceClient(conn)); err != nil {
		return nil, fmt.Errorf("gateway: %w", err)
	}
	if err := mux.HandlePath(http.MethodGet, "/openapi.json", serveOpenAPI); err != nil {
		return nil, fmt.Errorf("gateway: %w", err)
	}
	return limitBody(mux, cfg.MaxBodyBytes), nil
}

// marshaler is protobuf JSON in grpcurl's shape: protojson's defaults,
// which leave out fields at their default value, use the JSON names, and
// write 64-bit integers as strings. Unknown request fields are errors, so
// that a misspelt field is not silently dropped.
func marshaler() runtime.Marshaler {
	return &runtime.JSONPb{
		MarshalOptions:   protojson.MarshalOptions{},
		UnmarshalOptions: protojson.UnmarshalOptions{DiscardUnknown: false},
	}
}

// outgoingHeader passes the server's response metadata on as
// Grpc-Metadata-* headers, all but gRPC's own content-type.
func outgoingHeader(key string) (string, bool) {
	if key == "content-type" {
		return "", false
	}
	return runtime.MetadataHeaderPrefix + key, true
}

func serveOpenAPI(w http.ResponseWriter, _ *http.Request, _ map[string]string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(topicdv1.OpenAPI)))
	w.Write(topicdv1.OpenAPI)
}

// limitBody refuses bodies over max bytes: with 413 and a JSON error (code
// RESOURCE_EXHAUSTED, as gRPC refuses a message over its limit) when the
// Content-Length announces it, else by failing the read past max, which
// the gateway answers 400 INVALID_ARGUMENT.
func limitBody(h http.Handler, max int64) http.Handler {
	if max <= 0 {
		return h
	}
	tooLarge := fmt.Sprintf(`{"code":%d,"message":"request body larger than %d bytes","details":[]}`, codes.ResourceExhausted, max)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > max {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Connection", "close")
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			fmt.Fprintln(w, tooLarge)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, max)
		h.ServeHTTP(w, r)
	})
}
