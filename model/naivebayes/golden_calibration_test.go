package naivebayes

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seed134e4861/topicd/model/features"
)

// The calibration golden files, relative to the package directory.
const (
	goldenCalScript  = goldenDir + "/sklearn_calibration.py"
	goldenCalPoints  = goldenDir + "/calibration_points.json"
	goldenCalSklearn = goldenDir + "/sklearn_calibration.json"
	// goldenCalTol bounds the difference between the calibration Go fits
	// and scikit-learn's, relative to max(1, |value|): two optimisers
	// stopping at their tolerances.
	goldenCalTol = 1e-5
)

// goldenCalPointsFile is calibration_points.json, the input of
// sklearn_calibration.py: for each topic, the held-out log-odds L, known
// features n and labels y of the serving corpus's documents
// (calibrationPoints), and the settings of the fit.
type goldenCalPointsFile struct {
	C               float64          `json:"c"`
	MinDocuments    int              `json:"min_documents"`
	LengthExponents []float64        `json:"length_exponents"`
	Topics          []goldenCalTopic `json:"topics"`
}

type goldenCalTopic struct {
	Topic   string    `json:"topic"`
	LogOdds []float64 `json:"log_odds"`
	Known   []int     `json:"known"`
	Labels  []int     `json:"labels"`
}

// goldenCalSklearnFile is sklearn_calibration.json, the script's output.
type goldenCalSklearnFile struct {
	Generator      string `json:"generator"`
	SklearnVersion string `json:"sklearn_version"`
	Estimator      string `json:"estimator"`
	PointsSHA256   string `json:"points_sha256"`
	Topics         []struct {
		Topic          string  `json:"topic"`
		Intercept      float64 `json:"intercept"`
		Slope          float64 `json:"slope"`
		LengthExponent float64 `json:"length_exponent"`
		LogLoss        float64 `json:"log_loss"`
	} `json:"topics"`
}

// goldenCalComputePoints returns the calibration points of the serving
// corpus, as Train computes them.
func goldenCalComputePoints(t *testing.T) goldenCalPointsFile {
	t.Helper()
	e, err := loadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	feats := make([][]string, len(e.full.Documents))
	for i, d := range e.full.Documents {
		feats[i] = features.Features(d.Text)
	}
	docs, feats := byID(e.full.Documents, feats)
	topics := embeddedModel(t).snap.topics
	held, err := crossValidated(docs, feats, topics)
	if err != nil {
		t.Fatal(err)
	}
	f := goldenCalPointsFile{C: CalibrationC, MinDocuments: MinCalibrationDocuments, LengthExponents: lengthExponents}
	for ti, topic := range topics {
		l, n, y := calibrationPoints(docs, held, ti, topic)
		tc := goldenCalTopic{Topic: topic, LogOdds: l, Known: n}
		for _, v := range y {
			tc.Labels = append(tc.Labels, map[bool]int{false: 0, true: 1}[v])
		}
		f.Topics = append(f.Topics, tc)
	}
	return f
}

// TestGoldenCalibration checks the calibration of the serving model
// against scikit-learn: sklearn_calibration.py fits
// LogisticRegression(C=CalibrationC) on x = L/(1+n)^γ for each γ of the
// grid, on the same held-out log-odds (calibration_points.json, which this
// test checks are what training computes now), and keeps the γ of least
// log-loss among positive slopes, as fitCalibration does. The serving
// model's intercepts, slopes and exponents must equal scikit-learn's
// within goldenCalTol. The log-odds themselves are naive Bayes's, which
// TestGoldenSklearn holds to MultinomialNB.
//
// With -update it rewrites calibration_points.json and runs the script to
// rewrite sklearn_calibration.json.
func TestGoldenCalibration(t *testing.T) {
	got := goldenCalComputePoints(t)
	data, err := json.MarshalIndent(got, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, '\n')
	if *update {
		if err := os.WriteFile(goldenCalPoints, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if !goldenRunCalibration(t) {
			t.Skipf("%s rewritten; no scikit-learn to rewrite %s", goldenCalPoints, goldenCalSklearn)
		}
	}
	var want goldenCalPointsFile
	committed := readGoldenJSON(t, goldenCalPoints, &want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("%s is stale; regenerate with -update (-committed +now):\n%s", goldenCalPoints, diff)
	}
	var sk goldenCalSklearnFile
	readGoldenJSON(t, goldenCalSklearn, &sk)
	if sum := sha256.Sum256(committed); sk.PointsSHA256 != hex.EncodeToString(sum[:]) {
		t.Fatalf("%s was computed from another %s; regenerate with -update", goldenCalSklearn, goldenCalPoints)
	}
	t.Logf("reference: scikit-learn %s, %s", sk.SklearnVersion, sk.Estimator)
	m := embeddedModel(t)
	if len(sk.Topics) != len(m.snap.topics) {
		t.Fatalf("%s has %d topics, the model %d", goldenCalSklearn, len(sk.Topics), len(m.snap.topics))
	}
	for ti, topic := range m.snap.topics {
		ref, c := sk.Topics[ti], m.snap.calib[ti]
		if ref.Topic != topic {
			t.Fatalf("%s: topic %d is %q, want %q", goldenCalSklearn, ti, ref.Topic, topic)
		}
		for _, v := range []struct {
			name      string
			got, want float64
		}{
			{"intercept", c.Intercept, ref.Intercept},
			{"slope", c.Slope, ref.Slope},
			{"length exponent", c.LengthExponent, ref.LengthExponent},
		} {
			if math.Abs(v.got-v.want) > goldenCalTol*math.Max(1, math.Abs(v.want)) {
				t.Errorf("%s: calibration %s = %.12g, scikit-learn %.12g", topic, v.name, v.got, v.want)
			}
		}
		l, n, y := goldenCalTopicPoints(got.Topics[ti])
		if loss := meanLogLoss(c, l, n, y); math.Abs(loss-ref.LogLoss) > goldenCalTol {
			t.Errorf("%s: held-out log-loss %.12g, scikit-learn %.12g", topic, loss, ref.LogLoss)
		}
	}
}

// goldenCalTopicPoints returns a topic's points as calibrationPoints gives them.
func goldenCalTopicPoints(tc goldenCalTopic) ([]float64, []int, []bool) {
	y := make([]bool, len(tc.Labels))
	for i, v := range tc.Labels {
		y[i] = v == 1
	}
	return slices.Clone(tc.LogOdds), slices.Clone(tc.Known), y
}

// goldenRunCalibration runs sklearn_calibration.py; false when no Python
// with scikit-learn is available.
func goldenRunCalibration(t *testing.T) bool {
	t.Helper()
	python := goldenPython
	if p := os.Getenv("SKLEARN_PYTHON"); p != "" {
		python = p
	}
	if err := exec.Command(python, "-c", "import sklearn").Run(); err != nil {
		t.Logf("%s has no scikit-learn (%v)", python, err)
		return false
	}
	cmd := exec.Command(python, goldenCalScript, goldenCalPoints, goldenCalSklearn)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, out.String())
	}
	return true
}
