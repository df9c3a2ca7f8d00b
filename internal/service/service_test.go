package service_test

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/seed134e4861/topicd/internal/service"
	"github.com/seed134e4861/topicd/internal/servingtest"
	"github.com/seed134e4861/topicd/model"
	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/model/features"
	"github.com/seed134e4861/topicd/model/naivebayes"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
	"github.com/seed134e4861/topicd/seeds"
)

// newTestClient serves the real server (package serving, with its options
// and interceptors) in memory with opts for the length of the test, and
// returns a client of ClassifierService and the connection.
func newTestClient(tb testing.TB, opts ...servingtest.Option) (topicdv1.ClassifierServiceClient, *grpc.ClientConn) {
	tb.Helper()
	conn := servingtest.New(tb, opts...).Conn(tb)
	return topicdv1.NewClassifierServiceClient(conn), conn
}

// newService returns a service with limits l and the seed model, logging
// nothing.
func newService(tb testing.TB, l service.Config) *service.Service {
	svc := service.New(l, slog.New(slog.DiscardHandler), nil)
	svc.SetModel(servingtest.MustSeedModel(tb))
	return svc
}

func TestClassifySeeds(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := servingtest.Context(t)
	m := servingtest.MustSeedModel(t)
	info, err := c.GetModelInfo(ctx, &topicdv1.GetModelInfoRequest{})
	if err != nil {
		t.Fatal(err)
	}
	corpus, err := corpus.Load(seeds.FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range corpus.Documents {
		got, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: d.Text})
		if err != nil {
			t.Fatalf("Classify(%s): %v", d.ID, err)
		}
		if topics := slices.Sorted(slices.Values(got.GetTopics())); !cmp.Equal(topics, d.Topics, cmpopts.EquateEmpty()) {
			t.Errorf("Classify(%s).Topics = %v, want %v (its labels)", d.ID, got.GetTopics(), d.Topics)
		}
		scores := got.GetScores()
		var scored []string
		for i, s := range scores {
			scored = append(scored, s.GetTopic())
			if p := s.GetProbability(); p < 0 || p > 1 {
				t.Errorf("Classify(%s) score of %s = %v, want a probability in [0, 1]", d.ID, s.GetTopic(), p)
			}
			if i > 0 {
				prev := scores[i-1]
				if prev.GetProbability() < s.GetProbability() ||
					prev.GetProbability() == s.GetProbability() && prev.GetTopic() > s.GetTopic() {
					t.Errorf("Classify(%s) scores %v: %s before %s, want most probable first, ties by name", d.ID, scores, prev.GetTopic(), s.GetTopic())
				}
			}
		}
		if slices.Sort(scored); !slices.Equal(scored, model.Topics()) {
			t.Errorf("Classify(%s) scored topics %v, want one score for each of %v", d.ID, scored, model.Topics())
		}
		for i, topic := range got.GetTopics() {
			if scores[i].GetTopic() != topic {
				t.Errorf("Classify(%s).Topics = %v, want them in the order of the scores %v", d.ID, got.GetTopics(), scores)
				break
			}
		}
		if got.GetModelVersion() != info.GetVersion() {
			t.Errorf("Classify(%s).ModelVersion = %q, want GetModelInfo's version %q", d.ID, got.GetModelVersion(), info.GetVersion())
		}
		r, err := m.Classify(d.Text)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(servingtest.WantResponse(r, m.Version()), got, protocmp.Transform()); diff != "" {
			t.Errorf("Classify(%s) differs from the model's answer (-model +got):\n%s", d.ID, diff)
		}
	}
}

func TestClassifyBatch(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := servingtest.Context(t)
	corpus, err := corpus.Load(seeds.FS())
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{"unrelated words about the weather", "Anonymous revendique une attaque DDoS"}
	for _, d := range slices.Backward(corpus.Documents) {
		texts = append(texts, d.Text)
	}
	texts = append(texts, "Tin tặc công bố tài liệu mật")
	got, err := c.ClassifyBatch(ctx, &topicdv1.ClassifyBatchRequest{Texts: texts})
	if err != nil {
		t.Fatalf("ClassifyBatch: %v", err)
	}
	if len(got.GetResults()) != len(texts) {
		t.Fatalf("ClassifyBatch(%d texts) gave %d results, want one per text", len(texts), len(got.GetResults()))
	}
	for i, text := range texts {
		one, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(one, got.GetResults()[i], protocmp.Transform()); diff != "" {
			t.Errorf("ClassifyBatch result %d differs from Classify(%.40q) (-Classify +ClassifyBatch):\n%s", i, text, diff)
		}
	}
}

