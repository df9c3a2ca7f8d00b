package modelfile

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/json"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jbrukh/bayesian"

	"github.com/seed134e4861/topicd/model"
	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/model/features"
	"github.com/seed134e4861/topicd/model/naivebayes"
	"github.com/seed134e4861/topicd/seeds"
)

// The helpers below take model files apart and put them together again,
// following the layout documented in file.go, so that a test can alter one
// part of a file and still give it a valid checksum.

// modelFileParts splits a model file into its header JSON and its payload.
func modelFileParts(tb testing.TB, data []byte) (header, payload []byte) {
	tb.Helper()
	if len(data) < 24+sha256.Size || string(data[:8]) != "TOPICDNB" {
		tb.Fatalf("not a model file: % x", data[:min(len(data), 16)])
	}
	h := int(binary.BigEndian.Uint32(data[12:16]))
	header = data[16 : 16+h]
	p := int(binary.BigEndian.Uint64(data[16+h : 24+h]))
	payload = data[24+h : 24+h+p]
	if 24+h+p+sha256.Size != len(data) {
		tb.Fatalf("model file of %d bytes, header %d and payload %d", len(data), h, p)
	}
	return header, payload
}

// sealModelFile returns body followed by its SHA-256.
func sealModelFile(body []byte) []byte {
	sum := sha256.Sum256(body)
	return append(bytes.Clone(body), sum[:]...)
}

// modelFileBody returns the bytes of a model file before its checksum, with
// the given lengths written for the header and the payload.
func modelFileBody(version uint32, headerLen uint32, header []byte, payloadLen uint64, payload []byte) []byte {
	b := []byte("TOPICDNB")
	b = binary.BigEndian.AppendUint32(b, version)
	b = binary.BigEndian.AppendUint32(b, headerLen)
	b = append(b, header...)
	b = binary.BigEndian.AppendUint64(b, payloadLen)
	return append(b, payload...)
}

// buildModelFile assembles a model file of the given format version, header
// JSON and payload, with a valid checksum.
func buildModelFile(version uint32, header, payload []byte) []byte {
	return sealModelFile(modelFileBody(version, uint32(len(header)), header, uint64(len(payload)), payload))
}

