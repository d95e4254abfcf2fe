package main

import "testing"

// TestLeanGCPercent: the GOGC of a lean command keeps the heap's growth
// between collections near leanHeadroom, within 30 and 100.
func TestLeanGCPercent(t *testing.T) {
	for _, tc := range []struct {
		live uint64
		want int
	}{
		{0, 100}, {10 << 20, 100}, {32 << 20, 100}, {64 << 20, 50}, {80 << 20, 40}, {120 << 20, 30}, {1 << 30, 30},
	} {
		if got := leanGCPercent(tc.live); got != tc.want {
			t.Errorf("leanGCPercent(%d MiB) = %d, want %d", tc.live>>20, got, tc.want)
		}
	}
}
