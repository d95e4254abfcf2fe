package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/srs"
)

// What stats shows of the interview plan (aipm plan): a one-line countdown
// with the predicted recall on the day, or the line kept for the last
// interview once it has passed; in --json, the plan object.

// statsPlanInfo is what stats shows of the interview plan.
type statsPlanInfo struct {
	report *data.PlanReport    // the plan in force; nil when none
	past   *data.PastInterview // the latest interview that has passed; nil when none
}

func statsPlan(ctx context.Context, st *data.Store, day srs.Day) (statsPlanInfo, error) {
	var info statsPlanInfo
	p, ok, err := st.ActivePlan(ctx, day)
	if err != nil {
		return info, err
	}
	if ok {
		info.report, err = st.PlanReport(ctx, p, day)
		return info, err
	}
	past, ok, err := st.PastInterview(ctx, day)
	if ok {
		info.past = &past
	}
	return info, err
}

// statsJSON is the stats object with the plan's: plan (null without a
// plan in force) and past_interview (null until an interview has passed).
type statsJSON struct {
	*data.Stats
	Plan          *planJSON           `json:"plan"`
	PastInterview *data.PastInterview `json:"past_interview"`
}

func newStatsJSON(s *data.Stats, info statsPlanInfo) statsJSON {
	out := statsJSON{Stats: s, PastInterview: info.past}
	if info.report != nil {
		p := planJSONOf(info.report)
		out.Plan = &p
	}
	if out.PastInterview != nil {
		out.PastInterview.Recall = round3(out.PastInterview.Recall)
	}
	return out
}

// planLine writes the plan's line under the title, wrapped under its
// label to the report's width.
func (r *statsReport) planLine() {
	var text string
	switch {
	case r.plan.report != nil:
		rep := r.plan.report
		who := ""
		if rep.Plan.Company != "" {
			who = " (" + clean(rep.Plan.Company) + ")"
		}
		text = fmt.Sprintf("interview %s%s, %s · recall on the day %s", rep.Plan.Interview, who,
			daysLeftWords(rep.DaysLeft), pct0(rep.Recall))
	case r.plan.past != nil:
		text = pastLine(*r.plan.past)
	default:
		return
	}
	label := "Plan     "
	for _, l := range strings.Split(wrap(text, max(r.w-len(label), 20)), "\n") {
		r.line("%s%s", label, l)
		label = "         "
	}
}
