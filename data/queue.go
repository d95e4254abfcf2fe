package data

import (
	"context"
	"fmt"
	"iter"
	"strconv"

	"github.com/aipmhq/aipm/srs"
)

// This file reads what a sitting starts from; srs.Session decides the
// queue (limits, sibling burying, pending re-drills) from it.

const reviewable = `c.suspended = 0 AND c.orphaned = 0 AND (c.buried_until IS NULL OR c.buried_until <= ?)`

// noteOf names the note a card comes from: its deck and its line. The
// cards of one note (an R: pair, the groups of one cloze) share it.
func noteOf(deckID string, line int) string { return deckID + "\x00" + strconv.Itoa(line) }

// Plan reads the start of a sitting on day for the cards that match f:
// the due cards (due on or before day, most overdue first, then deck and
// file order) and the new cards (deck and file order) as streams that are
// read only as far as the sitting needs, and the cards answered earlier
// today. With cram, Due is every card of the filter that is not suspended
// or orphaned, in deck and file order. left is what remains of the day's
// limits.
func (s *Store) Plan(ctx context.Context, day srs.Day, f Filter, left srs.Limits, cram bool) (srs.Plan, error) {
	where, args := f.where("c")
	p := srs.Plan{Cram: cram, Left: left}
	if cram {
		p.Due = s.entries(ctx, `SELECT c.id, c.deck_id, c.line FROM cards c
			WHERE c.suspended = 0 AND c.orphaned = 0 AND `+where+` ORDER BY c.deck_ord, c.ord`, args...)
		return p, nil
	}
	today, err := s.answeredToday(ctx, day, f)
	if err != nil {
		return p, err
	}
	p.Today = today
	p.Due = s.entries(ctx, `SELECT c.id, c.deck_id, c.line FROM cards c
		WHERE c.due IS NOT NULL AND c.due <= ? AND `+reviewable+` AND `+where+`
		ORDER BY c.due, c.deck_ord, c.ord`,
		append([]any{day.String(), day.String()}, args...)...)
	p.New = s.entries(ctx, `SELECT c.id, c.deck_id, c.line FROM cards c
		WHERE c.due IS NULL AND `+reviewable+` AND `+where+`
		ORDER BY `+s.newOrder(),
		append([]any{day.String()}, args...)...)
	return p, nil
}

// entries streams (id, deck_id, line) rows as sitting entries. The query
// runs when the stream is read and stops when the reader does.
func (s *Store) entries(ctx context.Context, query string, args ...any) iter.Seq2[srs.Entry, error] {
	return func(yield func(srs.Entry, error) bool) {
		rows, err := s.db.QueryContext(ctx, query, args...)
		if err != nil {
			yield(srs.Entry{}, fmt.Errorf("build the review queue: %w", err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			var id, deckID string
			var line int
			if err := rows.Scan(&id, &deckID, &line); err != nil {
				yield(srs.Entry{}, err)
				return
			}
			if !yield(srs.Entry{ID: id, Note: noteOf(deckID, line)}, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(srs.Entry{}, err)
		}
	}
}

// answeredToday reads each card answered today (not in cram) once, with
// its latest grade and whether it is reviewable and matches f, in the
// order of that latest answer.
func (s *Store) answeredToday(ctx context.Context, day srs.Day, f Filter) ([]srs.Answered, error) {
	where, args := f.where("c")
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.deck_id, c.line, r.grade,
			(`+reviewable+` AND `+where+`), c.kind = 'rubric', max(r.seq) AS last
		FROM revlog r JOIN cards c ON c.id = r.card_id
		WHERE r.day = ? AND r.kind IN ('review', 'redrill') AND `+notCancelled+`
		GROUP BY r.card_id ORDER BY last`,
		append(append([]any{day.String()}, args...), day.String())...)
	if err != nil {
		return nil, fmt.Errorf("build the review queue: %w", err)
	}
	defer rows.Close()
	var out []srs.Answered
	for rows.Next() {
		var a srs.Answered
		var deckID string
		var line int
		var last int64
		if err := rows.Scan(&a.ID, &deckID, &line, &a.Grade, &a.Reviewable, &a.Rubric, &last); err != nil {
			return nil, err
		}
		a.Note = noteOf(deckID, line)
		out = append(out, a)
	}
	return out, rows.Err()
}

// Queue is a sitting's cards, in the order they are shown.
type Queue struct {
	Due     []string // up to the due limit
	New     []string // up to the new limit
	Pending []string // answered below 4 today, in the order of that answer
}

// Queue builds the queue of a sitting on day with up to dueLimit due and
// newLimit new cards, as srs.Session orders it, and writes nothing.
func (s *Store) Queue(ctx context.Context, day srs.Day, f Filter, dueLimit, newLimit int) (Queue, error) {
	var q Queue
	p, err := s.Plan(ctx, day, f, srs.Limits{New: newLimit, Reviews: dueLimit}, false)
	if err != nil {
		return q, err
	}
	sess, err := srs.NewSession(nil, p)
	if err != nil {
		return q, err
	}
	for _, e := range sess.Queue() {
		switch e.From {
		case srs.FromDue:
			q.Due = append(q.Due, e.ID)
		case srs.FromNew:
			q.New = append(q.New, e.ID)
		case srs.FromPending:
			q.Pending = append(q.Pending, e.ID)
		}
	}
	return q, nil
}

// Due lists up to limit due cards (due on or before day): most overdue
// first, then deck and file order. A card answered today is due later, so
// it never shows here again. Siblings are buried, as in Anki: of the cards
// of one note, only the first is listed, and none when another card of the
// note was answered today.
func (s *Store) Due(ctx context.Context, day srs.Day, f Filter, limit int) ([]string, error) {
	q, err := s.Queue(ctx, day, f, limit, 0)
	return q.Due, err
}

// NewCards lists up to limit new cards in deck and file order, siblings
// buried as in Due.
func (s *Store) NewCards(ctx context.Context, day srs.Day, f Filter, limit int) ([]string, error) {
	q, err := s.Queue(ctx, day, f, 0, limit)
	return q.New, err
}

// Pending lists the cards whose latest answer today was below 4, in the
// order of that failure: SM-2's repeat-until-4 rule.
func (s *Store) Pending(ctx context.Context, day srs.Day, f Filter) ([]string, error) {
	q, err := s.Queue(ctx, day, f, 0, 0)
	return q.Pending, err
}
