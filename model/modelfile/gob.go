package modelfile

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"sync"

	"github.com/jbrukh/bayesian"

	"github.com/seed134e4861/topicd/model"
	"github.com/seed134e4861/topicd/model/naivebayes"
)

// gobClassifier mirrors the wire form of a *bayesian.Classifier (v1.1.0's
// unexported serializableClassifier): gob matches fields by name, so a stream
// written by Classifier.WriteGob decodes into it, exposing the exact counts
// the library keeps.
type gobClassifier struct {
	Classes         []bayesian.Class
	Learned         int
	Seen            int
	Datas           map[bayesian.Class]*gobClassData
	TfIdf           bool
	DidConvertTfIdf bool
}

// gobClassData mirrors the library's unexported classData.
type gobClassData struct {
	Freqs   map[string]float64
	FreqTfs map[string][]float64
	Total   int
}

// notPrefix names a topic's negative class in the training store.
const notPrefix = "not:"

// storeClasses returns the classes of the training store: for each topic, in
// order, the topic itself and its negative class "not:TOPIC".
func storeClasses(topics []string) []bayesian.Class {
	classes := make([]bayesian.Class, 0, 2*len(topics))
	for _, t := range topics {
		classes = append(classes, bayesian.Class(t), bayesian.Class(notPrefix+t))
	}
	return classes
}

// encodeStore returns the payload of counts: the gob encoding of the
// bayesian.Classifier that learned them, as its WriteGob writes it but with
// every map's entries in sorted key order. encoding/gob writes map entries
// in Go's randomised map order, so two encodings of the same classifier
// differ; this one is canonical, and it is still the library's format: the
// type definitions are the library's own bytes, and
// bayesian.NewClassifierFromReader reads the result.
func encodeStore(c *naivebayes.Counts) []byte {
	defs, err := storeTypes()
	if err != nil {
		// The library's encoding of an empty classifier does not fail.
		panic(fmt.Sprintf("modelfile: %v", err))
	}
	store := gobClassifier{
		Classes: storeClasses(c.Topics),
		Learned: c.Documents * len(c.Topics),
		Datas:   make(map[bayesian.Class]*gobClassData, 2*len(c.Topics)),
	}
	for i, t := range c.Topics {
		for class, d := range map[string]naivebayes.ClassCounts{t: c.Classes[i].Yes, notPrefix + t: c.Classes[i].No} {
			// A class's FreqTfs is an empty map, as the library's Learn
			// leaves it when not computing TF-IDF.
			store.Datas[bayesian.Class(class)] = &gobClassData{Freqs: d.Features, FreqTfs: map[string][]float64{}, Total: d.Total}
		}
	}
	value := appendGobInt(nil, defs.id)
	value = appendGobClassifier(value, &store)
	out := append(slices.Clone(defs.defs), appendGobUint(nil, uint64(len(value)))...)
	return append(out, value...)
}

// decodeStore makes the model of a file's header and payload: it checks
// the payload's form before decoding it, so that no length in it makes
// encoding/gob allocate more than the payload's size; checks what the
// training store holds besides counts against the header; and makes the
// model through naivebayes.New. The payload must be the one Encode writes
// for the model: a store that has scored texts (Seen), or holds TF-IDF
// samples, is not one training wrote.
func decodeStore(h header, payload []byte) (*naivebayes.Model, error) {
	if err := checkStore(payload); err != nil {
		return nil, fmt.Errorf("%w: training store: %w", ErrBadModelFile, err)
	}
	var store gobClassifier
	if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(&store); err != nil {
		return nil, fmt.Errorf("%w: training store: %w", ErrBadModelFile, err)
	}
	// The library must read the payload too: it is its format.
	if _, err := bayesian.NewClassifierFromReader(bytes.NewReader(payload)); err != nil {
		return nil, fmt.Errorf("%w: training store: %w", ErrBadModelFile, err)
	}
	if store.TfIdf || store.DidConvertTfIdf {
		return nil, fmt.Errorf("%w: training store is a TF-IDF classifier; topicd trains counts", ErrBadModelFile)
	}
	m, err := naivebayes.New(countsOf(h, &store))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadModelFile, err)
	}
	if err := checkStoreAgainst(h, &store); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadModelFile, err)
	}
	if !bytes.Equal(encodeStore(new(m.Counts())), payload) {
		return nil, fmt.Errorf("%w: training store is not the one training writes (a classifier that has scored texts, TF-IDF samples, or maps out of order)", ErrBadModelFile)
	}
	return m, nil
}

