package features

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"sync"
	"unicode/utf8"
)

// This file is the tokenizer: Words, Features and DetectLanguage (for
// training) and Lexicon.AppendRows (for serving) all go through a scanner,
// so they count the same features, and serving allocates nothing per word. A
// scanner folds the text into a reused buffer with a table built from
// foldText for the characters of the languages topicd reads, falling back to
// foldText for any other character, and copies runs of ASCII letters 8 bytes
// at a time; it records each word as a span of that buffer. language then
// looks every word up once in a lexicon, and the features of the text are
// the words and pairs that isFeature and isPair select: features visits
// them as byte slices for training, Lexicon.AppendRows gives their rows for
// serving. reference_test.go holds the same rules in the plainest code, and
// tests that the two agree.

// foldTableSize bounds the runes foldTable holds.
const foldTableSize = 0x2070

// foldTable holds, for each rune below foldTableSize whose folding does not
// depend on its neighbours, the folded form foldText gives it, and ok.
var foldTable = sync.OnceValue(func() *[foldTableSize]foldEntry {
	var t [foldTableSize]foldEntry
	for r := rune(0); r < foldTableSize; r++ {
		if contextFree(r) {
			f := foldText(string(r))
			t[r] = foldEntry{s: f, ok: true, kind: foldKind(f), word: isWordRune(r), vi: isVietnameseRune(r)}
		}
	}
	return &t
})

type foldEntry struct {
	s    string
	ok   bool
	kind uint8 // what s is made of: one of the fold kinds below
	// word and vi: isWordRune and isVietnameseRune of the rune itself.
	word, vi bool
}

// The kinds of folded forms, by what splitting does with them.
const (
	foldMixed   = iota // anything else: see pushFolded
	foldNothing        // "": nothing (zero-width and format characters)
	foldLetters        // ASCII letters and digits only (é is e, ế is e): the word goes on
	foldSpaces         // spaces and tabs only (the no-break space): a word ends
	foldBreak          // separators only, not all spaces: a word ends, and so does a pair
)

func foldKind(f string) uint8 {
	if f == "" {
		return foldNothing
	}
	letters, spaces, separators := true, true, true
	for _, r := range f {
		class := byte(classOther)
		switch {
		case r < utf8.RuneSelf:
			class = asciiClass[r]
		case isWordRune(r):
			class = classWord
		}
		letters = letters && class == classWord && r < utf8.RuneSelf
		spaces = spaces && class == classSpace
		separators = separators && class != classWord
	}
	switch {
	case letters:
		return foldLetters
	case spaces:
		return foldSpaces
	case separators:
		return foldBreak
	}
	return foldMixed
}

// contextFree reports whether foldText folds r the same alone as in any
// text: the scripts whose normal forms compose nothing but letters and the
// non-spacing marks that folding removes. Other scripts (Indic spacing
// marks, Hangul jamo, ...) take the slow path.
func contextFree(r rune) bool {
	switch {
	case r >= 0xD800 && r <= 0xDFFF:
		return false // surrogates are no characters
	case r < 0x0530: // Latin, IPA, modifiers, combining diacritics, Greek, Cyrillic
		return true
	case r >= 0x1E00 && r <= 0x1FFF: // Latin Extended Additional (Vietnamese), Greek Extended
		return true
	case r >= 0x2000 && r < foldTableSize: // general punctuation: spaces, dashes, quotes, zero-width
		return true
	}
	return false
}

// A scanner folds and splits texts into reused buffers. Get one with
// getScanner and put it back with putScanner.
type scanner struct {
	folded []byte
	words  []span
	key    []byte // a Vietnamese pair being built

	// Strings being gathered for Words and Features (see collect), from
	// the last scan.
	collected []byte
	ends      []int32

	// The state of the splitting (see push).
	inWord, joined bool
	start, runes   int32
}

// span is one word of the folded buffer.
type span struct {
	start, end int32
	row        int32  // the word's lexicon entry (see lexEntry), cached between passes
	runes      uint16 // its length in characters, at most maxWordRunes+1
	joined     bool   // only spaces or tabs since the word before
	stop       uint8
}

func (w *span) entry() lexEntry { return lexEntry{row: w.row, stop: w.stop} }

// lexEntry is what a lexicon knows of a word: the row of its weights (1 +
// its index, 0 when the model never learned it) and the languages whose stop
// word it is.
type lexEntry struct {
	row  int32
	stop uint8
}

