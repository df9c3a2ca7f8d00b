package corpus

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// The largest manifest and document a corpus may hold: a manifest lists
// a few thousand documents, a document is a news article.
const (
	MaxManifestBytes = 1 << 20
	MaxDocumentBytes = 4 << 20
)

// errNotRegular refuses what is not a regular file: a directory, a FIFO
// (which would block the reader until a writer came), a device (/dev/zero
// never ends), a socket.
var errNotRegular = errors.New("not a regular file")

// readFile reads the regular file name of fsys, of at most limit bytes.
// Its errors say why, never what the file holds.
func readFile(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errNotRegular}
	}
	if fi.Size() > limit {
		return nil, fmt.Errorf("%s: %d bytes, over the limit of %d", name, fi.Size(), limit)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: over the limit of %d bytes", name, limit)
	}
	return data, nil
}

// OpenDir opens the corpus directory dir for Load, confined to it by
// os.Root: a path or a symbolic link that leads out of it fails, so a
// corpus cannot train on, nor explain, /etc/passwd. Files are opened
// without blocking and must be regular (see readFile). Close the returned
// closer once loaded. Its errors wrap ErrBadCorpus.
func OpenDir(dir string) (fs.FS, io.Closer, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrBadCorpus, err)
	}
	return rootFS{root}, root, nil
}

// rootFS is an os.Root as an fs.FS whose Open refuses, without blocking,
// what is not a regular file.
type rootFS struct{ root *os.Root }

func (r rootFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	f, err := r.root.OpenFile(name, os.O_RDONLY|openNonblock, 0)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: errNotRegular}
	}
	return f, nil
}