// countsOf returns the counts of the header and the training store, as
// they are: naivebayes.New checks them.
func countsOf(h header, s *gobClassifier) naivebayes.Counts {
	c := naivebayes.Counts{
		Tokenizer:      h.Tokenizer,
		Alpha:          h.Alpha,
		Topics:         h.Topics,
		Documents:      h.Documents,
		TopicDocuments: h.TopicDocuments,
		Classes:        make([]naivebayes.TopicCounts, len(h.Topics)),
	}
	for i, t := range h.Topics {
		if d := s.Datas[bayesian.Class(t)]; d != nil {
			c.Classes[i].Yes = naivebayes.ClassCounts{Features: d.Freqs, Total: d.Total}
		}
		if d := s.Datas[bayesian.Class(notPrefix+t)]; d != nil {
			c.Classes[i].No = naivebayes.ClassCounts{Features: d.Freqs, Total: d.Total}
		}
	}
	return c
}

// checkStoreAgainst checks what the training store holds besides counts
// against the header: its classes are those of the header's topics, in
// order, each with its data, and it learned every document once per topic.
func checkStoreAgainst(h header, s *gobClassifier) error {
	if !slices.Equal(s.Classes, storeClasses(h.Topics)) {
		return fmt.Errorf("training store classes %q do not match topics %q", s.Classes, h.Topics)
	}
	if s.Learned != h.Documents*len(h.Topics) {
		return fmt.Errorf("training store learned %d documents, header says %d documents x %d topics", s.Learned, h.Documents, len(h.Topics))
	}
	for _, class := range s.Classes {
		if s.Datas[class] == nil {
			return fmt.Errorf("training store has no data for class %q", class)
		}
	}
	return nil
}

// splitGob splits a gob stream holding one value into its type-definition
// messages, returned as they are, and the type id of the value message.
func splitGob(stream []byte) (typeDefs []byte, typeID int64, err error) {
	rest := stream
	for len(rest) > 0 {
		n, size, err := readGobUint(rest)
		if err != nil || n > uint64(len(rest)-size) {
			return nil, 0, errors.New("gob stream: truncated message")
		}
		msg := rest[size : size+int(n)]
		id, _, err := readGobInt(msg)
		if err != nil {
			return nil, 0, errors.New("gob stream: message without type id")
		}
		if id > 0 {
			return stream[:len(stream)-len(rest)], id, nil
		}
		rest = rest[size+int(n):]
	}
	return nil, 0, errors.New("gob stream: no value message")
}

// appendGobClassifier appends the gob encoding of a gobClassifier struct:
// each non-zero field as (field-number delta, value), then a 0 terminator.
// Non-nil maps are sent even when empty, as encoding/gob does.
func appendGobClassifier(b []byte, c *gobClassifier) []byte {
	f := gobFields{b: b}
	if len(c.Classes) > 0 {
		f.field(0)
		f.b = appendGobUint(f.b, uint64(len(c.Classes)))
		for _, class := range c.Classes {
			f.b = appendGobString(f.b, string(class))
		}
	}
	if c.Learned != 0 {
		f.field(1)
		f.b = appendGobInt(f.b, int64(c.Learned))
	}
	if c.Seen != 0 {
		f.field(2)
		f.b = appendGobInt(f.b, int64(c.Seen))
	}
	if c.Datas != nil {
		f.field(3)
		f.b = appendGobUint(f.b, uint64(len(c.Datas)))
		for _, class := range sortedKeys(c.Datas) {
			f.b = appendGobString(f.b, string(class))
			f.b = appendGobClassData(f.b, c.Datas[class])
		}
	}
	if c.TfIdf {
		f.field(4)
		f.b = appendGobUint(f.b, 1)
	}
	if c.DidConvertTfIdf {
		f.field(5)
		f.b = appendGobUint(f.b, 1)
	}
	return appendGobUint(f.b, 0)
}

