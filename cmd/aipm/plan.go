package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/srs"
	"github.com/spf13/cobra"
)

// The plan command: set, show and clear the interview plan. The screen is
// in plan_screen.go; the rules in data/plan_rules.go.

type planOptions struct {
	Interview string
	Company   string
	Decks     []string
	IntroBy   int
	Window    int
	Clear     bool
	JSON      bool
}

func newPlanCmd(a *app) *cobra.Command {
	o := planOptions{IntroBy: data.DefaultIntroBy, Window: data.DefaultWindow}
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Plan backwards from the interview date: every card seen, and fresh, on the day",
		Long: `Plan backwards from your interview date (D).

With a plan, review introduces every card of the plan's decks by D-7
(--intro-by): its new-card limit rises to the figure needed, unless --new
is given. A card answered before the final window D-3..D-1 (--window)
whose next review would fall after D-1 is scheduled on the least-loaded
window day instead, so every card is seen in the last days; inside the
window the review limit is lifted for plan cards. The scheduler's intervals
are kept, so nothing is capped after D.

aipm plan shows the countdown, the predicted recall on D (from each card's
FSRS memory, under either scheduler) overall and by topic, weakest first,
the workload of each day to D, and, with --company and rubric prompts,
when to run mock interviews. The plan ends by itself the day after D.`,
		Example: `  aipm plan --interview 2026-12-20
  aipm plan --interview 2026-12-20 --company google --decks ai-pm-concepts,lesson-1-1
  aipm plan                          # the countdown, recall on the day, workload
  aipm plan --json
  aipm review --final                # the last days: drill the weak cards
  aipm plan --clear`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			setting := cmd.Flags().Changed("interview")
			for _, f := range []string{"company", "decks", "intro-by", "window"} {
				if cmd.Flags().Changed(f) && !setting {
					return usagef("--%s sets part of a plan: give it with --interview DATE", f)
				}
			}
			if setting && o.Clear {
				return usagef("--clear ends the plan and --interview sets one: give one of them")
			}
			return runPlan(cmd.Context(), a, o, setting)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Interview, "interview", "", "the interview `date` (YYYY-MM-DD), after today")
	f.StringVar(&o.Company, "company", "", "the company (for mock interviews)")
	f.StringSliceVar(&o.Decks, "decks", nil, "only these deck `ids`, comma separated (default every deck)")
	f.IntVar(&o.IntroBy, "intro-by", o.IntroBy, "introduce every card this many `days` before the interview")
	f.IntVar(&o.Window, "window", o.Window, "the final window: this many `days` before the interview")
	f.BoolVar(&o.Clear, "clear", false, "end the plan")
	f.BoolVar(&o.JSON, "json", false, "print the plan as JSON")
	return cmd
}

func runPlan(ctx context.Context, a *app, o planOptions, setting bool) error {
	day := a.day()
	if setting || o.Clear {
		a.writes = true
	}
	st, err := a.openStoreExisting(ctx)
	if err != nil {
		return err
	}
	switch {
	case o.Clear:
		ok, err := st.ClearPlan(ctx, day)
		if err != nil {
			return err
		}
		if !ok {
			fmt.Fprintln(a.Err, "No interview plan to clear.")
			return nil
		}
		fmt.Fprintln(a.Err, "Plan cleared: normal scheduling from now on (days already planned stay as they are).")
		return nil
	case setting:
		d, err := srs.ParseDay(o.Interview)
		if err != nil {
			return usagef("--interview %q is not a date: give YYYY-MM-DD", o.Interview)
		}
		decks := make([]string, 0, len(o.Decks))
		for _, id := range o.Decks {
			if id = strings.TrimSpace(id); id != "" {
				decks = append(decks, id)
			}
		}
		p, err := st.SetPlan(ctx, data.InterviewPlan{Interview: d, Company: strings.TrimSpace(o.Company),
			Decks: decks, IntroBy: o.IntroBy, Window: o.Window}, day, a.now())
		if err != nil {
			return err
		}
		fmt.Fprintf(a.Err, "Plan set: interview on %s.\n", p.Interview)
	}
	info, err := statsPlan(ctx, st, day) // the plan in force, or the last one past
	if err != nil {
		return err
	}
	if info.report == nil {
		if o.JSON {
			return writeJSON(a.Out, nil)
		}
		fmt.Fprintln(a.Out, "No interview plan. Set one with `aipm plan --interview YYYY-MM-DD`.")
		if info.past != nil {
			fmt.Fprintln(a.Out, pastLine(*info.past))
		}
		return nil
	}
	if o.JSON {
		return writeJSON(a.Out, planJSONOf(info.report))
	}
	ps := &planScreen{r: info.report, w: a.outWidth(), sty: a.styleFor(a.OutTTY)}
	_, err = fmt.Fprint(a.Out, ps.render())
	return err
}

// planJSON is the plan object of `aipm plan --json` and `aipm stats
// --json` (documented in the README, "## Interview plan").
type planJSON struct {
	InterviewDate   string         `json:"interview_date"`
	Company         string         `json:"company"`
	Decks           []string       `json:"decks"`
	DaysLeft        int            `json:"days_left"`
	Cards           int            `json:"cards"`
	Unseen          int            `json:"unseen"`
	NeededNewPerDay int            `json:"needed_new_per_day"`
	NotSeen         int            `json:"not_seen"`
	IntroducedBy    string         `json:"introduced_by"`
	Window          planWindowJSON `json:"window"`
	PredictedRecall planRecallJSON `json:"predicted_recall"`
	Workload        []data.PlanDay `json:"workload"`
	Mocks           []string       `json:"mocks"`
}

type planWindowJSON struct {
	From string `json:"from"`
	To   string `json:"to"`
	Days int    `json:"days"`
}

type planRecallJSON struct {
	Overall float64            `json:"overall"`
	Topics  []data.TopicRecall `json:"topics"`
}

func planJSONOf(r *data.PlanReport) planJSON {
	p := r.Plan
	out := planJSON{InterviewDate: p.Interview.String(), Company: p.Company, Decks: p.Decks, DaysLeft: r.DaysLeft,
		Cards: r.Cards, Unseen: r.Unseen, NeededNewPerDay: r.NeededNew, NotSeen: r.NotSeen,
		IntroducedBy:    p.IntroDeadline().String(),
		Window:          planWindowJSON{From: p.WindowStart().String(), To: (p.Interview - 1).String(), Days: p.WindowDays()},
		PredictedRecall: planRecallJSON{Overall: round3(r.Recall), Topics: make([]data.TopicRecall, len(r.Topics))},
		Workload:        r.Workload, Mocks: []string{}}
	if out.Decks == nil {
		out.Decks = []string{}
	}
	for i, t := range r.Topics {
		t.Recall = round3(t.Recall)
		out.PredictedRecall.Topics[i] = t
	}
	for _, d := range r.Mocks {
		out.Mocks = append(out.Mocks, d.String())
	}
	return out
}

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }
