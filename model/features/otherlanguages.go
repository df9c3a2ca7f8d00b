package features

import "strings"

// The languages written in the Latin script that news sent to topicd is most
// often in besides the three the model counts features of, told apart only
// to be named (see DetectLanguage): a Spanish text uses many French stop
// words (de, la, que, en) and would otherwise read as French, and a German
// one would read as nothing. Their words are never stop words: the features
// of a text are those of its vote among English, French and Vietnamese
// (tellLanguage), whatever these lists say.
//
// Each list holds frequent function words of its language, folded (lower
// case, no diacritics, ß as ss). Left out on purpose:
//   - the particles of German and Dutch names (von, van, der, den), so that
//     an English headline on Ursula von der Leyen stays English;
//   - the words that are frequent Vietnamese syllables once folded (su, sua,
//     gia, tan, han, di, si, tra, dan, tot, ten, dat, het), so that
//     Vietnamese typed without its tones stays Vietnamese;
//   - words of one letter ("E-mail", "Model Y") and the Arabic article al
//     ("Al Ahly"), which are in the names of English and French text;
//   - Spanish de and la, the commonest words of French too: Spanish is told
//     from French by the words French lacks (el, los, del, por, para...).
const (
	// German: articles, pronouns, prepositions, conjunctions, auxiliaries.
	deDetectList = `die das und ist nicht ein eine einen einem einer eines mit sich auf fur
	im dem zum zur auch als nach wie bei aus hat wird werden wurde wurden sind
	war oder aber noch nur um uber vor dass sie er wir ich es durch bis unter
	gegen seit sein seine ihre ihr sowie wenn schon mehr hatte haben kann soll
	diese dieser nachdem`
	// Spanish.
	esDetectList = `el los las del que en un una por con para es lo como mas pero sus
	le se ya fue este esta ha hay son entre cuando muy sin sobre tambien hasta
	donde desde todo nos durante todos uno les contra otros ese eso ante ellos
	esto antes algunos unos otro otras otra esa estos ella estas segun tras
	porque habia sido ser dijo`
	// Italian.
	itDetectList = `il che la per un una del della delle dei degli non con sono da alla
	nel nella lo gli ha come anche ma piu questo questa le dal se dopo ancora
	molto hanno cui essere stato stata era suo loro ad ai nei sul sulla quando
	perche ed`
	// Portuguese.
	ptDetectList = `de da do das dos que em um uma para com nao os as por mais mas ao foi
	ele ela eles pelo pela como sao tem seu no na nos ja ou se esta este isso
	ser sobre entre quando muito tambem ate pelos pelas num numa aos`
	// Dutch.
	nlDetectList = `de een en is op te zijn met voor niet aan er om ook als bij maar
	door naar worden wordt nog uit zo wel dit die deze heeft hebben werd was
	kan zou geen meer over na al hun hij zij ze we wij`
)

// Languages that DetectLanguage names but the model counts no features of.
const (
	German     = "de"
	Spanish    = "es"
	Italian    = "it"
	Dutch      = "nl"
	Portuguese = "pt"
)

// otherLanguages are the languages told apart only to be named, in the
// order that breaks ties between them, with their word lists and their bit
// in a lexEntry's stop bits.
var otherLanguages = [...]struct {
	code, list string
	bit        uint8
}{
	{German, deDetectList, detectDE},
	{Spanish, esDetectList, detectES},
	{Italian, itDetectList, detectIT},
	{Dutch, nlDetectList, detectNL},
	{Portuguese, ptDetectList, detectPT},
}

// detectMasks gives, for every word of otherLanguages' lists, the bits of
// the languages whose list holds it.
var detectMasks = func() map[string]uint8 {
	m := map[string]uint8{}
	for _, l := range otherLanguages {
		for _, w := range strings.Fields(l.list) {
			m[w] |= l.bit
		}
	}
	return m
}()

// languageMasks returns, for every word a lexicon looks up to tell a
// language, its stop-word bits (stopMasks) and its detection bits
// (detectMasks) together.
func languageMasks() map[string]uint8 {
	m := make(map[string]uint8, len(stopMasks)+len(detectMasks))
	for w, b := range stopMasks {
		m[w] |= b
	}
	for w, b := range detectMasks {
		m[w] |= b
	}
	return m
}
