package data

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aipmhq/aipm/deck"
	"github.com/aipmhq/aipm/srs"
)

const rubricSrc = `---
deck: Prompts
id: prompts
round: technical
---
## Evaluation

P: How would you decide whether this LLM feature is ready for production?
K: A quality bar tied to the harm of a wrong answer
K: An eval set drawn from real traffic
K: A comparison with the current baseline
K: A staged rollout with a rollback plan
A: Start from the harm.

P: How would you red-team a support bot?
Round: safety
K: Prompt injection
K: Harmful output
`

func importSrc(t *testing.T, s *Store, src string) DeckSummary {
	t.Helper()
	d, err := deck.Parse("prompts.md", strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	sum, err := s.Import(context.Background(), []*deck.Deck{d}, ImportOptions{At: t0, Day: day0})
	if err != nil {
		t.Fatal(err)
	}
	return sum.Total()
}

func openRubric(t *testing.T) (*Store, []Card) {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "aipm.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	importSrc(t, s, rubricSrc)
	cards, err := s.Cards(context.Background(), Filter{Deck: "prompts"})
	if err != nil || len(cards) != 2 {
		t.Fatalf("cards = %+v, %v", cards, err)
	}
	return s, cards
}

func TestRubricStoredAndAnswered(t *testing.T) {
	ctx := context.Background()
	s, cards := openRubric(t)
	c := cards[0]
	if c.Kind != deck.Rubric || c.Round != "technical" || len(c.KeyPoints) != 4 || c.Back != "Start from the harm." ||
		c.KeyPoints[3] != "A staged rollout with a rollback plan" || cards[1].Round != "safety" {
		t.Fatalf("stored = %+v", c)
	}
	cov, _ := srs.NewCoverage([]int{1, 3, 4}, 4)
	ev := Event{CardID: c.ID, Grade: int(cov.Grade()), At: t0, ShownAt: t0, Day: day0, Duration: 3 * time.Minute,
		Coverage: &cov, Text: "I would set a bar\nthen test."}
	a, err := s.Record(ctx, ev)
	if err != nil || a.Kind != srs.LogReview || a.Due != "2026-12-02" {
		t.Fatalf("answer = %+v, %v", a, err)
	}
	var hit, text string
	var total, ms int
	s.DB().QueryRow("SELECT points_hit, points_total, answer_text, duration_ms FROM revlog WHERE seq = ?", a.Seq).Scan(&hit, &total, &text, &ms)
	if hit != "[1,3,4]" || total != 4 || text != ev.Text || ms != 180000 {
		t.Errorf("logged %s of %d, %q, %d ms", hit, total, text, ms)
	}
	// Wrong grade, wrong count, or no coverage: refused.
	bad := ev
	bad.Grade = 5
	if _, err := s.Record(ctx, bad); err == nil || !strings.Contains(err.Error(), "earn grade 4, not 5") {
		t.Errorf("wrong grade: %v", err)
	}
	bad = ev
	bad.Coverage = &srs.Coverage{Hit: []int{1}, Total: 3}
	if _, err := s.Record(ctx, bad); err == nil || !strings.Contains(err.Error(), "has 4 key points, not 3") {
		t.Errorf("wrong count: %v", err)
	}
	bad = ev
	bad.Coverage = nil
	if _, err := s.Record(ctx, bad); err == nil || !strings.Contains(err.Error(), "needs the key points") {
		t.Errorf("no coverage: %v", err)
	}
	// Stats: readiness per round and the point missed.
	st, err := s.Stats(ctx, StatsQuery{Day: day0})
	if err != nil {
		t.Fatal(err)
	}
	r := st.Rounds
	if tech := r.Readiness[1]; tech.Round != "technical" || tech.Prompts != 1 || tech.Practised != 1 || *tech.Coverage != 0.75 {
		t.Errorf("technical = %+v", tech)
	}
	if safe := r.Readiness[6]; safe.Round != "safety" || safe.Prompts != 1 || safe.Practised != 0 || safe.Coverage != nil {
		t.Errorf("safety = %+v", safe)
	}
	if len(r.Missed) != 1 || r.Missed[0].Point != 2 || r.Missed[0].Text != "An eval set drawn from real traffic" || r.Missed[0].Missed != 1 {
		t.Errorf("missed = %+v", r.Missed)
	}
	// Undo: the card is new again; the rounds forget the answer.
	u, err := s.Undo(ctx, a.Seq, t0.Add(time.Minute), day0)
	if err != nil || u.Due != "" {
		t.Fatalf("undo = %+v, %v", u, err)
	}
	st, _ = s.Stats(ctx, StatsQuery{Day: day0})
	if tech := st.Rounds.Readiness[1]; tech.Practised != 0 || len(st.Rounds.Missed) != 0 {
		t.Errorf("after undo: %+v, %+v", tech, st.Rounds.Missed)
	}
}

// Editing, adding or removing key points, changing the model answer or
// the round, and rewording the prompt a little keep the card's id and log.
func TestRubricEditsKeepHistory(t *testing.T) {
	ctx := context.Background()
	s, cards := openRubric(t)
	cov, _ := srs.NewCoverage([]int{1}, 4)
	if _, err := s.Record(ctx, Event{CardID: cards[0].ID, Grade: int(cov.Grade()), At: t0, Day: day0, Coverage: &cov}); err != nil {
		t.Fatal(err)
	}
	edited := strings.NewReplacer(
		"K: A comparison with the current baseline\n", "K: A comparison with the current baseline or fallback\nK: Latency and cost per request\n",
		"K: An eval set drawn from real traffic\n", "",
		"A: Start from the harm.", "A: Start from the harm of a wrong answer.",
		"Round: safety", "Round: technical",
		"How would you red-team a support bot?", "How would you red-team a customer support bot?",
	).Replace(rubricSrc)
	sum := importSrc(t, s, edited)
	if sum.Added != 0 || sum.Updated != 2 {
		t.Errorf("summary = %+v", sum)
	}
	after, _ := s.Cards(ctx, Filter{Deck: "prompts"})
	if len(after) != 2 || after[0].ID != cards[0].ID || after[1].ID != cards[1].ID {
		t.Fatalf("ids %v → %v", []string{cards[0].ID, cards[1].ID}, []string{after[0].ID, after[1].ID})
	}
	if !slices.Equal(after[0].KeyPoints, []string{"A quality bar tied to the harm of a wrong answer",
		"A comparison with the current baseline or fallback", "Latency and cost per request", "A staged rollout with a rollback plan"}) ||
		after[1].Round != "technical" || after[0].Due != "2026-12-02" || after[0].Back != "Start from the harm of a wrong answer." {
		t.Errorf("after = %+v", after)
	}
	// The answer was given against 4 points; the card now has 4 too but
	// other ones: the stats count it, by number, as the rule says.
	sum = importSrc(t, s, edited)
	if sum.Unchanged != 2 {
		t.Errorf("re-import of the same text = %+v", sum)
	}
}

func TestMockAnswersScheduleNothing(t *testing.T) {
	ctx := context.Background()
	s, cards := openRubric(t)
	id, err := s.StartMock(ctx, Mock{Company: "google", At: t0, Day: day0, Minutes: 30, PerAnswer: 5, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	cov, _ := srs.NewCoverage([]int{1, 2}, 2)
	a, err := s.Record(ctx, Event{CardID: cards[1].ID, Grade: 5, At: t0, Day: day0, Coverage: &cov, Mock: id})
	if err != nil || a.Kind != srs.LogMock || a.Due != "" {
		t.Fatalf("mock answer = %+v, %v", a, err)
	}
	c, _ := s.Card(ctx, cards[1].ID)
	if !c.New() || c.State.Reps != 0 {
		t.Errorf("card after a mock answer = %+v", c)
	}
	ms, err := s.Mocks(ctx, "google")
	if err != nil || len(ms) != 1 || ms[0].Answers != 1 || *ms[0].Coverage != 1 || ms[0].Day != "2026-12-01" {
		t.Errorf("mocks = %+v, %v", ms, err)
	}
	rc, _ := s.RubricCards(ctx, day0, Filter{})
	if len(rc) != 2 || rc[0].Today || !rc[1].Today || rc[1].Round != "safety" || rc[0].Points != 4 {
		t.Errorf("rubric cards = %+v", rc)
	}
	st, _ := s.Stats(ctx, StatsQuery{Day: day0})
	if safe := st.Rounds.Readiness[6]; safe.Practised != 1 || *safe.Coverage != 1 || len(st.Rounds.Mocks) != 1 {
		t.Errorf("a mock answer feeds the rounds: %+v %+v", safe, st.Rounds.Mocks)
	}
	if _, err := s.Undo(ctx, a.Seq, t0, day0); err != nil {
		t.Errorf("undo of a mock answer: %v", err)
	}
}

// A dry run opens the database read-only, so an older aipm's file is
// planned against as it is, without the rubric columns of migration 0005.
func TestDryRunOnOlderSchema(t *testing.T) {
	ctx := context.Background()
	path := copyTestdata(t, "v1-vim.db")
	s, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, err := deck.Parse("vim.md", strings.NewReader(vimV1))
	if err != nil {
		t.Fatal(err)
	}
	sum, err := s.Import(ctx, []*deck.Deck{d}, ImportOptions{DryRun: true, At: t0, Day: day0})
	if err != nil {
		t.Fatalf("dry run on a schema-1 file: %v", err)
	}
	if tot := sum.Total(); tot.Added != 0 || tot.Unchanged+tot.Updated+tot.Moved != len(d.Cards) {
		t.Errorf("dry run = %+v", tot)
	}
}
