package features

import (
	"encoding/binary"
	"math/bits"
	"math/rand/v2"
)

// A lexicon maps words to their lexEntry: an open-addressing hash table
// (linear probing, at most 3/4 full), built once, read without locks. A slot
// holds the first 16 bytes of its word, which is all of nearly every word, so
// a lookup reads the word as two integers, hashes them with one
// multiplication and compares integers: no call, no byte loop. A Go
// map[string] hashes and compares the bytes through calls, which on the
// serving path's hundreds of short words per text was most of the cost of a
// lookup.
type lexicon struct {
	seed0, seed1 uint64
	mask         uint64    // len(slots) − 1
	slots        []lexSlot // a power of two of them, at most 3/4 full
	tails        []byte    // the bytes past the 16th of long words, end to end
}

// lexSlot is 32 bytes, two to a cache line.
type lexSlot struct {
	k0, k1 uint64 // the word's first 16 bytes, little-endian, zero-padded (see key16)
	tail   uint32 // a word of n > 16 bytes ends with tails[tail : tail+n−16]
	row    int32
	n      uint16 // the word's length in bytes; 0 in an empty slot
	stop   uint8
}

// maxLexWord bounds the length in bytes of a lexicon's words, which
// lexSlot.n holds. Features are at most maxWordRunes characters, and a pair
// of them twice that plus one, of at most 4 bytes each.
const maxLexWord = 4 * (2*maxWordRunes + 1)

// newLexicon builds a lexicon of the entries. It leaves out the words no
// feature can be, empty or over maxLexWord bytes (a model file may hold
// anything).
func newLexicon(entries map[string]lexEntry) *lexicon {
	return newLexiconSeeded(entries, rand.Uint64(), rand.Uint64())
}

// newLexiconSeeded is newLexicon with the hash's seeds given.
func newLexiconSeeded(entries map[string]lexEntry, seed0, seed1 uint64) *lexicon {
	size := 1 << bits.Len(uint(len(entries)*4/3)) // at most 3/4 full
	l := &lexicon{seed0: seed0, seed1: seed1, mask: uint64(size - 1), slots: make([]lexSlot, size)}
	for w, e := range entries {
		if w == "" || len(w) > maxLexWord {
			continue
		}
		k0, k1 := key16Copy(w)
		i := l.hash(k0, k1)
		for l.slots[i].n != 0 {
			i = (i + 1) & l.mask
		}
		l.slots[i] = lexSlot{k0: k0, k1: k1, tail: uint32(len(l.tails)), row: e.row, n: uint16(len(w)), stop: e.stop}
		if len(w) > 16 {
			l.tails = append(l.tails, w[16:]...)
		}
	}
	return l
}

// hash returns the first slot to probe for the word that begins with k0,
// k1 (see key16). A long word's bytes past the 16th are not hashed: words
// that share their first 16 bytes are rare, and are told apart by the
// comparison.
func (l *lexicon) hash(k0, k1 uint64) uint64 {
	hi, lo := bits.Mul64(k0^l.seed0, k1^l.seed1)
	return (hi ^ lo) & l.mask
}

// get returns the entry of w, or the zero entry.
func (l *lexicon) get(w []byte) lexEntry {
	k0, k1 := key16(w)
	if len(w) <= 16 {
		return l.short(k0, k1, len(w))
	}
	return long(l, k0, k1, w)
}

// getString is get for a string.
func (l *lexicon) getString(w string) lexEntry {
	k0, k1 := key16Copy(w)
	if len(w) <= 16 {
		return l.short(k0, k1, len(w))
	}
	return long(l, k0, k1, w)
}

// short returns the entry of the word of n <= 16 bytes k0, k1 (see key16),
// or the zero entry: the words that the slots hold whole, in a loop small
// enough to be inlined.
func (l *lexicon) short(k0, k1 uint64, n int) lexEntry {
	for i := l.hash(k0, k1); ; i++ {
		s := &l.slots[i&l.mask]
		if s.k0 == k0 && s.k1 == k1 && int(s.n) == n || s.n == 0 {
			return lexEntry{row: s.row, stop: s.stop} // an empty slot's are 0
		}
	}
}

// long returns the entry of w, of more than 16 bytes, whose first 16 are
// k0, k1, or the zero entry: its bytes past the 16th are compared with the
// slot's tail.
func long[W string | []byte](l *lexicon, k0, k1 uint64, w W) lexEntry {
	n := len(w)
	for i := l.hash(k0, k1); ; i = (i + 1) & l.mask {
		s := &l.slots[i]
		if s.n == 0 {
			return lexEntry{}
		}
		if s.k0 == k0 && s.k1 == k1 && int(s.n) == n && string(l.tails[s.tail:s.tail+uint32(n-16)]) == string(w[16:]) {
			return lexEntry{row: s.row, stop: s.stop}
		}
	}
}

// key16 returns the first 16 bytes of w as two little-endian words, zero
// past its end. When w's capacity allows, it reads 16 bytes at once and
// masks off those past its length: the scanner keeps 16 bytes of room past
// its words for that.
func key16(w []byte) (k0, k1 uint64) {
	if cap(w) < 16 {
		return key16Copy(w)
	}
	return key16At(w[:16], uint(min(len(w), 16)))
}

