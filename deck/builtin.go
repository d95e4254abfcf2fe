package deck

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sort"
)

//go:embed lessons/*.md
var lessons embed.FS

// Lessons returns the embedded built-in deck files (lessons/*.md).
func Lessons() fs.FS {
	sub, err := fs.Sub(lessons, "lessons")
	if err != nil { // cannot happen: the directory is embedded
		return lessons
	}
	return sub
}

// notesFile is the deck notes (the sources behind the built-in cards) kept
// beside the decks: it is documentation, not a deck.
const notesFile = "SOURCES.md"

// deckFiles lists the *.md files at the top of fsys, in name order, leaving
// out the notes file.
func deckFiles(fsys fs.FS) ([]string, error) {
	all, err := fs.Glob(fsys, "*.md")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, n := range all {
		if n != notesFile {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names, nil
}

// ParseFS parses every *.md file at the top of fsys but SOURCES.md, in
// file-name order. It is how the built-in decks are read, and tests feed it
// fstest.MapFS.
func ParseFS(fsys fs.FS) ([]*Deck, error) {
	names, err := deckFiles(fsys)
	if err != nil {
		return nil, err
	}
	var decks []*Deck
	for _, name := range names {
		f, err := fsys.Open(name)
		if err != nil {
			return nil, err
		}
		d, err := Parse(path.Join("lessons", name), f)
		f.Close()
		if err != nil {
			return nil, err
		}
		decks = append(decks, d)
	}
	return decks, nil
}

// HashFS hashes the names and bytes of the deck files at the top of fsys,
// in name order: a cheap name for a version of a set of deck files.
func HashFS(fsys fs.FS) (string, error) {
	names, err := deckFiles(fsys)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// Builtin parses the built-in decks.
func Builtin() ([]*Deck, error) { return ParseFS(Lessons()) }
