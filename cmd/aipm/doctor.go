package main

import (
	"context"
	"fmt"

	"github.com/aipmhq/aipm/data"
	"github.com/spf13/cobra"
)

type doctorOptions struct {
	Fix bool
}

func newDoctorCmd(a *app) *cobra.Command {
	var o doctorOptions
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check the database and rebuild card states from the review log",
		Long: `Check the database file and every card's schedule.

doctor runs SQLite's integrity and foreign-key checks, then replays the
review log (every answer not undone, in order) through the scheduler in
force, each answer under the interval cap it was given, and compares
the result with each card's stored state: reps, interval, EF, due day,
lapses and suspension. It lists every difference, by card id and field.

With --fix it rewrites the states that differ from the log, in one
transaction. The log itself is never changed. Back up first if you like:
aipm backup.

Exit status: 0 when all is well (or all was fixed), 1 when problems remain.`,
		Example: `  aipm doctor          # check, change nothing
  aipm doctor --fix    # rebuild card states that disagree with the log
  aipm --db ~/old.db doctor`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDoctor(cmd.Context(), a, o)
		},
	}
	cmd.Flags().BoolVar(&o.Fix, "fix", false, "rebuild the card states that disagree with the review log")
	return cmd
}

func runDoctor(ctx context.Context, a *app, o doctorOptions) error {
	a.fullCheck = true // whatever the file's seal says
	st, err := a.openStoreReadExisting(ctx)
	if err != nil {
		return err
	}
	if st == nil {
		fmt.Fprintf(a.Out, "No database at %s yet: nothing to check.\n", clean(a.cfg.DB))
		return nil
	}
	chk, err := st.Doctor(ctx)
	if err != nil {
		return err
	}
	printCheckup(a, chk)
	if len(chk.Problems) == 0 {
		fmt.Fprintln(a.Out, msgAllWell(chk.Cards, chk.LogRows, true))
		return nil
	}
	mismatched := chk.Mismatched()
	if !o.Fix || mismatched == 0 {
		return doctorVerdict(chk, o.Fix)
	}
	// Reopen for writing: the check ran on a read-only connection.
	a.close()
	ws, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	n, err := ws.RebuildStates(ctx)
	if err != nil {
		return fmt.Errorf("rebuild the card states: %w", err)
	}
	fmt.Fprintln(a.Out, msgFixed(n))
	if chk, err = ws.Doctor(ctx); err != nil {
		return err
	}
	if len(chk.Problems) == 0 {
		fmt.Fprintln(a.Out, msgAllWell(chk.Cards, chk.LogRows, false))
		return nil
	}
	printCheckup(a, chk)
	return doctorVerdict(chk, true)
}

func printCheckup(a *app, chk *data.Checkup) {
	for _, p := range chk.Problems {
		fmt.Fprintln(a.Out, clean(p.String()))
	}
}

// doctorVerdict is the error that ends a doctor run with problems left.
func doctorVerdict(chk *data.Checkup, fixed bool) error {
	n, other := chk.Mismatched(), len(chk.Problems)
	for _, p := range chk.Problems {
		if p.Fixable() {
			other--
		}
	}
	switch {
	case other > 0:
		return data.Hintf("restore a backup from the database's backups folder, or report the problem", "%s", msgUnfixable(other))
	case fixed:
		return data.Hintf("report this with the output above", "%s", msgStillDisagree(n))
	}
	return data.Hintf(msgFixHint(n), "%s", msgDisagree(n))
}
