package data

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/aipmhq/aipm/srs"
)

// The review log is the truth: a card's schedule is what replaying its live
// log rows gives. Doctor compares the two, doctor --fix and a scheduler
// switch write the replay, and an undo replays its one card.

// Replayed is a card's scheduling state rebuilt from the review log.
type Replayed struct {
	Memory    srs.Memory
	Due       string  // "" while the card is new
	LastDay   srs.Day // the day of the last scheduling answer
	Lapses    int
	Suspended bool
	Buried    string // the day a live burial lasts until, "" when none
}

func (r Replayed) sched() sched {
	return sched{mem: r.Memory, due: r.Due, lastDay: r.LastDay, lapses: r.Lapses}
}

// replay rebuilds the state of every logged card (or only of card, when it
// is not "") from the live (not undone) log rows, in seq order, starting
// after the card's last prune row: review rows go through engine.answer,
// each under the interval cap it was recorded with; suspension is the last
// suspend or unsuspend, burial the last bury or unbury. Re-drills and cram
// answers change no state. A due day an interview plan logged is kept
// (keepPlanned). It returns the states, the rows read, and the
// rows that cannot be replayed.
func replay(ctx context.Context, q queryer, eng engine, card string) (map[string]Replayed, int, []Problem, error) {
	cancelled, err := cancelledRows(ctx, q, card)
	if err != nil {
		return nil, 0, nil, err
	}
	// The undone rows are read above, so the log is read in seq (rowid)
	// order with no per-row lookup of an undo.
	query := `SELECT r.seq, r.card_id, r.kind, r.day, r.grade, r.max_interval, r.interval_after,
		r.reps_after, r.ef_after, r.due_after, r.lapses_after, r.planned_due
		FROM revlog r WHERE r.kind <> 'undo'`
	var args []any
	if card != "" {
		query += ` AND r.card_id = ?`
		args = append(args, card)
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY r.seq`, args...)
	if err != nil {
		return nil, 0, nil, fmt.Errorf("read the review log: %w", err)
	}
	defer rows.Close()
	out := map[string]Replayed{}
	days := map[string]srs.Day{} // a log has a few hundred distinct days
	var problems []Problem
	imported := newImportedReplay(eng)
	n := 0
	for rows.Next() {
		var seq int64
		var id, kind, day string
		var grade, maxInterval sql.NullInt64
		var loggedInterval int
		var base baselineRow
		var planned sql.NullString
		if err := rows.Scan(&seq, &id, &kind, &day, &grade, &maxInterval, &loggedInterval,
			&base.reps, &base.ef, &base.due, &base.lapses, &planned); err != nil {
			return nil, 0, nil, fmt.Errorf("read the review log: %w", err)
		}
		if cancelled[seq] {
			continue
		}
		n++
		r := out[id]
		d, ok := days[day]
		var derr error
		if !ok {
			if d, derr = srs.ParseDay(day); derr == nil {
				days[day] = d
			}
		}
		switch srs.LogKind(kind) {
		case srs.LogPrune:
			r = Replayed{}
			imported.prune(id)
		case logHistory, logBaseline:
			base.interval = loggedInterval
			var err error
			switch {
			case derr != nil || (kind == string(logHistory) && !grade.Valid):
				err = fmt.Errorf("day %q and grade %v cannot be replayed", day, grade.Int64)
			case kind == string(logHistory):
				err = imported.history(id, d, int(grade.Int64))
			default:
				err = imported.baseline(&r, id, d, base)
			}
			if err != nil {
				problems = append(problems, Problem{CardID: id, Field: "log", Detail: fmt.Sprintf("log row %d: %v", seq, err)})
				continue
			}
		case srs.LogSuspend, srs.LogUnsuspend:
			r.Suspended = kind == string(srs.LogSuspend)
		case srs.LogBury:
			if derr == nil {
				r.Buried = d.Add(1).String()
			}
		case srs.LogUnbury:
			r.Buried = ""
		case srs.LogReview:
			if derr != nil || !grade.Valid {
				problems = append(problems, Problem{CardID: id, Field: "log",
					Detail: fmt.Sprintf("log row %d has day %q and grade %v, which cannot be replayed", seq, day, grade.Int64)})
				continue
			}
			next, err := eng.replayAnswer(r.sched(), int(grade.Int64), d, maxInterval, loggedInterval)
			if err != nil {
				problems = append(problems, Problem{CardID: id, Field: "log", Detail: fmt.Sprintf("log row %d: %v", seq, err)})
				continue
			}
			next = keepPlanned(next, planned)
			r.Memory, r.Due, r.LastDay, r.Lapses = next.mem, next.due, next.lastDay, next.lapses
		}
		out[id] = r
	}
	return out, n, problems, rows.Err()
}

// keepPlanned gives a replayed answer the due day an interview plan logged
// for it (planned_due), instead of recomputing it: the plan chose that day
// from the load of its window at the time, which a replay cannot know.
func keepPlanned(next sched, planned sql.NullString) sched {
	if planned.Valid && planned.String != "" {
		next.due = planned.String
	}
	return next
}

// cancelledRows reads the seqs that undo rows cancel (of one card, when
// card is not "").
func cancelledRows(ctx context.Context, q queryer, card string) (map[int64]bool, error) {
	query, args := `SELECT undoes FROM revlog WHERE undoes IS NOT NULL`, []any(nil)
	if card != "" {
		query, args = `SELECT undoes FROM revlog WHERE card_id = ? AND undoes IS NOT NULL`, []any{card}
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read the review log: %w", err)
	}
	return int64Set(rows)
}

// int64Set reads a one-column query of integers into a set, and closes
// rows.
func int64Set(rows *sql.Rows) (map[int64]bool, error) {
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out[n] = true
	}
	return out, rows.Err()
}

// legacyCap is the cap replay assumes for rows logged before the cap was
// recorded, under an algorithm other than SM-2 (which infers it).
const legacyCap = 36500

// replayAnswer is engine.answer under the cap recorded with the row. A row
// from before caps were recorded (maxInterval NULL) was scheduled by SM-2:
// replayed by SM-2, its logged interval is the cap where the step gives
// more (the step is exact, so only a cap made it shorter).
func (e engine) replayAnswer(c sched, g int, day srs.Day, maxInterval sql.NullInt64, logged int) (sched, error) {
	if maxInterval.Valid {
		return e.answer(c, g, day, int(maxInterval.Int64))
	}
	next, err := e.answer(c, g, day, legacyCap)
	if err == nil && e.settings.Algorithm == "sm2" && next.mem.Interval > logged && logged > 0 {
		return e.answer(c, g, day, logged)
	}
	return next, err
}

func storedStates(ctx context.Context, q queryer) (map[string]Replayed, []string, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, reps, interval, ef, stability, difficulty, coalesce(due, ''),
		lapses, suspended, coalesce(buried_until, '') FROM cards ORDER BY deck_ord, ord, id`)
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
		m := &r.Memory
		if err := rows.Scan(&id, &m.Reps, &m.Interval, &ef, &m.Stability, &m.Difficulty, &r.Due,
			&r.Lapses, &r.Suspended, &r.Buried); err != nil {
			return nil, nil, fmt.Errorf("read card states: %w", err)
		}
		m.EF = float64(ef) / 100
		out[id] = r
		order = append(order, id)
	}
	return out, order, rows.Err()
}

