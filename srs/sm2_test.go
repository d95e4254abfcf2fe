package srs

import (
	"errors"
	"testing"
)

// Every expected value here was worked out by hand from DESIGN.md's
// formulas, not taken from Next:
//
//	EF' = EF + 0.1 - d*(0.08 + d*0.02), d = 5-q
//	d=0: +0.10  d=1: 0.00  d=2: -0.14  d=3: -0.32  d=4: -0.54  d=5: -0.80
func TestNextFromNew(t *testing.T) {
	tests := []struct {
		name  string
		grade int
		want  State
	}{
		{"blackout", 0, State{Reps: 0, Interval: 1, EF: 1.70}},
		{"again", 1, State{Reps: 0, Interval: 1, EF: 1.96}},
		{"wrong", 2, State{Reps: 0, Interval: 1, EF: 2.18}},
		{"hard", 3, State{Reps: 1, Interval: 1, EF: 2.36}},
		{"good", 4, State{Reps: 1, Interval: 1, EF: 2.50}},
		{"easy", 5, State{Reps: 1, Interval: 1, EF: 2.60}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Next(NewState, tt.grade)
			if err != nil || got != tt.want {
				t.Errorf("Next(%v, %d) = %v, %v, want %v", NewState, tt.grade, got, err, tt.want)
			}
		})
	}
}

func TestNextCases(t *testing.T) {
	tests := []struct {
		name  string
		in    State
		grade int
		want  State
	}{
		{"second success is 6 days", State{1, 1, 2.5}, 4, State{2, 6, 2.5}},
		{"third success multiplies by the old EF", State{2, 6, 2.6}, 5, State{3, 16, 2.7}}, // 15.6 → 16
		{"EF floor on blackout", State{4, 30, 1.4}, 0, State{0, 1, 1.3}},                   // 1.4-0.8 → 1.3
		{"EF floor holds at 1.3", State{0, 1, 1.3}, 2, State{0, 1, 1.3}},
		{"EF climbs from the floor", State{0, 1, 1.3}, 5, State{1, 1, 1.4}},
		{"no upper bound on EF", State{9, 100, 3.9}, 5, State{10, 390, 4.0}},
		{"lapse resets reps and interval", State{3, 16, 2.7}, 1, State{0, 1, 2.16}},
		{"lapse from a long interval", State{7, 400, 2.5}, 2, State{0, 1, 2.18}},
		{"hard keeps growing the interval", State{3, 16, 2.8}, 3, State{4, 45, 2.66}}, // 44.8 → 45
		// x.5 products round half up: 5 × 1.3 = 6.5 → 7, and 15 × 2.5 = 37.5 → 38.
		{"half rounds up at the floor", State{2, 5, 1.3}, 3, State{3, 7, 1.3}},
		{"half rounds up", State{3, 15, 2.5}, 4, State{4, 38, 2.5}},
		// Float noise in a stored EF is absorbed: 2.22 may be 2.2199999.
		{"EF with float noise", State{2, 10, 2.2199999999999998}, 4, State{3, 22, 2.22}}, // 22.2 → 22
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Next(tt.in, tt.grade)
			if err != nil || got != tt.want {
				t.Errorf("Next(%v, %d) = %v, %v, want %v", tt.in, tt.grade, got, err, tt.want)
			}
		})
	}
}

func TestNextRejectsGrades(t *testing.T) {
	for _, g := range []int{-1, 6, 9, 100} {
		got, err := Next(State{2, 6, 2.5}, g)
		var ge *GradeError
		if !errors.As(err, &ge) || ge.Grade != g {
			t.Errorf("Next(_, %d) error = %v, want a GradeError", g, err)
		}
		if got != (State{2, 6, 2.5}) {
			t.Errorf("Next(_, %d) changed the state to %v", g, got)
		}
	}
	if err := (&GradeError{Grade: 9}).Error(); err != "grade 9 is out of range: grades are 0-5" {
		t.Errorf("GradeError = %q", err)
	}
}

// TestNextSequence replays one card through a long run of grades, with a
// product that lands exactly on .5 (15 × 2.5 = 37.5 → 38) and a lapse.
func TestNextSequence(t *testing.T) {
	steps := []struct {
		grade int
		want  State
	}{
		{4, State{1, 1, 2.5}},
		{4, State{2, 6, 2.5}},
		{4, State{3, 15, 2.5}},   // 6 × 2.5 = 15
		{4, State{4, 38, 2.5}},   // 15 × 2.5 = 37.5 → 38
		{5, State{5, 95, 2.6}},   // 38 × 2.5 = 95
		{3, State{6, 247, 2.46}}, // 95 × 2.6 = 247
		{2, State{0, 1, 2.14}},   // lapse
		{4, State{1, 1, 2.14}},
		{4, State{2, 6, 2.14}},
		{4, State{3, 13, 2.14}}, // 6 × 2.14 = 12.84 → 13
		{5, State{4, 28, 2.24}}, // 13 × 2.14 = 27.82 → 28
	}
	s := NewState
	for i, st := range steps {
		got, err := Next(s, st.grade)
		if err != nil || got != st.want {
			t.Fatalf("step %d: Next(%v, %d) = %v, %v, want %v", i+1, s, st.grade, got, err, st.want)
		}
		s = got
	}
}

// TestMatureAfterFourEasy is the stats example: 5 on days 1, 2, 8 and 24
// gives intervals 1, 6, 16 and 45.
func TestMatureAfterFourEasy(t *testing.T) {
	s := NewState
	for i, want := range []int{1, 6, 16, 45} {
		var err error
		if s, err = Next(s, 5); err != nil || s.Interval != want {
			t.Fatalf("answer %d: interval %d, %v, want %d", i+1, s.Interval, err, want)
		}
	}
}

func TestLapseAndCap(t *testing.T) {
	if Lapse(NewState, 1) {
		t.Error("a failed new card is not a lapse")
	}
	if !Lapse(State{1, 1, 2.5}, 2) {
		t.Error("failing a card with reps 1 is a lapse")
	}
	if Lapse(State{3, 16, 2.5}, 3) {
		t.Error("a pass is not a lapse")
	}
	if got := Cap(State{5, 50000, 2.5}, 36500); got.Interval != 36500 {
		t.Errorf("Cap = %v, want interval 36500", got)
	}
	if got := Cap(State{5, 50000, 2.5}, 0); got.Interval != 50000 {
		t.Errorf("Cap with 0 = %v, want unchanged", got)
	}
}

func TestGradeString(t *testing.T) {
	if got := Good.String(); got != "4 good: right, after some hesitation" {
		t.Errorf("Good.String() = %q", got)
	}
	if Grade(6).Valid() || !Grade(0).Valid() || Grade(2).Pass() || !Grade(3).Pass() {
		t.Error("Valid/Pass disagree with 0-5 and >= 3")
	}
}
