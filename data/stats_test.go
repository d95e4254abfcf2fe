package data

import (
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aipmhq/aipm/deck"
	"github.com/aipmhq/aipm/srs"
)

// statsStore opens a store in a temp dir holding the decks written as
// markdown (file name → text), and returns it with a map from each card's
// front to its id.
func statsStore(t *testing.T, files map[string]string, names ...string) (*Store, map[string]string) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "aipm.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	var decks []*deck.Deck
	for _, name := range names {
		d, err := deck.Parse(name, strings.NewReader(files[name]))
		if err != nil {
			t.Fatal(err)
		}
		decks = append(decks, d)
	}
	if len(decks) > 0 {
		if _, err := s.Import(ctx, decks, ImportOptions{At: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC), Day: srs.Date(2026, 11, 30)}); err != nil {
			t.Fatal(err)
		}
	}
	cards, err := s.Cards(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, c := range cards {
		ids[c.Front] = c.ID
	}
	return s, ids
}

// logger records events on a store, failing the test on any error. Each
// event is 09:00 UTC on its day plus a second per event, so seqs and
// instants agree.
type logger struct {
	t   *testing.T
	s   *Store
	ids map[string]string
	n   int
}

func (l *logger) at(day srs.Day) time.Time {
	l.n++
	return day.Time().Add(9*time.Hour + time.Duration(l.n)*time.Second)
}

func (l *logger) answer(day srs.Day, front string, grade int, cram bool) Answer {
	l.t.Helper()
	id, ok := l.ids[front]
	if !ok {
		l.t.Fatalf("no card %q", front)
	}
	a, err := l.s.Record(context.Background(), Event{CardID: id, Grade: grade, At: l.at(day), Day: day,
		Duration: 10 * time.Second, Cram: cram})
	if err != nil {
		l.t.Fatal(err)
	}
	return a
}

func (l *logger) review(day srs.Day, front string, grade int) Answer {
	l.t.Helper()
	return l.answer(day, front, grade, false)
}

func (l *logger) undo(day srs.Day, seq int64) {
	l.t.Helper()
	if _, err := l.s.Undo(context.Background(), seq, l.at(day), day); err != nil {
		l.t.Fatal(err)
	}
}

func (l *logger) flag(day srs.Day, kind, front string) {
	l.t.Helper()
	if _, err := l.s.SetFlag(context.Background(), kind, []string{l.ids[front]}, l.at(day), day); err != nil {
		l.t.Fatal(err)
	}
}

var statsDecks = map[string]string{
	"alpha.md": "# Alpha\n\n## A\n\na1::x\n\na2::x\n\na3::x\n\n## B\n\na4::x\n\na5::x\n",
	"beta.md":  "# Beta\n\n## C\n\nb1::x\n\nb2::x\n",
}

func pf(f float64) *float64 { return &f }

// statsHistory replays a three-day history on alpha (a1-a5) and beta
// (b1, b2) and returns the store and the three days. Every figure that
// TestStatsHistory expects is worked out by hand in the comments.
func statsHistory(t *testing.T) (*Store, *logger, [3]srs.Day) {
	s, ids := statsStore(t, statsDecks, "alpha.md", "beta.md")
	l := &logger{t: t, s: s, ids: ids}
	d1, d2, d3 := srs.Date(2026, 12, 1), srs.Date(2026, 12, 2), srs.Date(2026, 12, 3)

	// Day 1: a1 5, a2 2 then a re-drill, a3 4 undone, b2 4, b1 crammed.
	l.review(d1, "a1", 5) // reps 1, interval 1, EF 2.60, due d2
	l.review(d1, "a2", 2) // reps 0, interval 1, EF 2.18, due d2
	l.review(d1, "a2", 4) // re-drill
	a3 := l.review(d1, "a3", 4)
	l.undo(d1, a3.Seq)    // a3 is new again; the row is cancelled
	l.review(d1, "b2", 4) // reps 1, interval 1, EF 2.50, due d2
	l.answer(d1, "b1", 3, true)

	// Day 2: a1 4, a2 1, a4 5 (new), a5 suspended, a cram on b1 undone.
	l.review(d2, "a1", 4) // reps 2, interval 6, EF 2.60, due d8
	l.review(d2, "a2", 1) // reps 0, interval 1, EF 1.64, due d3 (no lapse: reps was 0)
	l.review(d2, "a4", 5) // reps 1, interval 1, EF 2.60, due d3
	l.flag(d2, "suspend", "a5")
	c := l.answer(d2, "b1", 2, true)
	l.undo(d2, c.Seq)

	// Day 3: a2 2 and a re-drill, b2 1 (a lapse), a1 crammed, a4 1 undone.
	l.review(d3, "a2", 2) // reps 0, interval 1, EF 1.32, due d4
	l.review(d3, "a2", 5) // re-drill
	l.review(d3, "b2", 1) // lapse: reps 0, interval 1, EF 1.96, due d4
	l.answer(d3, "a1", 1, true)
	a4 := l.review(d3, "a4", 1) // due today; undone, so still due
	l.undo(d3, a4.Seq)
	return s, l, [3]srs.Day{d1, d2, d3}
}

