package features

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

// Version names the rules by which text becomes features (folding, words,
// stop words, language, pairs). A model file records it, and a model is only
// loaded by a binary whose features are made the same way.
const Version = "topicd-tokenizer/2"

// maxWordRunes caps the length of a word: a longer run of letters is no
// word of any language (it is a hash, a base64 blob or padding) and is dropped.
const maxWordRunes = 48

// Words returns the folded words of text, in text order, that are 2 to 48
// characters long and not a stop word of ANY of the three languages. It is
// not what the classifier counts: that is Features, which leaves out only
// the stop words of the text's own language and, in Vietnamese, adds pairs
// of syllables. Words tells whether a text holds anything to learn from.
//
// The rules, for French, Vietnamese and English alike:
//   - Unicode normalisation NFKC, then full case folding (golang.org/x/text).
//   - Diacritics are removed (NFD, drop non-spacing marks, NFC) and the
//     Vietnamese đ becomes d, so "élection" matches "election" and Vietnamese
//     typed without its tones matches Vietnamese typed with them.
//   - A word is a maximal run of Unicode letters, digits and marks;
//     everything else separates words, so "APT28" and "2024" stay whole and
//     the French elision "l'attaque" gives "l" and "attaque".
//   - Words of one character, words over 48 characters, and stop words of
//     the three languages (articles, pronouns, auxiliaries, elided clitics such
//     as "l" and "qu") are dropped.
func Words(text string) []string {
	s := getScanner()
	defer putScanner(s)
	s.scan(text)
	for i, w := range s.words {
		if word := s.word(i); w.runes >= 2 && w.runes <= maxWordRunes && stopMasks[string(word)] == 0 {
			s.collect(word)
		}
	}
	return s.strings()
}

// Features returns the features of text that the classifier counts, in text
// order. Text is folded (NFKC, case folding, diacritics removed, đ as d)
// and split into words, maximal runs of letters, digits and marks; then, by the text's language
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
