package data

import (
	"context"
	"database/sql"
	"fmt"
	"math"

	"github.com/aipmhq/aipm/srs"
)

// The per-day and per-card lists of the stats: the forecast, the heatmap,
// the leeches and the hardest cards.

// forecast counts the cards due on each day from tomorrow to day+days,
// one entry a day.
func forecast(ctx context.Context, db statsDB, day srs.Day, days int, f Filter) ([]DayCount, error) {
	rows, err := db.QueryContext(ctx, `SELECT c.due, count(*) FROM cards c
		WHERE c.due > :today AND c.due <= :end AND c.suspended = 0 AND c.orphaned = 0
		AND (c.buried_until IS NULL OR c.buried_until <= c.due) AND `+cardFilter(f)+`
		GROUP BY c.due`, args(day, f, sql.Named("end", day.Add(days).String()))...)
	if err != nil {
		return nil, fmt.Errorf("forecast: %w", err)
	}
	defer rows.Close()
	out := make([]DayCount, days)
	index := map[string]int{}
	for i := range out {
		out[i].Date = day.Add(i + 1).String()
		index[out[i].Date] = i
	}
	for rows.Next() {
		var d string
		var n int
		if err := rows.Scan(&d, &n); err != nil {
			return nil, fmt.Errorf("forecast: %w", err)
		}
		if i, ok := index[d]; ok {
			out[i].Due = n
		}
	}
	return out, rows.Err()
}

// leeches lists up to n studied cards with the most lapses.
func leeches(ctx context.Context, db statsDB, f Filter, n int) ([]CardBrief, error) {
	return briefs(ctx, db, "c.lapses > 0", "c.lapses DESC, c.ef", f, n)
}

// hardest lists up to n studied cards: under SM-2 those with the lowest
// EF, below the starting 2.50; under FSRS those with the highest
// difficulty.
func hardest(ctx context.Context, db statsDB, f Filter, n int, scheduler string) ([]CardBrief, error) {
	if scheduler == "fsrs" {
		return briefs(ctx, db, "c.due IS NOT NULL AND c.stability > 0", "c.difficulty DESC, c.lapses DESC", f, n)
	}
	return briefs(ctx, db, "c.due IS NOT NULL AND c.ef < 250", "c.ef, c.lapses DESC", f, n)
}

func briefs(ctx context.Context, db statsDB, cond, order string, f Filter, n int) ([]CardBrief, error) {
	rows, err := db.QueryContext(ctx, `SELECT c.id, c.deck_id, c.topic, c.front, c.lapses, c.ef, c.difficulty FROM cards c
		WHERE c.orphaned = 0 AND c.suspended = 0 AND `+cond+` AND `+cardFilter(f)+`
		ORDER BY `+order+`, c.deck_ord, c.ord LIMIT :n`, args(0, f, sql.Named("n", n))...)
	if err != nil {
		return nil, fmt.Errorf("list the hardest cards: %w", err)
	}
	defer rows.Close()
	out := []CardBrief{}
	for rows.Next() {
		var b CardBrief
		var ef int
		var d float64
		if err := rows.Scan(&b.ID, &b.Deck, &b.Topic, &b.Front, &b.Lapses, &ef, &d); err != nil {
			return nil, fmt.Errorf("list the hardest cards: %w", err)
		}
		b.EF = float64(ef) / 100
		if d > 0 {
			d = math.Round(d*100) / 100
			b.Difficulty = &d
		}
		out = append(out, b)
	}
	return out, rows.Err()
}
