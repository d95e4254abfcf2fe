package srs

import (
	"fmt"
	"slices"
)

// LogMock is an answer in a mock interview: logged with its key points,
// it schedules nothing.
const LogMock LogKind = "mock"

// Coverage is which key points of a rubric card an answer hit: Hit holds
// their numbers (1-based), Total how many the card has.
type Coverage struct {
	Hit   []int
	Total int
}

// NewCoverage checks the ticked points against a card of total key points
// and returns them sorted, each once.
func NewCoverage(hit []int, total int) (Coverage, error) {
	if total < 1 {
		return Coverage{}, fmt.Errorf("a rubric card has %d key points", total)
	}
	out := slices.Clone(hit)
	slices.Sort(out)
	out = slices.Compact(out)
	for _, n := range out {
		if n < 1 || n > total {
			return Coverage{}, fmt.Errorf("%d is not a key point: this card has 1 to %d", n, total)
		}
	}
	if out == nil {
		out = []int{}
	}
	return Coverage{Hit: out, Total: total}, nil
}

// Fraction is c = ticked / total.
func (c Coverage) Fraction() float64 {
	if c.Total == 0 {
		return 0
	}
	return float64(len(c.Hit)) / float64(c.Total)
}

// CoverageRule is the grading rule as the screen shows it.
const CoverageRule = "c = 1 → 5, c ≥ 0.75 → 4, c ≥ 0.5 → 3, c ≥ 0.25 → 2, c > 0 → 1, none → 0"

// Grade is the grade the coverage earns: all points 5, three quarters 4,
// half 3, a quarter 2, any 1, none 0. The comparisons are on whole
// numbers (4·hit against 3·total), so 3 of 4 is exactly 0.75.
func (c Coverage) Grade() Grade {
	h, t := len(c.Hit), c.Total
	switch {
	case t > 0 && h >= t:
		return 5
	case 4*h >= 3*t:
		return 4
	case 2*h >= t:
		return 3
	case 4*h >= t:
		return 2
	case h > 0:
		return 1
	}
	return 0
}
