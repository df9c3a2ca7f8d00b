package features

import "iter"

// Languages that DetectLanguage tells apart.
const (
	English    = "en"
	French     = "fr"
	Vietnamese = "vi"
)

// Languages returns the languages whose features Features counts, sorted:
// English, French and Vietnamese. DetectLanguage names others too, and
// their text gets the features of its vote among these three.
func Languages() []string { return []string{English, French, Vietnamese} }

// Version names the rules by which text becomes features (folding, words,
// stop words, language, pairs). A model file records it, and a model is only
// loaded by a binary whose features are made the same way.
const Version = "topicd-tokenizer/2"

// DetectLanguage returns the language text is read as: "en", "fr" or "vi",
// the languages the model counts features of, by the stop words it uses
// most; the code of another language (German "de", Spanish "es", Italian
// "it", Dutch "nl", Portuguese "pt") when more of its frequent words than
// of the winner's stop words are in the text; or "" when there is no
// evidence at all. A word written with a letter that only Vietnamese uses
// (ă, ơ, ư, đ, or a vowel with a tone mark such as ạ or ế) counts as a
// Vietnamese stop word, so that a short Vietnamese headline is told apart
// even without its function words. Vietnamese wins only outright, since its
// syllables, folded, are short and some are also French or English words; a
// tie between English and French goes to English; a tie between one of the
// three and another language goes to the one of the three.
//
// The other languages are only named: the features of a text are those of
// its vote among English, French and Vietnamese (see Features), whatever
// DetectLanguage says.
func DetectLanguage(text string) string {
	s := getScanner()
	defer putScanner(s)
	s.scan(text)
	lang, _, _ := s.language(stopLexicon())
	return lang
}

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
	s.lookUp(stopLexicon())
	// The features of a text of no known language, which has no pairs.
	for i := range s.features("", stopBits("")) {
		s.collect(s.word(i))
	}
	return s.strings()
}

// Features returns the features of text that the classifier counts, in text
// order. Text is folded (NFKC, case folding, diacritics removed, đ as d)
// and split into words, maximal runs of letters, digits and marks; then, by the text's language
// among English, French and Vietnamese (DetectLanguage without the other
// languages, which are only named):
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
	s.scan(text)
	_, lang, stop := s.language(stopLexicon())
	for i, pair := range s.features(lang, stop) {
		if pair {
			s.collect(s.pairText(i))
		} else {
			s.collect(s.word(i))
		}
	}
	return s.strings()
}

// features yields the features of the scanned text, once its words are
// looked up (see lookUp), in text order: the index of each word that is a
// feature, with pair false, and after it, in Vietnamese, the index of the
// second word of each pair, with pair true. lang and stop are the text's
// language and its stopBits. Features and Lexicon.AppendRows both read the
// features here.
func (s *scanner) features(lang string, stop uint8) iter.Seq2[int, bool] {
	pairs := lang == Vietnamese
	return func(yield func(i int, pair bool) bool) {
		for i := range s.words {
			if s.words[i].isFeature(stop) && !yield(i, false) {
				return
			}
			if pairs && s.isPair(i, stop) && !yield(i, true) {
				return
			}
		}
	}
}

// language looks up every word of the scanned text in lex (see lookUp) and
// returns the language the text is read as (named, see nameLanguage), the
// language of its features (tellLanguage: English, French, Vietnamese or
// "") and that language's stopBits.
func (s *scanner) language(lex *lexicon) (named, lang string, stop uint8) {
	v := s.lookUp(lex)
	lang = tellLanguage(v[0], v[1], v[2], s.vi.words)
	return nameLanguage(lang, &v, s.vi.words), lang, stopBits(lang)
}

// pairText returns the text of the pair that ends with word i, "syllable
// syllable", valid until the next call.
func (s *scanner) pairText(i int) []byte {
	s.key = append(append(append(s.key[:0], s.word(i-1)...), ' '), s.word(i)...)
	return s.key
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