func TestStatsHistory(t *testing.T) {
	s, _, d := statsHistory(t)
	got, err := s.Stats(context.Background(), StatsQuery{Day: d[2]})
	if err != nil {
		t.Fatal(err)
	}
	// Now: a1 young (6 d), a2 learning, a3 new, a4 young (1 d, due d3),
	// a5 suspended, b1 new, b2 learning.
	want := &Stats{
		Day: "2026-12-03", Scheduler: "sm2",
		// Scheduling answers today: a2 (2) and b2 (1); the re-drill, the
		// cram and the undone answer on a4 count only as themselves.
		Today: Today{Reviews: 2, New: 0, Again: 2, AgainRate: pf(1), TimeMS: 20000, Redrills: 1, Cram: 1, Undone: 1},
		Cards: Counts{Total: 7, New: 2, Learning: 2, Young: 2, Mature: 0, Suspended: 1},
		// Due today: a4 (d3). Tomorrow: a2 and b2 (d4).
		Due:        Due{Today: 1, Tomorrow: 2},
		StreakDays: 3,
		// Answers on cards that were not new: a1 4 and a2 1 on d2, a2 2 and
		// b2 1 on d3, all at an interval under 21 days.
		Retention: Retention{
			D7:   RetentionSpan{Young: Pass{Reviews: 4, Passed: 1, Rate: pf(0.25)}},
			D30:  RetentionSpan{Young: Pass{Reviews: 4, Passed: 1, Rate: pf(0.25)}},
			D365: RetentionSpan{Young: Pass{Reviews: 4, Passed: 1, Rate: pf(0.25)}},
		},
		Forecast: []DayCount{{"2026-12-04", 2}, {"2026-12-05", 0}, {"2026-12-06", 0}, {"2026-12-07", 0},
			{"2026-12-08", 1}, {"2026-12-09", 0}, {"2026-12-10", 0}},
		HeatFrom: "2026-06-08",
		// d1: a1, a2, b2 (a3 undone); d2: a1, a2, a4; d3: a2, b2.
		Heatmap: []HeatDay{{"2026-12-01", 3}, {"2026-12-02", 3}, {"2026-12-03", 2}},
		Decks: []DeckCounts{
			{ID: "alpha", Name: "Alpha", CardCounts: CardCounts{Counts{5, 1, 1, 2, 0, 1}, 1, 1}},
			{ID: "beta", Name: "Beta", CardCounts: CardCounts{Counts{2, 1, 1, 0, 0, 0}, 0, 1}},
		},
		Topics: []TopicCounts{
			// A: a1 at 6 days: 6/21 over 3 cards = 9.5%.
			{Deck: "alpha", Topic: "A", CardCounts: CardCounts{Counts{3, 1, 1, 1, 0, 0}, 0, 1}, Seen: 2, Readiness: 9.5},
			// B: a4 at 1 day over 1 active card (a5 suspended) = 4.8%.
			{Deck: "alpha", Topic: "B", CardCounts: CardCounts{Counts{2, 0, 0, 1, 0, 1}, 1, 0}, Seen: 1, Readiness: 4.8},
			{Deck: "beta", Topic: "C", CardCounts: CardCounts{Counts{2, 1, 1, 0, 0, 0}, 0, 1}, Seen: 1, Readiness: 0},
		},
		Rounds: noRounds(),
	}
	// Leeches: b2's lapse. Hardest: a2 (1.32) then b2 (1.96).
	if len(got.Leeches) != 1 || got.Leeches[0].Front != "b2" || got.Leeches[0].Lapses != 1 || got.Leeches[0].EF != 1.96 {
		t.Errorf("Leeches = %+v, want b2 with 1 lapse and EF 1.96", got.Leeches)
	}
	var hard []string
	for _, h := range got.Hardest {
		hard = append(hard, h.Front)
	}
	if !reflect.DeepEqual(hard, []string{"a2", "b2"}) || got.Hardest[0].EF != 1.32 {
		t.Errorf("Hardest = %+v, want a2 (EF 1.32) then b2", got.Hardest)
	}
	got.Leeches, got.Hardest = nil, nil
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", " ")
		w, _ := json.MarshalIndent(want, "", " ")
		t.Errorf("Stats(%s) =\n%s\nwant\n%s", d[2], g, w)
	}
}

