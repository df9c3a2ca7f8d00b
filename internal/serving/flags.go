package serving

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"time"

	"github.com/seed134e4861/topicd/internal/service"
)

// Defaults of the bounds against hostile callers (docs/hardening.md gives
// the arithmetic of the memory they admit).
const (
	DefaultMaxBatchBytes    = 1 << 20
	DefaultMaxExplainBytes  = 64 << 10
	DefaultInflightBytes    = 128 << 20
	DefaultMaxCallDuration  = 30 * time.Second
	DefaultRecvTimeout      = 10 * time.Second
	DefaultHeavyCalls       = 4
	DefaultMaxConnections   = 256
	DefaultIdleTimeout      = 2 * time.Minute
	DefaultHandshakeTimeout = 5 * time.Second
)

// Bounds are the settings AddBoundFlags defines.
type Bounds struct {
	Limits      *service.Config
	Admission   *Admission
	Connections *Connections
}

// AddBoundFlags defines on fs the flags of the bounds against hostile
// callers, each defaulting to its environment variable (read with getenv)
// or else to its Default above. It returns an error if a variable does not
// parse; the returned check tells, once fs is parsed, whether the values
// are valid.
func AddBoundFlags(fs *flag.FlagSet, getenv func(string) string, b Bounds) (check func() error, err error) {
	e := envDefaults{getenv: getenv}
	fs.IntVar(&b.Limits.MaxBatchBytes, "max-batch-bytes", e.int("TOPICD_MAX_BATCH_BYTES", DefaultMaxBatchBytes), "most bytes of text in all accepted in one ClassifyBatch call [TOPICD_MAX_BATCH_BYTES]")
	fs.IntVar(&b.Limits.MaxExplainBytes, "max-explain-bytes", e.int("TOPICD_MAX_EXPLAIN_BYTES", DefaultMaxExplainBytes), "evidence (explain) is drawn from at most the first this many bytes of a text [TOPICD_MAX_EXPLAIN_BYTES]")
	fs.Int64Var(&b.Admission.InflightBytes, "max-inflight-bytes", int64(e.int("TOPICD_MAX_INFLIGHT_BYTES", DefaultInflightBytes)), "budget of request bytes in flight, server-wide; a call that finds it full is refused RESOURCE_EXHAUSTED [TOPICD_MAX_INFLIGHT_BYTES]")
	fs.DurationVar(&b.Admission.MaxCallDuration, "max-call-duration", e.duration("TOPICD_MAX_CALL_DURATION", DefaultMaxCallDuration), "the server's deadline on every call, whatever the client's [TOPICD_MAX_CALL_DURATION]")
	fs.DurationVar(&b.Admission.RecvTimeout, "recv-timeout", e.duration("TOPICD_RECV_TIMEOUT", DefaultRecvTimeout), "how long a call's request may take to arrive after its headers [TOPICD_RECV_TIMEOUT]")
	fs.IntVar(&b.Admission.HeavyCalls, "max-heavy-calls", e.int("TOPICD_MAX_HEAVY_CALLS", DefaultHeavyCalls), "most heavy calls (explain, or requests over 64 KiB) running at once; one more is refused RESOURCE_EXHAUSTED [TOPICD_MAX_HEAVY_CALLS]")
	fs.IntVar(&b.Connections.MaxConnections, "max-connections", e.int("TOPICD_MAX_CONNECTIONS", DefaultMaxConnections), "most client connections open at once; more wait to be accepted [TOPICD_MAX_CONNECTIONS]")
	fs.DurationVar(&b.Connections.IdleTimeout, "idle-timeout", e.duration("TOPICD_IDLE_TIMEOUT", DefaultIdleTimeout), "close a client connection without calls for this long [TOPICD_IDLE_TIMEOUT]")
	fs.DurationVar(&b.Connections.HandshakeTimeout, "handshake-timeout", e.duration("TOPICD_HANDSHAKE_TIMEOUT", DefaultHandshakeTimeout), "close a client connection that has not finished its TLS and HTTP/2 handshake by then [TOPICD_HANDSHAKE_TIMEOUT]")
	if e.err != nil {
		return nil, e.err
	}
	return b.check, nil
}

// check validates the bounds: every one positive.
func (b Bounds) check() error {
	switch {
	case b.Limits.MaxBatchBytes <= 0:
		return errors.New("--max-batch-bytes must be positive")
	case b.Limits.MaxExplainBytes <= 0:
		return errors.New("--max-explain-bytes must be positive")
	case b.Admission.MaxCallDuration <= 0 || b.Admission.RecvTimeout <= 0:
		return errors.New("--max-call-duration and --recv-timeout must be positive")
	case b.Admission.HeavyCalls <= 0:
		return errors.New("--max-heavy-calls must be positive")
	case b.Connections.MaxConnections <= 0:
		return errors.New("--max-connections must be positive")
	case b.Connections.IdleTimeout <= 0 || b.Connections.HandshakeTimeout <= 0:
		return errors.New("--idle-timeout and --handshake-timeout must be positive")
	}
	if largest := int64(maxRecvMsgSize(*b.Limits)); b.Admission.InflightBytes < largest {
		return fmt.Errorf("--max-inflight-bytes %d is under the largest request accepted, %d bytes (from --max-text-bytes and --max-batch-bytes): no call could be admitted", b.Admission.InflightBytes, largest)
	}
	return nil
}

// envDefaults reads flag defaults from the environment, keeping the first
// error.
type envDefaults struct {
	getenv func(string) string
	err    error
}

func (e *envDefaults) int(key string, fallback int) int {
	v := e.getenv(key)
	if v == "" {
		return fallback
	}
	n, err := strconv.Atoi(v)
	if err != nil && e.err == nil {
		e.err = fmt.Errorf("%s=%q: not a whole number", key, v)
	}
	return n
}

func (e *envDefaults) duration(key string, fallback time.Duration) time.Duration {
	v := e.getenv(key)
	if v == "" {
		return fallback
	}
	d, err := time.ParseDuration(v)
	if err != nil && e.err == nil {
		e.err = fmt.Errorf("%s=%q: not a duration such as 10s", key, v)
	}
	return d
}
