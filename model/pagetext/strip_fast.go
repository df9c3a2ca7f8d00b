package pagetext

import (
	"strings"
	"sync"
)

// stripFast is stripFurniturePlain with quickClassify for classify, lines
// found by index instead of split, and buffers reused: a text with no
// furniture line comes back without an allocation.
func stripFast(text string) string {
	if !strings.Contains(text, "\n") {
		return text // one line: kept whole, or nothing kept, as text
	}
	buf := linesPool.Get().(*lineBuf)
	defer buf.put()
	if !buf.classify(text) {
		return text
	}
	if out := join(text, buf.kinds, buf.keep.keep(buf.kinds, buf.words)); out != "" {
		return out
	}
	return text
}

// lineBuf holds the kind and the word count of each line of a text.
type lineBuf struct {
	kinds []kind
	words []int
	keep  keepBuf
}

var linesPool = sync.Pool{New: func() any { return new(lineBuf) }}

func (b *lineBuf) put() {
	b.kinds, b.words = b.kinds[:0], b.words[:0]
	linesPool.Put(b)
}

// classify fills b with the lines of text and reports whether one is
// furniture.
func (b *lineBuf) classify(text string) (found bool) {
	for rest, more := text, true; more; {
		var s string
		s, rest, more = strings.Cut(rest, "\n")
		k, n := quickClassify(s)
		b.kinds, b.words = append(b.kinds, k), append(b.words, n)
		found = found || k == furniture
	}
	return found
}
