package naivebayes

import (
	"cmp"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/seed134e4861/topicd/model/corpus"
)

// TopicCalibration maps one topic's naive-Bayes log-odds to a calibrated
// probability. For a text whose raw log-odds are L (the prior log-odds plus
// the log-likelihood ratios of its features, what scikit-learn's
// MultinomialNB gives) and which holds n features the model knows:
//
//	x    = L / (1 + n)^γ                      (γ = LengthExponent: evidence per feature, length-aware)
//	P(t) = σ(a + b·x) = 1 / (1 + e^−(a+b·x))  (a = Intercept, b = Slope: Platt scaling)
//
// Naive Bayes counts every feature as independent evidence, so L grows
// with the length of the text; γ > 0 divides that growth out, and a and b
// map the result onto how often the topic is really there. Identity (a 0,
// b 1, γ 0) is the raw naive-Bayes probability.
type TopicCalibration struct {
	Intercept      float64 `json:"intercept"`
	Slope          float64 `json:"slope"`
	LengthExponent float64 `json:"length_exponent"`
}

// identity is the calibration that changes nothing.
var identity = TopicCalibration{Slope: 1}

// Calibration fitting: how the map of each topic is learned at training
// time (fitCalibration).
const (
	// CalibrationFolds is the number of folds of the cross-validation whose
	// held-out log-odds the calibration is fitted on: document i of the
	// corpus (sorted by ID) is in fold i mod CalibrationFolds.
	CalibrationFolds = 5
	// CalibrationC is the inverse strength of the L2 penalty on the slope,
	// as scikit-learn's LogisticRegression(C=1) (the intercept is not
	// penalised): the fit minimises Σ log-loss + b²/(2C).
	CalibrationC = 1.0
	// MinCalibrationDocuments is the fewest held-out training documents
	// with a topic, and without it, that its calibration is fitted on:
	// below it the five seed articles would "learn" a map from one or two
	// documents.
	MinCalibrationDocuments = 10
	// newtonSteps bounds the Newton iterations of the fit.
	newtonSteps = 100
	// maxLengthExponent bounds γ in a model's counts.
	maxLengthExponent = 2
)

// lengthExponents are the values of γ that fitting tries; it keeps the one
// of least log-loss on the held-out log-odds.
var lengthExponents = []float64{0, 0.25, 0.5, 0.75, 1}

// calibrated returns P(t) for raw log-odds l of a text with n known
// features (see TopicCalibration).
func (c TopicCalibration) calibrated(l float64, n int) float64 {
	if math.IsInf(l, 0) { // a topic without examples or counter-examples
		return probability(l)
	}
	return probability(c.logit(l, n))
}

// logit is a + b·L/(1+n)^γ.
func (c TopicCalibration) logit(l float64, n int) float64 {
	return c.Intercept + c.Slope*c.scaled(l, n)
}

// scaled is x = L/(1+n)^γ.
func (c TopicCalibration) scaled(l float64, n int) float64 {
	if c.LengthExponent == 0 {
		return l
	}
	return l / math.Pow(float64(1+n), c.LengthExponent)
}

// check reports a calibration a model cannot use.
func (c TopicCalibration) check(topic string) error {
	for _, v := range []float64{c.Intercept, c.Slope, c.LengthExponent} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("topic %q: calibration %+v is not finite", topic, c)
		}
	}
	if c.LengthExponent < 0 || c.LengthExponent > maxLengthExponent {
		return fmt.Errorf("topic %q: calibration length exponent %v is not in [0, %d]", topic, c.LengthExponent, maxLengthExponent)
	}
	return nil
}

// byID returns docs and their features sorted by document ID (then by
// text), so that the folds, and the order of every sum over documents, do
// not depend on the order the documents came in.
func byID(docs []corpus.Document, feats [][]string) ([]corpus.Document, [][]string) {
	idx := make([]int, len(docs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		return cmp.Or(strings.Compare(docs[a].ID, docs[b].ID), strings.Compare(docs[a].Text, docs[b].Text))
	})
	d, f := make([]corpus.Document, len(docs)), make([][]string, len(docs))
	for i, j := range idx {
		d[i], f[i] = docs[j], feats[j]
	}
	return d, f
}

// heldOut is a training document's raw log-odds for each topic by a model
// trained without its fold, and how many of its features that model knew.
type heldOut struct {
	odds  []float64
	known int
}

