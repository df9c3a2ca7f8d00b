package features

import (
	"math/bits"
	"unicode"
)

// This file holds the rules by which folded text becomes features, each in
// one place: what a word is, what a pair is, and how the language is told.
// The scanner (scan.go) and the tables that speed it up (foldtable.go) only
// apply them; reference_test.go states them again in the plainest code,
// and decides (see "Changing a rule" in doc.go).

// What a word is.

// A charClass is what a character of the folded text does to the words
// around it.
type charClass uint8

const (
	separator charClass = iota // anything else: it ends a word, and a pair
	space                      // space or tab: it ends a word, but not a pair
	wordChar                   // letter, digit or mark: it starts or continues a word
)

// classOf returns the class of r, a character of the folded text. A word is
// a maximal run of wordChar characters.
func classOf(r rune) charClass {
	switch {
	case isWordRune(r):
		return wordChar
	case r == ' ' || r == '\t':
		return space
	}
	return separator
}

// isWordRune reports whether r is a letter, a digit or a mark: a character
// a word is made of.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// A word of fewer than minWordRunes or more than maxWordRunes characters is
// no feature: one letter is an initial or an elided clitic, and a longer run
// of letters is no word of any language (it is a hash, a base64 blob or
// padding).
const (
	minWordRunes = 2
	maxWordRunes = 48
)

// isFeature reports whether the word is a feature of a text whose language
// has the stop-word bits stop (see stopBits): it is 2 to 48 characters long
// and not a stop word of that language.
func (w *span) isFeature(stop uint8) bool {
	return w.runes >= minWordRunes && w.runes <= maxWordRunes && w.stop&stop == 0
}

// What a pair is.

// isPair reports whether words i−1 and i of a Vietnamese text make a pair
// feature, "syllable syllable": only spaces or tabs come between them, they
// are not both left out (stop words or too short), and neither is too long.
func (s *scanner) isPair(i int, stop uint8) bool {
	if i == 0 || !s.words[i].joined {
		return false
	}
	prev, w := &s.words[i-1], &s.words[i]
	return (prev.isFeature(stop) || w.isFeature(stop)) && prev.runes <= maxWordRunes && w.runes <= maxWordRunes
}

// How the language is told.

// tellLanguage returns the language of a text (see DetectLanguage) whose
// words hold en, fr and vi stop words of English, French and Vietnamese,
// and viWords words written with a letter only Vietnamese uses, which vote
// Vietnamese too. Vietnamese wins only outright, since its syllables,
// folded, are short and some are also French or English words; a tie
// between English and French goes to English; no vote at all is "".
func tellLanguage(en, fr, vi, viWords int) string {
	vi += viWords
	switch {
	case vi > en && vi > fr:
		return Vietnamese
	case fr > en && fr >= vi:
		return French
	case en > 0 && en >= fr && en >= vi:
		return English
	}
	return ""
}

// nameLanguage returns the language a text is read as (see
// DetectLanguage), given lang, its vote among English, French and
// Vietnamese (tellLanguage), v, the votes of its words (see votes), and
// viWords, its words written with a Vietnamese letter: lang, unless the
// words of another language (otherLanguages) outnumber the votes lang won
// by (none for "") and are at least minOtherWords; then the other language
// with most words, a tie going to the first in otherLanguages.
func nameLanguage(lang string, v *votes, viWords int) string {
	won := minOtherWords - 1
	switch lang {
	case English:
		won = max(won, v[0])
	case French:
		won = max(won, v[1])
	case Vietnamese:
		won = max(won, v[2]+viWords)
	}
	for _, o := range otherLanguages {
		if n := v[bits.TrailingZeros8(o.bit)]; n > won {
			lang, won = o.code, n
		}
	}
	return lang
}

// minOtherWords is the fewest words of another language (otherLanguages)
// that name it: one is a name or a web address ("Logo WordPress.com"), not
// a language.
const minOtherWords = 2

// stopBits returns the stop-word bits of the words a text of language lang
// leaves out: those of lang, or of all three languages when it is unknown.
func stopBits(lang string) uint8 {
	switch lang {
	case English:
		return stopEN
	case French:
		return stopFR
	case Vietnamese:
		return stopVI
	}
	return stopEN | stopFR | stopVI
}

// isVietnameseRune reports whether r is a letter, or a combining mark, that
// only Vietnamese uses among the three languages.
func isVietnameseRune(r rune) bool {
	switch {
	case r >= 0x1EA0 && r <= 0x1EF9: // Latin Extended Additional: Vietnamese vowels with tones
		return true
	case r == 0x031B || r == 0x0309 || r == 0x0323: // combining horn, hook above, dot below
		return true
	}
	switch r {
	case 'ă', 'Ă', 'ơ', 'Ơ', 'ư', 'Ư', 'đ', 'Đ', 'ĩ', 'Ĩ', 'ũ', 'Ũ':
		return true
	}
	return false
}

// vietnameseWords counts the words of text, as written (not folded), that
// hold a Vietnamese letter (see isVietnameseRune).
func vietnameseWords(text string) int {
	var c viCounter
	for _, r := range text {
		c.add(isWordRune(r), isVietnameseRune(r))
	}
	return c.words
}

// A viCounter counts the Vietnamese words of a text (see vietnameseWords)
// one character at a time.
type viCounter struct {
	words   int
	counted bool // the word being read is counted
}

// add takes the next character of the text: word tells whether it is a
// letter, digit or mark (isWordRune), vi whether it is Vietnamese
// (isVietnameseRune).
func (c *viCounter) add(word, vi bool) {
	switch {
	case !word:
		c.counted = false
	case vi && !c.counted:
		c.words++
		c.counted = true
	}
}
