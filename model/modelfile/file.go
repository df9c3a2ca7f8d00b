// Package modelfile reads and writes topicd's model files: an envelope
// (magic, format version, a JSON header, the payload, a SHA-256 checksum)
// around the counts of a naive-Bayes model (naivebayes.Counts). Decoding
// checks the envelope and the payload's form, then makes the model through
// naivebayes.New, which checks the counts as it checks those of training.
package modelfile

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/seed134e4861/topicd/model/naivebayes"
)

// The model file is an envelope around the model's counts:
//
//	offset  size  content
//	0       8     magic "TOPICDNB"
//	8       4     format version, big-endian uint32 (FormatVersion)
//	12      4     header length H, big-endian uint32
//	16      H     header: JSON (tokenizer, smoothing, topics, document counts)
//	16+H    8     payload length P, big-endian uint64
//	24+H    P     payload: the counts as the jbrukh/bayesian v1.1.0 gob
//	              encoding of the training store that learned them, map
//	              entries in sorted order (see gob.go)
//	24+H+P  32    SHA-256 of every byte before it
const (
	magic = "TOPICDNB"
	// FormatVersion is the version of the model file format this package
	// writes and reads.
	FormatVersion = 1

	maxHeaderBytes = 1 << 20
	checksumBytes  = sha256.Size
	minFileBytes   = len(magic) + 4 + 4 + 8 + checksumBytes
)

// ErrBadModelFile is returned when a model file is corrupt, truncated, not
// a topicd model file, written by an incompatible version, or holds counts
// that make no model.
var ErrBadModelFile = errors.New("bad model file")

// header is the envelope's description of the payload.
type header struct {
	// Tokenizer is the features.Version the model was trained with.
	Tokenizer string `json:"tokenizer"`
	// Alpha is the additive smoothing of the feature probabilities.
	Alpha float64 `json:"alpha"`
	// Topics are the model's topics, sorted.
	Topics []string `json:"topics"`
	// Documents is the number of training documents.
	Documents int `json:"documents"`
	// TopicDocuments counts the documents carrying each topic.
	TopicDocuments []int `json:"topic_documents"`
}

// Encode returns the model file's bytes (see the layout above). The same model
// always gives the same bytes.
func Encode(m *naivebayes.Model) []byte {
	c := m.Counts()
	h := header{
		Tokenizer:      c.Tokenizer,
		Alpha:          c.Alpha,
		Topics:         c.Topics,
		Documents:      c.Documents,
		TopicDocuments: c.TopicDocuments,
	}
	hb, _ := json.Marshal(h) // a struct of strings and numbers always marshals
	payload := encodeStore(&c)
	var b bytes.Buffer
	b.WriteString(magic)
	b.Write(binary.BigEndian.AppendUint32(nil, FormatVersion))
	b.Write(binary.BigEndian.AppendUint32(nil, uint32(len(hb))))
	b.Write(hb)
	b.Write(binary.BigEndian.AppendUint64(nil, uint64(len(payload))))
	b.Write(payload)
	sum := sha256.Sum256(b.Bytes())
	b.Write(sum[:])
	return b.Bytes()
}

// Decode reads a model from the bytes of a model file. A file that is not a
// topicd model file, is truncated or corrupt, or was written by an
// incompatible version gives an error wrapping ErrBadModelFile.
func Decode(data []byte) (*naivebayes.Model, error) {
	if len(data) < minFileBytes || string(data[:len(magic)]) != magic {
		return nil, fmt.Errorf("%w: not a topicd model file", ErrBadModelFile)
	}
	body, sum := data[:len(data)-checksumBytes], data[len(data)-checksumBytes:]
	if want := sha256.Sum256(body); !bytes.Equal(sum, want[:]) {
		return nil, fmt.Errorf("%w: checksum mismatch: the file is corrupt or truncated", ErrBadModelFile)
	}
	rest := body[len(magic):]
	if v := binary.BigEndian.Uint32(rest); v != FormatVersion {
		return nil, fmt.Errorf("%w: format version %d, this binary reads version %d", ErrBadModelFile, v, FormatVersion)
	}
	hlen := uint64(binary.BigEndian.Uint32(rest[4:]))
	rest = rest[8:]
	if hlen > maxHeaderBytes || hlen+8 > uint64(len(rest)) {
		return nil, fmt.Errorf("%w: header length %d out of range", ErrBadModelFile, hlen)
	}
	var h header
	dec := json.NewDecoder(bytes.NewReader(rest[:hlen]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&h); err != nil {
		return nil, fmt.Errorf("%w: header: %w", ErrBadModelFile, err)
	}
	rest = rest[hlen:]
	plen := binary.BigEndian.Uint64(rest)
	rest = rest[8:]
	if plen != uint64(len(rest)) {
		return nil, fmt.Errorf("%w: payload length %d, %d bytes present", ErrBadModelFile, plen, len(rest))
	}
	return decodeStore(h, rest)
}

// ReadFile reads a model file written by WriteFile.
func ReadFile(name string) (*naivebayes.Model, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	m, err := Decode(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return m, nil
}

// WriteFile writes the model to the named file atomically: to a temporary file
// in the same directory, synced, then renamed over name, so a reader sees the
// old file or the new one, never a part.
func WriteFile(name string, m *naivebayes.Model) (err error) {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(Encode(m)); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}
