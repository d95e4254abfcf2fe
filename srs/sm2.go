package srs

import (
	"fmt"
	"math"
)

// State is a card's SM-2 scheduling state.
type State struct {
	Reps     int     // successful reviews in a row (SM-2's n)
	Interval int     // days until the next review
	EF       float64 // easiness factor, exact to hundredths, at least 1.3
}

// NewState is the state of a card that has never been reviewed.
var NewState = State{Reps: 0, Interval: 0, EF: 2.5}

// Grade is an SM-2 answer quality, 0 (blackout) to 5 (perfect).
type Grade int

// The grades aipm shows by name. Again/Hard/Good/Easy are the words and keys
// a/h/g/e map to.
const (
	Blackout Grade = 0
	Again    Grade = 1
	Wrong    Grade = 2
	Hard     Grade = 3
	Good     Grade = 4
	Easy     Grade = 5
)

var gradeNames = [...]string{
	"blackout: no memory at all",
	"again: wrong, but the answer felt familiar",
	"wrong: the answer seemed easy once seen",
	"hard: right, with serious effort",
	"good: right, after some hesitation",
	"easy: right, instantly",
}

// String returns the grade's one-line legend.
func (g Grade) String() string {
	if g < 0 || int(g) >= len(gradeNames) {
		return fmt.Sprintf("grade(%d)", int(g))
	}
	return fmt.Sprintf("%d %s", int(g), gradeNames[g])
}

// Valid reports whether g is one of the grades 0-5.
func (g Grade) Valid() bool { return g >= 0 && g <= 5 }

// Pass reports whether the grade counts as a correct answer (3 or more).
func (g Grade) Pass() bool { return g >= 3 }

// GradeError is returned for a grade outside 0-5.
type GradeError struct{ Grade int }

func (e *GradeError) Error() string {
	return fmt.Sprintf("grade %d is out of range: grades are 0-5", e.Grade)
}

// MinEF is SM-2's floor for the easiness factor.
const MinEF = 1.3

// Next is one SM-2 step, exactly as DESIGN.md pins it:
//
//	EF' = EF + 0.1 - (5-q)*(0.08 + (5-q)*0.02), then at least 1.3
//	q >= 3: interval 1 from Reps 0, 6 from Reps 1, else
//	        round_half_up(Interval * EF before the update); Reps+1
//	q <  3: Reps 0, interval 1
//
// EF is kept in whole hundredths, so products that land on .5 round up the
// same way on every machine. There is no cap, no fuzz and no clock.
func Next(s State, grade int) (State, error) {
	if grade < 0 || grade > 5 {
		return s, &GradeError{Grade: grade}
	}
	ef := hundredths(s.EF)
	d := 5 - grade
	nextEF := max(ef+10-d*(8+2*d), 130)

	var out State
	if grade >= 3 {
		switch s.Reps {
		case 0:
			out.Interval = 1
		case 1:
			out.Interval = 6
		default:
			// round_half_up(Interval × EF) with EF in hundredths.
			out.Interval = (s.Interval*ef + 50) / 100
		}
		out.Reps = s.Reps + 1
	} else {
		out.Reps = 0
		out.Interval = 1
	}
	out.EF = float64(nextEF) / 100
	return out, nil
}

// hundredths returns ef as a whole number of hundredths. Stored EFs are
// always exact hundredths; rounding absorbs float noise such as 2.2199999.
func hundredths(ef float64) int {
	if ef == 0 { // a zero State is a new card
		return 250
	}
	return int(math.Round(ef * 100))
}

// Lapse reports whether answering grade on a card in state before is a lapse:
// a failed answer on a card that had at least one successful review in a row.
func Lapse(before State, grade int) bool { return grade < 3 && before.Reps >= 1 }

// Cap limits the interval to maxInterval days (when maxInterval > 0). It is
// applied around Next, never inside it.
func Cap(s State, maxInterval int) State {
	if maxInterval > 0 && s.Interval > maxInterval {
		s.Interval = maxInterval
	}
	return s
}
