//go:build !unix

package corpus

// openNonblock: no such flag here.
const openNonblock = 0