// TestClassifyBatchEmpty pins what an empty batch does: nothing is wrong with
// it, so it is answered OK with no results.
func TestClassifyBatchEmpty(t *testing.T) {
	c, _ := newTestClient(t)
	got, err := c.ClassifyBatch(servingtest.Context(t), &topicdv1.ClassifyBatchRequest{})
	if err != nil || len(got.GetResults()) != 0 {
		t.Errorf("ClassifyBatch(no texts) = %v, %v; want no results, OK", got, err)
	}
}

// seedTopicCounts counts the documents of each topic of the seed corpus.
func seedTopicCounts(t *testing.T) (docs int64, perTopic map[string]int64) {
	t.Helper()
	c, err := corpus.Load(seeds.FS())
	if err != nil {
		t.Fatal(err)
	}
	perTopic = map[string]int64{}
	for _, d := range c.Documents {
		for _, topic := range d.Topics {
			perTopic[topic]++
		}
	}
	return int64(len(c.Documents)), perTopic
}

func TestGetModelInfo(t *testing.T) {
	c, _ := newTestClient(t)
	got, err := c.GetModelInfo(servingtest.Context(t), &topicdv1.GetModelInfoRequest{})
	if err != nil {
		t.Fatal(err)
	}
	docs, perTopic := seedTopicCounts(t)
	if docs != 5 {
		t.Fatalf("labels.tsv lists %d seed documents, want 5", docs)
	}
	topics := []string{"election_interference", "hacktivism", "leak", "state_actor"}
	want := &topicdv1.GetModelInfoResponse{
		Topics:         topics,
		Version:        servingtest.MustSeedModel(t).Version(),
		Documents:      docs,
		VocabularySize: got.GetVocabularySize(), // checked below
		Threshold:      naivebayes.DefaultThreshold,
		MinKnownTokens: naivebayes.MinKnownFeatures,
		Tokenizer:      features.Version,
		Languages:      []string{"en", "fr", "vi"},
	}
	for _, topic := range topics {
		want.TopicDocuments = append(want.TopicDocuments, &topicdv1.TopicDocuments{Topic: topic, Documents: perTopic[topic]})
	}
	if diff := cmp.Diff(want, got, protocmp.Transform()); diff != "" {
		t.Errorf("GetModelInfo() differs (-want +got):\n%s", diff)
	}
	if v := got.GetVocabularySize(); v <= 0 || v != int64(servingtest.MustSeedModel(t).Info().VocabularySize) {
		t.Errorf("GetModelInfo().VocabularySize = %d, want the model's own, above 0", v)
	}
	if got.GetMinKnownTokens() <= 0 || got.GetTokenizer() == "" {
		t.Errorf("GetModelInfo() = {min_known_tokens: %d, tokenizer: %q}, want a minimum above 0 and a tokenizer name", got.GetMinKnownTokens(), got.GetTokenizer())
	}
}

