package data

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/aipmhq/aipm/deck"
)

// logByCard is every revlog row's seq, by card id.
func logByCard(t *testing.T, s *Store) map[string][]int {
	t.Helper()
	return logRows(t, s.DB())
}

// logRows is logByCard on any database handle, such as a file of an older
// schema that a Store would migrate.
func logRows(t *testing.T, db *sql.DB) map[string][]int {
	t.Helper()
	rows, err := db.Query("SELECT card_id, seq FROM revlog ORDER BY seq")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][]int{}
	for rows.Next() {
		var id string
		var seq int
		if err := rows.Scan(&id, &seq); err != nil {
			t.Fatal(err)
		}
		out[id] = append(out[id], seq)
	}
	return out
}

// idsByFront is the stored live cards' ids by front.
func idsByFront(t *testing.T, s *Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, c := range mustCards(t, s) {
		if !c.Orphaned {
			out[c.Front] = c.ID
		}
	}
	return out
}

func changeLines(d DeckSummary) []string {
	var out []string
	for _, c := range d.Changes {
		out = append(out, c.Action+" "+c.Front)
	}
	sort.Strings(out)
	return out
}

// The vim deck: "i" and "I" are two commands, so two cards, and deleting
// one must not hand its history to the other.
func TestImportCaseIsIdentity(t *testing.T) {
	s := impStore(t)
	v1 := "Q: i\nA: insert before the cursor\n\nQ: I\nA: insert at the line start\n\nQ: a\nA: append\n"
	impRun(t, s, impOpts(), impDeck(t, "vim.md", v1))
	ids := idsByFront(t, s)
	if len(ids) != 3 || ids["i"] == ids["I"] {
		t.Fatalf("ids = %v, want three distinct cards", ids)
	}
	impGrade(t, s, ids["i"], 2, impDay)
	impGrade(t, s, ids["I"], 5, impDay)
	iBig := impCard(t, s, "I")

	v2 := strings.Replace(v1, "Q: i\nA: insert before the cursor\n\n", "", 1)
	got := impRun(t, s, impOpts(), impDeck(t, "vim.md", v2))
	wantCounts(t, "i deleted", got, counts{Unchanged: 2, Orphaned: 1, Remaining: 1})
	if want := []string{"orphaned i"}; !reflect.DeepEqual(changeLines(got), want) {
		t.Errorf("changes = %v, want %v", changeLines(got), want)
	}
	after := impCard(t, s, "I")
	if after.ID != iBig.ID || after.State != iBig.State {
		t.Errorf("I after the import: id %s state %+v, want id %s state %+v", after.ID, after.State, iBig.ID, iBig.State)
	}
	old, err := s.Card(context.Background(), ids["i"])
	if err != nil || !old.Orphaned || old.Front != "i" {
		t.Errorf("i's row = %+v, %v; want it orphaned with its own text", old, err)
	}
}

func TestMakeKeyCaseSensitive(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b string
		same bool
	}{
		{"case differs", "i", "I", false},
		{"word case differs", "What is AUC?", "what is auc?", false},
		{"white space folds", "  What is\n\tAUC? ", "What is AUC?", true},
		{"identical", "A", "A", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ka, kb := deck.MakeKey("d", deck.Basic, tc.a, 0), deck.MakeKey("d", deck.Basic, tc.b, 0)
			if (ka == kb) != tc.same {
				t.Errorf("MakeKey(%q) = %s, MakeKey(%q) = %s; same = %v, want %v", tc.a, ka, tc.b, kb, ka == kb, tc.same)
			}
		})
	}
}

