package model

import (
	"slices"
	"sync"
	"unicode/utf8"
)

// This file is the tokenizer: Tokenize, Features and DetectLanguage (for
// training) and Model.Classify (for serving) all go through a scanner, so
// they count the same features, and serving allocates nothing per word. A
// scanner folds the text into a reused buffer with a table built from
// foldText for the characters of the languages topicd reads, falling back to
// foldText for any other character; it then visits the features of the text
// as byte slices of that buffer. reference_test.go holds the same rules in
// the plainest code, and tests that the two agree.

// foldTableSize bounds the runes foldTable holds.
const foldTableSize = 0x2070

// foldTable holds, for each rune below foldTableSize whose folding does not
// depend on its neighbours, the folded form foldText gives it, and ok.
var foldTable = sync.OnceValue(func() *[foldTableSize]foldEntry {
	var t [foldTableSize]foldEntry
	for r := rune(0); r < foldTableSize; r++ {
		if contextFree(r) {
			f := foldText(string(r))
			ascii := f != ""
			for i := 0; i < len(f); i++ {
				ascii = ascii && f[i] < utf8.RuneSelf && asciiClass[f[i]] == classWord
			}
			t[r] = foldEntry{s: f, ok: true, asciiWord: ascii, word: isWordRune(r), vi: isVietnameseRune(r)}
		}
	}
	return &t
})

type foldEntry struct {
	s  string
	ok bool
	// asciiWord: s is ASCII letters and digits only (é is e, ế is e).
	asciiWord bool
	// word and vi: isWordRune and isVietnameseRune of the rune itself.
	word, vi bool
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

	// The state of the splitting (see push).
	inWord, joined bool
	start, runes   int32
}

// span is one word of the folded buffer.
type span struct {
	start, end int32
	row        int32  // the word's lexicon entry (see lexEntry), cached between passes
	runes      uint16 // its length in characters, at most maxTokenRunes+1
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
	if cap(s.folded) > 4<<20 || cap(s.words) > 1<<20 {
		return // buffers over what a text of a few MB needs are not kept
	}
	scanners.Put(s)
}

// scan folds text into s.folded and splits it into s.words, in one pass,
// and returns the number of the text's words that hold a letter only
// Vietnamese uses (see vietnameseWords). It folds by foldTable while every
// character is in it, and otherwise starts again with foldText.
func (s *scanner) scan(text string) (viWords int) {
	s.reset()
	table := foldTable()
	counted := false
	s.folded = slices.Grow(s.folded, len(text))
	s.words = slices.Grow(s.words, len(text)/6+8) // news averages over 6 bytes a word
	for i := 0; i < len(text); {
		c := text[i]
		if f := asciiWordFold[c]; f != 0 {
			// A run of ASCII letters and digits, lowered as it is copied.
			if !s.inWord {
				s.inWord, s.start, s.runes = true, int32(len(s.folded)), 0
			}
			if cap(s.folded)-len(s.folded) < len(text)-i {
				s.folded = slices.Grow(s.folded, len(text)-i)
			}
			buf, n, j := s.folded[:cap(s.folded)], len(s.folded), i
			for ; j < len(text); j++ {
				f := asciiWordFold[text[j]]
				if f == 0 {
					break
				}
				buf[n] = f
				n++
			}
			s.runes += int32(j - i)
			s.folded = buf[:n]
			i = j
			continue
		}
		if c < utf8.RuneSelf {
			// A separator: it ends a word and is not kept.
			counted = false
			s.endWord()
			if asciiClass[c] != classSpace {
				s.joined = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if r >= foldTableSize || !table[r].ok || r == utf8.RuneError && size == 1 {
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
		if e.asciiWord {
			// Folds to letters: the word goes on.
			if !s.inWord {
				s.inWord, s.start, s.runes = true, int32(len(s.folded)), 0
			}
			s.runes += int32(len(e.s))
			s.folded = append(s.folded, e.s...)
		} else {
			s.pushFolded(e.s)
		}
		i += size
	}
	s.endWord()
	return viWords
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
	s.words = append(s.words, span{start: s.start, end: int32(len(s.folded)), runes: uint16(min(s.runes, maxTokenRunes+1)), joined: s.joined && len(s.words) > 0})
	s.inWord, s.joined = false, true
}

// word returns the bytes of word i.
func (s *scanner) word(i int) []byte { return s.folded[s.words[i].start:s.words[i].end] }

// features visits the features of the scanned text, in text order: the
// rules of Features. lookup gives a word's lexicon entry; visit gets each
// feature with its entry, the bytes valid only during the call.
func (s *scanner) features(viWords int, lookup func([]byte) lexEntry, visit func(f []byte, e lexEntry)) {
	lang, stop := s.language(viWords, lookup)
	skip := func(w *span) bool {
		return w.runes < 2 || w.runes > maxTokenRunes || w.stop&stop != 0
	}
	for i := range s.words {
		w := &s.words[i]
		if !skip(w) {
			visit(s.word(i), w.entry())
		}
		if lang != Vietnamese || i == 0 || !w.joined {
			continue
		}
		prev := &s.words[i-1]
		if (skip(prev) && skip(w)) || prev.runes > maxTokenRunes || w.runes > maxTokenRunes {
			continue
		}
		s.key = append(append(append(s.key[:0], s.word(i-1)...), ' '), s.word(i)...)
		visit(s.key, lookup(s.key))
	}
}

// language looks up every word of the scanned text, keeping its entry for
// features, and returns the text's language (see DetectLanguage) and the
// stop-word bits of the words to skip: those of the language, or of all
// three when it is unknown. viWords counts as Vietnamese stop words.
func (s *scanner) language(viWords int, lookup func([]byte) lexEntry) (string, uint8) {
	en, fr, vi := 0, 0, viWords
	for i := range s.words {
		var e lexEntry
		if w := s.word(i); len(w) == 1 {
			// One ASCII letter or digit: never a feature, maybe a stop word
			// (l, d, a, y...), in every lexicon.
			e.stop = oneByteStop[w[0]]
		} else {
			e = lookup(w)
		}
		s.words[i].row, s.words[i].stop = e.row, e.stop
		if e.stop&stopEN != 0 {
			en++
		}
		if e.stop&stopFR != 0 {
			fr++
		}
		if e.stop&stopVI != 0 {
			vi++
		}
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

// stopLookup is the lexicon of training: stop words only.
func stopLookup(w []byte) lexEntry { return lexEntry{stop: stopMasks[string(w)]} }
