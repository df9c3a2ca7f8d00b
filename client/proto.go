package client

import (
	"maps"
	"slices"
	"strings"

	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// Proto returns the result as the API's message, the ClassifyResponse it
// was made from: for printing it with protojson in the shape that grpcurl
// and the HTTP API give.
func (r Result) Proto() *topicdv1.ClassifyResponse {
	resp := &topicdv1.ClassifyResponse{
		Topics:        r.Topics,
		Scores:        make([]*topicdv1.TopicScore, len(r.Scores)),
		ModelVersion:  r.ModelVersion,
		Abstained:     r.Abstained,
		Tokens:        r.Tokens,
		KnownTokens:   r.KnownTokens,
		Threshold:     r.Threshold,
		Language:      r.Language,
		AbstainReason: abstainReasonProto(r.AbstainReason),
	}
	for i, s := range r.Scores {
		resp.Scores[i] = &topicdv1.TopicScore{Topic: s.Topic, Probability: s.Probability, Passage: s.Passage}
		for _, e := range s.Evidence {
			resp.Scores[i].Evidence = append(resp.Scores[i].Evidence, &topicdv1.Evidence{Token: e.Token, Weight: e.Weight, Count: e.Count})
		}
	}
	return resp
}

// Proto returns the model's description as the API's message, the
// GetModelInfoResponse it was made from (topic documents sorted by topic,
// as the server sends them).
func (m ModelInfo) Proto() *topicdv1.GetModelInfoResponse {
	resp := &topicdv1.GetModelInfoResponse{
		Topics:         m.Topics,
		Version:        m.Version,
		Documents:      m.Documents,
		VocabularySize: m.VocabularySize,
		Threshold:      m.Threshold,
		MinKnownTokens: m.MinKnownTokens,
		Tokenizer:      m.Tokenizer,
		Languages:      m.Languages,
	}
	for _, t := range slices.Sorted(maps.Keys(m.TopicDocuments)) {
		resp.TopicDocuments = append(resp.TopicDocuments, &topicdv1.TopicDocuments{Topic: t, Documents: m.TopicDocuments[t]})
	}
	return resp
}

// abstainReasonProto is the API's value of a Result.AbstainReason, the
// inverse of abstainReason: "" is ABSTAIN_REASON_UNSPECIFIED.
func abstainReasonProto(r string) topicdv1.AbstainReason {
	if r == "" {
		return topicdv1.AbstainReason_ABSTAIN_REASON_UNSPECIFIED
	}
	return topicdv1.AbstainReason(topicdv1.AbstainReason_value["ABSTAIN_REASON_"+strings.ToUpper(r)])
}
