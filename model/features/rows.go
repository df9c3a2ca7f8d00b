package features

import "sync"

// A Lexicon is the seam between text and a model's table of weights: it
// gives each feature of a vocabulary its row in that table. It knows the
// stop words too, so that serving looks each word of a text up once, for
// the language and for the row both. A Lexicon is immutable and safe for
// concurrent use.
type Lexicon struct {
	lex *lexicon // entries: row+1 (0 for no row) and stop-word bits
}

// NewLexicon returns the lexicon of the vocabulary: vocabulary[i] gets row
// i. The vocabulary's entries must be distinct; an entry no feature can be
// (empty, or longer than any feature) gets no row.
func NewLexicon(vocabulary []string) *Lexicon {
	masks := languageMasks()
	entries := make(map[string]lexEntry, len(vocabulary)+len(masks))
	for w, stop := range masks {
		entries[w] = lexEntry{stop: stop}
	}
	for i, w := range vocabulary {
		entries[w] = lexEntry{row: int32(i) + 1, stop: masks[w]}
	}
	return &Lexicon{lex: newLexicon(entries)}
}

// AppendRows scans text once and appends to rows the row of each of its
// features (those Features returns, in the same order, repeats included),
// or -1 for a feature the vocabulary lacks. It returns the extended slice
// and the text's language (see DetectLanguage). It allocates nothing once
// rows has room for the text's features: pass the same buffer again.
func (l *Lexicon) AppendRows(rows []int32, text string) ([]int32, string) {
	s := getScanner()
	defer putScanner(s)
	s.scan(text)
	named, lang, stop := s.language(l.lex)
	for i, pair := range s.features(lang, stop) {
		if pair {
			rows = append(rows, s.pairEntry(i, l.lex).row-1)
		} else {
			rows = append(rows, s.words[i].row-1)
		}
	}
	return rows, named
}

// Row returns the row of feature, as Features writes it, and whether the
// vocabulary holds it.
func (l *Lexicon) Row(feature string) (int, bool) {
	e := l.lex.getString(feature)
	return int(e.row) - 1, e.row > 0
}

// stopLexicon is the lexicon of training: the stop words alone.
var stopLexicon = sync.OnceValue(func() *lexicon { return NewLexicon(nil).lex })
