package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/aipmhq/aipm/data"
	fsrsfit "github.com/aipmhq/aipm/srs/fit"
	"github.com/spf13/cobra"
)

type optimizeOptions struct {
	DryRun bool
	Reset  bool
	JSON   bool
}

func newOptimizeCmd(a *app) *cobra.Command {
	var o optimizeOptions
	cmd := &cobra.Command{
		Use:   "optimize",
		Short: "Fit FSRS-6's weights to your own review log",
		Long: `Fit FSRS-6's 21 weights to your scheduling answers, as Anki's optimizer
(fsrs-rs) fits them, so that FSRS predicts your own memory.

It needs at least 400 scheduling answers. It fits the earlier 80% of your
answers and tests on the later 20%: it prints the log loss and RMSE(bins)
of the weights in force and of the fitted ones on that held-out part
(lower is better), and stores weights only if the fitted ones predict it
better. It then fits every answer and stores those weights in the
collection's scheduler settings, as ` + "`aipm scheduler fsrs --weights`" + ` would;
under FSRS that rebuilds every card's state and due day from the log,
after a backup. Under SM-2 the weights wait for a switch to FSRS.

--dry-run prints the figures and stores nothing. --reset goes back to the
default weights. ` + "`aipm stats --calibration`" + ` compares the algorithms.`,
		Example: `  aipm optimize --dry-run     # the figures, nothing stored
  aipm optimize               # fit and store when better
  aipm optimize --reset       # back to FSRS-6's default weights
  aipm optimize --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runOptimize(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.DryRun, "dry-run", false, "fit and print the figures, and store nothing")
	f.BoolVar(&o.Reset, "reset", false, "go back to FSRS-6's default weights")
	f.BoolVar(&o.JSON, "json", false, "print the result as JSON")
	return cmd
}

type metricsJSON struct {
	LogLoss  float64 `json:"log_loss"`
	RMSEBins float64 `json:"rmse_bins"`
	Answers  int     `json:"answers"`
}

type optimizeJSON struct {
	Answers int          `json:"scheduling_answers"`
	Before  metricsJSON  `json:"before"`
	After   metricsJSON  `json:"after"`
	Better  bool         `json:"better"`
	All     *metricsJSON `json:"fitted_all,omitempty"`
	Weights []float64    `json:"weights,omitempty"`
	Stored  bool         `json:"stored"`
	DryRun  bool         `json:"dry_run"`
	Cards   int          `json:"cards_changed"`
	NewDue  int          `json:"cards_new_due"`
	Backup  string       `json:"backup,omitempty"`
}

func metricsOf(m fsrsfit.Metrics) metricsJSON {
	return metricsJSON{LogLoss: m.LogLoss, RMSEBins: m.RMSEBins, Answers: m.N}
}

func runOptimize(ctx context.Context, a *app, o optimizeOptions) error {
	if o.Reset {
		return resetWeights(ctx, a, o)
	}
	var st *data.Store
	var err error
	if o.DryRun {
		st, err = a.openStoreReadExisting(ctx)
		if err == nil && st == nil {
			return data.Hintf("run aipm review first", "no database at %s yet: nothing to fit", clean(a.cfg.DB))
		}
	} else {
		a.writes = true
		st, err = a.openStoreExisting(ctx)
	}
	if err != nil {
		return err
	}
	bar := &progress{on: a.styleFor(a.ErrTTY).on, w: a.Err, since: a.Since, width: a.Width, phase: "fitting FSRS-6"}
	if bar.on {
		bar.start = bar.since()
	}
	res, err := st.Optimize(ctx, data.OptimizeOptions{DryRun: o.DryRun, At: a.now(), Progress: func(done, total int) {
		bar.done, bar.size = int64(done), int64(total)
		bar.draw(false)
	}})
	bar.erase()
	var few *data.NotEnoughAnswersError
	if errors.As(err, &few) {
		return err
	}
	if err != nil {
		return fmt.Errorf("optimize: %w", err)
	}
	if o.JSON {
		out := optimizeJSON{Answers: res.Answers, Before: metricsOf(res.Before), After: metricsOf(res.After),
			Better: res.Better, Stored: res.Stored, DryRun: o.DryRun,
			Cards: res.Switch.Cards, NewDue: res.Switch.NewDue, Backup: res.Switch.Backup}
		if res.Better {
			all := metricsOf(res.All)
			out.All, out.Weights = &all, res.Weights[:]
		}
		return writeJSON(a.Out, out)
	}
	w := a.Out
	fmt.Fprintf(w, "Fitted FSRS-6 to %s: trained on the earlier %d%%, tested on the later %s.\n",
		plural(res.Answers, "scheduling answer"), int(math.Round(100*(1-data.HeldOut))), plural(res.Before.N, "answer"))
	fmt.Fprintf(w, "%-18s %9s %11s\n", "Held-out answers", "Log loss", "RMSE(bins)")
	fmt.Fprintf(w, "%-18s %9.4f %11.4f\n", "weights in force", res.Before.LogLoss, res.Before.RMSEBins)
	fmt.Fprintf(w, "%-18s %9.4f %11.4f\n", "fitted weights", res.After.LogLoss, res.After.RMSEBins)
	if !res.Better {
		fmt.Fprintln(w, "The fitted weights do not predict your later answers better: nothing was stored.")
		return nil
	}
	fmt.Fprintf(w, "The fitted weights predict better. Fitted to every answer: log loss %.4f, RMSE(bins) %.4f.\n",
		res.All.LogLoss, res.All.RMSEBins)
	parts := make([]string, len(res.Weights))
	for i, x := range res.Weights {
		parts[i] = strconv.FormatFloat(x, 'g', -1, 64)
	}
	fmt.Fprintf(w, "Weights: %s\n", strings.Join(parts, ", "))
	if o.DryRun {
		fmt.Fprintln(w, "Nothing was stored (dry run).")
		return nil
	}
	if res.Switch.To.Algorithm == "sm2" {
		fmt.Fprintln(w, "Stored the weights. The scheduler is SM-2: FSRS uses them after `aipm scheduler fsrs`.")
		if res.Switch.Backup != "" {
			fmt.Fprintf(a.Err, "Backup taken first: %s\n", clean(res.Switch.Backup))
		}
		return nil
	}
	printSwitch(a, res.Switch, false)
	return nil
}

// resetWeights stores FSRS-6's default weights, as `aipm scheduler ALGO
// --weights default` does, keeping the algorithm in force.
func resetWeights(ctx context.Context, a *app, o optimizeOptions) error {
	var st *data.Store
	var err error
	if o.DryRun {
		st, err = a.openStoreReadExisting(ctx)
	} else {
		a.writes = true
		st, err = a.openStoreExisting(ctx)
	}
	if err != nil {
		return err
	}
	if st == nil {
		return data.Hintf("run aipm review first", "no database at %s yet: its weights are the defaults", clean(a.cfg.DB))
	}
	set, err := st.SchedulerSettings(ctx)
	if err != nil {
		return err
	}
	if o.DryRun { // runScheduler opens its own read-only store
		st.Close()
		a.store = nil
	}
	if !o.JSON {
		fmt.Fprintln(a.Out, "FSRS-6's weights go back to the defaults.")
	}
	return runScheduler(ctx, a, schedulerOptions{Algorithm: set.Algorithm, Weights: "default", DryRun: o.DryRun, JSON: o.JSON})
}