// TestInvalidArgument checks that every bad request is refused with
// InvalidArgument and a BadRequest violation on each bad field, and that the
// limits are inclusive and counted in bytes.
func TestInvalidArgument(t *testing.T) {
	const maxText, maxBatch = 64, 4
	c, _ := newTestClient(t, servingtest.WithLimits(service.Config{MaxTextBytes: maxText, MaxBatch: maxBatch}))
	ctx := servingtest.Context(t)
	classify := func(text string) func() error {
		return func() error {
			_, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: text})
			return err
		}
	}
	batch := func(texts ...string) func() error {
		return func() error {
			_, err := c.ClassifyBatch(ctx, &topicdv1.ClassifyBatchRequest{Texts: texts})
			return err
		}
	}
	atLimit, overLimit := strings.Repeat("x", maxText), strings.Repeat("x", maxText+1)
	for _, tt := range []struct {
		name       string
		call       func() error
		wantCode   codes.Code
		wantFields []string
	}{
		{"Classify(empty)", classify(""), codes.InvalidArgument, []string{"text", "html"}}, // neither text nor html
		{"Classify(spaces)", classify(" \t\r\n "), codes.InvalidArgument, []string{"text"}},
		{"Classify(unicode spaces)", classify("\u00a0\u2003\u3000"), codes.InvalidArgument, []string{"text"}},
		{"Classify(max+1 bytes)", classify(overLimit), codes.InvalidArgument, []string{"text"}},
		{"Classify(max+2 bytes in max/2+1 runes)", classify(strings.Repeat("é", maxText/2+1)), codes.InvalidArgument, []string{"text"}},
		{"Classify(max bytes)", classify(atLimit), codes.OK, nil},
		{"Classify(max bytes in max/2 runes)", classify(strings.Repeat("é", maxText/2)), codes.OK, nil},
		{"ClassifyBatch(max+1 texts)", batch("a", "b", "c", "d", "e"), codes.InvalidArgument, []string{"texts"}},
		{"ClassifyBatch(max+1 bad texts)", batch("", "", "", "", ""), codes.InvalidArgument, []string{"texts"}},
		{"ClassifyBatch(max texts of max bytes)", batch(atLimit, atLimit, atLimit, atLimit), codes.OK, nil},
		{"ClassifyBatch(bad 1 and 3)", batch("fine", "", "fine", "  "), codes.InvalidArgument, []string{"texts[1]", "texts[3]"}},
		{"ClassifyBatch(bad 1 and 3, one too long)", batch("fine", "\n", "fine", overLimit), codes.InvalidArgument, []string{"texts[1]", "texts[3]"}},
		{"ClassifyBatch(bad 0)", batch(""), codes.InvalidArgument, []string{"texts[0]"}},
	} {
		err := tt.call()
		if got := status.Code(err); got != tt.wantCode {
			t.Errorf("%s = %v, want code %v", tt.name, err, tt.wantCode)
			continue
		}
		if got := servingtest.FieldViolations(err); !slices.Equal(got, tt.wantFields) {
			t.Errorf("%s = %v with field violations %q, want %q", tt.name, err, got, tt.wantFields)
		}
	}
}

func TestUnavailableWithoutModel(t *testing.T) {
	c, _ := newTestClient(t, servingtest.WithoutModel())
	ctx := servingtest.Context(t)
	for _, tt := range []struct {
		name string
		call func() error
	}{
		{"Classify", func() error {
			_, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: "Anonymous revendique une attaque"})
			return err
		}},
		{"ClassifyBatch", func() error {
			_, err := c.ClassifyBatch(ctx, &topicdv1.ClassifyBatchRequest{Texts: []string{"Anonymous revendique une attaque"}})
			return err
		}},
		{"GetModelInfo", func() error {
			_, err := c.GetModelInfo(ctx, &topicdv1.GetModelInfoRequest{})
			return err
		}},
	} {
		if err := tt.call(); status.Code(err) != codes.Unavailable {
			t.Errorf("%s before a model is loaded = %v, want code Unavailable", tt.name, err)
		}
	}
}

// contextCase is a call context and the code a call made with it gets.
type contextCase struct {
	name string
	ctx  context.Context
	want codes.Code
}

// endedContexts returns a context past its deadline and a cancelled one.
func endedContexts(t *testing.T) []contextCase {
	expired, cancelExpired := context.WithDeadline(context.Background(), time.Now().Add(-time.Hour))
	t.Cleanup(cancelExpired)
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	return []contextCase{
		{"expired deadline", expired, codes.DeadlineExceeded},
		{"canceled", canceled, codes.Canceled},
	}
}

// TestContextEndedBeforeCall pins what a call whose context has already
// ended gets: grpc-go's client answers DeadlineExceeded or Canceled itself,
// without sending the call, so the server's handler never runs. The text is
// empty: had the handler run, it would have logged an InvalidArgument call.
func TestContextEndedBeforeCall(t *testing.T) {
	logs := servingtest.NewLogBuffer()
	c, _ := newTestClient(t, servingtest.WithLogs(logs))
	for _, tt := range endedContexts(t) {
		if _, err := c.Classify(tt.ctx, &topicdv1.ClassifyRequest{Text: ""}); status.Code(err) != tt.want {
			t.Errorf("Classify(%q) with %s context = %v, want code %v", "", tt.name, err, tt.want)
		}
		if _, err := c.ClassifyBatch(tt.ctx, &topicdv1.ClassifyBatchRequest{Texts: []string{""}}); status.Code(err) != tt.want {
			t.Errorf("ClassifyBatch([%q]) with %s context = %v, want code %v", "", tt.name, err, tt.want)
		}
	}
	if calls := logs.CallRecords(t); len(calls) != 0 {
		t.Errorf("calls with ended contexts reached the server's handlers: %+v", calls)
	}
}

