package data

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/aipmhq/aipm/srs"
)

// ReviewsHeader is the header of the FSRS review-log CSV that export and
// import --reviews use: the columns the FSRS optimizers read, and aipm's
// own 0-5 grade, which they ignore.
var ReviewsHeader = []string{"card_id", "review_time", "review_rating", "review_state", "review_duration", "aipm_grade"}

// The review_state values: the card's state before the answer. aipm has no
// same-day learning steps, so 1 (Learning) is never written.
const (
	stateNew        = 0
	stateReview     = 2
	stateRelearning = 3
)

// ExportReviews writes the scheduling answers as the FSRS review-log CSV,
// one row each in log order, and returns how many it wrote.
func (s *Store) ExportReviews(ctx context.Context, w io.Writer) (int, error) {
	cw := csv.NewWriter(w)
	if err := cw.Write(ReviewsHeader); err != nil {
		return 0, err
	}
	var passed []bool // by card number
	n := 0
	rec := make([]string, len(ReviewsHeader))
	err := eachScheduled(ctx, s, true, func(a scheduled) error {
		ms, err := msOf(a.at)
		if err != nil {
			return fmt.Errorf("log row %d has instant %q: %w", a.seq, a.at, err)
		}
		state := stateNew
		switch {
		case a.fresh:
		case passed[a.card]:
			state = stateReview
		default:
			state = stateRelearning
		}
		g := srs.Grade(a.grade)
		for len(passed) <= a.card {
			passed = append(passed, false)
		}
		passed[a.card] = g.Pass()
		rec[0], rec[1] = a.id, strconv.FormatInt(ms, 10)
		rec[2], rec[3] = strconv.Itoa(int(g.Rating())), strconv.Itoa(state)
		rec[4], rec[5] = strconv.FormatInt(a.durationMS, 10), strconv.Itoa(a.grade)
		n++
		return cw.Write(rec)
	})
	if err != nil {
		return 0, err
	}
	cw.Flush()
	return n, cw.Error()
}

// ReviewRow is one row of an FSRS review-log CSV.
type ReviewRow struct {
	Line     int // in the file, from 1 (the header)
	CardID   string
	At       time.Time
	Grade    int // 0-5: aipm_grade, or from the rating
	Duration time.Duration
}

// ReviewsError is a bad row of a review-log CSV.
type ReviewsError struct {
	File string
	Line int
	Msg  string
}

func (e *ReviewsError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// ratingGrade is the grade aipm gives an FSRS rating without aipm_grade.
var ratingGrade = [5]int{0, 1, 3, 4, 5}

// ParseReviews reads an FSRS review-log CSV: a header naming at least
// card_id, review_time and review_rating (review_state, review_duration
// and aipm_grade are optional; other columns are ignored), then one row a
// scheduling answer. The grade is aipm_grade when the column is there, and
// otherwise ratings 1-4 become grades 1, 3, 4 and 5. It reports every bad
// row, as file:line, up to 20.
func ParseReviews(r io.Reader, file string) ([]ReviewRow, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err == io.EOF {
		return nil, &ReviewsError{file, 1, "the file is empty: want the header " + strings.Join(ReviewsHeader, ",")}
	}
	if err != nil {
		return nil, csvError(file, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	for _, need := range ReviewsHeader[:3] {
		if _, ok := col[need]; !ok {
			return nil, &ReviewsError{file, 1, fmt.Sprintf("the header has no %s column: want %s", need, strings.Join(ReviewsHeader, ","))}
		}
	}
	var out []ReviewRow
	var bad []error
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(file, err)
		}
		line, _ := cr.FieldPos(0)
		row, msg := parseReviewRow(rec, col)
		if msg != "" {
			if bad = append(bad, &ReviewsError{file, line, msg}); len(bad) == 20 {
				break
			}
			continue
		}
		row.Line = line
		out = append(out, row)
	}
	return out, errors.Join(bad...)
}

func parseReviewRow(rec []string, col map[string]int) (ReviewRow, string) {
	var row ReviewRow
	field := func(name string) (string, bool) {
		i, ok := col[name]
		if !ok || i >= len(rec) {
			return "", false
		}
		return strings.TrimSpace(rec[i]), true
	}
	num := func(name string, lo, hi int64) (int64, string) {
		s, _ := field(name)
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil || v < lo || v > hi {
			return 0, fmt.Sprintf("%s %q is not a whole number from %d to %d", name, s, lo, hi)
		}
		return v, ""
	}
	row.CardID, _ = field("card_id")
	if row.CardID == "" {
		return row, "card_id is empty"
	}
	ms, msg := num("review_time", 0, 1<<53)
	if msg != "" {
		return row, msg + " (epoch milliseconds)"
	}
	row.At = time.UnixMilli(ms).UTC()
	rating, msg := num("review_rating", 1, 4)
	if msg != "" {
		return row, msg
	}
	row.Grade = ratingGrade[rating]
	if s, ok := field("aipm_grade"); ok && s != "" {
		g, msg := num("aipm_grade", 0, 5)
		if msg != "" {
			return row, msg
		}
		if int64(srs.Grade(g).Rating()) != rating {
			return row, fmt.Sprintf("aipm_grade %d is rating %d, not review_rating %d", g, srs.Grade(g).Rating(), rating)
		}
		row.Grade = int(g)
	}
	if s, ok := field("review_state"); ok && s != "" {
		if _, msg := num("review_state", 0, 3); msg != "" {
			return row, msg
		}
	}
	if s, ok := field("review_duration"); ok && s != "" {
		d, msg := num("review_duration", 0, 1<<40)
		if msg != "" {
			return row, msg + " (milliseconds)"
		}
		row.Duration = min(time.Duration(d)*time.Millisecond, MaxAnswerTime)
	}
	return row, ""
}

func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ReviewsError{file, pe.Line, pe.Err.Error()}
	}
	return fmt.Errorf("read %s: %w", file, err)
}
