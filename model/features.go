package model

import (
	"unicode/utf8"
)

// Languages that DetectLanguage tells apart.
const (
	English    = "en"
	French     = "fr"
	Vietnamese = "vi"
)

// word is one run of word characters of the folded text.
type word struct {
	text string
	// joined reports whether only spaces or tabs separate the word from the
	// one before it: no punctuation, no line break.
	joined bool
}

// splitWords splits folded text into its runs of letters, digits and marks.
func splitWords(folded string) []word {
	var words []word
	joined := false
	for len(folded) > 0 {
		start := -1
		i := 0
		for i < len(folded) {
			r, size := utf8.DecodeRuneInString(folded[i:])
			switch {
			case isWordRune(r):
				if start < 0 {
					start = i
				}
			case start >= 0:
				goto done
			case r != ' ' && r != '\t':
				joined = false
			}
			i += size
		}
	done:
		if start < 0 {
			break
		}
		words = append(words, word{text: folded[start:i], joined: joined})
		joined = true
		folded = folded[i:]
	}
	return words
}

// detectLanguage votes by stop words: the language whose stop words the
// text uses most, or "" when it uses none. viWords, the number of words
// written with letters only Vietnamese uses, count as Vietnamese stop words.
func detectLanguage(words []word, viWords int) string {
	en, fr, vi := 0, 0, viWords
	for _, w := range words {
		if _, ok := enStop[w.text]; ok {
			en++
		}
		if _, ok := frStop[w.text]; ok {
			fr++
		}
		if _, ok := viStop[w.text]; ok {
			vi++
		}
	}
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

// DetectLanguage returns the language of text, "en", "fr" or "vi", by the
// stop words it uses most, or "" when it uses none. A word written with a
// letter that only Vietnamese uses (ă, ơ, ư, đ, or a vowel with a tone mark
// such as ạ or ế) counts as a Vietnamese stop word, so that a short
// Vietnamese headline is told apart even without its function words.
// Vietnamese wins only outright, since its syllables, folded, are short and
// some are also French or English words; a tie between English and French
// goes to English.
func DetectLanguage(text string) string {
	return detectLanguage(splitWords(foldText(text)), vietnameseWords(text))
}

// vietnameseWords counts the words of text that hold a letter, or a
// combining mark, that only Vietnamese uses among the three languages.
func vietnameseWords(text string) int {
	n, counted := 0, false
	for _, r := range text {
		switch {
		case !isWordRune(r):
			counted = false
		case !counted && isVietnameseRune(r):
			n++
			counted = true
		}
	}
	return n
}

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

// Features returns the features of text that the classifier counts, in text
// order. Text is folded as Tokenize folds it (NFKC, case folding, diacritics
// removed, đ as d) and split into words; then, by the text's language
// (DetectLanguage):
//
//   - every word of 2 to 48 characters that is not a stop word of that
//     language (of any of the three when the language is unknown) is a
//     feature, so the Vietnamese "dữ" (data) is kept though the French "du"
//     is a stop word;
//   - in Vietnamese, whose words are often two or three syllables, every
//     pair of adjacent syllables, not separated by punctuation and not both
//     stop words, is a feature too, written "syllable syllable": "dữ liệu"
//     (data) gives "du", "lieu" and "du lieu".
func Features(text string) []string {
	words := splitWords(foldText(text))
	lang := detectLanguage(words, vietnameseWords(text))
	stop := stopWords
	switch lang {
	case English:
		stop = enStop
	case French:
		stop = frStop
	case Vietnamese:
		stop = viStop
	}
	skip := func(w string) bool {
		if n := utf8.RuneCountInString(w); n < 2 || n > maxTokenRunes {
			return true
		}
		_, ok := stop[w]
		return ok
	}
	var out []string
	for i, w := range words {
		if !skip(w.text) {
			out = append(out, w.text)
		}
		if lang == Vietnamese && i > 0 && w.joined {
			prev := words[i-1].text
			if !skip(prev) || !skip(w.text) {
				if utf8.RuneCountInString(prev) <= maxTokenRunes && utf8.RuneCountInString(w.text) <= maxTokenRunes {
					out = append(out, prev+" "+w.text)
				}
			}
		}
	}
	return out
}
