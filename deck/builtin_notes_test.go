package deck

import (
	"testing"
	"testing/fstest"
)

// TestParseFSSkipsNotes shows that SOURCES.md, the deck notes kept beside the
// built-in decks, is neither parsed as a deck nor part of the hash.
func TestParseFSSkipsNotes(t *testing.T) {
	deckFile := &fstest.MapFile{Data: []byte("## T\n\nID: c-x\nQ: front?\nA: back.\n")}
	fsys := fstest.MapFS{
		"a.md":       deckFile,
		"SOURCES.md": &fstest.MapFile{Data: []byte("# Sources\n\n## Concepts deck\n\nProse only.\n")},
	}
	decks, err := ParseFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(decks) != 1 || decks[0].File != "lessons/a.md" {
		t.Fatalf("ParseFS = %d decks, want only lessons/a.md", len(decks))
	}
	with, err := HashFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	without, err := HashFS(fstest.MapFS{"a.md": deckFile})
	if err != nil {
		t.Fatal(err)
	}
	if with != without {
		t.Errorf("HashFS changes with SOURCES.md: %s vs %s", with, without)
	}
}
