package serving_test

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"

	"github.com/seed134e4861/topicd/internal/serving"
	"github.com/seed134e4861/topicd/internal/serving/metrics"
	"github.com/seed134e4861/topicd/internal/servingtest"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// TestRejectionMetrics checks that calls refused before their handler
// are counted by reason: a request over the receive limit (never read),
// and invalid UTF-8 (refused by the codec).
func TestRejectionMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	c, conn := newTestClient(t, servingtest.WithMetrics(metrics.NewMetrics(reg)))
	ctx := servingtest.Context(t)
	limits := servingtest.DefaultLimits
	huge := &topicdv1.ClassifyRequest{Text: strings.Repeat("x", 2*serving.MaxRecvMsgSize(limits))}
	if _, err := c.Classify(ctx, huge, grpc.MaxCallSendMsgSize(1<<30)); status.Code(err) != codes.ResourceExhausted {
		t.Fatalf("Classify(over the receive limit) = %v, want ResourceExhausted", err)
	}
	bad := rawMessage(protowire.AppendString(protowire.AppendTag(nil, 1, protowire.BytesType), "a\xffb"))
	var raw rawMessage
	if err := conn.Invoke(ctx, classifyMethod, bad, &raw, grpc.ForceCodec(rawCodec{})); status.Code(err) != codes.InvalidArgument {
		t.Fatalf("raw Classify(invalid UTF-8) = %v, want InvalidArgument", err)
	}
	conn.Close() // the call over the limit is recorded when its stream ends
	for _, tt := range []struct {
		reason string
		want   float64
	}{{"too_large", 1}, {"bad_request", 1}, {"busy", 0}} {
		got, _ := value(t, reg, "topicd_rejected_total", labels{"reason", tt.reason})
		if tt.reason == "too_large" && got < tt.want || tt.reason != "too_large" && got != tt.want {
			t.Errorf("topicd_rejected_total{reason=%q} = %v, want %v", tt.reason, got, tt.want)
		}
	}
}
