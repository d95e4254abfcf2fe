package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/aipmhq/aipm/srs"
	"github.com/aipmhq/aipm/srs/fit"
)

// The scheduling answers are what the FSRS tools read: the FSRS review-log
// CSV (export and import --reviews), the calibration of stats and the fit
// of optimize. They are the live review rows, in log order: no re-drill,
// no cram answer, nothing undone. A prune row starts its card afresh, as
// replay does.

// scheduled is one scheduling answer as the log holds it.
type scheduled struct {
	seq         int64
	card        int    // the card's number, in order of first appearance
	id          string // the card's id
	at          string // RFC 3339, UTC; read only for the CSV
	day         srs.Day
	grade       int
	durationMS  int64
	maxInterval sql.NullInt64
	fresh       bool // the card's first answer (or its first since a prune)
}

// eachScheduled calls f for every live scheduling answer in log order.
// withTimes reads the instant and duration too (the CSV needs them; the
// calibration and the fit do not). It reads a million rows a second or
// so: the ids and days are read in place and looked up without a copy.
func eachScheduled(ctx context.Context, q queryer, withTimes bool, f func(scheduled) error) error {
	cancelled, err := cancelledRows(ctx, q, "")
	if err != nil {
		return err
	}
	cols := `r.seq, r.card_id, r.kind = 'prune', r.day, coalesce(r.grade, -1), r.max_interval, '', 0`
	if withTimes {
		cols = `r.seq, r.card_id, r.kind = 'prune', r.day, coalesce(r.grade, -1), r.max_interval, r.at, r.duration_ms`
	}
	rows, err := q.QueryContext(ctx, `SELECT `+cols+` FROM revlog r
		WHERE r.kind IN ('review', 'prune') ORDER BY r.seq`)
	if err != nil {
		return fmt.Errorf("read the review log: %w", err)
	}
	defer rows.Close()
	days := map[string]srs.Day{}
	type cardSeen struct {
		n        int
		id       string
		answered bool
	}
	cards := map[string]*cardSeen{}
	var id, day sql.RawBytes
	for rows.Next() {
		var a scheduled
		var prune bool
		if err := rows.Scan(&a.seq, &id, &prune, &day, &a.grade, &a.maxInterval, &a.at, &a.durationMS); err != nil {
			return fmt.Errorf("read the review log: %w", err)
		}
		if cancelled[a.seq] {
			continue
		}
		c := cards[string(id)]
		if c == nil {
			c = &cardSeen{n: len(cards), id: string(id)}
			cards[c.id] = c
		}
		if prune {
			c.answered = false
			continue
		}
		d, ok := days[string(day)]
		if !ok {
			if d, err = srs.ParseDay(string(day)); err != nil {
				return fmt.Errorf("log row %d has day %q: %w", a.seq, day, err)
			}
			days[string(day)] = d
		}
		if !srs.Grade(a.grade).Valid() {
			return fmt.Errorf("log row %d is a review with no grade; run aipm doctor", a.seq)
		}
		a.card, a.id, a.day, a.fresh = c.n, c.id, d, !c.answered
		c.answered = true
		if err := f(a); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ReviewLog is the collection's scheduling answers, ready for calibration
// and fitting.
type ReviewLog struct {
	Log     *fit.Log
	Answers int // scheduling answers, first answers included
	// sm2 is the interval SM-2 had given each card before each of its
	// answers, under the cap of the day (the stability SM-2's recall is
	// predicted from).
	sm2 [][]float64
}

// ReviewLog reads the scheduling answers. A card's sequence is its answers
// on different days: an answer dated on or before the card's previous one
// (a clock set back) is left out of the fit, as it predicts nothing.
func (s *Store) ReviewLog(ctx context.Context) (*ReviewLog, error) {
	type seq struct {
		card  fit.Card
		sm2   []float64
		state srs.State
		last  srs.Day
		cap   int
	}
	var seqs []*seq
	var open []*seq // by card number: the card's sequence
	n := 0
	err := eachScheduled(ctx, s.db, false, func(a scheduled) error {
		n++
		for len(open) <= a.card { // a card's number comes with its first row, a prune maybe
			open = append(open, nil)
		}
		c := open[a.card]
		if a.fresh {
			c = &seq{state: srs.NewState}
			seqs = append(seqs, c)
			open[a.card] = c
		}
		g := srs.Grade(a.grade)
		switch {
		case len(c.card) == 0:
			c.card = append(c.card, fit.Answer{Rating: int(g.Rating()), At: a.seq})
			c.sm2 = append(c.sm2, 0)
		case a.day > c.last:
			iv := c.state.Interval
			if c.cap > 0 && iv > c.cap {
				iv = c.cap
			}
			c.card = append(c.card, fit.Answer{Rating: int(g.Rating()), DeltaT: int(a.day - c.last), At: a.seq})
			c.sm2 = append(c.sm2, float64(iv))
		default:
			return nil // same day or earlier: see above
		}
		next, err := srs.Next(c.state, a.grade)
		if err != nil {
			return err
		}
		c.state, c.last, c.cap = next, a.day, int(a.maxInterval.Int64)
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := &ReviewLog{Answers: n}
	cards := make([]fit.Card, len(seqs))
	out.sm2 = make([][]float64, len(seqs))
	for i, c := range seqs {
		cards[i], out.sm2[i] = c.card, c.sm2
	}
	out.Log, err = fit.NewLog(cards)
	return out, err
}

// SM2 predicts each item's recall from SM-2's interval before it, on
// FSRS-6's forgetting curve with the default decay: SM-2 schedules a review
// for the day it takes recall to fall to 90%, which is what FSRS calls the
// stability.
func (r *ReviewLog) SM2(l *fit.Log) *fit.Prediction {
	return l.PredictStability(fit.DefaultWeights[20], func(card, k int) float64 { return r.sm2[card][k] })
}

// msOf is an RFC 3339 instant in epoch milliseconds.
func msOf(at string) (int64, error) {
	t, err := time.Parse(time.RFC3339Nano, at)
	if err != nil {
		return 0, err
	}
	return t.UnixMilli(), nil
}
