package corpus

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// writeCorpus writes the three test texts and manifest into a new
// directory, and returns it.
func writeCorpus(t *testing.T, manifest string) string {
	t.Helper()
	dir := t.TempDir()
	for name, f := range corpusFS(manifest, nil) {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// loadDir loads the corpus directory dir through OpenDir.
func loadDir(t *testing.T, dir string) (*Corpus, error) {
	t.Helper()
	fsys, closer, err := OpenDir(dir)
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	return Load(fsys)
}

// TestOpenDirConfines checks that a corpus read through OpenDir cannot
// reach out of its directory by a symbolic link, for a document or for
// the manifest, that it refuses a FIFO at once rather than wait for a
// writer, and that no error shows what an outside file holds.
func TestOpenDirConfines(t *testing.T) {
	const manifest = "a.txt\thacktivism,leak\nsub/b.txt\tstate_actor,election_interference\nc.txt\t-\n"
	secret := filepath.Join(t.TempDir(), "secret")
	const secretText = "root:x:0:0:s3cr3t-line\tleak\nanother s3cr3t-line\n"
	if err := os.WriteFile(secret, []byte(secretText), 0o600); err != nil {
		t.Fatal(err)
	}

	if _, err := loadDir(t, writeCorpus(t, manifest)); err != nil {
		t.Fatalf("Load(OpenDir(a valid corpus)) = %v", err)
	}
	inside := writeCorpus(t, manifest)
	if err := os.Symlink("a.txt", filepath.Join(inside, "link.txt")); err != nil {
		t.Skipf("no symbolic links: %v", err)
	}
	if err := os.WriteFile(filepath.Join(inside, ManifestName), []byte(manifest+"link.txt\tleak\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := loadDir(t, inside); err == nil || !strings.Contains(err.Error(), "same text") {
		t.Errorf("Load(OpenDir(a corpus with a link inside it)) = %v, want the link followed (and refused as a copy of a.txt)", err)
	}

	docOut := writeCorpus(t, manifest+"passwd.txt\tleak\n")
	if err := os.Symlink(secret, filepath.Join(docOut, "passwd.txt")); err != nil {
		t.Fatal(err)
	}
	manifestOut := writeCorpus(t, manifest)
	os.Remove(filepath.Join(manifestOut, ManifestName))
	if err := os.Symlink(secret, filepath.Join(manifestOut, ManifestName)); err != nil {
		t.Fatal(err)
	}
	fifo := writeCorpus(t, manifest+"fifo.txt\tleak\n")
	if err := syscall.Mkfifo(filepath.Join(fifo, "fifo.txt"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, dir, want string }{
		{"a document linked out of the corpus", docOut, "labels.tsv:4: document \"passwd.txt\""},
		{"the manifest linked out of the corpus", manifestOut, "reading manifest"},
		{"a FIFO as a document", fifo, "labels.tsv:4: document \"fifo.txt\": open fifo.txt: not a regular file"},
	} {
		_, err := loadDir(t, tt.dir)
		if !errors.Is(err, ErrBadCorpus) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Load = %v, want an error wrapping ErrBadCorpus containing %q", tt.name, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("%s: Load error shows the outside file: %v", tt.name, err)
		}
	}
}
