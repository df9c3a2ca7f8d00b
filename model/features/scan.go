package features

import (
	"slices"
	"sync"
	"unicode/utf8"
)

// This file is the scanner: Words, Features and DetectLanguage (for
// training) and Lexicon.AppendRows (for serving) all go through it, so they
// count the same features, and serving allocates nothing per word. A
// scanner folds a text into a reused buffer, one character at a time by
// foldTable (foldtable.go), and splits it as it goes by the rules of
// rules.go, recording each word as a span of that buffer; a character the
// table lacks goes by wideTable, or is folded by foldText with the few
// characters it joins (wide.go), so no text is folded whole by foldText.
// The scanner's features are then the words and pairs that isFeature and
// isPair select (features.go).

// A scanner folds and splits texts into reused buffers. Get one with
// getScanner and put it back with putScanner.
type scanner struct {
	folded []byte
	words  []span
	vi     viCounter // the Vietnamese words of the text, for the language
	key    []byte    // a Vietnamese pair being built

	// Strings being gathered for Words and Features (see collect), from
	// the last scan.
	collected []byte
	ends      []int32

	// The state of the splitting (see push): a word is being read, which
	// began at folded[start] and holds runes characters so far; joined:
	// only spaces or tabs since the word before.
	inWord, joined bool
	start, runes   int32

	// checked: the text up to there needs no run of foldText (needsRun).
	checked int
	table   *[foldTableSize]foldEntry // foldTable(), for the scan
	// careful: look ahead of each character for one that joins it (see
	// wide.go); restart: a fast scan met one, and must scan carefully.
	careful, restart bool
}

// span is one word of the folded buffer.
type span struct {
	start, end int32
	row        int32  // the word's lexicon entry (see lexEntry), cached between passes
	runes      uint16 // its length in characters, at most maxWordRunes+1
	joined     bool   // only spaces or tabs since the word before
	stop       uint8
}

var scanners = sync.Pool{New: func() any { return new(scanner) }}

func getScanner() *scanner { return scanners.Get().(*scanner) }
func putScanner(s *scanner) {
	if cap(s.folded) > 4<<20 || cap(s.words) > 1<<20 || cap(s.collected) > 4<<20 || cap(s.ends) > 1<<20 {
		return // buffers over what a text of a few MB needs are not kept
	}
	scanners.Put(s)
}

// keyRoom is the room the scanner keeps past the end of its folded text, so
// that key16 reads the first 16 bytes of any word at once.
const keyRoom = 16

// scan folds text into s.folded, splits it into s.words and counts its
// Vietnamese words, in one pass: a run of ASCII letters and digits at a
// time (asciiWord), any other character by its entry in foldTable (char).
// A character the table lacks, or invalid UTF-8, goes by wide.
func (s *scanner) scan(text string) {
	s.scanWith(text, false)
	if s.restart {
		s.scanWith(text, true)
	}
}

// scanWith is scan, careful or not: a scan that is not careful does not
// look ahead of the characters in foldTable, and stops with s.restart set
// when it meets a character that must be folded with the one before it.
func (s *scanner) scanWith(text string, careful bool) {
	s.reset()
	s.careful = careful
	s.folded = slices.Grow(s.folded, len(text)+keyRoom)
	s.words = slices.Grow(s.words, len(text)/6+8) // news averages over 6 bytes a word
	table := foldTable()
	s.table = table
	for i := 0; i < len(text); {
		if asciiWordFold[text[i]] != 0 {
			i = s.asciiWord(text, i)
			continue
		}
		if text[i] == ' ' && (!careful || i+1 == len(text) || text[i+1] < utf8.RuneSelf) {
			// char(&table[' ']), without the look-up: a space is one
			// character in six of a text.
			s.vi.add(false, false)
			s.endWord()
			i++
			continue
		}
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		// Invalid UTF-8 decodes as utf8.RuneError, which is past the table.
		if r >= foldTableSize || !table[r].ok {
			i = s.wide(text, i, r, size)
			continue
		}
		if next := i + size; careful && next < len(text) && text[next] >= utf8.RuneSelf && s.needsRun(text, next) {
			i = s.run(text, i)
			continue
		}
		s.char(&table[r])
		i += size
	}
	s.endWord()
}

// asciiWord reads the run of ASCII letters and digits that starts at
// text[i] and returns where it ends. It is push(wordChar, ...) of each of
// them, folding as it appends: most of a text is such runs, and their
// characters can neither be Vietnamese nor end a Vietnamese word.
func (s *scanner) asciiWord(text string, i int) int {
	began := !s.inWord
	s.startWord()
	folded, n := s.folded, len(s.folded)
	for ; i < len(text) && asciiWordFold[text[i]] != 0; i++ {
		folded = append(folded, asciiWordFold[text[i]])
	}
	s.folded = folded
	s.runes += int32(len(folded) - n)
	if s.careful && i < len(text) && text[i] >= utf8.RuneSelf && s.needsRun(text, i) {
		// The last character goes with the ones after it: take it back.
		s.folded, s.runes = s.folded[:len(s.folded)-1], s.runes-1
		if began && len(s.folded) == n {
			s.inWord = false
		}
		return s.run(text, i-1)
	}
	return i
}

// char reads one character of the text by its entry in foldTable.
func (s *scanner) char(e *foldEntry) {
	s.vi.add(e.word, e.vi)
	if e.class == mixed {
		s.pushFolded(e.s)
		return
	}
	s.push(e.class, e.s, int32(e.runes))
}

func (s *scanner) reset() {
	s.folded, s.words = s.folded[:0], s.words[:0]
	s.collected, s.ends = s.collected[:0], s.ends[:0]
	s.vi = viCounter{}
	s.inWord, s.joined, s.runes = false, false, 0
	s.checked, s.restart = 0, false
}

// pushFolded splits folded text, one character at a time.
func (s *scanner) pushFolded(f string) {
	for i := 0; i < len(f); {
		r, size := utf8.DecodeRuneInString(f[i:])
		s.push(classOf(r), f[i:i+size], 1)
		i += size
	}
}

// push splits folded text f, of runes characters that are all of class c:
// the rule of what a word is (see classOf), as a state machine.
func (s *scanner) push(c charClass, f string, runes int32) {
	switch c {
	case wordChar:
		s.startWord()
		s.folded = append(s.folded, f...)
		s.runes += runes
	case space:
		s.endWord()
	default:
		s.endWord()
		s.joined = false
	}
}

// startWord starts a word at the end of s.folded, unless one is being read.
func (s *scanner) startWord() {
	if !s.inWord {
		s.inWord, s.start, s.runes = true, int32(len(s.folded)), 0
	}
}

// endWord closes the word being read, if any: the next one is joined to it
// unless a separator comes between them.
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
