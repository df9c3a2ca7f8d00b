package model

// Languages that DetectLanguage tells apart.
const (
	English    = "en"
	French     = "fr"
	Vietnamese = "vi"
)

// DetectLanguage returns the language of text, "en", "fr" or "vi", by the
// stop words it uses most, or "" when it uses none. A word written with a
// letter that only Vietnamese uses (ă, ơ, ư, đ, or a vowel with a tone mark
// such as ạ or ế) counts as a Vietnamese stop word, so that a short
// Vietnamese headline is told apart even without its function words.
// Vietnamese wins only outright, since its syllables, folded, are short and
// some are also French or English words; a tie between English and French
// goes to English.
func DetectLanguage(text string) string {
	s := getScanner()
	defer putScanner(s)
	lang, _ := s.language(s.scan(text), stopLexicon())
	return lang
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
	s := getScanner()
	defer putScanner(s)
	s.features(s.scan(text), stopLexicon(), func(f []byte, _ lexEntry) { s.collect(f) })
	return s.strings()
}
