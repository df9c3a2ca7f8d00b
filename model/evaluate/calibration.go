package evaluate

import (
	"math"
)

// Calibration measures how well one topic's probabilities match what
// happened, over N texts with probabilities p_i and labels y_i (1 when the
// text carries the topic, else 0):
//
//	Brier   = (1/N) Σ (p_i − y_i)²
//	LogLoss = −(1/N) Σ [y_i log p_i + (1 − y_i) log(1 − p_i)]   (p_i clipped to [1e−15, 1 − 1e−15])
//	ECE     = Σ_b (n_b/N) |mean p in b − share of y = 1 in b|   (ReliabilityBins equal-width bins of p)
//
// Lower is better for all three; a model that always says the base rate r
// has Brier r(1 − r).
type Calibration struct {
	N                   int
	Brier, LogLoss, ECE float64
}

// ReliabilityBins is the number of equal-width probability bins of the
// expected calibration error and the reliability table.
const ReliabilityBins = 10

// logLossClip keeps log-loss finite for probabilities of exactly 0 or 1,
// as scikit-learn's log_loss clips them.
const logLossClip = 1e-15

// Calibrate measures the calibration of probabilities probs against labels
// (labels[i] reports whether text i carries the topic). It returns the zero
// Calibration when there are no texts.
func Calibrate(probs []float64, labels []bool) Calibration {
	c := Calibration{N: len(probs)}
	if c.N == 0 {
		return c
	}
	for i, p := range probs {
		y := 0.0
		if labels[i] {
			y = 1
		}
		c.Brier += (p - y) * (p - y)
		q := min(max(p, logLossClip), 1-logLossClip)
		if labels[i] {
			c.LogLoss -= math.Log(q)
		} else {
			c.LogLoss -= math.Log(1 - q)
		}
	}
	n := float64(c.N)
	c.Brier /= n
	c.LogLoss /= n
	for _, b := range Reliability(probs, labels) {
		c.ECE += float64(b.Items) / n * math.Abs(b.MeanPredicted-b.ObservedRate)
	}
	return c
}

// A ReliabilityBin is one row of a reliability table: the texts whose
// probability lies in [Lo, Hi) (the last bin includes 1), their mean
// probability and the share of them that carry the topic.
type ReliabilityBin struct {
	Lo, Hi        float64
	Items         int
	MeanPredicted float64
	ObservedRate  float64
}

// Reliability returns the ReliabilityBins equal-width bins of probs, bin b
// holding the probabilities p with min(⌊10p⌋, 9) = b; an empty bin has
// MeanPredicted and ObservedRate 0.
func Reliability(probs []float64, labels []bool) []ReliabilityBin {
	bins := make([]ReliabilityBin, ReliabilityBins)
	for b := range bins {
		bins[b].Lo = float64(b) / ReliabilityBins
		bins[b].Hi = float64(b+1) / ReliabilityBins
	}
	for i, p := range probs {
		b := min(max(int(p*ReliabilityBins), 0), ReliabilityBins-1)
		bins[b].Items++
		bins[b].MeanPredicted += p
		if labels[i] {
			bins[b].ObservedRate++
		}
	}
	for b := range bins {
		if n := float64(bins[b].Items); n > 0 {
			bins[b].MeanPredicted /= n
			bins[b].ObservedRate /= n
		}
	}
	return bins
}

// ConfidentlyWrong counts the decisions among probs that are wrong at
// confidence conf or more: p ≥ conf for a text without the topic, or
// p ≤ 1 − conf for a text with it. It returns that count and the number
// of decisions.
func ConfidentlyWrong(probs []float64, labels []bool, conf float64) (wrong, total int) {
	for i, p := range probs {
		if (!labels[i] && p >= conf) || (labels[i] && p <= 1-conf) {
			wrong++
		}
	}
	return wrong, len(probs)
}
