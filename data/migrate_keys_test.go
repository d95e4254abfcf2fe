package data

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
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

// TestMigrate0002KeepsHistory builds a database as the 0001 releases wrote
// it (schema 0001, keys of key0001), with history on cards that differ only
// in case, upgrades it, and re-imports the deck with "i" and the middle
// cloze deletions removed: every card keeps its own log rows.
func TestMigrate0002KeepsHistory(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "aipm.db")
	all := migrations
	migrations = all[:1]
	t.Cleanup(func() { migrations = all })
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	impRun(t, s, impOpts(), impDeck(t, "vim.md", vimV1))
	// Today's release keyed the cards with key0001, numbering repeats in
	// file order.
	rows, err := s.DB().Query("SELECT id, deck_id, kind, source, grp FROM cards ORDER BY deck_id, ord")
	if err != nil {
		t.Fatal(err)
	}
	old := map[string]string{}
	seen := map[string]int{}
	for rows.Next() {
		var id, d, kind, src string
		var grp int
		if err := rows.Scan(&id, &d, &kind, &src, &grp); err != nil {
			t.Fatal(err)
		}
		k := key0001(d, kind, src, grp)
		if seen[k]++; seen[k] > 1 {
			k += "#" + strconv.Itoa(seen[k])
		}
		old[id] = k
	}
	rows.Close()
	for id, k := range old {
		if _, err := s.DB().Exec("UPDATE cards SET key = ? WHERE id = ?", k, id); err != nil {
			t.Fatal(err)
		}
	}
	ids := idsByFront(t, s)
	if old[ids["I"]] != old[ids["i"]]+"#2" {
		t.Fatalf("the 0001 keys of i and I are %s and %s; want the second to be the first's #2", old[ids["i"]], old[ids["I"]])
	}
	grades := map[string]int{"i": 1, "I": 5, "a": 2, "A": 4,
		"A vector has magnitude, one origin and […].": 5, "A vector has magnitude, […] origin and direction.": 0,
		"Attention is queries, keys and […].": 3, "Attention is queries, […] and values.": 1}
	for f, g := range grades {
		if ids[f] == "" {
			t.Fatalf("no card %q in %v", f, ids)
		}
		impGrade(t, s, ids[f], g, impDay)
	}
	states := map[string]Card{}
	for _, c := range mustCards(t, s) {
		states[c.ID] = c
	}
	logs := logByCard(t, s)
	s.Close()

	migrations = all
	s, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatalf("Open with migration 0002: %v", err)
	}
	defer s.Close()
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
		if c := states[ids[f1]]; c.ID != "" {
			if now, err := s.Card(ctx, ids[f1]); err != nil || now.State != c.State || now.Due != c.Due {
				t.Errorf("%q: state %+v due %s, want %+v due %s (%v)", f2, now.State, now.Due, c.State, c.Due, err)
			}
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
