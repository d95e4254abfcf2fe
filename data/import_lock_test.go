package data

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aipmhq/aipm/deck"
)

// An import plans before it takes the write lock: another process can
// answer a review and even import while the plan is made, and the import
// then re-plans against what that process wrote, so nothing is lost and no
// card is missed.
func TestImportPlansOutsideTheWriteLock(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "aipm.db")
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	v1 := "Q: What is recall?\nA: TP / (TP + FN)\n\nQ: What is precision?\nA: TP / (TP + FP)\n"
	impRun(t, s, impOpts(), impDeck(t, "m.md", v1))
	recall := impCard(t, s, "What is recall?").ID

	other, err := Open(ctx, path, Options{BusyTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	calls := 0
	var hookErr []error
	planned = func() {
		calls++
		if calls > 1 {
			return
		}
		// The other process answers a card and imports a new card into
		// the same deck while this import is planning.
		at := impDay.Time().Add(10 * time.Hour)
		if _, err := other.Record(ctx, Event{CardID: recall, Grade: 5, At: at, ShownAt: at, Day: impDay}); err != nil {
			hookErr = append(hookErr, err)
		}
		d := impDeck(t, "m.md", v1+"\nQ: Added meanwhile\nA: by the other process\n")
		if _, err := other.Import(ctx, []*deck.Deck{d}, impOpts()); err != nil {
			hookErr = append(hookErr, err)
		}
	}
	t.Cleanup(func() { planned = nil })

	v2 := strings.Replace(v1, "TP / (TP + FP)", "TP / (TP + FP): the share of flagged items that are right", 1)
	got := impRun(t, s, impOpts(), impDeck(t, "m.md", v2))
	planned = nil
	for _, err := range hookErr {
		t.Errorf("a write during the plan failed: %v", err)
	}
	if calls < 2 {
		t.Errorf("plan ran %d times; the import must re-plan when the cards changed after its plan", calls)
	}
	wantCounts(t, "import", got, counts{Updated: 1, Unchanged: 1, Orphaned: 1, Remaining: 1})
	if c := impCard(t, s, "Added meanwhile"); !c.Orphaned {
		t.Errorf("the card added meanwhile = %+v, want orphaned (it is not in this import's file)", c)
	}
	if c := impCard(t, s, "What is recall?"); c.ID != recall || c.State.Reps != 1 {
		t.Errorf("recall = %+v, want its answer from during the plan", c)
	}
	if n := impCount(t, s, "SELECT count(*) FROM revlog WHERE card_id = ?", recall); n != 1 {
		t.Errorf("recall has %d log rows, want 1", n)
	}
}
