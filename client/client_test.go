package client_test

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/seed134e4861/topicd/client"
	"github.com/seed134e4861/topicd/internal/servingtest"
	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/model/features"
	"github.com/seed134e4861/topicd/model/naivebayes"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
	"github.com/seed134e4861/topicd/seeds"
)

// serveInMemory serves the real server (package serving) in memory, with
// the seed model and opts, and returns it, a client of it made with copts,
// and a function that stops both.
func serveInMemory(opts []servingtest.Option, copts ...client.Option) (*client.Client, *servingtest.Server, func(), error) {
	srv, err := servingtest.Start(opts...)
	if err != nil {
		return nil, nil, nil, err
	}
	copts = append([]client.Option{client.WithInsecure(), client.WithDialOptions(grpc.WithContextDialer(srv.Dialer()))}, copts...)
	c, err := client.New(srv.Addr, copts...)
	if err != nil {
		srv.Close()
		return nil, nil, nil, err
	}
	return c, srv, func() { c.Close(); srv.Close() }, nil
}

// newTestClient serves the real server in memory with opts for the length
// of the test, and returns a client of it made with copts, and the server.
func newTestClient(tb testing.TB, opts []servingtest.Option, copts ...client.Option) (*client.Client, *servingtest.Server) {
	tb.Helper()
	c, srv, stop, err := serveInMemory(opts, copts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(stop)
	return c, srv
}

// recordDeadlines returns a server option whose interceptor, after topicd's
// own, sends on ch the time left before the deadline of each Classify call.
func recordDeadlines(ch chan<- time.Duration) grpc.ServerOption {
	return grpc.ChainUnaryInterceptor(func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if info.FullMethod == topicdv1.ClassifierService_Classify_FullMethodName {
			d, _ := ctx.Deadline()
			ch <- time.Until(d)
		}
		return handler(ctx, req)
	})
}

func TestNewNeedsCredentials(t *testing.T) {
	if _, err := client.New("localhost:50051"); err == nil {
		t.Error("New without credentials succeeded, want an error asking for them")
	}
	if _, err := client.New("localhost:50051", client.WithInsecure(), client.WithTimeout(0)); err == nil {
		t.Error("New with a zero timeout succeeded, want an error")
	}
}

// wantResult converts a model result the way the API documents it.
func wantResult(r naivebayes.Result, version string) client.Result {
	want := client.Result{
		Topics:       r.Topics,
		ModelVersion: version,
		Abstained:    r.Abstained,
		Tokens:       int64(r.Features),
		KnownTokens:  int64(r.KnownFeatures),
		Threshold:    r.Threshold,
		Language:     r.Language,
		AbstainReason: map[naivebayes.AbstainReason]string{
			naivebayes.WeakEvidence:        client.AbstainWeakEvidence,
			naivebayes.UnsupportedLanguage: client.AbstainUnsupportedLanguage,
		}[r.AbstainReason],
	}
	if want.Topics == nil {
		want.Topics = []string{}
	}
	for _, s := range r.Scores {
		score := client.Score{Topic: s.Topic, Probability: s.Probability, Passage: s.Passage}
		for _, e := range s.Evidence {
			score.Evidence = append(score.Evidence, client.Evidence{Token: e.Feature, Weight: e.Weight, Count: int64(e.Count)})
		}
		want.Scores = append(want.Scores, score)
	}
	return want
}

func TestClassify(t *testing.T) {
	c, srv := newTestClient(t, nil)
	corpus, err := corpus.Load(seeds.FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range corpus.Documents {
		got, err := c.Classify(context.Background(), d.Text)
		if err != nil {
			t.Fatalf("Classify(%s): %v", d.ID, err)
		}
		want, _ := srv.Model.Classify(d.Text)
		if len(got.Scores) != len(want.Scores) || got.ModelVersion != srv.Model.Version() {
			t.Errorf("Classify(%s) = %+v, want %d scores from model %s", d.ID, got, len(want.Scores), srv.Model.Version())
		}
		wantTopics := want.Topics
		if wantTopics == nil {
			wantTopics = []string{}
		}
		if diff := cmp.Diff(wantTopics, got.Topics); diff != "" {
			t.Errorf("Classify(%s) topics (-want +got):\n%s", d.ID, diff)
		}
		if diff := cmp.Diff(wantResult(want, srv.Model.Version()), got); diff != "" {
			t.Errorf("Classify(%s) differs from the model's answer (-model +got):\n%s", d.ID, diff)
		}
	}
}

// TestClassifyOptions checks that WithThreshold and WithExplain reach the
// service and that everything the service answers reaches the Result.
func TestClassifyOptions(t *testing.T) {
	c, srv := newTestClient(t, nil)
	texts := []string{
		"Anonymous a publié 269 Go de documents de police, diffusés par DDoSecrets : une fuite massive.",
		"MacronLeaks: des courriels de campagne publiés",
		"zzzz qqqq xylophone",
	}
	for _, tt := range []struct {
		name string
		opts []client.ClassifyOption
		want naivebayes.Options
	}{
		{"none", nil, naivebayes.Options{}},
		{"WithThreshold(1e-9)", []client.ClassifyOption{client.WithThreshold(1e-9)}, naivebayes.Options{Threshold: 1e-9}},
		{"WithThreshold(1)", []client.ClassifyOption{client.WithThreshold(1)}, naivebayes.Options{Threshold: 1}},
		{"WithExplain()", []client.ClassifyOption{client.WithExplain()}, naivebayes.Options{Explain: true}},
		{"WithThreshold(0.9), WithExplain()", []client.ClassifyOption{client.WithThreshold(0.9), client.WithExplain()}, naivebayes.Options{Threshold: 0.9, Explain: true}},
		{"WithThreshold(0.9), WithThreshold(0.2)", []client.ClassifyOption{client.WithThreshold(0.9), client.WithThreshold(0.2)}, naivebayes.Options{Threshold: 0.2}},
	} {
		for _, text := range texts {
			got, err := c.Classify(context.Background(), text, tt.opts...)
			if err != nil {
				t.Fatalf("Classify(%.30q, %s): %v", text, tt.name, err)
			}
			r, err := srv.Model.ClassifyWith(text, tt.want)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantResult(r, srv.Model.Version()), got); diff != "" {
				t.Errorf("Classify(%.30q, %s) differs from the model's answer with %+v (-model +got):\n%s", text, tt.name, tt.want, diff)
			}
			batch, err := c.ClassifyBatch(context.Background(), []string{text, text}, tt.opts...)
			if err != nil {
				t.Fatalf("ClassifyBatch(%.30q twice, %s): %v", text, tt.name, err)
			}
			if diff := cmp.Diff([]client.Result{got, got}, batch); diff != "" {
				t.Errorf("ClassifyBatch(%.30q twice, %s) differs from Classify with the same options (-Classify +ClassifyBatch):\n%s", text, tt.name, diff)
			}
		}
	}
}

