package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// simDeck writes a deck of topics × per basic cards.
func simDeck(t *testing.T, topics, per int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("---\ndeck: Sim\nid: sim\n---\n")
	for tp := range topics {
		fmt.Fprintf(&b, "## Topic %d\n", tp)
		for i := range per {
			fmt.Fprintf(&b, "Q: question %d-%d\nA: answer %d-%d\n", tp, i, tp, i)
		}
	}
	path := filepath.Join(t.TempDir(), "sim.md")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// gradeCycle is the fixed mix of grades the simulation answers with, one
// line per card shown (fails and hards come back until graded 4).
var gradeCycle = strings.Fields("4 5 4 3 4 5 2 4 4 5 4 1 5 4 3 4")

// pipedGrades is n lines of the grade cycle, starting at *k.
func pipedGrades(k *int, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(gradeCycle[*k%len(gradeCycle)] + "\n")
		*k++
	}
	return b.String()
}

// planSim runs the real binary, through a pipe, on the day it is told.
type planSim struct{ *faultEnv }

// at runs aipm on day (09:00 UTC), stdin through a pipe; it fails the
// test unless aipm exits 0.
func (e planSim) at(day, stdin string, args ...string) string {
	e.t.Helper()
	e.extra = []string{"AIPM_NOW=" + day + "T09:00:00Z", "AIPM_NEW_PER_DAY=5"}
	out, errs, code := e.run(stdin, args...)
	if code != 0 {
		e.t.Fatalf("aipm %v on %s: exit %d\n%s", args, day, code, errs)
	}
	return out
}

func (e planSim) rows(q string) string {
	e.t.Helper()
	out, err := formatRows(e.db, q, " | ")
	if err != nil {
		e.t.Fatal(err)
	}
	return strings.TrimSpace(out)
}

func (e planSim) count(q string) int {
	e.t.Helper()
	n, err := strconv.Atoi(e.rows(q))
	if err != nil {
		e.t.Fatalf("%s: %v", q, err)
	}
	return n
}

// TestPlanSimulation is the end-to-end run: a 300-card deck, an
// interview on day 30, a piped review every day with a fixed grade mix,
// under SM-2 and under FSRS.
func TestPlanSimulation(t *testing.T) {
	if testing.Short() {
		t.Skip("a 30-day simulation; .ci/run runs it")
	}
	for _, sched := range []string{"sm2", "fsrs"} {
		t.Run(sched, func(t *testing.T) { simulatePlan(t, sched) })
	}
}