// Removing the middle deletion of a cloze orphans that deletion only: the
// third keeps its own id and history.
func TestImportClozeMiddleDeletionRemoved(t *testing.T) {
	s := impStore(t)
	v1 := "C: A vector has [magnitude], [one] origin and [direction].\n"
	impRun(t, s, impOpts(), impDeck(t, "vec.md", v1))
	ids := idsByFront(t, s)
	mag := ids["A vector has […], one origin and direction."]
	one := ids["A vector has magnitude, […] origin and direction."]
	dir := ids["A vector has magnitude, one origin and […]."]
	if mag == "" || one == "" || dir == "" {
		t.Fatalf("ids = %v", ids)
	}
	impGrade(t, s, mag, 5, impDay)
	impGrade(t, s, one, 1, impDay)
	impGrade(t, s, dir, 4, impDay)
	logs := logByCard(t, s)

	v2 := "C: A vector has [magnitude], one origin and [direction].\n"
	got := impRun(t, s, impOpts(), impDeck(t, "vec.md", v2))
	wantCounts(t, "middle deletion removed", got, counts{Updated: 2, Orphaned: 1, Remaining: 1})
	after := idsByFront(t, s)
	if after["A vector has […], one origin and direction."] != mag {
		t.Errorf("magnitude's card has id %s, want %s", after["A vector has […], one origin and direction."], mag)
	}
	if after["A vector has magnitude, one origin and […]."] != dir {
		t.Errorf("direction's card has id %s, want %s (one's id is %s)", after["A vector has magnitude, one origin and […]."], dir, one)
	}
	if c, err := s.Card(context.Background(), one); err != nil || !c.Orphaned {
		t.Errorf("one's card = %+v, %v; want it orphaned", c, err)
	}
	if l := logByCard(t, s); !reflect.DeepEqual(l, logs) {
		t.Errorf("revlog = %v, want %v", l, logs)
	}
}

// An explicit cN is its group's identity; an edited unnumbered deletion
// keeps its card by similarity.
func TestImportClozeIdentity(t *testing.T) {
	for _, tc := range []struct {
		name     string
		v1, v2   string
		keep     map[string]string // front in v1 → front in v2 that must have its id
		orphaned []string          // fronts of v1 whose cards are orphaned
	}{
		{
			name: "numbered: renumbered text keeps cN",
			v1:   "C: {{c1::Precision}} over {{c2::recall}} over {{c3::F1}}.\n",
			v2:   "C: {{c1::Precision}} over {{c3::F1}}.\n",
			keep: map[string]string{
				"[…] over recall over F1.":        "[…] over F1.",
				"Precision over recall over […].": "Precision over […].",
			},
			orphaned: []string{"Precision over […] over F1."},
		},
		{
			name: "unnumbered: first deletion removed",
			v1:   "C: [alpha] then [beta] then [gamma].\n",
			v2:   "C: alpha then [beta] then [gamma].\n",
			keep: map[string]string{
				"alpha then […] then gamma.": "alpha then […] then gamma.",
				"alpha then beta then […].":  "alpha then beta then […].",
			},
			orphaned: []string{"[…] then beta then gamma."},
		},
		{
			name: "unnumbered: a deletion edited",
			v1:   "C: The loss is [cross-entropy] and the output is [softmax].\n",
			v2:   "C: The loss is [cross entropy] and the output is [softmax].\n",
			keep: map[string]string{
				"The loss is […] and the output is softmax.":       "The loss is […] and the output is softmax.",
				"The loss is cross-entropy and the output is […].": "The loss is cross entropy and the output is […].",
			},
		},
		{
			name: "unnumbered: a deletion inserted first",
			v1:   "C: Train on [data] with [labels].\n",
			v2:   "C: [Train] on [data] with [labels].\n",
			keep: map[string]string{
				"Train on […] with labels.": "Train on […] with labels.",
				"Train on data with […].":   "Train on data with […].",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := impStore(t)
			impRun(t, s, impOpts(), impDeck(t, "c.md", tc.v1))
			before := idsByFront(t, s)
			for f := range before {
				impGrade(t, s, before[f], 4, impDay)
			}
			impRun(t, s, impOpts(), impDeck(t, "c.md", tc.v2))
			after := idsByFront(t, s)
			for f1, f2 := range tc.keep {
				if before[f1] == "" || after[f2] != before[f1] {
					t.Errorf("%q: id %q after, want %q (the id of %q)\nbefore %v\nafter %v", f2, after[f2], before[f1], f1, before, after)
				}
			}
			for _, f := range tc.orphaned {
				if c, err := s.Card(context.Background(), before[f]); err != nil || !c.Orphaned {
					t.Errorf("%q: %+v, %v; want orphaned", f, c, err)
				}
			}
		})
	}
}

// writeDeck writes text to dir/name and parses it.
func writeDeck(t *testing.T, dir, name, text string) *deck.Deck {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	ds, err := deck.ParseFile(path)
	if err != nil || len(ds) != 1 {
		t.Fatalf("ParseFile(%s) = %d decks, %v", path, len(ds), err)
	}
	return ds[0]
}

const hydeDeck = "# HyDE\n\nQ: What does HyDE embed?\nA: A hypothetical answer.\n\nQ: Who writes the answer?\nA: An LLM.\n\nQ: Why?\nA: Answers sit nearer answers.\n"

