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
	bad := s.checkInput(req.GetText(), req.GetHtml())
	if err := checkThreshold(req.Threshold); err != nil {
		bad = append(bad, err)
	}
	return bad.orNil()
}

// checkInput validates what a Classify request asks to tag: exactly one of
// a text or a page's HTML, each under the size limit. A field is set when
// it is not empty.
func (s *Service) checkInput(text, page string) fieldErrors {
	const exactlyOne = ": send exactly one of text or html"
	switch {
	case text != "" && page != "":
		return fieldErrors{
			{field: "text", reason: "is set together with html" + exactlyOne},
			{field: "html", reason: "is set together with text" + exactlyOne},
		}
	case text == "" && page == "":
		return fieldErrors{
			{field: "text", reason: "is empty, and so is html" + exactlyOne, err: naivebayes.ErrEmptyText},
			{field: "html", reason: "is empty, and so is text" + exactlyOne},
		}
	case page != "":
		return oneError(s.checkPage("html", page))
	}
	return oneError(s.checkText("text", text))
}

// oneError is fieldErrors of e, none when e is nil.
func oneError(e *fieldError) fieldErrors {
	if e == nil {
		return nil
	}
	return fieldErrors{e}
}

// checkBatch returns every invalid field of a ClassifyBatch request, or nil:
// both texts and htmls, too many of them, or each invalid one; and the
// threshold, once for all.
func (s *Service) checkBatch(req *topicdv1.ClassifyBatchRequest) error {
	var bad fieldErrors
	texts, pages := req.GetTexts(), req.GetHtmls()
	switch {
	case len(texts) > 0 && len(pages) > 0:
		bad = fieldErrors{
			{field: "texts", reason: "is set together with htmls: send texts or htmls, not both"},
			{field: "htmls", reason: "is set together with texts: send texts or htmls, not both"},
		}
	case len(pages) > 0:
		bad = s.checkItems("htmls", pages, s.checkPage)
	default:
		bad = s.checkItems("texts", texts, s.checkText)
	}
	if err := checkThreshold(req.Threshold); err != nil {
		bad = append(bad, err)
	}
	return bad.orNil()
}

// checkItems validates the texts or pages of a batch, in the repeated
// field named field: too many of them, or each one that check refuses.
func (s *Service) checkItems(field string, items []string, check func(field, item string) *fieldError) fieldErrors {
	if len(items) > s.cfg.MaxBatch {
		return fieldErrors{{
			field:  field,
			reason: fmt.Sprintf("holds %d %s, at most %d are accepted in one batch", len(items), field, s.cfg.MaxBatch),
		}}
	}
	var bad fieldErrors
	total := 0
	for i, item := range items {
		total += len(item)
		if err := check(fmt.Sprintf("%s[%d]", field, i), item); err != nil {
			bad = append(bad, err)
		}
	}
	if max := s.cfg.batchBytes(); int64(total) > max {
		bad = append(bad, &fieldError{
			field:  field,
			reason: fmt.Sprintf("hold %d bytes in all, at most %d are accepted in one batch", total, max),
		})
	}
	return bad
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

// checkPage validates one page's HTML of a request, under the same size
// limit as a text; field names it for the caller. A page whose markup
// holds no text is found out by the model (see inField).
func (s *Service) checkPage(field, page string) *fieldError {
	switch {
	case strings.TrimSpace(page) == "":
		return &fieldError{field: field, reason: "is empty: give a page's HTML with at least one non-space character", err: naivebayes.ErrNoPageText}
	case len(page) > s.cfg.MaxTextBytes:
		return &fieldError{field: field, reason: fmt.Sprintf("is %d bytes, over the limit of %d bytes", len(page), s.cfg.MaxTextBytes)}
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
