package srs_test

import (
	"fmt"

	"github.com/aipmhq/aipm/srs"
)

func ExampleNext() {
	s := srs.NewState
	for _, grade := range []int{5, 5, 5, 5} {
		s, _ = srs.Next(s, grade)
		fmt.Printf("grade %d → interval %d days, EF %.2f\n", grade, s.Interval, s.EF)
	}
	// Output:
	// grade 5 → interval 1 days, EF 2.60
	// grade 5 → interval 6 days, EF 2.70
	// grade 5 → interval 16 days, EF 2.80
	// grade 5 → interval 45 days, EF 2.90
}