func appendGobClassData(b []byte, d *gobClassData) []byte {
	f := gobFields{b: b}
	if d.Freqs != nil {
		f.field(0)
		f.b = appendGobUint(f.b, uint64(len(d.Freqs)))
		for _, w := range sortedKeys(d.Freqs) {
			f.b = appendGobString(f.b, w)
			f.b = appendGobFloat(f.b, d.Freqs[w])
		}
	}
	if d.FreqTfs != nil {
		f.field(1)
		f.b = appendGobUint(f.b, uint64(len(d.FreqTfs)))
		for _, w := range sortedKeys(d.FreqTfs) {
			f.b = appendGobString(f.b, w)
			f.b = appendGobUint(f.b, uint64(len(d.FreqTfs[w])))
			for _, x := range d.FreqTfs[w] {
				f.b = appendGobFloat(f.b, x)
			}
		}
	}
	if d.Total != 0 {
		f.field(2)
		f.b = appendGobInt(f.b, int64(d.Total))
	}
	return appendGobUint(f.b, 0)
}

// gobFields writes struct fields as gob does: each field number as the delta
// from the previous one written.
type gobFields struct {
	b    []byte
	last int
}

func (f *gobFields) field(n int) {
	f.b = appendGobUint(f.b, uint64(n-f.last+1))
	f.last = n + 1
}

func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// appendGobUint appends x as gob sends an unsigned integer: one byte below
// 128, else the negated byte count followed by the big-endian bytes.
func appendGobUint(b []byte, x uint64) []byte {
	if x < 0x80 {
		return append(b, byte(x))
	}
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], x)
	skip := bits.LeadingZeros64(x) / 8
	b = append(b, byte(-(8 - skip)))
	return append(b, buf[skip:]...)
}

// appendGobInt appends i as gob sends a signed integer: the sign in bit 0.
func appendGobInt(b []byte, i int64) []byte {
	if i < 0 {
		return appendGobUint(b, uint64(^i<<1)|1)
	}
	return appendGobUint(b, uint64(i<<1))
}

// appendGobFloat appends f as gob sends a float: its IEEE bits, byte-reversed.
func appendGobFloat(b []byte, f float64) []byte {
	return appendGobUint(b, bits.ReverseBytes64(math.Float64bits(f)))
}

func appendGobString(b []byte, s string) []byte {
	b = appendGobUint(b, uint64(len(s)))
	return append(b, s...)
}

func readGobUint(b []byte) (x uint64, size int, err error) {
	if len(b) == 0 {
		return 0, 0, errors.New("gob: empty")
	}
	if b[0] < 0x80 {
		return uint64(b[0]), 1, nil
	}
	n := -int(int8(b[0]))
	if n > 8 || len(b) < 1+n {
		return 0, 0, errors.New("gob: bad unsigned integer")
	}
	for _, c := range b[1 : 1+n] {
		x = x<<8 | uint64(c)
	}
	return x, 1 + n, nil
}

func readGobInt(b []byte) (int64, int, error) {
	u, size, err := readGobUint(b)
	if err != nil {
		return 0, 0, err
	}
	if u&1 != 0 {
		return ^int64(u >> 1), size, nil
	}
	return int64(u >> 1), size, nil
}