// Stop-word bits of lexEntry.stop.
const (
	stopEN uint8 = 1 << iota
	stopFR
	stopVI
)

var scanners = sync.Pool{New: func() any { return new(scanner) }}

func getScanner() *scanner { return scanners.Get().(*scanner) }
func putScanner(s *scanner) {
	if cap(s.folded) > 4<<20 || cap(s.words) > 1<<20 || cap(s.collected) > 4<<20 || cap(s.ends) > 1<<20 {
		return // buffers over what a text of a few MB needs are not kept
	}
	scanners.Put(s)
}

// scan folds text into s.folded and splits it into s.words, in one pass,
// and returns the number of the text's words that hold a letter only
// Vietnamese uses (see vietnameseWords). It folds by foldTable while every
// character is in it, and otherwise starts again with foldText.
//
// It is the serving path's loop, so it keeps the splitting's state in local
// variables rather than in s (which push and endWord use): the two are
// synchronised around the rare characters that take pushFolded.
func (s *scanner) scan(text string) (viWords int) {
	s.reset()
	table := foldTable()
	counted := false
	folded := slices.Grow(s.folded, len(text)+keyRoom)
	words := slices.Grow(s.words, len(text)/6+8) // news averages over 6 bytes a word
	inWord, joined := false, false
	var start, runes int
	endWord := func() {
		if inWord {
			words = appendSpan(words, start, len(folded), runes, joined)
			inWord, joined = false, true
		}
	}
	for i := 0; i < len(text); {
		c := text[i]
		if asciiWordFold[c] != 0 {
			// A run of ASCII letters and digits, lowered as it is copied; and
			// while one space and another such run follow, those too.
			if cap(folded)-len(folded) < len(text)-i+keyRoom {
				folded = slices.Grow(folded, len(text)-i+keyRoom)
			}
			if !inWord {
				inWord, start, runes = true, len(folded), 0
			}
			for {
				// 8 bytes at a time while they last, then byte by byte; most
				// words end in their first 8. This is written out here, not
				// called: a call costs the spilling of all the loop's state.
				n := len(folded)
				buf := folded[:cap(folded)]
				for i+8 <= len(text) {
					word, f := asciiWords8(load64(text[i:]))
					binary.LittleEndian.PutUint64(buf[n:], f)
					k := bits.TrailingZeros64(^word&highBits) >> 3
					n, i = n+k, i+k
					if k < 8 {
						break
					}
				}
				if i+8 > len(text) {
					for ; i < len(text) && asciiWordFold[text[i]] != 0; i++ {
						buf[n] = asciiWordFold[text[i]]
						n++
					}
				}
				runes += n - len(folded)
				folded = buf[:n]
				if i+1 >= len(text) || text[i] != ' ' || asciiWordFold[text[i+1]] == 0 {
					break
				}
				counted = false
				endWord()
				inWord, start, runes = true, len(folded), 0
				i++
			}
			continue
		}
		if c < utf8.RuneSelf {
			// A separator: it ends a word and is not kept.
			counted = false
			endWord()
			if asciiClass[c] != classSpace {
				joined = false
			}
			i++
			continue
		}
		// Two bytes (Latin letters with diacritics, Greek, Cyrillic) and
		// three (Vietnamese vowels with tones, quotes and dashes) are
		// decoded here, the rest by utf8.
		var r rune
		size := 0
		switch {
		case c < 0xE0:
			if c >= 0xC2 && i+1 < len(text) && text[i+1]&0xC0 == 0x80 {
				r, size = rune(c&0x1F)<<6|rune(text[i+1]&0x3F), 2
			}
		case c < 0xF0:
			if i+2 < len(text) && text[i+1]&0xC0 == 0x80 && text[i+2]&0xC0 == 0x80 {
				r = rune(c&0x0F)<<12 | rune(text[i+1]&0x3F)<<6 | rune(text[i+2]&0x3F)
				if r >= 0x800 && (r < 0xD800 || r > 0xDFFF) { // not overlong, no surrogate
					size = 3
				}
			}
		}
		if size == 0 {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if r >= foldTableSize || !table[r].ok || r == utf8.RuneError && size == 1 {
			s.folded, s.words = folded, words
			return s.scanSlow(text)
		}
		e := &table[r]
		switch {
		case !e.word:
			counted = false
		case !counted && e.vi:
			viWords++
			counted = true
		}
		switch e.kind {
		case foldLetters:
			if !inWord {
				inWord, start, runes = true, len(folded), 0
			}
			runes += len(e.s)
			if len(e.s) == 1 {
				folded = append(folded, e.s[0])
			} else {
				folded = append(folded, e.s...)
			}
		case foldSpaces:
			endWord()
		case foldBreak:
			endWord()
			joined = false
		case foldMixed:
			s.folded, s.words = folded, words
			s.inWord, s.joined, s.start, s.runes = inWord, joined, int32(start), int32(runes)
			s.pushFolded(e.s)
			folded, words = s.folded, s.words
			inWord, joined, start, runes = s.inWord, s.joined, int(s.start), int(s.runes)
		}
		i += size
	}
	endWord()
	s.folded, s.words = folded, words
	return viWords
}

// keyRoom is the room the scanner keeps past the end of its folded text, so
// that key16 reads the first 16 bytes of any word at once, and scan writes
// 8 at once.
const keyRoom = 16

const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
)

