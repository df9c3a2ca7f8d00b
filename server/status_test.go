package main

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

	"github.com/seed134e4861/topicd/model/modelfile"
	"github.com/seed134e4861/topicd/model/naivebayes"
)

func TestToStatus(t *testing.T) {
	// toStatus logs unexpected errors with the default logger: capture it.
	logs := newLogBuffer()
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewJSONHandler(logs, nil)))

	const secret = "open /var/lib/topicd/secret.key: permission denied"
	empty := &fieldError{field: "text", reason: "is empty", err: naivebayes.ErrEmptyText}
	tooLong := &fieldError{field: "texts[3]", reason: "is too long"}
	for _, tt := range []struct {
		name       string
		err        error
		want       codes.Code
		wantFields []string
	}{
		{"nil", nil, codes.OK, nil},
		{"fieldError", empty, codes.InvalidArgument, []string{"text"}},
		{"wrapped fieldError", fmt.Errorf("checking: %w", tooLong), codes.InvalidArgument, []string{"texts[3]"}},
		{"fieldErrors", fieldErrors{{field: "texts[1]", reason: "is empty"}, tooLong}, codes.InvalidArgument, []string{"texts[1]", "texts[3]"}},
		{"wrapped fieldErrors", fmt.Errorf("batch: %w", fieldErrors{tooLong}), codes.InvalidArgument, []string{"texts[3]"}},
		{"naivebayes.ErrEmptyText", naivebayes.ErrEmptyText, codes.InvalidArgument, nil},
		{"wrapped naivebayes.ErrEmptyText", fmt.Errorf("classify: %w", naivebayes.ErrEmptyText), codes.InvalidArgument, nil},
		{"threshold fieldError", &fieldError{field: "threshold", reason: "is 2", err: naivebayes.ErrBadThreshold}, codes.InvalidArgument, []string{"threshold"}},
		{"naivebayes.ErrBadThreshold", naivebayes.ErrBadThreshold, codes.InvalidArgument, []string{"threshold"}},
		{"wrapped naivebayes.ErrBadThreshold", fmt.Errorf("%w: 2 is not in (0, 1]", naivebayes.ErrBadThreshold), codes.InvalidArgument, []string{"threshold"}},
		{"errNotReady", errNotReady, codes.Unavailable, nil},
		{"wrapped errNotReady", fmt.Errorf("current: %w", errNotReady), codes.Unavailable, nil},
		{"context.DeadlineExceeded", context.DeadlineExceeded, codes.DeadlineExceeded, nil},
		{"wrapped context.DeadlineExceeded", fmt.Errorf("text 3: %w", context.DeadlineExceeded), codes.DeadlineExceeded, nil},
		{"context.Canceled", context.Canceled, codes.Canceled, nil},
		{"wrapped context.Canceled", fmt.Errorf("text 3: %w", context.Canceled), codes.Canceled, nil},
		{"unknown error", errors.New(secret), codes.Internal, nil},
		{"modelfile.ErrBadModelFile", fmt.Errorf("%w: %s", modelfile.ErrBadModelFile, secret), codes.Internal, nil},
	} {
		err := toStatus(context.Background(), tt.err)
		if got := status.Code(err); got != tt.want {
			t.Errorf("toStatus(%s: %v) = %v, want code %v", tt.name, tt.err, err, tt.want)
			continue
		}
		if _, ok := status.FromError(err); !ok {
			t.Errorf("toStatus(%s: %v) = %v, want a gRPC status error", tt.name, tt.err, err)
		}
		if got := fieldViolations(err); !slices.Equal(got, tt.wantFields) {
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
	for _, rec := range logs.records(t) {
		if e, ok := rec["err"].(string); ok && rec["level"] == "ERROR" {
			logged = append(logged, e)
		}
	}
	want := []string{secret, fmt.Sprintf("%v: %s", modelfile.ErrBadModelFile, secret)}
	if !slices.Equal(logged, want) {
		t.Errorf("toStatus logged errors %q, want exactly the unexpected ones %q", logged, want)
	}
}
