package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// A command that reads decks lean (import, lint) holds one small record a
// card (the lean cards, the plan, the ids), so its live heap is what the
// deck's size makes it: about 10 MB for 100,000 cards, 120 MB for a
// million tiny ones. A fixed GOGC serves one of them badly: at 30 a small
// import collects every 3 MB it allocates (170 collections for 100,000
// cards, 0.5 s of CPU), at 100 a million cards peak at twice their 120 MB.
// So the GOGC follows the live heap, after each collection: the growth
// allowed before the next one is leanHeadroom, as a share of the live
// heap between leanMinGCPercent and 100. A small import runs at GOGC 100;
// a million cards at 30, as before, so they peak where they did.
const (
	leanHeadroom     = 32 << 20
	leanMinGCPercent = 30
	leanMaxGCPercent = 100
	liveHeapMetric   = "/gc/heap/live:bytes"
)

// leanTuner is the one GOGC tuner of the process, shared by the commands
// that run at once (tests run commands in parallel).
var leanTuner struct {
	mu    sync.Mutex
	users int
	gen   int // a new generation stops the sentinels of the last
	old   int // the GOGC before the first user
	last  int // the GOGC last set
}

// leanGC starts the tuner and returns what stops it and restores the GOGC
// before. GOGC set in the environment wins.
func (a *app) leanGC() func() {
	if a.Getenv("GOGC") != "" {
		return func() {}
	}
	t := &leanTuner
	t.mu.Lock()
	defer t.mu.Unlock()
	t.users++
	if t.users == 1 {
		t.gen++
		t.old = debug.SetGCPercent(leanMaxGCPercent)
		t.last = leanMaxGCPercent
		armLeanGC(t.gen)
	}
	return func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		t.users--
		if t.users == 0 {
			t.gen++
			debug.SetGCPercent(t.old)
		}
	}
}

// leanSentinel is garbage at once: its finalizer runs after the
// collection that finds it, tunes and arms the next one.
type leanSentinel struct{ gen int }

func armLeanGC(gen int) {
	s := &leanSentinel{gen: gen}
	runtime.SetFinalizer(s, func(s *leanSentinel) {
		t := &leanTuner
		t.mu.Lock()
		defer t.mu.Unlock()
		if s.gen != t.gen {
			return // stopped, or restarted with a sentinel of its own
		}
		if p := leanGCPercent(liveHeap()); p != t.last {
			debug.SetGCPercent(p)
			t.last = p
		}
		armLeanGC(s.gen)
	})
}

// leanGCPercent is the GOGC for a live heap of live bytes.
func leanGCPercent(live uint64) int {
	if live == 0 {
		return leanMaxGCPercent
	}
	p := 100 * uint64(leanHeadroom) / live
	return int(min(max(p, leanMinGCPercent), leanMaxGCPercent))
}

// liveHeap is the heap the last collection found live.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: liveHeapMetric}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