func TestClassifyAbstains(t *testing.T) {
	c, _ := newTestClient(t, nil)
	const text = "zzzz qqqq xylophone"
	got, err := c.Classify(context.Background(), text, client.WithThreshold(1e-9))
	if err != nil {
		t.Fatal(err)
	}
	if !got.Abstained || len(got.Topics) != 0 || len(got.Scores) != 4 {
		t.Errorf("Classify(%q) = %+v, want abstained, no topics and 4 scores", text, got)
	}
}

func TestClassifyBatchKeepsOrder(t *testing.T) {
	c, _ := newTestClient(t, nil)
	texts := []string{"Anonymous revendique une attaque DDoS", "MacronLeaks: des courriels de campagne publiés", "unrelated words"}
	got, err := c.ClassifyBatch(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(texts) {
		t.Fatalf("ClassifyBatch gave %d results, want %d", len(got), len(texts))
	}
	for i, text := range texts {
		one, err := c.Classify(context.Background(), text)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(one, got[i]); diff != "" {
			t.Errorf("ClassifyBatch result %d differs from Classify(%q) (-one +batch):\n%s", i, text, diff)
		}
	}
}

func TestDefaultTimeout(t *testing.T) {
	deadlines := make(chan time.Duration, 2)
	c, _ := newTestClient(t, []servingtest.Option{servingtest.WithServerOptions(recordDeadlines(deadlines))}, client.WithTimeout(time.Hour))
	if _, err := c.Classify(context.Background(), "texte"); err != nil {
		t.Fatal(err)
	}
	if left := <-deadlines; left <= 30*time.Minute || left > time.Hour {
		t.Errorf("call without deadline reached the server with %v left, want the client's 1h timeout", left)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if _, err := c.Classify(ctx, "texte"); err != nil {
		t.Fatal(err)
	}
	if left := <-deadlines; left > 10*time.Minute {
		t.Errorf("call with a 10m deadline reached the server with %v left, want the caller's deadline kept", left)
	}
}

func TestErrorsAreStatuses(t *testing.T) {
	c, _ := newTestClient(t, nil)
	if _, err := c.Classify(context.Background(), " "); status.Code(err) != codes.InvalidArgument {
		t.Errorf("Classify(\" \") error = %v, want code InvalidArgument", err)
	}
	for _, p := range []float64{0, -0.5, 1.5, math.NaN()} {
		if _, err := c.Classify(context.Background(), "texte", client.WithThreshold(p)); status.Code(err) != codes.InvalidArgument {
			t.Errorf("Classify(\"texte\", WithThreshold(%v)) error = %v, want code InvalidArgument", p, err)
		}
		if _, err := c.ClassifyBatch(context.Background(), []string{"texte"}, client.WithThreshold(p)); status.Code(err) != codes.InvalidArgument {
			t.Errorf("ClassifyBatch([\"texte\"], WithThreshold(%v)) error = %v, want code InvalidArgument", p, err)
		}
	}
}

func TestModelInfo(t *testing.T) {
	c, _ := newTestClient(t, nil)
	got, err := c.ModelInfo(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{"election_interference": 3, "hacktivism": 3, "leak": 4, "state_actor": 1}
	if diff := cmp.Diff(want, got.TopicDocuments); diff != "" || got.Documents != 5 {
		t.Errorf("ModelInfo() = %+v, want 5 documents and topic counts (-want +got):\n%s", got, diff)
	}
	if got.MinKnownTokens != naivebayes.MinKnownFeatures || got.Tokenizer != features.Version {
		t.Errorf("ModelInfo() = {MinKnownTokens: %d, Tokenizer: %q}, want %d and %q", got.MinKnownTokens, got.Tokenizer, naivebayes.MinKnownFeatures, features.Version)
	}
	if want := []string{"en", "fr", "vi"}; !slices.Equal(got.Languages, want) {
		t.Errorf("ModelInfo().Languages = %q, want %q", got.Languages, want)
	}
}
