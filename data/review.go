package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/aipmhq/aipm/srs"
)

// MaxAnswerTime caps the answer time recorded in the log.
const MaxAnswerTime = 60 * time.Second

// Event is what a caller tells the store about one answer or action.
type Event struct {
	CardID   string
	Grade    int           // answers only
	At       time.Time     // instant of the event
	ShownAt  time.Time     // instant the card was shown (answers only)
	Day      srs.Day       // the user's day
	Duration time.Duration // answer time from the monotonic clock; capped
	// MaxInterval caps scheduled intervals (0: no cap).
	MaxInterval int
	Cram        bool // a cram answer: logged, schedules nothing
	// Final is an answer in the final drill (aipm review --final): a
	// scheduling answer when the card is due or new, else logged as final.
	Final bool
	// Coverage is the key points ticked on a rubric card (nil for other
	// kinds); Grade must be its grade. Text is the answer typed, if any.
	Coverage *srs.Coverage
	Text     string
	// Mock is the mock interview (StartMock) the answer belongs to: it is
	// logged as a mock answer and schedules nothing.
	Mock int64
}

// Answer is a recorded answer.
type Answer struct {
	Seq    int64
	Kind   srs.LogKind // review, redrill, cram or mock
	Before srs.Memory
	After  srs.Memory
	DueWas string // due before ("" for a new card)
	Due    string // due after
	Lapse  bool
	// Planned is the interview plan's reason when it moved Due
	// (PlanReasonWindow), "" otherwise.
	Planned string
}

const notCancelled = `NOT EXISTS (SELECT 1 FROM revlog u WHERE u.undoes = r.seq)`

// Record stores one answer and commits it before returning. The card's
// first answer of the day schedules it through the scheduler in force
// (engine.answer); later answers that day are re-drills and change nothing
// but the log.
func (s *Store) Record(ctx context.Context, e Event) (Answer, error) {
	if !srs.Grade(e.Grade).Valid() {
		return Answer{}, &srs.GradeError{Grade: e.Grade}
	}
	var a Answer
	err := s.tx(ctx, func(tx *sql.Tx) error {
		c, err := cardTx(ctx, tx, e.CardID)
		if err != nil {
			return err
		}
		eng, err := engineTx(ctx, tx)
		if err != nil {
			return err
		}
		last, answered, err := lastScheduled(ctx, tx, e.CardID)
		if err != nil {
			return err
		}
		before := sched{mem: c.Memory(), due: c.Due, lastDay: last, lapses: c.Lapses}
		if before.isNew() {
			before.mem = eng.sched.New()
		}
		a.Before, a.DueWas = before.mem, c.Due
		a.After, a.Due = a.Before, a.DueWas
		if err := checkCoverage(c, e); err != nil {
			return err
		}
		row := logRow{card: e.CardID, at: e.At, shown: e.ShownAt, day: e.Day, grade: &e.Grade,
			duration: min(e.Duration, maxAnswerTime(c)), coverage: e.Coverage, text: e.Text, mock: e.Mock}
		switch {
		case e.Mock != 0:
			a.Kind = srs.LogMock
		case e.Cram:
			a.Kind = srs.LogCram
		case e.Final && !finalSchedules(before, e.Day, answered):
			a.Kind = srs.LogFinal
		case before.scheduledOn(e.Day, answered):
			a.Kind = srs.LogRedrill
		default:
			a.Kind = srs.LogReview
			next, err := eng.answer(before, e.Grade, e.Day, e.MaxInterval)
			if err != nil {
				return err
			}
			next, moved, err := planStep(ctx, tx, c, e.Day, next)
			if err != nil {
				return err
			}
			a.Planned, row.planned = moved.reason, moved
			a.After, a.Due, a.Lapse = next.mem, next.due, next.lapses > before.lapses
			if err := writeState(ctx, tx, e.CardID, Replayed{Memory: next.mem, Due: next.due,
				Lapses: next.lapses, Suspended: c.Suspended, Buried: c.BuriedUntil}); err != nil {
				return err
			}
			cap := int64(e.MaxInterval)
			row.maxInterval, row.scheduler = &cap, eng.id
		}
		row.kind, row.before, row.dueBefore, row.after, row.dueAfter = a.Kind, a.Before, a.DueWas, a.After, a.Due
		a.Seq, err = insertLog(ctx, tx, row)
		return err
	})
	return a, err
}

