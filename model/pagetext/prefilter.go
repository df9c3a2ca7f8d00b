package pagetext

import (
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The prefilter tells, in one pass over a line and without allocating,
// that no furniture rule can match it, so that classify need not run the
// rules. It only ever answers "not furniture" or "ask the rules": each
// test below is a necessary condition of some rule, never a rule itself.
//
//   - cue phrases are found by the hashes of the line's tokens (as
//     tokens(fold(text)) gives them) in Bloom filters of the phrases'
//     first word, or first two words: a phrase the line holds is always
//     found, and a rare false hit only sends the line to the rules;
//   - menus, breadcrumbs and bylines of several items need a character
//     segments splits at; datelines need a digit; footers need ©;
//   - a rune that fold's tables do not cover sends the line to the rules.

// cueTable maps the keys of words and pairs of words (see wordKey and
// pairKey) to what the rules look for them as (cueFlags), in an open
// addressing hash table.
type cueTable struct {
	keys  [cueTableSize]uint64
	flags [cueTableSize]cueFlags
	// seen has the bit of every key added (see bit): a key whose bit is
	// clear is not in the table, found without probing it. Most tokens of
	// a line are no cue, and this is what they cost.
	seen [seenBits / 64]uint64
}

// seenBits is the size of a cueTable's bitmap: with about 600 keys, one
// bit in a hundred is set.
const seenBits = 1 << 16

// bit returns the bit of key in a cueTable's bitmap.
func bit(key uint64) uint64 { return key * 0xff51afd7ed558ccd >> (64 - 16) }

const cueTableSize = 1 << 11

type cueFlags uint8

const (
	leadWord  cueFlags = 1 << iota // a one-word leadCues phrase
	leadFirst                      // the first word of a longer one
	anyWord                        // a one-word anyCues phrase
	anyFirst                       // the first word of a longer one
	social                         // a social name
)

// slot returns the slot of key: its own, or the empty one where it would go.
func (t *cueTable) slot(key uint64) int {
	key |= 1 // 0 marks an empty slot
	i := int(key * 0x9e3779b97f4a7c15 >> (64 - 11))
	for t.keys[i] != 0 && t.keys[i] != key {
		i = (i + 1) % cueTableSize
	}
	return i
}

func (t *cueTable) add(key uint64, f cueFlags) {
	i := t.slot(key)
	t.keys[i] = key | 1
	t.flags[i] |= f
	b := bit(key | 1)
	t.seen[b/64] |= 1 << (b % 64)
}

func (t *cueTable) get(key uint64) cueFlags {
	if b := bit(key | 1); t.seen[b/64]&(1<<(b%64)) == 0 {
		return 0
	}
	return t.flags[t.slot(key)]
}

// hashByte adds the byte c to the hash h of a token, which starts at
// hashOffset: a rotate and a xor, as the table's slot mixes the keys.
func hashByte(h uint64, c byte) uint64 { return bits.RotateLeft64(h, 5) ^ uint64(c) }

const hashOffset = 14695981039346656037

func hashWord(w string) uint64 {
	h := uint64(hashOffset)
	for i := 0; i < len(w); i++ {
		h = hashByte(h, w[i])
	}
	return h
}

// wordKey and pairKey are the keys of one token, and of a token followed by
// another, from their hashes.
func wordKey(h uint64) uint64      { return h }
func pairKey(h0, h1 uint64) uint64 { return h0*31 ^ h1 ^ 0x5bd1e995 }

// addPhrases adds the phrases of ps: a phrase of one word by its word with
// flag one, a longer one by its first word with flag first and its first
// two words with flag one.
func (t *cueTable) addPhrases(one, first cueFlags, ps []string) {
	for _, p := range ps {
		switch ws := strings.Fields(tokens(p)); len(ws) {
		case 0:
		case 1:
			t.add(wordKey(hashWord(ws[0])), one)
		default:
			t.add(wordKey(hashWord(ws[0])), first)
			t.add(pairKey(hashWord(ws[0]), hashWord(ws[1])), one)
		}
	}
}

// cues holds the words and pairs the prefilter looks for:
//   - leadCues, the phrases the rules look for at the start of a line
//     (hasLeadingCue, hasCueLabel and bylineItem);
//   - anyCues, the phrases they look for anywhere in a line
//     (isCookieBanner, isCopyright, isNewsletter and isFollowPrompt; their
//     second lists, cookieVoice and signUpWords, only count with the first);
//   - every token of the names isShareButtons counts.
var cues = func() *cueTable {
	t := new(cueTable)
	for _, ps := range [][]string{leadingCues, labelCues, bylineCues, byPar} {
		t.addPhrases(leadWord, leadFirst, ps)
	}
	for _, ps := range [][]string{cookieWords, rightsReserved, footerPhrases, inboxPhrases,
		newsletterWords, followCues, phrases("copyright")} {
		t.addPhrases(anyWord, anyFirst, ps)
	}
	for _, w := range socialNames {
		for _, tok := range strings.Fields(tokens(w)) {
			t.add(wordKey(hashWord(tok)), social)
		}
	}
	return t
}()

// The runes other than fold's tables for which the prefilter knows fold:
// the rest of Latin-1 (no-break space, «, », ©) and General Punctuation
// (dashes, quotes, …).
const (
	latin1Lo, punctLo, punctHi = 0x80, 0x2000, 0x2070
)

var (
	latin1Folds = foldRange(latin1Lo, latinLo)
	punctFolds  = foldRange(punctLo, punctHi)
)

// foldedRune returns fold(string(r)) for a non-ASCII rune of the prefilter's
// tables, and false for any other.
func foldedRune(r rune) (string, bool) {
	switch {
	case r < latinLo:
		return latin1Folds[r-latin1Lo], true
	case r < latinHi:
		return latinFolds[r-latinLo], true
	case r >= vietLo && r < vietHi:
		return vietFolds[r-vietLo], true
	case r >= punctLo && r < punctHi:
		return punctFolds[r-punctLo], true
	}
	return "", false
}

// lineScan is what one pass over a line's text tells the prefilter.
type lineScan struct {
	words     int  // countWords(text)
	inField   bool // in a run of non-space characters
	fieldWord bool // the current run holds a letter or a digit
	space     bool // the last character was a space (for "  ")

	digit, sep, copyright, unknown bool

	ntok   int      // tokens seen
	inTok  bool     // in a token
	tok    uint64   // the current token's hash
	prev   uint64   // the previous token's hash
	flags  cueFlags // the previous token's flags
	social bool     // a token is a social name
	lead   bool     // the first token, or the first two, start a leadCues phrase
	cue    bool     // a token, or two in a row, start an anyCues phrase
}

// scanLine scans the trimmed text t of a line.
func scanLine(t string) lineScan {
	var s lineScan
	for i := 0; i < len(t); {
		switch c := t[i]; {
		case c >= utf8.RuneSelf:
			r, size := decodeRune(t, i)
			if s.otherRune(r); s.unknown {
				return s
			}
			i += size
		case asciiClass[c]&asciiWordByte != 0:
			if i = s.asciiWords(t, i); i < len(t) && t[i] == ' ' {
				s.wordSpace()
				i++
			}
		default:
			s.asciiOther(c)
			i++
		}
	}
	s.endToken()
	s.endField()
	return s
}

// decodeRune is utf8.DecodeRuneInString(t[i:]) for t[i] >= utf8.RuneSelf,
// with the two-byte sequences of Latin-1 and Latin Extended (French
// accents) decoded inline: the call to the general decoder is most of what
// a non-ASCII rune costs otherwise.
func decodeRune(t string, i int) (rune, int) {
	if c := t[i]; c >= 0xc2 && c < 0xe0 && i+1 < len(t) && t[i+1]&0xc0 == 0x80 {
		return rune(c&0x1f)<<6 | rune(t[i+1]&0x3f), 2
	}
	return utf8.DecodeRuneInString(t[i:])
}

// The classes of ASCII characters, as the prefilter sees them.
const (
	asciiWordByte  = 1 << iota // a letter or a digit
	asciiDigitByte             // a digit
	asciiSpaceByte             // unicode.IsSpace
	asciiSepByte               // a character segments may split at
)

var asciiClass = func() (c [256]uint8) {
	for b := range utf8.RuneSelf {
		switch {
		case '0' <= b && b <= '9':
			c[b] = asciiWordByte | asciiDigitByte
		case asciiWord(byte(b)):
			c[b] = asciiWordByte
		case b == '\t':
			c[b] = asciiSpaceByte | asciiSepByte
		case unicode.IsSpace(rune(b)):
			c[b] = asciiSpaceByte
		case b == '|' || b == '>' || b == '/':
			c[b] = asciiSepByte
		}
	}
	return c
}()

// asciiWords scans the ASCII letters and digits from t[i] on, part of a
// token, and returns the index after them.
func (s *lineScan) asciiWords(t string, i int) int {
	if !s.inTok {
		s.inTok, s.tok = true, hashOffset
	}
	h, class := s.tok, uint8(0)
	for ; i < len(t) && asciiClass[t[i]]&asciiWordByte != 0; i++ {
		class |= asciiClass[t[i]]
		h = hashByte(h, t[i]|0x20) // |0x20 lowercases letters, keeps digits
	}
	s.tok = h
	s.inField, s.fieldWord, s.space = true, true, false
	s.digit = s.digit || class&asciiDigitByte != 0
	return i
}

// wordSpace is asciiOther(' ') right after a word: the commonest step of
// a scan, with the end of the token inline when it is no cue and comes
// too late in the line to start a lead, after a token that starts no
// pair: then endToken would only count it.
func (s *lineScan) wordSpace() {
	s.words++ // endField: the field holds the word
	s.inField, s.fieldWord, s.space = false, false, true
	if s.ntok >= 2 && s.flags == 0 && cues.get(wordKey(s.tok)) == 0 {
		s.inTok, s.prev = false, s.tok
		s.ntok++
		return
	}
	s.endToken()
}

// asciiOther scans one ASCII character that is not a letter or a digit.
func (s *lineScan) asciiOther(c byte) {
	class := asciiClass[c]
	s.sep = s.sep || class&asciiSepByte != 0 || c == ' ' && s.space
	s.space = c == ' '
	if class&asciiSpaceByte != 0 {
		s.endField()
	} else {
		s.inField = true
	}
	s.endToken()
}

// otherRune scans one non-ASCII rune, by its runeInfo.
func (s *lineScan) otherRune(r rune) {
	ri, ok := infoOf(r)
	if !ok {
		s.unknown = true
		return
	}
	if ri.class&asciiSpaceByte != 0 {
		s.endField()
	} else {
		s.inField = true
		s.fieldWord = s.fieldWord || ri.class&asciiWordByte != 0
	}
	s.digit = s.digit || ri.class&asciiDigitByte != 0
	s.copyright = s.copyright || r == '©'
	s.sep = s.sep || ri.class&asciiSepByte != 0
	s.space = false
	switch ri.tok {
	case foldWord:
		if !s.inTok {
			s.inTok, s.tok = true, hashOffset
		}
		s.tok = bits.RotateLeft64(s.tok, 5*int(ri.n)) ^ ri.mix
	case foldOther:
		s.endToken()
	case foldMixed:
		s.foldedRunes(ri.fold)
	}
}

// foldedRunes scans the runes of f, the fold of a rune, as tokens.
func (s *lineScan) foldedRunes(f string) {
	for _, fr := range f {
		if fr < utf8.RuneSelf && asciiWord(byte(fr)) || fr >= utf8.RuneSelf && isWordRune(fr) {
			s.tokenRune(fr)
		} else {
			s.endToken()
		}
	}
}

// runeInfo is what the prefilter needs of a non-ASCII rune r of its
// tables, computed once: its class as asciiClass gives it for ASCII, and
// its fold f = foldedRune(r) with what it does to tokens.
type runeInfo struct {
	class uint8
	tok   uint8  // foldEmpty, foldWord, foldOther or foldMixed
	n     uint8  // len(f), for foldWord
	mix   uint64 // the hash of f's bytes from 0, for foldWord
	fold  string // f, for foldMixed
}

const (
	foldEmpty = iota // f is "": tokens unchanged
	foldWord         // f is letters and digits: the token goes on
	foldOther        // f has none: the token ends
	foldMixed        // both: scan f rune by rune
)

func newRuneInfo(r rune, f string) runeInfo {
	ri := runeInfo{fold: f, n: uint8(len(f))}
	switch {
	case unicode.IsSpace(r):
		ri.class |= asciiSpaceByte
	case isWordRune(r):
		ri.class |= asciiWordByte
	}
	if unicode.IsDigit(r) {
		ri.class |= asciiDigitByte
	}
	if isSeparatorRune(r) {
		ri.class |= asciiSepByte
	}
	word, other := 0, 0
	for _, fr := range f {
		if fr < utf8.RuneSelf && asciiWord(byte(fr)) || fr >= utf8.RuneSelf && isWordRune(fr) {
			word++
		} else {
			other++
		}
	}
	switch {
	case f == "":
		ri.tok = foldEmpty
	case other == 0:
		ri.tok = foldWord
		for i := 0; i < len(f); i++ {
			ri.mix = hashByte(ri.mix, f[i])
		}
	case word == 0:
		ri.tok = foldOther
	default:
		ri.tok = foldMixed
	}
	return ri
}

// runeInfos holds the runeInfo of the runes foldedRune knows, range by
// range, indexed from latin1Lo, vietLo and punctLo.
var runeInfos = func() (t [3][]runeInfo) {
	for i, lo := range []rune{latin1Lo, vietLo, punctLo} {
		for r := lo; ; r++ {
			f, ok := foldedRune(r)
			if !ok {
				break
			}
			t[i] = append(t[i], newRuneInfo(r, f))
		}
	}
	return t
}()

// infoOf returns the runeInfo of r, and false when foldedRune does not
// know r.
func infoOf(r rune) (*runeInfo, bool) {
	switch {
	case r < latinHi:
		return &runeInfos[0][r-latin1Lo], true
	case r >= vietLo && r < vietHi:
		return &runeInfos[1][r-vietLo], true
	case r >= punctLo && r < punctHi:
		return &runeInfos[2][r-punctLo], true
	}
	return nil, false
}

// isSeparatorRune reports whether segments may split at the non-ASCII rune
// r: no-break spaces make "  ".
func isSeparatorRune(r rune) bool {
	switch r {
	case '\u00a0', '•', '·', '›', '▸', '►', '»', '–', '—':
		return true
	}
	return false
}

func (s *lineScan) tokenByte(c byte) {
	if !s.inTok {
		s.inTok, s.tok = true, hashOffset
	}
	s.tok = hashByte(s.tok, c)
}

func (s *lineScan) tokenRune(r rune) {
	var b [utf8.UTFMax]byte
	for _, c := range b[:utf8.EncodeRune(b[:], r)] {
		s.tokenByte(c)
	}
}

// endToken looks the token just ended up in cues.
func (s *lineScan) endToken() {
	if !s.inTok {
		return
	}
	h := s.tok
	f := cues.get(wordKey(h))
	s.social = s.social || f&social != 0
	s.cue = s.cue || f&anyWord != 0 || s.flags&anyFirst != 0 && cues.get(pairKey(s.prev, h))&anyWord != 0
	switch s.ntok {
	case 0:
		s.lead = f&leadWord != 0
	case 1:
		s.lead = s.lead || s.flags&leadFirst != 0 && cues.get(pairKey(s.prev, h))&leadWord != 0
	}
	s.inTok, s.prev, s.flags = false, h, f
	s.ntok++
}

func (s *lineScan) endField() {
	if s.inField && s.fieldWord {
		s.words++
	}
	s.inField, s.fieldWord = false, false
}

// mayBeFurniture reports whether a furniture rule could match the line
// scanned as s, with sentence end e: each case is the necessary condition
// of the rules it names.
func (s *lineScan) mayBeFurniture(e bool) bool {
	n := s.words
	switch {
	case s.unknown || s.copyright: // fold unknown; isCopyright
		return true
	case s.cue && n <= bannerWords: // cookie, copyright, newsletter, follow
		return true
	case s.lead && n <= max(longWords, datelineWords): // hasLeadingCue, hasCueLabel, isByline
		return true
	case s.social && n <= shareWords: // isShareButtons
		return true
	case s.sep && (!e || n <= max(longWords, datelineWords)): // items: menu, breadcrumb, byline, leading cue
		return true
	case s.digit && !e && n <= crumbWords: // isDateline
		return true
	}
	return false
}

// quickClassify is classify, with the rules skipped when the prefilter
// shows that none can match.
func quickClassify(raw string) (kind, int) {
	t := strings.TrimSpace(raw)
	if t == "" {
		return blank, 0
	}
	s := scanLine(t)
	e := endsSentence(t)
	switch {
	case s.unknown: // s.words is not countWords(t)
		return classify(raw)
	case s.mayBeFurniture(e):
		f := fold(t)
		return judge(&line{text: t, folded: f, toks: tokens(f), nwords: s.words, sentenceEnd: e}, &s)
	}
	return lengthKind(&line{text: t, nwords: s.words, sentenceEnd: e}), s.words
}

// judge is classify for a line l the prefilter could not clear: first the
// cheap rules its scan s points at, then all of them. A line is furniture
// when any rule matches it, so the order does not change the answer.
func judge(l *line, s *lineScan) (kind, int) {
	if s.cue && isFollowPrompt(l) || s.lead && hasCueLabel(l) || furnitureRule(l) != "" {
		return furniture, l.nwords
	}
	return lengthKind(l), l.nwords
}