// TestServiceContextEnded checks the handler's own mapping of a context that
// ends during a batch, which the client's check above cannot reach: the
// handler is called directly.
func TestServiceContextEnded(t *testing.T) {
	svc := newService(t, servingtest.DefaultLimits)
	live := contextCase{"live", context.Background(), codes.OK}
	for _, tt := range append(endedContexts(t), live) {
		_, err := svc.ClassifyBatch(tt.ctx, &topicdv1.ClassifyBatchRequest{Texts: []string{"Anonymous revendique une attaque DDoS"}})
		if got := status.Code(err); got != tt.want {
			t.Errorf("Service.ClassifyBatch with %s context = %v, want code %v", tt.name, err, tt.want)
		}
	}
}

// optionTexts are texts for the tests of a request's threshold and explain:
// the seed articles, and short texts in each language.
func optionTexts(t *testing.T) []string {
	t.Helper()
	corpus, err := corpus.Load(seeds.FS())
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"Anonymous revendique une attaque DDoS contre des sites gouvernementaux",
		"Tin tặc công bố tài liệu mật của bộ quốc phòng",
		"State-backed hackers leaked campaign emails before the election",
	}
	for _, d := range corpus.Documents {
		texts = append(texts, d.Text)
	}
	return texts
}

// assignedTopics returns the topics a response's scores and threshold
// assign, as the API documents it: those at or above the threshold whose
// probability is above their prior (their share of the training documents,
// from GetModelInfo), most probable first, or none when the model abstained.
func assignedTopics(r *topicdv1.ClassifyResponse, info *topicdv1.GetModelInfoResponse) []string {
	var topics []string
	if r.GetAbstained() {
		return nil
	}
	prior := map[string]float64{}
	for _, td := range info.GetTopicDocuments() {
		prior[td.GetTopic()] = float64(td.GetDocuments()) / float64(info.GetDocuments())
	}
	for _, s := range r.GetScores() {
		if s.GetProbability() >= r.GetThreshold() && s.GetProbability() > prior[s.GetTopic()] {
			topics = append(topics, s.GetTopic())
		}
	}
	return topics
}

// withoutEvidence returns a copy of r whose scores carry no evidence.
func withoutEvidence(r *topicdv1.ClassifyResponse) *topicdv1.ClassifyResponse {
	r = proto.Clone(r).(*topicdv1.ClassifyResponse)
	for _, s := range r.GetScores() {
		s.Evidence, s.Passage = nil, ""
	}
	return r
}

func TestClassifyThreshold(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := servingtest.Context(t)
	m := servingtest.MustSeedModel(t)
	info, err := c.GetModelInfo(ctx, &topicdv1.GetModelInfoRequest{})
	if err != nil {
		t.Fatal(err)
	}
	changed := false // whether some threshold changed some text's topics
	for _, text := range optionTexts(t) {
		byDefault, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: text})
		if err != nil {
			t.Fatalf("Classify(%.40q): %v", text, err)
		}
		if byDefault.GetThreshold() != info.GetThreshold() {
			t.Errorf("Classify(%.40q).Threshold = %v, want GetModelInfo's %v when the request sets none", text, byDefault.GetThreshold(), info.GetThreshold())
		}
		if n, known := byDefault.GetTokens(), byDefault.GetKnownTokens(); n <= 0 || known < 0 || known > n {
			t.Errorf("Classify(%.40q) = {tokens: %d, known_tokens: %d}, want 0 <= known_tokens <= tokens, tokens > 0", text, n, known)
		}
		for _, threshold := range []float64{math.SmallestNonzeroFloat64, 0.01, 0.5, 0.99, 1} {
			got, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: text, Threshold: proto.Float64(threshold)})
			if err != nil {
				t.Fatalf("Classify(%.40q, threshold %v): %v", text, threshold, err)
			}
			if got.GetThreshold() != threshold {
				t.Errorf("Classify(%.40q, threshold %v).Threshold = %v, want the request's", text, threshold, got.GetThreshold())
			}
			if want := assignedTopics(got, info); !slices.Equal(got.GetTopics(), want) {
				t.Errorf("Classify(%.40q, threshold %v).Topics = %v, want %v from its scores %v", text, threshold, got.GetTopics(), want, got.GetScores())
			}
			// The threshold decides the topics, not the scores.
			opts := protocmp.IgnoreFields(&topicdv1.ClassifyResponse{}, "topics", "threshold")
			if diff := cmp.Diff(byDefault, got, protocmp.Transform(), opts); diff != "" {
				t.Errorf("Classify(%.40q, threshold %v) differs from Classify without one beyond topics and threshold (-without +with):\n%s", text, threshold, diff)
			}
			if !slices.Equal(got.GetTopics(), byDefault.GetTopics()) {
				changed = true
			}
			r, err := m.ClassifyWith(text, naivebayes.Options{Threshold: threshold})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(servingtest.WantResponse(r, m.Version()), got, protocmp.Transform()); diff != "" {
				t.Errorf("Classify(%.40q, threshold %v) differs from the model's answer (-model +got):\n%s", text, threshold, diff)
			}
		}
	}
	if !changed {
		t.Error("no threshold changed the topics of any text, want the request's threshold to decide them")
	}
}

