package modelfile

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/seed134e4861/topicd/model"
	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/model/features"
	"github.com/seed134e4861/topicd/model/naivebayes"
	modelfilev1 "github.com/seed134e4861/topicd/proto/topicd/modelfile/v1"
	"github.com/seed134e4861/topicd/seeds"
)

// The helpers below take model files apart and put them together again,
// following the layout documented in file.go, so that a test can alter one
// part of a file and still give it a valid checksum.

// modelFilePayload returns the payload of a model file.
func modelFilePayload(tb testing.TB, data []byte) []byte {
	tb.Helper()
	if len(data) < 20+sha256.Size || string(data[:8]) != "TOPICDNB" {
		tb.Fatalf("not a model file: % x", data[:min(len(data), 16)])
	}
	p := int(binary.BigEndian.Uint64(data[12:20]))
	if 20+p+sha256.Size != len(data) {
		tb.Fatalf("model file of %d bytes, payload %d", len(data), p)
	}
	return data[20 : 20+p]
}

// sealModelFile returns body followed by its SHA-256.
func sealModelFile(body []byte) []byte {
	sum := sha256.Sum256(body)
	return append(bytes.Clone(body), sum[:]...)
}

// modelFileBody returns the bytes of a model file before its checksum, with
// the given length written for the payload.
func modelFileBody(version uint32, payloadLen uint64, payload []byte) []byte {
	b := []byte("TOPICDNB")
	b = binary.BigEndian.AppendUint32(b, version)
	b = binary.BigEndian.AppendUint64(b, payloadLen)
	return append(b, payload...)
}

// buildModelFile assembles a model file of the given format version and
// payload, with a valid checksum.
func buildModelFile(version uint32, payload []byte) []byte {
	return sealModelFile(modelFileBody(version, uint64(len(payload)), payload))
}

// countsMessage returns the message of a payload.
func countsMessage(tb testing.TB, payload []byte) *modelfilev1.Counts {
	tb.Helper()
	var msg modelfilev1.Counts
	if err := proto.Unmarshal(payload, &msg); err != nil {
		tb.Fatal(err)
	}
	return &msg
}

