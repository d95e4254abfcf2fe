package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/aipmhq/aipm/deck"
)

func doctor(t *testing.T, s *Store) *Checkup {
	t.Helper()
	c, err := s.Doctor(context.Background())
	if err != nil {
		t.Fatalf("Doctor: %v", err)
	}
	return c
}

// history answers, re-drills, undoes, suspends and prunes over several
// days, so that replay meets every kind of log row.
func history(t *testing.T, s *Store, ids []string) {
	t.Helper()
	ctx := context.Background()
	at := testDay.Time()
	answer(t, s, ids[0], 4, testDay)
	answer(t, s, ids[0], 2, testDay) // re-drill: no state change
	answer(t, s, ids[0], 5, testDay.Add(1))
	answer(t, s, ids[0], 5, testDay.Add(7))
	answer(t, s, ids[0], 1, testDay.Add(30)) // a lapse
	answer(t, s, ids[1], 3, testDay)
	a := answer(t, s, ids[1], 0, testDay.Add(1))
	if _, err := s.Undo(ctx, a.Seq, at, testDay.Add(1)); err != nil {
		t.Fatal(err)
	}
	answer(t, s, ids[1], 4, testDay.Add(1))
	for _, kind := range []string{"suspend", "unsuspend", "suspend"} {
		if _, err := s.SetFlag(ctx, kind, []string{ids[2]}, at, testDay); err != nil {
			t.Fatal(err)
		}
	}
	seqs, err := s.SetFlag(ctx, "suspend", []string{ids[3]}, at, testDay)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Undo(ctx, seqs[0], at, testDay); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetFlag(ctx, "bury", []string{ids[3]}, at, testDay); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Record(ctx, Event{CardID: ids[4], Grade: 5, At: at, Day: testDay, Cram: true}); err != nil {
		t.Fatal(err)
	}
}

func TestDoctorCleanHistory(t *testing.T) {
	s, ids := newTestStore(t, 6)
	history(t, s, ids)
	c := doctor(t, s)
	if len(c.Problems) != 0 {
		t.Fatalf("Doctor after a clean history = %v, want no problems", c.Problems)
	}
	if c.Cards != 6 || c.LogRows == 0 {
		t.Errorf("Doctor checked %d cards and %d log rows, want 6 and some", c.Cards, c.LogRows)
	}
}

