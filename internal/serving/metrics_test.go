package serving_test

import (
	"errors"
	"log/slog"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/seed134e4861/topicd/internal/serving"
	"github.com/seed134e4861/topicd/internal/serving/metrics"
	"github.com/seed134e4861/topicd/internal/servingtest"
	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/model/naivebayes"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
	"github.com/seed134e4861/topicd/seeds"
)

// labels are label pairs, name then value, such as
// {"grpc_method", "Classify"}.
type labels []string

// series returns the series of the metric name in g, each as its labels
// (name="value", sorted, comma-separated) mapped to its value: a counter's
// or a gauge's value, a histogram's sample count.
func series(tb testing.TB, g prometheus.Gatherer, name string) map[string]float64 {
	tb.Helper()
	families, err := g.Gather()
	if err != nil {
		tb.Fatalf("Gather: %v", err)
	}
	got := map[string]float64{}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			var ls []string
			for _, l := range m.GetLabel() {
				ls = append(ls, l.GetName()+"="+`"`+l.GetValue()+`"`)
			}
			sort.Strings(ls)
			got[strings.Join(ls, ",")] = metricValue(m)
		}
	}
	return got
}

func metricValue(m *dto.Metric) float64 {
	switch {
	case m.Counter != nil:
		return m.GetCounter().GetValue()
	case m.Gauge != nil:
		return m.GetGauge().GetValue()
	case m.Histogram != nil:
		return float64(m.GetHistogram().GetSampleCount())
	}
	return m.GetUntyped().GetValue()
}

// value returns the sum of the values (see series) of the series of the
// metric name in g whose labels include want, and whether there are any.
func value(tb testing.TB, g prometheus.Gatherer, name string, want labels) (float64, bool) {
	tb.Helper()
	var sum float64
	var found bool
	for ls, v := range series(tb, g, name) {
		have := strings.Split(ls, ",")
		match := true
		for i := 0; i+1 < len(want); i += 2 {
			if !contains(have, want[i]+"="+`"`+want[i+1]+`"`) {
				match = false
			}
		}
		if match {
			sum, found = sum+v, true
		}
	}
	return sum, found
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// histogram returns the sample count and sum of the histogram name in g,
// which has no labels.
func histogram(tb testing.TB, g prometheus.Gatherer, name string) (count uint64, sum float64) {
	tb.Helper()
	families, err := g.Gather()
	if err != nil {
		tb.Fatalf("Gather: %v", err)
	}
	for _, f := range families {
		if f.GetName() == name && len(f.GetMetric()) == 1 {
			h := f.GetMetric()[0].GetHistogram()
			return h.GetSampleCount(), h.GetSampleSum()
		}
	}
	tb.Fatalf("no histogram %s", name)
	return 0, 0
}

// TestCallMetrics checks the gRPC interceptor's metrics: calls started,
// handled by code, and timed, per method, including a call that panicked
// (so the interceptor runs before recovery) and a health check; and that
// every method has its series before its first call.
func TestCallMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	c, conn := newTestClient(t, servingtest.WithMetrics(metrics.NewMetrics(reg)), withHooks(newHooks()))
	ctx := servingtest.Context(t)

	const svc = "topicd.v1.ClassifierService"
	if v, ok := value(t, reg, "grpc_server_handled_total", labels{"grpc_service", svc, "grpc_method", "ClassifyBatch", "grpc_code", "Unavailable"}); !ok || v != 0 {
		t.Errorf("before any call, grpc_server_handled_total{ClassifyBatch, Unavailable} = %v (present: %t), want 0", v, ok)
	}

	text := "Anonymous revendique une attaque DDoS"
	for range 2 {
		if _, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: " "}); status.Code(err) != codes.InvalidArgument {
		t.Fatalf("Classify(%q) = %v, want code InvalidArgument", " ", err)
	}
	if _, err := c.ClassifyBatch(ctx, &topicdv1.ClassifyBatchRequest{Texts: []string{text, text}}); err != nil {
		t.Fatal(err)
	}
	if _, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{}); err != nil {
		t.Fatal(err)
	}
	if err := conn.Invoke(ctx, panicMethod, &emptypb.Empty{}, &emptypb.Empty{}); status.Code(err) != codes.Internal {
		t.Fatalf("Invoke(%s) = %v, want code Internal", panicMethod, err)
	}

	for _, tt := range []struct {
		name   string
		labels labels
		want   float64
	}{
		{"grpc_server_started_total", labels{"grpc_service", svc, "grpc_method", "Classify"}, 3},
		{"grpc_server_handled_total", labels{"grpc_service", svc, "grpc_method", "Classify", "grpc_code", "OK"}, 2},
		{"grpc_server_handled_total", labels{"grpc_service", svc, "grpc_method", "Classify", "grpc_code", "InvalidArgument"}, 1},
		{"grpc_server_handled_total", labels{"grpc_service", svc, "grpc_method", "ClassifyBatch", "grpc_code", "OK"}, 1},
		{"grpc_server_handled_total", labels{"grpc_service", svc, "grpc_method", "GetModelInfo"}, 0},
		{"grpc_server_handled_total", labels{"grpc_service", "grpc.health.v1.Health", "grpc_method", "Check", "grpc_code", "OK"}, 1},
		{"grpc_server_handled_total", labels{"grpc_service", "topicd.test.Hooks", "grpc_method", "Panic", "grpc_code", "Internal"}, 1},
		{"grpc_server_handling_seconds", labels{"grpc_service", svc, "grpc_method", "Classify"}, 3},
		{"grpc_server_handling_seconds", labels{"grpc_service", svc, "grpc_method", "ClassifyBatch"}, 1},
	} {
		if got, _ := value(t, reg, tt.name, tt.labels); got != tt.want {
			t.Errorf("%s%q = %v, want %v", tt.name, tt.labels, got, tt.want)
		}
	}
}