// editCounts returns the payload with edit applied to its message, in the
// deterministic encoding Encode writes.
func editCounts(tb testing.TB, payload []byte, edit func(*modelfilev1.Counts)) []byte {
	tb.Helper()
	msg := countsMessage(tb, payload)
	edit(msg)
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(msg)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// smallModel is a model trained on the three-document test corpus: its file
// is a few kilobytes.
func smallModel(tb testing.TB) *naivebayes.Model {
	tb.Helper()
	m, err := naivebayes.TrainFS(corpusFS(validManifest))
	if err != nil {
		tb.Fatalf("TrainFS(test corpus): %v", err)
	}
	return m
}

// TestModelFileLayout checks the file follows the documented layout, and so
// that the helpers above rebuild it byte for byte.
func TestModelFileLayout(t *testing.T) {
	data := Encode(trainedSeeds(t))
	if got := string(data[:8]); got != "TOPICDNB" {
		t.Errorf("magic = %q, want %q", got, "TOPICDNB")
	}
	if got := binary.BigEndian.Uint32(data[8:12]); got != FormatVersion {
		t.Errorf("format version = %d, want %d", got, FormatVersion)
	}
	payload := modelFilePayload(t, data)
	if got := buildModelFile(FormatVersion, payload); !bytes.Equal(got, data) {
		t.Errorf("rebuilt model file differs from Encode()")
	}
	msg := countsMessage(t, payload)
	if got, want := msg.GetTokenizer(), features.Version; got != want {
		t.Errorf("tokenizer = %q, want %q", got, want)
	}
	if got, want := msg.GetAlpha(), naivebayes.Alpha; got != want {
		t.Errorf("alpha = %v, want %v", got, want)
	}
	if got := msg.GetDocuments(); got != 5 {
		t.Errorf("documents = %d, want 5", got)
	}
	vocab := msg.GetFeatures()
	if len(vocab) == 0 || !slices.IsSorted(vocab) || len(slices.Compact(slices.Clone(vocab))) != len(vocab) {
		t.Errorf("features: %d, want some, sorted and distinct", len(vocab))
	}
	type topic struct {
		Name      string
		Documents int64
		Yes, No   int
	}
	var got []topic
	for _, tc := range msg.GetTopics() {
		got = append(got, topic{tc.GetTopic(), tc.GetDocuments(), len(tc.GetYes()), len(tc.GetNo())})
	}
	n := len(vocab)
	want := []topic{{model.ElectionInterference, 3, n, n}, {model.Hacktivism, 3, n, n}, {model.Leak, 4, n, n}, {model.StateActor, 1, n, n}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("topics mismatch (-want +got):\n%s", diff)
	}
}

func TestEncodeDecode(t *testing.T) {
	m := trainedSeeds(t)
	data := Encode(m)
	got, err := Decode(data)
	if err != nil {
		t.Fatalf("Decode(Encode()): %v", err)
	}
	if got.Version() != m.Version() {
		t.Errorf("Decode(Encode()).Version() = %q, want %q", got.Version(), m.Version())
	}
	if diff := cmp.Diff(m.Info(), got.Info()); diff != "" {
		t.Errorf("Decode(Encode()).Info() mismatch (-want +got):\n%s", diff)
	}
	if !bytes.Equal(Encode(got), data) {
		t.Errorf("Decode(Encode()).Encode() differs from Encode()")
	}
	for _, text := range append(seedTexts(t), classifyTexts...) {
		want, err := m.Classify(text)
		if err != nil {
			t.Fatal(err)
		}
		r, err := got.Classify(text)
		if err != nil {
			t.Errorf("decoded model: Classify(%q): %v", text, err)
			continue
		}
		if diff := cmp.Diff(want, r); diff != "" {
			t.Errorf("decoded model: Classify(%q) mismatch (-want +got):\n%s", text, diff)
		}
	}
}

func TestWriteFileReadFile(t *testing.T) {
	m := trainedSeeds(t)
	dir := t.TempDir()
	name := filepath.Join(dir, "topicd.model")
	if err := WriteFile(name, m); err != nil {
		t.Fatalf("WriteFile: %v", err)
	}
	got, err := ReadFile(name)
	if err != nil {
		t.Fatalf("ReadFile: %v", err)
	}
	if got.Version() != m.Version() || !bytes.Equal(Encode(got), Encode(m)) {
		t.Errorf("ReadFile(WriteFile()) = %s, want %s, byte for byte", got.Version(), m.Version())
	}
	info, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o644 {
		t.Errorf("WriteFile left mode %v, want %v", perm, os.FileMode(0o644))
	}
	checkDir(t, dir, "topicd.model")
}

// checkDir checks dir holds exactly the named files: no temporary file left.
func checkDir(t *testing.T, dir string, want ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("files in %s (-want +got):\n%s", dir, diff)
	}
}

