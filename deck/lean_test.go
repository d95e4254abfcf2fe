package deck

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// leanFiles are the markdown decks to read both ways: the golden test
// decks, the built-in lessons and, when the folder exists, the corpora.
func leanFiles(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob("testdata/*.md")
	if ls, _ := filepath.Glob("lessons/*.md"); len(ls) > 0 {
		files = append(files, ls...)
	}
	filepath.WalkDir("/work/shared/corpora", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && d.Type().IsRegular() && len(files) < 400 {
			files = append(files, p)
		}
		return nil
	})
	if len(files) < 5 {
		t.Fatalf("only %d deck files to test with", len(files))
	}
	return files
}

// TestLeanParseRereadIsTheFullParse: a lean parse holds every card of a
// full parse without its texts, and its Reread hands over exactly the
// full parse's cards, in order.
func TestLeanParseRereadIsTheFullParse(t *testing.T) {
	n := 0
	for _, file := range leanFiles(t) {
		full, err := ParseFile(file)
		lean, lerr := ParseFileWith(file, Options{Lean: true})
		if (err == nil) != (lerr == nil) {
			t.Fatalf("%s: full parse error %v, lean %v", file, err, lerr)
		}
		if err != nil {
			continue
		}
		f, l := full[0], lean[0]
		if l.Reread == nil {
			t.Fatalf("%s: a lean parse set no Reread", file)
		}
		if len(f.Cards) != l.Len() || l.Cards != nil || !reflect.DeepEqual(f.Warnings, l.Warnings) || f.ID != l.ID || f.Name != l.Name {
			t.Fatalf("%s: lean parse gives %d cards, warnings %v; full %d, %v", file, l.Len(), l.Warnings, len(f.Cards), f.Warnings)
		}
		for i := range l.Len() {
			c := l.Head(i)
			if c.Front != "" || c.Back != "" || c.Source != "" || c.KeyPoints != nil {
				t.Fatalf("%s: lean card %d holds its texts", file, i)
			}
			want := f.Cards[i]
			want.Front, want.Back, want.Source, want.KeyPoints = "", "", "", nil
			if !reflect.DeepEqual(c, want) {
				t.Fatalf("%s: lean card %d = %+v, want %+v", file, i, c, want)
			}
		}
		next := 0
		err = l.Reread(func(i int, c *Card) error {
			if i != next || !reflect.DeepEqual(*c, f.Cards[i]) {
				t.Fatalf("%s: reread card %d (want %d) = %+v, want %+v", file, i, next, *c, f.Cards[i])
			}
			next++
			return nil
		})
		if err != nil || next != len(f.Cards) {
			t.Fatalf("%s: Reread = %v after %d of %d cards", file, err, next, len(f.Cards))
		}
		n += next
	}
	t.Logf("%d cards read both ways", n)
	if n < 100 {
		t.Fatalf("only %d cards read both ways", n)
	}
}

// TestLeanRereadOfAChangedFile: a file edited between the two readings is
// an error that names it, and an error from each stops the reread.
func TestLeanRereadOfAChangedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "d.md")
	os.WriteFile(path, []byte("Q: one\nA: 1\n\nQ: two\nA: 2\n"), 0o644)
	ds, err := ParseFileWith(path, Options{Lean: true})
	if err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop")
	calls := 0
	if err := ds[0].Reread(func(int, *Card) error { calls++; return stop }); err != stop || calls != 1 {
		t.Errorf("Reread with each failing = %v after %d calls, want stop after 1", err, calls)
	}
	os.WriteFile(path, []byte("Q: one\nA: 1\n\nQ: three\nA: 2\n"), 0o644)
	os.Chtimes(path, time.Now(), time.Now().Add(time.Second))
	err = ds[0].Reread(func(int, *Card) error { return nil })
	var pe *ParseError
	if !errors.As(err, &pe) || pe.File != path || !strings.Contains(err.Error(), "changed while it was being imported") {
		t.Errorf("Reread of a changed file = %v, want a ParseError naming it", err)
	}
}

// TestLeanParseOfAReader: a lean parse of text that is no file keeps the
// texts, and sets no Reread.
func TestLeanParseOfAReader(t *testing.T) {
	d, err := ParseWith("not-a-file.md", strings.NewReader("Q: one\nA: 1\n"), Options{Lean: true})
	if err != nil || d.Reread != nil || len(d.Cards) != 1 || d.Len() != 1 || d.Cards[0].Front != "one" || d.Head(0).Front != "one" {
		t.Fatalf("lean parse of a reader = %+v, %v; want the texts kept", d, err)
	}
}

// FuzzLeanParse checks that a lean parse and its Reread give what a full
// parse gives, whatever the input: the same error, warnings and cards.
func FuzzLeanParse(f *testing.F) {
	addSeeds(f, filepath.Join("testdata", "*.md"), filepath.Join(corpusDir, "*", "*.md"))
	for _, s := range []string{
		"#flashcards\n\n==x== and ==y==\n", "==x==\n\n#flashcards\n", "up:: x\n\n#flashcards/a\nQ1::A1\n\n#flashcards/b Q2::A2\n",
		"Q: a\nA: b\n\n# Later name\n\nQ: c\nA: d\n", "ID: p\nR: a\nA: b\n\nID: p\nQ: c\nA: d\n", "a::b\nc;;d\n",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "fuzz.md")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		full, err := ParseFile(path)
		lean, lerr := ParseFileWith(path, Options{Lean: true})
		if err != nil || lerr != nil {
			if fmt.Sprint(err) != fmt.Sprint(lerr) {
				t.Fatalf("full parse error %v, lean %v", err, lerr)
			}
			return
		}
		f, l := full[0], lean[0]
		if len(f.Cards) != l.Len() || !reflect.DeepEqual(f.Warnings, l.Warnings) || f.Name != l.Name || f.ID != l.ID {
			t.Fatalf("lean: %d cards, %v; full: %d cards, %v", l.Len(), l.Warnings, len(f.Cards), f.Warnings)
		}
		for j := range l.Len() {
			want := f.Cards[j]
			want.Front, want.Back, want.Source, want.KeyPoints = "", "", "", nil
			if c := l.Head(j); !reflect.DeepEqual(c, want) {
				t.Fatalf("lean card %d = %+v, want %+v", j, c, want)
			}
		}
		i := 0
		err = l.Reread(func(j int, c *Card) error {
			if j != i || !reflect.DeepEqual(*c, f.Cards[j]) {
				t.Fatalf("reread card %d = %+v, want %+v", j, *c, f.Cards[j])
			}
			i++
			return nil
		})
		if err != nil || i != len(f.Cards) {
			t.Fatalf("Reread = %v after %d of %d cards", err, i, len(f.Cards))
		}
	})
}
