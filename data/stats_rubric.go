package data

import (
	"context"
	"fmt"
	"sort"

	"github.com/aipmhq/aipm/deck"
)

// Rounds are the stats of the rubric cards: readiness per interview
// round, the key points most often missed, and the past mocks.
type Rounds struct {
	Readiness []RoundReadiness `json:"readiness"`
	Missed    []MissedPoint    `json:"most_missed"`
	Mocks     []MockBrief      `json:"mocks"`
}

// RoundReadiness is one interview round: its rubric cards, how many have
// been answered (in review or a mock), and the mean coverage of each
// one's latest answer (null when none has been).
type RoundReadiness struct {
	Round     string   `json:"round"`
	Prompts   int      `json:"prompts"`
	Practised int      `json:"practised"`
	Coverage  *float64 `json:"coverage"` // 0-1, 4 decimals
}

// MissedPoint is a key point with how often answers missed it.
type MissedPoint struct {
	CardID  string `json:"id"`
	Deck    string `json:"deck"`
	Round   string `json:"round"`
	Prompt  string `json:"prompt"`
	Point   int    `json:"point"` // its number on the card, 1-based
	Text    string `json:"text"`
	Missed  int    `json:"missed"`
	Answers int    `json:"answers"`
}

// rubricAnswers are the live answers to rubric cards (review and mock)
// that the rounds count.
const rubricAnswers = `r.kind IN ('review', 'mock') AND r.points_hit IS NOT NULL AND ` + live

// rounds computes the rubric stats of the cards of f; top bounds the
// most-missed list.
func rounds(ctx context.Context, db statsDB, f Filter, top int) (*Rounds, error) {
	out := &Rounds{Readiness: []RoundReadiness{}, Missed: []MissedPoint{}}
	// Each rubric card's latest answer, through revlog_card; the cards
	// through cards_rubric, so neither table is read whole.
	rows, err := db.QueryContext(ctx, `SELECT l.round, count(*), count(x.seq),
			avg(json_array_length(x.points_hit) * 1.0 / x.points_total)
		FROM (SELECT c.round, (SELECT max(r.seq) FROM revlog r WHERE r.card_id = c.id AND `+rubricAnswers+`) AS seq
			FROM cards c WHERE c.kind = 'rubric' AND c.orphaned = 0 AND `+cardFilter(f)+`) l
		LEFT JOIN revlog x ON x.seq = l.seq
		GROUP BY l.round`, args(0, f)...)
	if err != nil {
		return nil, fmt.Errorf("read round readiness: %w", err)
	}
	byRound := map[string]RoundReadiness{}
	for rows.Next() {
		var r RoundReadiness
		var cov *float64
		if err := rows.Scan(&r.Round, &r.Prompts, &r.Practised, &cov); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read round readiness: %w", err)
		}
		if cov != nil {
			r.Coverage = round4(*cov)
		}
		byRound[r.Round] = r
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, name := range deck.Rounds {
		r, ok := byRound[name]
		if !ok {
			r.Round = name
		}
		out.Readiness = append(out.Readiness, r)
	}
	if out.Missed, err = mostMissed(ctx, db, f, top); err != nil {
		return nil, err
	}
	if out.Mocks, err = mocks(ctx, db, ""); err != nil {
		return nil, err
	}
	if out.Mocks == nil {
		out.Mocks = []MockBrief{}
	}
	return out, nil
}

// mostMissed counts, for each key point of the cards of f, the live
// answers that missed it, and returns the top most missed (ties: the
// higher share of misses, then deck and file order). Answers given when
// the card had another number of key points are left out: their numbers
// may name other points.
func mostMissed(ctx context.Context, db statsDB, f Filter, top int) ([]MissedPoint, error) {
	rows, err := db.QueryContext(ctx, `SELECT r.seq, c.id, c.deck_id, c.round, c.front, c.key_points, r.points_hit
		FROM cards c JOIN revlog r ON r.card_id = c.id
		WHERE c.kind = 'rubric' AND c.orphaned = 0 AND `+cardFilter(f)+` AND `+rubricAnswers+`
			AND r.points_total = json_array_length(c.key_points)
		ORDER BY c.deck_ord, c.ord, r.seq`, args(0, f)...)
	if err != nil {
		return nil, fmt.Errorf("read missed key points: %w", err)
	}
	defer rows.Close()
	var all []MissedPoint
	index := map[string]int{} // card id → its first point in all
	for rows.Next() {
		var seq int64
		var id, deckID, round, front, points, hitText string
		if err := rows.Scan(&seq, &id, &deckID, &round, &front, &points, &hitText); err != nil {
			return nil, fmt.Errorf("read missed key points: %w", err)
		}
		at, ok := index[id]
		if !ok {
			kps, err := decodePoints(id, points)
			if err != nil {
				return nil, err
			}
			at = len(all)
			index[id] = at
			for i, k := range kps {
				all = append(all, MissedPoint{CardID: id, Deck: deckID, Round: round, Prompt: front, Point: i + 1, Text: k})
			}
		}
		hit, err := decodeHit(seq, hitText)
		if err != nil {
			return nil, err
		}
		ticked := map[int]bool{}
		for _, n := range hit {
			ticked[n] = true
		}
		for i := at; i < len(all) && all[i].CardID == id; i++ {
			all[i].Answers++
			if !ticked[all[i].Point] {
				all[i].Missed++
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	missed := all[:0]
	for _, m := range all {
		if m.Missed > 0 {
			missed = append(missed, m)
		}
	}
	sort.SliceStable(missed, func(i, j int) bool {
		a, b := missed[i], missed[j]
		if a.Missed != b.Missed {
			return a.Missed > b.Missed
		}
		return a.Missed*b.Answers > b.Missed*a.Answers
	})
	if len(missed) > top {
		missed = missed[:top]
	}
	return append([]MissedPoint{}, missed...), nil
}
