// Package features turns news text into the features topicd's classifier
// counts: it folds text (NFKC, case folding, diacritics removed), splits it
// into words, tells its language by its stop words, and keeps the words that
// are not stop words of that language, with, in Vietnamese, the pairs of
// adjacent syllables. Features gives them as strings, for training and
// explanations; a Lexicon gives their rows in a model's table of weights,
// for serving, without allocating.
//
// Where to look:
//   - features.go: Features, Words, DetectLanguage and Version, the rules
//     as a reader meets them;
//   - rules.go: each rule in one place: what a word is (classOf, the 2 to
//     48 characters of isFeature), what a pair is (isPair), how the
//     language is told (tellLanguage, vietnameseWords);
//   - fold.go: what folding does to a character (foldText);
//   - scan.go: the scanner, which folds and splits in one pass, one small
//     function per kind of character (asciiWord, char, wide) over one
//     state machine (push);
//   - wide.go: the characters foldTable lacks, by wideTable or by a short
//     run of foldText;
//   - foldtable.go: the tables that speed the scanner up, computed from
//     foldText and the rules;
//   - lexicon.go: the hash table that looks words up;
//   - rows.go: Lexicon, the seam between features and a model's rows;
//   - stopwords.go: the stop words of English, French and Vietnamese;
//   - otherlanguages.go: the frequent words of German, Spanish, Italian,
//     Dutch and Portuguese, which name those languages (nameLanguage) and
//     are never stop words;
//   - reference_test.go: the same rules in the plainest code, which the
//     scanner must match (TestScanMatchesReference, FuzzTokenize).
//
// # Changing a rule
//
//  1. Change the plain reference first, in reference_test.go: the reference
//     decides (splitWords for what a word is, referenceFeatures for the word
//     lengths and the pairs, featureLanguage for the language of the
//     features, detectLanguage for the language named), and write
//     the test that shows the change (words_test.go, features_test.go).
//  2. Make the fast path agree, in rules.go (the rule itself), fold.go
//     (folding), stopwords.go or otherlanguages.go; scan.go and foldtable.go only speed the
//     rules up and should not need to change.
//  3. Bump Version (features.go) if the features of any text change: model
//     files record it, and a model made by the old rules is then refused
//     instead of misread. A change to the language named alone
//     (otherlanguages.go, nameLanguage) changes no feature and no Version.
//  4. Run the differential fuzz, which holds the scanner to the reference,
//     and the tests, which hold both to what they must give.
//
// The commands of step 4:
//
//	go test ./model/features -run '^$' -fuzz '^FuzzTokenize$' -fuzztime 60s
//	go test ./model/...
package features
