//go:build !unix

package modelfile

// openNonblock: no such flag here.
const openNonblock = 0
