package service

import (
	"context"

	"github.com/seed134e4861/topicd/model/naivebayes"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// Status exposes the service's error-to-status mapping to tests.
func (s *Service) Status(ctx context.Context, err error) error { return s.status(ctx, err) }

// ErrNotReady is errNotReady, for tests.
var ErrNotReady = errNotReady

// NewFieldError returns a validation error of field, for tests.
func NewFieldError(field, reason string, err error) error {
	return &fieldError{field: field, reason: reason, err: err}
}

// FieldErrors joins validation errors of NewFieldError, for tests.
func FieldErrors(errs ...error) error {
	var fes fieldErrors
	for _, e := range errs {
		fes = append(fes, e.(*fieldError))
	}
	return fes
}

// InField is inField, for tests.
func InField(field string, err error) error { return inField(field, err) }

// ClassifyResponse is the conversion of a model's result, for tests.
func ClassifyResponse(r naivebayes.Result, version string) *topicdv1.ClassifyResponse {
	return classifyResponse(r, version)
}
