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

// Only the numbered files are decks: lessons/SOURCES.md, the deck notes
// with the references the cards rest on, is not embedded.
//
//go:embed lessons/[0-9]*.md
var lessons embed.FS

// Lessons returns the embedded built-in deck files (lessons/[0-9]*.md).
func Lessons() fs.FS {
	sub, err := fs.Sub(lessons, "lessons")
	if err != nil { // cannot happen: the directory is embedded
		return lessons
	}
	return sub
}

// ParseFS parses every *.md file at the top of fsys, in file-name order.
// It is how the built-in decks are read, and tests feed it fstest.MapFS.
func ParseFS(fsys fs.FS) ([]*Deck, error) {
	names, err := fs.Glob(fsys, "*.md")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
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

// HashFS hashes the names and bytes of the *.md files at the top of fsys,
// in name order: a cheap name for a version of a set of deck files.
func HashFS(fsys fs.FS) (string, error) {
	names, err := fs.Glob(fsys, "*.md")
	if err != nil {
		return "", err
	}
	sort.Strings(names)
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