type logRow struct {
	card          string
	kind          srs.LogKind
	at, shown     time.Time
	day           srs.Day
	grade         *int
	before, after srs.Memory
	dueBefore     string
	dueAfter      string
	duration      time.Duration
	undoes        int64
	maxInterval   *int64 // the cap in force, on scheduling answers
	scheduler     int64  // the settings row in force, on scheduling answers
	planned       planMove
	coverage      *srs.Coverage
	text          string
	mock          int64
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func ef100(ef float64) int { return int(ef*100 + 0.5) }

func insertLog(ctx context.Context, tx *sql.Tx, r logRow) (int64, error) {
	var shown, undoes, grade, maxInterval, sched any
	if !r.shown.IsZero() {
		shown = r.shown.UTC().Format(time.RFC3339Nano)
	}
	if r.undoes != 0 {
		undoes = r.undoes
	}
	if r.grade != nil {
		grade = *r.grade
	}
	if r.maxInterval != nil {
		maxInterval = *r.maxInterval
	}
	if r.scheduler != 0 {
		sched = r.scheduler
	}
	hit, total, text, mock := rubricCols(r)
	b, a := r.before, r.after
	res, err := tx.ExecContext(ctx, `INSERT INTO revlog (card_id, kind, at, shown_at, day, grade,
		reps_before, interval_before, ef_before, due_before, stability_before, difficulty_before,
		reps_after, interval_after, ef_after, due_after, stability_after, difficulty_after,
		duration_ms, undoes, max_interval, scheduler, points_hit, points_total, answer_text, mock,
		planned_due, plan_reason)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.card, string(r.kind), r.at.UTC().Format(time.RFC3339Nano), shown, r.day.String(), grade,
		b.Reps, b.Interval, ef100(b.EF), nullStr(r.dueBefore), b.Stability, b.Difficulty,
		a.Reps, a.Interval, ef100(a.EF), nullStr(r.dueAfter), a.Stability, a.Difficulty,
		r.duration.Milliseconds(), undoes, maxInterval, sched, hit, total, text, mock,
		nullStr(r.planned.due), nullStr(r.planned.reason))
	if err != nil {
		return 0, fmt.Errorf("record %s of card %s: %w", r.kind, r.card, err)
	}
	return res.LastInsertId()
}

// Undone is what an undo restored.
type Undone struct {
	CardID string
	Kind   srs.LogKind // the kind of the cancelled row
	State  srs.Memory
	Due    string
}

// UndoRefusedError is returned when an undo would rewrite answers that
// another session gave after the one to cancel.
type UndoRefusedError struct {
	CardID string
	Seq    int64 // the row to cancel
	Later  int64 // a later live answer of the card that day
}

func (e *UndoRefusedError) Error() string {
	return fmt.Sprintf("card %s was answered again after this answer, in another session; that answer stands, so this one cannot be undone",
		e.CardID)
}

// Undo cancels the log row seq with an undo row, and nothing else: the
// card's schedule, lapses, suspension and burial are then rebuilt by
// replaying its live log, so answers given meanwhile by another process
// stand. An undo of a scheduling answer is refused while a later answer of
// the card on the same day is live (that answer was a re-drill of it).
func (s *Store) Undo(ctx context.Context, seq int64, at time.Time, day srs.Day) (Undone, error) {
	var u Undone
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var kind, rowDay string
		var cancelled int
		err := tx.QueryRowContext(ctx, `SELECT card_id, kind, day,
			(SELECT count(*) FROM revlog u WHERE u.undoes = r.seq)
			FROM revlog r WHERE seq = ?`, seq).Scan(&u.CardID, &kind, &rowDay, &cancelled)
		if err == sql.ErrNoRows {
			return fmt.Errorf("no log row %d to undo", seq)
		}
		if err != nil {
			return err
		}
		if cancelled > 0 {
			return fmt.Errorf("log row %d is already undone", seq)
		}
		u.Kind = srs.LogKind(kind)
		switch u.Kind {
		case srs.LogReview:
			var later int64
			err := tx.QueryRowContext(ctx, `SELECT coalesce(min(r.seq), 0) FROM revlog r
				WHERE r.card_id = ? AND r.seq > ? AND r.day = ? AND r.kind IN ('review', 'redrill') AND `+notCancelled,
				u.CardID, seq, rowDay).Scan(&later)
			if err != nil {
				return err
			}
			if later != 0 {
				return &UndoRefusedError{CardID: u.CardID, Seq: seq, Later: later}
			}
		case srs.LogRedrill, srs.LogCram, srs.LogMock, srs.LogFinal, srs.LogSuspend, srs.LogBury:
		default:
			return fmt.Errorf("a %s cannot be undone", u.Kind)
		}
		c, err := cardTx(ctx, tx, u.CardID)
		if err != nil {
			return err
		}
		eng, err := engineTx(ctx, tx)
		if err != nil {
			return err
		}
		undo, err := insertLog(ctx, tx, logRow{card: u.CardID, kind: srs.LogUndo, at: at, day: day,
			before: c.Memory(), dueBefore: c.Due, after: c.Memory(), dueAfter: c.Due, undoes: seq})
		if err != nil {
			return err
		}
		replayed, _, _, err := replay(ctx, tx, eng, u.CardID)
		if err != nil {
			return err
		}
		r := replayed[u.CardID].orNew(eng)
		if err := writeState(ctx, tx, u.CardID, r); err != nil {
			return err
		}
		u.State, u.Due = r.Memory, r.Due
		_, err = tx.ExecContext(ctx, `UPDATE revlog SET reps_after = ?, interval_after = ?, ef_after = ?,
			due_after = ?, stability_after = ?, difficulty_after = ? WHERE seq = ?`,
			r.Memory.Reps, r.Memory.Interval, ef100(r.Memory.EF), nullStr(r.Due), r.Memory.Stability, r.Memory.Difficulty, undo)
		return err
	})
	return u, err
}

// SetFlag suspends, unsuspends, buries or unburies cards, one log row each.
// kind is one of suspend, unsuspend, bury, unbury. A bury lasts until the
// next day. It returns the seq of each row written; cards already in that
// state are skipped (seq 0).
func (s *Store) SetFlag(ctx context.Context, kind string, ids []string, at time.Time, day srs.Day) ([]int64, error) {
	var set string
	var args []any
	switch kind {
	case "suspend":
		set = "suspended = 1"
	case "unsuspend":
		set = "suspended = 0"
	case "bury":
		set, args = "buried_until = ?", []any{day.Add(1).String()}
	case "unbury":
		set = "buried_until = NULL"
	default:
		return nil, fmt.Errorf("unknown card action %q", kind)
	}
	seqs := make([]int64, len(ids))
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for i, id := range ids {
			c, err := cardTx(ctx, tx, id)
			if err != nil {
				return err
			}
			already := (kind == "suspend" && c.Suspended) || (kind == "unsuspend" && !c.Suspended) ||
				(kind == "unbury" && (c.BuriedUntil == "" || c.BuriedUntil <= day.String()))
			if already {
				continue
			}
			if _, err := tx.ExecContext(ctx, "UPDATE cards SET "+set+" WHERE id = ?", append(args, id)...); err != nil {
				return err
			}
			st := c.Memory()
			if c.Due == "" {
				st = srs.Memory{State: srs.NewState}
			}
			seqs[i], err = insertLog(ctx, tx, logRow{card: id, kind: srs.LogKind(kind), at: at, day: day,
				before: st, dueBefore: c.Due, after: st, dueAfter: c.Due})
			if err != nil {
				return err
			}
		}
		return nil
	})
	return seqs, err
}

// DayCounts are the figures the daily limits are counted from.
type DayCounts struct {
	New     int // distinct cards whose first-ever scheduling answer is today
	Reviews int // scheduling answers today on cards that were not new
}

// Counts reads today's limit counters from the log. Re-drills, cram and
// undone answers count toward neither.
func (s *Store) Counts(ctx context.Context, day srs.Day) (DayCounts, error) {
	var c DayCounts
	err := s.db.QueryRowContext(ctx, `SELECT
		count(DISTINCT r.card_id) FILTER (WHERE r.due_before IS NULL),
		count(*) FILTER (WHERE r.due_before IS NOT NULL)
		FROM revlog r WHERE r.day = ? AND r.kind = 'review' AND `+notCancelled, day.String()).Scan(&c.New, &c.Reviews)
	if err != nil {
		return c, fmt.Errorf("count today's answers: %w", err)
	}
	return c, nil
}

// NextDue returns the earliest due day after day among reviewable cards,
// or "" when no card is scheduled.
func (s *Store) NextDue(ctx context.Context, day srs.Day, f Filter) (string, error) {
	where, args := f.where("c")
	var due sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT min(c.due) FROM cards c
		WHERE c.due IS NOT NULL AND c.due > ? AND c.suspended = 0 AND c.orphaned = 0 AND `+where,
		append([]any{day.String()}, args...)...).Scan(&due)
	return due.String, err
}
