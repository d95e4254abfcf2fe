package data

import (
	"database/sql"
	"fmt"

	"github.com/aipmhq/aipm/srs"
)

// The log kinds of a schedule brought in from Anki (schema step 4).
const (
	// logBaseline is a card's Anki schedule at import: replay starts from
	// its *_after state (lapses_after included) and its day is the day of
	// the card's last answer in Anki, from which elapsed days count.
	logBaseline srs.LogKind = "baseline"
	// logHistory is a past Anki answer, written before its baseline. Stats
	// count it; SM-2 replays none; FSRS replays the first of each day to
	// learn the card's stability and difficulty, which the next baseline
	// keeps.
	logHistory srs.LogKind = "history"
)

// importedReplay is replay's state for the imported rows: the FSRS memory
// each card's history rows build, until its baseline takes it.
type importedReplay struct {
	fsrs    srs.FSRS
	hasFSRS bool
	hist    map[string]*histMemory
}

type histMemory struct {
	mem     srs.Memory
	lastDay srs.Day
	any     bool
}

func newImportedReplay(eng engine) *importedReplay {
	x := &importedReplay{hist: map[string]*histMemory{}}
	x.fsrs, x.hasFSRS = eng.sched.(srs.FSRS)
	return x
}

// baselineRow is the *_after state of a baseline row.
type baselineRow struct {
	reps, interval, ef int
	due                sql.NullString
	lapses             sql.NullInt64
}

// prune forgets a card's history memory, as a prune row starts it over.
func (x *importedReplay) prune(id string) { delete(x.hist, id) }

// history replays one history row under FSRS: the first answer of a day
// moves the memory on.
func (x *importedReplay) history(id string, day srs.Day, grade int) error {
	if !x.hasFSRS {
		return nil
	}
	h := x.hist[id]
	if h == nil {
		h = &histMemory{mem: x.fsrs.New()}
		x.hist[id] = h
	}
	if h.any && day == h.lastDay {
		return nil
	}
	elapsed := 0
	if h.any {
		elapsed = max(int(day-h.lastDay), 0)
	}
	next, err := x.fsrs.Next(h.mem, srs.Grade(grade), elapsed)
	if err != nil {
		return err
	}
	h.mem, h.lastDay, h.any = next, day, true
	return nil
}

// baseline sets r to the baseline's state. Under FSRS the memory is what
// the card's history rows gave, or, with none, fsrs-rs's estimate from the
// SM-2 state (srs.FSRS.FromSM2).
func (x *importedReplay) baseline(r *Replayed, id string, day srs.Day, b baselineRow) error {
	if !b.due.Valid {
		return fmt.Errorf("baseline has no due day")
	}
	if _, err := srs.ParseDay(b.due.String); err != nil {
		return fmt.Errorf("baseline due day: %w", err)
	}
	m := srs.Memory{State: srs.State{Reps: b.reps, Interval: b.interval, EF: float64(b.ef) / 100}}
	if x.hasFSRS {
		fm := x.fsrs.FromSM2(m.EF, m.Interval)
		if h := x.hist[id]; h != nil && h.any {
			fm = h.mem
		}
		m.Stability, m.Difficulty = fm.Stability, fm.Difficulty
	}
	r.Memory, r.Due, r.LastDay, r.Lapses = m, b.due.String, day, int(b.lapses.Int64)
	return nil
}
