package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aipmhq/aipm/srs"
)

// A plan toward an interview date (aipm plan): every card of the plan's
// decks introduced by D - IntroBy, and seen again in the final window
// D - Window .. D - 1. This file stores it; plan_rules.go holds its rules;
// plan_report.go what `aipm plan` and stats show.

// InterviewPlan is an interview plan.
type InterviewPlan struct {
	ID        int64
	Interview srs.Day  // D
	Company   string   // "" when none
	Decks     []string // the plan's deck ids; empty means every deck
	IntroBy   int      // days before D by which every card is introduced
	Window    int      // days of the final window, as asked
	SetOn     srs.Day  // the day the plan was set
}

// Default plan margins.
const (
	DefaultIntroBy = 7
	DefaultWindow  = 3
)

// SetPlan stores p as the plan in force from day (p.SetOn is set to day),
// ending any plan in force. The interview must be after day, and every
// deck of p.Decks must exist.
func (s *Store) SetPlan(ctx context.Context, p InterviewPlan, day srs.Day, at time.Time) (InterviewPlan, error) {
	if p.Interview <= day {
		when := "today"
		if p.Interview < day {
			when = "in the past"
		}
		return p, Hintf("give a date after today, e.g. aipm plan --interview "+day.Add(14).String(),
			"the interview date %s is %s (today is %s)", p.Interview, when, day)
	}
	if p.IntroBy < 0 || p.Window < 0 {
		return p, Hintf(fmt.Sprintf("the defaults are --intro-by %d --window %d", DefaultIntroBy, DefaultWindow),
			"--intro-by %d and --window %d must be 0 or more", p.IntroBy, p.Window)
	}
	for _, id := range p.Decks {
		ok, err := s.HasDeck(ctx, id)
		if err != nil {
			return p, err
		}
		if !ok {
			return p, Hintf("`aipm decks` lists the deck ids", "no deck %q", id)
		}
	}
	p.SetOn = day
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := endPlan(ctx, tx, day); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO plan (interview, company, decks, intro_by, window_days, set_on, at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, p.Interview.String(), p.Company, strings.Join(p.Decks, ","),
			p.IntroBy, p.Window, day.String(), at.UTC().Format(time.RFC3339Nano))
		if err != nil {
			return fmt.Errorf("store the plan: %w", err)
		}
		p.ID, err = res.LastInsertId()
		return err
	})
	return p, err
}

// ClearPlan ends the plan in force on day and reports whether there was
// one.
func (s *Store) ClearPlan(ctx context.Context, day srs.Day) (bool, error) {
	var n int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := endPlan(ctx, tx, day)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n > 0, err
}

// endPlan ends the plan in force on day, if any (SetPlan, ClearPlan).
func endPlan(ctx context.Context, tx *sql.Tx, day srs.Day) (sql.Result, error) {
	return tx.ExecContext(ctx, `UPDATE plan SET cleared_on = ? WHERE cleared_on IS NULL AND interview >= ?`,
		day.String(), day.String())
}

// ActivePlan returns the plan in force on day: set on or before day, not
// cleared, interview on or after day. ok is false when there is none; a
// plan ends by itself the day after its interview.
func (s *Store) ActivePlan(ctx context.Context, day srs.Day) (InterviewPlan, bool, error) {
	return activePlan(ctx, s.db, day)
}

func activePlan(ctx context.Context, q querier, day srs.Day) (InterviewPlan, bool, error) {
	return readPlan(ctx, q, `WHERE cleared_on IS NULL AND interview >= ? AND set_on <= ?`, day.String(), day.String())
}

// PastPlan returns the latest plan whose interview was before day and
// that was not cleared before it.
func (s *Store) PastPlan(ctx context.Context, day srs.Day) (InterviewPlan, bool, error) {
	return readPlan(ctx, s.db, `WHERE interview < ? AND (cleared_on IS NULL OR cleared_on > interview)`, day.String())
}

func readPlan(ctx context.Context, q querier, where string, args ...any) (InterviewPlan, bool, error) {
	var p InterviewPlan
	var interview, decks, setOn string
	err := q.QueryRowContext(ctx, `SELECT id, interview, company, decks, intro_by, window_days, set_on
		FROM plan `+where+` ORDER BY id DESC LIMIT 1`, args...).
		Scan(&p.ID, &interview, &p.Company, &decks, &p.IntroBy, &p.Window, &setOn)
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	if err != nil {
		return p, false, fmt.Errorf("read the interview plan: %w", err)
	}
	if p.Interview, err = srs.ParseDay(interview); err != nil {
		return p, false, fmt.Errorf("the stored interview plan is damaged: %w", err)
	}
	if p.SetOn, err = srs.ParseDay(setOn); err != nil {
		return p, false, fmt.Errorf("the stored interview plan is damaged: %w", err)
	}
	if decks != "" {
		p.Decks = strings.Split(decks, ",")
	}
	return p, true, nil
}

// Has reports whether the plan covers deck.
func (p InterviewPlan) Has(deck string) bool {
	return len(p.Decks) == 0 || slices.Contains(p.Decks, deck)
}

// deckWhere is the SQL condition (on alias) for the plan's cards.
func (p InterviewPlan) deckWhere(alias string) (string, []any) {
	if len(p.Decks) == 0 {
		return "1", nil
	}
	args := make([]any, len(p.Decks))
	for i, d := range p.Decks {
		args[i] = d
	}
	return alias + ".deck_id IN (?" + strings.Repeat(", ?", len(p.Decks)-1) + ")", args
}
