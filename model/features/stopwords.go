package features

import "strings"

// The function words of French, English and Vietnamese that carry no topic,
// in folded form (lower case, no diacritics), as Words and Features produce them.
// Vietnamese is written in syllables, so its entries are the syllables of its
// most frequent function words.
const (
	// French: articles, pronouns, prepositions, conjunctions, auxiliaries,
	// and the clitics left by elision (l', d', qu', jusqu', lorsqu', puisqu').
	frStopList = `au aux avec ce ces cet cette ci dans de des du elle elles en est et eux
	il ils je la le les leur leurs lui ma mais me meme mes moi mon ne nos notre
	nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un
	une vos votre vous ete etait etaient etre avait avaient avons avez ont ai as
	sont sera seront fait faire plus moins tres tout tous toute toutes sans sous
	entre vers chez comme donc car ni si aussi alors ainsi apres avant deja
	encore ici la lors dont quand jusqu lorsqu puisqu quoiqu cela ceci celui
	celle ceux celles autre autres selon depuis contre pendant ya`
	// English.
	enStopList = `a about after all also am an and any are as at be been before being but by
	can could did do does doing for from had has have having he her here hers
	him his how if in into is it its itself me more most my no nor not of off on
	once only or other our ours out over own same she should so some such than
	that the their theirs them then there these they this those through to too
	under until up very was we were what when where which while who whom why
	will with would you your yours said says`
	// Vietnamese (syllables).
	viStopList = `cua va la cac nhung duoc cho voi trong mot co nay da khong khi de tu theo
	ve den ra thi cung nhu vao se lai rang bi tai no ho chung toi minh nhieu rat
	hon day do nao gi ai neu vi nen ma hay hoac tren duoi sau truoc giua con
	dang van dieu viec nhu`
)

// stopMasks gives, for every stop word, the bits of the languages it is a
// stop word of (stopEN, stopFR, stopVI).
var stopMasks = func() map[string]uint8 {
	m := map[string]uint8{}
	for _, l := range []struct {
		list string
		bit  uint8
	}{{enStopList, stopEN}, {frStopList, stopFR}, {viStopList, stopVI}} {
		for _, w := range strings.Fields(l.list) {
			m[w] |= l.bit
		}
	}
	return m
}()
