package data

import (
	"context"
	"runtime"
	"testing"
	"time"
)

// The benchmarks of issue 18 (figures in BENCHMARKS.md):
//
//	go test -run '^$' -bench 'Optimize|Calibration' -benchtime 3x ./data/
//
// Their fixtures are generated collections, cached like the others (see
// benchFixture): 10,000 cards with about 100,000 scheduling answers, and
// 100,000 cards with about 1,000,000.

const (
	optimizeCards   = 10_000
	optimizeReviews = 146_000 // about 100,000 scheduling answers and 46,000 re-drills
	calibCards      = 100_000
	calibReviews    = 1_450_000 // about 1,000,000 scheduling answers
)

// BenchmarkOptimize is `aipm optimize` on 100,000 scheduling answers under
// FSRS: read the log, fit 80% and test on 20%, fit it all, then store the
// weights (a backup and a rebuild of every card), on a copy of the
// collection each time. It reports the peak heap as heap-MiB.
func BenchmarkOptimize(b *testing.B) {
	path := benchFixture(b, optimizeCards, optimizeReviews)
	ctx := context.Background()
	var peak uint64
	for b.Loop() {
		b.StopTimer()
		s := openCopy(b, path)
		set := DefaultSchedulerSettings()
		set.Algorithm = "fsrs"
		if _, err := s.SetScheduler(ctx, set, time.Unix(0, 0), false); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		b.StartTimer()
		stop := watchHeap(&peak)
		o, err := s.Optimize(ctx, OptimizeOptions{At: time.Unix(1, 0)})
		stop()
		if err != nil {
			b.Fatal(err)
		}
		if o.Answers < 100_000 || !o.Stored {
			b.Fatalf("optimize on %d answers stored %v", o.Answers, o.Stored)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(peak)/(1<<20), "heap-MiB")
}

// BenchmarkCalibration is `aipm stats --calibration` on 1,000,000
// scheduling answers: read the log, then SM-2 and FSRS-6 scored.
func BenchmarkCalibration(b *testing.B) {
	s := openFixture(b, calibCards, calibReviews, false)
	ctx := context.Background()
	var peak uint64
	for b.Loop() {
		stop := watchHeap(&peak)
		c, err := s.Calibration(ctx)
		stop()
		if err != nil {
			b.Fatal(err)
		}
		if c.Answers < 1_000_000 {
			b.Fatalf("calibration on %d answers, want 1,000,000", c.Answers)
		}
	}
	b.ReportMetric(float64(peak)/(1<<20), "heap-MiB")
}

// openCopy opens a private copy of a cached fixture.
func openCopy(b *testing.B, path string) *Store {
	b.Helper()
	cp := b.TempDir() + "/copy.db"
	if err := copyFile(cp, path); err != nil {
		b.Fatal(err)
	}
	s, err := Open(context.Background(), cp, Options{Now: func() time.Time { return time.Unix(0, 0) }})
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Verify(context.Background()); err != nil {
		b.Fatal(err)
	}
	return s
}

// watchHeap samples the heap in use every 10 ms into peak until stopped.
func watchHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var m runtime.MemStats
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&m)
			*peak = max(*peak, m.HeapInuse)
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); <-finished }
}
