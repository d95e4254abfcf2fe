package data

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aipmhq/aipm/deck"
	"github.com/aipmhq/aipm/srs"
)

var impDay = srs.Date(2026, 12, 1)

func impStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "aipm.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func impDeck(t *testing.T, file, text string) *deck.Deck {
	t.Helper()
	d, err := deck.Parse(file, strings.NewReader(text))
	if err != nil {
		t.Fatalf("Parse(%s): %v", file, err)
	}
	return d
}

func impOpts() ImportOptions {
	return ImportOptions{At: impDay.Time().Add(9 * time.Hour), Day: impDay, Changes: true}
}

func impRun(t *testing.T, s *Store, opts ImportOptions, decks ...*deck.Deck) DeckSummary {
	t.Helper()
	sum, err := s.Import(context.Background(), decks, opts)
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	return sum.Total()
}

// counts is the summary's figures in one comparable value.
type counts struct{ Added, Restored, Updated, Moved, Unchanged, Orphaned, Remaining, Pruned int }

func countsOf(d DeckSummary) counts {
	return counts{d.Added, d.Restored, d.Updated, d.Moved, d.Unchanged, d.Orphaned, d.Remaining, d.Pruned}
}

func wantCounts(t *testing.T, what string, got DeckSummary, want counts) {
	t.Helper()
	if countsOf(got) != want {
		t.Errorf("%s: summary = %+v, want %+v\nchanges: %+v", what, countsOf(got), want, got.Changes)
	}
}

