package srs

import (
	"slices"
	"testing"
)

func TestCoverageGrade(t *testing.T) {
	for _, tc := range []struct {
		hit, total int
		want       Grade
	}{
		{6, 6, 5}, {3, 4, 4}, {5, 6, 4}, {4, 6, 3}, {2, 4, 3}, {1, 2, 3}, {1, 4, 2}, {2, 6, 2},
		{1, 5, 1}, {1, 9, 1}, {2, 9, 1}, {3, 9, 2}, {0, 4, 0}, {7, 9, 4}, {6, 9, 3},
	} {
		hit := make([]int, tc.hit)
		for i := range hit {
			hit[i] = i + 1
		}
		c, err := NewCoverage(hit, tc.total)
		if err != nil {
			t.Fatal(err)
		}
		if g := c.Grade(); g != tc.want {
			t.Errorf("%d of %d: grade %d, want %d", tc.hit, tc.total, g, tc.want)
		}
	}
}

func TestNewCoverage(t *testing.T) {
	c, err := NewCoverage([]int{4, 1, 4, 3}, 5)
	if err != nil || !slices.Equal(c.Hit, []int{1, 3, 4}) || c.Total != 5 || c.Fraction() != 0.6 {
		t.Errorf("coverage = %+v, %v", c, err)
	}
	if _, err := NewCoverage([]int{6}, 5); err == nil || err.Error() != "6 is not a key point: this card has 1 to 5" {
		t.Errorf("err = %v", err)
	}
	if c, _ := NewCoverage(nil, 3); c.Hit == nil || len(c.Hit) != 0 {
		t.Errorf("none = %+v", c)
	}
}

// A rubric card graded low is not queued again the same day, in the
// sitting or in a later one; a plain card next to it still is.
func TestSessionRubricNotRedrilled(t *testing.T) {
	s := mustSession(t, newFakeStore(), Plan{
		Due: entries(nil, "r1", "q1"),
		Today: []Answered{
			{ID: "r0", Note: "r0", Grade: 1, Reviewable: true, Rubric: true},
			{ID: "q0", Note: "q0", Grade: 1, Reviewable: true},
		},
		Left: Limits{New: 20, Reviews: 200},
	})
	wantQueue(t, s, "r1:due", "q1:due", "q0:pending")
	cov, _ := NewCoverage([]int{1}, 4)
	out, err := s.Answer(Response{Grade: cov.Grade(), Coverage: &cov})
	if err != nil || out.Pending || out.Kind != LogReview {
		t.Fatalf("rubric answer = %+v, %v", out, err)
	}
	answer(t, s, 1)
	wantQueue(t, s, "q0:pending", "q1:pending")
}
