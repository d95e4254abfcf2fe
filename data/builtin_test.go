package data

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/aipmhq/aipm/deck"
)

// Two versions of the built-in decks, as two binaries would carry them.
var (
	builtinV1 = fstest.MapFS{
		"01-lesson.md": {Data: []byte(`---
deck: Lesson
id: lesson
---

## Loops

Q: How many rounds does a typical AI PM loop have?
A: Five or six.

Q: What does the technical round ask?
A: How models behave in products.

Q: Which round do some labs add?
A: A safety round.

ID: l-weights
C: The product round weighs {{30%}} at one company.
`)},
		"02-extra.md": {Data: []byte("---\ndeck: Extra\nid: extra\n---\n\nQ: Gone in v2\nA: yes\n")},
	}
	builtinV2 = fstest.MapFS{
		"01-lesson.md": {Data: []byte(`---
deck: Lesson
id: lesson
---

## Loops

Q: How many rounds does a typical AI PM loop have?
A: Usually five or six, over one or two days.

Q: What does the technical round usually ask?
A: How models behave in products.

ID: l-weights
C: At one company the product round weighs {{30%}} of the decision.

Q: What does AI fluency mean?
A: Reasoning about probabilistic systems.
`)},
	}
)

func builtinDecks(t *testing.T, fsys fstest.MapFS) []*deck.Deck {
	t.Helper()
	ds, err := deck.ParseFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func TestSyncBuiltinUpdatesInPlace(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "aipm.db")
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	v1 := builtinDecks(t, builtinV1)
	sum, err := s.SyncBuiltin(ctx, v1, impOpts())
	if err != nil {
		t.Fatal(err)
	}
	wantCounts(t, "install", sum.Total(), counts{Added: 5})
	if h, _ := s.BuiltinState(ctx); h != BuiltinHash(v1) {
		t.Errorf("installed hash %q, want %q", h, BuiltinHash(v1))
	}
	s.Close()

	// Progress on the first version.
	s, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rounds := impCard(t, s, "How many rounds")
	tech := impCard(t, s, "What does the technical round")
	weights := impCard(t, s, "The product round weighs")
	for _, id := range []string{rounds.ID, tech.ID, weights.ID} {
		impGrade(t, s, id, 4, impDay)
		impGrade(t, s, id, 5, impDay.Add(1))
	}
	rounds, tech, weights = impCard(t, s, "How many rounds"), impCard(t, s, "What does the technical round"), impCard(t, s, "The product round weighs")
	safety := impCard(t, s, "Which round do some labs add?")
	gone := impCard(t, s, "Gone in v2")

	// The same binary again changes nothing.
	before := impDump(t, s)
	if sum, err := s.SyncBuiltin(ctx, v1, impOpts()); err != nil || len(sum.Decks) != 0 {
		t.Errorf("SyncBuiltin of the installed version = %+v, %v; want nothing done", sum, err)
	}

	// A newer binary: an edited back, a word added to a front, a pinned
	// cloze rewritten, a card dropped, a card added, a deck dropped.
	v2 := builtinDecks(t, builtinV2)
	sum, err = s.SyncBuiltin(ctx, v2, impOpts())
	if err != nil {
		t.Fatal(err)
	}
	wantCounts(t, "update", sum.Total(), counts{Added: 1, Updated: 3, Orphaned: 1, Remaining: 1})
	for _, want := range []Card{rounds, tech, weights} {
		got, err := s.Card(ctx, want.ID)
		if err != nil {
			t.Fatalf("card %s after the update: %v", want.ID, err)
		}
		if got.State != want.State || got.Due != want.Due || got.Orphaned {
			t.Errorf("card %s after the update: state %v due %s orphaned %v, want state %v due %s",
				want.ID, got.State, got.Due, got.Orphaned, want.State, want.Due)
		}
		if got.Front == want.Front && got.Back == want.Back {
			t.Errorf("card %s still has the old text %q / %q", want.ID, got.Front, got.Back)
		}
	}
	if c := impCard(t, s, "What does AI fluency mean?"); c.Orphaned || !c.New() {
		t.Errorf("added card = %+v, want a live new card", c)
	}
	for _, id := range []string{safety.ID, gone.ID} {
		if c, err := s.Card(ctx, id); err != nil || !c.Orphaned {
			t.Errorf("card %s = %+v, %v; want orphaned", id, c, err)
		}
	}
	if h, _ := s.BuiltinState(ctx); h != BuiltinHash(v2) {
		t.Errorf("hash after the update %q, want %q", h, BuiltinHash(v2))
	}
	es, _ := os.ReadDir(filepath.Join(dir, "backups"))
	if len(es) != 1 {
		t.Errorf("backups after the update: %d, want 1", len(es))
	}
	if after := impDump(t, s); len(after) != len(before)+1 {
		t.Errorf("%d rows after the update, want %d", len(after), len(before)+1)
	}

	// A user import counts only its own cards, and cannot take a built-in id.
	got := impRun(t, s, impOpts(), impDeck(t, "mine.md", "Q: Mine\nA: yes\n"))
	wantCounts(t, "user import", got, counts{Added: 1})
	_, err = s.Import(ctx, []*deck.Deck{impDeck(t, "notes/lesson.md", "Q: Mine\nA: yes\n")}, impOpts())
	if err == nil || !strings.Contains(err.Error(), `notes/lesson.md: deck id "lesson" is a built-in deck's`) {
		t.Errorf("import over a built-in deck: %v", err)
	}
}

func TestSyncBuiltinLeavesUserDeckAlone(t *testing.T) {
	ctx := context.Background()
	s := impStore(t)
	impRun(t, s, impOpts(), impDeck(t, "extra.md", "Q: My own extra card\nA: mine\n"))
	before := impDump(t, s)
	sum, err := s.SyncBuiltin(ctx, builtinDecks(t, builtinV1), impOpts())
	if err != nil {
		t.Fatal(err)
	}
	tot := sum.Total()
	if tot.Added != 4 || len(tot.Warnings) != 1 || !strings.Contains(tot.Warnings[0], `"extra"`) {
		t.Errorf("sync = %+v, warnings %q; want 4 added and a warning about extra", countsOf(tot), tot.Warnings)
	}
	rows := impDump(t, s)
	var extra []string
	for _, r := range rows {
		if strings.Contains(r, " extra ") {
			extra = append(extra, r)
		}
	}
	if len(extra) != 1 || extra[0] != before[0] {
		t.Errorf("the user's extra deck changed: %v, was %v", extra, before)
	}
}