// crossValidated scores each document with a model trained on the
// documents of the other CalibrationFolds-1 folds: what the calibration
// is fitted on. feats[i] are the features of docs[i]. The folds are
// independent and each writes only its own documents' scores, so they run
// concurrently, at most GOMAXPROCS at a time; the result, and the first
// error in fold order, are those of running them one after the other.
func crossValidated(docs []corpus.Document, feats [][]string, topics []string) ([]heldOut, error) {
	out := make([]heldOut, len(docs))
	k := min(CalibrationFolds, len(docs))
	errs := make([]error, k)
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for f := range k {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			errs[f] = scoreFold(docs, feats, topics, f, k, out)
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// scoreFold scores the documents of fold f of k (i%k == f) into out, with
// a model trained on the other folds.
func scoreFold(docs []corpus.Document, feats [][]string, topics []string, f, k int, out []heldOut) error {
	var trainDocs []corpus.Document
	var trainFeats [][]string
	for i := range docs {
		if i%k != f {
			trainDocs, trainFeats = append(trainDocs, docs[i]), append(trainFeats, feats[i])
		}
	}
	if len(trainDocs) == 0 {
		return nil
	}
	counts, err := countDocuments(trainDocs, trainFeats, topics)
	if err != nil {
		return err
	}
	snap := compile(&counts)
	for i := f; i < len(docs); i += k {
		out[i].odds = make([]float64, len(topics))
		out[i].known = snap.scoreFeatures(feats[i], out[i].odds)
	}
	return nil
}

// scoreFeatures is classify on features already made: it adds the prior
// log-odds and the log-likelihood ratios of the known features into out and
// returns how many features were known.
func (s *snapshot) scoreFeatures(feats []string, out []float64) (known int) {
	copy(out, s.bias)
	for _, f := range feats {
		row, ok := s.lex.Row(f)
		if !ok {
			continue
		}
		known++
		for t := range out {
			out[t] += s.weights[row][t]
		}
	}
	return known
}

// count returns how many of ys are y.
func count(ys []bool, y bool) int {
	n := 0
	for _, v := range ys {
		if v == y {
			n++
		}
	}
	return n
}

// fitCalibration fits each topic's calibration on the held-out log-odds
// of the training documents: for each γ of lengthExponents, a and b by
// L2-penalised logistic regression of the labels on x = L/(1+n)^γ (see
// fitLogistic); it keeps the γ of least mean log-loss, the first of
// equals, among the fits of positive slope. A topic with fewer than
// MinCalibrationDocuments held-out documents (those whose fold had
// examples and counter-examples of it) that carry it, or that do not,
// keeps the identity (raw naive-Bayes probabilities), as does one with no
// fit of positive slope.
func fitCalibration(docs []corpus.Document, held []heldOut, topics []string) []TopicCalibration {
	out := make([]TopicCalibration, len(topics))
	for t, topic := range topics {
		l, n, y := calibrationPoints(docs, held, t, topic)
		out[t] = identity
		if pos := count(y, true); pos < MinCalibrationDocuments || len(y)-pos < MinCalibrationDocuments {
			continue
		}
		best := math.Inf(1)
		for _, g := range lengthExponents {
			c := TopicCalibration{LengthExponent: g}
			x := make([]float64, len(l))
			for i := range l {
				x[i] = c.scaled(l[i], n[i])
			}
			c.Intercept, c.Slope = fitLogistic(x, y, 1/CalibrationC)
			if !(c.Slope > 0) { // evidence for the topic must not lower its probability
				continue
			}
			if loss := meanLogLoss(c, l, n, y); loss < best {
				best, out[t] = loss, c
			}
		}
	}
	return out
}

// calibrationPoints returns what topic t's calibration is fitted on: for
// each document whose fold model had examples and counter-examples of it,
// its held-out log-odds, known features, and whether it carries the topic.
func calibrationPoints(docs []corpus.Document, held []heldOut, t int, topic string) (l []float64, n []int, y []bool) {
	for i, h := range held {
		if h.odds == nil || math.IsInf(h.odds[t], 0) {
			continue
		}
		l, n, y = append(l, h.odds[t]), append(n, h.known), append(y, slices.Contains(docs[i].Topics, topic))
	}
	return l, n, y
}

// meanLogLoss is the mean log-loss of calibration c on log-odds l, known
// counts n and labels y.
func meanLogLoss(c TopicCalibration, l []float64, n []int, y []bool) float64 {
	sum := 0.0
	for i := range l {
		z := c.logit(l[i], n[i])
		if !y[i] {
			z = -z
		}
		sum += softplus(-z) // −log σ(z)
	}
	return sum / float64(len(l))
}

// softplus is log(1 + e^z), without overflow.
func softplus(z float64) float64 {
	if z > 0 {
		return z + math.Log1p(math.Exp(-z))
	}
	return math.Log1p(math.Exp(z))
}

// fitLogistic returns the a and b that minimise
//
//	F(a, b) = Σ_i log(1 + e^−s_i(a+b·x_i)) + λ·b²/2,   s_i = +1 if y_i else −1
//
// (scikit-learn's LogisticRegression(C=1/λ) on the one feature x, whose
// intercept is not penalised), by Newton's method from a = b = 0 with step
// halving until F decreases, for at most newtonSteps steps: the same data
// always give the same a and b. With both classes present and λ > 0, F
// has a unique minimum.
func fitLogistic(x []float64, y []bool, lambda float64) (a, b float64) {
	f := func(a, b float64) float64 {
		sum := lambda * b * b / 2
		for i := range x {
			z := a + b*x[i]
			if !y[i] {
				z = -z
			}
			sum += softplus(-z)
		}
		return sum
	}
	cur := f(a, b)
	for range newtonSteps {
		var ga, gb, haa, hab, hbb float64
		gb, hbb = lambda*b, lambda
		for i := range x {
			p := probability(a + b*x[i])
			r := p
			if y[i] {
				r = p - 1
			}
			w := p * (1 - p)
			ga, gb = ga+r, gb+r*x[i]
			haa, hab, hbb = haa+w, hab+w*x[i], hbb+w*x[i]*x[i]
		}
		det := haa*hbb - hab*hab
		if !(det > 0) || math.Abs(ga)+math.Abs(gb) < 1e-12 {
			break
		}
		da, db := (hbb*ga-hab*gb)/det, (haa*gb-hab*ga)/det
		step, improved := 1.0, false
		for range 50 {
			na, nb := a-step*da, b-step*db
			if v := f(na, nb); v <= cur {
				a, b, cur, improved = na, nb, v, true
				break
			}
			step /= 2
		}
		if !improved {
			break
		}
	}
	return a, b
}
