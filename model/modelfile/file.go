// Package modelfile reads and writes topicd's model files: an envelope
// (magic, format version, payload length, a SHA-256 checksum) around a
// protobuf message of the counts of a naive-Bayes model (naivebayes.Counts;
// the message is topicd.modelfile.v1.Counts). Decoding checks the size,
// the checksum and the version before it parses anything, parses the
// payload with protobuf, whose lengths are bounded by the bytes that follow
// them, then makes the model through naivebayes.New, which checks the
// counts as it checks those of training. docs/model-file.md describes the
// format for users.
package modelfile

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/seed134e4861/topicd/model"
	"github.com/seed134e4861/topicd/model/naivebayes"
	modelfilev1 "github.com/seed134e4861/topicd/proto/topicd/modelfile/v1"
)

// The model file is an envelope around the model's counts:
//
//	offset  size  content
//	0       8     magic "TOPICDNB"
//	8       4     format version, big-endian uint32 (FormatVersion)
//	12      8     payload length P, big-endian uint64
//	20      P     payload: the counts, a topicd.modelfile.v1.Counts message
//	              (proto/topicd/modelfile/v1/modelfile.proto) in the
//	              deterministic protobuf encoding
//	20+P    32    SHA-256 of every byte before it
const (
	magic = "TOPICDNB"
	// FormatVersion is the version of the model file format this package
	// writes and reads. Version 1 held the jbrukh/bayesian gob encoding of
	// the training store; it is refused.
	FormatVersion = 2

	// MaxFileBytes is the size of the largest model file Decode and
	// ReadFile accept: 16 MiB, some 50 times the file of the model of the
	// embedded corpus (336 KiB). A larger file is refused before it is
	// read. Decoding allocates in proportion to the file, up to some 120
	// bytes per byte for a valid model, less for any hostile file we could
	// build (docs/model-file.md), so this bounds what a file can cost.
	MaxFileBytes = 16 << 20

	checksumBytes = sha256.Size
	envelopeBytes = len(magic) + 4 + 8 + checksumBytes
)

// ErrBadModelFile is returned when a model file is corrupt, truncated, not
// a topicd model file, written by an incompatible version, or holds counts
// that make no model.
var ErrBadModelFile = errors.New("bad model file")

// Encode returns the model file's bytes (see the layout above). The same model
// always gives the same bytes.
func Encode(m *naivebayes.Model) []byte {
	c := m.Counts()
	payload, err := marshalOptions.Marshal(messageOf(&c))
	if err != nil {
		// The message holds only valid UTF-8 strings (features and
		// topic names are), numbers and lists: it always marshals.
		panic(fmt.Sprintf("modelfile: encoding counts: %v", err))
	}
	b := make([]byte, 0, envelopeBytes+len(payload))
	b = append(b, magic...)
	b = binary.BigEndian.AppendUint32(b, FormatVersion)
	b = binary.BigEndian.AppendUint64(b, uint64(len(payload)))
	b = append(b, payload...)
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}

// marshalOptions writes the payload: deterministic, so that a model always
// gives the same bytes (the message has no map, but the option says so).
var marshalOptions = proto.MarshalOptions{Deterministic: true}

// Decode reads a model from the bytes of a model file. A file that is not a
// topicd model file, is larger than MaxFileBytes, is truncated or corrupt,
// or was written by an incompatible version gives an error wrapping
// ErrBadModelFile. Decoding allocates in proportion to len(data).
func Decode(data []byte) (*naivebayes.Model, error) {
	payload, err := openEnvelope(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadModelFile, err)
	}
	if n := countTopics(payload); n > len(model.Topics()) {
		return nil, fmt.Errorf("%w: counts: %d topics, this binary knows %d", ErrBadModelFile, n, len(model.Topics()))
	}
	var msg modelfilev1.Counts
	if err := proto.Unmarshal(payload, &msg); err != nil {
		return nil, fmt.Errorf("%w: counts: %w", ErrBadModelFile, err)
	}
	if hasUnknownFields(&msg) {
		return nil, fmt.Errorf("%w: counts: unknown field", ErrBadModelFile)
	}
	// The one encoding Encode writes, so that Encode(Decode(data)) is data:
	// no field repeated or out of order, no list unpacked.
	if again, err := marshalOptions.Marshal(&msg); err != nil || !bytes.Equal(again, payload) {
		return nil, fmt.Errorf("%w: counts are not in the form Encode writes (a field repeated or out of order, a list unpacked)", ErrBadModelFile)
	}
	c, err := countsOf(&msg)
	if err != nil {
		return nil, fmt.Errorf("%w: counts: %w", ErrBadModelFile, err)
	}
	m, err := naivebayes.New(c)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadModelFile, err)
	}
	return m, nil
}