// TestWriteFileReplaces checks WriteFile replaces an existing file, whether a
// model file or not.
func TestWriteFileReplaces(t *testing.T) {
	small, seed := smallModel(t), trainedSeeds(t)
	dir := t.TempDir()
	name := filepath.Join(dir, "topicd.model")
	if err := os.WriteFile(name, []byte("not a model file"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, m := range []*naivebayes.Model{seed, small, seed} {
		if err := WriteFile(name, m); err != nil {
			t.Fatalf("WriteFile: %v", err)
		}
		got, err := ReadFile(name)
		if err != nil {
			t.Fatalf("ReadFile: %v", err)
		}
		if got.Version() != m.Version() {
			t.Errorf("ReadFile after WriteFile of %s = %s", m.Version(), got.Version())
		}
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(data, Encode(m)) {
			t.Errorf("file after WriteFile of %s is not its Encode()", m.Version())
		}
	}
	checkDir(t, dir, "topicd.model")
}

// TestWriteFileFails checks a failed WriteFile reports it and leaves no
// temporary file behind.
func TestWriteFileFails(t *testing.T) {
	m := smallModel(t)
	dir := t.TempDir()

	if err := WriteFile(filepath.Join(dir, "missing", "topicd.model"), m); err == nil {
		t.Error("WriteFile into a missing directory: no error")
	}

	// Renaming a file over a directory fails after the file is written.
	sub := filepath.Join(dir, "topicd.model")
	if err := os.MkdirAll(filepath.Join(sub, "inside"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(sub, m); err == nil {
		t.Error("WriteFile over a directory: no error")
	}
	checkDir(t, dir, "topicd.model")
	checkDir(t, sub, "inside")
}

func TestReadFileErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := ReadFile(filepath.Join(dir, "missing.model")); !errors.Is(err, fs.ErrNotExist) || errors.Is(err, ErrBadModelFile) {
		t.Errorf("ReadFile(missing) error = %v, want fs.ErrNotExist and not ErrBadModelFile", err)
	}
	name := filepath.Join(dir, "corrupt.model")
	data := Encode(smallModel(t))
	data[len(data)/2] ^= 0x40
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := ReadFile(name)
	if !errors.Is(err, ErrBadModelFile) || m != nil {
		t.Fatalf("ReadFile(corrupt) = %v, %v; want an error wrapping ErrBadModelFile", m, err)
	}
	if !strings.Contains(err.Error(), name) {
		t.Errorf("ReadFile(corrupt) error = %q, want it to name the file", err)
	}
}

// checkBadModelFile checks Decode refuses data with an error wrapping
// ErrBadModelFile whose message contains want.
func checkBadModelFile(t *testing.T, data []byte, want string) {
	t.Helper()
	m, err := Decode(data)
	if !errors.Is(err, ErrBadModelFile) || m != nil {
		t.Fatalf("Decode = %v, %v; want an error wrapping ErrBadModelFile", m, err)
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("Decode error = %q, want it to contain %q", err, want)
	}
}

func TestDecodeErrors(t *testing.T) {
	data := Encode(trainedSeeds(t))
	payload := modelFilePayload(t, data)
	p := len(payload)
	n := len(countsMessage(t, payload).GetFeatures())

	withCounts := func(edit func(*modelfilev1.Counts)) []byte {
		return buildModelFile(FormatVersion, editCounts(t, payload, edit))
	}
	withPayload := func(b []byte) []byte { return buildModelFile(FormatVersion, b) }
	// withYes sets the yes count of the feature "anonymous" for the topic
	// leak.
	withYes := func(count uint64) []byte {
		return withCounts(func(c *modelfilev1.Counts) {
			i, _ := slices.BinarySearch(c.Features, "anonymous")
			c.Topics[2].Yes[i] = count
		})
	}
	// field is a payload field of the given number and wire type, whose
	// bytes follow.
	field := func(num protowire.Number, typ protowire.Type, b ...byte) []byte {
		return append(protowire.AppendTag(nil, num, typ), b...)
	}
	// hugeLength is a length prefix no file could back.
	hugeLength := protowire.AppendVarint(nil, 1<<62)

	tests := []struct {
		name string
		data []byte
		want string
	}{
		// Not a model file at all.
		{"nil", nil, "not a topicd model file"},
		{"empty", []byte{}, "not a topicd model file"},
		{"magic only", []byte("TOPICDNB"), "not a topicd model file"},
		{"wrong magic", append([]byte("TOPICDNX"), data[8:]...), "not a topicd model file"},
		{"lower-case magic", append([]byte("topicdnb"), data[8:]...), "not a topicd model file"},
		{"text", []byte(strings.Repeat("Anonymous a piraté le site. ", 10)), "not a topicd model file"},
		{"bare payload", payload, "not a topicd model file"},

		// Truncated or extended.
		{"truncated to 12 bytes", data[:12], "not a topicd model file"},
		{"truncated to the length", data[:20], "not a topicd model file"},
		{"truncated to minimum size", data[:envelopeBytes], "checksum mismatch"},
		{"truncated after the payload length", data[:20], "not a topicd model file"},
		{"truncated in the payload", data[:20+p/2], "checksum mismatch"},
		{"checksum missing", data[:len(data)-32], "checksum mismatch"},
		{"checksum truncated", data[:len(data)-1], "checksum mismatch"},
		{"byte appended", append(bytes.Clone(data), 0), "checksum mismatch"},
		{"file twice", append(bytes.Clone(data), data...), "checksum mismatch"},
		{"checksum zeroed", append(bytes.Clone(data[:len(data)-32]), make([]byte, 32)...), "checksum mismatch"},

		// Over the maximum size: refused before the checksum is computed.
		{"over the maximum size", append(bytes.Clone(data), make([]byte, MaxFileBytes)...),
			fmt.Sprintf("%d bytes, over the maximum of %d", len(data)+MaxFileBytes, MaxFileBytes)},
		{"one byte over the maximum size", buildModelFile(FormatVersion, make([]byte, MaxFileBytes-envelopeBytes+1)),
			fmt.Sprintf("%d bytes, over the maximum of %d", MaxFileBytes+1, MaxFileBytes)},

		// The envelope, with a valid checksum.
		{"future format version", buildModelFile(FormatVersion+1, payload), "format version 3, this binary reads version 2"},
		{"format version 0", buildModelFile(0, payload), "format version 0"},
		{"format version 1", buildModelFile(1, payload), "retrain the model with `server train`"},
		{"payload length long", sealModelFile(modelFileBody(FormatVersion, uint64(p+1), payload)), "bytes present"},
		{"payload length short", sealModelFile(modelFileBody(FormatVersion, uint64(p-1), payload)), "bytes present"},
		{"payload length huge", sealModelFile(modelFileBody(FormatVersion, math.MaxUint64, payload)),
			"payload length 18446744073709551615"},

		// The payload's protobuf form.
		{"empty payload", withPayload(nil), `tokenizer ""`},
		{"payload not protobuf", withPayload([]byte("Anonymous a piraté le site.")), "counts: proto"},
		{"payload truncated", withPayload(payload[:p-10]), "counts: proto"},
		{"payload with trailing bytes", withPayload(append(bytes.Clone(payload), 0x03, 0x04, 0x00, 0x02)), "counts: proto"},
		{"payload with an unknown field", withPayload(append(bytes.Clone(payload), field(15, protowire.VarintType, 1)...)),
			"counts: unknown field"},
		{"topic with an unknown field", withCounts(func(c *modelfilev1.Counts) {
			c.Topics[3].ProtoReflect().SetUnknown(field(15, protowire.VarintType, 1))
		}), "counts: unknown field"},
		{"payload with the tokenizer twice", withPayload(append(bytes.Clone(payload),
			protowire.AppendString(field(1, protowire.BytesType), features.Version)...)), "not in the form Encode writes"},
		{"payload twice", withPayload(append(bytes.Clone(payload), payload...)), "counts: 8 topics, this binary knows 4"},
		{"features twice", withPayload(append(bytes.Clone(payload), editCounts(t, payload, func(c *modelfilev1.Counts) {
			c.Tokenizer, c.Alpha, c.Documents, c.Topics = "", 0, 0, nil
		})...)), "not in the form Encode writes"},
		{"a topic more", withPayload(append(bytes.Clone(payload), field(5, protowire.BytesType, 0)...)), "counts: 5 topics, this binary knows 4"},
		{"a million empty topics", withPayload(bytes.Repeat(field(5, protowire.BytesType, 0), 1e6)), "counts: 1000000 topics, this binary knows 4"},
		{"feature of the wrong wire type", withPayload(field(4, protowire.Fixed64Type, 1, 2, 3, 4, 5, 6, 7, 8)), "unknown field"},
		{"feature not UTF-8", withPayload(append(bytes.Clone(payload), protowire.AppendString(field(4, protowire.BytesType), "\xff")...)),
			"counts: string field contains invalid UTF-8"},

		// Length prefixes that no file could back: refused by protobuf
		// before anything of that length is allocated.
		{"feature of 2^62 bytes", withPayload(append(field(4, protowire.BytesType), hugeLength...)), "counts: proto"},
		{"topic of 2^62 bytes", withPayload(append(field(5, protowire.BytesType), hugeLength...)), "counts: proto"},
		{"yes list of 2^62 bytes", withPayload(append(field(5, protowire.BytesType, 12),
			append(field(3, protowire.BytesType), hugeLength...)...)), "counts: proto"},
		{"tokenizer of 2^62 bytes", withPayload(append(field(1, protowire.BytesType), hugeLength...)), "counts: proto"},
		{"tokenizer of the payload's length plus one", withPayload(append(field(1, protowire.BytesType),
			protowire.AppendVarint(nil, uint64(p+1))...)), "counts: proto"},

		// What the payload's form adds to the counts.
		{"features unsorted", withCounts(func(c *modelfilev1.Counts) { c.Features[0], c.Features[1] = c.Features[1], c.Features[0] }),
			"feature 1 is not after feature 0: features must be sorted and distinct"},
		{"feature twice", withCounts(func(c *modelfilev1.Counts) { c.Features[1] = c.Features[0] }),
			"feature 1 is not after feature 0: features must be sorted and distinct"},
		{"feature counted by no class", withCounts(func(c *modelfilev1.Counts) {
			for _, tc := range c.Topics {
				tc.Yes[7], tc.No[7] = 0, 0
			}
		}), "feature 7 is counted by no class"},
		{"feature more", withCounts(func(c *modelfilev1.Counts) { c.Features = append(c.Features, "zzzzzz") }),
			fmt.Sprintf("topic 0: yes: %d counts for %d features", n, n+1)},
		{"feature less", withCounts(func(c *modelfilev1.Counts) { c.Features = c.Features[:n-1] }),
			fmt.Sprintf("topic 0: yes: %d counts for %d features", n, n-1)},
		{"no list short", withCounts(func(c *modelfilev1.Counts) { c.Topics[3].No = c.Topics[3].No[:n-1] }),
			fmt.Sprintf("topic 3: no: %d counts for %d features", n-1, n)},
		{"yes list missing", withCounts(func(c *modelfilev1.Counts) { c.Topics[1].Yes = nil }),
			fmt.Sprintf("topic 1: yes: 0 counts for %d features", n)},
		{"count over 2^53", withYes(1<<53 + 1), "topic 2: yes: count of feature"},
		{"count 2^64-1", withYes(math.MaxUint64), "makes the class total over 2^53"},
		{"counts whose total is over 2^53", withCounts(func(c *modelfilev1.Counts) {
			c.Topics[0].No[0], c.Topics[0].No[1] = 1<<52, 1<<52
		}), "topic 0: no: count of feature"},

		// The counts, checked by naivebayes.New.
		{"other tokenizer", withCounts(func(c *modelfilev1.Counts) { c.Tokenizer = "topicd-tokenizer/1" }),
			`tokenizer "topicd-tokenizer/1", this binary has "topicd-tokenizer/2"`},
		{"no tokenizer", withCounts(func(c *modelfilev1.Counts) { c.Tokenizer = "" }), `tokenizer ""`},
		{"no alpha", withCounts(func(c *modelfilev1.Counts) { c.Alpha = 0 }), "smoothing alpha 0 is not in (0, 100]"},
		{"negative alpha", withCounts(func(c *modelfilev1.Counts) { c.Alpha = -0.5 }), "smoothing alpha -0.5 is not in (0, 100]"},
		{"huge alpha", withCounts(func(c *modelfilev1.Counts) { c.Alpha = 1e300 }), "smoothing alpha 1e+300 is not in (0, 100]"},
		{"alpha NaN", withCounts(func(c *modelfilev1.Counts) { c.Alpha = math.NaN() }), "smoothing alpha NaN is not in (0, 100]"},
		{"topics unsorted", withCounts(func(c *modelfilev1.Counts) { c.Topics[0], c.Topics[1] = c.Topics[1], c.Topics[0] }),
			"topics must be distinct and sorted"},
		{"topic twice", withCounts(func(c *modelfilev1.Counts) { c.Topics[3] = c.Topics[2] }), "topics must be distinct and sorted"},
		{"no topics", withCounts(func(c *modelfilev1.Counts) { c.Features, c.Topics = nil, nil }), "topics must be distinct and sorted"},
		{"unknown topic", withCounts(func(c *modelfilev1.Counts) { c.Topics[3].Topic = "surveillance" }), `unknown topic "surveillance"`},
		{"documents zero", withCounts(func(c *modelfilev1.Counts) { c.Documents = 0 }), "0 documents, want at least one"},
		{"documents negative", withCounts(func(c *modelfilev1.Counts) { c.Documents = -5 }), "-5 documents, want at least one"},
		{"topic without documents", withCounts(func(c *modelfilev1.Counts) { c.Topics[3].Documents = 0 }),
			`topic "state_actor": 0 of 5 documents carry it`},
		{"topic on every document", withCounts(func(c *modelfilev1.Counts) { c.Topics[1].Documents = 5 }),
			`topic "hacktivism": 5 of 5 documents carry it`},
		{"topic on more than every document", withCounts(func(c *modelfilev1.Counts) { c.Topics[2].Documents = 9 }),
			`topic "leak": 9 of 5 documents carry it`},
		{"topic on negative documents", withCounts(func(c *modelfilev1.Counts) { c.Topics[2].Documents = -1 }),
			`topic "leak": -1 of 5 documents carry it`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkBadModelFile(t, tt.data, tt.want)
		})
	}
}

// TestDecodeErrorsQuoteLittle checks an error about a string of the file
// quotes at most a little of it: a hostile file's strings must not reach the
// logs whole.
func TestDecodeErrorsQuoteLittle(t *testing.T) {
	payload := modelFilePayload(t, Encode(smallModel(t)))
	long := strings.Repeat("\x1b[2J", 100_000)
	for _, edit := range []func(*modelfilev1.Counts){
		func(c *modelfilev1.Counts) { c.Tokenizer = long },
		func(c *modelfilev1.Counts) { c.Topics[0].Topic = long },
	} {
		_, err := Decode(buildModelFile(FormatVersion, editCounts(t, payload, edit)))
		if !errors.Is(err, ErrBadModelFile) || len(err.Error()) > 300 {
			t.Errorf("Decode(file with a string of %d bytes) error of %d bytes, want an error wrapping ErrBadModelFile of at most 300", len(long), len(err.Error()))
		}
	}
}

// TestDecodeFlippedByte flips bits in every byte of a model file: the
// checksum (or the magic) must catch each.
func TestDecodeFlippedByte(t *testing.T) {
	data := Encode(smallModel(t))
	for i := range data {
		for _, mask := range []byte{0x01, 0x80, 0xff} {
			corrupt := bytes.Clone(data)
			corrupt[i] ^= mask
			m, err := Decode(corrupt)
			if !errors.Is(err, ErrBadModelFile) || m != nil {
				t.Fatalf("Decode with byte %d ^ %#x = %v, %v; want an error wrapping ErrBadModelFile", i, mask, m, err)
			}
			want := "checksum mismatch"
			if i < len("TOPICDNB") {
				want = "not a topicd model file"
			}
			if !strings.Contains(err.Error(), want) {
				t.Fatalf("Decode with byte %d ^ %#x error = %q, want it to contain %q", i, mask, err, want)
			}
		}
	}
}

// TestDecodeFormat1 checks a file of format version 1 (the library's gob,
// written by topicd before format 2; testdata/format1.model is the small
// model's) is refused with the way out: train again.
func TestDecodeFormat1(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "format1.model"))
	if err != nil {
		t.Fatal(err)
	}
	checkBadModelFile(t, data, "format version 1 (the library's gob), this binary reads version 2: retrain the model with `server train`")
}

