package model

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/jbrukh/bayesian"
)

// Alpha is the additive (Lidstone) smoothing of the word probabilities that
// Train gives a model; the model file records it. It was chosen on the
// evaluation (see the README): Laplace's 1 drowns the few documents a topic
// has in a vocabulary of thousands of words, and leave-one-out over the
// training corpus and the development set both did best between 0.03 and 0.1.
const Alpha = 0.05

// maxAlpha bounds the smoothing a model file may declare.
const maxAlpha = 100

// snapshot is the serving form of a model: immutable, safe for concurrent
// use without locks, one lexicon lookup per word.
//
// For topic t with yes-class y and no-class n, over the global vocabulary V
// (every token learned by any class), the training store gives the token
// counts N_c(w), the class totals N_c = Σ_w N_c(w), and the header gives the
// document counts D_y (documents carrying t) and D_n = D − D_y. Then, exactly
// as scikit-learn's MultinomialNB(alpha=α, fit_prior=True), α being the
// header's Alpha:
//
//	log P(c)   = log D_c − log D                         (priors from document counts, unsmoothed)
//	log P(w|c) = log(N_c(w) + α) − log(N_c + α|V|)        (additive smoothing over the global vocabulary)
//
// and the snapshot keeps, per topic, the prior log-odds and, per token, the
// log-likelihood ratio:
//
//	bias[t]      = log P(y) − log P(n)
//	weight[w][t] = log P(w|y) − log P(w|n)
//
// Tokens not in V (never seen in training) are ignored, as a CountVectorizer
// fitted on the training corpus ignores them.
type snapshot struct {
	topics []string
	// lex holds every token of V and every stop word: the token's row of
	// weights (plus one; 0 for a stop word never learned) and its stop-word
	// bits, so serving looks a word up once for both.
	lex   *lexicon
	vocab int // |V|
	// weights holds one row of log-likelihood ratios per token, one per
	// topic of the model (a model has at most the four topicd knows; the
	// rest of the row is 0).
	weights []weightRow
	bias    []float64
}

// weightRow holds a token's log-likelihood ratios, one per topic. Its
// length is the number of topics topicd knows, which classify writes out.
type weightRow [len(topics)]float64

// The length of weightRow is 4: classify adds up its four columns by name.
var _ = [1]struct{}{}[len(weightRow{})-4]

// compile checks the training store against the header and compiles it.
//
// Unless balanced is set, a topic that no document (or every document)
// carries is accepted, with prior log-odds −Inf (or +Inf).
func compile(h header, s *gobClassifier, balanced bool) (snapshot, error) {
	k := len(h.Topics)
	if k == 0 || !slices.IsSorted(h.Topics) || len(slices.Compact(slices.Clone(h.Topics))) != k {
		return snapshot{}, errors.New("header: topics must be distinct and sorted")
	}
	for _, t := range h.Topics {
		if !IsTopic(t) {
			return snapshot{}, fmt.Errorf("header: unknown topic %q", t)
		}
	}
	alpha := h.Alpha
	if !(alpha > 0 && alpha <= maxAlpha) {
		return snapshot{}, fmt.Errorf("header: smoothing alpha %v is not in (0, %d]", alpha, maxAlpha)
	}
	if len(h.TopicDocuments) != k {
		return snapshot{}, errors.New("header: one document count per topic is needed")
	}
	if !slices.Equal(s.Classes, storeClasses(h.Topics)) {
		return snapshot{}, fmt.Errorf("training store classes %q do not match topics %q", s.Classes, h.Topics)
	}
	if s.TfIdf || s.DidConvertTfIdf {
		return snapshot{}, errors.New("training store is a TF-IDF classifier; topicd trains counts")
	}
	if h.Documents <= 0 || s.Learned != h.Documents*k {
		return snapshot{}, fmt.Errorf("training store learned %d documents, header says %d documents x %d topics", s.Learned, h.Documents, k)
	}
	vocab := map[string]struct{}{}
	for _, class := range s.Classes {
		d := s.Datas[class]
		if d == nil {
			return snapshot{}, fmt.Errorf("training store has no data for class %q", class)
		}
		sum := 0.0
		for w, n := range d.Freqs {
			if n < 1 || n != math.Trunc(n) || n > 1<<53 {
				return snapshot{}, fmt.Errorf("class %q: count of %q is %v, want a positive whole number", class, w, n)
			}
			sum += n
			vocab[w] = struct{}{}
		}
		if float64(d.Total) != sum {
			return snapshot{}, fmt.Errorf("class %q: total %d does not match its counts (%v)", class, d.Total, sum)
		}
	}
	words := sortedKeys(vocab)
	snap := snapshot{
		topics:  slices.Clone(h.Topics),
		vocab:   len(words),
		weights: make([]weightRow, len(words)),
		bias:    make([]float64, k),
	}
	v := float64(len(words))
	for t, topic := range h.Topics {
		dy := h.TopicDocuments[t]
		if dy < 0 || dy > h.Documents || (balanced && (dy == 0 || dy == h.Documents)) {
			return snapshot{}, fmt.Errorf("topic %q: %d of %d documents carry it; both classes need documents", topic, dy, h.Documents)
		}
		// log(0) is −Inf: an unbalanced topic's prior decides alone.
		snap.bias[t] = math.Log(float64(dy)) - math.Log(float64(h.Documents-dy))
		yes, no := s.Datas[bayesian.Class(topic)], s.Datas[bayesian.Class(notPrefix+topic)]
		logYes := math.Log(float64(yes.Total) + alpha*v)
		logNo := math.Log(float64(no.Total) + alpha*v)
		for i, w := range words {
			snap.weights[i][t] = (math.Log(yes.Freqs[w]+alpha) - logYes) - (math.Log(no.Freqs[w]+alpha) - logNo)
		}
	}
	entries := make(map[string]lexEntry, len(words)+len(stopMasks))
	for w, stop := range stopMasks {
		entries[w] = lexEntry{stop: stop}
	}
	for i, w := range words {
		entries[w] = lexEntry{row: int32(i) + 1, stop: stopMasks[w]}
	}
	snap.lex = newLexicon(entries)
	return snap, nil
}

