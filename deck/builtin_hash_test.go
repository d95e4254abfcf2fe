package deck

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// readHash is HashFS as it was written first, each file read whole: the
// name every database records for its built-in decks must not change
// with the way the files are read.
func readHash(t *testing.T, fsys fs.FS, names ...string) string {
	h := sha256.New()
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
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
	if changed, _ := HashFS(fsys); changed == got {
		t.Errorf("HashFS did not change with the last byte of a file: %s", got)
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
