package naivebayes

import (
	"math"
	"slices"
	"sync"

	"github.com/seed134e4861/topicd/model/features"
)

// Alpha is the additive (Lidstone) smoothing of the feature probabilities
// that Train gives a model; its Counts record it. It is chosen by 10-fold
// cross-validation over the default training corpus (server eval prints
// it): of 0.05, 0.1, 0.2 and 0.3, 0.2 scores best, and the development set
// agrees. Laplace's 1 drowns the few documents a topic has in a vocabulary
// of tens of thousands of features.
const Alpha = 0.2

// snapshot is the serving form of a model: immutable, safe for concurrent
// use without locks, one lexicon lookup per word.
//
// For topic t with yes-class y and no-class n, over the global vocabulary V
// (every feature learned by any class), the counts give the feature counts
// N_c(f), the class totals N_c = Σ_f N_c(f), and the document counts D_y
// (documents carrying t) and D_n = D − D_y. Then, exactly as scikit-learn's
// MultinomialNB(alpha=α, fit_prior=True), α being the counts' Alpha:
//
//	log P(c)   = log D_c − log D                         (priors from document counts, unsmoothed)
//	log P(f|c) = log(N_c(f) + α) − log(N_c + α|V|)        (additive smoothing over the global vocabulary)
//
// and the snapshot keeps, per topic, the prior log-odds and, per feature,
// the log-likelihood ratio:
//
//	bias[t]      = log P(y) − log P(n)
//	weight[f][t] = log P(f|y) − log P(f|n)
//
// Features not in V (never seen in training) are ignored, as a
// CountVectorizer fitted on the training corpus ignores them.
type snapshot struct {
	topics []string
	// lex gives every feature of V its row of weights, and knows the stop
	// words, so serving looks a word up once for both.
	lex   *features.Lexicon
	vocab int // |V|
	// weights holds one row of log-likelihood ratios per feature of V, in
	// the order of the lexicon's rows.
	weights []weightRow
	bias    []float64
	// calib maps each topic's log-odds to its probability (identity for
	// counts without calibration).
	calib []TopicCalibration
}

// weightRow holds a feature's log-likelihood ratios, one per topic. Its
// length is the number of topics topicd knows (a model has at most those;
// the rest of the row is 0), which classify writes out and
// TestWeightRowFitsTopics checks.
type weightRow [4]float64

// compile compiles checked counts (see Counts.check). A topic that no
// document (or every document) carries gets prior log-odds −Inf (or +Inf).
func compile(c *Counts) snapshot {
	words := c.Vocabulary()
	snap := snapshot{
		topics:  slices.Clone(c.Topics),
		lex:     features.NewLexicon(words),
		vocab:   len(words),
		weights: make([]weightRow, len(words)),
		bias:    make([]float64, len(c.Topics)),
	}
	for t := range c.Topics {
		snap.calib = append(snap.calib, identity)
		if len(c.Calibration) > 0 {
			snap.calib[t] = c.Calibration[t]
		}
		snap.bias[t] = priorLogOdds(c.TopicDocuments[t], c.Documents)
		snap.addWeights(t, words, &c.Classes[t], c.Alpha)
	}
	return snap
}

// priorLogOdds is log P(y) − log P(n) for a topic that dy of d documents
// carry. log(0) is −Inf: an unbalanced topic's prior decides alone.
func priorLogOdds(dy, d int) float64 {
	return math.Log(float64(dy)) - math.Log(float64(d-dy))
}

// addWeights fills in column t of the weights: each feature's
// log-likelihood ratio for the topic whose classes' counts are tc.
func (s *snapshot) addWeights(t int, words []string, tc *TopicCounts, alpha float64) {
	v := float64(len(words))
	logYes := math.Log(float64(tc.Yes.Total) + alpha*v)
	logNo := math.Log(float64(tc.No.Total) + alpha*v)
	for i, w := range words {
		s.weights[i][t] = (math.Log(tc.Yes.Features[w]+alpha) - logYes) - (math.Log(tc.No.Features[w]+alpha) - logNo)
	}
}

// rowsPool holds the buffers classify gathers a text's rows in.
var rowsPool = sync.Pool{New: func() any { return new([]int32) }}

// classify adds up, for every topic, the prior log-odds and the
// log-likelihood ratios of the features of text, into out; it returns how
// many features the text has, how many the model knew, and the text's
// language ("" when unknown). It allocates nothing once its pooled buffers
// have grown.
func (s *snapshot) classify(text string, out []float64) (feats, known int, lang string) {
	buf := rowsPool.Get().(*[]int32)
	rows, lang := s.lex.AppendRows((*buf)[:0], text)
	// Four sums in registers, not a row in memory: see weightRow.
	var s0, s1, s2, s3 float64
	for _, row := range rows {
		if row < 0 {
			continue
		}
		known++
		w := &s.weights[row]
		s0, s1, s2, s3 = s0+w[0], s1+w[1], s2+w[2], s3+w[3]
	}
	feats = len(rows)
	if cap(rows) <= 1<<20 { // buffers over what a text of a few MB needs are not kept
		*buf = rows
		rowsPool.Put(buf)
	}
	sum := weightRow{s0, s1, s2, s3}
	for t := range out {
		out[t] = sum[t] + s.bias[t]
	}
	return feats, known, lang
}

// probability turns log-odds L = log P(y|x) − log P(n|x) into P(y|x) by
// log-sum-exp: P(y|x) = exp(L − log(e^L + e^0)) = 1 / (1 + e^−L), computed
// without overflow for any L.
func probability(l float64) float64 {
	if l >= 0 {
		return 1 / (1 + math.Exp(-l))
	}
	e := math.Exp(l)
	return e / (1 + e)
}
