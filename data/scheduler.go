package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/aipmhq/aipm/srs"
)

// SchedulerSettings returns the collection's scheduler settings in force.
func (s *Store) SchedulerSettings(ctx context.Context) (SchedulerSettings, error) {
	e, err := engineTx(ctx, s.db)
	return e.settings, err
}

// Switch is what a change of scheduler settings did, or would do.
type Switch struct {
	From, To SchedulerSettings
	Cards    int    // cards whose stored schedule changed
	NewDue   int    // of those, the cards that got a new due day
	Backup   string // the backup taken first ("" for a dry run or a new database)
}

// SetScheduler makes set the collection's scheduler settings and rebuilds
// every card's state and due day by replaying its log under them, in one
// transaction, after a backup. With dryRun it only counts what would
// change. at is the instant recorded with the new settings.
func (s *Store) SetScheduler(ctx context.Context, set SchedulerSettings, at time.Time, dryRun bool) (Switch, error) {
	var sw Switch
	to, err := newEngine(set)
	if err != nil {
		return sw, err
	}
	sw.To = set
	if dryRun {
		from, err := engineTx(ctx, s.db)
		if err != nil {
			return sw, err
		}
		sw.From = from.settings
		changes, newDue, err := planRebuild(ctx, s.db, to)
		sw.Cards, sw.NewDue = len(changes), newDue
		return sw, err
	}
	if sw.Backup, err = s.Backup(ctx, "scheduler"); err != nil {
		return sw, fmt.Errorf("back up before changing the scheduler: %w", err)
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		from, err := engineTx(ctx, tx)
		if err != nil {
			return err
		}
		sw.From = from.settings
		res, err := tx.ExecContext(ctx, `INSERT INTO scheduler (algorithm, retention, weights, at) VALUES (?, ?, ?, ?)`,
			set.Algorithm, set.Retention, set.WeightList(), at.UTC().Format(time.RFC3339Nano))
		if err != nil {
			return fmt.Errorf("store the scheduler settings: %w", err)
		}
		if to.id, err = res.LastInsertId(); err != nil {
			return err
		}
		sw.Cards, sw.NewDue, err = rebuild(ctx, tx, to)
		return err
	})
	return sw, err
}

// Preview is the interval each grade 0-5 would give the card if it were
// answered on day under the scheduler in force, capped at maxInterval. It
// reports redrill instead when the card already has its scheduling answer
// of the day, so that its next answer schedules nothing.
func (s *Store) Preview(ctx context.Context, c Card, day srs.Day, maxInterval int) (next [6]int, redrill bool, err error) {
	last, answered, err := lastScheduled(ctx, s.db, c.ID)
	if err != nil {
		return next, false, err
	}
	card := sched{mem: c.Memory(), due: c.Due, lastDay: last}
	if card.scheduledOn(day, answered) {
		return next, true, nil
	}
	e, err := engineTx(ctx, s.db)
	if err != nil {
		return next, false, err
	}
	return e.preview(card, day, maxInterval), false, nil
}
