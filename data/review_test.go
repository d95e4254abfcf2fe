package data

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aipmhq/aipm/deck"
	"github.com/aipmhq/aipm/srs"
)

// openTest opens a fresh store in a temp file with one deck of n cards.
func openTest(t *testing.T, n int) (*Store, []string) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "aipm.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	var src strings.Builder
	src.WriteString("---\ndeck: Test\nid: test\n---\n## T\n")
	for i := range n {
		src.WriteString("Q: question " + string(rune('a'+i)) + "\nA: answer\n")
	}
	d, err := deck.Parse("test.md", strings.NewReader(src.String()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, []*deck.Deck{d}, ImportOptions{At: t0, Day: day0}); err != nil {
		t.Fatal(err)
	}
	ids, err := s.NewCards(ctx, day0, Filter{}, n)
	if err != nil || len(ids) != n {
		t.Fatalf("NewCards = %v, %v", ids, err)
	}
	return s, ids
}

var (
	t0   = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	day0 = srs.Date(2026, 12, 1)
)

func TestRecordSchedulesOncePerDay(t *testing.T) {
	ctx := context.Background()
	s, ids := openTest(t, 2)
	ev := Event{CardID: ids[0], Grade: 2, At: t0.Add(5 * time.Second), ShownAt: t0, Day: day0, Duration: 5 * time.Second}
	a, err := s.Record(ctx, ev)
	if err != nil {
		t.Fatal(err)
	}
	want := srs.State{Reps: 0, Interval: 1, EF: 2.18}
	if a.Kind != "review" || a.After.State != want || a.Due != "2026-12-02" || a.DueWas != "" || a.Lapse {
		t.Errorf("first answer = %+v, want a review to %v due 2026-12-02", a, want)
	}
	ev.Grade = 5
	if a, err = s.Record(ctx, ev); err != nil || a.Kind != "redrill" || a.After.State != want {
		t.Errorf("second answer the same day = %+v, %v; want a redrill that keeps %v", a, err, want)
	}
	// The next day the card's answer schedules again: a 1 on reps 0 is no lapse.
	ev.Day, ev.Grade = day0.Add(1), 1
	if a, err = s.Record(ctx, ev); err != nil || a.Kind != "review" || a.Lapse || a.After.State != (srs.State{Reps: 0, Interval: 1, EF: 1.64}) {
		t.Errorf("next day = %+v, %v", a, err)
	}
	c, _ := s.Card(ctx, ids[0])
	if c.State != (srs.State{Reps: 0, Interval: 1, EF: 1.64}) || c.Due != "2026-12-03" || c.Lapses != 0 {
		t.Errorf("stored card = %+v", c)
	}
	if _, err := s.Record(ctx, Event{CardID: ids[0], Grade: 9, Day: day0}); err == nil || !strings.Contains(err.Error(), "0-5") {
		t.Errorf("grade 9: err = %v, want a 0-5 error", err)
	}
	var rows int
	s.DB().QueryRow("SELECT count(*) FROM revlog").Scan(&rows)
	if rows != 3 {
		t.Errorf("revlog has %d rows, want 3 (grade 9 writes nothing)", rows)
	}
}

func TestRecordCapsAnswerTimeAndKeepsInstants(t *testing.T) {
	ctx := context.Background()
	s, ids := openTest(t, 1)
	shown := t0.Add(-3 * time.Minute)
	if _, err := s.Record(ctx, Event{CardID: ids[0], Grade: 4, At: t0, ShownAt: shown, Day: day0, Duration: 3 * time.Minute}); err != nil {
		t.Fatal(err)
	}
	var ms int64
	var at, shownAt, day string
	s.DB().QueryRow("SELECT duration_ms, at, shown_at, day FROM revlog").Scan(&ms, &at, &shownAt, &day)
	if ms != 60000 || at != "2026-12-01T09:00:00Z" || shownAt != "2026-12-01T08:57:00Z" || day != "2026-12-01" {
		t.Errorf("revlog row = %d ms, at %s, shown %s, day %s", ms, at, shownAt, day)
	}
}

