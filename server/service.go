package main

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync/atomic"

	"github.com/seed134e4861/topicd/internal/wire"
	"github.com/seed134e4861/topicd/model/naivebayes"
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

	limits  limits
	model   atomic.Pointer[naivebayes.Model]
	metrics *metrics // records the model and what it classifies; nil: nothing
}

var _ topicdv1.ClassifierServiceServer = (*Service)(nil)

// NewService returns a service with no model: it answers Unavailable until
// SetModel is called.
func NewService(l limits) *Service {
	return &Service{limits: l}
}

// SetModel makes m the model that answers from now on.
func (s *Service) SetModel(m *naivebayes.Model) {
	s.model.Store(m)
	s.metrics.setModel(m)
}

// current returns the serving model, or errNotReady.
func (s *Service) current() (*naivebayes.Model, error) {
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
	var bad fieldErrors
	if err := s.checkText("text", req.GetText()); err != nil {
		bad = append(bad, err)
	}
	if err := checkThreshold(req.Threshold); err != nil {
		bad = append(bad, err)
	}
	if len(bad) > 0 {
		return nil, toStatus(ctx, bad)
	}
	// Validated, the threshold is in (0, 1] or unset; unset reads as 0, which
	// the model takes for its default.
	opts := naivebayes.Options{Threshold: req.GetThreshold(), Explain: req.GetExplain()}
	r, err := m.ClassifyWith(req.GetText(), opts)
	if err != nil {
		return nil, toStatus(ctx, err)
	}
	s.metrics.classified(r)
	return wire.ClassifyResponse(r, m.Version()), nil
}

// ClassifyBatch implements topicd.v1.ClassifierService.
func (s *Service) ClassifyBatch(ctx context.Context, req *topicdv1.ClassifyBatchRequest) (*topicdv1.ClassifyBatchResponse, error) {
	m, err := s.current()
	if err != nil {
		return nil, toStatus(ctx, err)
	}
	texts := req.GetTexts()
	var bad fieldErrors
	if len(texts) > s.limits.maxBatch {
		bad = append(bad, &fieldError{
			field:  "texts",
			reason: fmt.Sprintf("holds %d texts, at most %d are accepted in one batch", len(texts), s.limits.maxBatch),
		})
	} else {
		for i, text := range texts {
			if err := s.checkText(fmt.Sprintf("texts[%d]", i), text); err != nil {
				bad = append(bad, err)
			}
		}
	}
	if err := checkThreshold(req.Threshold); err != nil { // once, for every text
		bad = append(bad, err)
	}
	if len(bad) > 0 {
		return nil, toStatus(ctx, bad)
	}
	opts := naivebayes.Options{Threshold: req.GetThreshold(), Explain: req.GetExplain()} // as in Classify
	resp := &topicdv1.ClassifyBatchResponse{Results: make([]*topicdv1.ClassifyResponse, len(texts))}
	for i, text := range texts {
		if err := ctx.Err(); err != nil {
			return nil, toStatus(ctx, err)
		}
		r, err := m.ClassifyWith(text, opts)
		if err != nil {
			return nil, toStatus(ctx, err)
		}
		s.metrics.classified(r)
		resp.Results[i] = wire.ClassifyResponse(r, m.Version())
	}
	return resp, nil
}

// GetModelInfo implements topicd.v1.ClassifierService.
func (s *Service) GetModelInfo(ctx context.Context, _ *topicdv1.GetModelInfoRequest) (*topicdv1.GetModelInfoResponse, error) {
	m, err := s.current()
	if err != nil {
		return nil, toStatus(ctx, err)
	}
	return wire.ModelInfo(m.Info()), nil
}

// checkText validates one text of a request; field names it for the caller.
func (s *Service) checkText(field, text string) *fieldError {
	switch {
	case strings.TrimSpace(text) == "":
		return &fieldError{field: field, reason: "is empty: give a text with at least one non-space character", err: naivebayes.ErrEmptyText}
	case len(text) > s.limits.maxTextBytes:
		return &fieldError{field: field, reason: fmt.Sprintf("is %d bytes, over the limit of %d bytes", len(text), s.limits.maxTextBytes)}
	}
	return nil
}

// checkThreshold validates a request's threshold, if it sets one: a
// probability in (0, 1]. An explicit 0 is refused, though the model reads 0
// as its default: unset is how a caller asks for the default.
func checkThreshold(threshold *float64) *fieldError {
	if threshold == nil {
		return nil
	}
	if t := *threshold; math.IsNaN(t) || t <= 0 || t > 1 {
		return &fieldError{
			field:  "threshold",
			reason: fmt.Sprintf("is %v: give a probability in (0, 1], or leave it unset for the model's default", t),
			err:    naivebayes.ErrBadThreshold,
		}
	}
	return nil
}
