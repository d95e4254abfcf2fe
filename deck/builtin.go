package deck

import (
	"embed"
	"fmt"
	"hash/crc32"
	"io"
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
// in name order: a cheap name for a version of a set of deck files (not a
// defence against forged files: the built-in decks are compiled in). It
// runs on every command that opens the database for writing, so it is two
// CRC-32s (IEEE and Castagnoli, both in hardware on amd64 and arm64), 64
// bits between them, over the files streamed through one small buffer:
// SHA-256 over the 168 KB of built-in decks, each read whole, cost every
// such command 0.2-0.5 ms (issue 20).
func HashFS(fsys fs.FS) (string, error) {
	names, err := fs.Glob(fsys, "*.md")
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	ieee, castagnoli := crc32.NewIEEE(), crc32.New(crc32.MakeTable(crc32.Castagnoli))
	h := io.MultiWriter(ieee, castagnoli)
	buf := make([]byte, 16<<10)
	for _, name := range names {
		if err := hashFile(h, fsys, name, buf); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("%08x%08x", ieee.Sum32(), castagnoli.Sum32()), nil
}

// hashFile writes name, its size and its bytes to h.
func hashFile(h io.Writer, fsys fs.FS, name string, buf []byte) error {
	f, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	fmt.Fprintf(h, "%s\x00%d\x00", name, st.Size())
	n, err := io.CopyBuffer(h, struct{ io.Reader }{f}, buf)
	if err != nil {
		return err
	}
	if n != st.Size() {
		return fmt.Errorf("%s: read %d bytes of %d; it changed while it was read", name, n, st.Size())
	}
	return nil
}

// Builtin parses the built-in decks.
func Builtin() ([]*Deck, error) { return ParseFS(Lessons()) }