func TestUndoRestoresExactState(t *testing.T) {
	ctx := context.Background()
	s, ids := openTest(t, 1)
	// Build a mature-ish card: 5, 5, 5 on days 0, 1, 7.
	var last Answer
	for _, d := range []int{0, 1, 7} {
		a, err := s.Record(ctx, Event{CardID: ids[0], Grade: 5, At: t0, Day: day0.Add(d)})
		if err != nil {
			t.Fatal(err)
		}
		last = a
	}
	before, _ := s.Card(ctx, ids[0])
	lapse, err := s.Record(ctx, Event{CardID: ids[0], Grade: 1, At: t0, Day: day0.Add(23)})
	if err != nil || !lapse.Lapse {
		t.Fatalf("lapse = %+v, %v", lapse, err)
	}
	mid, _ := s.Card(ctx, ids[0])
	if mid.Lapses != 1 || mid.State.Reps != 0 {
		t.Fatalf("after the lapse: %+v", mid)
	}
	if _, err := s.Undo(ctx, lapse.Seq, t0, day0.Add(23)); err != nil {
		t.Fatal(err)
	}
	after, _ := s.Card(ctx, ids[0])
	if after.State != before.State || after.Due != before.Due || after.Lapses != 0 {
		t.Errorf("after undo = %+v %s lapses %d, want %+v %s lapses 0", after.State, after.Due, after.Lapses, before.State, before.Due)
	}
	if _, err := s.Undo(ctx, lapse.Seq, t0, day0.Add(23)); err == nil {
		t.Error("undoing the same row twice succeeded")
	}
	// Undo again, one step further back.
	if _, err := s.Undo(ctx, last.Seq, t0, day0.Add(23)); err != nil {
		t.Fatal(err)
	}
	back, _ := s.Card(ctx, ids[0])
	if back.State != (srs.State{Reps: 2, Interval: 6, EF: 2.7}) || back.Due != "2026-12-08" {
		t.Errorf("two undos back = %+v due %s, want {2 6 2.7} due 2026-12-08", back.State, back.Due)
	}
	// Cancelled rows count toward no limit.
	n, err := s.Counts(ctx, day0.Add(23))
	if err != nil || n.Reviews != 0 || n.New != 0 {
		t.Errorf("Counts after undo = %+v, %v", n, err)
	}
}

func TestCountsAndPending(t *testing.T) {
	ctx := context.Background()
	s, ids := openTest(t, 4)
	rec := func(id string, g int, d srs.Day) Answer {
		t.Helper()
		a, err := s.Record(ctx, Event{CardID: id, Grade: g, At: t0, Day: d})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	rec(ids[0], 4, day0)
	rec(ids[1], 2, day0)
	rec(ids[2], 3, day0)
	rec(ids[1], 4, day0) // redrill: no longer pending
	n, _ := s.Counts(ctx, day0)
	if n.New != 3 || n.Reviews != 0 {
		t.Errorf("Counts = %+v, want 3 new, 0 reviews", n)
	}
	p, _ := s.Pending(ctx, day0, Filter{})
	if len(p) != 1 || p[0] != ids[2] {
		t.Errorf("Pending = %v, want only card 3 (graded 3)", p)
	}
	// Next day: cards 1-3 are due; a review of one counts as a review.
	due, _ := s.Due(ctx, day0.Add(1), Filter{}, 10)
	if len(due) != 3 {
		t.Errorf("Due = %v, want 3 cards", due)
	}
	rec(ids[0], 5, day0.Add(1))
	n, _ = s.Counts(ctx, day0.Add(1))
	if n.New != 0 || n.Reviews != 1 {
		t.Errorf("Counts next day = %+v, want 0 new, 1 review", n)
	}
	if fresh, _ := s.NewCards(ctx, day0.Add(1), Filter{}, 10); len(fresh) != 1 || fresh[0] != ids[3] {
		t.Errorf("NewCards = %v, want card 4", fresh)
	}
}

func TestSetFlag(t *testing.T) {
	ctx := context.Background()
	s, ids := openTest(t, 2)
	seqs, err := s.SetFlag(ctx, "bury", ids[:1], t0, day0)
	if err != nil || seqs[0] == 0 {
		t.Fatalf("bury = %v, %v", seqs, err)
	}
	if fresh, _ := s.NewCards(ctx, day0, Filter{}, 10); len(fresh) != 1 || fresh[0] != ids[1] {
		t.Errorf("NewCards while buried = %v", fresh)
	}
	if fresh, _ := s.NewCards(ctx, day0.Add(1), Filter{}, 10); len(fresh) != 2 {
		t.Errorf("NewCards the next day = %v, want both", fresh)
	}
	if _, err := s.SetFlag(ctx, "suspend", ids[1:], t0, day0); err != nil {
		t.Fatal(err)
	}
	if seqs, _ := s.SetFlag(ctx, "suspend", ids[1:], t0, day0); seqs[0] != 0 {
		t.Error("suspending a suspended card wrote a row")
	}
	if _, err := s.SetFlag(ctx, "explode", ids, t0, day0); err == nil {
		t.Error("unknown action accepted")
	}
	var kinds string
	s.DB().QueryRow("SELECT group_concat(kind, ',') FROM (SELECT kind FROM revlog ORDER BY seq)").Scan(&kinds)
	if kinds != "bury,suspend" {
		t.Errorf("log kinds = %q", kinds)
	}
}
