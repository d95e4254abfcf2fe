package data

import (
	"context"

	"github.com/aipmhq/aipm/srs/fit"
)

// Algorithm names in the calibration and the fit.
const (
	AlgoSM2         = "sm2"
	AlgoFSRSDefault = "fsrs-default"
	AlgoFSRSFitted  = "fsrs-fitted"
)

// AlgorithmFit is how well one algorithm predicted the scheduling answers.
type AlgorithmFit struct {
	Name string
	fit.Metrics
}

// Calibration is how well each algorithm predicted this collection's
// scheduling answers: SM-2 (from its intervals), FSRS-6 with the default
// weights and, when the collection has other weights, with those.
type Calibration struct {
	Answers    int // scheduling answers in the log
	Algorithms []AlgorithmFit
}

// Calibration measures each algorithm on the scheduling answers, as
// fsrs-rs's evaluate measures FSRS (see fit.Log.ForEvaluation): every
// algorithm is scored on the same answers.
func (s *Store) Calibration(ctx context.Context) (Calibration, error) {
	set, err := s.SchedulerSettings(ctx)
	if err != nil {
		return Calibration{}, err
	}
	rl, err := s.ReviewLog(ctx)
	if err != nil {
		return Calibration{}, err
	}
	ev := rl.Log.ForEvaluation()
	if ev.Len() == 0 {
		// Too few answers for the outlier analysis to keep any (fsrs-rs's
		// evaluate then fails): score them all, in time order.
		ev = rl.Log
	}
	out := Calibration{Answers: rl.Answers}
	out.Algorithms = append(out.Algorithms,
		AlgorithmFit{AlgoSM2, rl.SM2(ev).Score()},
		AlgorithmFit{AlgoFSRSDefault, ev.Predict(fit.DefaultWeights).Score()})
	if !set.DefaultWeights() {
		out.Algorithms = append(out.Algorithms, AlgorithmFit{AlgoFSRSFitted, ev.Predict(set.Weights).Score()})
	}
	return out, nil
}
