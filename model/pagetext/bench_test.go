package pagetext

import (
	"strings"
	"testing"

	"github.com/seed134e4861/topicd/internal/golden"
)

// benchSize is the size of the benchmarks' inputs, in bytes.
const benchSize = 10 << 10

// benchText returns about 10 KB of plain-text pages: the hand-written pages
// of testdata/text, one after the other, repeated, cut at a line's end.
func benchText(b *testing.B) string {
	pages := strings.Join(pageTexts(b), "\n\n") + "\n\n"
	text := strings.Repeat(pages, benchSize/len(pages)+1)
	return text[:strings.LastIndexByte(text[:benchSize], '\n')]
}

func BenchmarkStripFurniture(b *testing.B) {
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		StripFurniture(text)
	}
}

// BenchmarkStripFurnitureSeed is StripFurniture on seed article 002, the
// article naivebayes.BenchmarkClassify classifies (two furniture lines).
func BenchmarkStripFurnitureSeed(b *testing.B) {
	text := golden.Read(b, "../../seeds/002_561c1b58466feafd.txt")
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		StripFurniture(text)
	}
}
