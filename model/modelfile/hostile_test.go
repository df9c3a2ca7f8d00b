package modelfile

import (
	"bytes"
	"fmt"
	"runtime"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

// hostileFiles are model files with a valid checksum whose payload makes
// protobuf allocate the most for its size, as far as we know: many empty
// topics (a message each), many empty features (a string header each), and
// one topic with a long list of one-byte counts (eight bytes each). Each
// payload is size bytes, give or take a few.
func hostileFiles(size int) map[string][]byte {
	repeat := func(b []byte) []byte { return bytes.Repeat(b, size/len(b)) }
	zeros := make([]byte, size-16)
	yes := protowire.AppendBytes(protowire.AppendTag(nil, 3, protowire.BytesType), zeros)
	topic := protowire.AppendBytes(protowire.AppendTag(nil, 5, protowire.BytesType), yes)
	return map[string][]byte{
		"empty topics":   buildModelFile(FormatVersion, repeat([]byte{0x2a, 0x00})),
		"empty features": buildModelFile(FormatVersion, repeat([]byte{0x22, 0x00})),
		"zero counts":    buildModelFile(FormatVersion, topic),
	}
}

// allocatedBy returns the bytes f allocates on the heap.
func allocatedBy(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestDecodeAllocatesInProportion checks what Decode allocates for a
// hostile file is bounded by what a valid model's file of the same size
// costs (BenchmarkDecodeHostile measures them), not by the lengths the file
// declares.
func TestDecodeAllocatesInProportion(t *testing.T) {
	const size = 1 << 20
	valid := Encode(defaultModel(t))
	perByte := float64(allocatedBy(func() { Decode(valid) })) / float64(len(valid))
	for name, data := range hostileFiles(size) {
		got := float64(allocatedBy(func() {
			if _, err := Decode(data); err == nil {
				t.Errorf("Decode(%s): no error", name)
			}
		})) / float64(len(data))
		t.Logf("%s: %.1f bytes allocated per byte of file (a valid model: %.1f)", name, got, perByte)
		if got > perByte {
			t.Errorf("Decode(%s of %d bytes) allocates %.1f bytes per byte of file, want at most a valid model's %.1f", name, len(data), got, perByte)
		}
	}
}

// BenchmarkDecodeHostile measures what Decode allocates for the hostile
// files of hostileFiles, of about the size of the format-1 file whose gob
// made the library's decoder allocate 3.6 GB (docs/model-file.md), and of
// the maximum size.
func BenchmarkDecodeHostile(b *testing.B) {
	for _, size := range []int{554, MaxFileBytes - envelopeBytes} {
		for name, data := range hostileFiles(size) {
			b.Run(fmt.Sprintf("%s/%d", name, len(data)), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					if _, err := Decode(data); err == nil {
						b.Fatal("no error")
					}
				}
			})
		}
	}
}