// storeTypes returns the type definitions that open the library's gob
// encoding of a classifier, and the type id of the classifier value, as
// encoding/gob numbers them in this process (as encodeStore writes them).
var storeTypes = sync.OnceValues(func() (storeTypeDefs, error) {
	var b bytes.Buffer
	if err := bayesian.NewClassifier(storeClasses(model.Topics())...).WriteGob(&b); err != nil {
		return storeTypeDefs{}, fmt.Errorf("encoding classifier: %w", err)
	}
	defs, id, err := splitGob(b.Bytes())
	return storeTypeDefs{defs: defs, id: id}, err
})

type storeTypeDefs struct {
	defs []byte
	id   int64
}

// checkStore checks, before any gob decoding, that payload has the layout
// encodeStore writes: the library's type definitions, then one classifier
// value ending the payload, each of whose lengths fits in the bytes that
// follow it. encoding/gob makes a map of the length a stream declares before
// it reads a single entry (golang/go#79539, not fixed in Go 1.26), so a few
// crafted bytes declaring a map of 2^33 entries would exhaust memory.
func checkStore(payload []byte) error {
	want, err := storeTypes()
	if err != nil {
		return err
	}
	if !bytes.HasPrefix(payload, want.defs) {
		return errors.New("gob type definitions are not those of jbrukh/bayesian v1.1.0's classifier")
	}
	r := gobReader{b: payload[len(want.defs):]}
	if n := r.count(); r.err == nil && n != len(r.b) {
		return fmt.Errorf("gob value message of %d bytes, %d present", n, len(r.b))
	}
	if id := r.int(); r.err == nil && id != want.id {
		return fmt.Errorf("gob value of type %d, want %d", id, want.id)
	}
	r.fields(func(field int) bool { // the classifier
		switch field {
		case 0: // Classes
			for range r.count() {
				r.skip(r.count())
			}
		case 1, 2, 4, 5: // Learned, Seen, TfIdf, DidConvertTfIdf
			r.uint()
		case 3: // Datas
			for range r.count() {
				r.skip(r.count())
				r.fields(func(field int) bool { // a class's data
					switch field {
					case 0: // Freqs
						for range r.count() {
							r.skip(r.count())
							r.uint()
						}
					case 1: // FreqTfs
						for range r.count() {
							r.skip(r.count())
							for range r.count() {
								r.uint()
							}
						}
					case 2: // Total
						r.uint()
					default:
						return false
					}
					return true
				})
			}
		default:
			return false
		}
		return true
	})
	if r.err == nil && len(r.b) > 0 {
		r.err = fmt.Errorf("%d bytes after the classifier", len(r.b))
	}
	return r.err
}

// gobReader reads a gob value message, stopping at the first error.
type gobReader struct {
	b   []byte
	err error
}

func (r *gobReader) uint() uint64 {
	if r.err != nil {
		return 0
	}
	x, size, err := readGobUint(r.b)
	if err != nil {
		r.err = errors.New("gob value: truncated")
		return 0
	}
	r.b = r.b[size:]
	return x
}

func (r *gobReader) int() int64 {
	if r.err != nil {
		return 0
	}
	i, size, err := readGobInt(r.b)
	if err != nil {
		r.err = errors.New("gob value: truncated")
		return 0
	}
	r.b = r.b[size:]
	return i
}

// count reads a length, which every element, at least one byte each, must
// fit in the bytes that remain.
func (r *gobReader) count() int {
	n := r.uint()
	if r.err == nil && n > uint64(len(r.b)) {
		r.err = fmt.Errorf("gob value: length %d, only %d bytes left", n, len(r.b))
	}
	if r.err != nil {
		return 0
	}
	return int(n)
}

func (r *gobReader) skip(n int) {
	if r.err == nil {
		r.b = r.b[n:]
	}
}

// fields reads the fields of a struct up to its terminator, calling field
// with each field number; field reports whether it knows the field.
func (r *gobReader) fields(field func(int) bool) {
	for n := -1; r.err == nil; {
		delta := r.uint()
		if r.err != nil || delta == 0 {
			return
		}
		if delta > 8 || !field(n+int(delta)) {
			r.err = errors.New("gob value: unknown struct field")
			return
		}
		n += int(delta)
	}
}
