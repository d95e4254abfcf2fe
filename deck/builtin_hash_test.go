package deck

import (
	"fmt"
	"hash/crc32"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// readHash is HashFS's rule over whole files: for each name, the name, a
// NUL, the size in decimal, a NUL and the bytes, all under CRC-32 IEEE and
// CRC-32 Castagnoli, printed as 16 hex digits. The name every database
// records for its built-in decks must not depend on how the files are read.
func readHash(t *testing.T, fsys fs.FS, names ...string) string {
	var all []byte
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		all = fmt.Appendf(all, "%s\x00%d\x00", name, len(b))
		all = append(all, b...)
	}
	return fmt.Sprintf("%08x%08x", crc32.ChecksumIEEE(all), crc32.Checksum(all, crc32.MakeTable(crc32.Castagnoli)))
}

func TestHashFS(t *testing.T) {
	big := strings.Repeat("Q: a question longer than one buffer\nA: an answer\n\n", 1000) // 50 KB
	fsys := fstest.MapFS{
		"b.md":      {Data: []byte(big)},
		"a.md":      {Data: []byte("Q: one\nA: two\n")},
		"empty.md":  {Data: nil},
		"notes.txt": {Data: []byte("not a deck")},
	}
	got, err := HashFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if want := readHash(t, fsys, "a.md", "b.md", "empty.md"); got != want {
		t.Errorf("HashFS = %s, want %s", got, want)
	}
	fsys["b.md"] = &fstest.MapFile{Data: []byte(big[:len(big)-1] + "!")}
	if changed, _ := HashFS(fsys); changed == got || len(changed) != 16 {
		t.Errorf("HashFS = %s after the last byte of a file changed, was %s", changed, got)
	}
	// A file's bytes moved to the next file change the sizes, so the name.
	moved := fstest.MapFS{"a.md": {Data: []byte("Q: one\nA: tw")}, "b.md": {Data: []byte("o\n" + big)}, "empty.md": {}}
	if m, _ := HashFS(moved); m == got {
		t.Errorf("HashFS did not change when bytes moved between files: %s", m)
	}

	names, _ := fs.Glob(Lessons(), "*.md")
	lessons, err := HashFS(Lessons())
	if err != nil {
		t.Fatal(err)
	}
	if want := readHash(t, Lessons(), names...); lessons != want || len(names) < 3 {
		t.Errorf("HashFS(Lessons()) = %s over %d files, want %s", lessons, len(names), want)
	}
}
