package service_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/seed134e4861/topicd/internal/service"
	"github.com/seed134e4861/topicd/internal/servingtest"
	"github.com/seed134e4861/topicd/model/modelfile"
	"github.com/seed134e4861/topicd/model/naivebayes"
)

func TestToStatus(t *testing.T) {
	// The service logs unexpected errors with the logger it was given, never
	// the default one: capture both.
	logs, global := servingtest.NewLogBuffer(), servingtest.NewLogBuffer()
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewJSONHandler(global, nil)))
	svc := service.New(servingtest.DefaultLimits, slog.New(slog.NewJSONHandler(logs, nil)), nil)

	const secret = "open /var/lib/topicd/secret.key: permission denied"
	empty := service.NewFieldError("text", "is empty", naivebayes.ErrEmptyText)
	tooLong := service.NewFieldError("texts[3]", "is too long", nil)
	for _, tt := range []struct {
		name       string
		err        error
		want       codes.Code
		wantFields []string
	}{
		{"nil", nil, codes.OK, nil},
		{"fieldError", empty, codes.InvalidArgument, []string{"text"}},
		{"wrapped fieldError", fmt.Errorf("checking: %w", tooLong), codes.InvalidArgument, []string{"texts[3]"}},
		{"fieldErrors", service.FieldErrors(service.NewFieldError("texts[1]", "is empty", nil), tooLong), codes.InvalidArgument, []string{"texts[1]", "texts[3]"}},
		{"wrapped fieldErrors", fmt.Errorf("batch: %w", service.FieldErrors(tooLong)), codes.InvalidArgument, []string{"texts[3]"}},
		{"naivebayes.ErrEmptyText", naivebayes.ErrEmptyText, codes.InvalidArgument, nil},
		{"wrapped naivebayes.ErrEmptyText", fmt.Errorf("classify: %w", naivebayes.ErrEmptyText), codes.InvalidArgument, nil},
		{"naivebayes.ErrNoPageText", fmt.Errorf("%w: page has no text", naivebayes.ErrNoPageText), codes.InvalidArgument, nil},
		{"naivebayes.ErrPageTooLarge", fmt.Errorf("%w: 5 MB", naivebayes.ErrPageTooLarge), codes.InvalidArgument, nil},
		{"page fieldError", service.InField("htmls[2]", fmt.Errorf("%w: x", naivebayes.ErrNoPageText)), codes.InvalidArgument, []string{"htmls[2]"}},
		{"large page fieldError", service.InField("html", naivebayes.ErrPageTooLarge), codes.InvalidArgument, []string{"html"}},
		{"threshold fieldError", service.NewFieldError("threshold", "is 2", naivebayes.ErrBadThreshold), codes.InvalidArgument, []string{"threshold"}},
		{"naivebayes.ErrBadThreshold", naivebayes.ErrBadThreshold, codes.InvalidArgument, []string{"threshold"}},
		{"wrapped naivebayes.ErrBadThreshold", fmt.Errorf("%w: 2 is not in (0, 1]", naivebayes.ErrBadThreshold), codes.InvalidArgument, []string{"threshold"}},
		{"errNotReady", service.ErrNotReady, codes.Unavailable, nil},
		{"wrapped errNotReady", fmt.Errorf("current: %w", service.ErrNotReady), codes.Unavailable, nil},
		{"context.DeadlineExceeded", context.DeadlineExceeded, codes.DeadlineExceeded, nil},
		{"wrapped context.DeadlineExceeded", fmt.Errorf("text 3: %w", context.DeadlineExceeded), codes.DeadlineExceeded, nil},
		{"context.Canceled", context.Canceled, codes.Canceled, nil},
		{"wrapped context.Canceled", fmt.Errorf("text 3: %w", context.Canceled), codes.Canceled, nil},
		{"unknown error", errors.New(secret), codes.Internal, nil},
		{"modelfile.ErrBadModelFile", fmt.Errorf("%w: %s", modelfile.ErrBadModelFile, secret), codes.Internal, nil},
	} {
		err := svc.Status(context.Background(), tt.err)
		if got := status.Code(err); got != tt.want {
			t.Errorf("toStatus(%s: %v) = %v, want code %v", tt.name, tt.err, err, tt.want)
			continue
		}
		if _, ok := status.FromError(err); !ok {
			t.Errorf("toStatus(%s: %v) = %v, want a gRPC status error", tt.name, tt.err, err)
		}
		if got := servingtest.FieldViolations(err); !slices.Equal(got, tt.wantFields) {
			t.Errorf("toStatus(%s: %v) field violations = %q, want %q", tt.name, tt.err, got, tt.wantFields)
		}
		if tt.want == codes.Internal {
			if st := status.Convert(err); strings.Contains(st.Message(), "secret") || len(st.Details()) > 0 {
				t.Errorf("toStatus(%s: %v) = %v with details %v, want no internals in the answer", tt.name, tt.err, err, st.Details())
			}
		}
	}

	// The unexpected errors, answered without internals, are logged in full.
	var logged []string
	for _, rec := range logs.Records(t) {
		if e, ok := rec["err"].(string); ok && rec["level"] == "ERROR" {
			logged = append(logged, e)
		}
	}
	want := []string{secret, fmt.Sprintf("%v: %s", modelfile.ErrBadModelFile, secret)}
	if !slices.Equal(logged, want) {
		t.Errorf("toStatus logged errors %q, want exactly the unexpected ones %q", logged, want)
	}
	if global.String() != "" {
		t.Errorf("toStatus logged to the default logger, want only the service's:\n%s", global)
	}
}
