package client_test

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"

	"github.com/seed134e4861/topicd/client"
	"github.com/seed134e4861/topicd/model"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
	"github.com/seed134e4861/topicd/seeds"
)

// modelService is a minimal ClassifierService over a real model, so the
// client is tested against real answers without importing the server.
type modelService struct {
	topicdv1.UnimplementedClassifierServiceServer
	m         *model.Model
	deadlines chan time.Duration // receives the time left of each call, if set
}

func (s *modelService) Classify(ctx context.Context, req *topicdv1.ClassifyRequest) (*topicdv1.ClassifyResponse, error) {
	if s.deadlines != nil {
		d, _ := ctx.Deadline()
		s.deadlines <- time.Until(d)
	}
	r, err := s.m.Classify(req.GetText())
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	resp := &topicdv1.ClassifyResponse{Topics: r.Topics, ModelVersion: s.m.Version()}
	for _, sc := range r.Scores {
		resp.Scores = append(resp.Scores, &topicdv1.TopicScore{Topic: sc.Topic, Probability: sc.Probability})
	}
	return resp, nil
}

func (s *modelService) ClassifyBatch(ctx context.Context, req *topicdv1.ClassifyBatchRequest) (*topicdv1.ClassifyBatchResponse, error) {
	resp := &topicdv1.ClassifyBatchResponse{}
	for _, text := range req.GetTexts() {
		r, err := s.Classify(ctx, &topicdv1.ClassifyRequest{Text: text})
		if err != nil {
			return nil, err
		}
		resp.Results = append(resp.Results, r)
	}
	return resp, nil
}

func (s *modelService) GetModelInfo(context.Context, *topicdv1.GetModelInfoRequest) (*topicdv1.GetModelInfoResponse, error) {
	info := s.m.Info()
	resp := &topicdv1.GetModelInfoResponse{
		Topics: info.Topics, Version: info.Version, Documents: int64(info.Documents),
		VocabularySize: int64(info.VocabularySize), Threshold: info.Threshold,
	}
	for i, t := range info.Topics {
		resp.TopicDocuments = append(resp.TopicDocuments, &topicdv1.TopicDocuments{Topic: t, Documents: int64(info.TopicDocuments[i])})
	}
	return resp, nil
}

// serveInMemory serves svc (on the seed model unless svc.m is set) over an
// in-memory connection and returns a client of it and a function that stops both.
func serveInMemory(svc *modelService, opts ...client.Option) (*client.Client, func(), error) {
	if svc.m == nil {
		m, err := model.TrainFS(seeds.FS())
		if err != nil {
			return nil, nil, err
		}
		svc.m = m
	}
	lis := bufconn.Listen(1 << 20)
	srv := grpc.NewServer()
	topicdv1.RegisterClassifierServiceServer(srv, svc)
	go srv.Serve(lis)
	dial := func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }
	opts = append([]client.Option{client.WithInsecure(), client.WithDialOptions(grpc.WithContextDialer(dial))}, opts...)
	c, err := client.New("passthrough:///bufnet", opts...)
	if err != nil {
		srv.Stop()
		return nil, nil, err
	}
	return c, func() { c.Close(); srv.Stop() }, nil
}

// newTestClient serves svc in memory for the length of the test.
func newTestClient(tb testing.TB, svc *modelService, opts ...client.Option) *client.Client {
	tb.Helper()
	c, stop, err := serveInMemory(svc, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(stop)
	return c
}

func TestNewNeedsCredentials(t *testing.T) {
	if _, err := client.New("localhost:50051"); err == nil {
		t.Error("New without credentials succeeded, want an error asking for them")
	}
	if _, err := client.New("localhost:50051", client.WithInsecure(), client.WithTimeout(0)); err == nil {
		t.Error("New with a zero timeout succeeded, want an error")
	}
}

func TestClassify(t *testing.T) {
	svc := &modelService{}
	c := newTestClient(t, svc)
	corpus, err := model.LoadCorpus(seeds.FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range corpus.Documents {
		got, err := c.Classify(context.Background(), d.Text)
		if err != nil {
			t.Fatalf("Classify(%s): %v", d.ID, err)
		}
		want, _ := svc.m.Classify(d.Text)
		if len(got.Scores) != len(want.Scores) || got.ModelVersion != svc.m.Version() {
			t.Errorf("Classify(%s) = %+v, want %d scores from model %s", d.ID, got, len(want.Scores), svc.m.Version())
		}
		wantTopics := want.Topics
		if wantTopics == nil {
			wantTopics = []string{}
		}
		if diff := cmp.Diff(wantTopics, got.Topics); diff != "" {
			t.Errorf("Classify(%s) topics (-want +got):\n%s", d.ID, diff)
		}
	}
}

func TestClassifyBatchKeepsOrder(t *testing.T) {
	c := newTestClient(t, &modelService{})
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
	svc := &modelService{deadlines: make(chan time.Duration, 2)}
	c := newTestClient(t, svc, client.WithTimeout(time.Hour))
	if _, err := c.Classify(context.Background(), "texte"); err != nil {
		t.Fatal(err)
	}
	if left := <-svc.deadlines; left <= 30*time.Minute || left > time.Hour {
		t.Errorf("call without deadline reached the server with %v left, want the client's 1h timeout", left)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if _, err := c.Classify(ctx, "texte"); err != nil {
		t.Fatal(err)
	}
	if left := <-svc.deadlines; left > 10*time.Minute {
		t.Errorf("call with a 10m deadline reached the server with %v left, want the caller's deadline kept", left)
	}
}

func TestErrorsAreStatuses(t *testing.T) {
	c := newTestClient(t, &modelService{})
	if _, err := c.Classify(context.Background(), " "); status.Code(err) != codes.InvalidArgument {
		t.Errorf("Classify(\" \") error = %v, want code InvalidArgument", err)
	}
}

func TestModelInfo(t *testing.T) {
	c := newTestClient(t, &modelService{})
	got, err := c.ModelInfo(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{"election_interference": 3, "hacktivism": 3, "leak": 4, "state_actor": 1}
	if diff := cmp.Diff(want, got.TopicDocuments); diff != "" || got.Documents != 5 {
		t.Errorf("ModelInfo() = %+v, want 5 documents and topic counts (-want +got):\n%s", got, diff)
	}
}