// asciiWords8 looks at 8 bytes at once, the first in the lowest byte of x:
// word has the high bit of each byte that is an ASCII letter or digit set,
// and folded is x with those bytes lowered (the other bytes of folded are
// of no use). A byte b < 0x80 is in [lo, hi] when b + 0x80 − lo has its high
// bit set and b + 0x7f − hi has not; masking x to 7 bits first keeps the
// sums from carrying. Setting bit 0x20 lowers a letter and leaves a digit
// as it is.
func asciiWords8(x uint64) (word, folded uint64) {
	const lower = 0x20 * lowBits
	x7 := x &^ highBits
	y := x7 | lower
	letter := (y + (0x80-'a')*lowBits) &^ (y + (0x7f-'z')*lowBits)
	digit := (x7 + (0x80-'0')*lowBits) &^ (x7 + (0x7f-'9')*lowBits)
	return (letter | digit) &^ x & highBits, x | lower
}

// load64 reads the first 8 bytes of s, little-endian (the compiler makes
// one load of it).
func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// scanSlow is scan for any text: foldText, then the same splitting.
func (s *scanner) scanSlow(text string) int {
	s.reset()
	s.pushFolded(foldText(text))
	s.endWord()
	return vietnameseWords(text)
}

func (s *scanner) reset() {
	s.folded, s.words = s.folded[:0], s.words[:0]
	s.collected, s.ends = s.collected[:0], s.ends[:0]
	s.inWord, s.joined, s.runes = false, false, 0
}

// The classes of ASCII characters, and their folded form.
const (
	classOther = iota // punctuation, line breaks, controls: they separate words
	classSpace        // space and tab: they separate words, but join a Vietnamese pair
	classWord         // letters and digits
)

// asciiWordFold maps an ASCII letter or digit to its folded form, and every
// other byte to 0.
var asciiWordFold = func() (t [256]byte) {
	for c := range utf8.RuneSelf {
		if asciiClass[c] == classWord {
			t[c] = asciiFold[c]
		}
	}
	return t
}()

var asciiClass, asciiFold = func() (class, fold [utf8.RuneSelf]byte) {
	for c := range utf8.RuneSelf {
		fold[c] = byte(c)
		switch {
		case 'A' <= c && c <= 'Z':
			class[c], fold[c] = classWord, byte(c+'a'-'A')
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			class[c] = classWord
		case c == ' ' || c == '\t':
			class[c] = classSpace
		}
	}
	return class, fold
}()

// pushASCII appends the folded form of ASCII character c, if it is part of
// a word: separators only end words.
func (s *scanner) pushASCII(c byte) {
	class := asciiClass[c]
	s.push(class)
	if class == classWord {
		s.folded = append(s.folded, asciiFold[c])
	}
}