// TestReadFileRefusesOverMaximum checks ReadFile refuses a file over
// MaxFileBytes by its size, without reading it.
func TestReadFileRefusesOverMaximum(t *testing.T) {
	name := filepath.Join(t.TempDir(), "huge.model")
	if err := os.WriteFile(name, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(name, 4*MaxFileBytes); err != nil { // sparse: nothing written
		t.Fatal(err)
	}
	m, err := ReadFile(name)
	if !errors.Is(err, ErrBadModelFile) || m != nil {
		t.Fatalf("ReadFile(4 x MaxFileBytes) = %v, %v; want an error wrapping ErrBadModelFile", m, err)
	}
	if want := fmt.Sprintf("%d bytes, over the limit of %d", 4*MaxFileBytes, MaxFileBytes); !strings.Contains(err.Error(), want) {
		t.Errorf("ReadFile(4 x MaxFileBytes) error = %q, want it to contain %q", err, want)
	}
}

// TestEncodeDeterministic checks the same corpus gives the same file, byte
// for byte, whatever the order of its documents.
func TestEncodeDeterministic(t *testing.T) {
	want := Encode(trainedSeeds(t))
	c, err := corpus.Load(seeds.FS())
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		slices.Reverse(c.Documents)
		m, err := naivebayes.Train(c)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(Encode(m), want) {
			t.Errorf("training %d: Encode() differs from the first training's", i)
		}
	}
}
