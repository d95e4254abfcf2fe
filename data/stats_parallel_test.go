package data

import (
	"context"
	"reflect"
	"testing"
)

// TestStatsInParallelIsOneSnapshot: the figures computed on three
// connections at once are those computed on one; and when an answer is
// recorded between the snapshots, every figure comes from the first.
func TestStatsInParallelIsOneSnapshot(t *testing.T) {
	ctx := context.Background()
	s, ids := newTestStore(t, 30)
	for i, id := range ids[:20] {
		answer(t, s, id, 2+i%4, testDay)
	}
	q := StatsQuery{Day: testDay, Days: 7, Top: 5}
	one := func() *Stats {
		t.Helper()
		sn, err := s.readSnapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer sn.close()
		st, err := stats(ctx, sn.conn, q)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	want := one()
	got, err := s.Stats(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Stats on three connections = %+v, want %+v", got, want)
	}
	betweenSnapshots = func() { answer(t, s, ids[25], 4, testDay) }
	defer func() { betweenSnapshots = nil }()
	got, err = s.Stats(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Stats with an answer between the snapshots = %+v, want the first snapshot's %+v", got.Today, want.Today)
	}
	betweenSnapshots = nil
	if after := one(); after.Today.Reviews != want.Today.Reviews+1 || after.Cards.New != want.Cards.New-1 {
		t.Errorf("after the answer: %d reviews and %d new, want %d and %d", after.Today.Reviews, after.Cards.New, want.Today.Reviews+1, want.Cards.New-1)
	}
}
