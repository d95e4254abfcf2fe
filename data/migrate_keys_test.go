package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/aipmhq/aipm/deck"
)

// key0001 is the matching key of the releases with schema 0001: the text
// was lower-cased, so "i" and "I" had one key and the second got "#2".
func key0001(deckID, kind, source string, group int) string {
	h := sha256.New()
	for _, part := range []string{deckID, kind, strings.ToLower(strings.Join(strings.Fields(source), " ")), strconv.Itoa(group)} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// vimV1 is the deck of testdata/v1-vim.db.
const vimV1 = `Q: i
A: insert before the cursor

Q: I
A: insert at the start of the line

Q: a
A: append after the cursor

Q: A
A: append at the end of the line

ID: vec
C: A vector has [magnitude], [one] origin and [direction].

C: Attention is [queries], [keys] and [values].
`

// testdata/v1-vim.db was written by the first release (schema 0001, keys
// of key0001) from vimV1: imported on 2026-11-01 and reviewed on twelve
// days through 2026-11-24, so that every card has history, "i" and "I" (and
// "a" and "A") have different states, and the first release's keys made
// "I" the "#2" of "i". TestMigrate0002KeepsHistory upgrades it and
// re-imports the deck with "i" and the middle cloze deletions removed:
// every card keeps its own log rows.
func TestMigrate0002KeepsHistory(t *testing.T) {
	ctx := context.Background()
	path := copyTestdata(t, "v1-vim.db")
	// What the first release stored, read before any migration.
	old := map[string]string{}    // id -> key
	states := map[string]string{} // id -> reps interval ef due
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := raw.Query("SELECT id, key, reps, interval, ef, coalesce(due, '') FROM cards")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, key, due string
		var reps, interval, ef int
		if err := rows.Scan(&id, &key, &reps, &interval, &ef, &due); err != nil {
			t.Fatal(err)
		}
		old[id], states[id] = key, fmt.Sprint(reps, interval, ef, due)
	}
	rows.Close()
	logs := logRows(t, raw)
	raw.Close()
	if len(old) != 10 || len(logs) != 10 {
		t.Fatalf("fixture has %d cards, %d with history; want 10 and 10", len(old), len(logs))
	}

	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatalf("Open with migration 0002: %v", err)
	}
	defer s.Close()
	ids := idsByFront(t, s)
	if want := key0001("vim", "basic", "i", 0); old[ids["i"]] != want {
		t.Fatalf("the fixture's key of i is %s, want the first release's %s", old[ids["i"]], want)
	}
	if old[ids["I"]] != old[ids["i"]]+"#2" {
		t.Fatalf("the 0001 keys of i and I are %s and %s; want the second to be the first's #2", old[ids["i"]], old[ids["I"]])
	}
	if states[ids["i"]] == states[ids["I"]] {
		t.Fatalf("i and I have the same state in the fixture (%s): the test could not tell them apart", states[ids["i"]])
	}
	stateOf := func(c Card) string { return fmt.Sprint(c.State.Reps, c.State.Interval, ef100(c.State.EF), c.Due) }
	for _, c := range mustCards(t, s) {
		if stateOf(c) != states[c.ID] {
			t.Errorf("card %s (%q): state %s after the migration, want %s", c.ID, c.Front, stateOf(c), states[c.ID])
		}
	}
	if v := userVersion(t, path); v != SchemaVersion() {
		t.Fatalf("user_version = %d, want %d", v, SchemaVersion())
	}
	for _, c := range mustCards(t, s) {
		if c.DeckID != "vim" {
			continue
		}
		if want := deck.MakeKey(c.DeckID, deck.Kind(c.Kind), c.Source, c.Group); c.Key != want {
			t.Errorf("card %s (%q): key %s after the migration, want %s", c.ID, c.Front, c.Key, want)
		}
	}
	// The unchanged deck matches every card by key.
	got := impRun(t, s, impOpts(), impDeck(t, "vim.md", vimV1))
	wantCounts(t, "unchanged after the migration", got, counts{Unchanged: 10})

	v2 := strings.Replace(vimV1, "Q: i\nA: insert before the cursor\n\n", "", 1)
	v2 = strings.Replace(v2, "[one]", "one", 1)
	v2 = strings.Replace(v2, "[keys]", "keys", 1)
	got = impRun(t, s, impOpts(), impDeck(t, "vim.md", v2))
	wantCounts(t, "i and two deletions removed", got, counts{Unchanged: 3, Updated: 4, Orphaned: 3, Remaining: 3})
	after := idsByFront(t, s)
	for f1, f2 := range map[string]string{
		"I": "I", "a": "a", "A": "A",
		"A vector has magnitude, one origin and […].": "A vector has magnitude, one origin and […].",
		"A vector has […], one origin and direction.": "A vector has […], one origin and direction.",
		"Attention is queries, keys and […].":         "Attention is queries, keys and […].",
	} {
		if after[f2] != ids[f1] {
			t.Errorf("%q has id %s, want %s (the id of %q)", f2, after[f2], ids[f1], f1)
		}
		if now, err := s.Card(ctx, ids[f1]); err != nil || stateOf(now) != states[ids[f1]] {
			t.Errorf("%q: state %s, want %s (%v)", f2, stateOf(now), states[ids[f1]], err)
		}
	}
	if after["A vector has magnitude, one origin and […]."] != "vec/c3" {
		t.Errorf("the pinned note's direction card is %s, want vec/c3", after["A vector has magnitude, one origin and […]."])
	}
	for _, f := range []string{"i", "A vector has magnitude, […] origin and direction.", "Attention is queries, […] and values."} {
		if c, err := s.Card(ctx, ids[f]); err != nil || !c.Orphaned {
			t.Errorf("%q: %+v, %v; want orphaned", f, c, err)
		}
	}
	if l := logByCard(t, s); !reflect.DeepEqual(l, logs) {
		t.Errorf("revlog after the re-import = %v, want %v", l, logs)
	}
}