// row returns the row of token's weights, if the model learned it.
func (s *snapshot) row(token string) (int32, bool) {
	e := s.lex.getString(token)
	return e.row - 1, e.row > 0
}

// classify adds up, for every topic, the prior log-odds and the
// log-likelihood ratios of the features of the scanned text (those
// scanner.features visits, counted here without visiting them), into out;
// it returns how many features the text has and how many the model knew. It
// allocates nothing.
func (s *snapshot) classify(sc *scanner, viWords int, out []float64) (features, known int) {
	// Four sums in registers, not a row in memory: see weightRow.
	var s0, s1, s2, s3 float64
	add := func(row int32) {
		features++
		if row == 0 {
			return
		}
		known++
		w := &s.weights[row-1]
		s0, s1, s2, s3 = s0+w[0], s1+w[1], s2+w[2], s3+w[3]
	}
	lang, stop := sc.language(viWords, s.lex)
	pairs := lang == Vietnamese
	for i := range sc.words {
		if w := &sc.words[i]; w.isFeature(stop) {
			add(w.row)
		}
		if pairs && sc.isPair(i, stop) {
			add(sc.pair(i, s.lex).row)
		}
	}
	sum := weightRow{s0, s1, s2, s3}
	for t := range out {
		out[t] = sum[t] + s.bias[t]
	}
	return features, known
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

// explain fills in the Evidence of every score (scores in topic order): the
// limit features with the largest weights for each topic, and the limit
// with the largest weights against it.
func (s *snapshot) explain(features []string, scores []Score, limit int) {
	counts := map[int32]int{}
	var rows []int32
	for _, f := range features {
		row, ok := s.row(f)
		if !ok {
			continue
		}
		if counts[row] == 0 {
			rows = append(rows, row)
		}
		counts[row]++
	}
	words := make(map[int32]string, len(rows))
	for _, f := range features {
		if row, ok := s.row(f); ok {
			words[row] = f
		}
	}
	for t := range scores {
		all := make([]Evidence, 0, len(rows))
		for _, row := range rows {
			c := counts[row]
			all = append(all, Evidence{Feature: words[row], Count: c, Weight: float64(c) * s.weights[row][t]})
		}
		// Strongest first, ties by feature, so explanations are deterministic.
		slices.SortFunc(all, func(a, b Evidence) int {
			if c := cmp.Compare(b.Weight, a.Weight); c != 0 {
				return c
			}
			return strings.Compare(a.Feature, b.Feature)
		})
		up := 0
		for up < len(all) && up < limit && all[up].Weight > 0 {
			up++
		}
		down := len(all)
		for down > up && len(all)-down < limit && all[down-1].Weight < 0 {
			down--
		}
		scores[t].Evidence = append(slices.Clip(all[:up]), all[down:]...)
	}
}
