package features

import (
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// This file is the scanner's path for the characters foldTable lacks: the
// euro sign, emoji, CJK, Arabic, Indic scripts, compatibility characters.
// Each is looked up in wideTable, a table of every rune, built a page of
// 256 runes at a time on first use, from foldText like foldTable; only
// the characters whose folding depends on their neighbours (a syllable or
// letter that composes with what follows, a mark that composes with what
// precedes) are folded by foldText with them, a short run at a time
// (foldRun). So a text costs the same per character whatever its script,
// instead of all of it going through foldText for one such character.

// widePageBits is the size of a page of wideTable, in bits of the rune.
const widePageBits = 8

// wideTable holds a page of foldEntry per 256 runes, nil until used.
var wideTable [(unicode.MaxRune + 1) >> widePageBits]atomic.Pointer[[1 << widePageBits]foldEntry]

var widePageBuild sync.Mutex // one page is built at a time

// wideEntry returns the entry of r, or nil if r is folded with its
// neighbours only. An entry with afterBoundary set holds only when the
// character after r starts a new normalisation segment (boundaryAt).
func wideEntry(r rune) *foldEntry {
	page := wideTable[r>>widePageBits].Load()
	if page == nil {
		page = buildWidePage(r >> widePageBits)
	}
	if e := &page[r&(1<<widePageBits-1)]; e.ok {
		return e
	}
	return nil
}

// buildWidePage builds and stores page p of wideTable.
func buildWidePage(p rune) *[1 << widePageBits]foldEntry {
	widePageBuild.Lock()
	defer widePageBuild.Unlock()
	if page := wideTable[p].Load(); page != nil {
		return page
	}
	page := new([1 << widePageBits]foldEntry)
	for i := range page {
		page[i] = wideEntryOf(p<<widePageBits | rune(i))
	}
	wideTable[p].Store(page)
	return page
}

// wideEntryOf computes the entry of r: a character that normalisation
// cannot join to the one before it (NFKC BoundaryBefore: a starter), nor,
// unless afterBoundary, to the one after it; or a mark or format character
// that folding removes, which leaves its neighbours as they were.
func wideEntryOf(r rune) foldEntry {
	if !utf8.ValidRune(r) {
		return foldEntry{}
	}
	s := string(r)
	f := foldText(s)
	removed := f == "" && unicode.Is(markOrFormat, r)
	p := norm.NFKC.PropertiesString(s)
	if !removed && !p.BoundaryBefore() {
		return foldEntry{}
	}
	return foldEntry{
		s: f, ok: true, class: classOfFolded(f), runes: uint8(utf8.RuneCountInString(f)),
		word: isWordRune(r), vi: isVietnameseRune(r),
		starter: p.BoundaryBefore(), removed: removed,
		afterBoundary: !removed && !p.BoundaryAfter(),
	}
}

// entryOf returns the entry of the character r of size bytes from
// foldTable or wideTable, or nil: for invalid UTF-8, or a character that
// is folded with its neighbours only.
func entryOf(r rune, size int) *foldEntry {
	switch {
	case r < foldTableSize && foldTable()[r].ok:
		return &foldTable()[r]
	case r == utf8.RuneError && size <= 1:
		return nil
	}
	return wideEntry(r)
}

// skipRemoved returns where the first character at or after text[i] that
// folding does not remove starts. Folding removes marks and format
// characters before its last step, a composition, so characters that
// they separate may still join: normalisation sees through them.
func skipRemoved(text string, i int) int {
	for i < len(text) && text[i] >= utf8.RuneSelf {
		r, size := utf8.DecodeRuneInString(text[i:])
		if e := entryOf(r, size); e == nil || !e.removed {
			break
		}
		i += size
	}
	return i
}

// boundaryAt reports whether the next character at or after text[i] that
// folding does not remove starts a new normalisation segment: it cannot
// join the one before it.
func boundaryAt(text string, i int) bool {
	i = skipRemoved(text, i)
	if i >= len(text) || text[i] < utf8.RuneSelf {
		return true
	}
	return norm.NFKC.PropertiesString(text[i:]).BoundaryBefore()
}

// wide reads the character r, of size bytes, at text[i], which foldTable
// lacks, or the run of characters folded with it; it returns where the
// next character starts.
func (s *scanner) wide(text string, i int, r rune, size int) int {
	if e := wideAt(text, i, r, size); e != nil && !s.needsRun(text, i+size) {
		s.char(e)
		return i + size
	}
	return s.run(text, i)
}

// wideAt returns the entry of the character r of size bytes at text[i] if
// it folds alone there, or nil.
func wideAt(text string, i int, r rune, size int) *foldEntry {
	if r == utf8.RuneError && size <= 1 {
		return nil // invalid UTF-8 is folded by foldText, as it folds it
	}
	e := wideEntry(r)
	if e == nil || e.afterBoundary && !boundaryAt(text, i+size) {
		return nil
	}
	return e
}

// needsRun reports whether the characters from text[k] up to the next
// starter hold one that must be folded together with the characters before
// it: one that is neither in foldTable nor a mark that folding removes.
// It remembers how far it found none, so that a long run of marks is read
// once.
func (s *scanner) needsRun(text string, k int) bool {
	if k < s.checked {
		return false
	}
	table := s.table
	for k < len(text) && text[k] >= utf8.RuneSelf {
		r, size := utf8.DecodeRuneInString(text[k:])
		var e *foldEntry
		if r < foldTableSize && table[r].ok {
			e = &table[r] // the common case: a letter with a diacritic
		} else if e = entryOf(r, size); e != nil && !e.removed && !e.starter {
			e = nil // a wide mark that folding keeps
		}
		if e == nil {
			if boundaryAt(text, k) {
				break
			}
			return true
		}
		if e.starter && !e.removed {
			break
		}
		k += size
	}
	s.checked = k
	return false
}

// run folds the characters from text[i] up to the next starter with
// foldText, and returns where it stopped. A run must start at a starter,
// or at the start of the text: one that would start at a character that
// joins the one before it, already read, makes a scan that is not careful
// stop (with s.restart) and start again carefully, looking ahead.
func (s *scanner) run(text string, i int) int {
	if !s.careful && i > 0 && !norm.NFKC.PropertiesString(text[i:]).BoundaryBefore() {
		s.restart = true
		return len(text)
	}
	_, size := utf8.DecodeRuneInString(text[i:])
	j := i + size
	for j < len(text) {
		k := skipRemoved(text, j)
		if k >= len(text) || text[k] < utf8.RuneSelf || norm.NFKC.PropertiesString(text[k:]).BoundaryBefore() {
			break
		}
		_, size := utf8.DecodeRuneInString(text[k:])
		j = k + size
	}
	s.foldRun(text[i:j])
	return j
}

// foldRun folds a run of characters of the text whose folding depends on
// each other with foldText, and splits it.
func (s *scanner) foldRun(run string) {
	for _, r := range run {
		s.vi.add(isWordRune(r), isVietnameseRune(r))
	}
	s.pushFolded(foldText(run))
}