func TestInvalidThreshold(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := servingtest.Context(t)
	const text = "Anonymous revendique une attaque DDoS"
	for _, threshold := range []float64{0, math.Copysign(0, -1), -0.1, 1.5, 1 + 1e-15, math.NaN(), math.Inf(1), math.Inf(-1)} {
		_, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: text, Threshold: proto.Float64(threshold)})
		if got, want := servingtest.FieldViolations(err), []string{"threshold"}; status.Code(err) != codes.InvalidArgument || !slices.Equal(got, want) {
			t.Errorf("Classify(threshold %v) = %v with field violations %q, want code InvalidArgument on %q", threshold, err, got, want)
		}
		_, err = c.ClassifyBatch(ctx, &topicdv1.ClassifyBatchRequest{Texts: []string{text, text}, Threshold: proto.Float64(threshold)})
		if got, want := servingtest.FieldViolations(err), []string{"threshold"}; status.Code(err) != codes.InvalidArgument || !slices.Equal(got, want) {
			t.Errorf("ClassifyBatch(threshold %v) = %v with field violations %q, want code InvalidArgument on %q, once", threshold, err, got, want)
		}
	}
	// A bad threshold is reported beside the bad texts.
	_, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: " ", Threshold: proto.Float64(2)})
	if got, want := servingtest.FieldViolations(err), []string{"text", "threshold"}; status.Code(err) != codes.InvalidArgument || !slices.Equal(got, want) {
		t.Errorf("Classify(%q, threshold 2) = %v with field violations %q, want code InvalidArgument on %q", " ", err, got, want)
	}
	_, err = c.ClassifyBatch(ctx, &topicdv1.ClassifyBatchRequest{Texts: []string{text, ""}, Threshold: proto.Float64(-1)})
	if got, want := servingtest.FieldViolations(err), []string{"texts[1]", "threshold"}; status.Code(err) != codes.InvalidArgument || !slices.Equal(got, want) {
		t.Errorf("ClassifyBatch([text, %q], threshold -1) = %v with field violations %q, want code InvalidArgument on %q", "", err, got, want)
	}
}

// checkEvidence checks the evidence of every score of an explained
// response: some for every score, at most naivebayes.ExplainFeatures positive
// weights, strongest first, then at most as many negative ones, strongest
// last; no zero weight, each feature named and counted.
func checkEvidence(t *testing.T, call string, r *topicdv1.ClassifyResponse) {
	t.Helper()
	for _, s := range r.GetScores() {
		ev := s.GetEvidence()
		if len(ev) == 0 {
			t.Errorf("%s score of %s has no evidence, want some", call, s.GetTopic())
			continue
		}
		up, down := 0, 0
		for i, e := range ev {
			switch w := e.GetWeight(); {
			case w > 0 && down == 0:
				up++
			case w < 0:
				down++
			default:
				t.Errorf("%s evidence of %s %v: weight %v at %d, want positive weights, then negative ones, none zero", call, s.GetTopic(), ev, w, i)
			}
			if i > 0 && ev[i-1].GetWeight() < e.GetWeight() {
				t.Errorf("%s evidence of %s %v: %v before %v, want weights in decreasing order", call, s.GetTopic(), ev, ev[i-1].GetWeight(), e.GetWeight())
			}
			if e.GetToken() == "" || e.GetCount() < 1 {
				t.Errorf("%s evidence of %s: %v, want a feature named and counted at least once", call, s.GetTopic(), e)
			}
		}
		if up > naivebayes.ExplainFeatures || down > naivebayes.ExplainFeatures {
			t.Errorf("%s evidence of %s has %d positive and %d negative weights, want at most %d of each", call, s.GetTopic(), up, down, naivebayes.ExplainFeatures)
		}
	}
}

