package data

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aipmhq/aipm/anki"
	"github.com/aipmhq/aipm/internal/ankitest"
	"github.com/aipmhq/aipm/srs"
)

var ankiVersions = []struct {
	name string
	v    int
}{{"anki2", anki.Legacy1}, {"anki21", anki.Legacy2}, {"anki21b", anki.Latest}}

func ankiPackage(t *testing.T, v int, newer bool) *anki.Package {
	t.Helper()
	path := ankitest.Build(t, t.TempDir(), ankitest.Spec{Version: v, Newer: newer, Today: impDay.Time().Add(9 * time.Hour)})
	p, err := anki.Open(path, anki.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func ankiOpts(schedule bool) AnkiOptions {
	return AnkiOptions{ImportOptions: impOpts(), WithSchedule: schedule,
		DayOf: func(t time.Time) srs.Day { return srs.DayOf(t, time.UTC, 4) }}
}

func ankiImport(t *testing.T, s *Store, p *anki.Package, o AnkiOptions) *AnkiSummary {
	t.Helper()
	sum, err := s.ImportAnki(context.Background(), p, o)
	if err != nil {
		t.Fatalf("ImportAnki: %v", err)
	}
	return sum
}

// ankiStates lists every card's state, as the tests compare them.
func ankiStates(t *testing.T, s *Store) string {
	t.Helper()
	rows, err := s.DB().Query(`SELECT id, kind, reps, interval, ef, coalesce(due, 'new'), lapses, suspended,
		coalesce(buried_until, '-') FROM cards ORDER BY deck_ord, ord`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, kind, due, buried string
		var reps, ivl, ef, lapses int
		var susp bool
		if err := rows.Scan(&id, &kind, &reps, &ivl, &ef, &due, &lapses, &susp, &buried); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %s reps %d ivl %d ef %d due %s lapses %d susp %v buried %s\n", id, kind, reps, ivl, ef, due, lapses, susp, buried)
	}
	return b.String()
}

// ankiLog counts the log rows by kind.
func ankiLog(t *testing.T, s *Store) string {
	t.Helper()
	rows, err := s.DB().Query("SELECT kind, count(*) FROM revlog GROUP BY kind ORDER BY kind")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var parts []string
	for rows.Next() {
		var k string
		var n int
		rows.Scan(&k, &n)
		parts = append(parts, fmt.Sprintf("%s %d", k, n))
	}
	return strings.Join(parts, ", ")
}

func doctorClean(t *testing.T, s *Store) {
	t.Helper()
	c, err := s.Doctor(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Problems) > 0 {
		t.Errorf("doctor: %v", c.Problems)
	}
	n, err := s.RebuildStates(context.Background())
	if err != nil || n != 0 {
		t.Errorf("RebuildStates = %d, %v; want 0 cards rewritten", n, err)
	}
}

// ankiWantNew is every card of the fixture, new.
const ankiWantNew = `aa35c3324cd43ba7dffe0a29f6213c2a59299ac3 basic reps 0 ivl 0 ef 250 due new lapses 0 susp false buried -
8c2ef3bccd73c977bbf0df39cfa49f17e307d18a basic reps 0 ivl 0 ef 250 due new lapses 0 susp false buried -
1d3ec965d0fdeeb9b7b29bc4d04387e9187dca5a basic reps 0 ivl 0 ef 250 due new lapses 0 susp false buried -
5eb39c8b1a91f40856a6b11ccc94bb9e0dba7e47 basic reps 0 ivl 0 ef 250 due new lapses 0 susp false buried -
typing basic reps 0 ivl 0 ef 250 due new lapses 0 susp false buried -
cloze#1 cloze reps 0 ivl 0 ef 250 due new lapses 0 susp false buried -
cloze#1/c2 cloze reps 0 ivl 0 ef 250 due new lapses 0 susp false buried -
vocab/guid+1 basic reps 0 ivl 0 ef 250 due new lapses 0 susp false buried -
vocab/guid+1/r reverse reps 0 ivl 0 ef 250 due new lapses 0 susp false buried -
opt-yes basic reps 0 ivl 0 ef 250 due new lapses 0 susp false buried -
opt-yes/r reverse reps 0 ivl 0 ef 250 due new lapses 0 susp false buried -
opt-no basic reps 0 ivl 0 ef 250 due new lapses 0 susp false buried -
`

// ankiWantScheduled is the fixture with its Anki progress, on 2026-12-01:
// review cards keep interval, ease and due day, the learning card is due
// today, lapses, suspension and burial are kept.
const ankiWantScheduled = `aa35c3324cd43ba7dffe0a29f6213c2a59299ac3 basic reps 2 ivl 10 ef 230 due 2026-12-04 lapses 1 susp false buried -
8c2ef3bccd73c977bbf0df39cfa49f17e307d18a basic reps 2 ivl 5 ef 250 due 2026-11-29 lapses 0 susp true buried -
1d3ec965d0fdeeb9b7b29bc4d04387e9187dca5a basic reps 0 ivl 0 ef 250 due 2026-12-01 lapses 0 susp false buried -
5eb39c8b1a91f40856a6b11ccc94bb9e0dba7e47 basic reps 0 ivl 0 ef 250 due new lapses 0 susp false buried -
typing basic reps 0 ivl 0 ef 250 due new lapses 0 susp false buried -
cloze#1 cloze reps 2 ivl 6 ef 250 due 2026-11-30 lapses 0 susp false buried -
cloze#1/c2 cloze reps 0 ivl 0 ef 250 due new lapses 0 susp false buried -
vocab/guid+1 basic reps 2 ivl 30 ef 260 due 2026-12-01 lapses 0 susp false buried -
vocab/guid+1/r reverse reps 2 ivl 12 ef 250 due 2026-12-02 lapses 0 susp false buried 2026-12-02
opt-yes basic reps 0 ivl 0 ef 250 due new lapses 0 susp false buried -
opt-yes/r reverse reps 0 ivl 0 ef 250 due new lapses 0 susp false buried -
opt-no basic reps 0 ivl 0 ef 250 due new lapses 0 susp false buried -
`

func TestImportAnkiWithoutSchedule(t *testing.T) {
	for _, tc := range ankiVersions {
		t.Run(tc.name, func(t *testing.T) {
			s := impStore(t)
			sum := ankiImport(t, s, ankiPackage(t, tc.v, false), ankiOpts(false))
			if got := sum.Total(); got.Added != 12 || sum.Scheduled != 0 || sum.Reviews != 0 {
				t.Errorf("added %d, scheduled %d, reviews %d; want 12, 0, 0", got.Added, sum.Scheduled, sum.Reviews)
			}
			if got := ankiStates(t, s); got != ankiWantNew {
				t.Errorf("states:\n%swant:\n%s", got, ankiWantNew)
			}
			if got := ankiLog(t, s); got != "" {
				t.Errorf("log rows %q, want none", got)
			}
			var decks []string
			ds, _ := s.Decks(context.Background())
			for _, d := range ds {
				decks = append(decks, d.ID+"="+d.Name)
			}
			if g := strings.Join(decks, " "); g != "ai-pm-metrics=AI PM::Metrics ai-pm-product-strategy=AI PM::Product::Strategy" {
				t.Errorf("decks %s", g)
			}
		})
	}
}

func TestImportAnkiWithSchedule(t *testing.T) {
	for _, tc := range ankiVersions {
		t.Run(tc.name, func(t *testing.T) {
			s := impStore(t)
			sum := ankiImport(t, s, ankiPackage(t, tc.v, false), ankiOpts(true))
			if sum.Total().Added != 12 || sum.Scheduled != 6 || sum.Reviews != 10 || sum.Kept != 0 {
				t.Errorf("added %d, scheduled %d, reviews %d, kept %d; want 12, 6, 10, 0", sum.Total().Added, sum.Scheduled, sum.Reviews, sum.Kept)
			}
			if got := ankiStates(t, s); got != ankiWantScheduled {
				t.Errorf("states:\n%swant:\n%s", got, ankiWantScheduled)
			}
			if got, want := ankiLog(t, s), "baseline 6, bury 1, history 10, suspend 1"; got != want {
				t.Errorf("log rows %q, want %q", got, want)
			}
			// The baseline row of the recall card: its state after, its day
			// the card's last Anki answer.
			var day, due string
			var reps, ivl, ef, lapses int
			if err := s.DB().QueryRow(`SELECT day, due_after, reps_after, interval_after, ef_after, lapses_after FROM revlog
				WHERE kind = 'baseline' AND card_id = ?`, ankitest.GuidRecall).Scan(&day, &due, &reps, &ivl, &ef, &lapses); err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprintln(day, due, reps, ivl, ef, lapses); got != "2026-11-24 2026-12-04 2 10 230 1\n" {
				t.Errorf("recall baseline = %s", got)
			}
			doctorClean(t, s)
			// Again: nothing new comes in, nothing changes.
			again := ankiImport(t, s, ankiPackage(t, tc.v, false), ankiOpts(true))
			if again.Scheduled != 0 || again.Reviews != 0 || again.Total().Unchanged != 12 {
				t.Errorf("second import: scheduled %d, reviews %d, unchanged %d", again.Scheduled, again.Reviews, again.Total().Unchanged)
			}
			if got := ankiStates(t, s); got != ankiWantScheduled {
				t.Errorf("states after the second import:\n%s", got)
			}
		})
	}
}

// TestImportAnkiReplay: the imported state is what replay gives, under
// SM-2 and under FSRS (whose memory comes from the history rows, or, with
// none, from the SM-2 state), and the next answer schedules from it.
func TestImportAnkiReplay(t *testing.T) {
	ctx := context.Background()
	s := impStore(t)
	ankiImport(t, s, ankiPackage(t, anki.Latest, false), ankiOpts(true))
	// SM-2: Reps 2, interval 10, EF 2.30: a 4 gives round(10 × 2.3) = 23.
	impGrade(t, s, ankitest.GuidRecall, 4, impDay.Add(3))
	c := impCard(t, s, "What is recall?")
	if c.State.Interval != 23 || c.State.Reps != 3 || c.Due != impDay.Add(3+23).String() {
		t.Errorf("after a 4: interval %d, reps %d, due %s; want 23, 3, %s", c.State.Interval, c.State.Reps, c.Due, impDay.Add(26))
	}
	doctorClean(t, s)
	set := DefaultSchedulerSettings()
	set.Algorithm = "fsrs"
	if _, err := s.SetScheduler(ctx, set, impDay.Time(), false); err != nil {
		t.Fatal(err)
	}
	doctorClean(t, s)
	f, _ := srs.NewFSRS(set.FSRS())
	p := impCard(t, s, "Precision is…")
	want := f.FromSM2(2.5, 5)
	if p.Stability != want.Stability || p.Difficulty != want.Difficulty || p.Stability != 5 {
		t.Errorf("precision (no revlog) under FSRS: S %v D %v, want %v %v", p.Stability, p.Difficulty, want.Stability, want.Difficulty)
	}
	// The cloze card's two history answers (good on 2026-11-23, easy the
	// next day) are its FSRS memory.
	m, _ := f.Replay([]srs.FSRSAnswer{{Grade: 4}, {Grade: 5, Elapsed: 1}})
	cz := impCard(t, s, "[…] is TP")
	if cz.Stability != m.Stability || cz.Difficulty != m.Difficulty || cz.State.Interval != 6 || cz.Due != "2026-11-30" {
		t.Errorf("cloze under FSRS: S %v D %v ivl %d due %s; want S %v D %v, the Anki interval 6 and due 2026-11-30",
			cz.Stability, cz.Difficulty, cz.State.Interval, cz.Due, m.Stability, m.Difficulty)
	}
	impGrade(t, s, cz.ID, 4, impDay)
	doctorClean(t, s)
}

// TestImportAnkiNewerKeepsProgress imports a later export of the same
// collection: cards keep their ids; a card answered in aipm keeps its aipm
// progress; the others take the newer Anki schedule; only the new answers
// come in.
func TestImportAnkiNewerKeepsProgress(t *testing.T) {
	for _, tc := range ankiVersions {
		t.Run(tc.name, func(t *testing.T) {
			s := impStore(t)
			ankiImport(t, s, ankiPackage(t, tc.v, false), ankiOpts(true))
			impGrade(t, s, "cloze#1", 5, impDay)
			before := impCard(t, s, "[…] is TP")
			sum := ankiImport(t, s, ankiPackage(t, tc.v, true), ankiOpts(true))
			tot := sum.Total()
			if tot.Added != 1 || tot.Updated != 1 || tot.Orphaned != 0 || sum.Scheduled != 1 || sum.Reviews != 1 || sum.Kept != 1 {
				t.Errorf("added %d updated %d orphaned %d scheduled %d reviews %d kept %d; want 1 1 0 1 1 1",
					tot.Added, tot.Updated, tot.Orphaned, sum.Scheduled, sum.Reviews, sum.Kept)
			}
			r := impCard(t, s, "What is recall?")
			if r.ID != ankitest.GuidRecall || !strings.Contains(r.Back, "share of real positives") || r.State.Interval != 25 || r.Due != "2026-12-26" || r.State.Reps != 3 {
				t.Errorf("recall: id %s back %q interval %d due %s reps %d", r.ID, r.Back, r.State.Interval, r.Due, r.State.Reps)
			}
			if after := impCard(t, s, "[…] is TP"); after.State.Interval != before.State.Interval || after.Due != before.Due || after.State.Reps != before.State.Reps {
				t.Errorf("the card answered in aipm changed: %+v, was %+v", after, before)
			}
			if n := impCount(t, s, "SELECT count(*) FROM revlog WHERE kind = 'history'"); n != 11 {
				t.Errorf("%d history rows, want 11 (10, then the newer answer)", n)
			}
			if n := impCount(t, s, "SELECT count(DISTINCT anki_id) FROM revlog WHERE kind = 'history'"); n != 11 {
				t.Errorf("%d distinct answers, want 11", n)
			}
			impCard(t, s, "AUC")
			doctorClean(t, s)
		})
	}
}

// TestImportAnkiNewerWithoutSchedule: progress made in aipm on cards that
// came in new survives a newer export, with or without --with-schedule.
func TestImportAnkiNewerWithoutSchedule(t *testing.T) {
	for _, schedule := range []bool{false, true} {
		s := impStore(t)
		ankiImport(t, s, ankiPackage(t, anki.Legacy1, false), ankiOpts(false))
		impGrade(t, s, ankitest.GuidRecall, 4, impDay)
		sum := ankiImport(t, s, ankiPackage(t, anki.Legacy1, true), ankiOpts(schedule))
		r := impCard(t, s, "What is recall?")
		if r.State.Reps != 1 || r.State.Interval != 1 || r.Due != impDay.Add(1).String() {
			t.Errorf("schedule %v: recall reps %d interval %d due %s; want its aipm answer's 1, 1, tomorrow", schedule, r.State.Reps, r.State.Interval, r.Due)
		}
		if schedule && sum.Kept != 1 {
			t.Errorf("kept %d, want 1", sum.Kept)
		}
		doctorClean(t, s)
	}
}

func TestImportAnkiDryRun(t *testing.T) {
	s := impStore(t)
	o := ankiOpts(true)
	o.DryRun = true
	sum := ankiImport(t, s, ankiPackage(t, anki.Latest, false), o)
	if sum.Total().Added != 12 || sum.Scheduled != 6 || sum.Reviews != 10 {
		t.Errorf("dry run: added %d scheduled %d reviews %d", sum.Total().Added, sum.Scheduled, sum.Reviews)
	}
	if n := impCount(t, s, "SELECT count(*) FROM cards") + impCount(t, s, "SELECT count(*) FROM revlog"); n != 0 {
		t.Errorf("a dry run wrote %d rows", n)
	}
	empty, err := PlanAnkiEmpty(context.Background(), ankiPackage(t, anki.Latest, false), ankiOpts(true))
	if err != nil || empty.Scheduled != 6 || empty.Reviews != 10 {
		t.Errorf("PlanAnkiEmpty: %v, %+v", err, empty)
	}
	ankiImport(t, s, ankiPackage(t, anki.Latest, false), ankiOpts(true))
	again := ankiImport(t, s, ankiPackage(t, anki.Latest, true), o)
	if again.Scheduled != 1 || again.Reviews != 1 {
		t.Errorf("dry run of the newer export: scheduled %d reviews %d, want 1 1", again.Scheduled, again.Reviews)
	}
}

// TestImportAnkiStats: the history rows count in the heatmap, the streak
// and retention.
func TestImportAnkiStats(t *testing.T) {
	s := impStore(t)
	ankiImport(t, s, ankiPackage(t, anki.Legacy2, false), ankiOpts(true))
	st, err := s.Stats(context.Background(), StatsQuery{Day: impDay})
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, h := range st.Heatmap {
		total += h.Reviews
	}
	if total != 10 || st.Retention.D30.Young.Reviews == 0 {
		t.Errorf("heatmap counts %d answers, want 10; 30-day young retention %+v", total, st.Retention.D30.Young)
	}
}

// TestImportAnkiMovedNote: a note moved to another of the package's decks
// in Anki stays in the deck that has its cards and progress, with a
// warning, instead of refusing the import.
func TestImportAnkiMovedNote(t *testing.T) {
	s := impStore(t)
	ankiImport(t, s, ankiPackage(t, anki.Legacy2, false), ankiOpts(true))
	before := ankiStates(t, s)
	path := ankitest.Build(t, t.TempDir(), ankitest.Spec{Version: anki.Legacy2, Moved: true, Today: impDay.Time().Add(9 * time.Hour)})
	p, err := anki.Open(path, anki.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if d := p.Decks[0]; len(d.Cards) != 9 {
		t.Fatalf("the moved package's first deck has %d cards, want 9", len(d.Cards))
	}
	sum := ankiImport(t, s, p, ankiOpts(true))
	tot := sum.Total()
	if tot.Added != 0 || tot.Orphaned != 0 || tot.Unchanged != 12 {
		t.Errorf("added %d orphaned %d unchanged %d, want 0 0 12", tot.Added, tot.Orphaned, tot.Unchanged)
	}
	if len(tot.Warnings) != 1 || !strings.Contains(tot.Warnings[0], `the note moved from deck "AI PM::Product::Strategy" to "AI PM::Metrics" in Anki`) {
		t.Errorf("warnings %q", tot.Warnings)
	}
	if got := ankiStates(t, s); got != before {
		t.Errorf("states changed:\n%s\nwas:\n%s", got, before)
	}
	if n := impCount(t, s, "SELECT count(*) FROM cards WHERE pin = ? AND deck_id = 'ai-pm-product-strategy'", ankitest.GuidVocab); n != 2 {
		t.Errorf("%d vocabulary cards in their deck, want 2", n)
	}
	doctorClean(t, s)
}

// TestImportAnkiPlanRecall: an interview plan predicts the recall of cards
// whose only answers came in from Anki, from their history rows, instead
// of counting them as never answered.
func TestImportAnkiPlanRecall(t *testing.T) {
	ctx := context.Background()
	s := impStore(t)
	ankiImport(t, s, ankiPackage(t, anki.Legacy2, false), ankiOpts(true))
	p, err := s.SetPlan(ctx, InterviewPlan{Interview: impDay.Add(10), IntroBy: 1, Window: 1}, impDay, impDay.Time())
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.PlanReport(ctx, p, impDay)
	if err != nil {
		t.Fatal(err)
	}
	if r.Recall <= 0 {
		t.Errorf("plan recall %.3f with %d of %d cards unseen; want the Anki history to count", r.Recall, r.Unseen, r.Cards)
	}
}

// TestImportAnkiThirdCardType: a note type with a third card type (not the
// question, not its reverse) brings all three cards in: the third as a Q/A
// card whose id is the note's guid and ordinal, with one warning for the
// note type, and a second import changes nothing.
func TestImportAnkiThirdCardType(t *testing.T) {
	for _, tc := range ankiVersions {
		t.Run(tc.name, func(t *testing.T) {
			s := impStore(t)
			path := ankitest.Build(t, t.TempDir(), ankitest.Spec{Version: tc.v, ThirdType: true, Today: impDay.Time().Add(9 * time.Hour)})
			open := func() *anki.Package {
				p, err := anki.Open(path, anki.Options{})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { p.Close() })
				return p
			}
			p := open()
			warned := 0
			for _, w := range p.Warnings {
				if strings.Contains(w, `card type ("Card 3")`) && strings.Contains(w, "/t3") {
					warned++
				}
			}
			if warned != 1 {
				t.Errorf("warnings %q; want one for the third card type", p.Warnings)
			}
			sum := ankiImport(t, s, p, ankiOpts(false))
			if got := sum.Total().Added; got != 15 {
				t.Errorf("added %d cards, want 15 (12 and the three of the new note)", got)
			}
			rows, err := s.DB().Query(`SELECT id, kind, front, back FROM cards WHERE line = (SELECT line FROM cards WHERE id = ?) AND deck_id = (SELECT deck_id FROM cards WHERE id = ?) ORDER BY id`, ankitest.GuidThird, ankitest.GuidThird)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for rows.Next() {
				var id, kind, front, back string
				if err := rows.Scan(&id, &kind, &front, &back); err != nil {
					t.Fatal(err)
				}
				got = append(got, id+" "+kind+" "+front+" → "+back)
			}
			rows.Close()
			want := []string{
				"third-type basic Precision → TP / (TP + FP)",
				"third-type/r reverse TP / (TP + FP) → Precision",
				"third-type/t3 basic 95 of 100 flags are right → Precision",
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("cards of the note:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			again := ankiImport(t, s, open(), ankiOpts(false))
			if again.Total().Added != 0 || again.Total().Unchanged != 15 {
				t.Errorf("second import: added %d, unchanged %d; want 0 and 15", again.Total().Added, again.Total().Unchanged)
			}
			doctorClean(t, s)
		})
	}
}
