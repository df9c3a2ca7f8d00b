package modelfile

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"testing"
)

// FuzzDecode checks Decode never panics nor exhausts memory: it refuses data
// with an error wrapping ErrBadModelFile, or returns a model whose Encode
// decodes again to the same model. Each input is tried as it is and, since a
// mutation almost never keeps the checksum valid, also with its last 32
// bytes replaced by the checksum of the others: so the fuzzer reaches the
// header and the training store.
func FuzzDecode(f *testing.F) {
	small, seed := smallModel(f), trainedSeeds(f)
	f.Add(Encode(small))
	f.Add(Encode(seed))
	f.Add([]byte{})
	f.Add([]byte("TOPICDNB"))
	header, payload := modelFileParts(f, Encode(small))
	f.Add(buildModelFile(FormatVersion+1, header, payload))
	f.Add(buildModelFile(FormatVersion, []byte(`{"tokenizer":"topicd-tokenizer/1"}`), payload))
	f.Add(buildModelFile(FormatVersion, header, nil))
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