// countTopics counts the topics of a payload (the Counts.topics fields at
// its top level) without decoding them, up to its first malformed field,
// which proto.Unmarshal reports. Decode refuses a payload of more topics
// than package model knows before protobuf allocates a message for each:
// an empty topic is two bytes of the file, and would cost some 200 bytes
// of memory (docs/model-file.md). Every other field costs at most a few
// times its bytes.
func countTopics(payload []byte) int {
	topics := 0
	for len(payload) > 0 {
		num, typ, n := protowire.ConsumeTag(payload)
		if n < 0 {
			break
		}
		m := protowire.ConsumeFieldValue(num, typ, payload[n:])
		if m < 0 {
			break
		}
		if num == topicsField {
			topics++
		}
		payload = payload[n+m:]
	}
	return topics
}

// topicsField is the field number of Counts.topics.
const topicsField = 5

// hasUnknownFields reports whether the message holds a field that
// modelfile.proto does not declare, or a declared one of the wrong wire
// type: this format version writes none.
func hasUnknownFields(msg *modelfilev1.Counts) bool {
	if len(msg.ProtoReflect().GetUnknown()) > 0 {
		return true
	}
	for _, tc := range msg.GetTopics() {
		if len(tc.ProtoReflect().GetUnknown()) > 0 {
			return true
		}
	}
	return false
}

// openEnvelope checks the envelope of a model file, its size first, and
// returns its payload.
func openEnvelope(data []byte) ([]byte, error) {
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("%d bytes, over the maximum of %d", len(data), MaxFileBytes)
	}
	if len(data) < envelopeBytes || string(data[:len(magic)]) != magic {
		return nil, errors.New("not a topicd model file")
	}
	body, sum := data[:len(data)-checksumBytes], data[len(data)-checksumBytes:]
	if want := sha256.Sum256(body); !bytes.Equal(sum, want[:]) {
		return nil, errors.New("checksum mismatch: the file is corrupt or truncated")
	}
	rest := body[len(magic):]
	switch v := binary.BigEndian.Uint32(rest); v {
	case FormatVersion:
	case 1:
		return nil, fmt.Errorf("format version 1 (the library's gob), this binary reads version %d: retrain the model with `server train`", FormatVersion)
	default:
		return nil, fmt.Errorf("format version %d, this binary reads version %d", v, FormatVersion)
	}
	plen, payload := binary.BigEndian.Uint64(rest[4:]), rest[12:]
	if plen != uint64(len(payload)) {
		return nil, fmt.Errorf("payload length %d, %d bytes present", plen, len(payload))
	}
	return payload, nil
}

// ReadFile reads a model file written by WriteFile. It must be a regular
// file, opened without blocking: a FIFO, a device such as /dev/zero or a
// directory is refused at once, as is a file over MaxFileBytes; it reads at
// most MaxFileBytes+1 bytes, should the file grow meanwhile.
func ReadFile(name string) (*naivebayes.Model, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|openNonblock, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file (%v): %w", name, fi.Mode().Type(), ErrBadModelFile)
	}
	if fi.Size() > MaxFileBytes {
		return nil, fmt.Errorf("%s: %d bytes, over the limit of %d: %w", name, fi.Size(), MaxFileBytes, ErrBadModelFile)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
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
