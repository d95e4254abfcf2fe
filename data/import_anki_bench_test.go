package data

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/aipmhq/aipm/anki"
	"github.com/aipmhq/aipm/internal/ankitest"
)

// BenchmarkImportAnki imports a 5,012-note package with --with-schedule
// into a new database: 5,017 baselines and 20,010 history rows.
func BenchmarkImportAnki(b *testing.B) {
	path := ankitest.Build(b, b.TempDir(), ankitest.Spec{Version: anki.Latest, Today: impDay.Time().Add(9 * time.Hour), Extra: 5000})
	p, err := anki.Open(path, anki.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		s, err := Open(context.Background(), filepath.Join(b.TempDir(), "aipm.db"), Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sum, err := s.ImportAnki(context.Background(), p, ankiOpts(true))
		if err != nil || sum.Scheduled != 5006 {
			b.Fatalf("ImportAnki: %v, %+v", err, sum)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}
