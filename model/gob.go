package model

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

	"github.com/jbrukh/bayesian"
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

// encodeStore returns the gob encoding of c, as c.WriteGob writes it but with
// every map's entries in sorted key order. encoding/gob writes map entries in
// Go's randomised map order, so two encodings of the same classifier differ;
// this one is canonical, and it is still the library's format: the type
// definitions are the library's own bytes, and bayesian.NewClassifierFromReader
// reads the result.
func encodeStore(c *bayesian.Classifier) ([]byte, error) {
	var lib bytes.Buffer
	if err := c.WriteGob(&lib); err != nil {
		return nil, fmt.Errorf("encoding classifier: %w", err)
	}
	typeDefs, typeID, err := splitGob(lib.Bytes())
	if err != nil {
		return nil, err
	}
	var mirror gobClassifier
	if err := gob.NewDecoder(&lib).Decode(&mirror); err != nil {
		return nil, fmt.Errorf("re-reading classifier: %w", err)
	}
	value := appendGobInt(nil, typeID)
	value = appendGobClassifier(value, &mirror)
	out := append(typeDefs, appendGobUint(nil, uint64(len(value)))...)
	return append(out, value...), nil
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
