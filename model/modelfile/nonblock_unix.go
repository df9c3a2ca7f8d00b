//go:build unix

package modelfile

import "syscall"

// openNonblock opens a FIFO without waiting for a writer, so that it is
// refused at once as not a regular file; on a regular file it does nothing.
const openNonblock = syscall.O_NONBLOCK
