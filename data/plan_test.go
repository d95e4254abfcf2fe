package data

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aipmhq/aipm/srs"
)

// testPlan is a plan set on day0 with an interview in days.
func testPlan(days int) InterviewPlan {
	return InterviewPlan{Interview: day0.Add(days), IntroBy: DefaultIntroBy, Window: DefaultWindow, SetOn: day0}
}

func TestWindowDayBalances(t *testing.T) {
	ws := day0.Add(20)
	if got := windowDay(ws, []int{0, 0, 0}); got != ws.Add(2) {
		t.Errorf("empty window: %s, want the last day %s (the longest interval)", got, ws.Add(2))
	}
	if got := windowDay(ws, []int{3, 1, 2}); got != ws.Add(1) {
		t.Errorf("load 3,1,2: %s, want the least-loaded day %s", got, ws.Add(1))
	}
	// Cards already due in the window (10 on its first day, 4 on its last),
	// then 31 moved in: each goes to the least-loaded day.
	load := []int{10, 0, 4}
	for range 31 {
		load[windowDay(ws, load)-ws]++
	}
	if fmt.Sprint(load) != "[15 15 15]" {
		t.Errorf("load after 31 moves = %v, want [15 15 15]", load)
	}
	// More cards already due on one day than the moves can even out: the
	// moves never make it worse.
	load = []int{40, 0, 0}
	for range 20 {
		load[windowDay(ws, load)-ws]++
	}
	if fmt.Sprint(load) != "[40 10 10]" {
		t.Errorf("load = %v, want [40 10 10]", load)
	}
}

func TestPlanPlaces(t *testing.T) {
	p := testPlan(30)
	d := p.Interview
	cases := []struct {
		name     string
		p        InterviewPlan
		day, due srs.Day
		want     bool
	}{
		{"before the window, due after D-1", p, d - 10, d + 5, true},
		{"before the window, due on D", p, d - 4, d, true},
		{"before the window, due on D-1", p, d - 4, d - 1, false},
		{"inside the window", p, d - 3, d + 9, false},
		{"on D", p, d, d + 9, false},
		{"short runway: window shortened to D-1", InterviewPlan{Interview: d, Window: 3, SetOn: d - 2}, d - 2, d + 3, true},
		{"set the day before: no window", InterviewPlan{Interview: d, Window: 3, SetOn: d - 1}, d - 1, d + 3, false},
	}
	for _, c := range cases {
		if got := c.p.places(c.day, c.due); got != c.want {
			t.Errorf("%s: places(%s, %s) = %v, want %v", c.name, c.day, c.due, got, c.want)
		}
	}
	short := InterviewPlan{Interview: d, Window: 3, SetOn: d - 2}
	if short.WindowStart() != d-1 || short.WindowDays() != 1 {
		t.Errorf("short runway: window %s, %d days; want %s, 1 day", short.WindowStart(), short.WindowDays(), d-1)
	}
	if p.WindowStart() != d-3 || p.WindowDays() != 3 || p.IntroDeadline() != d-7 {
		t.Errorf("window %s (%d days), deadline %s", p.WindowStart(), p.WindowDays(), p.IntroDeadline())
	}
}

func TestNewCardsNeededEdges(t *testing.T) {
	p := testPlan(30) // deadline day0+23: 24 days from day0
	d := p.Interview
	cases := []struct {
		name            string
		p               InterviewPlan
		unseen          int
		day             srs.Day
		perDay, notSeen int
	}{
		{"300 cards over 24 days", p, 300, day0, 13, 0},
		{"no card left", p, 0, day0, 0, 0},
		{"0 days left until D-7: the rest today", p, 30, d - 7, 30, 0},
		{"past D-7: the rest at once", p, 30, d - 3, 30, 0},
		{"0 days left: the interview is today", p, 30, d, 0, 30},
		{"more cards than days: capped", InterviewPlan{Interview: d, IntroBy: 7, SetOn: d - 2}, 300, d - 2, PlanNewCap, 100},
		{"more cards than days, a day later", InterviewPlan{Interview: d, IntroBy: 7, SetOn: d - 2}, 200, d - 1, PlanNewCap, 100},
		{"a card a day", p, 24, day0, 1, 0},
		{"one more than the days", p, 25, day0, 2, 0},
	}
	for _, c := range cases {
		perDay, notSeen := c.p.NewCardsNeeded(c.unseen, c.day)
		if perDay != c.perDay || notSeen != c.notSeen {
			t.Errorf("%s: NewCardsNeeded(%d, %s) = %d, %d; want %d, %d", c.name, c.unseen, c.day, perDay, notSeen, c.perDay, c.notSeen)
		}
	}
}

// openDecks opens a fresh store with decks a (na cards) and b (nb cards).
func openDecks(t *testing.T, na, nb int) *Store {
	t.Helper()
	files := map[string]string{}
	for id, n := range map[string]int{"a": na, "b": nb} {
		var src strings.Builder
		fmt.Fprintf(&src, "---\ndeck: %s\nid: %s\n---\n## Topic %s\n", id, id, id)
		for i := range n {
			fmt.Fprintf(&src, "Q: %s question %d\nA: answer\n", id, i)
		}
		files[id+".md"] = src.String()
	}
	s, _ := statsStore(t, files, "a.md", "b.md")
	return s
}