// readSeedTexts returns the texts of the seed corpus.
func readSeedTexts(tb testing.TB) []string {
	tb.Helper()
	c, err := corpus.Load(seeds.FS())
	if err != nil {
		tb.Fatal(err)
	}
	var texts []string
	for _, d := range c.Documents {
		texts = append(texts, d.Text)
	}
	return texts
}

// TestClassifyMetrics checks that each text classified, alone or in a batch,
// is recorded once: its features in topicd_classify_features, its topics in
// topicd_topics_assigned_total and its abstention in
// topicd_abstentions_total, as the responses report them; and that a refused
// call records nothing.
func TestClassifyMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	c, _ := newTestClient(t, servingtest.WithMetrics(metrics.NewMetrics(reg)))
	ctx := servingtest.Context(t)

	seedTexts := readSeedTexts(t)
	var (
		texts       int
		features    int64
		topics      = map[string]float64{}
		abstentions float64
	)
	record := func(r *topicdv1.ClassifyResponse) {
		texts++
		features += r.GetTokens()
		for _, topic := range r.GetTopics() {
			topics[topic]++
		}
		if r.GetAbstained() {
			abstentions++
		}
	}
	for _, text := range seedTexts[:2] {
		r, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		record(r)
	}
	batch := append([]string{"hello", "bonjour à tous"}, seedTexts[2:]...)
	rb, err := c.ClassifyBatch(ctx, &topicdv1.ClassifyBatchRequest{Texts: batch})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rb.GetResults() {
		record(r)
	}
	if _, err := c.ClassifyBatch(ctx, &topicdv1.ClassifyBatchRequest{Texts: []string{seedTexts[0], ""}}); status.Code(err) != codes.InvalidArgument {
		t.Fatalf("ClassifyBatch with an empty text = %v, want code InvalidArgument", err)
	}
	if len(topics) == 0 || abstentions == 0 {
		t.Fatalf("the texts got topics %v and %v abstentions; want some of each for this test to mean something", topics, abstentions)
	}

	count, sum := histogram(t, reg, "topicd_classify_features")
	if count != uint64(texts) || sum != float64(features) {
		t.Errorf("topicd_classify_features has %d samples summing to %v, want %d (the texts classified) summing to %d (their features)", count, sum, texts, features)
	}
	// Every topic of the model has its series, at 0 if no text got it.
	for _, topic := range servingtest.MustSeedModel(t).Info().Topics {
		topics[topic] += 0
	}
	want := map[string]float64{}
	for topic, n := range topics {
		want[`topic="`+topic+`"`] = n
	}
	if diff := cmp.Diff(want, series(t, reg, "topicd_topics_assigned_total")); diff != "" {
		t.Errorf("topicd_topics_assigned_total (-want, from the responses, +got):\n%s", diff)
	}
	if got, _ := value(t, reg, "topicd_abstentions_total", nil); got != abstentions {
		t.Errorf("topicd_abstentions_total = %v, want %v", got, abstentions)
	}
}

// otherModel returns a model other than the seed model: trained on the seeds
// and one more document, without topics.
func otherModel(tb testing.TB) *naivebayes.Model {
	tb.Helper()
	c, err := corpus.Load(seeds.FS())
	if err != nil {
		tb.Fatal(err)
	}
	// IDs sort after the seeds' ("000_…").
	c.Documents = append(c.Documents, corpus.Document{ID: "zz_other.txt", Text: "La météo de demain : du soleil sur tout le pays."})
	m, err := naivebayes.Train(c)
	if err != nil {
		tb.Fatal(err)
	}
	if m.Version() == servingtest.MustSeedModel(tb).Version() {
		tb.Fatal("otherModel has the seed model's version")
	}
	return m
}

