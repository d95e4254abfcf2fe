package data

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/aipmhq/aipm/srs"
)

// The final drill before an interview (aipm review --final), SuperMemo's
// "final drill": every plan card whose latest grade was below 4, or whose
// predicted recall on D is under FinalRecall, with no limits, each until
// it is graded 4. Its answers schedule only cards that are due (or new);
// the others are logged as kind final and schedule nothing.

// FinalRecall is the predicted recall on D under which a plan card is
// drilled in the final drill.
const FinalRecall = 0.9

// FinalCard is one card of the final drill.
type FinalCard struct {
	ID     string
	Recall float64
}

// FinalCards lists the cards of the final drill on day, lowest predicted
// recall first (then deck and file order): the plan's cards, not
// suspended or orphaned, whose latest answer (review, re-drill or final)
// was graded below 4, or whose predicted recall on D is under FinalRecall
// and that have not been graded 4 or more today.
func (s *Store) FinalCards(ctx context.Context, p InterviewPlan, day srs.Day) ([]FinalCard, error) {
	cards, err := planCards(ctx, s, p, day)
	if err != nil {
		return nil, err
	}
	latest, err := latestGrades(ctx, s.db, p)
	if err != nil {
		return nil, err
	}
	var out []FinalCard
	for _, c := range cards {
		l, seen := latest[c.id]
		weak := seen && l.grade < int(srs.RedrillGrade)
		fading := c.recall < FinalRecall && !(seen && l.day == day && l.grade >= int(srs.RedrillGrade))
		if weak || fading {
			out = append(out, FinalCard{ID: c.id, Recall: c.recall})
		}
	}
	slices.SortStableFunc(out, func(a, b FinalCard) int { return cmp.Compare(a.Recall, b.Recall) })
	return out, nil
}

type latestGrade struct {
	grade int
	day   srs.Day
}

// latestGrades reads the grade and day of each plan card's latest live
// answer (review, re-drill or final).
func latestGrades(ctx context.Context, q queryer, p InterviewPlan) (map[string]latestGrade, error) {
	where, args := p.deckWhere("c")
	rows, err := q.QueryContext(ctx, `SELECT r.card_id, r.grade, r.day, max(r.seq) FROM revlog r
		JOIN cards c ON c.id = r.card_id
		WHERE r.kind IN ('review', 'redrill', 'final') AND r.grade IS NOT NULL AND `+notCancelled+` AND `+where+`
		GROUP BY r.card_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read the latest grades: %w", err)
	}
	defer rows.Close()
	out := map[string]latestGrade{}
	for rows.Next() {
		var id, day string
		var l latestGrade
		var seq int64
		if err := rows.Scan(&id, &l.grade, &day, &seq); err != nil {
			return nil, err
		}
		if l.day, err = srs.ParseDay(day); err != nil {
			continue
		}
		out[id] = l
	}
	return out, rows.Err()
}

// finalSchedules reports whether an answer in the final drill is a
// scheduling answer: the card is new (its first answer introduces it), or
// due on or before day and not yet scheduled today.
func finalSchedules(c sched, day srs.Day, answered bool) bool {
	if c.isNew() {
		return true
	}
	if c.scheduledOn(day, answered) {
		return false
	}
	due, err := srs.ParseDay(c.due)
	return err == nil && due <= day
}
