package features

import (
	"io/fs"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/seed134e4861/topicd/seeds"
)

// FuzzTokenize checks Words never panics and every word it returns is
// one Words keeps: 2 to 48 letters, digits or marks, valid UTF-8, not a
// stop word, and its own only word; and that Words, Features,
// Lexicon.AppendRows and DetectLanguage agree with the plain x/text reference (reference_test.go).
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{
		"",
		"l’attaque d'Anonymous qu'il jusqu’à",
		"Tin tặc đánh cắp dữ liệu bầu cử",
		"ＡＰＴ２８ ﬁchier Straße ΣΊΣΥΦΟΣ İstanbul",
		"hack🔥leak\u200bzero\u200dwidth",
		"e\u0301lection ǅemal ①② x² Ⅻ",
		strings.Repeat("ß", 24) + " " + strings.Repeat("é", 49),
		"\xff\xfebad\xc3 ab\xe2\x80cd",
		germanNews, spanishNews,
	} {
		f.Add(s)
	}
	for _, s := range seedTexts(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkAgainstReference(t, text)
		for _, tok := range Words(text) {
			n := utf8.RuneCountInString(tok)
			if !utf8.ValidString(tok) || n < 2 || n > maxWordRunes {
				t.Fatalf("Words(%q) gave word %q of %d runes, want 2 to %d runes of valid UTF-8", text, tok, n, maxWordRunes)
			}
			if stopMasks[tok] != 0 {
				t.Fatalf("Words(%q) gave stop word %q", text, tok)
			}
			for _, r := range tok {
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
					t.Fatalf("Words(%q) gave word %q with %U, want letters, digits and marks", text, tok, r)
				}
			}
			if again := Words(tok); len(again) != 1 || again[0] != tok {
				t.Fatalf("Words(%q) gave word %q, and Words(%q) = %q, want [%q]", text, tok, tok, again, tok)
			}
		}
	})
}

// seedTexts returns the texts of the seed articles, in file name order.
func seedTexts(tb testing.TB) []string {
	tb.Helper()
	names, err := fs.Glob(seeds.FS(), "*.txt")
	if err != nil || len(names) != 5 {
		tb.Fatalf("seed articles: %q, %v; want 5", names, err)
	}
	var texts []string
	for _, name := range names {
		data, err := fs.ReadFile(seeds.FS(), name)
		if err != nil {
			tb.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	return texts
}