// key16At is key16 of the first n <= 16 bytes of b, which holds 16 or more.
func key16At(b []byte, n uint) (k0, k1 uint64) {
	k0, k1 = binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[8:16])
	k0 &= 1<<(8*n) - 1 // all of k0 from n = 8 on: a shift of 64 or more gives 0
	k1 &= 1<<(8*(n-8)) - 1
	if n < 8 {
		k1 = 0
	}
	return k0, k1
}

// key16Copy is key16 by a copy, for a word with no room past it (or a
// string).
func key16Copy[W string | []byte](w W) (k0, k1 uint64) {
	var b [16]byte
	copy(b[:], w)
	return binary.LittleEndian.Uint64(b[:8]), binary.LittleEndian.Uint64(b[8:])
}

// pairKey returns the first 16 bytes of the pair "a b" of two words of la
// and lb bytes whose first 16 bytes are a0, a1 and b0, b1, as key16 would,
// and whether the pair fits in them.
func pairKey(a0, a1 uint64, la int, b0, b1 uint64, lb int) (k0, k1 uint64, ok bool) {
	if la+1+lb > 16 {
		return 0, 0, false
	}
	k0, k1 = a0, a1
	if la < 8 {
		k0 |= ' ' << (8 * uint(la))
	} else {
		k1 |= ' ' << (8 * uint(la-8))
	}
	// b shifted left by la+1 bytes, across the two words.
	s := 8 * uint(la+1)
	if s < 64 {
		k0 |= b0 << s
		k1 |= b1<<s | b0>>(64-s)
	} else {
		k1 |= b0 << (s - 64)
	}
	return k0, k1, true
}

// lexEntry is what a lexicon knows of a word: the row of its weights (1 +
// its index, 0 when the model never learned it) and the languages whose stop
// word it is.
type lexEntry struct {
	row  int32
	stop uint8
}

// Bits of lexEntry.stop: the languages whose stop word the word is (those
// the features leave out), then the languages whose detection-only list
// holds it (see otherLanguages).
const (
	stopEN uint8 = 1 << iota
	stopFR
	stopVI
	detectDE
	detectES
	detectIT
	detectNL
	detectPT
)

// votes counts the words of a text that each bit of lexEntry.stop marks,
// by bit: votes[0] the English stop words, votes[3] the German words...
type votes [8]int

// lanes holds eight counters of 8 bits, one per bit of lexEntry.stop (the
// lowest byte for stopEN): adding laneOf[b] counts a word of bits b with
// one load and one addition, where counting each bit apart took the
// serving path a tenth longer. It holds at most 255 words (see flush).
type lanes uint64

// laneOf spreads the bits of a lexEntry.stop over the lanes: bit i becomes
// 1 in lane i.
var laneOf = func() (t [256]lanes) {
	for b := range t {
		for i := range 8 {
			t[b] |= lanes(b>>i&1) << (8 * i)
		}
	}
	return t
}()

// flush adds the counts of l to v and empties l.
func (v *votes) flush(l *lanes) {
	for i := range v {
		v[i] += int(*l >> (8 * i) & 0xff)
	}
	*l = 0
}

// lookUp looks up every word of the scanned text in lex, keeping its entry
// in its span, and returns how many of them each language's words are (see
// votes). A word of up to 16 bytes is read as two integers straight from
// the scanner's buffer, which keeps keyRoom bytes past it.
func (s *scanner) lookUp(lex *lexicon) (v votes) {
	var l lanes
	for i := range s.words {
		w := &s.words[i]
		var e lexEntry
		switch n := int(w.end - w.start); {
		case n == 1:
			// One ASCII letter or digit: never a feature, maybe a stop word
			// (l, d, a, y...), in every lexicon.
			e.stop = oneByteStop[s.folded[w.start]]
		case n <= 16 && cap(s.folded)-int(w.start) >= 16:
			k0, k1 := key16At(s.folded[w.start:cap(s.folded)], uint(n))
			e = lex.short(k0, k1, n)
		default:
			e = lex.get(s.folded[w.start:w.end])
		}
		w.row, w.stop = e.row, e.stop
		l += laneOf[e.stop]
		if i%255 == 254 { // before a lane overflows
			v.flush(&l)
		}
	}
	v.flush(&l)
	return v
}

// oneByteStop gives the stop-word and detection bits of the one-letter
// words.
var oneByteStop = func() (t [256]uint8) {
	for w, m := range languageMasks() {
		if len(w) == 1 {
			t[w[0]] = m
		}
	}
	return t
}()

// pairEntry returns the entry of the pair feature that ends with word i
// (see pairText): with no copy of the two words when the pair fits in 16
// bytes, as most do.
func (s *scanner) pairEntry(i int, lex *lexicon) lexEntry {
	a, b := &s.words[i-1], &s.words[i]
	la, lb := int(a.end-a.start), int(b.end-b.start)
	if cap(s.folded)-int(b.start) >= 16 {
		a0, a1 := key16At(s.folded[a.start:cap(s.folded)], uint(min(la, 16)))
		b0, b1 := key16At(s.folded[b.start:cap(s.folded)], uint(min(lb, 16)))
		if k0, k1, ok := pairKey(a0, a1, la, b0, b1, lb); ok {
			return lex.short(k0, k1, la+1+lb)
		}
	}
	return lex.get(s.pairText(i))
}
