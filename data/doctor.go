package data

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/aipmhq/aipm/srs"
)

// Problem is one finding of Doctor.
type Problem struct {
	// CardID is the card concerned, "" for a problem of the whole file.
	CardID string
	// Field is the card field that disagrees with the log (reps, interval,
	// ef, due, lapses, suspended), or "integrity", "foreign key" or "log".
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
	LogRows  int       // live log rows replayed
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

// Replayed is a card's scheduling state rebuilt from the review log.
type Replayed struct {
	State     srs.State
	Due       string // "" while the card is new
	Lapses    int
	Suspended bool
}

// Doctor runs PRAGMA integrity_check and foreign_key_check, then replays
// the review log through srs for every card and compares the result with
// the card's stored state. maxInterval is the configured cap (0: none).
func (s *Store) Doctor(ctx context.Context, maxInterval int) (*Checkup, error) {
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
	stored, order, err := storedStates(ctx, s.db)
	if err != nil {
		return nil, err
	}
	replayed, rows, logProblems, err := replay(ctx, s.db, maxInterval)
	if err != nil {
		return nil, err
	}
	c.Cards, c.LogRows = len(order), rows
	for _, id := range order {
		c.Problems = append(c.Problems, diff(id, stored[id], replayed[id])...)
	}
	c.Problems = append(c.Problems, logProblems...)
	return c, nil
}

// RebuildStates sets every card's reps, interval, EF, due, lapses and
// suspension to what the review log gives, in one transaction, and returns
// the number of cards it changed.
func (s *Store) RebuildStates(ctx context.Context, maxInterval int) (int, error) {
	var n int
	err := s.tx(ctx, func(tx *sql.Tx) error {
		n = 0
		stored, order, err := storedStates(ctx, tx)
		if err != nil {
			return err
		}
		replayed, _, _, err := replay(ctx, tx, maxInterval)
		if err != nil {
			return err
		}
		for _, id := range order {
			r := replayed[id].orNew()
			if len(diff(id, stored[id], r)) == 0 {
				continue
			}
			susp := 0
			if r.Suspended {
				susp = 1
			}
			if _, err := tx.ExecContext(ctx, `UPDATE cards SET reps = ?, interval = ?, ef = ?, due = ?,
				lapses = ?, suspended = ? WHERE id = ?`,
				r.State.Reps, r.State.Interval, ef100(r.State.EF), nullStr(r.Due), r.Lapses, susp, id); err != nil {
				return fmt.Errorf("rebuild card %s: %w", id, err)
			}
			n++
		}
		return nil
	})
	return n, err
}

func storedStates(ctx context.Context, q queryer) (map[string]Replayed, []string, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, reps, interval, ef, coalesce(due, ''), lapses, suspended
		FROM cards ORDER BY deck_ord, ord, id`)
	if err != nil {
		return nil, nil, fmt.Errorf("read card states: %w", err)
	}
	defer rows.Close()
	out := map[string]Replayed{}
	var order []string
	for rows.Next() {
		var id string
		var r Replayed
		var ef int
		if err := rows.Scan(&id, &r.State.Reps, &r.State.Interval, &ef, &r.Due, &r.Lapses, &r.Suspended); err != nil {
			return nil, nil, fmt.Errorf("read card states: %w", err)
		}
		r.State.EF = float64(ef) / 100
		out[id] = r
		order = append(order, id)
	}
	return out, order, rows.Err()
}

// replay rebuilds every logged card's state from the live (not undone) log
// rows, in seq order, starting after the card's last prune row: review rows
// go through srs.Next and srs.Cap, with due = the row's day + the interval;
// a lapse is counted by srs.Lapse; suspension is the last suspend or
// unsuspend. Re-drills, cram answers and burials change no state.
func replay(ctx context.Context, q queryer, maxInterval int) (map[string]Replayed, int, []Problem, error) {
	return replayWhere(ctx, q, maxInterval, "1")
}

// replayWhere is replay of the rows that also match cond (on revlog r).
func replayWhere(ctx context.Context, q queryer, maxInterval int, cond string, args ...any) (map[string]Replayed, int, []Problem, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.seq, r.card_id, r.kind, r.day, r.grade FROM revlog r
		WHERE r.kind <> 'undo' AND NOT EXISTS (SELECT 1 FROM revlog u WHERE u.undoes = r.seq) AND `+cond+`
		ORDER BY r.seq`, args...)
	if err != nil {
		return nil, 0, nil, fmt.Errorf("read the review log: %w", err)
	}
	defer rows.Close()
	out := map[string]Replayed{}
	var problems []Problem
	n := 0
	for rows.Next() {
		var seq int64
		var id, kind, day string
		var grade sql.NullInt64
		if err := rows.Scan(&seq, &id, &kind, &day, &grade); err != nil {
			return nil, 0, nil, fmt.Errorf("read the review log: %w", err)
		}
		n++
		r, ok := out[id]
		if !ok {
			r.State = srs.NewState
		}
		switch kind {
		case "prune":
			r = Replayed{State: srs.NewState}
		case "suspend", "unsuspend":
			r.Suspended = kind == "suspend"
		case "review":
			d, err := srs.ParseDay(day)
			if err != nil || !grade.Valid {
				problems = append(problems, Problem{CardID: id, Field: "log",
					Detail: fmt.Sprintf("log row %d has day %q and grade %v, which cannot be replayed", seq, day, grade.Int64)})
				continue
			}
			next, err := srs.Next(r.State, int(grade.Int64))
			if err != nil {
				problems = append(problems, Problem{CardID: id, Field: "log", Detail: fmt.Sprintf("log row %d: %v", seq, err)})
				continue
			}
			if srs.Lapse(r.State, int(grade.Int64)) {
				r.Lapses++
			}
			r.State = srs.Cap(next, maxInterval)
			r.Due = d.Add(r.State.Interval).String()
		}
		out[id] = r
	}
	return out, n, problems, rows.Err()
}

// diff compares a stored state with the replayed one. A card with no log
// rows replays as a new card.
func diff(id string, stored, replayed Replayed) []Problem {
	replayed = replayed.orNew()
	var out []Problem
	add := func(field, s, r string) {
		if s != r {
			out = append(out, Problem{CardID: id, Field: field, Stored: s, Replayed: r})
		}
	}
	add("reps", strconv.Itoa(stored.State.Reps), strconv.Itoa(replayed.State.Reps))
	add("interval", strconv.Itoa(stored.State.Interval), strconv.Itoa(replayed.State.Interval))
	add("ef", fmt.Sprintf("%.2f", float64(ef100(stored.State.EF))/100), fmt.Sprintf("%.2f", float64(ef100(replayed.State.EF))/100))
	add("due", orNew(stored.Due), orNew(replayed.Due))
	add("lapses", strconv.Itoa(stored.Lapses), strconv.Itoa(replayed.Lapses))
	add("suspended", strconv.FormatBool(stored.Suspended), strconv.FormatBool(replayed.Suspended))
	return out
}

// orNew is r, or a new card's state for a card the log never mentions.
func (r Replayed) orNew() Replayed {
	if r.State.EF == 0 {
		r.State = srs.NewState
	}
	return r
}

func orNew(due string) string {
	if due == "" {
		return "none (new)"
	}
	return due
}
