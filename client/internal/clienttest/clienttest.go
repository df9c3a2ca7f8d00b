// Package clienttest serves a minimal ClassifierService over a real model, so
// that the client package and the CLI are tested against real answers
// without importing the server.
package clienttest

import (
	"context"
	"net"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/seed134e4861/topicd/internal/wire"
	"github.com/seed134e4861/topicd/model/naivebayes"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
	"github.com/seed134e4861/topicd/seeds"
)

// Service answers ClassifierService calls with Model, the seed model unless
// set otherwise.
type Service struct {
	topicdv1.UnimplementedClassifierServiceServer
	Model *naivebayes.Model
	// Deadlines, if set, receives the time left before the deadline of each
	// Classify call.
	Deadlines chan time.Duration
}

// Serve serves svc on lis, with opts (credentials, interceptors), until the
// returned function is called.
func Serve(lis net.Listener, svc *Service, opts ...grpc.ServerOption) (stop func(), err error) {
	if svc.Model == nil {
		if svc.Model, err = naivebayes.TrainFS(seeds.FS()); err != nil {
			return nil, err
		}
	}
	srv := grpc.NewServer(opts...)
	topicdv1.RegisterClassifierServiceServer(srv, svc)
	go srv.Serve(lis)
	return srv.Stop, nil
}

// Classify implements topicd.v1.ClassifierService.
func (s *Service) Classify(ctx context.Context, req *topicdv1.ClassifyRequest) (*topicdv1.ClassifyResponse, error) {
	if s.Deadlines != nil {
		d, _ := ctx.Deadline()
		s.Deadlines <- time.Until(d)
	}
	if t := req.Threshold; t != nil && !(*t > 0 && *t <= 1) {
		return nil, status.Errorf(codes.InvalidArgument, "threshold %v is not in (0, 1]", *t)
	}
	r, err := s.Model.ClassifyWith(req.GetText(), naivebayes.Options{Threshold: req.GetThreshold(), Explain: req.GetExplain()})
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return wire.ClassifyResponse(r, s.Model.Version()), nil
}

// ClassifyBatch implements topicd.v1.ClassifierService.
func (s *Service) ClassifyBatch(ctx context.Context, req *topicdv1.ClassifyBatchRequest) (*topicdv1.ClassifyBatchResponse, error) {
	resp := &topicdv1.ClassifyBatchResponse{}
	for _, text := range req.GetTexts() {
		r, err := s.Classify(ctx, &topicdv1.ClassifyRequest{Text: text, Threshold: req.Threshold, Explain: req.GetExplain()})
		if err != nil {
			return nil, err
		}
		resp.Results = append(resp.Results, r)
	}
	return resp, nil
}

// GetModelInfo implements topicd.v1.ClassifierService.
func (s *Service) GetModelInfo(context.Context, *topicdv1.GetModelInfoRequest) (*topicdv1.GetModelInfoResponse, error) {
	return wire.ModelInfo(s.Model.Info()), nil
}