// impDump is every stored card row, states included, one line each.
func impDump(t *testing.T, s *Store) []string {
	t.Helper()
	rows, err := s.DB().Query(`SELECT id, deck_id, deck_ord, ord, key, kind, grp, topic, front, back, source, pin,
		file, line, reps, interval, ef, coalesce(due, '-'), lapses, suspended, coalesce(buried_until, '-'), orphaned
		FROM cards ORDER BY deck_ord, ord, id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		vals := make([]any, 22)
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%v", vals))
	}
	return out
}

func impCount(t *testing.T, s *Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// impCard finds the stored card whose front starts with prefix.
func impCard(t *testing.T, s *Store, prefix string) Card {
	t.Helper()
	cards, err := s.Cards(context.Background(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var found []Card
	for _, c := range cards {
		if strings.HasPrefix(c.Front, prefix) {
			found = append(found, c)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d cards start with %q, want 1", len(found), prefix)
	}
	return found[0]
}

func impGrade(t *testing.T, s *Store, id string, grade int, day srs.Day) {
	t.Helper()
	at := day.Time().Add(10 * time.Hour)
	if _, err := s.Record(context.Background(), Event{CardID: id, Grade: grade, At: at, ShownAt: at.Add(-5 * time.Second), Day: day}); err != nil {
		t.Fatalf("Record(%s): %v", id, err)
	}
}

const metricsV1 = `---
deck: Metrics
id: metrics
---

## Classification

Q: What is precision?
A: TP / (TP + FP).

Q: What is recall?
A: TP / (TP + FN).

R: F1 score
A: The harmonic mean of precision and recall.

C: Accuracy is {{c1::(TP + TN)}} over {{c2::all predictions}}.

## Ranking

What does NDCG discount?::Gains further down the ranking.

Q: What does MRR average?
A: The reciprocal rank of the first relevant result.
`

// metricsCards is how many cards metricsV1 holds: 2 + 2 (R:) + 2 (c1, c2) + 1 + 1.
const metricsCards = 8

func TestImportTwiceChangesNothing(t *testing.T) {
	s := impStore(t)
	got := impRun(t, s, impOpts(), impDeck(t, "metrics.md", metricsV1))
	wantCounts(t, "first import", got, counts{Added: metricsCards})
	for _, f := range []string{"What is precision?", "F1 score", "Accuracy is [", "What does NDCG"} {
		impGrade(t, s, impCard(t, s, f).ID, 4, impDay)
	}
	before := impDump(t, s)
	logBefore := impCount(t, s, "SELECT count(*) FROM revlog")

	got = impRun(t, s, impOpts(), impDeck(t, "metrics.md", metricsV1))
	wantCounts(t, "second import", got, counts{Unchanged: metricsCards})
	if len(got.Changes) != 0 {
		t.Errorf("second import: changes %+v, want none", got.Changes)
	}
	if after := impDump(t, s); !reflect.DeepEqual(after, before) {
		t.Errorf("second import changed rows:\nbefore %v\nafter  %v", before, after)
	}
	if n := impCount(t, s, "SELECT count(*) FROM revlog"); n != logBefore {
		t.Errorf("revlog rows = %d, want %d", n, logBefore)
	}
}

func TestImportEditBackKeepsSchedule(t *testing.T) {
	s := impStore(t)
	impRun(t, s, impOpts(), impDeck(t, "metrics.md", metricsV1))
	c := impCard(t, s, "What is recall?")
	impGrade(t, s, c.ID, 5, impDay)
	impGrade(t, s, c.ID, 4, impDay.Add(1))
	c = impCard(t, s, "What is recall?")

	edited := strings.Replace(metricsV1, "A: TP / (TP + FN).", "A: TP / (TP + FN): the share of real positives found.", 1)
	got := impRun(t, s, impOpts(), impDeck(t, "metrics.md", edited))
	wantCounts(t, "back edited", got, counts{Updated: 1, Unchanged: metricsCards - 1})
	after := impCard(t, s, "What is recall?")
	if after.ID != c.ID || after.State != c.State || after.Due != c.Due || after.Key != c.Key {
		t.Errorf("after a back edit: id %s state %v due %s key %s, want id %s state %v due %s key %s",
			after.ID, after.State, after.Due, after.Key, c.ID, c.State, c.Due, c.Key)
	}
	if after.Back != "TP / (TP + FN): the share of real positives found." {
		t.Errorf("back = %q, want the edited back", after.Back)
	}
	if len(got.Changes) != 1 || got.Changes[0].Action != "updated" || got.Changes[0].CardID != c.ID {
		t.Errorf("changes = %+v, want one update of %s", got.Changes, c.ID)
	}
}

func TestImportFrontEditKeepsScheduleBySimilarity(t *testing.T) {
	s := impStore(t)
	impRun(t, s, impOpts(), impDeck(t, "metrics.md", metricsV1))
	c := impCard(t, s, "What is precision?")
	impGrade(t, s, c.ID, 4, impDay)
	c = impCard(t, s, "What is precision?")

	// Two words more: similarity 1 - 10/28 ≈ 0.64.
	edited := strings.Replace(metricsV1, "Q: What is precision?", "Q: What is the model precision?", 1)
	if sim := Similarity([]rune("what is precision?"), []rune("what is the model precision?")); sim < minSimilarity {
		t.Fatalf("test edit has similarity %.2f; it must reach %.1f", sim, minSimilarity)
	}
	got := impRun(t, s, impOpts(), impDeck(t, "metrics.md", edited))
	wantCounts(t, "front edited", got, counts{Updated: 1, Unchanged: metricsCards - 1})
	after := impCard(t, s, "What is the model precision")
	if after.ID != c.ID || after.State != c.State || after.Due != c.Due {
		t.Errorf("after a front edit: id %s state %v due %q, want id %s state %v due %q", after.ID, after.State, after.Due, c.ID, c.State, c.Due)
	}
	if after.Key == c.Key || after.Key != deck.MakeKey("metrics", deck.Basic, "What is the model precision?", 0) {
		t.Errorf("key = %s, want the new text's key (old %s)", after.Key, c.Key)
	}

	// A rewrite is a new card; the old one is orphaned with its history.
	rewritten := strings.Replace(edited, "Q: What is the model precision?", "Q: Of the items flagged positive, which share is right?", 1)
	got = impRun(t, s, impOpts(), impDeck(t, "metrics.md", rewritten))
	wantCounts(t, "front rewritten", got, counts{Added: 1, Unchanged: metricsCards - 1, Orphaned: 1, Remaining: 1})
	old, err := s.Card(context.Background(), c.ID)
	if err != nil || !old.Orphaned || old.State != c.State {
		t.Errorf("rewritten card's old row: %+v, %v; want orphaned with its state", old, err)
	}
}

func TestImportSimilarityPicksBestOfNearest(t *testing.T) {
	s := impStore(t)
	v1 := "Q: What is the recall of the spam model?\nA: 0.6\n\nQ: What is the precision of the spam model?\nA: 0.9\n"
	impRun(t, s, impOpts(), impDeck(t, "spam.md", v1))
	recall := impCard(t, s, "What is the recall").ID
	precision := impCard(t, s, "What is the precision").ID
	// Both fronts change; each must find its own old card, not the first
	// one that clears 0.6.
	v2 := "Q: What is the precision of the spam model today?\nA: 0.9\n\nQ: What is the recall of the spam model today?\nA: 0.6\n"
	got := impRun(t, s, impOpts(), impDeck(t, "spam.md", v2))
	if got.Added != 0 || got.Orphaned != 0 || got.Updated != 2 {
		t.Errorf("summary %+v, want 2 updated and nothing added or orphaned", countsOf(got))
	}
	if id := impCard(t, s, "What is the recall").ID; id != recall {
		t.Errorf("recall card id = %s, want %s", id, recall)
	}
	if id := impCard(t, s, "What is the precision").ID; id != precision {
		t.Errorf("precision card id = %s, want %s", id, precision)
	}
}

func TestImportOrphanAndRestore(t *testing.T) {
	s := impStore(t)
	ctx := context.Background()
	impRun(t, s, impOpts(), impDeck(t, "metrics.md", metricsV1))
	c := impCard(t, s, "What does MRR average?")
	impGrade(t, s, c.ID, 4, impDay)
	impGrade(t, s, c.ID, 5, impDay.Add(1))
	c = impCard(t, s, "What does MRR average?")

	removed := strings.Replace(metricsV1, "Q: What does MRR average?\nA: The reciprocal rank of the first relevant result.\n", "", 1)
	got := impRun(t, s, impOpts(), impDeck(t, "metrics.md", removed))
	wantCounts(t, "card removed", got, counts{Unchanged: metricsCards - 1, Orphaned: 1, Remaining: 1})
	if len(got.Changes) != 1 || got.Changes[0] != (Change{Action: "orphaned", CardID: c.ID, Front: c.Front}) {
		t.Errorf("changes = %+v, want the orphaning of %s", got.Changes, c.ID)
	}
	orphan, err := s.Card(ctx, c.ID)
	if err != nil || !orphan.Orphaned || orphan.State != c.State || orphan.Due != c.Due {
		t.Fatalf("orphan = %+v, %v; want orphaned, state kept", orphan, err)
	}
	if n := impCount(t, s, "SELECT count(*) FROM revlog WHERE card_id = ?", c.ID); n != 2 {
		t.Errorf("orphan's log rows = %d, want 2", n)
	}
	// It leaves review: not due on its due day, not new.
	due, err := s.Due(ctx, impDay.Add(30), Filter{}, 1000)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := s.NewCards(ctx, impDay.Add(30), Filter{}, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range append(due, fresh...) {
		if id == c.ID {
			t.Errorf("orphan %s is still in review", id)
		}
	}
	// A later import does not orphan it again.
	got = impRun(t, s, impOpts(), impDeck(t, "metrics.md", removed))
	wantCounts(t, "again without it", got, counts{Unchanged: metricsCards - 1, Remaining: 1})

	got = impRun(t, s, impOpts(), impDeck(t, "metrics.md", metricsV1))
	wantCounts(t, "card back", got, counts{Added: 1, Restored: 1, Unchanged: metricsCards - 1})
	back, err := s.Card(ctx, c.ID)
	if err != nil || back.Orphaned || back.State != c.State || back.Due != c.Due {
		t.Errorf("restored card = %+v, %v; want it live with its state", back, err)
	}
	due, err = s.Due(ctx, impDay.Add(30), Filter{}, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if !contains(due, c.ID) {
		t.Errorf("restored card %s is not due on day +30: %v", c.ID, due)
	}
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func TestImportPrune(t *testing.T) {
	s := impStore(t)
	impRun(t, s, impOpts(), impDeck(t, "metrics.md", metricsV1))
	c := impCard(t, s, "What is recall?")
	impGrade(t, s, c.ID, 4, impDay)
	impGrade(t, s, c.ID, 4, impDay.Add(1))
	c = impCard(t, s, "What is recall?")

	removed := strings.Replace(metricsV1, "Q: What is recall?\nA: TP / (TP + FN).\n", "", 1)
	impRun(t, s, impOpts(), impDeck(t, "metrics.md", removed))
	opts := impOpts()
	opts.Prune = true
	opts.Day = impDay.Add(2)
	got := impRun(t, s, opts, impDeck(t, "metrics.md", removed))
	wantCounts(t, "prune", got, counts{Unchanged: metricsCards - 1, Pruned: 1})
	if _, err := s.Card(context.Background(), c.ID); !errors.As(err, new(*NotFoundError)) {
		t.Errorf("pruned card: err %v, want not found", err)
	}
	rows, err := s.DB().Query("SELECT kind, day, reps_before, interval_before, ef_before, due_before, reps_after FROM revlog WHERE card_id = ? ORDER BY seq", c.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var log []string
	for rows.Next() {
		var kind, day string
		var reps, ivl, ef, repsAfter int
		var due *string
		if err := rows.Scan(&kind, &day, &reps, &ivl, &ef, &due, &repsAfter); err != nil {
			t.Fatal(err)
		}
		d := "NULL"
		if due != nil {
			d = *due
		}
		log = append(log, fmt.Sprintf("%s %s %d %d %d %s %d", kind, day, reps, ivl, ef, d, repsAfter))
	}
	want := []string{
		"review 2026-12-01 0 0 250 NULL 1",
		"review 2026-12-02 1 1 250 2026-12-02 2",
		fmt.Sprintf("prune 2026-12-03 2 6 %d %s 0", int(c.State.EF*100+0.5), c.Due),
	}
	if !reflect.DeepEqual(log, want) {
		t.Errorf("log of the pruned card:\n%s\nwant\n%s", strings.Join(log, "\n"), strings.Join(want, "\n"))
	}

	// Pruning a card that leaves in the same import: orphaned and pruned.
	gone := strings.Replace(removed, "What does NDCG discount?::Gains further down the ranking.\n", "", 1)
	got = impRun(t, s, opts, impDeck(t, "metrics.md", gone))
	wantCounts(t, "leave and prune", got, counts{Unchanged: metricsCards - 2, Orphaned: 1, Pruned: 1})
	if n := impCount(t, s, "SELECT count(*) FROM cards WHERE deck_id = 'metrics'"); n != metricsCards-2 {
		t.Errorf("cards left = %d, want %d", n, metricsCards-2)
	}
}

func TestImportMoves(t *testing.T) {
	s := impStore(t)
	impRun(t, s, impOpts(), impDeck(t, "metrics.md", metricsV1))
	before := impDump(t, s)

	// A card at the top moves nothing else.
	top := strings.Replace(metricsV1, "## Classification\n", "## Classification\n\nQ: What is a confusion matrix?\nA: Counts of TP, FP, FN and TN.\n", 1)
	got := impRun(t, s, impOpts(), impDeck(t, "metrics.md", top))
	wantCounts(t, "card inserted at the top", got, counts{Added: 1, Unchanged: metricsCards})

	// One card moved to the end of its section: one move.
	moved := strings.Replace(top, "Q: What is precision?\nA: TP / (TP + FP).\n\n", "", 1)
	moved = strings.Replace(moved, "C: Accuracy", "Q: What is precision?\nA: TP / (TP + FP).\n\nC: Accuracy", 1)
	got = impRun(t, s, impOpts(), impDeck(t, "metrics.md", moved))
	wantCounts(t, "card moved", got, counts{Moved: 1, Unchanged: metricsCards})
	if len(got.Changes) != 1 || !strings.HasPrefix(got.Changes[0].Front, "What is precision?") {
		t.Errorf("changes = %+v, want the precision card moved", got.Changes)
	}

	// A new topic alone is a move.
	retopic := strings.Replace(moved, "## Ranking", "## Ranking metrics", 1)
	got = impRun(t, s, impOpts(), impDeck(t, "metrics.md", retopic))
	wantCounts(t, "topic renamed", got, counts{Moved: 2, Unchanged: metricsCards - 1})

	// A new file path and new lines alone are unchanged (and stored).
	got = impRun(t, s, impOpts(), impDeck(t, "decks/renamed.md", strings.Replace(retopic, "---\n\n", "---\n\n\n\n", 1)))
	wantCounts(t, "file renamed", got, counts{Unchanged: metricsCards + 1})
	c := impCard(t, s, "What does MRR average?")
	if c.File != "decks/renamed.md" {
		t.Errorf("file = %q, want decks/renamed.md", c.File)
	}
	if len(before) != metricsCards {
		t.Fatalf("first import stored %d cards", len(before))
	}
}

func TestImportDryRunWritesNothing(t *testing.T) {
	s := impStore(t)
	ctx := context.Background()
	impRun(t, s, impOpts(), impDeck(t, "metrics.md", metricsV1))
	impGrade(t, s, impCard(t, s, "What is recall?").ID, 4, impDay)
	edited := strings.Replace(metricsV1, "A: TP / (TP + FP).", "A: TP over TP + FP.", 1)
	edited = strings.Replace(edited, "Q: What is recall?\nA: TP / (TP + FN).\n", "", 1)
	edited += "\nQ: Define mean average precision over a set of queries.\nA: The mean over queries of their average precision.\n"
	other := impDeck(t, "other.md", "Q: One\nA: 1\n")

	path := s.Path()
	hash := func() [2][32]byte {
		a, _ := os.ReadFile(path)
		b, _ := os.ReadFile(path + "-wal")
		return [2][32]byte{sha256.Sum256(a), sha256.Sum256(b)}
	}
	rows, h := impDump(t, s), hash()
	opts := impOpts()
	opts.DryRun, opts.Prune = true, true
	dry, err := s.Import(ctx, []*deck.Deck{impDeck(t, "metrics.md", edited), other}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(impDump(t, s), rows) || hash() != h {
		t.Errorf("a dry run changed the database")
	}
	if n := impCount(t, s, "SELECT count(*) FROM decks"); n != 1 {
		t.Errorf("decks = %d after a dry run, want 1", n)
	}
	wantCounts(t, "dry run", dry.Total(), counts{Added: 2, Updated: 1, Unchanged: metricsCards - 2, Orphaned: 1, Pruned: 1})

	opts.DryRun = false
	real, err := s.Import(ctx, []*deck.Deck{impDeck(t, "metrics.md", edited), other}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(dry, real) {
		t.Errorf("dry run reported\n%+v\nthe import did\n%+v", dry, real)
	}

	// A dry run without a database: every card is added.
	empty, err := PlanEmpty(ctx, []*deck.Deck{impDeck(t, "metrics.md", metricsV1)}, impOpts())
	if err != nil {
		t.Fatal(err)
	}
	wantCounts(t, "PlanEmpty", empty.Total(), counts{Added: metricsCards})
}

func TestImportSameDeckIDTwice(t *testing.T) {
	s := impStore(t)
	a := impDeck(t, "a/metrics.md", "Q: A\nA: a\n")
	b := impDeck(t, "b/metrics.md", "Q: B\nA: b\n")
	_, err := s.Import(context.Background(), []*deck.Deck{a, b}, impOpts())
	var de *DuplicateDeckError
	if !errors.As(err, &de) || !strings.Contains(err.Error(), "a/metrics.md") || !strings.Contains(err.Error(), "b/metrics.md") {
		t.Fatalf("Import of two metrics decks: %v, want an error naming both files", err)
	}
	if n := impCount(t, s, "SELECT count(*) FROM cards"); n != 0 {
		t.Errorf("%d cards written, want none", n)
	}
}

func TestImportPins(t *testing.T) {
	ctx := context.Background()
	s := impStore(t)
	v1 := "ID: pr\nR: Precision\nA: TP / (TP + FP)\n\nID: acc\nC: Accuracy is {{c1::(TP + TN)}} over {{c2::all}}.\n\nQ: Plain\nA: card\n"
	impRun(t, s, impOpts(), impDeck(t, "pins.md", v1))
	var ids []string
	for _, c := range mustCards(t, s) {
		ids = append(ids, c.ID+" "+c.Kind.String())
	}
	plain := deck.MakeKey("pins", deck.Basic, "Plain", 0)
	want := []string{"pr basic", "pr/r reverse", "acc cloze", "acc/c2 cloze", plain + " basic"}
	if !reflect.DeepEqual(ids, want) {
		t.Fatalf("ids = %v, want %v", ids, want)
	}
	impGrade(t, s, "pr/r", 4, impDay)

	// A pinned note keeps its ids through any rewrite.
	v2 := "ID: pr\nR: Share of flagged items that are right\nA: precision\n\nID: acc\nC: Correct predictions {{c1::(TP + TN)}} divided by {{c2::all predictions}}.\n\nQ: Plain\nA: card\n"
	got := impRun(t, s, impOpts(), impDeck(t, "pins.md", v2))
	wantCounts(t, "pinned rewrite", got, counts{Updated: 4, Unchanged: 1})
	if c, err := s.Card(ctx, "pr/r"); err != nil || c.Front != "precision" || c.State.Reps != 1 {
		t.Errorf("pr/r = %+v, %v; want the new text and its rep", c, err)
	}

	// Pinning a card that had no pin keeps its id.
	v3 := strings.Replace(v2, "Q: Plain", "ID: plain\nQ: Plain", 1)
	got = impRun(t, s, impOpts(), impDeck(t, "pins.md", v3))
	wantCounts(t, "pin added", got, counts{Unchanged: 5})
	if c, err := s.Card(ctx, plain); err != nil || c.Pin != "plain" {
		t.Errorf("card %s = %+v, %v; want pin plain on the old id", plain, c, err)
	}
	// ...and from then on the pin finds it whatever the text.
	v4 := strings.Replace(v3, "Q: Plain\nA: card", "Q: Something else entirely\nA: card", 1)
	got = impRun(t, s, impOpts(), impDeck(t, "pins.md", v4))
	wantCounts(t, "pinned by its stored pin", got, counts{Updated: 1, Unchanged: 4})
	if c, err := s.Card(ctx, plain); err != nil || c.Front != "Something else entirely" {
		t.Errorf("card %s = %+v, %v", plain, c, err)
	}

	// One pin in two files of one import.
	a := impDeck(t, "a.md", "ID: same\nQ: A\nA: a\n")
	b := impDeck(t, "b.md", "ID: same\nQ: B\nA: b\n")
	if _, err := s.Import(ctx, []*deck.Deck{a, b}, impOpts()); err == nil || !strings.Contains(err.Error(), "b.md:2") || !strings.Contains(err.Error(), "a.md:2") {
		t.Errorf("duplicate pin: %v, want an error naming a.md:2 and b.md:2", err)
	}
	// A pin that another deck's card has.
	c := impDeck(t, "c.md", "Q: A\nA: a\n\nID: pr\nQ: B\nA: b\n")
	_, err := s.Import(ctx, []*deck.Deck{c}, impOpts())
	if err == nil || !strings.Contains(err.Error(), `c.md:5: ID pr already belongs to a card of deck "pins"`) {
		t.Errorf("pin of another deck: %v", err)
	}
	if n := impCount(t, s, "SELECT count(*) FROM decks WHERE id = 'c'"); n != 0 {
		t.Errorf("the failed import wrote deck c")
	}
	// A pin whose derived id is an existing card's id.
	d := impDeck(t, "pins.md", v4+"\nID: pr/r\nQ: Clash\nA: x\n")
	if _, err := s.Import(ctx, []*deck.Deck{d}, impOpts()); err == nil || !strings.Contains(err.Error(), `pins.md:`) || !strings.Contains(err.Error(), `"pr/r"`) {
		t.Errorf("pin clash: %v, want an error naming the pin and the file", err)
	}
}

func mustCards(t *testing.T, s *Store) []Card {
	t.Helper()
	cards, err := s.Cards(context.Background(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return cards
}

func TestImportIDCollision(t *testing.T) {
	s := impStore(t)
	impRun(t, s, impOpts(), impDeck(t, "d.md", "Q: What is drift?\nA: Change over time.\n"))
	old := impCard(t, s, "What is drift?")
	if old.ID != old.Key {
		t.Fatalf("first id %s != key %s", old.ID, old.Key)
	}
	// The card's front grows (same id, new key); then a new card takes the
	// old front, whose key is that id.
	impRun(t, s, impOpts(), impDeck(t, "d.md", "Q: What is data drift?\nA: Change over time.\n"))
	got := impRun(t, s, impOpts(), impDeck(t, "d.md", "Q: What is data drift?\nA: Change over time.\n\nQ: What is drift?\nA: Any change.\n"))
	wantCounts(t, "collision", got, counts{Added: 1, Unchanged: 1})
	if c := impCard(t, s, "What is data drift?"); c.ID != old.ID {
		t.Errorf("edited card id = %s, want %s", c.ID, old.ID)
	}
	if c := impCard(t, s, "What is drift?"); c.ID != old.ID+"-2" || c.Key != old.Key {
		t.Errorf("new card id %s key %s, want id %s-2 and key %s", c.ID, c.Key, old.ID, old.Key)
	}
}

func TestImportReverseIsDistinct(t *testing.T) {
	s := impStore(t)
	impRun(t, s, impOpts(), impDeck(t, "r.md", "R: RAG\nA: Retrieval-augmented generation\n\nQ: RAG\nA: Retrieval-augmented generation\n"))
	cards := mustCards(t, s)
	if len(cards) != 3 {
		t.Fatalf("%d cards, want 3", len(cards))
	}
	fwd, rev, dup := cards[0], cards[1], cards[2]
	if rev.Kind != "reverse" || rev.Front != "Retrieval-augmented generation" || rev.ID != fwd.ID+"/r" || rev.Key == fwd.Key {
		t.Errorf("reverse card %+v of forward %+v", rev, fwd)
	}
	// The Q: card repeats the R: card's forward card: its key gets #2.
	if dup.Key != fwd.Key+"#2" || dup.ID != dup.Key {
		t.Errorf("repeated card id %s key %s, want key %s#2", dup.ID, dup.Key, fwd.Key)
	}
	impGrade(t, s, rev.ID, 4, impDay)
	// Dropping the R: to a Q: orphans only the reverse card.
	got := impRun(t, s, impOpts(), impDeck(t, "r.md", "Q: RAG\nA: Retrieval-augmented generation\n\nQ: RAG\nA: Retrieval-augmented generation\n"))
	wantCounts(t, "R: to Q:", got, counts{Unchanged: 2, Orphaned: 1, Remaining: 1})
	if c, err := s.Card(context.Background(), rev.ID); err != nil || !c.Orphaned {
		t.Errorf("reverse card: %+v, %v; want orphaned", c, err)
	}
}

func TestImportAnkiGUID(t *testing.T) {
	s := impStore(t)
	parse := func(text string) *deck.Deck {
		ds, err := deck.ParseAnki("vocab.tsv", strings.NewReader(text))
		if err != nil || len(ds) != 1 {
			t.Fatalf("ParseAnki: %v (%d decks)", err, len(ds))
		}
		return ds[0]
	}
	v1 := "#separator:tab\n#html:false\n#guid column:3\nRunway\tMonths of cash left\tg-1\nBurn\tCash spent a month\tg-2\n"
	impRun(t, s, impOpts(), parse(v1))
	if c := impCard(t, s, "Runway"); c.ID != "g-1" || c.Pin != "g-1" {
		t.Fatalf("card = %+v, want id and pin g-1", c)
	}
	impGrade(t, s, "g-1", 4, impDay)
	// A new front under the same guid is the same card; the old front under
	// a new guid is a new card (another note in Anki).
	v2 := "#separator:tab\n#html:false\n#guid column:3\nCash runway\tMonths of cash left\tg-1\nBurn\tCash spent a month\tg-3\n"
	got := impRun(t, s, impOpts(), parse(v2))
	wantCounts(t, "guid", got, counts{Added: 1, Updated: 1, Orphaned: 1, Remaining: 1})
	if c := impCard(t, s, "Cash runway"); c.ID != "g-1" || c.State.Reps != 1 {
		t.Errorf("renamed row: %+v, want g-1 with its rep", c)
	}
	if c, err := s.Card(context.Background(), "g-2"); err != nil || !c.Orphaned {
		t.Errorf("g-2: %+v, %v; want orphaned", c, err)
	}
}

func TestImportBatchIsOneTransaction(t *testing.T) {
	s := impStore(t)
	impRun(t, s, impOpts(), impDeck(t, "owner.md", "ID: taken\nQ: A\nA: a\n"))
	before := impDump(t, s)
	good := impDeck(t, "good.md", "Q: B\nA: b\n")
	bad := impDeck(t, "bad.md", "ID: taken\nQ: C\nA: c\n")
	if _, err := s.Import(context.Background(), []*deck.Deck{good, bad}, impOpts()); err == nil || !strings.HasPrefix(err.Error(), "bad.md:2: ") {
		t.Fatalf("Import: %v, want an error at bad.md:2", err)
	}
	if after := impDump(t, s); !reflect.DeepEqual(after, before) {
		t.Errorf("a failed batch wrote cards: %v", after)
	}
}

func TestImportNoCardsImportsNothing(t *testing.T) {
	s := impStore(t)
	impRun(t, s, impOpts(), impDeck(t, "metrics.md", metricsV1))
	empty := impDeck(t, "metrics.md", "---\nid: metrics\n---\nJust prose now.\n")
	got := impRun(t, s, impOpts(), empty)
	wantCounts(t, "no cards", got, counts{})
	if len(got.Warnings) != 1 || !strings.Contains(got.Warnings[0], "no cards") {
		t.Errorf("warnings = %q, want the no-cards warning", got.Warnings)
	}
	if n := impCount(t, s, "SELECT count(*) FROM cards WHERE orphaned = 0"); n != metricsCards {
		t.Errorf("live cards = %d, want %d: an empty file must not orphan a deck", n, metricsCards)
	}
	got = impRun(t, s, impOpts(), impDeck(t, "new.md", "nothing here\n"))
	if n := impCount(t, s, "SELECT count(*) FROM decks WHERE id = 'new'"); n != 0 || len(got.Warnings) != 1 {
		t.Errorf("a file with no cards made deck new (%d) or no warning (%q)", n, got.Warnings)
	}
}

func TestImportBackupAndProgress(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "aipm.db")
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(context.Background(), path, Options{}) // not created by this Open
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	backups := func() int {
		es, _ := os.ReadDir(filepath.Join(dir, "backups"))
		return len(es)
	}
	var calls [][2]int
	opts := impOpts()
	opts.Backup = true
	opts.Progress = func(done, total int) { calls = append(calls, [2]int{done, total}) }
	impRun(t, s, opts, impDeck(t, "metrics.md", metricsV1))
	if backups() != 1 {
		t.Errorf("backups after a changing import = %d, want 1", backups())
	}
	if len(calls) == 0 || calls[len(calls)-1] != [2]int{metricsCards, metricsCards} {
		t.Errorf("progress calls %v, want a last call (%d, %d)", calls, metricsCards, metricsCards)
	}
	calls = nil
	impRun(t, s, opts, impDeck(t, "metrics.md", metricsV1))
	if backups() != 1 {
		t.Errorf("backups after an import that changes nothing = %d, want still 1", backups())
	}
	if len(calls) != 0 {
		t.Errorf("progress calls %v for an import that writes nothing", calls)
	}
	// The backup holds the database as it was before the import: no cards.
	es, _ := os.ReadDir(filepath.Join(dir, "backups"))
	b, err := Open(context.Background(), filepath.Join(dir, "backups", es[0].Name()), Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if n := impCount(t, b, "SELECT count(*) FROM cards"); n != 0 {
		t.Errorf("backup holds %d cards, want 0", n)
	}
}

func TestLevenshteinMax(t *testing.T) {
	naive := func(a, b []rune) int {
		prev := make([]int, len(b)+1)
		for j := range prev {
			prev[j] = j
		}
		for i := 1; i <= len(a); i++ {
			cur := make([]int, len(b)+1)
			cur[0] = i
			for j := 1; j <= len(b); j++ {
				cost := 1
				if a[i-1] == b[j-1] {
					cost = 0
				}
				cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			}
			prev = cur
		}
		return prev[len(b)]
	}
	r := rand.New(rand.NewPCG(1, 2))
	word := func() []rune {
		n := r.IntN(12)
		out := make([]rune, n)
		for i := range out {
			out[i] = []rune("abcé ")[r.IntN(5)]
		}
		return out
	}
	for range 5000 {
		a, b := word(), word()
		limit := r.IntN(8)
		want := naive(a, b)
		got := levenshteinMax(a, b, limit)
		if want <= limit && got != want || want > limit && got != limit+1 {
			t.Fatalf("levenshteinMax(%q, %q, %d) = %d, want %d (distance %d)", string(a), string(b), limit, got, min(want, limit+1), want)
		}
	}
	for _, tc := range []struct {
		a, b string
		want float64
	}{
		{"", "", 1},
		{"abc", "abc", 1},
		{"abc", "", 0},
		{"what is precision?", "what is model precision?", 1 - 6.0/24},
		{"kitten", "sitting", 1 - 3.0/7},
	} {
		if got := Similarity([]rune(tc.a), []rune(tc.b)); got != tc.want {
			t.Errorf("Similarity(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestPinnedIDAndNoteBase(t *testing.T) {
	for _, tc := range []struct {
		kind  deck.Kind
		group int
		id    string
	}{
		{deck.Basic, 0, "p"},
		{deck.Reverse, 0, "p/r"},
		{deck.Cloze, 1, "p"},
		{deck.Cloze, 3, "p/c3"},
	} {
		if got := PinnedID("p", tc.kind, tc.group); got != tc.id {
			t.Errorf("PinnedID(p, %s, %d) = %q, want %q", tc.kind, tc.group, got, tc.id)
		}
		if b, ok := NoteBase(tc.id, tc.kind, tc.group); !ok || b != "p" {
			t.Errorf("NoteBase(%q, %s, %d) = %q, %v; want p", tc.id, tc.kind, tc.group, b, ok)
		}
	}
	if b, ok := NoteBase("abc", deck.Reverse, 0); ok {
		t.Errorf("NoteBase(abc, reverse) = %q, true; want false", b)
	}
}

// bigImportDeck is an n-card markdown deck generated in memory.
func bigImportDeck(n int) []byte {
	var b bytes.Buffer
	b.WriteString("---\ndeck: Big\nid: big\n---\n")
	for i := 0; i < n; i++ {
		if i%100 == 0 {
			fmt.Fprintf(&b, "\n## Topic %d\n", i/100)
		}
		fmt.Fprintf(&b, "\nQ: What does card number %d of the big deck ask?\nA: Answer %d, with %s.\n", i, i, strings.Repeat("detail ", i%7))
	}
	return b.Bytes()
}

// BenchmarkReimport100k re-imports a 100,000-card deck with one card in
// ten edited (back, or a word added to the front) into a database that
// holds its first version.
func BenchmarkReimport100k(b *testing.B) {
	const n = 100_000
	v1 := bigImportDeck(n)
	v2 := bytes.ReplaceAll(v1, []byte("0 of the big deck ask?"), []byte("0 of the big test deck ask?"))
	ctx := context.Background()
	d1, err := deck.Parse("big.md", bytes.NewReader(v1))
	if err != nil {
		b.Fatal(err)
	}
	d2, err := deck.Parse("big.md", bytes.NewReader(v2))
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		b.StopTimer()
		i++
		s, err := Open(ctx, filepath.Join(dir, fmt.Sprintf("re-%d.db", i)), Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Import(ctx, []*deck.Deck{d1}, ImportOptions{At: impDay.Time(), Day: impDay}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sum, err := s.Import(ctx, []*deck.Deck{d2}, ImportOptions{At: impDay.Time(), Day: impDay})
		if err != nil || sum.Total().Updated != n/10 || sum.Total().Added != 0 {
			b.Fatalf("Import: %v %+v", err, countsOf(sum.Total()))
		}
		b.StopTimer()
		s.Close()
		removeDB(s.Path())
		b.StartTimer()
	}
}
