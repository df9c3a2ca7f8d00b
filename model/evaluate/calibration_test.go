package evaluate

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestCalibrate(t *testing.T) {
	// Four texts, one per bin 9, 2, 6 and 0; worked out by hand.
	probs := []float64{0.9, 0.25, 0.65, 0.05}
	labels := []bool{true, false, false, true}
	got := Calibrate(probs, labels)
	want := Calibration{
		N:       4,
		Brier:   (0.01 + 0.0625 + 0.4225 + 0.9025) / 4,
		LogLoss: -(math.Log(0.9) + math.Log(0.75) + math.Log(0.35) + math.Log(0.05)) / 4,
		ECE:     (0.1 + 0.25 + 0.65 + 0.95) / 4,
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("Calibrate(%v, %v) (-want +got):\n%s", probs, labels, diff)
	}

	// Perfect and certain: no loss; certain and wrong: log-loss clipped.
	if got := Calibrate([]float64{1, 0}, []bool{true, false}); got.Brier != 0 || got.ECE != 0 || got.LogLoss > 1e-14 {
		t.Errorf("Calibrate(perfect) = %+v, want zeros", got)
	}
	if got := Calibrate([]float64{0}, []bool{true}); math.Abs(got.LogLoss+math.Log(logLossClip)) > 1e-9 || got.Brier != 1 || got.ECE != 1 {
		t.Errorf("Calibrate(certain and wrong) = %+v, want log-loss %v, Brier 1, ECE 1", got, -math.Log(logLossClip))
	}
	if got := Calibrate(nil, nil); got != (Calibration{}) {
		t.Errorf("Calibrate(nil) = %+v, want zero", got)
	}
}

func TestReliability(t *testing.T) {
	probs := []float64{0.91, 0.97, 0.15, 1, 0}
	labels := []bool{true, false, true, true, false}
	bins := Reliability(probs, labels)
	if len(bins) != ReliabilityBins {
		t.Fatalf("Reliability gives %d bins, want %d", len(bins), ReliabilityBins)
	}
	want := map[int]ReliabilityBin{
		0: {Lo: 0, Hi: 0.1, Items: 1, MeanPredicted: 0, ObservedRate: 0},
		1: {Lo: 0.1, Hi: 0.2, Items: 1, MeanPredicted: 0.15, ObservedRate: 1},
		9: {Lo: 0.9, Hi: 1, Items: 3, MeanPredicted: (0.91 + 0.97 + 1) / 3, ObservedRate: 2.0 / 3},
	}
	for b, got := range bins {
		w, ok := want[b]
		if !ok {
			w = ReliabilityBin{Lo: float64(b) / 10, Hi: float64(b+1) / 10}
		}
		if diff := cmp.Diff(w, got, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
			t.Errorf("Reliability bin %d (-want +got):\n%s", b, diff)
		}
	}
}

func TestConfidentlyWrong(t *testing.T) {
	probs := []float64{0.995, 0.99, 0.985, 0.005, 0.01, 0.5, 0.999, 0.001}
	labels := []bool{false, false, false, true, true, true, true, false}
	if wrong, total := ConfidentlyWrong(probs, labels, 0.99); wrong != 4 || total != 8 {
		t.Errorf("ConfidentlyWrong(%v, %v, 0.99) = %d, %d, want 4, 8", probs, labels, wrong, total)
	}
}
