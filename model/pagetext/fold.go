package pagetext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// fold lowercases s, removes the diacritics of Latin letters (é → e,
// ệ → e, đ → d) and makes typographic apostrophes plain, so that cue
// phrases are written once per language, without accents, and still match
// "Xem thêm", "XEM THÊM" and "Xem them". It gives what foldRune gives rune
// by rune, with a table for the Latin letters of French and Vietnamese.
func fold(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			b.WriteRune(unicode.ToLower(r))
		case r >= latinLo && r < latinHi:
			b.WriteString(latinFolds[r-latinLo])
		case r >= vietLo && r < vietHi:
			b.WriteString(vietFolds[r-vietLo])
		default:
			b.WriteString(foldRune(r))
		}
	}
	return b.String()
}

// foldRune is fold for one rune, by Unicode decomposition (NFD): the rune
// lowercased, without its combining marks; đ is d, and ’ ‘ ʼ are '.
func foldRune(r rune) string {
	switch r {
	case 'đ', 'Đ':
		return "d"
	case '’', 'ʼ', '‘':
		return "'"
	}
	var b strings.Builder
	for _, d := range norm.NFD.String(string(r)) {
		if !unicode.Is(unicode.Mn, d) {
			b.WriteRune(unicode.ToLower(d))
		}
	}
	return b.String()
}

// The ranges of Latin-1 Supplement to Latin Extended-B, and of Latin
// Extended Additional (the Vietnamese letters with two diacritics), whose
// folds are computed once by foldRune.
const (
	latinLo, latinHi = 0x00C0, 0x0250
	vietLo, vietHi   = 0x1E00, 0x1F00
)

var (
	latinFolds = foldRange(latinLo, latinHi)
	vietFolds  = foldRange(vietLo, vietHi)
)

func foldRange(lo, hi rune) []string {
	out := make([]string, hi-lo)
	for r := lo; r < hi; r++ {
		out[r-lo] = foldRune(r)
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// tokens returns the letter-and-digit runs of a folded string joined by
// single spaces, with one space before and after, so that a phrase p
// written the same way matches whole words only:
// strings.Contains(tokens(s), " "+p+" ").
func tokens(folded string) string {
	var b strings.Builder
	b.Grow(len(folded) + 2)
	b.WriteByte(' ')
	inWord := false
	for i, r := range folded {
		word := r < utf8.RuneSelf && asciiWord(byte(r)) ||
			r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
		switch {
		case word && r < utf8.RuneSelf:
			b.WriteByte(folded[i])
		case word:
			b.WriteRune(r)
		case inWord:
			b.WriteByte(' ')
		}
		inWord = word
	}
	if inWord {
		b.WriteByte(' ')
	}
	return b.String()
}

// asciiWord reports whether the ASCII byte c is a letter or a digit.
func asciiWord(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
