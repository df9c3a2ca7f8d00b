package naivebayes

import (
	"slices"
	"testing"

	"github.com/seed134e4861/topicd/model/features"
)

// News paragraphs in languages the model was not trained on.
const (
	germanNews = "Die Hackergruppe hat nach Angaben der Bundesregierung die Server des Parlaments angegriffen. " +
		"Die Angreifer sollen E-Mails von mehreren Abgeordneten gestohlen und im Internet veröffentlicht haben. " +
		"Das Bundesamt für Sicherheit in der Informationstechnik prüft, ob ein staatlicher Akteur hinter dem Angriff steht, " +
		"und die Staatsanwaltschaft ermittelt wegen Spionage. Die Wahl im Herbst sei nicht gefährdet, sagte ein Sprecher."
	spanishNews = "Un grupo de piratas informáticos ha publicado en internet los correos de varios ministros del Gobierno. " +
		"Según la policía, los atacantes entraron en los servidores del ministerio durante la campaña electoral y robaron miles de documentos. " +
		"La fiscalía investiga si detrás del ataque hay un Estado extranjero, y el partido pidió que se repitan las elecciones."
)

// TestClassifyUnsupportedLanguage checks that text in a language the model
// was not trained on abstains with UnsupportedLanguage and names the
// language, whatever its scores and known features; and that text in the
// model's languages, or mixed, keeps its language and decides.
func TestClassifyUnsupportedLanguage(t *testing.T) {
	m := embeddedModel(t)
	tests := []struct {
		name, text string
		lang       string
		reason     AbstainReason
	}{
		{"german", germanNews, features.German, UnsupportedLanguage},
		{"spanish", spanishNews, features.Spanish, UnsupportedLanguage},
		{"english", "Russian hackers from APT28 stole the party's emails and published them before the election, " +
			"officials said, in a campaign the government attributed to the military intelligence service GRU.", features.English, NotAbstained},
		{"french", "Des pirates informatiques liés au renseignement militaire russe ont volé les courriels du parti " +
			"et les ont publiés avant l'élection, selon le gouvernement.", features.French, NotAbstained},
		{"vietnamese", "Tin tặc được nhà nước Nga hậu thuẫn đã đánh cắp email của đảng và công bố trước cuộc bầu cử, " +
			"theo cơ quan tình báo quân đội.", features.Vietnamese, NotAbstained},
		// An English headline quoting German names stays English.
		{"english quoting german", "Hackers leaked the emails of Ursula von der Leyen and Olaf Scholz's aides before the Bundestag election, " +
			"and the government said a state-backed group was behind the attack.", features.English, NotAbstained},
		// No stop word tells the language; one known feature is weak evidence.
		{"undetermined", "APT28", Undetermined, WeakEvidence},
		// Three known features are enough to decide, in no known language.
		{"undetermined, decided", "APT28 Fancy Bear", Undetermined, NotAbstained},
	}
	for _, tt := range tests {
		r, err := m.Classify(tt.text)
		if err != nil {
			t.Fatalf("%s: Classify: %v", tt.name, err)
		}
		if r.Language != tt.lang || r.AbstainReason != tt.reason || r.Abstained != (tt.reason != NotAbstained) {
			t.Errorf("%s: Classify(%q) = language %q, abstained %v (%v); want %q, %v",
				tt.name, tt.text, r.Language, r.Abstained, r.AbstainReason, tt.lang, tt.reason)
		}
		if tt.reason == UnsupportedLanguage && len(r.Topics) != 0 {
			t.Errorf("%s: Classify(%q) = topics %q, want none", tt.name, tt.text, r.Topics)
		}
	}
}

// TestClassifyUnsupportedLanguageAnyThreshold checks that no threshold
// gets a topic out of a text in another language.
func TestClassifyUnsupportedLanguageAnyThreshold(t *testing.T) {
	m := embeddedModel(t)
	for _, text := range []string{germanNews, spanishNews} {
		r, err := m.ClassifyWith(text, Options{Threshold: 1e-9, Explain: true})
		if err != nil || len(r.Topics) != 0 || r.AbstainReason != UnsupportedLanguage {
			t.Errorf("ClassifyWith(%q, threshold 1e-9) = topics %q, reason %v, %v; want none, unsupported language", text, r.Topics, r.AbstainReason, err)
		}
	}
}

func TestInfoLanguages(t *testing.T) {
	for _, m := range []*Model{trainedSeeds(t), embeddedModel(t)} {
		want := []string{features.English, features.French, features.Vietnamese}
		if got := m.Info().Languages; !slices.Equal(got, want) {
			t.Errorf("Info().Languages = %q, want %q", got, want)
		}
		m.Languages()[0] = "xx" // a copy
		if got := m.Languages(); !slices.Equal(got, want) {
			t.Errorf("Languages() = %q after changing a copy, want %q", got, want)
		}
	}
}

func TestAbstainReasonString(t *testing.T) {
	for r, want := range map[AbstainReason]string{
		NotAbstained: "none", WeakEvidence: "weak evidence", UnsupportedLanguage: "unsupported language", 7: "AbstainReason(7)",
	} {
		if got := r.String(); got != want {
			t.Errorf("AbstainReason(%d).String() = %q, want %q", int(r), got, want)
		}
	}
}