// pushFolded appends folded text, already folded.
func (s *scanner) pushFolded(f string) {
	for i := 0; i < len(f); {
		if c := f[i]; c < utf8.RuneSelf {
			s.pushASCII(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(f[i:])
		class := classOther
		if isWordRune(r) {
			class = classWord
		}
		s.push(byte(class))
		if class == classWord {
			s.folded = append(s.folded, f[i:i+size]...)
		}
		i += size
	}
}

// push notes a character of class about to be appended to s.folded: it
// starts, continues or ends a word.
func (s *scanner) push(class byte) {
	if class == classWord {
		if !s.inWord {
			s.inWord, s.start, s.runes = true, int32(len(s.folded)), 0
		}
		s.runes++
		return
	}
	s.endWord()
	if class != classSpace {
		s.joined = false
	}
}

// endWord closes the word being read, if any.
func (s *scanner) endWord() {
	if !s.inWord {
		return
	}
	s.words = appendSpan(s.words, int(s.start), len(s.folded), int(s.runes), s.joined)
	s.inWord, s.joined = false, true
}

// appendSpan appends the span of a word of runes characters at
// folded[start:end] to words; joined: only spaces or tabs since the word
// before, if any.
func appendSpan(words []span, start, end, runes int, joined bool) []span {
	// A zero span, then its fields one by one: a span built whole and then
	// appended is read back from the stack as one 16-byte load of narrower
	// stores, which stalls.
	words = append(words, span{})
	w := &words[len(words)-1]
	w.start, w.end = int32(start), int32(end)
	w.runes, w.joined = uint16(min(runes, maxWordRunes+1)), joined && len(words) > 1
	return words
}

// word returns the bytes of word i.
func (s *scanner) word(i int) []byte { return s.folded[s.words[i].start:s.words[i].end] }

// features visits the features of the scanned text, in text order: the
// rules of Features. lex gives the words' entries; visit gets each feature
// with its entry, the bytes valid only during the call. Serving counts the
// same features without visiting them (Lexicon.AppendRows).
func (s *scanner) features(viWords int, lex *lexicon, visit func(f []byte, e lexEntry)) {
	lang, stop := s.language(viWords, lex)
	for i := range s.words {
		if w := &s.words[i]; w.isFeature(stop) {
			visit(s.word(i), w.entry())
		}
		if lang == Vietnamese && s.isPair(i, stop) {
			s.key = append(append(append(s.key[:0], s.word(i-1)...), ' '), s.word(i)...)
			visit(s.key, lex.get(s.key))
		}
	}
}

// isFeature reports whether the word is a feature of a text whose language
// has the stop-word bits stop.
func (w *span) isFeature(stop uint8) bool {
	return w.runes >= 2 && w.runes <= maxWordRunes && w.stop&stop == 0
}

// isPair reports whether words i−1 and i of a Vietnamese text make a pair
// feature: adjacent, not both left out, neither too long.
func (s *scanner) isPair(i int, stop uint8) bool {
	if i == 0 || !s.words[i].joined {
		return false
	}
	prev, w := &s.words[i-1], &s.words[i]
	return (prev.isFeature(stop) || w.isFeature(stop)) && prev.runes <= maxWordRunes && w.runes <= maxWordRunes
}

// pair returns the entry of the pair feature of words i−1 and i: with no
// copy of the two words when the pair fits in 16 bytes, as most do.
func (s *scanner) pair(i int, lex *lexicon) lexEntry {
	a, b := &s.words[i-1], &s.words[i]
	la, lb := int(a.end-a.start), int(b.end-b.start)
	if cap(s.folded)-int(b.start) >= 16 {
		a0, a1 := key16At(s.folded[a.start:cap(s.folded)], uint(min(la, 16)))
		b0, b1 := key16At(s.folded[b.start:cap(s.folded)], uint(min(lb, 16)))
		if k0, k1, ok := pairKey(a0, a1, la, b0, b1, lb); ok {
			return lex.short(k0, k1, la+1+lb)
		}
	}
	s.key = append(append(append(s.key[:0], s.word(i-1)...), ' '), s.word(i)...)
	return lex.get(s.key)
}

// language looks up every word of the scanned text, keeping its entry for
// features, and returns the text's language (see DetectLanguage) and the
// stop-word bits of the words to skip: those of the language, or of all
// three when it is unknown. viWords counts as Vietnamese stop words.
func (s *scanner) language(viWords int, lex *lexicon) (string, uint8) {
	en, fr, vi := 0, 0, viWords
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
		en += int(e.stop & stopEN)
		fr += int(e.stop&stopFR) >> 1
		vi += int(e.stop&stopVI) >> 2
	}
	switch {
	case vi > en && vi > fr:
		return Vietnamese, stopVI
	case fr > en && fr >= vi:
		return French, stopFR
	case en > 0 && en >= fr && en >= vi:
		return English, stopEN
	}
	return "", stopEN | stopFR | stopVI
}

// oneByteStop gives the stop-word bits of the one-letter words.
var oneByteStop = func() (t [256]uint8) {
	for w, m := range stopMasks {
		if len(w) == 1 {
			t[w[0]] = m
		}
	}
	return t
}()
