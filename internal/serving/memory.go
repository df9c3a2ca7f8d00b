package serving

import "github.com/seed134e4861/topicd/internal/service"

// The terms of MemoryNeeded, measured or bounded (docs/hardening.md).
const (
	// memoryBase is the process at rest, the seed model loaded, with its
	// runtime, pools and buffers: about 40 MiB measured, with room for a
	// larger model.
	memoryBase = 64 << 20
	// memoryWideTable bounds the scanner's table of the characters past
	// its fold table (model/features/wide.go), should callers send every
	// character there is: 4352 pages of 256 entries of 24 bytes, and their
	// folded strings.
	memoryWideTable = 48 << 20
	// memoryPerConnection is what grpc-go holds per open connection: its
	// read and write buffers, framer and HPACK tables.
	memoryPerConnection = 128 << 10
	// inflightFactor is what a byte of request in flight costs at most:
	// the message as read, its unmarshalled copy while both live, and the
	// scanner's buffers for its text (the folded text and its words).
	inflightFactor = 3
	// heavyFactor is the scanner's cost per byte of text of a heavy call,
	// past what inflightFactor counts: the spans of its words, and the
	// strings of the features of the explained part.
	heavyFactor = 4
)

// MemoryNeeded returns the resident memory, in bytes, that the worst load
// these settings admit needs: the pod's memory limit must be at least
// this (TestMemoryLimitHoldsWorstLoad checks the Kubernetes manifest).
//
//	base + wide table + connections x per connection
//	  + inflight factor x request bytes in flight
//	  + heavy factor x heavy calls x largest text
func MemoryNeeded(limits service.Config, adm Admission, conns Connections) int64 {
	return memoryBase + memoryWideTable +
		int64(conns.MaxConnections)*memoryPerConnection +
		inflightFactor*adm.InflightBytes +
		heavyFactor*int64(adm.HeavyCalls)*int64(limits.MaxTextBytes)
}
