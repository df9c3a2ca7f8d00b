package model

import (
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/unicode/rangetable"
)

// TokenizerVersion names the tokenization rules below. A model file records
// it, and a model is only loaded by a binary that tokenizes the same way.
const TokenizerVersion = "topicd-tokenizer/2"

// maxTokenRunes caps the length of a token: a longer run of letters is no
// word of any language (it is a hash, a base64 blob or padding) and is dropped.
const maxTokenRunes = 48

// Tokenize splits text into the tokens the classifier counts, in text order.
//
// The rules, for French, Vietnamese and English alike:
//   - Unicode normalisation NFKC, then full case folding (golang.org/x/text).
//   - Diacritics are removed (NFD, drop non-spacing marks, NFC) and the
//     Vietnamese đ becomes d, so "élection" matches "election" and Vietnamese
//     typed without its tones matches Vietnamese typed with them.
//   - A token is a maximal run of Unicode letters and digits; everything else
//     separates tokens, so "APT28" and "2024" stay whole and the French elision
//     "l'attaque" gives "l" and "attaque".
//   - Tokens of one character, tokens over 48 characters, and stop words of
//     the three languages (articles, pronouns, auxiliaries, elided clitics such
//     as "l" and "qu") are dropped.
func Tokenize(text string) []string {
	s := getScanner()
	defer putScanner(s)
	s.scan(text)
	for i, w := range s.words {
		if word := s.word(i); w.runes >= 2 && w.runes <= maxTokenRunes && stopMasks[string(word)] == 0 {
			s.collect(word)
		}
	}
	return s.strings()
}

// collect adds w to the strings the scanner is gathering (see strings).
func (s *scanner) collect(w []byte) {
	s.collected = append(s.collected, w...)
	s.ends = append(s.ends, int32(len(s.collected)))
}

// strings returns the strings collected, in order: slices of one string
// made of them all, so that they cost two allocations however many they
// are, not one each. It returns nil if there are none.
func (s *scanner) strings() []string {
	if len(s.ends) == 0 {
		return nil
	}
	all := string(s.collected)
	out := make([]string, len(s.ends))
	start := int32(0)
	for i, end := range s.ends {
		out[i] = all[start:end]
		start = end
	}
	return out
}

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

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}
