package data

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aipmhq/aipm/deck"
)

// leanDeck writes n cards (more than a few batches) to a file and reads it
// lean.
func leanDeck(t *testing.T, n int) (*deck.Deck, string) {
	t.Helper()
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "Q: question %d\nA: answer %d\n\n", i, i)
	}
	path := filepath.Join(t.TempDir(), "pipe.md")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	ds, err := deck.ParseFileWith(path, deck.Options{Lean: true})
	if err != nil || ds[0].Reread == nil || ds[0].Len() != n {
		t.Fatalf("lean parse: %v", err)
	}
	return ds[0], path
}

// TestPipeReread: the cards come over in order, as Reread gives them; an
// error of the callee stops the reading at once and is what comes back,
// leaving no reader running; the reading's own error comes back too.
func TestPipeReread(t *testing.T) {
	const n = 10*rereadBatch + 7
	d, path := leanDeck(t, n)
	var want, got []deck.Card
	if err := d.Reread(func(_ int, c *deck.Card) error { want = append(want, *c); return nil }); err != nil {
		t.Fatal(err)
	}
	err := pipeReread(d, func(i int, c *deck.Card) error {
		if i != len(got) {
			return fmt.Errorf("card %d after %d", i, len(got))
		}
		got = append(got, *c)
		return nil
	})
	if err != nil || len(got) != n || !reflect.DeepEqual(got, want) {
		t.Fatalf("pipeReread = %v, %d cards; want the %d of Reread", err, len(got), n)
	}

	before := runtime.NumGoroutine()
	boom := errors.New("boom")
	calls := 0
	err = pipeReread(d, func(i int, _ *deck.Card) error {
		calls++
		if i == 3*rereadBatch+1 {
			return boom
		}
		return nil
	})
	if err != boom || calls != 3*rereadBatch+2 {
		t.Fatalf("pipeReread with a failing callee = %v after %d calls, want boom after %d", err, calls, 3*rereadBatch+2)
	}
	for deadline := time.Now().Add(5 * time.Second); runtime.NumGoroutine() > before && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if g := runtime.NumGoroutine(); g > before {
		t.Errorf("%d goroutines after a stopped reading, %d before", g, before)
	}

	os.WriteFile(path, []byte("Q: other\nA: text\n"), 0o644)
	err = pipeReread(d, func(int, *deck.Card) error { return nil })
	var pe *deck.ParseError
	if !errors.As(err, &pe) || pe.File != path {
		t.Fatalf("pipeReread of a changed file = %v, want a ParseError naming it", err)
	}
}