// TestDoctorFindsAndFixesHandEdits edits stored states behind the log's
// back; Doctor names each card and field with both values, and
// RebuildStates restores exactly the state the answers produced.
func TestDoctorFindsAndFixesHandEdits(t *testing.T) {
	ctx := context.Background()
	s, ids := newTestStore(t, 6)
	history(t, s, ids)
	before, err := s.Cards(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"UPDATE cards SET reps = 9, ef = 310, due = '2030-01-01' WHERE id = '" + ids[0] + "'",
		"UPDATE cards SET lapses = 4 WHERE id = '" + ids[1] + "'",
		"UPDATE cards SET suspended = 0 WHERE id = '" + ids[2] + "'",
		"UPDATE cards SET interval = 3, due = '2026-12-04', reps = 1 WHERE id = '" + ids[5] + "'",
	} {
		if _, err := s.DB().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	c := doctor(t, s)
	got := map[string]Problem{}
	for _, p := range c.Problems {
		got[p.CardID+" "+p.Field] = p
	}
	want := map[string][2]string{
		ids[0] + " reps":      {"9", "0"},
		ids[0] + " ef":        {"3.10", before[0].efString()},
		ids[0] + " due":       {"2030-01-01", before[0].Due},
		ids[1] + " lapses":    {"4", "0"},
		ids[2] + " suspended": {"false", "true"},
		ids[5] + " interval":  {"3", "0"},
		ids[5] + " due":       {"2026-12-04", "none (new)"},
		ids[5] + " reps":      {"1", "0"},
	}
	if len(c.Problems) != len(want) {
		t.Errorf("Doctor found %d problems, want %d: %v", len(c.Problems), len(want), c.Problems)
	}
	for k, w := range want {
		p, ok := got[k]
		if !ok || p.Stored != w[0] || p.Replayed != w[1] {
			t.Errorf("problem %s = %+v, want stored %s, replayed %s", k, p, w[0], w[1])
		}
	}
	if n := c.Mismatched(); n != 4 {
		t.Errorf("Mismatched() = %d, want 4", n)
	}
	if s := got[ids[0]+" reps"].String(); !strings.Contains(s, ids[0]) || !strings.Contains(s, "reps is 9, the review log gives 0") {
		t.Errorf("Problem.String() = %q", s)
	}

	n, err := s.RebuildStates(ctx)
	if err != nil {
		t.Fatalf("RebuildStates: %v", err)
	}
	if n != 4 {
		t.Errorf("RebuildStates changed %d cards, want 4", n)
	}
	if c := doctor(t, s); len(c.Problems) != 0 {
		t.Errorf("Doctor after RebuildStates = %v, want none", c.Problems)
	}
	after, _ := s.Cards(ctx, Filter{})
	for i := range before {
		b, a := before[i], after[i]
		if b.State != a.State || b.Due != a.Due || b.Lapses != a.Lapses || b.Suspended != a.Suspended {
			t.Errorf("card %s after the fix = %+v %s %d %v, want %+v %s %d %v", b.ID,
				a.State, a.Due, a.Lapses, a.Suspended, b.State, b.Due, b.Lapses, b.Suspended)
		}
	}
}

func (c Card) efString() string { return fmt.Sprintf("%.2f", c.State.EF) }

// TestDoctorUsesRecordedCap: replay caps each answer with the maximum
// interval that was in force when it was given (recorded in the log), so a
// change of max_interval between two sessions is no disagreement, and
// doctor --fix would rewrite nothing.
func TestDoctorUsesRecordedCap(t *testing.T) {
	ctx := context.Background()
	s, ids := newTestStore(t, 1)
	day := testDay
	var intervals []int
	for i := range 6 {
		cap := 10
		if i >= 3 { // the user raised max_interval after three sessions
			cap = 36500
		}
		a, err := s.Record(ctx, Event{CardID: ids[0], Grade: 5, At: day.Time(), Day: day, MaxInterval: cap})
		if err != nil {
			t.Fatal(err)
		}
		intervals = append(intervals, a.After.Interval)
		day = day.Add(a.After.Interval)
	}
	// 1, 6, round(6×2.7)=16 capped to 10; then round(10×2.8)=28, 81, 243.
	if want := []int{1, 6, 10, 28, 81, 243}; fmt.Sprint(intervals) != fmt.Sprint(want) {
		t.Fatalf("intervals = %v, want %v", intervals, want)
	}
	if c := doctor(t, s); len(c.Problems) != 0 {
		t.Errorf("Doctor after a max_interval change = %v, want none", c.Problems)
	}
	n, err := s.RebuildStates(ctx)
	if err != nil || n != 0 {
		t.Errorf("RebuildStates = %d, %v; want 0 cards changed", n, err)
	}
}

// TestDoctorReplaysFromPrune: a pruned card that comes back with the same
// pinned id starts again as a new card; its old answers do not count.
func TestDoctorReplaysFromPrune(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t, 1)
	parse := func(src string) []*deck.Deck {
		d, err := deck.Parse("pins.md", strings.NewReader(src))
		if err != nil {
			t.Fatal(err)
		}
		return []*deck.Deck{d}
	}
	full := "ID: keep-me\nQ: pinned?\nA: yes\n\nQ: other?\nA: no\n"
	if _, err := s.Import(ctx, parse(full), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	answer(t, s, "keep-me", 5, testDay)
	answer(t, s, "keep-me", 5, testDay.Add(1))
	if _, err := s.Import(ctx, parse("Q: other?\nA: no\n"), ImportOptions{Prune: true, At: testDay.Time(), Day: testDay.Add(2)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, parse(full), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	c, err := s.Card(ctx, "keep-me")
	if err != nil {
		t.Fatal(err)
	}
	if !c.New() {
		t.Fatalf("re-imported pruned card is not new: %+v", c)
	}
	if chk := doctor(t, s); len(chk.Problems) != 0 {
		t.Errorf("Doctor after prune and re-import = %v, want none", chk.Problems)
	}
}

// TestDoctorReportsForeignKeyProblems: rows that break the schema's
// references are reported and are not fixable by RebuildStates.
func TestDoctorReportsForeignKeyProblems(t *testing.T) {
	s, _ := newTestStore(t, 1)
	db, err := sql.Open("sqlite", "file:"+s.Path()+"?_pragma=foreign_keys(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`INSERT INTO cards (id, deck_id, deck_ord, ord, key, kind, topic, front, back, source, file, line)
		VALUES ('stray', 'no-such-deck', 1, 1, 'k', 'basic', 't', 'f', 'b', 's', 'f.md', 1)`); err != nil {
		t.Fatal(err)
	}
	c := doctor(t, s)
	if len(c.Problems) != 1 || c.Problems[0].Field != "foreign key" || c.Problems[0].Fixable() {
		t.Errorf("Doctor = %v, want one unfixable foreign key problem", c.Problems)
	}
}
