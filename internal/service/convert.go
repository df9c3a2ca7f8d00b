package service

import (
	"github.com/seed134e4861/topicd/model/naivebayes"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// classifyResponse converts the classification of one text by the model of
// the given version; scores carry evidence when it was asked for. The
// proto's "tokens" fields count features, what the model counts.
func classifyResponse(r naivebayes.Result, version string) *topicdv1.ClassifyResponse {
	resp := &topicdv1.ClassifyResponse{
		Topics:        r.Topics,
		Scores:        make([]*topicdv1.TopicScore, len(r.Scores)),
		ModelVersion:  version,
		Abstained:     r.Abstained,
		Tokens:        int64(r.Features),
		KnownTokens:   int64(r.KnownFeatures),
		Threshold:     r.Threshold,
		Language:      r.Language,
		AbstainReason: abstainReason(r.AbstainReason),
	}
	for i, sc := range r.Scores {
		ts := &topicdv1.TopicScore{Topic: sc.Topic, Probability: sc.Probability, Passage: sc.Passage}
		for _, e := range sc.Evidence {
			ts.Evidence = append(ts.Evidence, &topicdv1.Evidence{Token: e.Feature, Weight: e.Weight, Count: int64(e.Count)})
		}
		resp.Scores[i] = ts
	}
	return resp
}

// abstainReason converts why the model abstained; a reason the API does
// not know yet reads as weak evidence, the model's general one.
func abstainReason(r naivebayes.AbstainReason) topicdv1.AbstainReason {
	switch r {
	case naivebayes.NotAbstained:
		return topicdv1.AbstainReason_ABSTAIN_REASON_UNSPECIFIED
	case naivebayes.UnsupportedLanguage:
		return topicdv1.AbstainReason_ABSTAIN_REASON_UNSUPPORTED_LANGUAGE
	}
	return topicdv1.AbstainReason_ABSTAIN_REASON_WEAK_EVIDENCE
}

// modelInfo converts a model's description.
func modelInfo(info naivebayes.Info) *topicdv1.GetModelInfoResponse {
	resp := &topicdv1.GetModelInfoResponse{
		Topics:         info.Topics,
		Version:        info.Version,
		Documents:      int64(info.Documents),
		VocabularySize: int64(info.VocabularySize),
		Threshold:      info.Threshold,
		MinKnownTokens: int64(info.MinKnownFeatures),
		Tokenizer:      info.Tokenizer,
		Languages:      info.Languages,
	}
	for i, t := range info.Topics {
		resp.TopicDocuments = append(resp.TopicDocuments, &topicdv1.TopicDocuments{Topic: t, Documents: int64(info.TopicDocuments[i])})
	}
	return resp
}