// TestModelMetrics follows the model metrics through serve and its reloads:
// topicd_model_info has exactly one series, the serving model's version; a
// reload replaces it and counts as ok; a refused reload changes nothing but
// topicd_model_reloads_total{result="refused"}.
func TestModelMetrics(t *testing.T) {
	ctx := servingtest.Context(t)
	first, second := servingtest.MustSeedModel(t), otherModel(t)
	steps := []func() (*naivebayes.Model, error){
		func() (*naivebayes.Model, error) { return first, nil },
		func() (*naivebayes.Model, error) { return second, nil },
		func() (*naivebayes.Model, error) { return nil, errors.New("corpus on fire") },
	}
	var loads atomic.Int32
	load := func() (*naivebayes.Model, error) { return steps[loads.Add(1)-1]() }

	reg := prometheus.NewRegistry()
	logs := servingtest.NewLogBuffer()
	before := time.Now()
	cfg := serving.Config{Limits: servingtest.DefaultLimits, Metrics: metrics.NewMetrics(reg), ShutdownTimeout: time.Minute}
	s := startServe(t, serving.New(cfg, slog.New(slog.NewJSONHandler(logs, nil))), load)

	check := func(when, version string, ok, refused float64) {
		t.Helper()
		want := map[string]float64{`version="` + version + `"`: 1}
		if diff := cmp.Diff(want, series(t, reg, "topicd_model_info")); diff != "" {
			t.Errorf("%s: topicd_model_info (-want +got):\n%s", when, diff)
		}
		wantReloads := map[string]float64{`result="ok"`: ok, `result="refused"`: refused}
		if diff := cmp.Diff(wantReloads, series(t, reg, "topicd_model_reloads_total")); diff != "" {
			t.Errorf("%s: topicd_model_reloads_total (-want +got):\n%s", when, diff)
		}
	}
	loaded := func(when string) time.Time {
		t.Helper()
		got := series(t, reg, "topicd_model_loaded_timestamp_seconds")
		if len(got) != 1 {
			t.Fatalf("%s: topicd_model_loaded_timestamp_seconds = %v, want one series", when, got)
		}
		sec := got[""]
		return time.Unix(0, int64(sec*1e9))
	}

	logs.WaitFor(ctx, t, regexp.MustCompile(`"msg":"serving"`))
	check("serving", first.Version(), 0, 0)
	at := loaded("serving")
	if at.Before(before.Add(-time.Second)) || at.After(time.Now().Add(time.Second)) {
		t.Errorf("serving: topicd_model_loaded_timestamp_seconds = %v, want the time serve loaded the model, between %v and now", at, before)
	}

	s.srv.Reload()
	logs.WaitFor(ctx, t, regexp.MustCompile(`"msg":"reloaded"`))
	check("after a reload", second.Version(), 1, 0)
	reloadedAt := loaded("after a reload")
	if reloadedAt.Before(at) {
		t.Errorf("after a reload: topicd_model_loaded_timestamp_seconds = %v, before the first model's %v", reloadedAt, at)
	}

	s.srv.Reload()
	logs.WaitFor(ctx, t, regexp.MustCompile(`"msg":"reload refused`))
	check("after a refused reload", second.Version(), 1, 1)
	if got := loaded("after a refused reload"); !got.Equal(reloadedAt) {
		t.Errorf("after a refused reload: topicd_model_loaded_timestamp_seconds = %v, want it unchanged, %v", got, reloadedAt)
	}
}

// TestNilMetrics checks that a server without metrics has no metrics
// interceptors, and that recording in nil metrics does nothing.
func TestNilMetrics(t *testing.T) {
	var m *metrics.Metrics
	if opts := m.ServerOptions(); len(opts) != 0 {
		t.Errorf("nil metrics' ServerOptions() = %d options, want none", len(opts))
	}
	without := len(serving.ServerOptions(serving.Config{Limits: servingtest.DefaultLimits}, slog.New(slog.DiscardHandler)))
	with := len(serving.ServerOptions(serving.Config{Limits: servingtest.DefaultLimits, Metrics: metrics.NewMetrics(prometheus.NewRegistry())}, slog.New(slog.DiscardHandler)))
	if with <= without {
		t.Errorf("serverOptions has %d options with metrics and %d without, want more with", with, without)
	}
	m.Initialize(grpc.NewServer())
	m.SetModel(servingtest.MustSeedModel(t))
	m.Reloaded(true)
	m.Classified(naivebayes.Result{Features: 3, Topics: []string{"leak"}})
}
