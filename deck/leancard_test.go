package deck

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// parseBothWays parses src as the file name.md both ways, and fails t
// unless the lean cards are the full ones without their texts.
func parseBothWays(t *testing.T, name, src string) (full, lean *Deck) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name+".md")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	fs, err := ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ls, err := ParseFileWith(path, Options{Lean: true})
	if err != nil {
		t.Fatal(err)
	}
	full, lean = fs[0], ls[0]
	if lean.Cards != nil || lean.Len() != len(full.Cards) || !reflect.DeepEqual(lean.Warnings, full.Warnings) {
		t.Fatalf("lean: %d cards (Cards %v), warnings %v; full %d, %v", lean.Len(), lean.Cards, lean.Warnings, len(full.Cards), full.Warnings)
	}
	for i, want := range full.Cards {
		want.Front, want.Back, want.Source, want.KeyPoints = "", "", "", nil
		if got := lean.Head(i); !reflect.DeepEqual(got, want) {
			t.Fatalf("lean card %d = %+v, want %+v", i, got, want)
		}
	}
	return full, lean
}

// TestLeanCardSideTables: what a lean card keeps in its side tables comes
// back with the right card: topics shared across notes and headings, the
// deck's name for cards above the first H1 that names it, pins on every
// card of a pinned note only, a cloze card's ident, a rubric card's round,
// and keys repeated in file order.
func TestLeanCardSideTables(t *testing.T) {
	src := strings.Join([]string{
		"Q: before any heading", "A: 1", "",
		"# Deck name", "",
		"## Alpha", "", "Q: a1", "A: 1", "", "ID: pin-a2", "R: a2", "A: 2", "", "Q: a3", "A: 3", "",
		"## Beta", "", "C: {{c1::x}} and {{c2::y}}", "", "Q: b2", "A: 2", "",
		"## Alpha", "", "Q: a4", "A: 4", "", "Q: a1", "A: 1 again", "",
		"P: Walk me through a launch", "Round: strategy", "K: users", "K: metrics", "",
		"ID: pin-c", "C: {{c1::p}} {{c2::q}}", "", "Q: a1", "A: thrice", "",
	}, "\n")
	full, lean := parseBothWays(t, "side", src)
	topics := map[string]int{}
	var pins, idents, rounds []string
	for i := range lean.Len() {
		c := lean.Head(i)
		if line, pin := lean.Where(i); line != c.Line || pin != c.Pin {
			t.Errorf("Where(%d) = %d, %q; Head gives %d, %q", i, line, pin, c.Line, c.Pin)
		}
		topics[c.Topic]++
		if c.Pin != "" {
			pins = append(pins, c.Pin)
		}
		if c.Ident != "" {
			idents = append(idents, c.Ident)
		}
		if c.Round != "" {
			rounds = append(rounds, c.Round)
		}
	}
	want := map[string]int{"Deck name": 1, "Alpha": 10, "Beta": 3}
	if len(lean.lean.topics) > 4 {
		t.Errorf("%d topics in the table for 3 topics: %v", len(lean.lean.topics), lean.lean.topics)
	}
	if !reflect.DeepEqual(topics, want) {
		t.Errorf("topics = %v, want %v", topics, want)
	}
	if !reflect.DeepEqual(pins, []string{"pin-a2", "pin-a2", "pin-c", "pin-c"}) {
		t.Errorf("pins = %v", pins)
	}
	if len(idents) != 4 || len(rounds) != 1 || rounds[0] != "strategy" {
		t.Errorf("idents %v, rounds %v", idents, rounds)
	}
	var dups []string
	for i := range lean.Len() {
		if k := lean.Head(i).Key; strings.Contains(k, "#") {
			dups = append(dups, k[strings.Index(k, "#"):])
		}
	}
	if !reflect.DeepEqual(dups, []string{"#2", "#3"}) {
		t.Errorf("repeated keys end %v, want #2, #3", dups)
	}
	if err := lean.Hydrate(); err != nil || lean.Reread != nil || !reflect.DeepEqual(lean.Cards, full.Cards) || lean.Head(3).Front != full.Cards[3].Front {
		t.Fatalf("Hydrate = %v: cards %+v, want %+v", err, lean.Cards, full.Cards)
	}
}

// TestLeanCardNoHeading: a deck with no H1 gives every card its file's
// name as the topic, through the table's entry for "" (the cards settled
// early) and one for the name (those settled at the end).
func TestLeanCardNoHeading(t *testing.T) {
	var b strings.Builder
	for i := range 3000 {
		b.WriteString("Q: q" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + strconv.Itoa(i) + "\nA: a\n\n")
	}
	_, lean := parseBothWays(t, "plain", b.String())
	if lean.Len() != 3000 || len(lean.lean.topics) > 2 || lean.Head(2999).Topic != "plain" {
		t.Errorf("%d cards, topics %v", lean.Len(), lean.lean.topics)
	}
}
