package features

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestDetectLanguage(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{"The hackers said they had published the files.", English},
		{"Les pirates ont publié les fichiers du ministère.", French},
		{"Các tin tặc nói rằng họ đã công bố tài liệu.", Vietnamese},
		// Vietnamese without its function words or without its tones.
		{"Tin tặc công bố dữ liệu", Vietnamese},
		{"Cac tin tac noi rang ho da cong bo tai lieu cua bo", Vietnamese},
		// Decomposed (NFD) Vietnamese counts as Vietnamese too.
		{"Tin ta\u0323\u0306c co\u0302ng bo\u0302\u0301 du\u031b\u0303 lie\u0323\u0302u", Vietnamese},
		// A Vietnamese name in a French sentence leaves it French.
		{"Le ministre Nguyễn Văn An a dénoncé une attaque contre les serveurs de la banque.", French},
		// An English sentence with a French word stays English, and back.
		{"The leak, a so-called fuite, was reported by the press.", English},
		{"La fuite a été publiée sur un forum du darknet.", French},
		// Other languages of the Latin script are named, though the model
		// counts no features of them: Spanish shares French stop words (de,
		// la, que, en) and read as French, German read as nothing.
		{germanNews, German},
		{spanishNews, Spanish},
		{"Il gruppo di hacker ha pubblicato i documenti del ministero della difesa, che non ha commentato.", Italian},
		{"O grupo de hackers publicou os documentos do ministério, que não comentou o ataque.", Portuguese},
		{"De hackers hebben de documenten van het ministerie gepubliceerd, maar de minister wil niet reageren.", Dutch},
		// An English headline quoting a German name stays English: name
		// particles (von, der) are not counted.
		{"Hackers leaked the emails of Ursula von der Leyen's cabinet", English},
		{"German minister Nancy Faeser says Russian hackers from APT28 targeted the SPD", English},
		// EU, the Union, is no French "eu" (had): an English headline
		// that names it stays English, and French that says "a eu" stays
		// French.
		{"Leaked docs show NSA spied on EU leaders", English},
		{"Hackers leak EU diplomatic cables to the press", English},
		{"L'attaque a eu lieu pendant la nuit", French},
		// One word of another language is a name or an address, not a
		// language.
		{"Logo WordPress.com", ""},
		// Nothing to go by.
		{"APT28 2016", ""},
		{"Anonymous", ""},
		{"", ""},
	} {
		if got := DetectLanguage(tt.text); got != tt.want {
			t.Errorf("DetectLanguage(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// News paragraphs in languages the model counts no features of.
const (
	germanNews = "Die Hackergruppe hat nach Angaben der Bundesregierung die Server des Parlaments angegriffen. " +
		"Die Angreifer sollen E-Mails von mehreren Abgeordneten gestohlen und im Internet veröffentlicht haben. " +
		"Das Bundesamt für Sicherheit in der Informationstechnik prüft, ob ein staatlicher Akteur hinter dem Angriff steht."
	spanishNews = "Un grupo de piratas informáticos ha publicado en internet los correos de varios ministros del Gobierno. " +
		"Según la policía, los atacantes entraron en los servidores del ministerio durante la campaña electoral y robaron miles de documentos. " +
		"La fiscalía investiga si detrás del ataque hay un Estado extranjero."
)

// TestFeaturesOtherLanguages checks that naming another language changes
// no feature: the features of a Spanish text are those of its vote among
// English, French and Vietnamese (French, by de, la, que, en), as before
// other languages were named.
func TestFeaturesOtherLanguages(t *testing.T) {
	for _, text := range []string{germanNews, spanishNews} {
		words := splitWords(foldText(text))
		if got, want := Features(text), referenceFeatures(text); !slices.Equal(got, want) {
			t.Errorf("Features(%q) = %q, want %q", text, got, want)
		}
		if lang := featureLanguage(words, 0); lang == DetectLanguage(text) {
			t.Errorf("DetectLanguage(%q) = %q, the language of its features; want another", text, lang)
		}
	}
}

func TestFeatures(t *testing.T) {
	for _, tt := range []struct {
		name, text string
		want       []string
	}{
		{"french stop words dropped, words folded", "Les hackers d'Anonymous ont PUBLIÉ les données.",
			[]string{"hackers", "anonymous", "publie", "donnees"}},
		{"english stop words dropped", "The hackers have published the data of the party.",
			[]string{"hackers", "published", "data", "party"}},
		// In French, "du" is a stop word and "la" an article; in
		// Vietnamese they are "dữ" (data) and "là" (is).
		{"language decides what is a stop word", "Du lieu la cua ai? Tin tac noi du lieu la cua ho.",
			[]string{"du", "lieu", "du lieu", "lieu la", "tin", "tac", "tin tac", "noi", "tac noi", "du", "noi du", "lieu", "du lieu", "lieu la"}},
		{"vietnamese pairs stop at punctuation", "Tin tặc. Công bố, dữ liệu",
			[]string{"tin", "tac", "tin tac", "cong", "bo", "cong bo", "du", "lieu", "du lieu"}},
		{"no pair of two stop words", "Tin tặc của các nước",
			[]string{"tin", "tac", "tin tac", "tac cua", "nuoc", "cac nuoc"}},
		// With no stop word to tell the language, nothing is a stop word
		// of it; the stop words of all three languages go.
		{"no language", "APT28 Sandworm 2016", []string{"apt28", "sandworm", "2016"}},
		// A tie between English and French goes to English.
		{"tie", "APT28 du the Sandworm", []string{"apt28", "du", "sandworm"}},
		{"empty", "   ", nil},
	} {
		got := Features(tt.text)
		if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: Features(%q) (-want +got):\n%s", tt.name, tt.text, diff)
		}
	}
}

// TestFeaturesLongWords checks that a word over the length limit is neither
// a feature nor half of a pair.
func TestFeaturesLongWords(t *testing.T) {
	long := strings.Repeat("a", maxWordRunes+1)
	got := Features("Tin tặc của các " + long + " nước")
	for _, f := range got {
		if strings.Contains(f, long) {
			t.Errorf("Features kept %q, longer than %d characters", f, maxWordRunes)
		}
	}
	if max := strings.Repeat("b", maxWordRunes); !contains(Features("Tin tặc "+max+" của"), "tac "+max) {
		t.Errorf("Features dropped a pair with a word of exactly %d characters", maxWordRunes)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestVotesManyWords checks that the votes of a text count every word,
// past the 255 that one lane of lookUp's counters holds.
func TestVotesManyWords(t *testing.T) {
	for _, n := range []int{254, 255, 256, 1000} {
		s := getScanner()
		s.scan(strings.Repeat("la ", n))
		v := s.lookUp(stopLexicon())
		putScanner(s)
		// "la": a stop word of French and Vietnamese, a word of Italian.
		want := votes{0, n, n, 0, 0, n, 0, 0}
		if v != want {
			t.Errorf("lookUp(%d times \"la\") = %v, want %v", n, v, want)
		}
	}
}
