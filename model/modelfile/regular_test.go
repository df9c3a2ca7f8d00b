package modelfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReadFileRefusesNonRegular checks ReadFile refuses at once, naming
// the file, what is not a regular file: a FIFO without a writer (which
// would block a plain open forever), a device that never ends, a directory.
func TestReadFileRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.model")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no named pipes: %v", err)
	}
	for _, name := range []string{fifo, os.DevNull, "/dev/zero", dir} {
		if _, err := os.Stat(name); err != nil {
			continue
		}
		m, err := ReadFile(name)
		if !errors.Is(err, ErrBadModelFile) || m != nil || !strings.Contains(err.Error(), name+": not a regular file") {
			t.Errorf("ReadFile(%s) = %v, %v; want an error wrapping ErrBadModelFile that names it, not a regular file", name, m, err)
		}
	}
}
