package servingtest

import (
	"slices"
	"strings"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/status"

	"github.com/seed134e4861/topicd/model/naivebayes"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// OnTopicText is a sentence the seed model assigns topics to: more known
// features than naivebayes.MinKnownFeatures, so it does not abstain.
const OnTopicText = "Le candidat Donald Trump a affirmé que sa campagne électorale avait été victime " +
	"d’un piratage orchestré par le gouvernement iranien, selon Microsoft."

// RepeatTo repeats s, each time followed by a space, as often as it fits in n
// bytes, and pads the result with spaces to exactly n bytes.
func RepeatTo(s string, n int) string {
	text := strings.Repeat(s+" ", n/(len(s)+1))
	return text + strings.Repeat(" ", n-len(text))
}

// FieldViolations returns the fields named by the errdetails.BadRequest
// details of err's status.
func FieldViolations(err error) []string {
	var fields []string
	for _, d := range status.Convert(err).Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			for _, v := range br.GetFieldViolations() {
				fields = append(fields, v.GetField())
			}
		}
	}
	return fields
}

// WantResponse converts a model result the way the API documents it,
// written out apart from the service's own conversion.
func WantResponse(r naivebayes.Result, version string) *topicdv1.ClassifyResponse {
	want := &topicdv1.ClassifyResponse{
		Topics:       r.Topics,
		ModelVersion: version,
		Abstained:    r.Abstained,
		Tokens:       int64(r.Features),
		KnownTokens:  int64(r.KnownFeatures),
		Threshold:    r.Threshold,
		Language:     r.Language,
		AbstainReason: map[naivebayes.AbstainReason]topicdv1.AbstainReason{
			naivebayes.WeakEvidence:        topicdv1.AbstainReason_ABSTAIN_REASON_WEAK_EVIDENCE,
			naivebayes.UnsupportedLanguage: topicdv1.AbstainReason_ABSTAIN_REASON_UNSUPPORTED_LANGUAGE,
		}[r.AbstainReason],
	}
	for _, s := range r.Scores {
		score := &topicdv1.TopicScore{Topic: s.Topic, Probability: s.Probability, Passage: s.Passage}
		for _, e := range s.Evidence {
			score.Evidence = append(score.Evidence, &topicdv1.Evidence{Token: e.Feature, Weight: e.Weight, Count: int64(e.Count)})
		}
		want.Scores = append(want.Scores, score)
	}
	return want
}

// CheckAnswer checks what every answer to a valid text obeys, whatever the
// text: one score for each topic of the model, a probability in [0, 1], most
// probable first; assigned topics taken from the scores, in their order, at
// or above the threshold, and none when the model abstained; no more known
// features than features; a reason exactly when the model abstained; a
// language ("und" when it could not be told); the model's version; evidence only when explain
// was asked for, at most naivebayes.ExplainFeatures weights each way.
func CheckAnswer(tb testing.TB, call string, r *topicdv1.ClassifyResponse, topics []string, version string, explain bool) {
	tb.Helper()
	checkScores(tb, call, r.GetScores(), explain)
	var scored []string
	for _, s := range r.GetScores() {
		scored = append(scored, s.GetTopic())
	}
	if slices.Sort(scored); !slices.Equal(scored, topics) {
		tb.Errorf("%s scored topics %q, want one score for each of %q", call, scored, topics)
	}
	// Assigned topics are taken from the scores in their order, each at or
	// above the threshold; one may be skipped when the text's own evidence
	// does not favour it (its calibrated probability rests on the prior).
	scores, threshold := r.GetScores(), r.GetThreshold()
	if !(threshold > 0 && threshold <= 1) {
		tb.Errorf("%s.Threshold = %v, want one in (0, 1]", call, threshold)
	}
	next := 0
	for _, topic := range r.GetTopics() {
		for next < len(scores) && scores[next].GetTopic() != topic {
			next++
		}
		if next == len(scores) || scores[next].GetProbability() < threshold {
			tb.Errorf("%s.Topics = %q, want topics of the scores %v at or above the threshold %v, in their order", call, r.GetTopics(), scores, threshold)
			break
		}
		next++
	}
	if r.GetAbstained() && len(r.GetTopics()) > 0 {
		tb.Errorf("%s = {abstained: true, topics: %q}, want no topic when the model abstains", call, r.GetTopics())
	}
	if unspecified := r.GetAbstainReason() == topicdv1.AbstainReason_ABSTAIN_REASON_UNSPECIFIED; r.GetAbstained() == unspecified {
		tb.Errorf("%s = {abstained: %v, abstain_reason: %v}, want a reason exactly when the model abstains", call, r.GetAbstained(), r.GetAbstainReason())
	}
	if r.GetLanguage() == "" {
		tb.Errorf("%s.Language is empty, want a language code or \"und\"", call)
	}
	if n, known := r.GetTokens(), r.GetKnownTokens(); known < 0 || known > n {
		tb.Errorf("%s = {tokens: %d, known_tokens: %d}, want 0 <= known_tokens <= tokens", call, n, known)
	}
	if r.GetModelVersion() != version {
		tb.Errorf("%s.ModelVersion = %q, want %q", call, r.GetModelVersion(), version)
	}
}

// checkScores checks each score: a probability in [0, 1], most probable
// first, and evidence only with explain, at most naivebayes.ExplainFeatures
// weights each way.
func checkScores(tb testing.TB, call string, scores []*topicdv1.TopicScore, explain bool) {
	tb.Helper()
	for i, s := range scores {
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
}
