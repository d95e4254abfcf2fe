package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/aipmhq/aipm/srs"
)

// ReviewsImport is what import --reviews did.
type ReviewsImport struct {
	Added   int // answers added to the log
	Skipped int // rows already in the log (or twice in the file)
	Cards   int // cards that got answers
}

// ReviewsOptions say how to date the answers of import --reviews.
type ReviewsOptions struct {
	File        string                  // the file's name, for errors
	DayOf       func(time.Time) srs.Day // the user's day of an instant
	MaxInterval int                     // the interval cap in force (0: none)
}

// ImportReviews appends the rows' answers to the log of the cards they
// name, in time order, each applied as an answer given at its instant: the
// card's first answer of a day schedules it through the scheduler in
// force, a later one is a re-drill, as in a review. A row whose card
// already has a live answer at that instant (to the millisecond) is
// skipped, so that importing a file twice adds nothing. Every row is
// checked first: a card that does not exist, or an answer older than the
// card's last one, is reported as file:line and nothing is written.
func (s *Store) ImportReviews(ctx context.Context, rows []ReviewRow, o ReviewsOptions) (ReviewsImport, error) {
	var res ReviewsImport
	rows = slices.Clone(rows)
	slices.SortStableFunc(rows, func(a, b ReviewRow) int { return a.At.Compare(b.At) })
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res = ReviewsImport{}
		eng, err := engineTx(ctx, tx)
		if err != nil {
			return err
		}
		type cardState struct {
			card     Card
			s        sched
			answered bool
			seen     map[int64]bool // instants of its live answers (ms)
			last     int64          // the latest of them
			changed  bool           // got a scheduling answer
			added    bool           // got any answer
		}
		cards := map[string]*cardState{}
		var bad []error
		fail := func(r ReviewRow, format string, args ...any) {
			if len(bad) < 20 {
				bad = append(bad, &ReviewsError{File: o.File, Line: r.Line, Msg: fmt.Sprintf(format, args...)})
			}
		}
		var todo []ReviewRow
		for _, r := range rows {
			c := cards[r.CardID]
			if c == nil {
				card, err := cardTx(ctx, tx, r.CardID)
				var nf *NotFoundError
				if errors.As(err, &nf) {
					fail(r, "card %s is not in the collection: import its deck first (aipm import)", r.CardID)
					continue
				}
				if err != nil {
					return err
				}
				c = &cardState{card: card}
				if c.seen, c.last, err = liveAnswerTimes(ctx, tx, r.CardID); err != nil {
					return err
				}
				last, answered, err := lastScheduled(ctx, tx, r.CardID)
				if err != nil {
					return err
				}
				c.s = sched{mem: card.Memory(), due: card.Due, lastDay: last, lapses: card.Lapses}
				c.answered = answered
				cards[r.CardID] = c
			}
			ms := r.At.UnixMilli()
			switch {
			case c.seen[ms]:
				res.Skipped++
			case ms < c.last:
				fail(r, "card %s already has a later answer (at %s): import --reviews only adds answers after a card's last one",
					r.CardID, time.UnixMilli(c.last).UTC().Format(time.RFC3339))
			default:
				c.seen[ms], c.last = true, ms
				todo = append(todo, r)
			}
		}
		if len(bad) > 0 {
			return errors.Join(bad...)
		}
		for _, r := range todo {
			c := cards[r.CardID]
			day := o.DayOf(r.At)
			g := r.Grade
			row := logRow{card: r.CardID, at: r.At, shown: r.At.Add(-r.Duration), day: day, grade: &g, duration: r.Duration}
			before := c.s
			if before.isNew() {
				before.mem = eng.sched.New()
			}
			row.before, row.dueBefore, row.after, row.dueAfter = before.mem, before.due, before.mem, before.due
			if before.scheduledOn(day, c.answered) {
				row.kind = srs.LogRedrill
			} else {
				next, err := eng.answer(before, g, day, o.MaxInterval)
				if err != nil {
					return fmt.Errorf("%s:%d: %w", o.File, r.Line, err)
				}
				row.kind, row.after, row.dueAfter = srs.LogReview, next.mem, next.due
				cap := int64(o.MaxInterval)
				row.maxInterval, row.scheduler = &cap, eng.id
				c.s, c.answered, c.changed = next, true, true
			}
			if _, err := insertLog(ctx, tx, row); err != nil {
				return err
			}
			res.Added++
			c.added = true
		}
		for id, c := range cards {
			if c.added {
				res.Cards++
			}
			if c.changed {
				if err := writeState(ctx, tx, id, Replayed{Memory: c.s.mem, Due: c.s.due, Lapses: c.s.lapses,
					Suspended: c.card.Suspended, Buried: c.card.BuriedUntil}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return res, err
}

// liveAnswerTimes reads the instants (ms) of a card's live answers of any
// kind, and the latest.
func liveAnswerTimes(ctx context.Context, tx *sql.Tx, id string) (map[int64]bool, int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT r.at FROM revlog r WHERE r.card_id = ?
		AND r.kind IN ('review', 'redrill', 'cram') AND `+notCancelled, id)
	if err != nil {
		return nil, 0, fmt.Errorf("read the log of card %s: %w", id, err)
	}
	defer rows.Close()
	seen := map[int64]bool{}
	var last int64
	for rows.Next() {
		var at string
		if err := rows.Scan(&at); err != nil {
			return nil, 0, err
		}
		ms, err := msOf(at)
		if err != nil {
			return nil, 0, fmt.Errorf("card %s has a log instant %q: %w", id, at, err)
		}
		seen[ms] = true
		last = max(last, ms)
	}
	return seen, last, rows.Err()
}
