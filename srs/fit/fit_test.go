package fit

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// learner is one file of testdata, written by scripts/fsrs-optimize from
// fsrs-rs (the npm package @open-spaced-repetition/binding 0.5.0).
type learner struct {
	Name    string    `json:"name"`
	Answers int       `json:"answers"`
	True    []float64 `json:"true_weights"`
	Fitted  []float64 `json:"fitted_weights"`
	FitEval struct {
		LogLoss  float64 `json:"log_loss"`
		RMSEBins float64 `json:"rmse_bins"`
	} `json:"fitted"`
	DefaultEval struct {
		LogLoss  float64 `json:"log_loss"`
		RMSEBins float64 `json:"rmse_bins"`
	} `json:"default"`
	Cards [][][2]int `json:"cards"` // [rating, day]
}

func loadLearners(t testing.TB) []learner {
	t.Helper()
	files, err := filepath.Glob("testdata/learner-*.json.gz")
	if err != nil || len(files) == 0 {
		t.Fatalf("no reference logs in testdata (%v)", err)
	}
	var out []learner
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(fh)
		if err != nil {
			t.Fatal(err)
		}
		var l learner
		if err := json.NewDecoder(zr).Decode(&l); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		fh.Close()
		out = append(out, l)
	}
	return out
}

// log builds the learner's log: days elapsed from the days, and the day as
// the answers' order (items are in (day, card) order, as the script sorts
// them for fsrs-rs).
func (l learner) log(t testing.TB) *Log {
	t.Helper()
	cards := make([]Card, len(l.Cards))
	for i, c := range l.Cards {
		for k, a := range c {
			dt := 0
			if k > 0 {
				dt = a[1] - c[k-1][1]
			}
			cards[i] = append(cards[i], Answer{Rating: a[0], DeltaT: dt, At: int64(a[1])})
		}
	}
	lg, err := NewLog(cards)
	if err != nil {
		t.Fatal(err)
	}
	return lg
}

func weightsOf(t testing.TB, ws []float64) Weights {
	t.Helper()
	var w Weights
	if len(ws) != 21 {
		t.Fatalf("%d weights", len(ws))
	}
	copy(w[:], ws)
	return w
}

// TestEvaluateMatchesReference holds the calibration figures to fsrs-rs's
// evaluate: the same log loss to 1e-4, for the default weights and for the
// reference's fitted ones.
func TestEvaluateMatchesReference(t *testing.T) {
	for _, l := range loadLearners(t) {
		t.Run(l.Name, func(t *testing.T) {
			lg := l.log(t)
			if got := lg.Answers(); got != l.Answers {
				t.Fatalf("answers = %d, want %d", got, l.Answers)
			}
			for _, c := range []struct {
				name     string
				w        Weights
				ll, rmse float64
			}{
				{"default", DefaultWeights, l.DefaultEval.LogLoss, l.DefaultEval.RMSEBins},
				{"reference fit", weightsOf(t, l.Fitted), l.FitEval.LogLoss, l.FitEval.RMSEBins},
			} {
				m := lg.Evaluate(c.w)
				if math.Abs(m.LogLoss-c.ll) > 1e-4 {
					t.Errorf("%s: log loss %.6f, reference %.6f", c.name, m.LogLoss, c.ll)
				}
				if math.Abs(m.RMSEBins-c.rmse) > 1e-4 {
					t.Errorf("%s: RMSE(bins) %.6f, reference %.6f", c.name, m.RMSEBins, c.rmse)
				}
			}
		})
	}
}

// TestFitMatchesReference fits each learner's log and holds the fitted
// weights' log loss within 1% of what fsrs-rs's own fit gives.
func TestFitMatchesReference(t *testing.T) {
	for _, l := range loadLearners(t) {
		t.Run(l.Name, func(t *testing.T) {
			lg := l.log(t)
			w, err := Fit(context.Background(), lg, Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := lg.Evaluate(w).LogLoss
			ref := l.FitEval.LogLoss
			t.Logf("aipm %.5f, fsrs-rs %.5f, defaults %.5f; weights %v", got, ref, l.DefaultEval.LogLoss, w)
			if math.Abs(got-ref)/ref > 0.01 {
				t.Errorf("fitted log loss %.5f is not within 1%% of fsrs-rs's %.5f", got, ref)
			}
			if w == DefaultWeights {
				t.Error("the fit returned the default weights")
			}
		})
	}
}

// TestGradient holds the analytic gradient to central differences of the
// loss, weight by weight, on a few cards with every kind of answer.
func TestGradient(t *testing.T) {
	cards := []Card{
		{{3, 0, 0}, {3, 3, 3}, {1, 9, 12}, {3, 1, 13}, {4, 6, 19}},
		{{1, 0, 0}, {2, 1, 1}, {2, 2, 3}, {3, 5, 8}},
		{{4, 0, 0}, {4, 15, 15}, {1, 60, 75}, {1, 2, 77}, {3, 1, 78}},
		{{2, 0, 0}, {3, 2, 2}},
	}
	w := DefaultWeights
	w[17], w[18], w[19] = 0.3, 0.2, 0.1
	weights := []float64{0, 0.4, 0.7, 1, 0.9}
	loss := func(w Weights) float64 {
		m := newModel(&w)
		s := 0.0
		for _, c := range cards {
			s += m.cardLoss(c, weights[:len(c)], nil, &scratch{})
		}
		return s
	}
	var grad [21]float64
	m := newModel(&w)
	for _, c := range cards {
		m.cardLoss(c, weights[:len(c)], &grad, &scratch{})
	}
	for i := range w {
		h := 1e-6 * max(1, math.Abs(w[i]))
		up, down := w, w
		up[i] += h
		down[i] -= h
		num := (loss(up) - loss(down)) / (2 * h)
		if math.Abs(num-grad[i]) > 1e-5*max(1, math.Abs(num)) {
			t.Errorf("dL/dw%d = %.8f analytic, %.8f numeric", i, grad[i], num)
		}
	}
}
