package model

import "slices"

// The four topics that topicd knows, as they appear on the wire.
const (
	Hacktivism           = "hacktivism"
	StateActor           = "state_actor"
	ElectionInterference = "election_interference"
	Leak                 = "leak"
)

// topics lists the known topics, sorted by name.
var topics = [...]string{ElectionInterference, Hacktivism, Leak, StateActor}

// Topics returns the topics topicd knows, sorted by name.
func Topics() []string { return slices.Clone(topics[:]) }

// IsTopic reports whether name is one of the topics topicd knows.
func IsTopic(name string) bool {
	_, found := slices.BinarySearch(topics[:], name)
	return found
}
