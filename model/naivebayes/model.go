package naivebayes

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/seed134e4861/topicd/model/features"
)

// DefaultThreshold is the probability at or above which a topic is assigned.
// Probabilities are calibrated (see TopicCalibration): a topic at 0.5 is
// there about half the time, so 0.5 assigns the topics more likely there
// than not. On the development set it gave the best micro-F1 of 0.3 to 0.7
// (0.844; 0.7 gave 0.798) with 97% of no-topic items untagged. Raw naive
// Bayes needed 0.9, being overconfident.
const DefaultThreshold = 0.5

// MinKnownFeatures is the fewest features the model must know in a text to
// assign it any topic; below it the model abstains (WeakEvidence). One
// known word alone ("Anonymous", "fuite") is too little to act on. A
// headline has a few, and gets an answer: its calibrated probabilities
// (see TopicCalibration) already say how much a short text's evidence is
// worth, so abstaining at 6, as before calibration, only silenced
// headlines such as "Anonymous revendique une attaque DDoS" (4).
const MinKnownFeatures = 2

// A Model classifies text. It is immutable and safe for concurrent use.
type Model struct {
	counts  Counts // checked, and never changed
	snap    snapshot
	version string
}

// Info describes a model.
type Info struct {
	// Version is a hash of the model's counts: the same corpus gives the
	// same version.
	Version string
	// Topics are the topics the model scores, sorted by name.
	Topics []string
	// Documents is the number of training documents.
	Documents int
	// TopicDocuments counts the training documents of each topic, in the
	// order of Topics.
	TopicDocuments []int
	// VocabularySize is the number of distinct features learned.
	VocabularySize int
	// Tokenizer names the rules the features were made by
	// (features.Version).
	Tokenizer string
	// Threshold is the probability at or above which a topic is assigned.
	Threshold float64
	// MinKnownFeatures is the fewest known features a text needs to get
	// any topic.
	MinKnownFeatures int
	// Languages are the languages the model was trained on, sorted (see
	// Model.Languages): text in any other abstains.
	Languages []string
}

// A Score is one topic's probability for a text.
type Score struct {
	Topic       string
	Probability float64
	// Evidence, when asked for (Options.Explain), holds the features of the
	// text that pushed the probability up most (positive weights, strongest
	// first) and then those that pushed it down most (negative weights,
	// strongest last): at most ExplainFeatures of each.
	Evidence []Evidence
	// Passage, when asked for (Options.Explain), is the line (a paragraph
	// of crawled text) of the article whose features pushed the topic's
	// log-odds up most, cut to at most MaxPassageRunes characters at a word
	// boundary; empty when no line favours the topic.
	Passage string
}

// Evidence is one feature's part in a topic's score.
type Evidence struct {
	// Feature is the feature as the model counts it (see
	// features.Features): a folded word, or a pair of adjacent Vietnamese
	// syllables.
	Feature string
	// Count is how many times the text holds it.
	Count int
	// Weight is what it adds to the topic's log-odds: Count times its
	// log-likelihood ratio log P(f|topic) − log P(f|not topic). The prior
	// log-odds plus the weights of all the text's known features is the
	// naive-Bayes log-odds L, which the topic's calibration maps to the
	// probability (see TopicCalibration): the logit of the probability
	// itself for a model without calibration.
	Weight float64
}

// A Result is the classification of one text.
type Result struct {
	// Topics are the topics assigned, most probable first; empty when none
	// applies.
	Topics []string
	// Scores holds every topic of the model, most probable first, ties
	// broken by topic name.
	Scores []Score
	// Features is the number of features of the text; KnownFeatures the
	// number the model learned in training.
	Features, KnownFeatures int
	// Threshold is the decision threshold applied.
	Threshold float64
	// Abstained reports that no topic was assigned whatever the scores;
	// AbstainReason says why.
	Abstained     bool
	AbstainReason AbstainReason
	// Language is the language the text was read as: "en", "fr" or "vi",
	// the ISO 639-1 code of another language (features.DetectLanguage), for
	// which the model abstains with UnsupportedLanguage, or "und" when it
	// could not be told.
	Language string
}

// AbstainReason says why a model abstained on a text.
type AbstainReason int

// The reasons to abstain.
const (
	// NotAbstained: the model decided.
	NotAbstained AbstainReason = iota
	// WeakEvidence: the text holds too little evidence to act on.
	WeakEvidence
	// UnsupportedLanguage: the text is in a language the model was not
	// trained on.
	UnsupportedLanguage
)

// String names the reason.
func (r AbstainReason) String() string {
	switch r {
	case NotAbstained:
		return "none"
	case WeakEvidence:
		return "weak evidence"
	case UnsupportedLanguage:
		return "unsupported language"
	}
	return fmt.Sprintf("AbstainReason(%d)", int(r))
}

// Undetermined is Result.Language for a text whose language could not be
// told (ISO 639's code for it).
const Undetermined = "und"

// Info returns the model's description.
func (m *Model) Info() Info {
	return Info{
		Version:          m.version,
		Topics:           slices.Clone(m.counts.Topics),
		Documents:        m.counts.Documents,
		TopicDocuments:   slices.Clone(m.counts.TopicDocuments),
		VocabularySize:   m.snap.vocab,
		Tokenizer:        m.counts.Tokenizer,
		Threshold:        DefaultThreshold,
		MinKnownFeatures: MinKnownFeatures,
		Languages:        m.Languages(),
	}
}

