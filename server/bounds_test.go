package main

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/seed134e4861/topicd/internal/serving"
)

// withDefaultBounds returns c with the default bounds against hostile
// callers (serving.AddBoundFlags) where c leaves them unset.
func withDefaultBounds(c config) config {
	set := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	setD := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	set(&c.limits.MaxBatchBytes, serving.DefaultMaxBatchBytes)
	set(&c.limits.MaxExplainBytes, serving.DefaultMaxExplainBytes)
	set(&c.admission.HeavyCalls, serving.DefaultHeavyCalls)
	set(&c.connections.MaxConnections, serving.DefaultMaxConnections)
	if c.admission.InflightBytes == 0 {
		c.admission.InflightBytes = serving.DefaultInflightBytes
	}
	setD(&c.admission.MaxCallDuration, serving.DefaultMaxCallDuration)
	setD(&c.admission.RecvTimeout, serving.DefaultRecvTimeout)
	setD(&c.connections.IdleTimeout, serving.DefaultIdleTimeout)
	setD(&c.connections.HandshakeTimeout, serving.DefaultHandshakeTimeout)
	return c
}

// TestBoundFlags checks that each bound against hostile callers is set by
// its flag or its environment variable, the flag winning.
func TestBoundFlags(t *testing.T) {
	env := env(map[string]string{
		"TOPICD_MAX_BATCH_BYTES": "2048", "TOPICD_MAX_EXPLAIN_BYTES": "100", "TOPICD_MAX_INFLIGHT_BYTES": "4194304",
		"TOPICD_MAX_CALL_DURATION": "5s", "TOPICD_RECV_TIMEOUT": "2s", "TOPICD_MAX_HEAVY_CALLS": "9",
		"TOPICD_MAX_CONNECTIONS": "10", "TOPICD_IDLE_TIMEOUT": "1m", "TOPICD_HANDSHAKE_TIMEOUT": "3s",
	})
	got, err := parseServeFlags([]string{"--max-heavy-calls=2", "--idle-timeout=30s"}, env, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := serving.Admission{InflightBytes: 4 << 20, MaxCallDuration: 5 * time.Second, RecvTimeout: 2 * time.Second, HeavyCalls: 2}
	if got.admission != want {
		t.Errorf("admission = %+v, want %+v", got.admission, want)
	}
	if got.limits.MaxBatchBytes != 2048 || got.limits.MaxExplainBytes != 100 {
		t.Errorf("limits = %+v, want MaxBatchBytes 2048, MaxExplainBytes 100", got.limits)
	}
	c := got.connections
	if c.MaxConnections != 10 || c.IdleTimeout != 30*time.Second || c.HandshakeTimeout != 3*time.Second {
		t.Errorf("connections = %+v, want 10 connections, idle 30s, handshake 3s", c)
	}
}

// TestBoundFlagsInvalid checks that bad bounds stop the server at start,
// naming the flag.
func TestBoundFlagsInvalid(t *testing.T) {
	for _, tt := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--max-batch-bytes=0"}, nil, "--max-batch-bytes"},
		{[]string{"--max-explain-bytes=-1"}, nil, "--max-explain-bytes"},
		{[]string{"--max-inflight-bytes=1000"}, nil, "--max-inflight-bytes"},
		{[]string{"--max-call-duration=0"}, nil, "--max-call-duration"},
		{[]string{"--recv-timeout=-1s"}, nil, "--recv-timeout"},
		{[]string{"--max-heavy-calls=0"}, nil, "--max-heavy-calls"},
		{[]string{"--max-connections=0"}, nil, "--max-connections"},
		{[]string{"--idle-timeout=0"}, nil, "--idle-timeout"},
		{[]string{"--handshake-timeout=0"}, nil, "--handshake-timeout"},
		{nil, map[string]string{"TOPICD_MAX_INFLIGHT_BYTES": "lots"}, "TOPICD_MAX_INFLIGHT_BYTES"},
		{nil, map[string]string{"TOPICD_RECV_TIMEOUT": "10"}, "TOPICD_RECV_TIMEOUT"},
	} {
		_, err := parseServeFlags(tt.args, env(tt.env), io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseServeFlags(%q) with env %v = %v, want an error naming %s", tt.args, tt.env, err, tt.want)
		}
	}
}