func TestClassifyExplain(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := servingtest.Context(t)
	m := servingtest.MustSeedModel(t)
	for _, text := range optionTexts(t) {
		plain, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: text})
		if err != nil {
			t.Fatalf("Classify(%.40q): %v", text, err)
		}
		for _, s := range plain.GetScores() {
			if len(s.GetEvidence()) > 0 {
				t.Errorf("Classify(%.40q) without explain: score of %s has evidence %v, want none", text, s.GetTopic(), s.GetEvidence())
			}
		}
		got, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: text, Explain: true})
		if err != nil {
			t.Fatalf("Classify(%.40q, explain): %v", text, err)
		}
		call := fmt.Sprintf("Classify(%.40q, explain)", text)
		checkEvidence(t, call, got)
		if diff := cmp.Diff(plain, withoutEvidence(got), protocmp.Transform()); diff != "" {
			t.Errorf("%s differs from Classify without explain beyond the evidence and passages (-without +with):\n%s", call, diff)
		}
		r, err := m.ClassifyWith(text, naivebayes.Options{Explain: true})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(servingtest.WantResponse(r, m.Version()), got, protocmp.Transform()); diff != "" {
			t.Errorf("%s differs from the model's answer (-model +got):\n%s", call, diff)
		}
	}
}

// TestClassifyAbstains checks that a text of words the model never learned
// gets no topic, whatever the threshold, though its scores are answered.
func TestClassifyAbstains(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := servingtest.Context(t)
	info, err := c.GetModelInfo(ctx, &topicdv1.GetModelInfoRequest{})
	if err != nil {
		t.Fatal(err)
	}
	const text = "zzzz qqqq xylophone"
	for _, req := range []*topicdv1.ClassifyRequest{
		{Text: text},
		{Text: text, Threshold: proto.Float64(math.SmallestNonzeroFloat64), Explain: true},
	} {
		got, err := c.Classify(ctx, req)
		if err != nil {
			t.Fatalf("Classify(%v): %v", req, err)
		}
		if !got.GetAbstained() || len(got.GetTopics()) > 0 {
			t.Errorf("Classify(%v) = {abstained: %v, topics: %v}, want abstained with no topic", req, got.GetAbstained(), got.GetTopics())
		}
		if len(got.GetScores()) != len(info.GetTopics()) {
			t.Errorf("Classify(%v) gave %d scores, want one for each of %v", req, len(got.GetScores()), info.GetTopics())
		}
		if got.GetKnownTokens() >= info.GetMinKnownTokens() || got.GetTokens() <= 0 {
			t.Errorf("Classify(%v) = {tokens: %d, known_tokens: %d}, want some tokens, fewer than %d known", req, got.GetTokens(), got.GetKnownTokens(), info.GetMinKnownTokens())
		}
	}
}

func TestClassifyBatchOptions(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := servingtest.Context(t)
	texts := append(optionTexts(t), "zzzz qqqq xylophone")
	for _, threshold := range []*float64{nil, proto.Float64(0.01), proto.Float64(1)} {
		for _, explain := range []bool{false, true} {
			got, err := c.ClassifyBatch(ctx, &topicdv1.ClassifyBatchRequest{Texts: texts, Threshold: threshold, Explain: explain})
			if err != nil {
				t.Fatalf("ClassifyBatch(threshold %v, explain %v): %v", threshold, explain, err)
			}
			if len(got.GetResults()) != len(texts) {
				t.Fatalf("ClassifyBatch(%d texts) gave %d results, want one per text", len(texts), len(got.GetResults()))
			}
			for i, text := range texts {
				one, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: text, Threshold: threshold, Explain: explain})
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(one, got.GetResults()[i], protocmp.Transform()); diff != "" {
					t.Errorf("ClassifyBatch(threshold %v, explain %v) result %d differs from Classify(%.40q) with the same (-Classify +ClassifyBatch):\n%s", threshold, explain, i, text, diff)
				}
				if threshold != nil && got.GetResults()[i].GetThreshold() != *threshold {
					t.Errorf("ClassifyBatch(threshold %v) result %d has threshold %v, want the request's", *threshold, i, got.GetResults()[i].GetThreshold())
				}
				if explain && got.GetResults()[i].GetKnownTokens() > 0 {
					checkEvidence(t, fmt.Sprintf("ClassifyBatch(explain) result %d", i), got.GetResults()[i])
				}
			}
		}
	}
}