// Version returns the model's version, a hash of its counts: the same counts
// give the same version, trained or read back from a file.
func (m *Model) Version() string { return m.version }

// Classify scores text against every topic and assigns those whose
// probability is at least DefaultThreshold. Each topic's probability comes
// from its own binary naive-Bayes classifier (see snapshot), so the
// probabilities of a text need not sum to 1.
//
// A topic is assigned only on enough evidence. The model abstains,
// assigning no topic whatever the scores, when the text holds fewer than
// MinKnownFeatures features that it learned in training: the scores of such a
// text rest on too little evidence to act on (with none at all they are the
// priors). And a topic is never assigned on its prior alone: the text's
// features must favour it (their log-likelihood ratios add up to more than
// 0), that is, its probability must be above its prior, the share of
// training documents that carry it. That matters only for thresholds below
// the prior. A text with no non-space character is an error
// wrapping ErrEmptyText.
func (m *Model) Classify(text string) (Result, error) {
	return m.ClassifyWith(text, Options{})
}

// Options adjust one classification. The zero value is Classify's defaults.
type Options struct {
	// Threshold is the probability at or above which a topic is assigned,
	// in (0, 1]; 0 means DefaultThreshold. Any other value is an error
	// wrapping ErrBadThreshold.
	Threshold float64
	// Explain asks for each score's Evidence and Passage. Without it,
	// classifying does no work for explanations.
	Explain bool
	// ExplainBytes, when over 0, draws the evidence and passages from the
	// first ExplainBytes bytes of the text only (cut between characters);
	// topics and probabilities are still the whole text's. An explanation
	// is for a person to read, and explaining costs a string per feature.
	ExplainBytes int
}

// ClassifyWith is Classify with options.
func (m *Model) ClassifyWith(text string, o Options) (Result, error) {
	threshold := o.Threshold
	if threshold == 0 {
		threshold = DefaultThreshold
	}
	if !(threshold > 0 && threshold <= 1) {
		return Result{}, fmt.Errorf("%w: %v is not in (0, 1]", ErrBadThreshold, o.Threshold)
	}
	if strings.TrimSpace(text) == "" {
		return Result{}, ErrEmptyText
	}
	text = articleText(text)
	var buf [len(weightRow{})]float64 // the odds of every topic, on the stack
	odds := buf[:len(m.snap.topics)]
	feats, known, lang := m.snap.classify(text, odds)
	if lang == "" {
		lang = Undetermined
	}
	r := Result{
		Scores:        make([]Score, len(odds)),
		Features:      feats,
		KnownFeatures: known,
		Threshold:     threshold,
		Language:      lang,
	}
	if known < MinKnownFeatures {
		r.Abstained, r.AbstainReason = true, WeakEvidence
	}
	if !m.readsLanguage(lang) {
		r.Abstained, r.AbstainReason = true, UnsupportedLanguage
	}
	for t, l := range odds {
		r.Scores[t] = Score{Topic: m.snap.topics[t], Probability: m.snap.calib[t].calibrated(l, known)}
		odds[t] = l - m.snap.bias[t] // from now on, the text's own evidence
	}
	if o.Explain {
		head := prefix(text, o.ExplainBytes)
		m.snap.explain(features.Features(head), r.Scores, ExplainFeatures)
		m.snap.passages(head, r.Scores)
	}
	slices.SortStableFunc(r.Scores, func(a, b Score) int {
		if c := cmp.Compare(b.Probability, a.Probability); c != 0 {
			return c
		}
		return strings.Compare(a.Topic, b.Topic)
	})
	if !r.Abstained {
		for _, s := range r.Scores {
			if s.Probability >= threshold && odds[slices.Index(m.snap.topics, s.Topic)] > 0 {
				r.Topics = append(r.Topics, s.Topic)
			}
		}
	}
	return r, nil
}

// String describes the model in one line.
func (m *Model) String() string {
	return fmt.Sprintf("model %s (%d documents, %d features, topics %s)",
		m.version, m.counts.Documents, m.snap.vocab, strings.Join(m.counts.Topics, ","))
}

// New checks counts and compiles them into a model. Every model comes
// through here, trained or read from a file, so both are checked alike and
// the same counts give the same model. Counts that a model cannot be made
// of (another tokenizer, unknown or unsorted topics, a smoothing out of
// range, counts that are not positive whole numbers or do not add up to
// their totals, a topic that no document or every document carries) are an
// error. New keeps its own copy of counts.
func New(counts Counts) (*Model, error) { return newModel(counts, true) }

// newModel is New; unless balanced is set, a topic may lack examples or
// counter-examples (see TrainFeatures).
func newModel(counts Counts, balanced bool) (*Model, error) {
	c := counts.clone()
	if err := c.check(balanced); err != nil {
		return nil, err
	}
	return &Model{counts: c, snap: compile(&c), version: c.version()}, nil
}

// Counts returns a copy of the counts the model was made of.
func (m *Model) Counts() Counts { return m.counts.clone() }

// prefix returns the first n bytes of text, cut back to a character
// boundary, or all of text when n is 0 or text is shorter.
func prefix(text string, n int) string {
	if n <= 0 || n >= len(text) {
		return text
	}
	for n > 0 && !utf8.RuneStart(text[n]) {
		n--
	}
	return text[:n]
}