// A renamed deck file is the same deck: its cards keep their ids and
// history, and the old deck is gone.
func TestImportRenamedDeck(t *testing.T) {
	ctx := context.Background()
	s := impStore(t)
	dir := t.TempDir()
	impRun(t, s, impOpts(), writeDeck(t, dir, "hyde.md", hydeDeck))
	before := idsByFront(t, s)
	impGrade(t, s, before["What does HyDE embed?"], 4, impDay)
	logs := logByCard(t, s)
	if err := os.Remove(filepath.Join(dir, "hyde.md")); err != nil {
		t.Fatal(err)
	}
	renamed := writeDeck(t, dir, "hyde-notes.md", hydeDeck+"\nQ: New one\nA: yes\n")

	opts := impOpts()
	opts.DryRun = true
	sum, err := s.Import(ctx, []*deck.Deck{renamed}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Decks) != 1 || sum.Decks[0].RenamedFrom != "hyde" || sum.Decks[0].New {
		t.Fatalf("dry run: %+v, want deck hyde-notes renamed from hyde", sum.Decks)
	}
	wantCounts(t, "dry run", sum.Total(), counts{Added: 1, Unchanged: 3})

	sum, err = s.Import(ctx, []*deck.Deck{renamed}, impOpts())
	if err != nil {
		t.Fatal(err)
	}
	if sum.Decks[0].RenamedFrom != "hyde" || sum.Decks[0].ID != "hyde-notes" {
		t.Errorf("import: %+v, want hyde-notes renamed from hyde", sum.Decks[0])
	}
	wantCounts(t, "renamed", sum.Total(), counts{Added: 1, Unchanged: 3})
	decks, err := s.Decks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range decks {
		if !d.Builtin {
			names = append(names, d.ID)
		}
	}
	if !reflect.DeepEqual(names, []string{"hyde-notes"}) {
		t.Errorf("user decks = %v, want [hyde-notes]", names)
	}
	after := idsByFront(t, s)
	for f, id := range before {
		if after[f] != id {
			t.Errorf("%q: id %s after the rename, want %s", f, after[f], id)
		}
	}
	if l := logByCard(t, s); !reflect.DeepEqual(l, logs) {
		t.Errorf("revlog = %v, want %v", l, logs)
	}
	// Importing it again is a no-op: the rename is done.
	again := impRun(t, s, impOpts(), writeDeck(t, dir, "hyde-notes.md", hydeDeck+"\nQ: New one\nA: yes\n"))
	wantCounts(t, "again", again, counts{Unchanged: 4})
}

// A copy is not a rename: both files exist, so both decks stay.
func TestImportCopiedDeckIsNotMerged(t *testing.T) {
	s := impStore(t)
	dir := t.TempDir()
	impRun(t, s, impOpts(), writeDeck(t, dir, "hyde.md", hydeDeck))
	before := idsByFront(t, s)
	sum, err := s.Import(context.Background(), []*deck.Deck{writeDeck(t, dir, "hyde-notes.md", hydeDeck)}, impOpts())
	if err != nil {
		t.Fatal(err)
	}
	if d := sum.Decks[0]; d.RenamedFrom != "" || !d.New || d.Added != 3 {
		t.Errorf("copy: %+v, want a new deck of 3 cards", d)
	}
	for _, c := range mustCards(t, s) {
		if c.DeckID == "hyde" && before[c.Front] != c.ID {
			t.Errorf("hyde's card %q changed id to %s", c.Front, c.ID)
		}
	}
	if n := impCount(t, s, "SELECT count(*) FROM cards WHERE deck_id IN ('hyde', 'hyde-notes')"); n != 6 {
		t.Errorf("%d cards, want 6", n)
	}
}

