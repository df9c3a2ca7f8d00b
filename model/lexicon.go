package model

import (
	"hash/maphash"
	"math/bits"
)

// A lexicon maps words to their lexEntry: an open-addressing hash table over
// one byte arena, built once, read without locks. It answers a lookup of a
// byte slice without allocating and with one hash of the word, where a Go
// map[string] costs more on the serving path's many short words.
type lexicon struct {
	seed  maphash.Seed
	slots []lexSlot // a power of two of them, at most half full
	keys  []byte    // the words, end to end
}

// lexSlot is 16 bytes, so that a lexicon of 20,000 words fits in 512 KB.
type lexSlot struct {
	hash uint32 // the low bits of the word's hash, the lowest set; 0: empty
	off  uint32 // the word is keys[off : off+n]
	row  int32
	n    uint16
	stop uint8
}

// newLexicon builds a lexicon of the entries.
func newLexicon(entries map[string]lexEntry) *lexicon {
	size := 1 << bits.Len(uint(len(entries)*4/3)) // at most 3/4 full
	l := &lexicon{seed: maphash.MakeSeed(), slots: make([]lexSlot, size)}
	for w, e := range entries {
		h := maphash.String(l.seed, w)
		i := h & uint64(size-1)
		for l.slots[i].hash != 0 {
			i = (i + 1) & uint64(size-1)
		}
		l.slots[i] = lexSlot{hash: uint32(h>>32) | 1, off: uint32(len(l.keys)), n: uint16(len(w)), row: e.row, stop: e.stop}
		l.keys = append(l.keys, w...)
	}
	return l
}

// get returns the entry of w, or the zero entry.
func (l *lexicon) get(w []byte) lexEntry { return find(l, maphash.Bytes(l.seed, w), w) }

// find returns the entry of w, whose hash is h, or the zero entry.
func find[W string | []byte](l *lexicon, h uint64, w W) lexEntry {
	tag, mask := uint32(h>>32)|1, uint64(len(l.slots)-1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &l.slots[i]
		if s.hash == 0 {
			return lexEntry{}
		}
		if s.hash == tag && string(l.keys[s.off:s.off+uint32(s.n)]) == string(w) {
			return lexEntry{row: s.row, stop: s.stop}
		}
	}
}
