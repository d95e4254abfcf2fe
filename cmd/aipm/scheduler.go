package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/srs"
	"github.com/spf13/cobra"
)

type schedulerOptions struct {
	Algorithm string // "" shows the settings
	Retention string // "" keeps the stored one
	Weights   string // "" keeps the stored ones; "default" resets them
	DryRun    bool
	JSON      bool
}

func newSchedulerCmd(a *app) *cobra.Command {
	var o schedulerOptions
	cmd := &cobra.Command{
		Use:   "scheduler [sm2|fsrs]",
		Short: "Show or switch the scheduling algorithm (SM-2 or FSRS-6)",
		Long: `Show the collection's scheduling algorithm and its settings, or switch it.

SM-2 (the default) is the classic algorithm: each review multiplies the
interval by the card's easiness. FSRS-6 models each card's memory
(stability and difficulty) and schedules the review for the day your
predicted recall falls to the desired retention.

The setting belongs to the collection (it is stored in the database, so
two machines never disagree). The review log is the truth: a switch, or a
change of the desired retention or the weights, rebuilds every card's state
and due day by replaying its log through the chosen algorithm, in one
transaction, after a backup. Switching back gives the same states again.
--dry-run says how many cards would get a new due day and changes nothing.

--retention takes 0.70 to 0.99 (default 0.90): higher means fewer
forgotten cards and more reviews. --weights takes FSRS-6's 21 weights,
comma separated, or "default".`,
		Example: `  aipm scheduler                     # the algorithm in force and its settings
  aipm scheduler fsrs --dry-run      # how many cards a switch would move
  aipm scheduler fsrs                # switch to FSRS-6 (desired retention 0.90)
  aipm scheduler fsrs --retention 0.85
  aipm scheduler sm2                 # back to SM-2: the same states as before`,
		Args:      cobra.MaximumNArgs(1),
		ValidArgs: []string{"sm2", "fsrs"},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.Algorithm = args[0]
			}
			if o.Algorithm != "fsrs" && (o.Retention != "" || o.Weights != "") {
				return &usageError{fmt.Errorf("--retention and --weights are FSRS settings: use them with `aipm scheduler fsrs`")}
			}
			if o.Algorithm == "" && o.DryRun {
				return &usageError{fmt.Errorf("--dry-run needs an algorithm to switch to: aipm scheduler sm2|fsrs --dry-run")}
			}
			return runScheduler(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Retention, "retention", "", "FSRS desired retention, 0.70 to 0.99 (default: the stored one, 0.90 at first)")
	f.StringVar(&o.Weights, "weights", "", "FSRS-6's 21 weights, comma separated, or \"default\"")
	f.BoolVar(&o.DryRun, "dry-run", false, "say how many cards would change, and change nothing")
	f.BoolVar(&o.JSON, "json", false, "print the settings (or the switch) as JSON")
	return cmd
}

type schedulerJSON struct {
	Algorithm      string    `json:"algorithm"`
	Retention      float64   `json:"desired_retention"`
	Weights        []float64 `json:"weights"`
	DefaultWeights bool      `json:"default_weights"`
	MaxInterval    int       `json:"max_interval"`
}

type switchJSON struct {
	From   schedulerJSON `json:"from"`
	To     schedulerJSON `json:"to"`
	Cards  int           `json:"cards_changed"`
	NewDue int           `json:"cards_new_due"`
	DryRun bool          `json:"dry_run"`
	Backup string        `json:"backup,omitempty"`
}

func (a *app) schedulerJSON(s data.SchedulerSettings) schedulerJSON {
	return schedulerJSON{Algorithm: s.Algorithm, Retention: s.Retention, Weights: s.Weights[:],
		DefaultWeights: s.DefaultWeights(), MaxInterval: a.cfg.MaxInterval}
}