// A pinned cloze note keeps its ids by group identity; a deletion added
// after one was removed takes the next free <pin>/cN.
func TestImportPinnedClozeIdentity(t *testing.T) {
	s := impStore(t)
	impRun(t, s, impOpts(), impDeck(t, "p.md", "ID: vec\nC: A vector has [magnitude], [one] origin and [direction].\n"))
	impGrade(t, s, "vec/c3", 5, impDay)
	logs := logByCard(t, s)
	got := impRun(t, s, impOpts(), impDeck(t, "p.md", "ID: vec\nC: A vector has [magnitude], one origin and [direction].\n"))
	wantCounts(t, "middle removed", got, counts{Updated: 2, Orphaned: 1, Remaining: 1})
	if after := idsByFront(t, s); after["A vector has magnitude, one origin and […]."] != "vec/c3" {
		t.Errorf("direction's card = %v, want vec/c3", after)
	}
	got = impRun(t, s, impOpts(), impDeck(t, "p.md", "ID: vec\nC: A vector has [magnitude], one origin, [direction] and [length].\n"))
	wantCounts(t, "one added", got, counts{Added: 1, Updated: 2, Remaining: 1})
	after := idsByFront(t, s)
	want := map[string]string{
		"A vector has […], one origin, direction and length.":    "vec",
		"A vector has magnitude, one origin, […] and length.":    "vec/c3",
		"A vector has magnitude, one origin, direction and […].": "vec/c4",
	}
	if !reflect.DeepEqual(after, want) {
		t.Errorf("ids = %v, want %v", after, want)
	}
	if l := logByCard(t, s); !reflect.DeepEqual(l, logs) {
		t.Errorf("revlog = %v, want %v", l, logs)
	}
}

// Similarity ignores case, so an edited "I" is as like the old "i" as the
// old "I": the tie goes to the card that is closer with case kept.
func TestImportSimilarityTieKeepsCase(t *testing.T) {
	s := impStore(t)
	v1 := "Q: What does I do in normal mode?\nA: insert at line start\n\nQ: What does i do in normal mode?\nA: insert\n"
	impRun(t, s, impOpts(), impDeck(t, "vim.md", v1))
	ids := idsByFront(t, s)
	v2 := "Q: What does i do in normal mode?!\nA: insert\n"
	got := impRun(t, s, impOpts(), impDeck(t, "vim.md", v2))
	wantCounts(t, "I deleted, i edited", got, counts{Updated: 1, Orphaned: 1, Remaining: 1})
	if after := idsByFront(t, s); after["What does i do in normal mode?!"] != ids["What does i do in normal mode?"] {
		t.Errorf("edited i has id %s, want i's %s (I's is %s)", after["What does i do in normal mode?!"],
			ids["What does i do in normal mode?"], ids["What does I do in normal mode?"])
	}
}

// TestImportPinnedFormChange: an author who keeps a card's ID: line while
// rewriting the card in another form keeps its history. A pinned Q:/A:
// card that becomes a cloze hands it to the cloze's first card (the one
// that gets the pinned id); a cloze whose unnumbered deletions get cN
// numbers keeps each deletion's history by its text, and the next
// renumbering by number. (The built-in decks' rework did both.)
func TestImportPinnedFormChange(t *testing.T) {
	s := impStore(t)
	v1 := "ID: jobs\nQ: Which PM jobs carry over?\nA: The user, the scope and success.\n\n" +
		"ID: w\nC: The course estimates {{40% or more}} for {{technical depth and safety}}.\n"
	impRun(t, s, impOpts(), impDeck(t, "form.md", v1))
	impGrade(t, s, "jobs", 5, impDay)
	impGrade(t, s, "w", 1, impDay)
	impGrade(t, s, "w/c2", 4, impDay)
	logs := logByCard(t, s)

	v2 := "ID: jobs\nC: Jobs that carry over: {{c1::the user}}, {{c2::the scope}} and {{c3::success}}.\n\n" +
		"ID: w\nC: The course estimates {{c2::technical depth and safety}} at {{c1::40% or more}}.\n"
	got := impRun(t, s, impOpts(), impDeck(t, "form.md", v2))
	wantCounts(t, "form changed under the same pins", got, counts{Added: 2, Updated: 3})
	after := idsByFront(t, s)
	for front, id := range map[string]string{
		"Jobs that carry over: […], the scope and success.":       "jobs",
		"The course estimates technical depth and safety at […].": "w",
		"The course estimates […] at 40% or more.":                "w/c2",
		"Jobs that carry over: the user, […] and success.":        "jobs/c2",
		"Jobs that carry over: the user, the scope and […].":      "jobs/c3",
	} {
		if after[front] != id {
			t.Errorf("%q has id %q, want %q", front, after[front], id)
		}
	}
	if l := logByCard(t, s); !reflect.DeepEqual(l, logs) {
		t.Errorf("revlog = %v, want %v", l, logs)
	}
	c, err := s.Card(context.Background(), "w")
	if err != nil || c.Orphaned || c.Lapses != 0 || c.Due == "" {
		t.Errorf("card w after the renumbering = %+v, %v; want its schedule kept", c, err)
	}
}
