package htmltext

import (
	"strings"
	"testing"

	"github.com/seed134e4861/topicd/internal/golden"
)

// benchSize is the size of the benchmark's input, in bytes.
const benchSize = 10 << 10

// benchPage returns a page of about 10 KB: testdata/en-article.html with
// its story's paragraphs repeated.
func benchPage(b *testing.B) string {
	page := golden.Read(b, "testdata/en-article.html")
	start := strings.Index(page, `<div class="story-body">`) + len(`<div class="story-body">`)
	end := strings.Index(page[start:], "</div>") + start
	body := page[start:end]
	return page[:end] + strings.Repeat(body, (benchSize-len(page))/len(body)) + page[end:]
}

func BenchmarkFromHTML(b *testing.B) {
	page := benchPage(b)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FromHTML(page); err != nil {
			b.Fatal(err)
		}
	}
}
