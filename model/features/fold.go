package features

import (
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/unicode/rangetable"
)

// foldText applies NFKC, case folding and diacritic removal to text.
func foldText(text string) string {
	t := transform.Chain(
		norm.NFKC,
		cases.Fold(),
		norm.NFD,
		runes.Remove(runes.In(markOrFormat)),
		runes.Map(foldLetter),
		norm.NFC,
	)
	out, _, err := transform.String(t, text)
	if err != nil {
		// The transformers above never fail on any input, valid UTF-8 or not;
		// fall back to the text as given rather than lose it.
		return text
	}
	return out
}

// markOrFormat holds the characters folding removes: non-spacing marks
// (diacritics, once NFD has split them off) and invisible format characters
// (zero-width spaces and joiners, direction marks, the soft hyphen), which
// would otherwise split a word in two: "Anony\u200bmous" is "anonymous".
var markOrFormat = rangetable.Merge(unicode.Mn, unicode.Cf)

// foldLetter maps the letters that carry a stroke instead of a combining mark,
// and so survive mark removal, to their base letter. It also maps Cherokee
// to its capital letters, which Unicode case folding keeps: cases.Fold of
// golang.org/x/text v0.42.0 swaps Cherokee's two cases instead, so folding
// twice would undo it (found by FuzzTokenize).
func foldLetter(r rune) rune {
	switch {
	case r == 'đ' || r == 'Đ':
		return 'd'
	case 0xAB70 <= r && r <= 0xABBF: // Cherokee small letters
		return r - 0xAB70 + 0x13A0
	case 0x13F8 <= r && r <= 0x13FD: // Cherokee small letters ye to mv
		return r - 0x13F8 + 0x13F0
	}
	return r
}