// rebuild writes the replayed state of every card whose stored state
// differs, and returns how many cards changed and how many of them got a
// new due day.
func rebuild(ctx context.Context, tx *sql.Tx, eng engine) (changed, newDue int, err error) {
	changes, newDue, err := planRebuild(ctx, tx, eng)
	if err != nil {
		return 0, 0, err
	}
	upd, err := tx.PrepareContext(ctx, updateState)
	if err != nil {
		return 0, 0, err
	}
	defer upd.Close()
	for _, c := range changes {
		if _, err := upd.ExecContext(ctx, stateArgs(c.id, c.r)...); err != nil {
			return 0, 0, fmt.Errorf("rebuild card %s: %w", c.id, err)
		}
	}
	return len(changes), newDue, nil
}

type change struct {
	id string
	r  Replayed
}

// planRebuild lists the cards whose stored state differs from the replay
// under eng, and counts those whose due day differs. It writes nothing.
func planRebuild(ctx context.Context, q queryer, eng engine) ([]change, int, error) {
	stored, order, err := storedStates(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	replayed, _, _, err := replay(ctx, q, eng, "")
	if err != nil {
		return nil, 0, err
	}
	var out []change
	newDue := 0
	for _, id := range order {
		r := replayed[id].orNew(eng)
		if len(diff(id, stored[id], r)) == 0 {
			continue
		}
		if stored[id].Due != r.Due {
			newDue++
		}
		out = append(out, change{id, r})
	}
	return out, newDue, nil
}

const updateState = `UPDATE cards SET reps = ?, interval = ?, ef = ?, stability = ?, difficulty = ?,
	due = ?, lapses = ?, suspended = ?, buried_until = ? WHERE id = ?`

// stateArgs are updateState's arguments for a replayed state.
func stateArgs(id string, r Replayed) []any {
	m := r.Memory
	return []any{m.Reps, m.Interval, ef100(m.EF), m.Stability, m.Difficulty, nullStr(r.Due), r.Lapses, r.Suspended,
		nullStr(r.Buried), id}
}

// writeState stores a replayed state on its card (burial included).
func writeState(ctx context.Context, tx *sql.Tx, id string, r Replayed) error {
	if _, err := tx.ExecContext(ctx, updateState, stateArgs(id, r)...); err != nil {
		return fmt.Errorf("rebuild card %s: %w", id, err)
	}
	return nil
}

// diff compares a stored state with the replayed one. A card with no log
// rows replays as a new card. Burial is not compared: it ends by itself.
func diff(id string, stored, replayed Replayed) []Problem {
	var out []Problem
	add := func(field, s, r string) {
		if s != r {
			out = append(out, Problem{CardID: id, Field: field, Stored: s, Replayed: r})
		}
	}
	s, r := stored.Memory, replayed.Memory
	add("reps", strconv.Itoa(s.Reps), strconv.Itoa(r.Reps))
	add("interval", strconv.Itoa(s.Interval), strconv.Itoa(r.Interval))
	add("ef", fmt.Sprintf("%.2f", float64(ef100(s.EF))/100), fmt.Sprintf("%.2f", float64(ef100(r.EF))/100))
	add("stability", fmtFloat(s.Stability), fmtFloat(r.Stability))
	add("difficulty", fmtFloat(s.Difficulty), fmtFloat(r.Difficulty))
	add("due", orNew(stored.Due), orNew(replayed.Due))
	add("lapses", strconv.Itoa(stored.Lapses), strconv.Itoa(replayed.Lapses))
	add("suspended", strconv.FormatBool(stored.Suspended), strconv.FormatBool(replayed.Suspended))
	return out
}

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// orNew is r, or a new card's state for a card the log never mentions (or
// whose last answer was pruned).
func (r Replayed) orNew(eng engine) Replayed {
	if r.Due == "" {
		r.Memory = eng.sched.New()
	}
	return r
}

func orNew(due string) string {
	if due == "" {
		return "none (new)"
	}
	return due
}
