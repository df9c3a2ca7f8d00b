// Package service implements topicd.v1.ClassifierService over a model: the
// handlers validate a request, call the model and convert its answer, and
// every error becomes a gRPC status in one place (status.go). It knows
// nothing of listeners, interceptors or security: package serving assembles
// the gRPC server around it.
package service

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"

	"github.com/seed134e4861/topicd/model/naivebayes"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// Name is the full name of ClassifierService, as health checks know it.
var Name = topicdv1.ClassifierService_ServiceDesc.ServiceName

// Config bounds what one call may ask of the service.
type Config struct {
	MaxTextBytes int // largest text, in bytes
	MaxBatch     int // most texts in one ClassifyBatch call
	// MaxBatchBytes bounds the bytes of all the texts of one ClassifyBatch
	// call; 0: MaxBatch x MaxTextBytes.
	MaxBatchBytes int
	// MaxExplainBytes bounds the bytes of a text that evidence is drawn
	// from when a call asks to explain (see explain.go); 0: no limit.
	MaxExplainBytes int
}

// Observer is told which model serves and what each text classified gave;
// package serving's metrics implement it.
type Observer interface {
	SetModel(*naivebayes.Model)
	Classified(naivebayes.Result)
}

// Service implements topicd.v1.ClassifierService over the current model.
type Service struct {
	topicdv1.UnimplementedClassifierServiceServer

	cfg      Config
	logger   *slog.Logger
	observer Observer // nil: none
	model    atomic.Pointer[naivebayes.Model]
}

var _ topicdv1.ClassifierServiceServer = (*Service)(nil)

// New returns a service with no model: it answers Unavailable until
// SetModel is called. Unexpected errors are logged to logger; observer, if
// not nil, is told of every model set and every text classified.
func New(cfg Config, logger *slog.Logger, observer Observer) *Service {
	return &Service{cfg: cfg, logger: logger, observer: observer}
}

// SetModel makes m the model that answers from now on: calls in flight
// finish on the model they started with.
func (s *Service) SetModel(m *naivebayes.Model) {
	s.model.Store(m)
	if s.observer != nil {
		s.observer.SetModel(m)
	}
}

// Model returns the serving model, or nil before the first SetModel.
func (s *Service) Model() *naivebayes.Model { return s.model.Load() }

// current returns the serving model, or errNotReady.
func (s *Service) current() (*naivebayes.Model, error) {
	m := s.model.Load()
	if m == nil {
		return nil, errNotReady
	}
	return m, nil
}

// input is one validated text or page of a request: page tells which,
// and field names it for the caller ("text", "htmls[3]").
type input struct {
	field, content string
	page           bool
}

// classify classifies one validated input with m, and tells the observer.
func (s *Service) classify(m *naivebayes.Model, in input, opts naivebayes.Options) (*topicdv1.ClassifyResponse, error) {
	var (
		r   naivebayes.Result
		err error
	)
	if in.page {
		r, err = m.ClassifyHTML(in.content, opts)
	} else {
		r, err = m.ClassifyWith(in.content, opts)
	}
	if err != nil {
		return nil, inField(in.field, err)
	}
	if s.observer != nil {
		s.observer.Classified(r)
	}
	return classifyResponse(r, m.Version()), nil
}

// Classify implements topicd.v1.ClassifierService.
func (s *Service) Classify(ctx context.Context, req *topicdv1.ClassifyRequest) (*topicdv1.ClassifyResponse, error) {
	m, err := s.current()
	if err != nil {
		return nil, s.status(ctx, err)
	}
	if err := s.checkClassify(req); err != nil {
		return nil, s.status(ctx, err)
	}
	in := input{field: "text", content: req.GetText()}
	if req.GetHtml() != "" {
		in = input{field: "html", content: req.GetHtml(), page: true}
	}
	resp, err := s.classify(m, in, s.options(req.Threshold, req.GetExplain()))
	if err != nil {
		return nil, s.status(ctx, err)
	}
	return resp, nil
}

// ClassifyBatch implements topicd.v1.ClassifierService.
func (s *Service) ClassifyBatch(ctx context.Context, req *topicdv1.ClassifyBatchRequest) (*topicdv1.ClassifyBatchResponse, error) {
	m, err := s.current()
	if err != nil {
		return nil, s.status(ctx, err)
	}
	if err := s.checkBatch(req); err != nil {
		return nil, s.status(ctx, err)
	}
	opts := s.options(req.Threshold, req.GetExplain())
	field, items, pages := "texts", req.GetTexts(), false
	if len(req.GetHtmls()) > 0 {
		field, items, pages = "htmls", req.GetHtmls(), true
	}
	resp := &topicdv1.ClassifyBatchResponse{Results: make([]*topicdv1.ClassifyResponse, len(items))}
	for i, item := range items {
		if err := ctx.Err(); err != nil {
			return nil, s.status(ctx, fmt.Errorf("before %s[%d]: %w", field, i, err))
		}
		in := input{field: fmt.Sprintf("%s[%d]", field, i), content: item, page: pages}
		if resp.Results[i], err = s.classify(m, in, opts); err != nil {
			return nil, s.status(ctx, err)
		}
	}
	return resp, nil
}

// GetModelInfo implements topicd.v1.ClassifierService.
func (s *Service) GetModelInfo(ctx context.Context, _ *topicdv1.GetModelInfoRequest) (*topicdv1.GetModelInfoResponse, error) {
	m, err := s.current()
	if err != nil {
		return nil, s.status(ctx, err)
	}
	return modelInfo(m.Info()), nil
}

// options are the model's options for a validated request: the threshold
// is in (0, 1] or unset, and unset reads as 0, the model's default;
// explanations are drawn from at most MaxExplainBytes of each text.
func (s *Service) options(threshold *float64, explain bool) naivebayes.Options {
	var t float64
	if threshold != nil {
		t = *threshold
	}
	return naivebayes.Options{Threshold: t, Explain: explain, ExplainBytes: s.cfg.MaxExplainBytes}
}