func TestPlanNewLimitDecks(t *testing.T) {
	ctx := context.Background()
	s := openDecks(t, 12, 24)
	p := testPlan(12) // deadline day0+5: 6 days
	check := func(what string, decks []string, perDay, want int) {
		t.Helper()
		q := p
		q.Decks = decks
		n, err := s.PlanNewLimit(ctx, q, day0, perDay)
		if err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Errorf("%s: limit %d, want %d", what, n, want)
		}
	}
	check("36 cards over 6 days", nil, 1, 6)
	check("new_per_day 20 is larger", nil, 20, 20)
	check("narrowed to deck a (12 cards)", []string{"a"}, 1, 2)
	b, err := s.Cards(ctx, Filter{Deck: "b"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range b {
		ids = append(ids, c.ID)
	}
	if _, err := s.SetFlag(ctx, "suspend", ids, t0, day0); err != nil {
		t.Fatal(err)
	}
	check("deck b suspended: deck a's 12 cards", nil, 1, 2)
	check("a plan of a suspended deck: new_per_day", []string{"b"}, 1, 1)
	onlyB := p
	onlyB.Decks = []string{"b"}
	rep, err := s.PlanReport(ctx, onlyB, day0)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Cards != 0 || rep.Unseen != 0 || rep.NeededNew != 0 {
		t.Errorf("report of a suspended deck: %d cards, %d unseen, %d a day; want 0", rep.Cards, rep.Unseen, rep.NeededNew)
	}
}

func TestPlanMovesIntoWindow(t *testing.T) {
	ctx := context.Background()
	s, ids := openTest(t, 3)
	d := day0.Add(5) // window day0+2 .. day0+4
	if _, err := s.SetPlan(ctx, InterviewPlan{Interview: d, IntroBy: 1, Window: 3}, day0, t0); err != nil {
		t.Fatal(err)
	}
	answer := func(id string, g int, day srs.Day) Answer {
		t.Helper()
		at := t0.Add(time.Duration(day-day0) * 24 * time.Hour)
		a, err := s.Record(ctx, Event{CardID: id, Grade: g, At: at, ShownAt: at, Day: day})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	for _, id := range ids {
		if a := answer(id, 5, day0); a.Due != day0.Add(1).String() || a.Planned != "" {
			t.Fatalf("first answer: due %s, planned %q; want tomorrow, not moved", a.Due, a.Planned)
		}
	}
	// On day0+1 SM-2 gives 6 days: past D-1, so each goes to the
	// least-loaded window day, the latest first; the memory keeps 6.
	want := []srs.Day{d - 1, d - 2, d - 3}
	for i, id := range ids {
		a := answer(id, 5, day0.Add(1))
		if a.Due != want[i].String() || a.Planned != PlanReasonWindow || a.After.Interval != 6 {
			t.Errorf("card %d: due %s (planned %q), interval %d; want %s, window, 6", i, a.Due, a.Planned, a.After.Interval, want[i])
		}
	}
	got := column(t, s, `SELECT planned_due || ' ' || plan_reason FROM revlog WHERE planned_due IS NOT NULL ORDER BY seq`)
	if got != fmt.Sprintf("%s window\n%s window\n%s window\n", d-1, d-2, d-3) {
		t.Errorf("logged planned days:\n%s", got)
	}
	doctorClean(t, s)
	// A switch to FSRS replays every card and keeps the logged days.
	set := DefaultSchedulerSettings()
	set.Algorithm = "fsrs"
	if _, err := s.SetScheduler(ctx, set, t0.Add(48*time.Hour), false); err != nil {
		t.Fatal(err)
	}
	if got := column(t, s, `SELECT due FROM cards ORDER BY ord`); got != fmt.Sprintf("%s\n%s\n%s\n", d-1, d-2, d-3) {
		t.Errorf("due days after a switch to FSRS:\n%s", got)
	}
	doctorClean(t, s)
	// Inside the window an answer keeps its schedule; after D the plan has
	// ended and nothing is moved.
	if a := answer(ids[2], 4, d-3); a.Planned != "" {
		t.Errorf("an answer inside the window was moved to %s", a.Due)
	}
	a := answer(ids[1], 5, d+1)
	if a.Planned != "" || a.Due != (d+1).Add(a.After.Interval).String() {
		t.Errorf("after D: due %s, interval %d, planned %q", a.Due, a.After.Interval, a.Planned)
	}
	doctorClean(t, s)
}

// column reads one text column of a query's rows, one a line.
func column(t *testing.T, s *Store, q string) string {
	t.Helper()
	rows, err := s.DB().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		b.WriteString(v + "\n")
	}
	return b.String()
}

func TestFinalDrill(t *testing.T) {
	ctx := context.Background()
	s, ids := openTest(t, 3)
	d := day0.Add(10)
	p, err := s.SetPlan(ctx, InterviewPlan{Interview: d, IntroBy: 7, Window: 3}, day0, t0)
	if err != nil {
		t.Fatal(err)
	}
	rec := func(id string, g int, day srs.Day, final bool) Answer {
		t.Helper()
		a, err := s.Record(ctx, Event{CardID: id, Grade: g, At: t0, ShownAt: t0, Day: day, Final: final})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	rec(ids[0], 5, day0, false)
	rec(ids[1], 2, day0, false)
	rec(ids[1], 4, day0, false) // a re-drill to 4: latest grade 4
	rec(ids[2], 3, day0, false)
	day := d - 1
	cards, err := s.FinalCards(ctx, p, day)
	if err != nil {
		t.Fatal(err)
	}
	// Every card was last scheduled on day0, ten days before D: recall on
	// D is under 0.9 for all three, weakest first: the one failed first
	// (its re-drill to 4 schedules nothing), the 3, the 5.
	if len(cards) != 3 || cards[0].ID != ids[1] || cards[1].ID != ids[2] || cards[2].ID != ids[0] {
		t.Errorf("final cards = %+v, want %s, %s, %s", cards, ids[1], ids[2], ids[0])
	}
	// A due card's final answer schedules it; a second is logged as final.
	if a := rec(ids[0], 4, day, true); a.Kind != srs.LogReview {
		t.Errorf("final answer on a due card: kind %s, want review", a.Kind)
	}
	before, err := s.Card(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	a := rec(ids[0], 5, day, true)
	if a.Kind != srs.LogFinal || a.Due != before.Due {
		t.Errorf("second final answer: kind %s, due %s; want final, %s unchanged", a.Kind, a.Due, before.Due)
	}
	// A final answer can be undone like a re-drill; the schedule stays.
	if u, err := s.Undo(ctx, a.Seq, t0, day); err != nil || u.Kind != srs.LogFinal || u.Due != before.Due {
		t.Errorf("undo of a final answer = %+v, %v; want kind final, due %s", u, err, before.Due)
	}
	rec(ids[0], 5, day, true)
	cards, err = s.FinalCards(ctx, p, day)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cards {
		if c.ID == ids[0] {
			t.Errorf("card graded 5 today is still in the final drill: %+v", cards)
		}
	}
	doctorClean(t, s)
}

func TestMockDays(t *testing.T) {
	p := testPlan(20)
	p.Company = "acme"
	d := p.Interview
	cases := []struct {
		name   string
		p      InterviewPlan
		day    srs.Day
		rubric int
		want   string
	}{
		{"no rubric prompts", p, day0, 0, "[]"},
		{"no company", testPlan(20), day0, 12, "[]"},
		{"4 prompts: one mock on D-2", p, day0, 4, fmt.Sprint([]srs.Day{d - 2})},
		{"12 prompts: two, three days apart", p, day0, 12, fmt.Sprint([]srs.Day{d - 5, d - 2})},
		{"40 prompts: at most three", p, day0, 40, fmt.Sprint([]srs.Day{d - 8, d - 5, d - 2})},
		{"the day before: one, tomorrow is D", p, d - 1, 40, fmt.Sprint([]srs.Day{d - 1})},
		{"on D: none", p, d, 40, "[]"},
	}
	for _, c := range cases {
		if got := fmt.Sprint(mockDays(c.p, c.day, c.rubric)); got != c.want {
			t.Errorf("%s: mockDays = %s, want %s", c.name, got, c.want)
		}
	}
}

func TestPastInterview(t *testing.T) {
	ctx := context.Background()
	s, ids := openTest(t, 2)
	d := day0.Add(3)
	if _, err := s.SetPlan(ctx, InterviewPlan{Interview: d, Company: "acme", IntroBy: 1, Window: 1}, day0, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Record(ctx, Event{CardID: ids[0], Grade: 5, At: t0, ShownAt: t0, Day: day0}); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.PastInterview(ctx, d); ok {
		t.Error("on D the interview is not past yet")
	}
	if _, ok, _ := s.ActivePlan(ctx, d); !ok {
		t.Error("on D the plan is still in force")
	}
	past, ok, err := s.PastInterview(ctx, d+1)
	if err != nil || !ok || past.Date != d.String() || past.Company != "acme" || past.Recall <= 0 || past.Recall >= 0.5 {
		t.Errorf("PastInterview = %+v, %v, %v; want %s, acme, recall of one card in two", past, ok, err, d)
	}
	if _, ok, _ := s.ActivePlan(ctx, d+1); ok {
		t.Error("the plan is still in force the day after D")
	}
	// A plan cleared before its date is no past interview.
	if _, err := s.SetPlan(ctx, InterviewPlan{Interview: d + 9, IntroBy: 1, Window: 1}, d+1, t0); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.ClearPlan(ctx, d+2); err != nil || !ok {
		t.Fatalf("ClearPlan = %v, %v", ok, err)
	}
	if past, _, _ := s.PastInterview(ctx, d+20); past.Date != d.String() {
		t.Errorf("after a cleared plan, the past interview is %s, want %s", past.Date, d)
	}
}
