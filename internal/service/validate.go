package service

import (
	"fmt"
	"math"
	"strings"

	"github.com/seed134e4861/topicd/model/naivebayes"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// fieldError is a request field that fails validation.
type fieldError struct {
	field  string // the field's path, such as "text" or "texts[3]"
	reason string // why it is refused
	err    error  // a model sentinel it stands for, if any
}

func (e *fieldError) Error() string { return e.field + " " + e.reason }
func (e *fieldError) Unwrap() error { return e.err }

// fieldErrors is every invalid field of one request.
type fieldErrors []*fieldError

func (es fieldErrors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// orNil returns es as an error, or nil when it is empty.
func (es fieldErrors) orNil() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// checkClassify returns every invalid field of a Classify request, or nil.
func (s *Service) checkClassify(req *topicdv1.ClassifyRequest) error {
	var bad fieldErrors
	if err := s.checkText("text", req.GetText()); err != nil {
		bad = append(bad, err)
	}
	if err := checkThreshold(req.Threshold); err != nil {
		bad = append(bad, err)
	}
	return bad.orNil()
}

// checkBatch returns every invalid field of a ClassifyBatch request, or nil:
// too many texts, or each invalid text; and the threshold, once for all.
func (s *Service) checkBatch(req *topicdv1.ClassifyBatchRequest) error {
	var bad fieldErrors
	texts := req.GetTexts()
	if len(texts) > s.cfg.MaxBatch {
		bad = append(bad, &fieldError{
			field:  "texts",
			reason: fmt.Sprintf("holds %d texts, at most %d are accepted in one batch", len(texts), s.cfg.MaxBatch),
		})
	} else {
		total := 0
		for i, text := range texts {
			total += len(text)
			if err := s.checkText(fmt.Sprintf("texts[%d]", i), text); err != nil {
				bad = append(bad, err)
			}
		}
		if max := s.cfg.batchBytes(); int64(total) > max {
			bad = append(bad, &fieldError{
				field:  "texts",
				reason: fmt.Sprintf("hold %d bytes in all, at most %d are accepted in one batch", total, max),
			})
		}
	}
	if err := checkThreshold(req.Threshold); err != nil {
		bad = append(bad, err)
	}
	return bad.orNil()
}

// checkText validates one text of a request; field names it for the caller.
func (s *Service) checkText(field, text string) *fieldError {
	switch {
	case strings.TrimSpace(text) == "":
		return &fieldError{field: field, reason: "is empty: give a text with at least one non-space character", err: naivebayes.ErrEmptyText}
	case len(text) > s.cfg.MaxTextBytes:
		return &fieldError{field: field, reason: fmt.Sprintf("is %d bytes, over the limit of %d bytes", len(text), s.cfg.MaxTextBytes)}
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
