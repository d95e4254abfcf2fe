package data

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"

	"github.com/aipmhq/aipm/srs"
)

// Mock interviews: a mocks row holds a mock's company and settings, and
// each answer in it is a revlog row of kind 'mock' pointing at it. Mock
// answers schedule nothing (replay skips them, as it skips cram).

// Mock is one mock interview.
type Mock struct {
	ID        int64
	Company   string
	At        time.Time
	Day       srs.Day
	Minutes   int
	PerAnswer int // minutes
	Seed      uint64
}

// StartMock writes a mock's row and returns its id.
func (s *Store) StartMock(ctx context.Context, m Mock) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO mocks (company, at, day, minutes, per_answer, seed)
			VALUES (?, ?, ?, ?, ?, ?)`, m.Company, m.At.UTC().Format(time.RFC3339Nano), m.Day.String(),
			m.Minutes, m.PerAnswer, int64(m.Seed))
		if err != nil {
			return fmt.Errorf("start the mock interview: %w", err)
		}
		id, err = res.LastInsertId()
		return err
	})
	return id, err
}

// RubricCard is a rubric card as a mock draws it.
type RubricCard struct {
	ID     string
	Round  string
	Today  bool // answered today (in review or a mock)
	Points int  // how many key points it has
}

// RubricCards lists the live, unsuspended rubric cards that match f, in
// deck and file order, each saying whether it was answered on day.
func (s *Store) RubricCards(ctx context.Context, day srs.Day, f Filter) ([]RubricCard, error) {
	where, args := f.where("c")
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.round, json_array_length(c.key_points),
		EXISTS (SELECT 1 FROM revlog r WHERE r.card_id = c.id AND r.day = ? AND r.kind IN ('review', 'redrill', 'mock')
			AND `+notCancelled+`)
		FROM cards c WHERE c.kind = 'rubric' AND c.orphaned = 0 AND c.suspended = 0 AND `+where+`
		ORDER BY c.deck_ord, c.ord`, append([]any{day.String()}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("list rubric cards: %w", err)
	}
	defer rows.Close()
	var out []RubricCard
	for rows.Next() {
		var c RubricCard
		if err := rows.Scan(&c.ID, &c.Round, &c.Points, &c.Today); err != nil {
			return nil, fmt.Errorf("list rubric cards: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// MockBrief is a past mock: its day, company and coverage (the mean of
// its answers' coverage).
type MockBrief struct {
	ID       int64    `json:"id"`
	Day      string   `json:"date"`
	Company  string   `json:"company"`
	Answers  int      `json:"answers"`
	Coverage *float64 `json:"coverage"` // 0-1, 4 decimals
}

// Mocks lists the mocks with at least one live answer, oldest first; with
// company set, only that company's.
func (s *Store) Mocks(ctx context.Context, company string) ([]MockBrief, error) {
	return mocks(ctx, s.db, company)
}

func mocks(ctx context.Context, db statsDB, company string) ([]MockBrief, error) {
	rows, err := db.QueryContext(ctx, `SELECT m.id, m.day, m.company, count(r.seq),
			avg(json_array_length(r.points_hit) * 1.0 / r.points_total)
		FROM mocks m JOIN revlog r ON r.mock = m.id AND r.kind = 'mock' AND `+notCancelled+`
		WHERE ?1 = '' OR m.company = ?1
		GROUP BY m.id ORDER BY m.id`, company)
	if err != nil {
		return nil, fmt.Errorf("list mocks: %w", err)
	}
	defer rows.Close()
	var out []MockBrief
	for rows.Next() {
		var m MockBrief
		var cov float64
		if err := rows.Scan(&m.ID, &m.Day, &m.Company, &m.Answers, &cov); err != nil {
			return nil, fmt.Errorf("list mocks: %w", err)
		}
		m.Coverage = round4(cov)
		out = append(out, m)
	}
	return out, rows.Err()
}

// round4 is f to 4 decimals.
func round4(f float64) *float64 {
	v := math.Round(f*10000) / 10000
	return &v
}
