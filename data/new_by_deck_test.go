package data

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/aipmhq/aipm/srs"
)

// TestNewByDeckIsDecksNew: NewByDeck gives the New of Decks, for every deck
// that has new cards, in deck order, on a collection of three decks where
// answers made some cards no longer new.
func TestNewByDeckIsDecksNew(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "fixture.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.BuildFixture(ctx, FixtureOptions{Cards: 3 * FixtureDeckSize, Reviews: 6000, Seed: 3, Today: srs.Date(2026, 12, 1), Days: 100}); err != nil {
		t.Fatal(err)
	}
	decks, err := s.Decks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var want []DeckNew
	seen := 0
	for _, d := range decks {
		if d.New > 0 {
			want = append(want, DeckNew{d.ID, d.New})
		}
		if !d.Builtin && d.New < d.Cards {
			seen++
		}
	}
	if len(want) < 3 || seen < 1 {
		t.Fatalf("fixture: %d decks with new cards, %d with answered cards; want more", len(want), seen)
	}
	got, err := s.NewByDeck(ctx)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("NewByDeck = %v, %v; want %v", got, err, want)
	}
}
