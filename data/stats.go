package data

import (
	"context"
	"fmt"

	"github.com/aipmhq/aipm/srs"
)

// MatureInterval is the interval, in days, from which a card is mature.
const MatureInterval = 21

// CardCounts classify live (not orphaned) cards by state. Suspended cards
// count only as suspended; new, suspended and buried cards are never due.
type CardCounts struct {
	Total       int `json:"total"`
	New         int `json:"new"`
	Learning    int `json:"learning"`
	Young       int `json:"young"`
	Mature      int `json:"mature"`
	Suspended   int `json:"suspended"`
	DueToday    int `json:"due_today"`
	DueTomorrow int `json:"due_tomorrow"`
}

// DeckCounts are CardCounts for one deck.
type DeckCounts struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	CardCounts
}

// countCols computes CardCounts over cards c; the two parameters are today
// and tomorrow (YYYY-MM-DD).
const countCols = `count(*),
	count(*) FILTER (WHERE c.suspended = 0 AND c.due IS NULL),
	count(*) FILTER (WHERE c.suspended = 0 AND c.due IS NOT NULL AND c.reps = 0),
	count(*) FILTER (WHERE c.suspended = 0 AND c.reps >= 1 AND c.interval < 21),
	count(*) FILTER (WHERE c.suspended = 0 AND c.due IS NOT NULL AND c.interval >= 21),
	count(*) FILTER (WHERE c.suspended = 1),
	count(*) FILTER (WHERE c.suspended = 0 AND c.due <= ?1 AND (c.buried_until IS NULL OR c.buried_until <= ?1)),
	count(*) FILTER (WHERE c.suspended = 0 AND c.due = ?2)`

// DeckStats counts cards per deck, in deck order.
func (s *Store) DeckStats(ctx context.Context, day srs.Day, f Filter) ([]DeckCounts, error) {
	where, args := f.where("c")
	rows, err := s.db.QueryContext(ctx, `SELECT d.id, d.name, `+countCols+`
		FROM decks d JOIN cards c ON c.deck_id = d.id
		WHERE c.orphaned = 0 AND `+where+`
		GROUP BY d.id ORDER BY d.ord`, append([]any{day.String(), day.Add(1).String()}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("count cards: %w", err)
	}
	defer rows.Close()
	var out []DeckCounts
	for rows.Next() {
		var d DeckCounts
		c := &d.CardCounts
		if err := rows.Scan(&d.ID, &d.Name, &c.Total, &c.New, &c.Learning, &c.Young, &c.Mature, &c.Suspended, &c.DueToday, &c.DueTomorrow); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
