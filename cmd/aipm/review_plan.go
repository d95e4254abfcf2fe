package main

import (
	"context"
	"iter"

	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/srs"
)

// How review follows an interview plan (aipm plan): the plan's new-card
// figure, the lifted review limit of the final window, and the final
// drill. The rules themselves are data's (plan_rules.go).

// applyPlan applies the plan in force today to a sitting's start: the new
// limit is the larger of new_per_day and the plan's figure (unless --new
// was given), the new cards of a plan narrowed to some decks come from
// them first, and inside the final window the review limit is lifted by
// the plan's due cards.
func (r *sitting) applyPlan(ctx context.Context, p *srs.Plan) error {
	plan, ok, err := r.st.ActivePlan(ctx, r.day)
	if err != nil || !ok || (r.o.Filter.Deck != "" && !plan.Has(r.o.Filter.Deck)) {
		return err // no plan, or a sitting of a deck outside it
	}
	n, err := r.st.Counts(ctx, r.day)
	if err != nil {
		return err
	}
	if !r.o.NewGiven {
		limit, err := r.st.PlanNewLimit(ctx, plan, r.day, r.o.NewLimit)
		if err != nil {
			return err
		}
		r.o.NewLimit = limit
		p.Left.New = max(limit-n.New, 0)
	}
	if len(plan.Decks) > 0 {
		p.New = r.st.PlanNewFirst(ctx, plan, r.day, r.o.Filter)
	}
	if plan.InWindow(r.day) {
		due, err := r.st.PlanDueToday(ctx, plan, r.day)
		if err != nil {
			return err
		}
		p.Left.Reviews += due
	}
	return nil
}

// startFinal builds the final drill: every card data.FinalCards lists, no
// limits, no sibling burying, each until graded 4, but rubric prompts,
// which are shown once (an answer with coverage is never re-drilled).
func (r *sitting) startFinal(ctx context.Context) error {
	plan, ok, err := r.st.ActivePlan(ctx, r.day)
	if err != nil {
		return err
	}
	if !ok {
		return data.Hintf("set one with `aipm plan --interview YYYY-MM-DD`",
			"no interview plan: the final drill drills the cards of a plan")
	}
	cards, err := r.st.FinalCards(ctx, plan, r.day)
	if err != nil {
		return err
	}
	r.store.final = true
	var due iter.Seq2[srs.Entry, error] = func(yield func(srs.Entry, error) bool) {
		for _, c := range cards {
			// A note of its own: siblings are drilled too.
			if !yield(srs.Entry{ID: c.ID, Note: c.ID}, nil) {
				return
			}
		}
	}
	r.sess, err = srs.NewSession(r.store, srs.Plan{Due: due, Left: srs.Limits{Reviews: -1}})
	return err
}

// plannedWords says that the plan moved an answer's due day.
func plannedWords(a data.Answer) string {
	if a.Planned == data.PlanReasonWindow {
		return ", in the interview's final window"
	}
	return ""
}

// finalWords says what comes next for a final-drill answer.
func finalWords(out srs.Outcome) string {
	if out.Pending {
		return " It comes back until you grade it 4 or 5."
	}
	return ""
}