func simulatePlan(t *testing.T, scheduler string) {
	// new_per_day is 5: the plan's figure, not the setting, drives the new cards.
	e := planSim{newFaultEnv(t)}
	start := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	day := func(n int) string { return start.AddDate(0, 0, n).Format(time.DateOnly) }
	const interview = 30
	e.at(day(0), "", "import", simDeck(t, 6, 50))
	if scheduler == "fsrs" {
		e.at(day(0), "", "scheduler", "fsrs")
	}
	out := e.at(day(0), "", "plan", "--interview", day(interview))
	if !strings.Contains(out, "New cards  at least 13 a day, every card introduced by "+day(interview-7)+" (D-7)") {
		t.Fatalf("plan screen:\n%s", out)
	}
	k := 0
	for d := 0; d <= interview+12; d++ {
		in := pipedGrades(&k, 600)
		if d == 4 {
			in = "s\n" + in // one card suspended early: the plan leaves it out
		}
		e.at(day(d), in, "review")
	}
	live := `NOT EXISTS (SELECT 1 FROM revlog u WHERE u.undoes = r.seq)`
	// Every card is introduced by D-7.
	if n := e.count(`SELECT count(*) FROM cards c WHERE c.suspended = 0 AND NOT EXISTS (SELECT 1 FROM revlog r
		WHERE r.card_id = c.id AND r.kind = 'review' AND r.day <= '` + day(interview-7) + `')`); n != 0 {
		t.Errorf("%d cards not introduced by D-7", n)
	}
	// Every answered, non-suspended card has a scheduling answer in the window.
	if n := e.count(`SELECT count(*) FROM cards c WHERE c.suspended = 0 AND c.due IS NOT NULL AND NOT EXISTS
		(SELECT 1 FROM revlog r WHERE r.card_id = c.id AND r.kind = 'review' AND ` + live + `
		AND r.day BETWEEN '` + day(interview-3) + `' AND '` + day(interview-1) + `')`); n != 0 {
		t.Errorf("%d answered cards have no scheduling answer in the window", n)
	}
	if n := e.count(`SELECT count(*) FROM cards WHERE suspended = 1`); n != 1 {
		t.Errorf("%d suspended cards, want 1", n)
	}
	// No window day carries more than 1.5 × the window's average.
	loads := strings.Fields(e.rows(`SELECT count(*) FROM revlog r WHERE r.kind = 'review' AND ` + live + `
		AND r.day BETWEEN '` + day(interview-3) + `' AND '` + day(interview-1) + `' GROUP BY r.day ORDER BY r.day`))
	if len(loads) != 3 {
		t.Fatalf("window loads %v, want 3 days", loads)
	}
	total, most := 0, 0
	for _, l := range loads {
		n, _ := strconv.Atoi(l)
		total += n
		most = max(most, n)
	}
	t.Logf("window loads %v", loads)
	if avg := float64(total) / 3; float64(most) > 1.5*avg {
		t.Errorf("window loads %v: the busiest day is over 1.5 × the average %.1f", loads, avg)
	}
	// The plan moved answers, and logged the day and why.
	if n := e.count(`SELECT count(*) FROM revlog WHERE planned_due IS NOT NULL AND plan_reason = 'window'
		AND planned_due = due_after AND planned_due BETWEEN '` + day(interview-3) + `' AND '` + day(interview-1) + `'`); n < 100 {
		t.Errorf("only %d answers moved into the window", n)
	}
	if n := e.count(`SELECT count(*) FROM revlog WHERE planned_due IS NOT NULL AND day >= '` + day(interview-3) + `'`); n != 0 {
		t.Errorf("%d answers inside the window or after it were moved", n)
	}
	// After D, intervals are the scheduler's again: due = day + interval,
	// and they reach past the old window.
	if n := e.count(`SELECT count(*) FROM revlog WHERE kind = 'review' AND day > '` + day(interview) + `'
		AND due_after <> date(day, '+' || interval_after || ' days')`); n != 0 {
		t.Errorf("%d answers after D have a due day other than day + interval", n)
	}
	if n := e.count(`SELECT max(interval_after) FROM revlog WHERE kind = 'review' AND day > '` + day(interview) + `'`); n < 10 {
		t.Errorf("the longest interval after D is %d days: still capped?", n)
	}
	// doctor agrees with the planned schedules.
	e.at(day(interview+12), "", "doctor")
	// The plan has ended; stats keeps a line for the interview.
	stats := e.at(day(interview+12), "", "stats")
	if !strings.Contains(stats, "Plan     Past interview "+day(interview)+": predicted recall on the day ") {
		t.Errorf("stats after D:\n%s", stats)
	}
}

