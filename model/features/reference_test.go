package features

import (
	"io/fs"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/seed134e4861/topicd/seeds"
)

// This file holds the reference implementation of the tokenizer's rules, in
// the plainest code: fold the whole text with golang.org/x/text (foldText),
// split it, and apply the rules word by word. The serving code (rules.go,
// applied by the scanner of scan.go) must give the same features for every
// text: when a rule changes, it changes here first (see doc.go).

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

// featureLanguage votes by stop words: the language, of the three whose
// features the model counts, whose stop words the text uses most, or ""
// when it uses none. viWords, the number of words written with letters
// only Vietnamese uses, count as Vietnamese stop words. It decides which
// stop words the features leave out.
func featureLanguage(words []word, viWords int) string {
	lang, _ := trainedVote(words, viWords)
	return lang
}

// trainedVote is featureLanguage, with the votes the winner got (0 for "").
func trainedVote(words []word, viWords int) (string, int) {
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
		return Vietnamese, vi
	case fr > en && fr >= vi:
		return French, fr
	case en > 0 && en >= fr && en >= vi:
		return English, en
	}
	return "", 0
}

// detectLanguage is the language a text is read as (DetectLanguage): its
// featureLanguage, unless the words of another language (the
// detection-only lists of otherLanguages) outnumber the votes that language
// won by, and are two or more; then the other language with most words, a
// tie going to the first in otherLanguages.
func detectLanguage(words []word, viWords int) string {
	lang, votes := trainedVote(words, viWords)
	votes = max(votes, 1)
	for _, o := range otherLanguages {
		set := wordSet(o.list)
		n := 0
		for _, w := range words {
			if _, ok := set[w.text]; ok {
				n++
			}
		}
		if n > votes {
			lang, votes = o.code, n
		}
	}
	return lang
}

// The stop words of each language, and of all three, as sets.
var (
	enStop, frStop, viStop = wordSet(enStopList), wordSet(frStopList), wordSet(viStopList)
	stopWords              = wordSet(enStopList, frStopList, viStopList)
)

func wordSet(lists ...string) map[string]struct{} {
	set := make(map[string]struct{})
	for _, list := range lists {
		for _, w := range strings.Fields(list) {
			set[w] = struct{}{}
		}
	}
	return set
}

// referenceFeatures is Features in the plainest code.
func referenceFeatures(text string) []string {
	words := splitWords(foldText(text))
	lang := featureLanguage(words, vietnameseWords(text))
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
		if n := utf8.RuneCountInString(w); n < 2 || n > maxWordRunes {
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
				if utf8.RuneCountInString(prev) <= maxWordRunes && utf8.RuneCountInString(w.text) <= maxWordRunes {
					out = append(out, prev+" "+w.text)
				}
			}
		}
	}
	return out
}

func keepWord(tok string) bool {
	n := utf8.RuneCountInString(tok)
	if n < 2 || n > maxWordRunes {
		return false
	}
	_, stop := stopWords[tok]
	return !stop
}

// referenceWords is Words in the plainest code.
func referenceWords(text string) []string {
	var tokens []string
	for _, w := range splitWords(foldText(text)) {
		if keepWord(w.text) {
			tokens = append(tokens, w.text)
		}
	}
	return tokens
}

// checkAgainstReference fails if the serving code and the reference differ
// on text.
func checkAgainstReference(t *testing.T, text string) {
	t.Helper()
	if got, want := Features(text), referenceFeatures(text); !slices.Equal(got, want) {
		t.Errorf("Features(%q) differs from the reference (-reference +Features):\n%s", text, cmp.Diff(want, got, cmpopts.EquateEmpty()))
	}
	if got, want := Words(text), referenceWords(text); !slices.Equal(got, want) {
		t.Errorf("Words(%q) differs from the reference (-reference +Words):\n%s", text, cmp.Diff(want, got, cmpopts.EquateEmpty()))
	}
	checkRowsAgainstReference(t, text)
	if got, want := DetectLanguage(text), detectLanguage(splitWords(foldText(text)), vietnameseWords(text)); got != want {
		t.Errorf("DetectLanguage(%q) = %q, the reference says %q", text, got, want)
	}
}

// TestScanMatchesReference checks the serving tokenizer against the
// reference on every embedded text, on every character of the fold table
// alone and between letters, and on random texts drawn from the characters
// news in the three languages uses, and from others.
func TestScanMatchesReference(t *testing.T) {
	for _, text := range embeddedTexts(t) {
		checkAgainstReference(t, text)
	}
	for r := rune(0); r < foldTableSize+16; r++ {
		checkAgainstReference(t, string(r))
		checkAgainstReference(t, "Tin "+string(r)+"tặc "+string(r)+" công bố dữ liệu")
	}
	alphabet := []rune("aAbBcdDeEéÉèêëfghiIïîİjklmnoOôœpqrsßtuùûüvwxyzZ0123456789 \t\n.,;:'’\"«»-–—()!?" +
		"àáảãạăằắẳẵặâầấẩẫậđĐèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ" +
		"\u0300\u0301\u0303\u0309\u0323\u031b\u00a0\u200b\u200f\u202e\ufeff\u3000" +
		"ﬁ½²Ωω하한アア中文😀\ufffd\x00\x7f")
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		checkAgainstReference(t, b.String())
	}
	// Invalid UTF-8 takes the slow path.
	checkAgainstReference(t, "Tin t\xffặc \xc3 APT28")
}

// checkRowsAgainstReference fails if Lexicon.AppendRows, the serving path,
// gives other rows or another language than the reference features of text
// looked up one by one, with a vocabulary of every other reference feature
// (so that some are known and some not).
func checkRowsAgainstReference(t *testing.T, text string) {
	t.Helper()
	want := referenceFeatures(text)
	vocab := slices.Compact(slices.Sorted(slices.Values(want)))
	for i := 0; i < len(vocab); i++ {
		vocab = slices.Delete(vocab, i, i+1) // drop every other one
	}
	lex := NewLexicon(vocab)
	rows, lang := lex.AppendRows(nil, text)
	if wantLang := detectLanguage(splitWords(foldText(text)), vietnameseWords(text)); lang != wantLang {
		t.Errorf("AppendRows(%q) language %q, the reference says %q", text, lang, wantLang)
	}
	if len(rows) != len(want) {
		t.Fatalf("AppendRows(%q) gave %d rows, the reference %d features", text, len(rows), len(want))
	}
	for i, f := range want {
		wantRow, ok := slices.BinarySearch(vocab, f)
		if !ok {
			wantRow = -1
		}
		if int(rows[i]) != wantRow {
			t.Errorf("AppendRows(%q): feature %d %q has row %d, want %d", text, i, f, rows[i], wantRow)
		}
		if got, known := lex.Row(f); got != wantRow || known != ok {
			t.Errorf("Row(%q) = %d, %v; want %d, %v", f, got, known, wantRow, ok)
		}
	}
}

// embeddedTexts returns the text of every file of the embedded corpora
// (package seeds): the seeds, the supplement and the development set.
func embeddedTexts(tb testing.TB) []string {
	tb.Helper()
	var texts []string
	for _, fsys := range []fs.FS{seeds.FS(), seeds.Supplement(), seeds.Dev()} {
		err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(name, ".txt") {
				return err
			}
			data, err := fs.ReadFile(fsys, name)
			texts = append(texts, string(data))
			return err
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	if len(texts) < 300 {
		tb.Fatalf("%d embedded texts, want the seeds, the supplement and the development set", len(texts))
	}
	return texts
}
