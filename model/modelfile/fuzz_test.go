package modelfile

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"

	modelfilev1 "github.com/seed134e4861/topicd/proto/topicd/modelfile/v1"
)

// FuzzDecode checks Decode never panics nor exhausts memory: it refuses data
// with an error wrapping ErrBadModelFile, or returns a model whose Encode
// decodes again to the same model. Each input is tried as it is and, since a
// mutation almost never keeps the checksum valid, also with its last 32
// bytes replaced by the checksum of the others: so the fuzzer reaches the
// payload's protobuf and the counts.
func FuzzDecode(f *testing.F) {
	small, seed := smallModel(f), trainedSeeds(f)
	f.Add(Encode(small))
	f.Add(Encode(seed))
	f.Add([]byte{})
	f.Add([]byte("TOPICDNB"))
	payload := modelFilePayload(f, Encode(small))
	f.Add(buildModelFile(FormatVersion+1, payload))
	f.Add(buildModelFile(1, payload))
	f.Add(buildModelFile(FormatVersion, nil))
	f.Add(buildModelFile(FormatVersion, payload[:len(payload)/2]))
	f.Add(buildModelFile(FormatVersion, editCounts(f, payload, func(c *modelfilev1.Counts) {
		c.Features[0], c.Features[1] = c.Features[1], c.Features[0]
	})))
	f.Add(buildModelFile(FormatVersion, editCounts(f, payload, func(c *modelfilev1.Counts) { c.Topics[0].Yes[0] = 1 << 60 })))
	f.Add(buildModelFile(FormatVersion, editCounts(f, payload, func(c *modelfilev1.Counts) { c.Topics[1].No = c.Topics[1].No[1:] })))
	// A length prefix no file could back, and many empty topics.
	f.Add(buildModelFile(FormatVersion, protowire.AppendVarint(protowire.AppendTag(nil, 4, protowire.BytesType), 1<<62)))
	f.Add(buildModelFile(FormatVersion, bytes.Repeat([]byte{0x2a, 0x00}, 256)))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDecode(t, data)
		if len(data) >= sha256.Size {
			checkDecode(t, sealModelFile(data[:len(data)-sha256.Size]))
		}
	})
}

func checkDecode(t *testing.T, data []byte) {
	t.Helper()
	m, err := Decode(data)
	if err != nil {
		if !errors.Is(err, ErrBadModelFile) || m != nil {
			t.Fatalf("Decode = %v, %v; want a model or an error wrapping ErrBadModelFile", m, err)
		}
		return
	}
	enc := Encode(m)
	if !bytes.Equal(enc, data) {
		t.Fatalf("Encode(Decode(data)) differs from data: Decode accepts only the bytes Encode writes")
	}
	again, err := Decode(enc)
	if err != nil {
		t.Fatalf("Decode(Encode(Decode(data))): %v", err)
	}
	if again.Version() != m.Version() || !bytes.Equal(Encode(again), enc) {
		t.Fatalf("Decode(Encode()) = %s, want %s, byte for byte", again.Version(), m.Version())
	}
	r, err := m.Classify("Anonymous a piraté la campagne électorale")
	if err != nil || len(r.Scores) != len(m.Info().Topics) {
		t.Fatalf("decoded model: Classify = %v, %v; want one score per topic of %v", r, err, m.Info().Topics)
	}
}
