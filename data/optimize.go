package data

import (
	"context"
	"math"
	"strconv"
	"time"

	"github.com/aipmhq/aipm/srs/fit"
)

// MinOptimizeAnswers is the fewest scheduling answers optimize fits to.
const MinOptimizeAnswers = 400

// HeldOut is the share of the items, the latest, that optimize tests on.
const HeldOut = 0.2

// Optimization is what optimize found, and did.
type Optimization struct {
	Answers int // scheduling answers in the log
	Train   int // predictions trained on for the test
	Test    int // predictions held out
	// Before and After are the weights in force and the weights fitted to
	// the earlier part, measured on the held-out later part.
	Before, After fit.Metrics
	Better        bool        // After predicts the held-out part better
	Weights       fit.Weights // fitted to every answer; the ones stored
	All           fit.Metrics // Weights measured on every answer
	Switch        Switch      // the store and rebuild (empty on a dry run or when not Better)
	Stored        bool
}

// NotEnoughAnswersError is a log too short to fit.
type NotEnoughAnswersError struct{ Answers int }

func (e *NotEnoughAnswersError) Error() string {
	msg, try := e.UserHint()
	return msg + "; " + try
}

// UserHint implements Hinted.
func (e *NotEnoughAnswersError) UserHint() (string, string) {
	return "optimize needs at least 400 scheduling answers to fit FSRS; this collection has " + strconv.Itoa(e.Answers),
		"keep reviewing (aipm review) and run it again later; FSRS's default weights serve until then"
}

// OptimizeOptions say how to run optimize.
type OptimizeOptions struct {
	DryRun bool
	At     time.Time // recorded with the stored weights
	// Progress, when not nil, is told the work done and the total.
	Progress func(done, total int)
}

// Optimize fits FSRS-6's weights to the scheduling answers (srs/fit): it
// fits the earlier 80% of the predictions and measures the weights in
// force and the fitted ones on the later 20%; when the fitted ones predict
// better, it fits every answer and stores those weights in the scheduler
// settings, which rebuilds every card's state under FSRS, after a backup
// (SetScheduler). Nothing is stored on a dry run.
func (s *Store) Optimize(ctx context.Context, o OptimizeOptions) (Optimization, error) {
	var out Optimization
	set, err := s.SchedulerSettings(ctx)
	if err != nil {
		return out, err
	}
	rl, err := s.ReviewLog(ctx)
	if err != nil {
		return out, err
	}
	out.Answers = rl.Answers
	if rl.Answers < MinOptimizeAnswers {
		return out, &NotEnoughAnswersError{rl.Answers}
	}
	train, test := rl.Log.Split(1 - HeldOut)
	out.Train, out.Test = train.Len(), test.Len()
	// The two fits, as one bar: the first on 80% of the items.
	total := train.Len() + rl.Log.Len()
	progress := func(offset, size int) func(int, int) {
		if o.Progress == nil {
			return nil
		}
		return func(done, n int) { o.Progress(offset+done*size/max(n, 1), total) }
	}
	wTrain, err := fit.Fit(ctx, train, fit.Options{Progress: progress(0, train.Len())})
	if err != nil {
		return out, err
	}
	// The held-out part is scored as fsrs-rs scores it in a time-series
	// split: every answer, each weighing the same.
	out.Before, out.After = test.Predict(set.Weights).ScoreHeldOut(), test.Predict(round6(wTrain)).ScoreHeldOut()
	out.Better = out.After.N > 0 && out.After.LogLoss < out.Before.LogLoss
	if !out.Better {
		return out, nil
	}
	w, err := fit.Fit(ctx, rl.Log, fit.Options{Progress: progress(train.Len(), rl.Log.Len())})
	if err != nil {
		return out, err
	}
	out.Weights = round6(w)
	out.All = rl.Log.Evaluate(out.Weights)
	next := set
	next.Weights = out.Weights
	if _, err := next.Scheduler(); err != nil {
		return out, err // a fit outside aipm's ranges: never stored
	}
	if o.DryRun {
		return out, nil
	}
	out.Switch, err = s.SetScheduler(ctx, next, o.At, false)
	out.Stored = err == nil
	return out, err
}

// round6 rounds the weights to 6 decimals, as they are stored.
func round6(w fit.Weights) fit.Weights {
	for i := range w {
		w[i] = math.Round(w[i]*1e6) / 1e6
	}
	return w
}
