package service_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/seed134e4861/topicd/internal/service"
	"github.com/seed134e4861/topicd/internal/servingtest"
	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/model/naivebayes"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
	"github.com/seed134e4861/topicd/seeds"
)

// fuzzLimits are small, so that the fuzzer reaches texts over the limit.
var fuzzLimits = service.Config{MaxTextBytes: 4 << 10, MaxBatch: 1}

// FuzzClassifyRPC calls the Classify handler with a fuzzed text, threshold
// (set or not) and explain. It never panics: a blank or oversize text and a
// threshold outside (0, 1] are refused with InvalidArgument naming exactly
// those fields (an empty text names html too: neither is set); anything else gets the model's own answer, which obeys
// checkAnswer's invariants and can be sent (it marshals), whatever the
// text, valid UTF-8 or not (grpc-go refuses invalid UTF-8 before the
// handler, but the handler must not depend on that).
func FuzzClassifyRPC(f *testing.F) {
	m := servingtest.MustSeedModel(f)
	svc := newService(f, fuzzLimits)
	topics := m.Info().Topics
	corpus, err := corpus.Load(seeds.FS())
	if err != nil {
		f.Fatal(err)
	}
	for _, d := range corpus.Documents { // explained, cut to the limit
		text := d.Text[:min(len(d.Text), fuzzLimits.MaxTextBytes)]
		for !utf8.ValidString(text) {
			text = text[:len(text)-1]
		}
		f.Add(text, 0.0, false, true)
	}
	for _, tt := range []struct {
		text      string
		threshold float64
		set       bool
	}{
		{servingtest.OnTopicText, 0.5, true},
		{servingtest.OnTopicText, 0, true},
		{servingtest.OnTopicText, 1, true},
		{servingtest.OnTopicText, 1.0000000000000002, true},
		{"zzzz qqqq xylophone", 1e-300, true},
		{"\u00a0\u3000", 0.5, true},
		{"\x00", 0, false},
		{"Anonymous \xff\xfe attaque", 0, false},
		{strings.Repeat("x", fuzzLimits.MaxTextBytes+1), -1, true},
	} {
		f.Add(tt.text, tt.threshold, tt.set, false)
	}
	f.Fuzz(func(t *testing.T, text string, threshold float64, setThreshold, explain bool) {
		req := &topicdv1.ClassifyRequest{Text: text, Explain: explain}
		if setThreshold {
			req.Threshold = proto.Float64(threshold)
		}
		call := fmt.Sprintf("Classify(%.60q, threshold %v set %v, explain %v)", text, threshold, setThreshold, explain)
		got, err := svc.Classify(context.Background(), req)

		var wantFields []string
		switch {
		case text == "": // neither text nor html
			wantFields = append(wantFields, "text", "html")
		case strings.TrimSpace(text) == "" || len(text) > fuzzLimits.MaxTextBytes:
			wantFields = append(wantFields, "text")
		}
		if setThreshold && !(threshold > 0 && threshold <= 1) {
			wantFields = append(wantFields, "threshold")
		}
		if wantFields != nil {
			if fields := servingtest.FieldViolations(err); status.Code(err) != codes.InvalidArgument || !slices.Equal(fields, wantFields) || got != nil {
				t.Fatalf("%s = %v, %v with field violations %q; want code InvalidArgument on %q", call, got, err, fields, wantFields)
			}
			return
		}
		if err != nil {
			t.Fatalf("%s = %v, want an answer", call, err)
		}
		servingtest.CheckAnswer(t, call, got, topics, m.Version(), explain)
		opts := naivebayes.Options{Explain: explain}
		if setThreshold {
			opts.Threshold = threshold
		}
		r, err := m.ClassifyWith(text, opts)
		if err != nil {
			t.Fatalf("model ClassifyWith(%.60q, %+v): %v", text, opts, err)
		}
		if want := servingtest.WantResponse(r, m.Version()); !proto.Equal(want, got) { // cmp is slow, for the message only
			t.Fatalf("%s differs from the model's answer (-model +got):\n%s", call, cmp.Diff(want, got, protocmp.Transform()))
		}
		if _, err := proto.Marshal(got); err != nil {
			t.Fatalf("%s: the answer does not marshal: %v", call, err)
		}
	})
}
