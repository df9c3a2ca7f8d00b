package features

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// This file holds the tables that let the scanner fold and split a text one
// character at a time instead of running foldText over all of it. They are
// computed from foldText and the rules (rules.go), never written by hand,
// so they can only make the scanner faster, not make it differ.

// foldTableSize bounds the runes foldTable holds: ASCII, Latin, Greek,
// Cyrillic, Vietnamese and the general punctuation.
const foldTableSize = 0x2070

// A foldEntry is what the scanner needs to know of one character of a text.
type foldEntry struct {
	s     string    // foldText of the character
	ok    bool      // the entry is filled: the character folds alone
	class charClass // classOf of every character of s, or mixed
	runes uint8     // the number of characters of s
	// word and vi: isWordRune and isVietnameseRune of the character itself,
	// for the Vietnamese words (viCounter).
	word, vi bool
	// starter: normalisation cannot join the character to the one before
	// it (NFKC BoundaryBefore). removed: folding removes it, a mark or a
	// format character. afterBoundary: the entry holds only before a
	// character that starts a new normalisation segment (wide.go).
	starter, removed, afterBoundary bool
}

// mixed is foldEntry.class when s is empty or holds characters of more
// than one class: the scanner then splits s one character at a time.
const mixed charClass = 255

// foldTable holds, for each rune below foldTableSize whose folding does not
// depend on its neighbours, its foldEntry.
var foldTable = sync.OnceValue(func() *[foldTableSize]foldEntry {
	var t [foldTableSize]foldEntry
	for r := rune(0); r < foldTableSize; r++ {
		if contextFree(r) {
			f := foldText(string(r))
			t[r] = foldEntry{
				s: f, ok: true, class: classOfFolded(f), runes: uint8(utf8.RuneCountInString(f)),
				word: isWordRune(r), vi: isVietnameseRune(r),
				starter: norm.NFKC.PropertiesString(string(r)).BoundaryBefore(),
				removed: f == "" && unicode.Is(markOrFormat, r),
			}
		}
	}
	return &t
})

// classOfFolded returns the class that all the characters of f share, or
// mixed.
func classOfFolded(f string) charClass {
	class := mixed
	for i, r := range f {
		if i == 0 {
			class = classOf(r)
		} else if classOf(r) != class {
			return mixed
		}
	}
	return class
}

// contextFree reports whether foldText folds r the same alone as in any
// text: the scripts whose normal forms compose nothing but letters and the
// non-spacing marks that folding removes. Other scripts (Indic spacing
// marks, Hangul jamo, ...) take the slow path.
func contextFree(r rune) bool {
	switch {
	case r >= 0xD800 && r <= 0xDFFF:
		return false // surrogates are no characters
	case r < 0x0530: // Latin, IPA, modifiers, combining diacritics, Greek, Cyrillic
		return true
	case r >= 0x1E00 && r <= 0x1FFF: // Latin Extended Additional (Vietnamese), Greek Extended
		return true
	case r >= 0x2000 && r < foldTableSize: // general punctuation: spaces, dashes, quotes, zero-width
		return true
	}
	return false
}

// asciiWordFold maps an ASCII byte that is a word character to its folded
// form, itself a word character of one byte (a letter lowered, a digit as it
// is), and every other byte to 0: the scanner's test for the runs of ASCII
// letters and digits that make most of a text.
var asciiWordFold = func() (t [256]byte) {
	for c := range byte(utf8.RuneSelf) {
		f := foldText(string(rune(c)))
		if classOf(rune(c)) == wordChar && len(f) == 1 && classOf(rune(f[0])) == wordChar {
			t[c] = f[0]
		}
	}
	return t
}()