func runScheduler(ctx context.Context, a *app, o schedulerOptions) error {
	if o.Algorithm == "" {
		return showScheduler(ctx, a, o)
	}
	if o.Algorithm != "sm2" && o.Algorithm != "fsrs" {
		return &usageError{fmt.Errorf("%q is not an algorithm: use sm2 or fsrs", o.Algorithm)}
	}
	var st *data.Store
	var err error
	if o.DryRun {
		st, err = a.openStoreReadExisting(ctx)
		if err == nil && st == nil {
			return data.Hintf("run aipm review first", "no database at %s yet: nothing to switch", clean(a.cfg.DB))
		}
	} else {
		a.writes = true
		st, err = a.openStore(ctx)
	}
	if err != nil {
		return err
	}
	set, err := st.SchedulerSettings(ctx)
	if err != nil {
		return err
	}
	set.Algorithm = o.Algorithm
	if o.Retention != "" {
		r, err := strconv.ParseFloat(strings.TrimSpace(o.Retention), 64)
		if err != nil {
			return &usageError{fmt.Errorf("--retention %q is not a number: use 0.70 to 0.99, such as 0.9", o.Retention)}
		}
		set.Retention = r
	}
	switch o.Weights {
	case "":
	case "default":
		set.Weights = srs.DefaultFSRSParams().Weights
	default:
		w, err := srs.ParseFSRSWeights(o.Weights)
		if err != nil {
			return &usageError{fmt.Errorf("--weights: %w", err)}
		}
		set.Weights = w
	}
	if _, err := set.Scheduler(); err != nil {
		return &usageError{err}
	}
	sw, err := st.SetScheduler(ctx, set, a.now(), o.DryRun)
	if err != nil {
		return err
	}
	if o.JSON {
		return writeJSON(a.Out, switchJSON{From: a.schedulerJSON(sw.From), To: a.schedulerJSON(sw.To),
			Cards: sw.Cards, NewDue: sw.NewDue, DryRun: o.DryRun, Backup: sw.Backup})
	}
	printSwitch(a, sw, o.DryRun)
	return nil
}

// printSwitch reports a change of the scheduler settings: what is in
// force, the cards rebuilt, and the backup taken first.
func printSwitch(a *app, sw data.Switch, dryRun bool) {
	verb, tail := "Switched to", ""
	if dryRun {
		verb, tail = "Would switch to", " Nothing was changed (dry run)."
	}
	fmt.Fprintf(a.Out, "%s %s.%s\n", verb, describe(sw.To), tail)
	rebuilt := "Rebuilt"
	if dryRun {
		rebuilt = "Would rebuild"
	}
	fmt.Fprintf(a.Out, "%s the state of %s from the review log: %s a new due day.\n",
		rebuilt, plural(sw.Cards, "card"), agree(sw.NewDue, "gets", "get"))
	if sw.Backup != "" {
		fmt.Fprintf(a.Err, "Backup taken first: %s\n", clean(sw.Backup))
	}
}

// agree writes "1 card gets", "2 cards get".
func agree(n int, one, many string) string {
	if n == 1 {
		return "1 card " + one
	}
	return fmt.Sprintf("%d cards %s", n, many)
}

// describe names the algorithm and its settings in a few words.
func describe(s data.SchedulerSettings) string {
	if s.Algorithm == "sm2" {
		return "SM-2"
	}
	w := "default weights"
	if !s.DefaultWeights() {
		w = "fitted weights"
	}
	return fmt.Sprintf("FSRS-6 (desired retention %.2f, %s)", s.Retention, w)
}

func showScheduler(ctx context.Context, a *app, o schedulerOptions) error {
	st, err := a.openStoreReadExisting(ctx)
	if err != nil {
		return err
	}
	set := data.DefaultSchedulerSettings()
	if st != nil {
		if set, err = st.SchedulerSettings(ctx); err != nil {
			return err
		}
	}
	if o.JSON {
		return writeJSON(a.Out, a.schedulerJSON(set))
	}
	w := a.Out
	fmt.Fprintf(w, "Scheduler: %s\n", describe(set))
	if set.Algorithm == "sm2" {
		fmt.Fprintln(w, "SM-2: each passed review multiplies the interval by the card's easiness (EF).")
		fmt.Fprintf(w, "FSRS settings kept for a switch: desired retention %.2f, %s.\n", set.Retention,
			map[bool]string{true: "default weights", false: "fitted weights"}[set.DefaultWeights()])
	} else {
		fmt.Fprintln(w, "FSRS-6: each review is scheduled for the day predicted recall falls to the desired retention.")
		fmt.Fprintf(w, "Weights: %s\n", strings.ReplaceAll(set.WeightList(), ",", ", "))
	}
	fmt.Fprintf(w, "Maximum interval: %s (config max_interval).\n", plural(a.cfg.MaxInterval, "day"))
	return nil
}
