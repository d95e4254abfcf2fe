package data

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aipmhq/aipm/deck"
)

// TestPlanNewFirstMixes: with new_order: mix, the new cards of a plan
// narrowed to some decks come first and in turn across those decks, as
// Store.Plan takes them, and the other decks' cards follow.
func TestPlanNewFirstMixes(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "aipm.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var decks []*deck.Deck
	for _, id := range []string{"a", "b", "c"} {
		src := "---\ndeck: " + id + "\nid: " + id + "\n---\n## T\nQ: " + id + "1\nA: x\n\nQ: " + id + "2\nA: x\n"
		d, err := deck.Parse(id+".md", strings.NewReader(src))
		if err != nil {
			t.Fatal(err)
		}
		decks = append(decks, d)
	}
	if _, err := s.Import(ctx, decks, ImportOptions{At: t0, Day: day0}); err != nil {
		t.Fatal(err)
	}
	s.SetNewOrder(true)
	p := testPlan(30)
	p.Decks = []string{"a", "c"}
	var got []string
	for e, err := range s.PlanNewFirst(ctx, p, day0, Filter{}) {
		if err != nil {
			t.Fatal(err)
		}
		var d string
		if err := s.db.QueryRowContext(ctx, "SELECT deck_id FROM cards WHERE id = ?", e.ID).Scan(&d); err != nil {
			t.Fatal(err)
		}
		if d == "a" || d == "b" || d == "c" {
			got = append(got, d)
		}
	}
	if strings.Join(got, " ") != "a c a c b b" {
		t.Errorf("new cards by deck = %v, want a c a c b b (the plan's decks first, in turn)", got)
	}
}
