package servingtest

import (
	"bytes"
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// LogBuffer collects log output written concurrently by a server and lets
// a test wait, without sleeping, until some line has been written.
type LogBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	written chan struct{} // closed and replaced at each Write
}

// NewLogBuffer returns an empty LogBuffer.
func NewLogBuffer() *LogBuffer { return &LogBuffer{written: make(chan struct{})} }

func (b *LogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	close(b.written)
	b.written = make(chan struct{})
	return b.buf.Write(p)
}

func (b *LogBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// WaitFor waits until the logs match re, and returns the submatches of its
// first match. It fails the test if ctx ends first.
func (b *LogBuffer) WaitFor(ctx context.Context, tb testing.TB, re *regexp.Regexp) []string {
	tb.Helper()
	for {
		b.mu.Lock()
		m := re.FindStringSubmatch(b.buf.String())
		written := b.written
		b.mu.Unlock()
		if m != nil {
			return m
		}
		select {
		case <-written:
		case <-ctx.Done():
			tb.Fatalf("no log line matching %s; logs:\n%s", re, b.String())
			return nil
		}
	}
}

// Records parses the logs as JSON lines (slog.JSONHandler).
func (b *LogBuffer) Records(tb testing.TB) []map[string]any {
	tb.Helper()
	var recs []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if line == "" {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			tb.Fatalf("log line %q is not JSON: %v", line, err)
		}
		recs = append(recs, rec)
	}
	return recs
}

// CallRecord is the gist of the log line of one call.
type CallRecord struct {
	Level, Service, Method, Code string
}

// CallRecords returns the "finished call" records of the logs, each reduced
// to its level, service, method and code.
func (b *LogBuffer) CallRecords(tb testing.TB) []CallRecord {
	tb.Helper()
	var calls []CallRecord
	for _, rec := range b.Records(tb) {
		if rec["msg"] != "finished call" {
			continue
		}
		str := func(k string) string { s, _ := rec[k].(string); return s }
		calls = append(calls, CallRecord{
			Level: str("level"), Service: str("grpc.service"), Method: str("grpc.method"), Code: str("grpc.code"),
		})
	}
	return calls
}
