package data

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aipmhq/aipm/srs"
)

func buildTestFixture(t *testing.T, seed uint64) *Store {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "fixture.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	sum, err := s.BuildFixture(ctx, FixtureOptions{Cards: 300, Reviews: 2000, Seed: seed, Today: srs.Date(2026, 12, 1), Days: 200})
	if err != nil {
		t.Fatalf("BuildFixture: %v", err)
	}
	if sum.Cards != 300 || sum.Reviews != 2000 {
		t.Fatalf("BuildFixture wrote %d cards and %d answers, want 300 and 2000", sum.Cards, sum.Reviews)
	}
	return s
}

// TestFixtureAgreesWithLog replays every card's scheduling answers through
// srs.Next and compares the result with the stored state.
func TestFixtureAgreesWithLog(t *testing.T) {
	s := buildTestFixture(t, 7)
	ctx := context.Background()
	type replay struct {
		st        srs.State
		due       string
		lapses    int
		suspended bool
		days      map[string]bool
	}
	got := map[string]*replay{}
	rows, err := s.DB().QueryContext(ctx, `SELECT card_id, kind, day, coalesce(grade, -1),
		reps_before, interval_before, ef_before, reps_after, interval_after, ef_after FROM revlog ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	kinds := map[string]int{}
	for rows.Next() {
		var id, kind, day string
		var grade int
		var b, a [3]int
		if err := rows.Scan(&id, &kind, &day, &grade, &b[0], &b[1], &b[2], &a[0], &a[1], &a[2]); err != nil {
			t.Fatal(err)
		}
		kinds[kind]++
		r := got[id]
		if r == nil {
			r = &replay{st: srs.NewState, days: map[string]bool{}}
			got[id] = r
		}
		if want := [3]int{r.st.Reps, r.st.Interval, ef100(r.st.EF)}; b != want {
			t.Fatalf("card %s %s on %s: state before %v, want %v", id, kind, day, b, want)
		}
		switch kind {
		case "review":
			if r.days[day] {
				t.Fatalf("card %s: two scheduling answers on %s", id, day)
			}
			r.days[day] = true
			if srs.Lapse(r.st, grade) {
				r.lapses++
			}
			if r.st, err = srs.Next(r.st, grade); err != nil {
				t.Fatal(err)
			}
			d, _ := srs.ParseDay(day)
			r.due = d.Add(r.st.Interval).String()
		case "redrill":
			if !r.days[day] {
				t.Fatalf("card %s: re-drill on %s without a scheduling answer that day", id, day)
			}
		case "suspend":
			r.suspended = true
		default:
			t.Fatalf("card %s: unexpected log row kind %q", id, kind)
		}
		if want := [3]int{r.st.Reps, r.st.Interval, ef100(r.st.EF)}; a != want {
			t.Fatalf("card %s %s on %s: state after %v, want %v", id, kind, day, a, want)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if kinds["review"] == 0 || kinds["redrill"] == 0 {
		t.Errorf("log kinds %v: want both reviews and re-drills", kinds)
	}
	cards, err := s.Cards(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	reviewed := 0
	for _, c := range cards {
		r := got[c.ID]
		if r == nil {
			if !c.New() || c.Suspended || c.Lapses != 0 {
				t.Errorf("card %s has no log rows but state %+v due %q", c.ID, c.State, c.Due)
			}
			continue
		}
		reviewed++
		if c.State != r.st || c.Due != r.due || c.Lapses != r.lapses || c.Suspended != r.suspended {
			t.Errorf("card %s: stored %+v due %q lapses %d suspended %v; replay gives %+v due %q lapses %d suspended %v",
				c.ID, c.State, c.Due, c.Lapses, c.Suspended, r.st, r.due, r.lapses, r.suspended)
		}
	}
	if reviewed == 0 || reviewed == len(cards) {
		t.Errorf("%d of %d cards reviewed: want some reviewed and some new", reviewed, len(cards))
	}
}

// TestFixtureDeterministic builds the same seed twice and compares the
// contents, and a third time with another seed.
func TestFixtureDeterministic(t *testing.T) {
	dump := func(s *Store) string {
		var b strings.Builder
		for _, q := range []string{
			"SELECT id, deck_id, topic, front, back, reps, interval, ef, coalesce(due, ''), lapses, suspended FROM cards ORDER BY deck_ord, ord",
			"SELECT seq, card_id, kind, at, day, coalesce(grade, -1), duration_ms FROM revlog ORDER BY seq",
		} {
			rows, err := s.DB().Query(q)
			if err != nil {
				t.Fatal(err)
			}
			cols, _ := rows.Columns()
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			for rows.Next() {
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				fmt.Fprintln(&b, vals...)
			}
			rows.Close()
		}
		return b.String()
	}
	a, b := dump(buildTestFixture(t, 3)), dump(buildTestFixture(t, 3))
	if a != b {
		t.Error("two fixtures built with seed 3 differ")
	}
	if c := dump(buildTestFixture(t, 4)); c == a {
		t.Error("fixtures built with seeds 3 and 4 are the same")
	}
}
