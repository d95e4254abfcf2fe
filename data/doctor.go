package data

import (
	"context"
	"database/sql"
	"fmt"
)

// Problem is one finding of Doctor.
type Problem struct {
	// CardID is the card concerned, "" for a problem of the whole file.
	CardID string
	// Field is the card field that disagrees with the log (reps, interval,
	// ef, due, lapses, suspended), or "integrity", "foreign key", "topic"
	// or "log".
	Field    string
	Stored   string // the stored value (for a field)
	Replayed string // the value the review log gives (for a field)
	Detail   string // what is wrong, for problems that are not a field
}

func (p Problem) String() string {
	if p.Detail != "" {
		if p.CardID != "" {
			return fmt.Sprintf("card %s: %s", p.CardID, p.Detail)
		}
		return p.Field + ": " + p.Detail
	}
	return fmt.Sprintf("card %s: %s is %s, the review log gives %s", p.CardID, p.Field, p.Stored, p.Replayed)
}

// Fixable reports whether RebuildStates repairs the problem.
func (p Problem) Fixable() bool { return p.Detail == "" }

// Checkup is what Doctor found.
type Checkup struct {
	Cards    int       // cards checked
	LogRows  int       // rows of the review log (LogCounts)
	Problems []Problem // in card order; empty when all is well
}

// Mismatched counts the distinct cards whose state disagrees with the log.
func (c *Checkup) Mismatched() int {
	seen := map[string]bool{}
	for _, p := range c.Problems {
		if p.Fixable() {
			seen[p.CardID] = true
		}
	}
	return len(seen)
}

// Doctor runs PRAGMA integrity_check and foreign_key_check, checks that
// each card's topic id stands for its deck and topic, then replays the
// review log through the scheduler in force for every card and compares
// the result with the card's stored state. Each answer is replayed under
// the interval cap it was given (recorded in the log), so a change of
// max_interval since then is no disagreement.
func (s *Store) Doctor(ctx context.Context) (*Checkup, error) {
	c := &Checkup{}
	for _, check := range []struct{ field, query string }{
		{"integrity", "PRAGMA integrity_check"},
		{"foreign key", `SELECT printf('a row of %s (rowid %s) refers to a missing row of %s', "table", coalesce(rowid, '?'), parent)
			FROM pragma_foreign_key_check`},
	} {
		found, err := checkRows(ctx, s.db, check.query)
		if err != nil {
			return nil, fmt.Errorf("%s check of %s: %w", check.field, s.path, s.classify(err))
		}
		for _, f := range found {
			c.Problems = append(c.Problems, Problem{Field: check.field, Detail: oneLine(f)})
		}
	}
	if len(c.Problems) > 0 {
		return c, nil // replaying a damaged file would only add noise
	}
	// The per-topic counts group by topic id: a card whose id names
	// another deck or topic would be counted under it.
	found, err := checkRows(ctx, s.db, `SELECT printf('card %s (deck %s, topic %s) has topic id %d, which is %s', c.id, c.deck_id, quote(c.topic), c.topic_id,
			coalesce('deck ' || t.deck_id || ', topic ' || quote(t.name), 'no topic'))
		FROM cards c LEFT JOIN topics t ON t.id = c.topic_id
		WHERE t.id IS NULL OR t.deck_id != c.deck_id OR t.name != c.topic
		ORDER BY c.deck_ord, c.ord`)
	if err != nil {
		return nil, fmt.Errorf("topic check of %s: %w", s.path, s.classify(err))
	}
	for _, f := range found {
		c.Problems = append(c.Problems, Problem{Field: "topic", Detail: oneLine(f)})
	}
	// One read transaction: the states, the log and the counts are of one
	// moment, as a backup's are, even while another aipm writes.
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, s.classify(err)
	}
	defer tx.Rollback()
	eng, err := engineTx(ctx, tx)
	if err != nil {
		return nil, err
	}
	stored, order, err := storedStates(ctx, tx)
	if err != nil {
		return nil, err
	}
	replayed, _, logProblems, err := replay(ctx, tx, eng, "")
	if err != nil {
		return nil, err
	}
	if c.Cards, c.LogRows, err = logCounts(ctx, tx); err != nil {
		return nil, err
	}
	for _, id := range order {
		c.Problems = append(c.Problems, diff(id, stored[id], replayed[id].orNew(eng))...)
	}
	c.Problems = append(c.Problems, logProblems...)
	return c, nil
}

// RebuildStates sets every card's schedule (reps, interval, EF, FSRS
// memory, due, lapses and suspension) to what the review log gives under
// the scheduler in force, in one transaction, and returns the number of
// cards it changed.
func (s *Store) RebuildStates(ctx context.Context) (int, error) {
	var n int
	err := s.tx(ctx, func(tx *sql.Tx) error {
		eng, err := engineTx(ctx, tx)
		if err != nil {
			return err
		}
		n, _, err = rebuild(ctx, tx, eng)
		return err
	})
	return n, err
}

// LogCounts counts the cards and the rows of the review log (every row:
// answers, undone ones, undos and flags), in one statement, as doctor and
// backup report them.
func (s *Store) LogCounts(ctx context.Context) (cards, rows int, err error) {
	return logCounts(ctx, s.db)
}

func logCounts(ctx context.Context, q querier) (cards, rows int, err error) {
	err = q.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM cards), (SELECT count(*) FROM revlog)").Scan(&cards, &rows)
	return cards, rows, err
}
