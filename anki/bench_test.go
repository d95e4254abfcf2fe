package anki

import (
	"testing"

	"github.com/aipmhq/aipm/internal/ankitest"
)

// BenchmarkOpen reads a collection.anki21b package of 5,012 notes, each
// with a review card and four answers (scripts/bench.sh).
func BenchmarkOpen(b *testing.B) {
	path := ankitest.Build(b, b.TempDir(), ankitest.Spec{Version: Latest, Today: today, Extra: 5000})
	b.ResetTimer()
	for b.Loop() {
		p, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		p.Close()
	}
}