// editHeader returns the header JSON with edit applied to its fields.
func editHeader(tb testing.TB, header []byte, edit func(map[string]any)) []byte {
	tb.Helper()
	var fields map[string]any
	if err := json.Unmarshal(header, &fields); err != nil {
		tb.Fatal(err)
	}
	edit(fields)
	b, err := json.Marshal(fields)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// editStore returns the payload with edit applied to its training store, in
// the canonical encoding that encodeStore writes (it sends no gob type of
// its own, which would change the type ids of later trainings).
func editStore(tb testing.TB, payload []byte, edit func(*gobClassifier)) []byte {
	tb.Helper()
	var store gobClassifier
	if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(&store); err != nil {
		tb.Fatal(err)
	}
	edit(&store)
	return storePayload(tb, payload, appendGobClassifier(nil, &store))
}

// storePayload returns a payload of the type definitions of payload followed
// by a classifier value message of the given bytes (the fields of the
// struct, without the type id).
func storePayload(tb testing.TB, payload, fields []byte) []byte {
	tb.Helper()
	typeDefs, typeID, err := splitGob(payload)
	if err != nil {
		tb.Fatal(err)
	}
	value := append(appendGobInt(nil, typeID), fields...)
	out := append(bytes.Clone(typeDefs), appendGobUint(nil, uint64(len(value)))...)
	return append(out, value...)
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
	header, payload := modelFileParts(t, data)
	if got := buildModelFile(FormatVersion, header, payload); !bytes.Equal(got, data) {
		t.Errorf("rebuilt model file differs from Encode()")
	}
	var fields map[string]any
	if err := json.Unmarshal(header, &fields); err != nil {
		t.Fatalf("header: %v", err)
	}
	want := map[string]any{
		"tokenizer":       features.Version,
		"alpha":           naivebayes.Alpha,
		"topics":          []any{model.ElectionInterference, model.Hacktivism, model.Leak, model.StateActor},
		"documents":       5.0,
		"topic_documents": []any{3.0, 3.0, 4.0, 1.0},
	}
	if diff := cmp.Diff(want, fields); diff != "" {
		t.Errorf("header mismatch (-want +got):\n%s", diff)
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
	header, payload := modelFileParts(t, data)
	h := len(header)

	withHeader := func(edit func(map[string]any)) []byte {
		return buildModelFile(FormatVersion, editHeader(t, header, edit), payload)
	}
	withStore := func(edit func(*gobClassifier)) []byte {
		return buildModelFile(FormatVersion, header, editStore(t, payload, edit))
	}
	withFreq := func(count float64) []byte {
		return withStore(func(s *gobClassifier) {
			d := s.Datas[model.Leak]
			d.Freqs["anonymous"] = count
		})
	}

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
		{"library gob", payload, "not a topicd model file"},

		// Truncated or extended.
		{"truncated to 12 bytes", data[:12], "not a topicd model file"},
		{"truncated to the lengths", data[:24], "not a topicd model file"},
		{"truncated to minimum size", data[:minFileBytes], "checksum mismatch"},
		{"truncated after the header", data[:16+h], "checksum mismatch"},
		{"truncated after the payload length", data[:24+h], "checksum mismatch"},
		{"truncated in the payload", data[:24+h+len(payload)/2], "checksum mismatch"},
		{"checksum missing", data[:len(data)-32], "checksum mismatch"},
		{"checksum truncated", data[:len(data)-1], "checksum mismatch"},
		{"byte appended", append(bytes.Clone(data), 0), "checksum mismatch"},
		{"file twice", append(bytes.Clone(data), data...), "checksum mismatch"},
		{"checksum zeroed", append(bytes.Clone(data[:len(data)-32]), make([]byte, 32)...), "checksum mismatch"},

		// The envelope, with a valid checksum.
		{"future format version", buildModelFile(FormatVersion+1, header, payload), "format version 2, this binary reads version 1"},
		{"format version 0", buildModelFile(0, header, payload), "format version 0"},
		{"header length past the end", sealModelFile(modelFileBody(FormatVersion, math.MaxUint32, header, uint64(len(payload)), payload)),
			"header length 4294967295 out of range"},
		{"header length over the limit", sealModelFile(modelFileBody(FormatVersion, maxHeaderBytes+1, nil, 0, make([]byte, maxHeaderBytes+1))),
			"header length 1048577 out of range"},
		{"header length short", sealModelFile(modelFileBody(FormatVersion, uint32(h-5), header, uint64(len(payload)), payload)), "header: "},
		{"header length long", sealModelFile(modelFileBody(FormatVersion, uint32(h+5), header, uint64(len(payload)), payload)), "payload length"},
		{"payload length long", sealModelFile(modelFileBody(FormatVersion, uint32(h), header, uint64(len(payload)+1), payload)),
			"bytes present"},
		{"payload length short", sealModelFile(modelFileBody(FormatVersion, uint32(h), header, uint64(len(payload)-1), payload)),
			"bytes present"},
		{"payload length huge", sealModelFile(modelFileBody(FormatVersion, uint32(h), header, math.MaxUint64, payload)),
			"payload length 18446744073709551615"},

		// The header.
		{"empty header", buildModelFile(FormatVersion, nil, payload), "header: EOF"},
		{"header not JSON", buildModelFile(FormatVersion, []byte("tokenizer=topicd-tokenizer/1"), payload), "header: "},
		{"header JSON array", buildModelFile(FormatVersion, []byte(`["topicd-tokenizer/1"]`), payload), "header: "},
		{"header null", buildModelFile(FormatVersion, []byte("null"), payload), `tokenizer ""`},
		{"unknown header field", withHeader(func(f map[string]any) { f["threshold"] = 0.7 }), `header: json: unknown field "threshold"`},
		{"header field of wrong type", withHeader(func(f map[string]any) { f["documents"] = "5" }), "header: json: cannot unmarshal"},
		{"other tokenizer", withHeader(func(f map[string]any) { f["tokenizer"] = "topicd-tokenizer/1" }),
			`tokenizer "topicd-tokenizer/1", this binary has "topicd-tokenizer/2"`},
		{"no alpha", withHeader(func(f map[string]any) { delete(f, "alpha") }), "smoothing alpha 0 is not in (0, 100]"},
		{"zero alpha", withHeader(func(f map[string]any) { f["alpha"] = 0 }), "smoothing alpha 0 is not in (0, 100]"},
		{"negative alpha", withHeader(func(f map[string]any) { f["alpha"] = -0.5 }), "smoothing alpha -0.5 is not in (0, 100]"},
		{"huge alpha", withHeader(func(f map[string]any) { f["alpha"] = 1e300 }), "smoothing alpha 1e+300 is not in (0, 100]"},
		{"alpha a string", withHeader(func(f map[string]any) { f["alpha"] = "0.05" }), "header: "},
		{"no tokenizer", withHeader(func(f map[string]any) { delete(f, "tokenizer") }), `tokenizer ""`},
		{"topics unsorted", withHeader(func(f map[string]any) {
			f["topics"] = []string{model.Hacktivism, model.ElectionInterference, model.Leak, model.StateActor}
		}), "topics must be distinct and sorted"},
		{"topic twice", withHeader(func(f map[string]any) {
			f["topics"] = []string{model.ElectionInterference, model.Hacktivism, model.Leak, model.Leak}
		}), "topics must be distinct and sorted"},
		{"no topics", withHeader(func(f map[string]any) { f["topics"] = []string{} }), "topics must be distinct and sorted"},
		{"unknown topic", withHeader(func(f map[string]any) {
			f["topics"] = []string{model.ElectionInterference, model.Hacktivism, model.Leak, "surveillance"}
		}), `unknown topic "surveillance"`},
		{"topics other than the store's", withHeader(func(f map[string]any) {
			f["topics"] = []string{model.ElectionInterference, model.Hacktivism, model.Leak}
			f["topic_documents"] = []int{3, 3, 4}
		}), "training store classes"},
		{"document counts missing", withHeader(func(f map[string]any) { f["topic_documents"] = []int{3, 3, 4} }),
			"one document count per topic"},
		{"documents wrong", withHeader(func(f map[string]any) { f["documents"] = 6 }),
			"training store learned 20 documents, header says 6 documents x 4 topics"},
		{"documents zero", withHeader(func(f map[string]any) { f["documents"] = 0 }), "0 documents, want at least one"},
		{"documents negative", withHeader(func(f map[string]any) { f["documents"] = -5 }), "-5 documents, want at least one"},
		{"topic without documents", withHeader(func(f map[string]any) { f["topic_documents"] = []int{3, 3, 4, 0} }),
			`topic "state_actor": 0 of 5 documents carry it`},
		{"topic on every document", withHeader(func(f map[string]any) { f["topic_documents"] = []int{3, 5, 4, 1} }),
			`topic "hacktivism": 5 of 5 documents carry it`},
		{"topic on more than every document", withHeader(func(f map[string]any) { f["topic_documents"] = []int{3, 3, 9, 1} }),
			`topic "leak": 9 of 5 documents carry it`},

		// The payload.
		{"empty payload", buildModelFile(FormatVersion, header, nil), "training store"},
		{"payload not gob", buildModelFile(FormatVersion, header, []byte("Anonymous a piraté le site.")), "training store"},
		{"payload of another gob type", buildModelFile(FormatVersion, header, func() []byte {
			var b bytes.Buffer
			if err := gob.NewEncoder(&b).Encode("a string"); err != nil {
				t.Fatal(err)
			}
			return b.Bytes()
		}()), "training store: gob type definitions"},
		{"payload truncated", buildModelFile(FormatVersion, header, payload[:len(payload)-10]), "training store"},
		{"payload with trailing bytes", buildModelFile(FormatVersion, header, append(bytes.Clone(payload), 0x03, 0x04, 0x00, 0x02)),
			"training store"},
		{"payload twice", buildModelFile(FormatVersion, header, append(bytes.Clone(payload), payload...)), "training store"},
		{"learned wrong", withStore(func(s *gobClassifier) { s.Learned++ }),
			"training store learned 21 documents, header says 5 documents x 4 topics"},
		{"class missing", withStore(func(s *gobClassifier) {
			s.Classes = s.Classes[:len(s.Classes)-1]
		}), "training store classes"},
		{"classes reordered", withStore(func(s *gobClassifier) {
			s.Classes[0], s.Classes[1] = s.Classes[1], s.Classes[0]
		}), "training store classes"},
		{"class data missing", withStore(func(s *gobClassifier) { delete(s.Datas, model.Leak) }), `no data for class "leak"`},
		{"TF-IDF store", withStore(func(s *gobClassifier) { s.TfIdf = true }), "TF-IDF"},
		{"TF-IDF converted store", withStore(func(s *gobClassifier) { s.DidConvertTfIdf = true }), "TF-IDF"},
		{"total wrong", withStore(func(s *gobClassifier) { s.Datas[model.Leak].Total++ }), `class "leak": total`},
		{"count fractional", withFreq(1.5), `class "leak": count of "anonymous" is 1.5, want a positive whole number`},
		{"count zero", withFreq(0), "want a positive whole number"},
		{"count negative", withFreq(-2), "want a positive whole number"},
		{"count NaN", withFreq(math.NaN()), "want a positive whole number"},
		{"count infinite", withFreq(math.Inf(1)), "want a positive whole number"},
		{"count huge", withFreq(1 << 60), "want a positive whole number"},

		// Lengths in the store that no memory could hold: refused before
		// encoding/gob allocates them.
		{"store map of 2^33 classes", buildModelFile(FormatVersion, header, storePayload(t, payload,
			[]byte{0x04, 0xfb, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00})), "training store: gob value: length 8589934592"},
		{"store of 2^40 classes", buildModelFile(FormatVersion, header, storePayload(t, payload,
			[]byte{0x01, 0xfa, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00})), "training store: gob value: length 1099511627776"},
		{"store map of 2^33 words", buildModelFile(FormatVersion, header, storePayload(t, payload,
			[]byte{0x04, 0x01, 0x04, 'l', 'e', 'a', 'k', 0x01, 0xfb, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00})),
			"training store: gob value: length 8589934592"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkBadModelFile(t, tt.data, tt.want)
		})
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

// TestDecodeAcceptsEquivalentHeader checks a header written differently (key
// order, spaces) but saying the same gives the same model and version, since
// the version hashes the header's content, not its bytes.
func TestDecodeAcceptsEquivalentHeader(t *testing.T) {
	m := trainedSeeds(t)
	_, payload := modelFileParts(t, Encode(m))
	header := `{ "topic_documents": [3, 3, 4, 1], "documents": 5,
		"topics": ["election_interference", "hacktivism", "leak", "state_actor"],
		"alpha": 5e-2, "tokenizer": "topicd-tokenizer/2" }`
	got, err := Decode(buildModelFile(FormatVersion, []byte(header), payload))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if got.Version() != m.Version() || !bytes.Equal(Encode(got), Encode(m)) {
		t.Errorf("Decode(equivalent header) = %s, want %s, byte for byte", got.Version(), m.Version())
	}
}

// TestDecodeScoredStore checks a payload holding the training store after
// it scored a text (its Seen counter set, see naivebayes's
// TestLibraryLogScoresMutates) is refused: it is not the store training
// wrote, and the model's counts could not give it back.
func TestDecodeScoredStore(t *testing.T) {
	data := Encode(trainedSeeds(t))
	header, payload := modelFileParts(t, data)
	lib, err := bayesian.NewClassifierFromReader(bytes.NewReader(payload))
	if err != nil {
		t.Fatal(err)
	}
	lib.LogScores(features.Features("Anonymous a publié les courriels de la campagne."))
	scored := editStore(t, payload, func(s *gobClassifier) { s.Seen = lib.Seen() })
	if bytes.Equal(scored, payload) {
		t.Fatal("after LogScores, the store encodes as the model's payload; want it to differ (Seen)")
	}
	checkBadModelFile(t, buildModelFile(FormatVersion, header, scored), "not the one training writes")
	withTfs := editStore(t, payload, func(s *gobClassifier) {
		s.Datas[model.Leak].FreqTfs = map[string][]float64{"anonymous": {0.5}}
	})
	checkBadModelFile(t, buildModelFile(FormatVersion, header, withTfs), "not the one training writes")
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
