package data

import (
	"context"
	"fmt"
	"iter"

	"github.com/aipmhq/aipm/srs"
)

// PlanReport is what `aipm plan` and `aipm stats` show of a plan on a day.
type PlanReport struct {
	Plan      InterviewPlan
	Day       srs.Day
	DaysLeft  int // days until the interview (0 on D)
	Cards     int // plan cards, not suspended or orphaned
	Unseen    int // of them, never answered
	NeededNew int // new cards a day the plan asks for today
	// NotSeen is how many plan cards cannot be introduced before D, even
	// at PlanNewCap a day.
	NotSeen int
	// Recall is the mean predicted recall on D of the plan cards (0 for a
	// card never answered); Topics the same by topic, weakest first.
	Recall float64
	Topics []TopicRecall
	// Workload is, for each day from Day to D, the plan cards due (those
	// already overdue count today) and the new cards the plan introduces.
	Workload []PlanDay
	Rubric   int       // rubric prompts among the plan cards
	Mocks    []srs.Day // the days suggested for a mock interview
}

// PlanDay is one day of a plan's workload.
type PlanDay struct {
	Day     string `json:"day"`
	Reviews int    `json:"reviews"`
	New     int    `json:"new"`
}

// RecallTarget is the predicted recall under which `aipm plan` lists a
// topic as weak.
const RecallTarget = 0.8

// PlanReport reports plan p on day.
func (s *Store) PlanReport(ctx context.Context, p InterviewPlan, day srs.Day) (*PlanReport, error) {
	r := &PlanReport{Plan: p, Day: day, DaysLeft: p.DaysLeft(day)}
	cards, err := planCards(ctx, s, p, max(day, p.Interview))
	if err != nil {
		return nil, err
	}
	r.Cards = len(cards)
	due := map[srs.Day]int{}
	for _, c := range cards {
		if c.kind == "rubric" {
			r.Rubric++
		}
		if c.due == "" {
			r.Unseen++
			continue
		}
		if d, err := srs.ParseDay(c.due); err == nil {
			due[max(d, day)]++
		}
	}
	r.Recall, r.Topics = recallByTopic(cards)
	today, err := s.planNewToday(ctx, p, day)
	if err != nil {
		return nil, err
	}
	r.NeededNew, r.NotSeen = p.NewCardsNeeded(r.Unseen+today, day)
	left := r.Unseen
	for d := day; d <= p.Interview; d++ {
		n := 0
		if d == day {
			n = min(max(r.NeededNew-today, 0), left)
		} else {
			n, _ = p.NewCardsNeeded(left, d)
			n = min(n, left)
		}
		left -= n
		r.Workload = append(r.Workload, PlanDay{Day: d.String(), Reviews: due[d], New: n})
	}
	r.Mocks = mockDays(p, day, r.Rubric)
	return r, nil
}

// PlanNewLimit is the new-card limit of a review on day under plan p:
// the larger of newPerDay and the figure the plan needs.
func (s *Store) PlanNewLimit(ctx context.Context, p InterviewPlan, day srs.Day, newPerDay int) (int, error) {
	where, args := p.deckWhere("c")
	var unseen int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM cards c
		WHERE c.due IS NULL AND c.suspended = 0 AND c.orphaned = 0 AND `+where, args...).Scan(&unseen); err != nil {
		return 0, fmt.Errorf("count the plan's new cards: %w", err)
	}
	today, err := s.planNewToday(ctx, p, day)
	if err != nil {
		return 0, err
	}
	need, _ := p.NewCardsNeeded(unseen+today, day)
	return max(newPerDay, need), nil
}

// planNewToday counts the plan's cards introduced on day (their first
// scheduling answer), so that the day's figure is sized from the cards
// unseen when it began.
func (s *Store) planNewToday(ctx context.Context, p InterviewPlan, day srs.Day) (int, error) {
	where, args := p.deckWhere("c")
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(DISTINCT r.card_id) FROM revlog r JOIN cards c ON c.id = r.card_id
		WHERE r.day = ? AND r.kind = 'review' AND r.due_before IS NULL AND c.suspended = 0 AND c.orphaned = 0
		AND `+notCancelled+` AND `+where, append([]any{day.String()}, args...)...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count today's new plan cards: %w", err)
	}
	return n, nil
}

// PlanDueToday counts the plan's cards due on or before day: the reviews
// the window lifts the daily limit for.
func (s *Store) PlanDueToday(ctx context.Context, p InterviewPlan, day srs.Day) (int, error) {
	where, args := p.deckWhere("c")
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM cards c
		WHERE c.due IS NOT NULL AND c.due <= ? AND `+reviewable+` AND `+where,
		append([]any{day.String(), day.String()}, args...)...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count the plan's due cards: %w", err)
	}
	return n, nil
}

// Mock interviews: with a company set and rubric prompts in the plan, the
// plan suggests one mock per MockPrompts prompts (1 to MaxMocks), three
// days apart, the last on D - 2 (D - 1 when D - 2 has passed), none before
// today.
const (
	MockPrompts = 5
	MaxMocks    = 3
)

func mockDays(p InterviewPlan, day srs.Day, rubric int) []srs.Day {
	if p.Company == "" || rubric == 0 || day >= p.Interview {
		return nil
	}
	n := min(max(rubric/MockPrompts, 1), MaxMocks)
	last := max(p.Interview-2, day)
	var out []srs.Day
	for d := last; d >= day && len(out) < n; d -= 3 {
		out = append([]srs.Day{d}, out...)
	}
	return out
}

// PastInterview is the line stats keeps for an interview that has passed.
type PastInterview struct {
	Date    string  `json:"date"`
	Company string  `json:"company"`
	Recall  float64 `json:"predicted_recall"` // on the day, from the answers up to it
}

// PastInterview reports the latest plan whose interview was before day,
// ok false when there is none.
func (s *Store) PastInterview(ctx context.Context, day srs.Day) (PastInterview, bool, error) {
	p, ok, err := s.PastPlan(ctx, day)
	if err != nil || !ok {
		return PastInterview{}, false, err
	}
	cards, err := planCards(ctx, s, p, p.Interview)
	if err != nil {
		return PastInterview{}, false, err
	}
	recall, _ := recallByTopic(cards)
	return PastInterview{Date: p.Interview.String(), Company: p.Company, Recall: recall}, true, nil
}

// PlanNewFirst streams the new cards of a sitting on day that match f as
// Store.Plan does, but with the cards of a plan narrowed to some decks
// first, so that the new cards the plan asks for come from its decks.
func (s *Store) PlanNewFirst(ctx context.Context, p InterviewPlan, day srs.Day, f Filter) iter.Seq2[srs.Entry, error] {
	where, args := f.where("c")
	inPlan, planArgs := p.deckWhere("c")
	return s.entries(ctx, `SELECT c.id, c.deck_id, c.line FROM cards c
		WHERE c.due IS NULL AND `+reviewable+` AND `+where+`
		ORDER BY (`+inPlan+`) DESC, `+s.newOrder(),
		append(append([]any{day.String()}, args...), planArgs...)...)
}
