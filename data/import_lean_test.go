package data

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aipmhq/aipm/deck"
)

// storedCards is every stored card, as a comparable text, in id order.
func storedCards(t *testing.T, s *Store) []string {
	t.Helper()
	rows, err := s.DB().Query(`SELECT id, deck_id, deck_ord, ord, key, kind, grp, topic, front, back, source, pin, file, line, orphaned
		FROM cards ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v [15]any
		ptrs := make([]any, len(v))
		for i := range v {
			ptrs[i] = &v[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprint(v[:]...))
	}
	return out
}

// parseBoth reads path fully and lean.
func parseBoth(t *testing.T, path string) (full, lean []*deck.Deck) {
	t.Helper()
	full, err := deck.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if lean, err = deck.ParseFileWith(path, deck.Options{Lean: true}); err != nil {
		t.Fatal(err)
	}
	if lean[0].Reread == nil {
		t.Fatal("the lean parse has no Reread")
	}
	return full, lean
}

// TestLeanImportIsTheFullImport: a deck read lean (keys only, the texts
// read again while they are written) imports exactly as the same deck read
// whole, new and re-imported after edits (which match against the stored
// cards by their texts), with the same summary.
func TestLeanImportIsTheFullImport(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "lean.md")
	var b strings.Builder
	b.WriteString("---\nid: lean\n---\n# Lean\n\n## One\n")
	for i := range 300 {
		fmt.Fprintf(&b, "\nQ: question %d about thing %d\nA: answer %d\n", i, i%7, i)
		if i%10 == 0 {
			fmt.Fprintf(&b, "\nC: cloze %d hides {{c1::this}} and {{c2::that}}\n", i)
		}
		if i%25 == 0 {
			fmt.Fprintf(&b, "\nID: pin-%d\nR: reversed %d\nA: back %d\n", i, i, i)
		}
	}
	edited := strings.NewReplacer("question 1 about", "question one about", "answer 2\n", "answer two\n", "Q: question 5 about thing 5\nA: answer 5\n", "").Replace(b.String())
	open := func() *Store {
		s, err := Open(ctx, filepath.Join(t.TempDir(), "aipm.db"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	sFull, sLean := open(), open()
	for step, text := range []string{b.String(), edited} {
		os.WriteFile(path, []byte(text), 0o644)
		os.Chtimes(path, time.Now(), time.Now().Add(time.Duration(step)*time.Second))
		full, lean := parseBoth(t, path)
		opts := ImportOptions{At: t0, Day: day0}
		want, err := sFull.Import(ctx, full, opts)
		if err != nil {
			t.Fatal(err)
		}
		got, err := sLean.Import(ctx, lean, opts)
		if err != nil {
			t.Fatalf("step %d: lean import: %v", step, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("step %d: lean import summary %+v, want %+v", step, got.Total(), want.Total())
		}
		if g, w := storedCards(t, sLean), storedCards(t, sFull); !reflect.DeepEqual(g, w) {
			t.Fatalf("step %d: lean import stored %d cards, full %d; first lean %q, full %q", step, len(g), len(w), g[0], w[0])
		}
		if step == 1 && (want.Total().Updated == 0 || want.Total().Orphaned == 0) {
			t.Fatalf("the edit should update and orphan cards: %+v", want.Total())
		}
	}
}

// TestLeanImportOfAFileChangedMeanwhile: a deck file edited between the
// plan and the write fails the import with the file's name, and nothing
// is written.
func TestLeanImportOfAFileChangedMeanwhile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "moving.md")
	os.WriteFile(path, []byte("Q: one\nA: 1\n\nQ: two\nA: 2\n"), 0o644)
	_, lean := parseBoth(t, path)
	os.WriteFile(path, []byte("Q: one\nA: 1\n\nQ: deux\nA: 2\n"), 0o644)
	os.Chtimes(path, time.Now(), time.Now().Add(time.Second))
	s, err := Open(ctx, filepath.Join(t.TempDir(), "aipm.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	before := storedCards(t, s)
	_, err = s.Import(ctx, lean, ImportOptions{At: t0, Day: day0})
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "changed while it was being imported") {
		t.Fatalf("import of a file changed meanwhile = %v, want an error naming it", err)
	}
	if after := storedCards(t, s); !reflect.DeepEqual(after, before) {
		t.Errorf("a failed import wrote %d cards", len(after)-len(before))
	}
}
