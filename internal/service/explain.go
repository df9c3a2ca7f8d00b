package service

import (
	"unicode/utf8"

	"github.com/seed134e4861/topicd/model/naivebayes"
)

// classifyExplained classifies text with m. When opts asks for evidence and
// the text is over maxExplain bytes (0: no limit), the whole text is
// classified without it, and the evidence is drawn from its first
// maxExplain bytes only: an explanation is for a person to read, and
// explaining costs a string per feature, so a megabyte explained would cost
// far more than it is worth.
func classifyExplained(m *naivebayes.Model, text string, opts naivebayes.Options, maxExplain int) (naivebayes.Result, error) {
	if !opts.Explain || maxExplain <= 0 || len(text) <= maxExplain {
		return m.ClassifyWith(text, opts)
	}
	whole := opts
	whole.Explain = false
	r, err := m.ClassifyWith(text, whole)
	if err != nil {
		return r, err
	}
	head, err := m.ClassifyWith(prefix(text, maxExplain), opts)
	if err != nil { // a head of white space only: no evidence
		return r, nil
	}
	for i := range r.Scores {
		for _, h := range head.Scores {
			if h.Topic == r.Scores[i].Topic {
				r.Scores[i].Evidence = h.Evidence
			}
		}
	}
	return r, nil
}

// prefix returns the first n bytes of text or fewer, cut between
// characters.
func prefix(text string, n int) string {
	for n > 0 && n < len(text) && !utf8.RuneStart(text[n]) {
		n--
	}
	return text[:n]
}
