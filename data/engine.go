package data

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/aipmhq/aipm/srs"
)

// This file is the one place that applies a scheduling algorithm: Record,
// the replay behind doctor, undo and a scheduler switch, and the benchmark
// fixture all go through engine.answer.

// SchedulerSettings are the collection's scheduler settings, stored in the
// database so that two machines never disagree about them.
type SchedulerSettings struct {
	Algorithm string // "sm2" or "fsrs"
	// Retention is FSRS's desired retention (0.70-0.99); SM-2 ignores it.
	Retention float64
	// Weights are FSRS-6's 21 weights; SM-2 ignores them.
	Weights [srs.FSRSWeightCount]float64
}

// DefaultSchedulerSettings are a new collection's: SM-2, with FSRS's
// defaults kept for a later switch.
func DefaultSchedulerSettings() SchedulerSettings {
	p := srs.DefaultFSRSParams()
	return SchedulerSettings{Algorithm: "sm2", Retention: p.DesiredRetention, Weights: p.Weights}
}

// Scheduler returns the algorithm the settings choose, or an error that
// names the bad setting.
func (c SchedulerSettings) Scheduler() (srs.Scheduler, error) {
	switch c.Algorithm {
	case "sm2":
		return srs.SM2{}, nil
	case "fsrs":
		f, err := srs.NewFSRS(c.FSRS())
		if err != nil {
			return nil, err
		}
		return f, nil
	}
	return nil, fmt.Errorf("scheduler %q is not an algorithm aipm knows: use sm2 or fsrs", c.Algorithm)
}

// FSRS returns the settings as FSRS parameters.
func (c SchedulerSettings) FSRS() srs.FSRSParams {
	return srs.FSRSParams{Weights: c.Weights, DesiredRetention: c.Retention}
}

// DefaultWeights reports whether the weights are FSRS-6's defaults.
func (c SchedulerSettings) DefaultWeights() bool {
	return c.Weights == srs.DefaultFSRSParams().Weights
}

// WeightList formats the weights as the comma-separated list the database
// and `aipm scheduler fsrs --weights` use.
func (c SchedulerSettings) WeightList() string {
	parts := make([]string, len(c.Weights))
	for i, w := range c.Weights {
		parts[i] = strconv.FormatFloat(w, 'g', -1, 64)
	}
	return strings.Join(parts, ",")
}

// engine is the scheduler in force, with the id of its settings row.
type engine struct {
	sched    srs.Scheduler
	settings SchedulerSettings
	id       int64
}

// engineTx reads the settings in force. It is read inside each write
// transaction, so that a switch made by another process applies at once.
func engineTx(ctx context.Context, q querier) (engine, error) {
	var e engine
	var weights string
	err := q.QueryRowContext(ctx, `SELECT id, algorithm, retention, weights FROM scheduler
		ORDER BY id DESC LIMIT 1`).Scan(&e.id, &e.settings.Algorithm, &e.settings.Retention, &weights)
	if err != nil {
		return e, fmt.Errorf("read the scheduler settings: %w", err)
	}
	if e.settings.Weights, err = srs.ParseFSRSWeights(weights); err != nil {
		return e, Hintf("set them again with `aipm scheduler fsrs --weights`", "the stored FSRS weights are damaged (%v)", err)
	}
	e.sched, err = e.settings.Scheduler()
	return e, err
}

// newEngine is the engine for settings that are not stored (id 0).
func newEngine(c SchedulerSettings) (engine, error) {
	s, err := c.Scheduler()
	return engine{sched: s, settings: c}, err
}

// sched is a card's scheduling state as the engine sees it.
type sched struct {
	mem     srs.Memory
	due     string  // "" while the card is new
	lastDay srs.Day // day of the last scheduling answer (valid unless new)
	lapses  int
}

func (c sched) isNew() bool { return c.due == "" }

// scheduledOn reports whether the card already had its scheduling answer on
// day (its last one, answered reports there is one), so that another
// answer that day is a re-drill.
func (c sched) scheduledOn(day srs.Day, answered bool) bool {
	return answered && c.lastDay == day && !c.isNew()
}

// answer applies one scheduling answer of grade g on day: the algorithm's
// step from the days elapsed since the last scheduling answer, then the
// interval cap (maxInterval > 0), then due = day + interval. A lapse is a
// failed answer on a card with a pass in a row (srs.Lapse).
func (e engine) answer(c sched, g int, day srs.Day, maxInterval int) (sched, error) {
	if c.isNew() {
		c.mem = e.sched.New()
	}
	elapsed := 0
	if !c.isNew() {
		elapsed = max(int(day-c.lastDay), 0)
	}
	next, err := e.sched.Next(c.mem, srs.Grade(g), elapsed)
	if err != nil {
		return c, err
	}
	if srs.Lapse(c.mem.State, g) {
		c.lapses++
	}
	if maxInterval > 0 && next.Interval > maxInterval {
		next.Interval = maxInterval
	}
	c.mem, c.due, c.lastDay = next, day.Add(next.Interval).String(), day
	return c, nil
}

// preview is the interval each grade would give the card on day, capped.
func (e engine) preview(c sched, day srs.Day, maxInterval int) [6]int {
	m, elapsed := c.mem, 0
	if c.isNew() {
		m = e.sched.New()
	} else {
		elapsed = max(int(day-c.lastDay), 0)
	}
	out := e.sched.Preview(m, elapsed)
	for i := range out {
		if maxInterval > 0 && out[i] > maxInterval {
			out[i] = maxInterval
		}
	}
	return out
}

// lastScheduled reads the day of the card's last live scheduling answer
// (or Anki baseline, whose day is the card's last answer in Anki), or ok
// false when it has none.
func lastScheduled(ctx context.Context, q querier, id string) (day srs.Day, ok bool, err error) {
	var s string
	err = q.QueryRowContext(ctx, `SELECT r.day FROM revlog r
		WHERE r.card_id = ? AND r.kind IN ('review', 'baseline') AND `+notCancelled+`
		ORDER BY r.seq DESC LIMIT 1`, id).Scan(&s)
	if err == sql.ErrNoRows {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	day, err = srs.ParseDay(s)
	return day, err == nil, err
}
