package data

import (
	"context"
	"hash/maphash"
	"testing"

	"github.com/aipmhq/aipm/deck"
)

// TestImportGivenIDsExact gives a card the id that an earlier card of the
// same import took (a pin equal to a later card's key), with the real hash
// and with one under which every id clashes: the ids are the same.
func TestImportGivenIDsExact(t *testing.T) {
	key := deck.MakeKey("d", deck.Basic, "What is drift?", 0)
	text := "ID: " + key + "\nQ: What is bias?\nA: A lean.\n\nQ: What is drift?\nA: Change.\n\n" +
		"Q: What is drift?\nA: Again.\n"
	run := func() map[string]string {
		s := impStore(t)
		impRun(t, s, impOpts(), impDeck(t, "d.md", text), impDeck(t, "e.md", "Q: What is drift?\nA: Other deck.\n"))
		got := map[string]string{}
		rows, err := s.db.QueryContext(context.Background(), "SELECT id, deck_id || ':' || front || ':' || back FROM cards WHERE deck_id IN ('d', 'e')")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var id, what string
			if err := rows.Scan(&id, &what); err != nil {
				t.Fatal(err)
			}
			got[what] = id
		}
		return got
	}
	real := run()
	if real["d:What is bias?:A lean."] != key || real["d:What is drift?:Change."] != key+"-2" {
		t.Fatalf("ids = %v; want the pinned card %s and the card with that key %s-2", real, key, key)
	}
	if len(real) != 4 {
		t.Fatalf("ids = %v, want 4 cards", real)
	}
	defer func(h func(maphash.Seed, string) uint64) { idHash = h }(idHash)
	idHash = func(maphash.Seed, string) uint64 { return 7 }
	clashing := run()
	for what, id := range real {
		if clashing[what] != id {
			t.Errorf("%s: id %q when all hashes clash, %q otherwise", what, clashing[what], id)
		}
	}
}
