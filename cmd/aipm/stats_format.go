package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Small formatters of the stats report.

// statsBar draws frac (0-1) of n columns in eighths of a block, the rest
// in a light shade, so short bars stand out.
func statsBar(frac float64, n int) string {
	if n <= 0 {
		return ""
	}
	eighths := int(math.Round(max(0, min(1, frac)) * float64(n*8)))
	full, part := eighths/8, eighths%8
	s := strings.Repeat("█", full)
	if part > 0 {
		s += string([]rune("▏▎▍▌▋▊▉")[part-1])
		full++
	}
	return s + strings.Repeat("░", n-full)
}

// statsPct prints a fraction as a percentage to one decimal.
func statsPct(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" }

// statsDuration prints milliseconds as 1h02m, 3m05s or 7s.
func statsDuration(ms int64) string {
	s := (ms + 500) / 1000
	switch {
	case s >= 3600:
		return fmt.Sprintf("%dh%02dm", s/3600, s%3600/60)
	case s >= 60:
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	}
	return fmt.Sprintf("%ds", s)
}

// statsWidth is the number of terminal columns s takes: wide (East Asian)
// characters take two, combining marks none.
// statsPad pads s with spaces to n columns.
func statsPad(s string, n int) string {
	if w := textWidth(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}

// ofCards writes "0 of 1 card", "2 of 3 cards".
func ofCards(n, total int) string {
	return strconv.Itoa(n) + " of " + plural(total, "card")
}
