package features

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestWords(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		// French elision: the apostrophe, straight or typographic,
		// separates, and the clitic left behind is a stop word or one letter.
		{"elision l'", "l'attaque", []string{"attaque"}},
		{"elision l’", "l’attaque", []string{"attaque"}},
		{"elision d'", "d'Anonymous", []string{"anonymous"}},
		{"elision d’", "d’Anonymous", []string{"anonymous"}},
		{"elision qu'", "qu'il a été piraté", []string{"pirate"}},
		{"elision qu’", "qu’il a été piraté", []string{"pirate"}},
		{"elision jusqu'", "jusqu'à l'élection", []string{"election"}},
		{"elision jusqu’", "jusqu’à l’élection", []string{"election"}},
		{"elision lorsqu' puisqu'", "lorsqu'on vote puisqu'elle hacke", []string{"vote", "hacke"}},
		{"elision inside a word", "aujourd'hui", []string{"aujourd", "hui"}},

		// Diacritics are removed, in French and in Vietnamese, with or
		// without tones, and the stroke of đ goes too.
		{"french accents", "Élection présidentielle à Noël", []string{"election", "presidentielle", "noel"}},
		{"french cedilla", "reçu français", []string{"recu", "francais"}},
		{"vietnamese tones", "bầu cử", []string{"bau", "cu"}},
		{"vietnamese without tones", "bau cu", []string{"bau", "cu"}},
		// "dữ" folds to "du", which is also a French stop word.
		{"vietnamese sentence", "Tin tặc đánh cắp dữ liệu bầu cử", []string{"tin", "tac", "danh", "cap", "lieu", "bau", "cu"}},
		{"vietnamese đ Đ", "ĐIỆN đường", []string{"dien", "duong"}},
		{"combining marks", "e\u0301lection", []string{"election"}},

		// Case folding and NFKC.
		{"case", "ANONYMOUS Anonymous anonymous", []string{"anonymous", "anonymous", "anonymous"}},
		{"full-width", "ＡＰＴ２８ ｈａｃｋ", []string{"apt28", "hack"}},
		{"ligatures", "ﬁchiers ﬂux", []string{"fichiers", "flux"}},
		{"superscript digit", "x²", []string{"x2"}},
		{"roman numeral", "Ⅻ", []string{"xii"}},
		{"circled digits", "①②", []string{"12"}},
		{"sharp s", "Straße", []string{"strasse"}},
		{"final sigma", "ΣΊΣΥΦΟΣ σίσυφος", []string{"σισυφοσ", "σισυφοσ"}},
		{"dotted capital i", "İstanbul", []string{"istanbul"}},

		// Digits and alphanumerics stay whole.
		{"alphanumerics", "APT28 2024 269 Go", []string{"apt28", "2024", "269", "go"}},
		{"hyphenated number", "COVID-19", []string{"covid", "19"}},
		{"decimal point", "v1.2", []string{"v1"}},

		// Mixed scripts: a run of letters of any script is one word.
		{"mixed scripts", "Москва 北京 hacking", []string{"москва", "北京", "hacking"}},
		{"scripts adjacent", "hackerМосква", []string{"hackerмосква"}},

		// Punctuation, symbols, emoji and invisible characters separate.
		{"emoji", "hack🔥leak 👍🏽vote", []string{"hack", "leak", "vote"}},
		{"punctuation", "data!!!site—web, «fuite»…", []string{"data", "site", "web", "fuite"}},
		{"hashtag and mention", "#OpTrump @anonymous", []string{"optrump", "anonymous"}},
		{"underscore", "foo_bar", []string{"foo", "bar"}},
		{"hyphen", "e-mail cyber-attaque", []string{"mail", "cyber", "attaque"}},
		{"zero-width space joins", "hack\u200bleak", []string{"hackleak"}},
		{"zero-width joiner joins", "zero\u200dwidth", []string{"zerowidth"}},
		{"direction marks and soft hyphen vanish", "Anony\u200fmous \u202eleak\u202c hack\u00aders", []string{"anonymous", "leak", "hackers"}},
		{"byte order mark", "\ufeffpirates", []string{"pirates"}},
		{"whitespace", "one\ttwo\nthree\r\nfour\u00a0five\u3000six", []string{"one", "two", "three", "four", "five", "six"}},

		// Stop words of the three languages are dropped.
		{"french stop words", "le la les des une dans pour avec été était même très déjà où", nil},
		{"english stop words", "The and of to in is was were have been said", nil},
		{"vietnamese stop words", "của và các những được cho với trong một có này đã không", nil},
		{"stop words among words", "Les hackers ont piraté la campagne", []string{"hackers", "pirate", "campagne"}},

		// One-character words and words over 48 runes are dropped.
		{"one character", "a b c é 1 x ñ 北", nil},
		{"two characters", "x y zz", []string{"zz"}},
		{"48 runes", strings.Repeat("a", 48), []string{strings.Repeat("a", 48)}},
		{"49 runes", strings.Repeat("a", 49), nil},
		{"48 accented runes", strings.Repeat("é", 48), []string{strings.Repeat("e", 48)}},
		{"49 accented runes", strings.Repeat("é", 49), nil},
		{"48 runes after folding", strings.Repeat("ß", 24), []string{strings.Repeat("s", 48)}},
		{"50 runes after folding", strings.Repeat("ß", 25), nil},
		{"long word among words", "hash " + strings.Repeat("0f", 32) + " fin", []string{"hash", "fin"}},

		// No words at all.
		{"empty", "", nil},
		{"whitespace only", " \t\n\r\u00a0\u3000 ", nil},
		{"punctuation only", "!!! ... ??? — 🔥", nil},

		// Invalid UTF-8 separates like any other non-letter.
		{"invalid bytes", "\xff\xfebad\xc3", []string{"bad"}},
		{"invalid byte inside", "ab\xffcd", []string{"ab", "cd"}},
		{"truncated rune", "caf\xc3", []string{"caf"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Words(tt.in)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestWordsSame checks that texts written differently give the same,
// non-empty, words.
func TestWordsSame(t *testing.T) {
	tests := []struct{ a, b string }{
		{"élection", "election"},
		{"ÉLECTION", "election"},
		{"bầu cử tổng thống", "bau cu tong thong"},
		{"BẦU CỬ", "bau cu"},
		{"Đánh cắp", "danh cap"},
		{"l’attaque d’Anonymous", "l'attaque d'Anonymous"},
		{"ＡＰＴ２８", "APT28"},
		{"ﬁchier", "fichier"},
		{"Straße", "STRASSE"},
		{"e\u0301lection", "\u00e9lection"},
	}
	for _, tt := range tests {
		a, b := Words(tt.a), Words(tt.b)
		if len(a) == 0 {
			t.Errorf("Words(%q) = %q, want some words", tt.a, a)
		}
		if !slices.Equal(a, b) {
			t.Errorf("Words(%q) = %q, Words(%q) = %q, want the same", tt.a, a, tt.b, b)
		}
	}
}

// TestStopWordsFolded checks every stop word is written as Words produces
// it (one word, folded), or it could never match, and that Words drops
// it however it is cased.
func TestStopWordsFolded(t *testing.T) {
	if len(stopMasks) < 200 {
		t.Fatalf("len(stopMasks) = %d, want the stop words of three languages", len(stopMasks))
	}
	for w := range stopMasks {
		if got := foldText(w); got != w {
			t.Errorf("stop word %q folds to %q, want it written folded", w, got)
		}
		for _, in := range []string{w, strings.ToUpper(w), "x " + w + " x"} {
			if got := Words(in); len(got) != 0 {
				t.Errorf("Words(%q) = %q, want no words", in, got)
			}
		}
	}
}

// TestWordsKeepsTopicWords checks words that carry the topics are not
// mistaken for stop words.
func TestWordsKeepsTopicWords(t *testing.T) {
	for _, w := range []string{
		"anonymous", "hackers", "hacktivistes", "piratage", "fuite", "documents",
		"election", "campagne", "candidat", "vote", "espionnage", "renseignement",
		"leak", "leaked", "state", "sponsored", "campaign", "ballot",
		"tin", "tac", "bau", "cu", "ro", "ri", "lieu",
	} {
		if got := Words(w); !slices.Equal(got, []string{w}) {
			t.Errorf("Words(%q) = %q, want [%q]", w, got, w)
		}
	}
}

// TestWordsInvalidUTF8 checks that no byte sequence makes Words panic
// or return a word that is not valid UTF-8.
func TestWordsInvalidUTF8(t *testing.T) {
	inputs := []string{
		"\x80", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xff\xff\xff",
		"élec\xfftion", "\xe2\x80", "bầu\xe1 cử", strings.Repeat("\xc3", 100),
	}
	for b := range 256 {
		inputs = append(inputs, "ab"+string([]byte{byte(b)})+"cd")
	}
	for _, in := range inputs {
		for _, tok := range Words(in) {
			if !utf8.ValidString(tok) {
				t.Errorf("Words(%q) gave word %q, want valid UTF-8", in, tok)
			}
		}
	}
}

// TestWordsOrder checks words come in text order, repeats included.
func TestWordsOrder(t *testing.T) {
	in := "zeta alpha zeta beta alpha"
	want := []string{"zeta", "alpha", "zeta", "beta", "alpha"}
	if diff := cmp.Diff(want, Words(in)); diff != "" {
		t.Errorf("Words(%q) mismatch (-want +got):\n%s", in, diff)
	}
}
