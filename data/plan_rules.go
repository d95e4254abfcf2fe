package data

import (
	"context"
	"fmt"

	"github.com/aipmhq/aipm/srs"
)

// The rules of a plan. They sit around the scheduler's step (Record calls
// planStep after engine.answer), never inside it, so they hold for SM-2
// and FSRS alike; the memory state the step gives is kept as it is, and
// only the due day moves. The day the plan chose is logged (planned_due),
// and replay keeps it instead of recomputing it.

// The plan's new-card figures.
const (
	// PlanNewCap is the most new cards a day a plan asks for; on a short
	// runway the cards beyond it are reported as not seen before D.
	PlanNewCap = 100
	// PlanNewWarn is the figure over which `aipm plan` warns and suggests
	// narrowing the plan with --decks.
	PlanNewWarn = 50
)

// PlanReasonWindow is the plan_reason of an answer moved into the window.
const PlanReasonWindow = "window"

// WindowStart is the first day of the final window: D - Window, but not
// before the day after the plan was set, so that a short runway shortens
// the window to the days that remain.
func (p InterviewPlan) WindowStart() srs.Day {
	return max(p.Interview-srs.Day(p.Window), p.SetOn+1)
}

// WindowDays is the length of the final window (0 when the plan was set
// the day before the interview).
func (p InterviewPlan) WindowDays() int { return max(int(p.Interview-p.WindowStart()), 0) }

// InWindow reports whether day is a day of the final window.
func (p InterviewPlan) InWindow(day srs.Day) bool { return day >= p.WindowStart() && day < p.Interview }

// IntroDeadline is the day by which every plan card is introduced:
// D - IntroBy, but not before the day the plan was set nor after D - 1.
func (p InterviewPlan) IntroDeadline() srs.Day {
	return min(max(p.Interview-srs.Day(p.IntroBy), p.SetOn), p.Interview-1)
}

// DaysLeft is the number of days from day to the interview (0 on D).
func (p InterviewPlan) DaysLeft(day srs.Day) int { return int(p.Interview - day) }

// NewCardsNeeded sizes the new cards of day: unseen plan cards (as they
// were at the start of day) spread evenly over the days from day to the
// intro deadline, rounded up, at most PlanNewCap. Once the deadline has
// passed, the rest are due at once (until D - 1). notSeen is how many
// cards cannot be introduced before D even at PlanNewCap a day. On D and
// after, nothing more is introduced.
func (p InterviewPlan) NewCardsNeeded(unseen int, day srs.Day) (perDay, notSeen int) {
	if unseen <= 0 {
		return 0, 0
	}
	if day >= p.Interview {
		return 0, unseen
	}
	days := int(max(p.IntroDeadline(), day)-day) + 1
	perDay = min((unseen+days-1)/days, PlanNewCap)
	notSeen = max(unseen-PlanNewCap*p.DaysLeft(day), 0)
	return perDay, notSeen
}

// places reports whether a scheduling answer on day whose step gives due
// is moved into the window: it was answered before the window, and due
// passes D - 1. Answers inside the window, or on D, keep their schedule.
func (p InterviewPlan) places(day, due srs.Day) bool {
	ws := p.WindowStart()
	return ws < p.Interview && day < ws && due >= p.Interview
}

// windowDay chooses the window day for a moved card: the day with the
// fewest cards due, the latest of those on a tie (the longest interval).
// load[i] is the number of plan cards due on WindowStart() + i. Each card
// goes to a least-loaded day, so the cards the plan moves never leave one
// window day more than one card above another.
func windowDay(start srs.Day, load []int) srs.Day {
	best := len(load) - 1
	for i := len(load) - 2; i >= 0; i-- {
		if load[i] < load[best] {
			best = i
		}
	}
	return start.Add(best)
}

// planMove is what the plan did to one scheduling answer.
type planMove struct {
	due    string // the due day the plan set; "" when it changed nothing
	reason string
}

// planStep applies the plan in force on day to a scheduling answer of
// card whose step gave next: when the plan covers the card and moves the
// answer (places), next's due becomes the least-loaded window day.
func planStep(ctx context.Context, q queryer, c Card, day srs.Day, next sched) (sched, planMove, error) {
	p, ok, err := activePlan(ctx, q, day)
	if err != nil || !ok || !p.Has(c.DeckID) {
		return next, planMove{}, err
	}
	due, err := srs.ParseDay(next.due)
	if err != nil || !p.places(day, due) {
		return next, planMove{}, err
	}
	load, err := windowLoad(ctx, q, p, c.ID)
	if err != nil {
		return next, planMove{}, err
	}
	next.due = windowDay(p.WindowStart(), load).String()
	return next, planMove{due: next.due, reason: PlanReasonWindow}, nil
}

// windowLoad counts the plan's cards (not suspended or orphaned, but for
// except) due on each day of the window.
func windowLoad(ctx context.Context, q queryer, p InterviewPlan, except string) ([]int, error) {
	ws := p.WindowStart()
	load := make([]int, p.WindowDays())
	where, args := p.deckWhere("c")
	rows, err := q.QueryContext(ctx, `SELECT c.due, count(*) FROM cards c
		WHERE c.due >= ? AND c.due < ? AND c.suspended = 0 AND c.orphaned = 0 AND c.id <> ? AND `+where+`
		GROUP BY c.due`, append([]any{ws.String(), p.Interview.String(), except}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("read the window's load: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var due string
		var n int
		if err := rows.Scan(&due, &n); err != nil {
			return nil, err
		}
		if d, err := srs.ParseDay(due); err == nil && d >= ws && int(d-ws) < len(load) {
			load[d-ws] += n
		}
	}
	return load, rows.Err()
}
