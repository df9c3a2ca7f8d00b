package main

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/seed134e4861/topicd/model"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// limits bounds what one call may ask of the service.
type limits struct {
	maxTextBytes int // largest text, in bytes
	maxBatch     int // most texts in one ClassifyBatch call
}

// Service implements topicd.v1.ClassifierService over the current model.
// Handlers validate, call the model and convert; errors become gRPC statuses
// in one place, toStatus.
type Service struct {
	topicdv1.UnimplementedClassifierServiceServer

	limits limits
	model  atomic.Pointer[model.Model]
}

var _ topicdv1.ClassifierServiceServer = (*Service)(nil)

// NewService returns a service with no model: it answers Unavailable until
// SetModel is called.
func NewService(l limits) *Service {
	return &Service{limits: l}
}

// SetModel makes m the model that answers from now on.
func (s *Service) SetModel(m *model.Model) { s.model.Store(m) }

// current returns the serving model, or errNotReady.
func (s *Service) current() (*model.Model, error) {
	m := s.model.Load()
	if m == nil {
		return nil, errNotReady
	}
	return m, nil
}

// Classify implements topicd.v1.ClassifierService.
func (s *Service) Classify(ctx context.Context, req *topicdv1.ClassifyRequest) (*topicdv1.ClassifyResponse, error) {
	m, err := s.current()
	if err != nil {
		return nil, toStatus(ctx, err)
	}
	if err := s.checkText("text", req.GetText()); err != nil {
		return nil, toStatus(ctx, err)
	}
	r, err := m.Classify(req.GetText())
	if err != nil {
		return nil, toStatus(ctx, err)
	}
	return toResponse(r, m.Version()), nil
}

// ClassifyBatch implements topicd.v1.ClassifierService.
func (s *Service) ClassifyBatch(ctx context.Context, req *topicdv1.ClassifyBatchRequest) (*topicdv1.ClassifyBatchResponse, error) {
	m, err := s.current()
	if err != nil {
		return nil, toStatus(ctx, err)
	}
	texts := req.GetTexts()
	if len(texts) > s.limits.maxBatch {
		return nil, toStatus(ctx, &fieldError{
			field:  "texts",
			reason: fmt.Sprintf("holds %d texts, at most %d are accepted in one batch", len(texts), s.limits.maxBatch),
		})
	}
	var bad fieldErrors
	for i, text := range texts {
		if err := s.checkText(fmt.Sprintf("texts[%d]", i), text); err != nil {
			bad = append(bad, err)
		}
	}
	if len(bad) > 0 {
		return nil, toStatus(ctx, bad)
	}
	resp := &topicdv1.ClassifyBatchResponse{Results: make([]*topicdv1.ClassifyResponse, len(texts))}
	for i, text := range texts {
		if err := ctx.Err(); err != nil {
			return nil, toStatus(ctx, err)
		}
		r, err := m.Classify(text)
		if err != nil {
			return nil, toStatus(ctx, err)
		}
		resp.Results[i] = toResponse(r, m.Version())
	}
	return resp, nil
}

// GetModelInfo implements topicd.v1.ClassifierService.
func (s *Service) GetModelInfo(ctx context.Context, _ *topicdv1.GetModelInfoRequest) (*topicdv1.GetModelInfoResponse, error) {
	m, err := s.current()
	if err != nil {
		return nil, toStatus(ctx, err)
	}
	info := m.Info()
	resp := &topicdv1.GetModelInfoResponse{
		Topics:         info.Topics,
		Version:        info.Version,
		Documents:      int64(info.Documents),
		VocabularySize: int64(info.VocabularySize),
		Threshold:      info.Threshold,
	}
	for i, t := range info.Topics {
		resp.TopicDocuments = append(resp.TopicDocuments, &topicdv1.TopicDocuments{Topic: t, Documents: int64(info.TopicDocuments[i])})
	}
	return resp, nil
}

// checkText validates one text of a request; field names it for the caller.
func (s *Service) checkText(field, text string) *fieldError {
	switch {
	case strings.TrimSpace(text) == "":
		return &fieldError{field: field, reason: "is empty: give a text with at least one non-space character", err: model.ErrEmptyText}
	case len(text) > s.limits.maxTextBytes:
		return &fieldError{field: field, reason: fmt.Sprintf("is %d bytes, over the limit of %d bytes", len(text), s.limits.maxTextBytes)}
	}
	return nil
}

func toResponse(r model.Result, version string) *topicdv1.ClassifyResponse {
	resp := &topicdv1.ClassifyResponse{
		Topics:       r.Topics,
		Scores:       make([]*topicdv1.TopicScore, len(r.Scores)),
		ModelVersion: version,
	}
	for i, sc := range r.Scores {
		resp.Scores[i] = &topicdv1.TopicScore{Topic: sc.Topic, Probability: sc.Probability}
	}
	return resp
}
