package data

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/aipmhq/aipm/deck"
	"github.com/aipmhq/aipm/srs"
)

// Rubric cards keep their round and key points in cards.round and
// cards.key_points (a JSON list of strings; '' for other kinds). An answer
// to one logs the points ticked (revlog.points_hit, a JSON list of 1-based
// numbers), how many the card had (points_total) and any typed answer
// (answer_text). See migrations/0005_rubric.sql.

// MaxRubricAnswerTime caps the answer time logged for a rubric card: an
// open-ended answer takes minutes, where a flashcard's takes seconds.
const MaxRubricAnswerTime = 30 * time.Minute

func maxAnswerTime(c Card) time.Duration {
	if c.Kind == deck.Rubric {
		return MaxRubricAnswerTime
	}
	return MaxAnswerTime
}

// encodePoints is the key_points column of a card: ” for none.
func encodePoints(points []string) string {
	if len(points) == 0 {
		return ""
	}
	b, _ := json.Marshal(points) // a list of strings always marshals
	return string(b)
}

// decodePoints reads a key_points column.
func decodePoints(id, s string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	var out []string
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, Hintf("re-import its deck file to write them again", "card %s: its stored key points are damaged (%v)", id, err)
	}
	return out, nil
}

// checkCoverage refuses an answer whose coverage does not fit its card: a
// rubric card needs one, with its number of key points and the grade it
// earns; another card takes none.
func checkCoverage(c Card, e Event) error {
	switch {
	case c.Kind != deck.Rubric && e.Coverage != nil:
		return fmt.Errorf("card %s is a %s card: it has no key points to tick", c.ID, c.Kind)
	case c.Kind != deck.Rubric:
		if e.Mock != 0 {
			return fmt.Errorf("card %s is a %s card: a mock interview asks rubric cards only", c.ID, c.Kind)
		}
		return nil
	case e.Coverage == nil:
		return fmt.Errorf("card %s is a rubric card: its answer needs the key points hit", c.ID)
	case e.Coverage.Total != len(c.KeyPoints):
		return fmt.Errorf("card %s has %d key points, not %d (it changed while on screen); answer it again", c.ID, len(c.KeyPoints), e.Coverage.Total)
	case int(e.Coverage.Grade()) != e.Grade:
		return fmt.Errorf("card %s: %d of %d key points earn grade %d, not %d", c.ID, len(e.Coverage.Hit), e.Coverage.Total, e.Coverage.Grade(), e.Grade)
	}
	return nil
}

// rubricCols are a log row's rubric columns: NULL on rows of other cards.
func rubricCols(r logRow) (hit, total, text, mock any) {
	if r.coverage != nil {
		b, _ := json.Marshal(r.coverage.Hit) // a list of ints always marshals
		hit, total = string(b), r.coverage.Total
	}
	if r.text != "" {
		text = r.text
	}
	if r.mock != 0 {
		mock = r.mock
	}
	return
}

// decodeHit reads a points_hit column.
func decodeHit(seq int64, s string) ([]int, error) {
	var out []int
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, fmt.Errorf("log row %d: its key points are damaged (%v)", seq, err)
	}
	return out, nil
}

// MockAnswer is one live answer of a mock, with its card's prompt.
type MockAnswer struct {
	Seq       int64
	CardID    string
	Round     string
	Prompt    string
	KeyPoints []string // the card's key points now
	Coverage  srs.Coverage
	Grade     int
	Duration  time.Duration
	Text      string
}

// MockAnswers reads the live answers of mock id, in the order given.
func (s *Store) MockAnswers(ctx context.Context, id int64) ([]MockAnswer, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT r.seq, r.card_id, coalesce(c.round, ''), coalesce(c.front, ''),
			coalesce(c.key_points, ''), r.points_hit, r.points_total, r.grade, r.duration_ms, coalesce(r.answer_text, '')
		FROM revlog r LEFT JOIN cards c ON c.id = r.card_id
		WHERE r.mock = ? AND r.kind = 'mock' AND `+notCancelled+` ORDER BY r.seq`, id)
	if err != nil {
		return nil, fmt.Errorf("read the mock's answers: %w", err)
	}
	defer rows.Close()
	var out []MockAnswer
	for rows.Next() {
		var m MockAnswer
		var points, hit string
		var ms int64
		if err := rows.Scan(&m.Seq, &m.CardID, &m.Round, &m.Prompt, &points, &hit, &m.Coverage.Total, &m.Grade, &ms, &m.Text); err != nil {
			return nil, fmt.Errorf("read the mock's answers: %w", err)
		}
		if m.KeyPoints, err = decodePoints(m.CardID, points); err != nil {
			return nil, err
		}
		if m.Coverage.Hit, err = decodeHit(m.Seq, hit); err != nil {
			return nil, err
		}
		m.Duration = time.Duration(ms) * time.Millisecond
		out = append(out, m)
	}
	return out, rows.Err()
}
