package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/aipmhq/aipm/srs"
)

// The heatmap, the streak and retention over 7, 30 and 365 days are all
// sums of the same rows (the answers that count, answerKinds and live) by
// day. They are read in one pass over the last year of the covering day
// index, one row a day (answersByDay), and summed in Go: the 365-day span
// holds the other spans, the heatmap's 26 weeks and a streak of up to a year.

// RetentionDays is the longest retention span, in days; answersByDay covers
// it.
const RetentionDays = 365

// answerDay is one day's answers that count.
type answerDay struct {
	day srs.Day
	// n counts every answer (the heatmap and the streak).
	n int
	// The answers on cards that were not new (due_before IS NOT NULL), for
	// retention: young and mature by interval_before, and those that passed.
	young, youngPassed, mature, maturePassed int
}

// answersByDay reads the answers that count on each day from..to that has
// any row, in day order: sums over every row that matches minus sums over
// the cancelled ones (liveFrom).
func answersByDay(ctx context.Context, db statsDB, from, to srs.Day, f Filter) ([]answerDay, error) {
	all, cancelled := liveFrom(f)
	// count(r.due_before) counts the answers on cards that were not new;
	// young = not new − mature. Each aggregate costs a step on every row
	// of the year, so there are no more of them than the figures need.
	cols := func(sign string) string {
		var b strings.Builder
		for _, c := range []struct{ name, agg string }{
			{"n", "count(*)"},
			{"e", "count(r.due_before)"},
			{"ep", "count(r.due_before) FILTER (WHERE r.grade >= :pass)"},
			{"m", "count(r.due_before) FILTER (WHERE r.interval_before >= :mature)"},
			{"mp", "count(r.due_before) FILTER (WHERE r.interval_before >= :mature AND r.grade >= :pass)"},
		} {
			fmt.Fprintf(&b, ", %s%s AS %s", sign, c.agg, c.name)
		}
		return b.String()
	}
	span := " AND r.day >= :from AND r.day <= :today GROUP BY r.day"
	rows, err := db.QueryContext(ctx, `SELECT day, sum(n), sum(e), sum(ep), sum(m), sum(mp) FROM (
			SELECT r.day AS day`+cols("")+` `+all+span+`
			UNION ALL
			SELECT r.day`+cols("-")+` `+cancelled+span+`)
		GROUP BY day ORDER BY day`, args(to, f, sql.Named("from", from.String()))...)
	if err != nil {
		return nil, fmt.Errorf("count the answers per day: %w", err)
	}
	defer rows.Close()
	out := []answerDay{}
	for rows.Next() {
		var a answerDay
		var d string
		var seen, seenPassed int
		if err := rows.Scan(&d, &a.n, &seen, &seenPassed, &a.mature, &a.maturePassed); err != nil {
			return nil, fmt.Errorf("count the answers per day: %w", err)
		}
		a.young, a.youngPassed = seen-a.mature, seenPassed-a.maturePassed
		if a.day, err = srs.ParseDay(d); err != nil {
			return nil, fmt.Errorf("count the answers per day: revlog day %q: %w", d, err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// dayFigures are the heatmap, the streak and retention of one stats
// query, read from one answersByDay pass over the last RetentionDays days.
func dayFigures(ctx context.Context, db statsDB, day srs.Day, f Filter, st *Stats) error {
	days, err := answersByDay(ctx, db, day.Add(1-RetentionDays), day, f)
	if err != nil {
		return err
	}
	return dayFiguresOf(ctx, db, days, day, f, st)
}

// dayFiguresOf fills in the heatmap, the streak and retention from days,
// the answersByDay of the last RetentionDays days up to day.
func dayFiguresOf(ctx context.Context, db statsDB, days []answerDay, day srs.Day, f Filter, st *Stats) error {
	var err error
	from := HeatmapStart(day)
	st.HeatFrom = from.String()
	st.Heatmap = heatmapOf(days, from)
	st.Retention = retentionOf(days, day)
	st.StreakDays, err = streakOf(ctx, db, days, day, f)
	return err
}

// heatmapOf lists the days from on with answers that count.
func heatmapOf(days []answerDay, from srs.Day) []HeatDay {
	out := []HeatDay{}
	for _, d := range days {
		if d.day >= from && d.n > 0 {
			out = append(out, HeatDay{Date: d.day.String(), Reviews: d.n})
		}
	}
	return out
}

// retentionOf sums the days of each span ending on day (days must reach
// back RetentionDays).
func retentionOf(days []answerDay, day srs.Day) Retention {
	var r Retention
	for _, sp := range []struct {
		days int
		s    *RetentionSpan
	}{{7, &r.D7}, {30, &r.D30}, {RetentionDays, &r.D365}} {
		from := day.Add(1 - sp.days)
		for _, d := range days {
			if d.day >= from && d.day <= day {
				sp.s.Young.Reviews += d.young
				sp.s.Young.Passed += d.youngPassed
				sp.s.Mature.Reviews += d.mature
				sp.s.Mature.Passed += d.maturePassed
			}
		}
		for _, p := range []*Pass{&sp.s.Young, &sp.s.Mature} {
			p.Rate = rate(p.Passed, p.Reviews)
		}
	}
	return r
}

// streakOf counts the streak from days, the last RetentionDays days up to
// day; a streak that runs through all of them goes on in the log before
// (streakBack).
func streakOf(ctx context.Context, db statsDB, days []answerDay, day srs.Day, f Filter) (int, error) {
	has := make(map[srs.Day]bool, len(days))
	for _, d := range days {
		if d.n > 0 {
			has[d.day] = true
		}
	}
	d := day
	if !has[d] {
		d = d.Add(-1)
	}
	first := day.Add(1 - RetentionDays)
	n := 0
	for ; has[d]; d = d.Add(-1) {
		n++
	}
	if n == 0 || d >= first {
		return n, nil
	}
	more, err := streakBack(ctx, db, d, f)
	return n + more, err
}