// TestPlanRubricPrompts: with a company and rubric prompts in the plan,
// the plan suggests mocks; the final drill shows each rubric prompt once,
// whatever its coverage, and the other cards until graded 4.
func TestPlanRubricPrompts(t *testing.T) {
	e := planSim{newFaultEnv(t)}
	deck := e.write("prompts.md", "---\ndeck: Prompts\nid: prompts\nround: technical\n---\n## Basics\n"+
		basicCards(10)+"## Prompts\n"+
		"P: How would you evaluate a ranking change?\nK: Offline metrics\nK: An online test\nK: Guardrails\n\n"+
		"P: How would you launch an LLM feature?\nK: A quality bar\nK: Real traffic\nK: A staged rollout\n")
	e.at("2026-12-01", "", "import", deck)
	out := e.at("2026-12-01", "", "plan", "--interview", "2026-12-20", "--company", "acme")
	if !strings.Contains(out, "Mocks      1 × `aipm mock --company acme`, on 2026-12-18 (2 rubric prompts") {
		t.Errorf("plan screen without the mock line:\n%s", out)
	}
	// The final drill: all 12 cards are new (recall 0), in deck order. The
	// ten basic cards are graded 1 and come back; the two prompts hit one
	// key point of three (grade 2) and are shown once; the basic cards are
	// then graded 4.
	in := strings.Repeat("1\n", 12) + strings.Repeat("4\n", 10)
	stdout := e.at("2026-12-19", in, "review", "--final")
	if !strings.Contains(stdout, "Session: 12 cards drilled, 22 answers") {
		t.Errorf("final drill summary:\n%s", stdout)
	}
	if got := e.rows(`SELECT r.kind, r.grade, count(*) FROM revlog r JOIN cards c ON c.id = r.card_id
		WHERE c.kind = 'rubric' GROUP BY r.kind, r.grade`); got != "review | 2 | 2" {
		t.Errorf("rubric answers (kind | grade | count) = %q, want each answered once, 2", got)
	}
	if got := e.rows(`SELECT r.kind, count(*) FROM revlog r JOIN cards c ON c.id = r.card_id
		WHERE c.kind = 'basic' GROUP BY r.kind ORDER BY r.kind`); got != "final | 10\nreview | 10" {
		t.Errorf("basic answers (kind | count) = %q, want 10 reviews and 10 final re-drills", got)
	}
}

// basicCards is n Q:/A: cards.
func basicCards(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "Q: basic question %d\nA: answer %d\n", i, i)
	}
	return b.String()
}

// TestPlanShortRunway: 300 cards and the interview in two days. The plan
// still works: it asks for what it can (100 a day), warns and suggests
// --decks, says how many cards will not be seen, and shortens the window.
func TestPlanShortRunway(t *testing.T) {
	e := planSim{newFaultEnv(t)}
	e.at("2026-12-01", "", "import", simDeck(t, 6, 50))
	out := e.at("2026-12-01", "", "plan", "--interview", "2026-12-03")
	for _, want := range []string{
		"Interview 2026-12-03 · 2 days left",
		"New cards  at least 100 a day, every card introduced by 2026-12-01 (D-2)",
		"           Over 50 new cards a day: narrow the plan to the decks that matter\n",
		"`aipm plan --interview 2026-12-03 --decks ID,…`",
		"           100 cards will not be seen before the interview, even at 100 new\n",
		"Window     2026-12-02 to 2026-12-02 (1 day): every card answered before it is",
		"shortened from 3 days to\n           the days left",
		"  Tue 12-01    0 due 100 new",
		"  Wed 12-02    0 due 100 new",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan screen lacks %q:\n%s", want, out)
		}
	}
	// review takes the 100 (new_per_day is 5).
	stdout := e.at("2026-12-01", strings.Repeat("5\n", 150), "review")
	if !strings.Contains(stdout, "Session: 100 cards drilled") {
		t.Errorf("review on a short runway:\n%s", stdout)
	}
	// The day before the interview: no window is left to place into.
	out = e.at("2026-12-01", "", "plan", "--interview", "2026-12-02")
	if !strings.Contains(out, "Window     none: the plan was set the day before the interview") {
		t.Errorf("plan set the day before:\n%s", out)
	}
}

// TestPlanFits: the plan screen fits terminals from 40 to 200 columns.
func TestPlanFits(t *testing.T) {
	e := newStatsEnv(t)
	e.must("2026-12-01", "", "import", simDeck(t, 2, 30))
	e.must("2026-12-01", "", "plan", "--interview", "2026-12-09", "--decks", "sim", "--company", "a company with a long name")
	e.must("2026-12-01", strings.Repeat("4\n", 30), "review")
	for _, w := range []int{40, 60, 80, 120, 200} {
		out, errw, code := e.run("2026-12-02", "", w, "plan")
		if code != 0 {
			t.Fatalf("plan at %d columns: exit %d: %s", w, code, errw)
		}
		for i, l := range strings.Split(out, "\n") {
			if n := textWidth(l); n > w {
				t.Errorf("%d columns: line %d is %d wide: %q", w, i+1, n, l)
			}
		}
		if !strings.Contains(out, "Workload to the interview") || !strings.Contains(out, "Topic 0") {
			t.Errorf("%d columns: screen lacks its sections:\n%s", w, out)
		}
	}
}