// TestStatsPastDays reads the per-day figures of the earlier days: undone
// answers, re-drills and cram answers count only as themselves.
func TestStatsPastDays(t *testing.T) {
	s, _, d := statsHistory(t)
	ctx := context.Background()
	for _, tt := range []struct {
		day    srs.Day
		want   Today
		streak int
	}{
		// a1, a2, b2 first answers (3 new); a2's re-drill; a3 undone; b1 crammed.
		{d[0], Today{Reviews: 3, New: 3, Again: 1, AgainRate: pf(0.3333), TimeMS: 30000, Redrills: 1, Cram: 1, Undone: 1}, 1},
		// a1, a2, a4 (a4 new); the cram on b1 undone.
		{d[1], Today{Reviews: 3, New: 1, Again: 1, AgainRate: pf(0.3333), TimeMS: 30000, Redrills: 0, Cram: 0, Undone: 1}, 2},
		// Nothing on d4 yet: the streak still counts, ending yesterday.
		{d[2].Add(1), Today{}, 3},
		// A day missed: the streak is broken.
		{d[2].Add(2), Today{}, 0},
	} {
		got, err := today(ctx, s.db, tt.day, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("today(%s) = %+v, want %+v", tt.day, got, tt.want)
		}
		n, err := streak(ctx, s.db, tt.day, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if n != tt.streak {
			t.Errorf("streak(%s) = %d, want %d", tt.day, n, tt.streak)
		}
	}
}

func TestStatsFilter(t *testing.T) {
	s, l, d := statsHistory(t)
	ctx := context.Background()
	// beta only: b2 answered on d1 and d3, so the streak is 1 day.
	got, err := s.Stats(ctx, StatsQuery{Day: d[2], Filter: Filter{Deck: "beta"}, Days: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got.Cards.Total != 2 || got.Today.Reviews != 1 || got.StreakDays != 1 || len(got.Decks) != 1 ||
		len(got.Topics) != 1 || got.Due.Tomorrow != 1 || !reflect.DeepEqual(got.Forecast, []DayCount{{"2026-12-04", 1}}) ||
		!reflect.DeepEqual(got.Heatmap, []HeatDay{{"2026-12-01", 1}, {"2026-12-03", 1}}) {
		t.Errorf("Stats(--deck beta) = %+v", got)
	}
	// Topic names match without regard to case.
	got, err = s.Stats(ctx, StatsQuery{Day: d[2], Filter: Filter{Topic: "a"}})
	if err != nil {
		t.Fatal(err)
	}
	if got.Cards.Total != 3 || len(got.Decks) != 1 || got.Decks[0].ID != "alpha" || got.Today.Reviews != 1 ||
		got.StreakDays != 3 || got.Retention.D7.Young.Reviews != 3 {
		t.Errorf("Stats(--topic a) = %+v", got)
	}
	// A buried card is not due: bury a4, due today on d3.
	l.flag(d[2], "bury", "a4")
	got, err = s.Stats(ctx, StatsQuery{Day: d[2]})
	if err != nil {
		t.Fatal(err)
	}
	if got.Due.Today != 0 {
		t.Errorf("after burying a4: due today = %d, want 0", got.Due.Today)
	}
}

// TestStatsMature: a card answered 5 on days 1, 2, 8 and 24 reaches
// intervals 1, 6, 16 and 45, and is mature.
func TestStatsMature(t *testing.T) {
	s, ids := statsStore(t, statsDecks, "alpha.md")
	l := &logger{t: t, s: s, ids: ids}
	d1 := srs.Date(2026, 12, 1)
	var intervals []int
	for _, off := range []int{0, 1, 7, 23} {
		intervals = append(intervals, l.review(d1.Add(off), "a1", 5).After.Interval)
	}
	if !reflect.DeepEqual(intervals, []int{1, 6, 16, 45}) {
		t.Fatalf("intervals = %v, want [1 6 16 45]", intervals)
	}
	got, err := s.Stats(context.Background(), StatsQuery{Day: d1.Add(23)})
	if err != nil {
		t.Fatal(err)
	}
	if got.Cards.Mature != 1 || got.Cards.Young != 0 || got.Topics[0].Mature != 1 || got.Topics[0].Readiness != 33.3 {
		t.Errorf("cards = %+v, topic A = %+v; want 1 mature, readiness 33.3 (1 of 3 cards)", got.Cards, got.Topics[0])
	}
	// The answers that count for retention were at intervals 1, 6 and 16:
	// young. Only day 24 is in the last 7 days.
	want := Retention{
		D7:   RetentionSpan{Young: Pass{1, 1, pf(1)}},
		D30:  RetentionSpan{Young: Pass{3, 3, pf(1)}},
		D365: RetentionSpan{Young: Pass{3, 3, pf(1)}},
	}
	if !reflect.DeepEqual(got.Retention, want) {
		t.Errorf("Retention = %+v, want %+v", got.Retention, want)
	}
	// A fail on day 69 (due 45 days after day 24) is a mature lapse.
	l.review(d1.Add(68), "a1", 1)
	got, err = s.Stats(context.Background(), StatsQuery{Day: d1.Add(68)})
	if err != nil {
		t.Fatal(err)
	}
	if r := got.Retention.D7.Mature; r.Reviews != 1 || r.Passed != 0 || *r.Rate != 0 {
		t.Errorf("Retention.7d.mature = %+v, want 1 review, 0 passed", r)
	}
	if got.Cards.Learning != 1 || got.Cards.Mature != 0 || got.Leeches[0].Lapses != 1 {
		t.Errorf("after the lapse: cards = %+v, leeches = %+v", got.Cards, got.Leeches)
	}
}

// TestStatsEmpty: no decks, or a deck with no cards, gives zeros and
// empty lists, never an error.
func TestStatsEmpty(t *testing.T) {
	s, _ := statsStore(t, nil)
	ctx := context.Background()
	day := srs.Date(2026, 12, 1)
	got, err := s.Stats(ctx, StatsQuery{Day: day, Days: 3})
	if err != nil {
		t.Fatal(err)
	}
	want := &Stats{Day: "2026-12-01", Scheduler: "sm2", HeatFrom: "2026-06-08",
		Forecast: []DayCount{{"2026-12-02", 0}, {"2026-12-03", 0}, {"2026-12-04", 0}},
		Heatmap:  []HeatDay{}, Decks: []DeckCounts{}, Topics: []TopicCounts{}, Leeches: []CardBrief{}, Hardest: []CardBrief{},
		Rounds: noRounds()}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Stats(empty) = %+v, want %+v", got, want)
	}
	if _, err := s.db.Exec(`INSERT INTO decks (id, name, file, ord, created_at) VALUES ('empty', 'Empty', 'e.md', 1, 'x')`); err != nil {
		t.Fatal(err)
	}
	got, err = s.Stats(ctx, StatsQuery{Day: day})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Decks) != 1 || got.Decks[0].ID != "empty" || got.Decks[0].Total != 0 {
		t.Errorf("Stats(one empty deck).Decks = %+v, want the empty deck with zeros", got.Decks)
	}
}

func TestHeatmapStart(t *testing.T) {
	for _, tt := range []struct{ day, want string }{
		{"2026-12-03", "2026-06-08"}, // a Thursday
		{"2026-12-07", "2026-06-15"}, // a Monday: its own week is the last
		{"2026-12-13", "2026-06-15"}, // a Sunday
	} {
		d, _ := srs.ParseDay(tt.day)
		if got := HeatmapStart(d).String(); got != tt.want {
			t.Errorf("HeatmapStart(%s) = %s, want %s", tt.day, got, tt.want)
		}
		if w := Weekday(HeatmapStart(d)); w != 0 {
			t.Errorf("Weekday(HeatmapStart(%s)) = %d, want 0 (Monday)", tt.day, w)
		}
	}
}

// noRounds is the rounds section of a collection without rubric cards:
// every round, with no prompts.
func noRounds() *Rounds {
	r := &Rounds{Missed: []MissedPoint{}, Mocks: []MockBrief{}}
	for _, name := range deck.Rounds {
		r.Readiness = append(r.Readiness, RoundReadiness{Round: name})
	}
	return r
}
