package srs

import (
	"fmt"
	"math"
)

// Memory is everything a scheduler keeps about one card between its
// scheduling answers. SM-2 uses the embedded State; FSRS-6 uses Stability
// and Difficulty and also keeps Reps (passes in a row) and Interval, so that
// every caller reads the interval from one place whatever the algorithm.
type Memory struct {
	State              // Reps (passes in a row), Interval (days), EF (SM-2 only)
	Stability  float64 // FSRS-6: days until recall falls to 90%; 0 before the first answer
	Difficulty float64 // FSRS-6: 1 (easiest) to 10; 0 before the first answer
}

// Scheduler decides a card's next memory state. It is pure: no clock, no
// cap, no fuzz. The rules of a review day (which answer schedules, the
// re-drills until 4, the limits, the interval cap) sit around it and hold for
// every algorithm.
type Scheduler interface {
	// Name is the algorithm's setting value: "sm2" or "fsrs".
	Name() string
	// New is the memory of a card that has never been answered.
	New() Memory
	// Next is the memory after a scheduling answer of grade g, given the
	// user days elapsed since the card's previous scheduling answer (0 for a
	// card's first answer). The interval it gives is not capped.
	Next(m Memory, g Grade, elapsed int) (Memory, error)
	// Preview is the interval each grade 0-5 would give now.
	Preview(m Memory, elapsed int) [6]int
	// Recall is the predicted probability of recall days after the card's
	// last scheduling answer. A card never answered has recall 0.
	Recall(m Memory, days int) float64
}

// Rating is FSRS's four-button answer.
type Rating int

// The FSRS ratings.
const (
	RatingAgain Rating = 1
	RatingHard  Rating = 2
	RatingGood  Rating = 3
	RatingEasy  Rating = 4
)

var ratingNames = [...]string{"", "again", "hard", "good", "easy"}

// String returns the rating's name.
func (r Rating) String() string {
	if r < RatingAgain || r > RatingEasy {
		return fmt.Sprintf("rating(%d)", int(r))
	}
	return ratingNames[r]
}

// Rating maps a 0-5 grade to FSRS's rating: 0-2 Again, 3 Hard, 4 Good,
// 5 Easy.
func (g Grade) Rating() Rating {
	switch {
	case g >= Easy:
		return RatingEasy
	case g == Good:
		return RatingGood
	case g == Hard:
		return RatingHard
	default:
		return RatingAgain
	}
}

// SM2 is the Scheduler for SM-2 exactly as DESIGN.md pins it (see Next).
type SM2 struct{}

// Name implements Scheduler.
func (SM2) Name() string { return "sm2" }

// New implements Scheduler.
func (SM2) New() Memory { return Memory{State: NewState} }

// Next implements Scheduler. SM-2 ignores the elapsed days.
func (SM2) Next(m Memory, g Grade, _ int) (Memory, error) {
	s, err := Next(m.State, int(g))
	if err != nil {
		return m, err
	}
	return Memory{State: s}, nil
}

// Preview implements Scheduler.
func (SM2) Preview(m Memory, _ int) [6]int {
	var out [6]int
	for g := range out {
		s, _ := Next(m.State, g)
		out[g] = s.Interval
	}
	return out
}

// Recall implements Scheduler with the curve R(t) = 0.9^(t / I), where I is
// the current interval: SM-2 schedules each review for the day recall is
// taken to reach 90%.
func (SM2) Recall(m Memory, days int) float64 {
	if m.Interval <= 0 {
		return 0
	}
	return math.Pow(0.9, float64(max(days, 0))/float64(m.Interval))
}
