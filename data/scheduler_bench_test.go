package data

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkSwitchScheduler: a switch of the whole benchmark collection
// (100,000 cards, 1,000,000 answers; -short: 2,000 and 20,000) between SM-2
// and FSRS-6, each replaying every card's log, with the backup that comes
// first. Each iteration is one switch, alternating the two algorithms.
func BenchmarkSwitchScheduler(b *testing.B) {
	src := statsBenchStore(b).Path()
	path := filepath.Join(b.TempDir(), "switch.db")
	if err := copyFile(path, src); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	s, err := Open(ctx, path, Options{Now: func() time.Time { return statsBenchToday.Time() }})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	set := DefaultSchedulerSettings()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		set.Algorithm = map[bool]string{true: "fsrs", false: "sm2"}[i%2 == 0]
		sw, err := s.SetScheduler(ctx, set, statsBenchToday.Time(), false)
		if err != nil {
			b.Fatal(err)
		}
		if sw.Cards == 0 {
			b.Fatalf("switch %d to %s changed no card", i, set.Algorithm)
		}
		b.StopTimer()
		os.RemoveAll(filepath.Join(filepath.Dir(path), "backups"))
		b.StartTimer()
	}
}
