package data

import (
	"context"
	"testing"

	"github.com/aipmhq/aipm/srs"
)

// TestStatsStreakOverAYear: the per-day pass covers the last 365 days; a
// streak that runs through all of them goes on in the log before it, and
// one that stops inside them does not.
func TestStatsStreakOverAYear(t *testing.T) {
	s, ids := statsStore(t, statsDecks, "alpha.md", "beta.md")
	ctx := context.Background()
	today := srs.Date(2026, 12, 1)
	const days = 400
	// One mature answer a day for the 400 days up to yesterday, passed
	// (grade 4) on odd days back, failed (2) on even ones.
	for i := 1; i <= days; i++ {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO revlog (card_id, kind, at, day, grade, reps_before,
			interval_before, ef_before, due_before, reps_after, interval_after, ef_after)
			VALUES (?, 'history', ?, ?, ?, 3, 30, 250, ?, 4, 60, 250)`,
			ids["a1"], today.Add(-i).String()+"T09:00:00Z", today.Add(-i).String(), 2+2*(i%2), today.Add(-i).String()); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		day  srs.Day
		want int
	}{
		{today, days},               // none today: ends yesterday, past the year
		{today.Add(-1), days},       // ends on its own day
		{today.Add(-50), days - 49}, // stops inside the year read
		{today.Add(-(days - 10)), 11},
		{today.Add(2), 0}, // a day missed
	} {
		n, err := streak(ctx, s.db, tt.day, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if n != tt.want {
			t.Errorf("streak(%s) = %d, want %d", tt.day, n, tt.want)
		}
		st, err := s.Stats(ctx, StatsQuery{Day: tt.day})
		if err != nil {
			t.Fatal(err)
		}
		if st.StreakDays != tt.want {
			t.Errorf("Stats(%s).StreakDays = %d, want %d", tt.day, st.StreakDays, tt.want)
		}
	}
	// Retention on today over 7 / 30 / 365 days (today included, so 6 / 29
	// / 364 answers), the odd days back passed.
	r, err := retention(ctx, s.db, today, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, sp := range []struct {
		name    string
		p       Pass
		n, pass int
	}{{"7d", r.D7.Mature, 6, 3}, {"30d", r.D30.Mature, 29, 15}, {"365d", r.D365.Mature, 364, 182}} {
		if sp.p.Reviews != sp.n || sp.p.Passed != sp.pass {
			t.Errorf("retention %s mature = %+v, want %d reviews, %d passed", sp.name, sp.p, sp.n, sp.pass)
		}
	}
	if r.D365.Young.Reviews != 0 {
		t.Errorf("retention 365d young = %+v, want none", r.D365.Young)
	}
	// Under a filter that leaves a1 out, there is no streak.
	n, err := streak(ctx, s.db, today, Filter{Deck: "beta"})
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("streak in beta = %d, want 0", n)
	}
}

// The figures one at a time, for the tests and benchmarks: Stats reads
// them all from one answersByDay pass (dayFigures).

// heatmap counts the scheduling answers of each day from..to that has any.
func heatmap(ctx context.Context, db statsDB, from, to srs.Day, f Filter) ([]HeatDay, error) {
	days, err := answersByDay(ctx, db, from, to, f)
	if err != nil {
		return nil, err
	}
	return heatmapOf(days, from), nil
}

// retention reads true retention over the last 7, 30 and 365 days.
func retention(ctx context.Context, db statsDB, day srs.Day, f Filter) (Retention, error) {
	days, err := answersByDay(ctx, db, day.Add(1-RetentionDays), day, f)
	if err != nil {
		return Retention{}, err
	}
	return retentionOf(days, day), nil
}

// streak counts the consecutive days with at least one scheduling answer,
// ending today, or yesterday when there is none yet today.
func streak(ctx context.Context, db statsDB, day srs.Day, f Filter) (int, error) {
	days, err := answersByDay(ctx, db, day.Add(1-RetentionDays), day, f)
	if err != nil {
		return 0, err
	}
	return streakOf(ctx, db, days, day, f)
}
