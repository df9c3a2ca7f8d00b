package service

import (
	"context"
	"errors"
	"fmt"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/seed134e4861/topicd/model/naivebayes"
	"github.com/seed134e4861/topicd/model/pagetext/htmltext"
)

// errNotReady is returned while no model has been loaded yet.
var errNotReady = errors.New("the model is not loaded yet; retry shortly")

// status maps an error of the service or the model to the gRPC status the
// caller gets. It is the only place that chooses status codes. Anything not
// recognised is logged in full and answered Internal without details.
func (s *Service) status(ctx context.Context, err error) error {
	var (
		fe  *fieldError
		fes fieldErrors
	)
	switch {
	case err == nil:
		return nil
	case errors.As(err, &fes):
		return badRequest(fes)
	case errors.As(err, &fe):
		return badRequest(fieldErrors{fe})
	case errors.Is(err, naivebayes.ErrEmptyText):
		return status.Error(codes.InvalidArgument, "text is empty")
	case errors.Is(err, naivebayes.ErrNoPageText), errors.Is(err, naivebayes.ErrPageTooLarge):
		// Handlers tie these to their field (inField); this is the fallback.
		return status.Error(codes.InvalidArgument, "html holds no article to classify")
	case errors.Is(err, naivebayes.ErrBadThreshold):
		// Handlers refuse a bad threshold first (checkThreshold); should the
		// model's own check ever fire, the field is the same in every request.
		return badRequest(fieldErrors{{field: "threshold", reason: "is not a probability in (0, 1]"}})
	case errors.Is(err, errNotReady):
		return status.Error(codes.Unavailable, err.Error())
	case errors.Is(err, context.DeadlineExceeded):
		return status.Error(codes.DeadlineExceeded, "deadline exceeded before the call finished")
	case errors.Is(err, context.Canceled):
		return status.Error(codes.Canceled, "call canceled")
	}
	s.logger.ErrorContext(ctx, "internal error", "err", err)
	return status.Error(codes.Internal, "internal error")
}

// inField ties an error of the model about the content of one request
// field to that field, so that the caller learns which and why: a page
// with no visible text, or one over the most the extraction reads. Other
// errors are returned as they are.
func inField(field string, err error) error {
	switch {
	case errors.Is(err, naivebayes.ErrNoPageText):
		return &fieldError{field: field, reason: "holds no visible text: the page has no article or body text to classify", err: err}
	case errors.Is(err, naivebayes.ErrPageTooLarge):
		return &fieldError{field: field, reason: fmt.Sprintf("is over %d bytes, the largest page read", htmltext.MaxHTMLBytes), err: err}
	}
	return err
}

// badRequest builds an InvalidArgument status naming each field and why,
// with the fields as errdetails.BadRequest violations.
func badRequest(fes fieldErrors) error {
	msg := fes[0].Error()
	if len(fes) > 1 {
		msg = fmt.Sprintf("%s (and %d more invalid fields)", msg, len(fes)-1)
	}
	st := status.New(codes.InvalidArgument, msg)
	br := &errdetails.BadRequest{}
	for _, e := range fes {
		br.FieldViolations = append(br.FieldViolations, &errdetails.BadRequest_FieldViolation{Field: e.field, Description: e.reason})
	}
	if detailed, err := st.WithDetails(br); err == nil {
		st = detailed
	}
	return st.Err()
}
